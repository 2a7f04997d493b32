// To be written: see the header.
#include "SecretStore.h"
