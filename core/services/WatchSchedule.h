#pragma once
// WatchSchedule: when paldesk's scheduled fleet check is due, from the interval the user chose and
// the time of the last check (wall clock, UTC). Pure, so it is tested with a fake clock.
//
// A check is due one period after the last one; never run, it is due at once. A machine that slept
// through one or many due times runs one check when it wakes, not one per period missed. The
// timer that asks is armed for at most MaxWait, because a monotonic timer stands still while the
// machine sleeps: asking again every few minutes finds an overdue check soon after waking. A last
// check in the future (the clock was set back) counts as now.

#include <QDateTime>
#include <QString>
#include <chrono>
#include <optional>

namespace pal {

enum class WatchInterval { Off, Hourly, Daily };

// "off", "hourly", "daily"; parse is case-insensitive, nullopt for anything else.
QString watchIntervalName(WatchInterval interval);
std::optional<WatchInterval> parseWatchInterval(const QString &text);

class WatchSchedule
{
public:
    static constexpr std::chrono::minutes MaxWait{5};

    static std::chrono::seconds period(WatchInterval interval); // 0 for Off
    // The next check: nullopt when Off; `now` when never run or overdue.
    static std::optional<QDateTime> nextRun(WatchInterval interval, const QDateTime &lastRun, const QDateTime &now);
    static bool isDue(WatchInterval interval, const QDateTime &lastRun, const QDateTime &now);
    // How long the timer waits before asking again: until nextRun, at most MaxWait; nullopt when Off.
    static std::optional<std::chrono::milliseconds> wait(WatchInterval interval, const QDateTime &lastRun,
                                                         const QDateTime &now);
};

} // namespace pal
