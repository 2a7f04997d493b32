#include "RetryPolicy.h"

#include <gtest/gtest.h>

using namespace std::chrono_literals;
using pal::RetryPolicy;

namespace {
const QDateTime Now = QDateTime(QDate(2026, 11, 27), QTime(15, 0, 0), Qt::UTC);
}

TEST(RetryPolicy, RetryAfterSeconds)
{
    EXPECT_EQ(RetryPolicy::parseRetryAfter("7", Now), 7000ms);
    EXPECT_EQ(RetryPolicy::parseRetryAfter(" 0 ", Now), 0ms);
}

TEST(RetryPolicy, RetryAfterHttpDateInAllThreeForms)
{
    EXPECT_EQ(RetryPolicy::parseRetryAfter("Fri, 27 Nov 2026 15:00:30 GMT", Now), 30000ms);
    EXPECT_EQ(RetryPolicy::parseRetryAfter("Friday, 27-Nov-26 15:01:00 GMT", Now), 60000ms);
    EXPECT_EQ(RetryPolicy::parseRetryAfter("Fri Nov 27 15:00:05 2026", Now), 5000ms);
    // A date in the past means "now".
    EXPECT_EQ(RetryPolicy::parseRetryAfter("Fri, 27 Nov 2026 14:00:00 GMT", Now), 0ms);
}

TEST(RetryPolicy, MalformedRetryAfterIsIgnored)
{
    for (const char *v : {"", "soon", "-5", "1.5", "Fri, 32 Nov 2026 15:00:30 GMT", "7 s"})
        EXPECT_FALSE(RetryPolicy::parseRetryAfter(v, Now).has_value()) << v;
}

TEST(RetryPolicy, ThrottlingHonoursRetryAfter)
{
    RetryPolicy p;
    EXPECT_EQ(p.delayFor(1, 429, false, "3", Now, 0.5), 3000ms);
    EXPECT_EQ(p.delayFor(1, 503, false, "Fri, 27 Nov 2026 15:00:02 GMT", Now, 0.9), 2000ms);
    // Retry-After on a plain 500 is not ARM's contract; back off instead.
    EXPECT_EQ(p.delayFor(1, 500, false, "60", Now, 0.5), 800ms);
}

TEST(RetryPolicy, TooLongRetryAfterFailsInsteadOfWaiting)
{
    RetryPolicy p;
    p.maxRetryAfter = 10s;
    EXPECT_FALSE(p.delayFor(1, 429, false, "11", Now, 0.5).has_value());
    EXPECT_EQ(p.delayFor(1, 429, false, "10", Now, 0.5), 10000ms);
}

TEST(RetryPolicy, ExponentialBackoffWithJitterAndCap)
{
    RetryPolicy p;
    p.baseDelay = 100ms;
    p.maxDelay = 350ms;
    p.maxRetries = 5;
    p.jitter = 0.2;
    EXPECT_EQ(p.delayFor(1, 500, false, {}, Now, 0.5), 100ms);
    EXPECT_EQ(p.delayFor(2, 502, false, {}, Now, 0.5), 200ms);
    EXPECT_EQ(p.delayFor(3, 0, true, {}, Now, 0.5), 350ms);    // capped
    EXPECT_EQ(p.delayFor(1, 500, false, {}, Now, 0.0), 80ms);  // -20 %
    EXPECT_EQ(p.delayFor(1, 500, false, {}, Now, 1.0), 120ms); // +20 %
    EXPECT_EQ(p.delayFor(1, 429, false, {}, Now, 0.5), 100ms); // 429 without Retry-After backs off
}

TEST(RetryPolicy, BoundedNumberOfRetries)
{
    RetryPolicy p;
    p.maxRetries = 2;
    EXPECT_TRUE(p.delayFor(2, 503, false, {}, Now, 0.5).has_value());
    EXPECT_FALSE(p.delayFor(3, 503, false, {}, Now, 0.5).has_value());
    EXPECT_FALSE(RetryPolicy::none().delayFor(1, 503, false, "1", Now, 0.5).has_value());
}

TEST(RetryPolicy, FinalOutcomesAreNotRetried)
{
    RetryPolicy p;
    for (int status : {200, 400, 401, 403, 404, 409, 501, 505})
        EXPECT_FALSE(p.delayFor(1, status, false, "1", Now, 0.5).has_value()) << status;
    EXPECT_TRUE(p.delayFor(1, 0, true, {}, Now, 0.5).has_value()); // connection reset / timeout
}

TEST(RetryPolicy, WritesAreRetriedOnlyWhereArmSaysNothingWasDone)
{
    RetryPolicy p;
    constexpr bool write = false;
    EXPECT_EQ(p.delayFor(1, 429, false, "2", Now, 0.5, write), 2000ms); // throttled: not processed
    for (int status : {500, 502, 503, 504})
        EXPECT_FALSE(p.delayFor(1, status, false, "1", Now, 0.5, write).has_value()) << status;
    EXPECT_FALSE(p.delayFor(1, 0, true, {}, Now, 0.5, write).has_value()); // timeout or reset: unknown
    // As data: a policy may list no status at all.
    p.writeRetryStatuses.clear();
    EXPECT_FALSE(p.delayFor(1, 429, false, "2", Now, 0.5, write).has_value());
}
