// To be written: see the header.
#include "ManagementPartnerClient.h"
