// ArmThrottle's read estimate from x-ms-ratelimit-remaining-tenant-reads: answers overtake each
// other in a fleet run, and a late answer counted earlier (more reads left) must not let more reads
// go than ARM has left. Estimates and Retry-After holds are per ARM bucket (principal, tenant): in a
// fleet, one directory's 429 or nearly empty bucket holds that directory only.
#include "ArmThrottle.h"
#include "Wait.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <map>
#include <thread>
#include <vector>

namespace {

using std::chrono::milliseconds;
using Bucket = pal::ArmThrottle::BucketId;

const QString Admin = QStringLiteral("a0a0a0a0-0000-4000-8000-000000000001"); // the principal (oid)
const Bucket Contoso{Admin, QStringLiteral("1b1121dd-6900-412a-af73-e8d44f81e1c1")};

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
            throttle.admit(Contoso, &owner, true, [this] { ++sent; });
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
    throttle.answered(Contoso, true, 200, std::nullopt, 6); // 6 left, 2 still in flight: 4 at most
    EXPECT_GT(throttle.holdFor(Contoso), milliseconds(0));
}

TEST_F(ArmThrottleTest, ALateAnswerCountedEarlierDoesNotLoosenTheHold)
{
    sendReads(3);
    throttle.answered(Contoso, true, 200, std::nullopt, 6);
    const milliseconds held = throttle.holdFor(Contoso);
    ASSERT_GT(held, milliseconds(0));
    throttle.answered(Contoso, true, 200, std::nullopt, 8); // overtaken: ARM counted it before the first
    EXPECT_GT(throttle.holdFor(Contoso), milliseconds(0)) << "the stale, higher value replaced the estimate";
}

TEST_F(ArmThrottleTest, ALaterAnswerWithFewerReadsLeftTightensTheHold)
{
    sendReads(3);
    throttle.answered(Contoso, true, 200, std::nullopt, 8); // 8 left, 2 in flight: 6, above the reserve
    EXPECT_EQ(throttle.holdFor(Contoso), milliseconds(0));
    throttle.answered(Contoso, true, 200, std::nullopt, 2);
    EXPECT_GT(throttle.holdFor(Contoso), milliseconds(0));
}

TEST_F(ArmThrottleTest, PlentyLeftHoldsNothing)
{
    sendReads(3);
    throttle.answered(Contoso, true, 200, std::nullopt, 11999);
    EXPECT_EQ(throttle.holdFor(Contoso), milliseconds(0));
    sendReads(1);
    EXPECT_EQ(sent, 4);
}

TEST_F(ArmThrottleTest, AFullBucketRefillsNoFurtherThanItsSize)
{
    // ARM's bucket holds 250 at most: time spent full adds nothing, so a burst after a pause may
    // take 250 less the reserve, not the refill of the whole pause on top.
    sendReads(1);
    throttle.answered(Contoso, true, 200, std::nullopt, 249);
    std::this_thread::sleep_for(std::chrono::milliseconds(400)); // 10 tokens' worth of refill
    sent = 0;
    sendReads(300);
    EXPECT_EQ(sent, 250 - 5) << "sent beyond a full bucket, down to the reserve";
    EXPECT_GT(throttle.holdFor(Contoso), milliseconds(0));
}

// ---- per bucket: a fleet of directories ----

constexpr int Fleet = 1000;

Bucket directory(int i)
{
    return Bucket{Admin, QStringLiteral("00000000-0000-4000-8000-%1").arg(i, 12, 10, QLatin1Char('0'))};
}

class ArmThrottleFleetTest : public ArmThrottleTest
{
protected:
    // One read for each directory of the fleet; returns how many went at once.
    int readEach()
    {
        const int before = int(sentTo.size());
        for (int i = 0; i < Fleet; ++i)
            throttle.admit(directory(i), &owner, true, [this, i] {
                sentTo.push_back(i);
                releasedAt[i] = pal::ArmThrottle::Clock::now();
            });
        return int(sentTo.size()) - before;
    }

    std::vector<int> sentTo; // directories in the order their reads went
    std::map<int, pal::ArmThrottle::Clock::time_point> releasedAt;
};

TEST_F(ArmThrottleFleetTest, AThousandDirectoriesAreNotPacedByOneEstimate)
{
    // Issue 19: one estimate per pipeline summed every directory's reads against one bucket of 250,
    // so after 250 directories a fleet went at 25 a second. Each directory has its own bucket.
    ASSERT_EQ(readEach(), Fleet);
    for (int i = 0; i < Fleet; ++i)
        throttle.answered(directory(i), true, 200, std::nullopt, 249); // one read taken from a full bucket
    EXPECT_EQ(readEach(), Fleet) << "a directory's reads were held by the others' estimate";
    EXPECT_EQ(throttle.waiting(), 0);
    for (int i = 0; i < Fleet; ++i)
        EXPECT_EQ(throttle.holdFor(directory(i)), milliseconds(0)) << "directory " << i;
}

