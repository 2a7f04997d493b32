// To be written: see the header.
#include "RetryPolicy.h"
