// To be written: see the header.
#include "Account.h"