TEST_F(ArmThrottleFleetTest, OneDirectorysRetryAfterAndNearlyEmptyBucketHoldOnlyThatDirectory)
{
    constexpr int Throttled = 7;   // answers 429 with Retry-After
    constexpr int NearlyEmpty = 8; // x-ms-ratelimit-remaining-tenant-reads: 2 (the reserve is 5)
    ASSERT_EQ(readEach(), Fleet);
    // Before the answers: the throttle's own clock starts each hold later than this, never earlier
    // (taken after the loop, a thousand answers under a sanitizer made the hold look short).
    const auto told = pal::ArmThrottle::Clock::now();
    for (int i = 0; i < Fleet; ++i) {
        if (i == Throttled)
            throttle.answered(directory(i), true, 429, milliseconds(300), std::nullopt);
        else
            throttle.answered(directory(i), true, 200, std::nullopt, i == NearlyEmpty ? 2 : 249);
    }
    EXPECT_GT(throttle.holdFor(directory(Throttled)), milliseconds(0));
    EXPECT_LE(throttle.holdFor(directory(Throttled)), milliseconds(300));
    EXPECT_GT(throttle.holdFor(directory(NearlyEmpty)), milliseconds(0));
    for (int i = 0; i < Fleet; ++i) {
        if (i == Throttled || i == NearlyEmpty)
            continue;
        ASSERT_EQ(throttle.holdFor(directory(i)), milliseconds(0)) << "directory " << i;
    }

    // The second round: every other directory's read goes at once, in the order asked.
    sentTo.clear();
    EXPECT_EQ(readEach(), Fleet - 2);
    EXPECT_EQ(throttle.waiting(), 2);
    EXPECT_EQ(std::count(sentTo.begin(), sentTo.end(), Throttled), 0);
    EXPECT_EQ(std::count(sentTo.begin(), sentTo.end(), NearlyEmpty), 0);
    EXPECT_TRUE(std::is_sorted(sentTo.begin(), sentTo.end()));

    // The two held reads go once their own buckets allow, never earlier.
    ASSERT_TRUE(pal::test::waitUntil([&] { return throttle.waiting() == 0; }, 5000));
    ASSERT_EQ(int(sentTo.size()), Fleet);
    EXPECT_GE(releasedAt[Throttled] - told, std::chrono::milliseconds(290)) << "went before Retry-After was over";
    // 2 left, the reserve 5: four tokens at 25 a second before its next read.
    EXPECT_GE(releasedAt[NearlyEmpty] - told, std::chrono::milliseconds(150)) << "went into ARM's reserve";
}

TEST_F(ArmThrottleTest, ABucketIsThePrincipalsInThatTenant)
{
    // ARM meters per principal: another identity (e.g. a service principal) in the same directory,
    // or the same one in another directory, is not held by this one's 429.
    const Bucket app{QStringLiteral("b0b0b0b0-0000-4000-8000-000000000002"), Contoso.tenantId};
    const Bucket elsewhere{Admin, QStringLiteral("2f6e8a10-3b7c-4d21-9e55-6a1c0b9d4e01")};
    sendReads(1);
    throttle.answered(Contoso, true, 429, milliseconds(5000), std::nullopt);
    EXPECT_GT(throttle.holdFor(Contoso), milliseconds(4000));
    EXPECT_EQ(throttle.holdFor(app), milliseconds(0));
    EXPECT_EQ(throttle.holdFor(elsewhere), milliseconds(0));
    int went = 0;
    throttle.admit(app, &owner, false, [&] { ++went; });
    throttle.admit(elsewhere, &owner, true, [&] { ++went; });
    throttle.admit(Contoso, &owner, false, [&] { ++went; }); // a write waits too: ARM processes nothing
    EXPECT_EQ(went, 2);
    EXPECT_EQ(throttle.waiting(), 1);
}

TEST_F(ArmThrottleTest, TheBucketComesFromTheToken)
{
    pal::AccessToken token;
    token.objectId = Admin;
    token.tenantId = Contoso.tenantId;
    EXPECT_EQ(pal::ArmThrottle::bucketOf(token, QString()), Contoso); // the account's default directory
    token.tenantId.clear();                                           // a token that names no tenant
    EXPECT_EQ(pal::ArmThrottle::bucketOf(token, Contoso.tenantId), Contoso);
}

} // namespace
