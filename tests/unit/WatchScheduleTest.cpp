// WatchSchedule with a fake clock: hourly, daily, a check never run, checks missed while the
// machine slept (one check, not one per period), off, and a clock set back.
#include "WatchSchedule.h"
#include "Clock.h"

#include <gtest/gtest.h>

using namespace std::chrono_literals;
using pal::WatchInterval;
using pal::WatchSchedule;

TEST(WatchSchedule, OffNeverRuns)
{
    pal::ManualClock clock;
    EXPECT_FALSE(WatchSchedule::nextRun(WatchInterval::Off, {}, clock.now()));
    EXPECT_FALSE(WatchSchedule::nextRun(WatchInterval::Off, clock.now().addDays(-3), clock.now()));
    EXPECT_FALSE(WatchSchedule::isDue(WatchInterval::Off, {}, clock.now()));
    EXPECT_FALSE(WatchSchedule::wait(WatchInterval::Off, {}, clock.now()));
}

TEST(WatchSchedule, NeverRunIsDueAtOnce)
{
    pal::ManualClock clock;
    EXPECT_EQ(WatchSchedule::nextRun(WatchInterval::Hourly, {}, clock.now()), clock.now());
    EXPECT_TRUE(WatchSchedule::isDue(WatchInterval::Daily, {}, clock.now()));
    EXPECT_EQ(WatchSchedule::wait(WatchInterval::Daily, {}, clock.now()), 0ms);
}

TEST(WatchSchedule, HourlyIsDueAnHourAfterTheLastCheck)
{
    pal::ManualClock clock;
    const QDateTime last = clock.now();
    clock.advance(10 * 60);
    EXPECT_EQ(WatchSchedule::nextRun(WatchInterval::Hourly, last, clock.now()), last.addSecs(3600));
    EXPECT_FALSE(WatchSchedule::isDue(WatchInterval::Hourly, last, clock.now()));
    EXPECT_EQ(WatchSchedule::wait(WatchInterval::Hourly, last, clock.now()), WatchSchedule::MaxWait)
        << "the timer looks again within minutes, not in 50";
    clock.advance(47 * 60);
    EXPECT_EQ(WatchSchedule::wait(WatchInterval::Hourly, last, clock.now()), 3min);
    clock.advance(3 * 60);
    EXPECT_TRUE(WatchSchedule::isDue(WatchInterval::Hourly, last, clock.now()));
    EXPECT_EQ(WatchSchedule::wait(WatchInterval::Hourly, last, clock.now()), 0ms);
}

TEST(WatchSchedule, DailyIsDueADayAfterTheLastCheck)
{
    pal::ManualClock clock;
    const QDateTime last = clock.now();
    clock.advance(23 * 3600);
    EXPECT_FALSE(WatchSchedule::isDue(WatchInterval::Daily, last, clock.now()));
    EXPECT_TRUE(WatchSchedule::isDue(WatchInterval::Hourly, last, clock.now()));
    clock.advance(3600);
    EXPECT_TRUE(WatchSchedule::isDue(WatchInterval::Daily, last, clock.now()));
}

TEST(WatchSchedule, ChecksMissedWhileAsleepRunOnceOnWaking)
{
    pal::ManualClock clock;
    QDateTime last = clock.now();
    clock.advance(5 * 3600 + 120); // asleep through five hourly checks
    EXPECT_EQ(WatchSchedule::nextRun(WatchInterval::Hourly, last, clock.now()), clock.now()) << "due now, once";
    last = clock.now(); // that one check ran
    EXPECT_FALSE(WatchSchedule::isDue(WatchInterval::Hourly, last, clock.now())) << "not the four others too";
    EXPECT_EQ(WatchSchedule::nextRun(WatchInterval::Hourly, last, clock.now()), clock.now().addSecs(3600));
}

TEST(WatchSchedule, ALastCheckInTheFutureCountsAsNow)
{
    pal::ManualClock clock;
    const QDateTime last = clock.now().addDays(2); // the clock was set back
    EXPECT_EQ(WatchSchedule::nextRun(WatchInterval::Daily, last, clock.now()), clock.now().addDays(1));
}

TEST(WatchSchedule, IntervalNames)
{
    EXPECT_EQ(pal::parseWatchInterval(QStringLiteral("Hourly")), WatchInterval::Hourly);
    EXPECT_EQ(pal::parseWatchInterval(QStringLiteral("daily")), WatchInterval::Daily);
    EXPECT_EQ(pal::parseWatchInterval(QStringLiteral("off")), WatchInterval::Off);
    EXPECT_FALSE(pal::parseWatchInterval(QStringLiteral("weekly")));
    EXPECT_EQ(pal::watchIntervalName(WatchInterval::Daily), QStringLiteral("daily"));
}
