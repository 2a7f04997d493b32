// To be written: see the header.
#include "AccountManager.h"
