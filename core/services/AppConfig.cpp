// To be written: see the header.
#include "AppConfig.h"
