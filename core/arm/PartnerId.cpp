// To be written: see the header.
#include "PartnerId.h"
