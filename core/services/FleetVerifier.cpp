// To be written: see the header.
#include "FleetVerifier.h"
