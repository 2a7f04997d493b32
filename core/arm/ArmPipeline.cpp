// To be written: see the header.
#include "ArmPipeline.h"
