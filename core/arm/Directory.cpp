// To be written: see the header.
#include "Directory.h"
