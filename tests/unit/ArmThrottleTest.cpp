// ArmThrottle's read estimate from x-ms-ratelimit-remaining-tenant-reads: answers overtake each
// other in a fleet run, and a late answer counted earlier (more reads left) must not let more reads
// go than ARM has left.
#include "ArmThrottle.h"

#include <gtest/gtest.h>

namespace {

using std::chrono::milliseconds;

class ArmThrottleTest : public ::testing::Test
{
protected:
    ArmThrottleTest()
    {
        policy.rateLimitReserve = 5;
        policy.rateLimitRefillPerSecond = 25.0;
        policy.rateLimitBucketSize = 250;
    }
    void sendReads(int n)
    {
        for (int i = 0; i < n; ++i)
            throttle.admit(&owner, true, [this] { ++sent; });
    }

    pal::RetryPolicy policy;
    pal::ArmThrottle throttle{&policy};
    QObject owner;
    int sent = 0;
};

TEST_F(ArmThrottleTest, AFewReadsLeftHoldTheNextRead)
{
    sendReads(3);
    ASSERT_EQ(sent, 3);
    throttle.answered(true, 200, std::nullopt, 6); // 6 left, 2 still in flight: 4 at most
    EXPECT_GT(throttle.holdFor(), milliseconds(0));
}

TEST_F(ArmThrottleTest, ALateAnswerCountedEarlierDoesNotLoosenTheHold)
{
    sendReads(3);
    throttle.answered(true, 200, std::nullopt, 6);
    const milliseconds held = throttle.holdFor();
    ASSERT_GT(held, milliseconds(0));
    throttle.answered(true, 200, std::nullopt, 8); // overtaken: ARM counted it before the first
    EXPECT_GT(throttle.holdFor(), milliseconds(0)) << "the stale, higher value replaced the estimate";
}

TEST_F(ArmThrottleTest, ALaterAnswerWithFewerReadsLeftTightensTheHold)
{
    sendReads(3);
    throttle.answered(true, 200, std::nullopt, 8); // 8 left, 2 in flight: 6, above the reserve
    EXPECT_EQ(throttle.holdFor(), milliseconds(0));
    throttle.answered(true, 200, std::nullopt, 2);
    EXPECT_GT(throttle.holdFor(), milliseconds(0));
}

TEST_F(ArmThrottleTest, PlentyLeftHoldsNothing)
{
    sendReads(3);
    throttle.answered(true, 200, std::nullopt, 11999);
    EXPECT_EQ(throttle.holdFor(), milliseconds(0));
    sendReads(1);
    EXPECT_EQ(sent, 4);
}

} // namespace
