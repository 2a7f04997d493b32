// To be written: see the header.
#include "TenantsClient.h"
