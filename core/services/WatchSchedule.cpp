#include "WatchSchedule.h"

#include <algorithm>

namespace pal {

QString watchIntervalName(WatchInterval interval)
{
    switch (interval) {
    case WatchInterval::Hourly:
        return QStringLiteral("hourly");
    case WatchInterval::Daily:
        return QStringLiteral("daily");
    case WatchInterval::Off:
        break;
    }
    return QStringLiteral("off");
}

std::optional<WatchInterval> parseWatchInterval(const QString &text)
{
    for (WatchInterval i : {WatchInterval::Off, WatchInterval::Hourly, WatchInterval::Daily})
        if (text.trimmed().compare(watchIntervalName(i), Qt::CaseInsensitive) == 0)
            return i;
    return std::nullopt;
}

std::chrono::seconds WatchSchedule::period(WatchInterval interval)
{
    switch (interval) {
    case WatchInterval::Hourly:
        return std::chrono::hours(1);
    case WatchInterval::Daily:
        return std::chrono::hours(24);
    case WatchInterval::Off:
        break;
    }
    return std::chrono::seconds(0);
}

std::optional<QDateTime> WatchSchedule::nextRun(WatchInterval interval, const QDateTime &lastRun, const QDateTime &now)
{
    if (interval == WatchInterval::Off)
        return std::nullopt;
    if (!lastRun.isValid())
        return now;
    const QDateTime last = std::min(lastRun, now);
    const QDateTime due = last.addSecs(period(interval).count());
    return std::max(due, now);
}

bool WatchSchedule::isDue(WatchInterval interval, const QDateTime &lastRun, const QDateTime &now)
{
    const auto next = nextRun(interval, lastRun, now);
    return next && *next <= now;
}

std::optional<std::chrono::milliseconds> WatchSchedule::wait(WatchInterval interval, const QDateTime &lastRun,
                                                             const QDateTime &now)
{
    const auto next = nextRun(interval, lastRun, now);
    if (!next)
        return std::nullopt;
    const std::chrono::milliseconds until(std::max<qint64>(0, now.msecsTo(*next)));
    return std::min<std::chrono::milliseconds>(until, MaxWait);
}

} // namespace pal
