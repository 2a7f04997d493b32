// Core dumps off: after disableCoreDumps() this process writes no core file and is not dumpable
// (what paldesk, palctl and pal-sandbox do first in main()).
#include "ProcessHardening.h"

#include <gtest/gtest.h>
#include <sys/prctl.h>
#include <sys/resource.h>

TEST(ProcessHardening, CoreDumpsAreOff)
{
    QString why;
    ASSERT_TRUE(pal::disableCoreDumps(&why)) << qPrintable(why);
    rlimit limit{};
    ASSERT_EQ(getrlimit(RLIMIT_CORE, &limit), 0);
    EXPECT_EQ(limit.rlim_cur, rlim_t(0));
    EXPECT_EQ(limit.rlim_max, rlim_t(0));
    EXPECT_EQ(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
}
