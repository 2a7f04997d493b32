// To be written: see the header.
#include "PartnerLink.h"
