#include "ArmThrottle.h"

#include "Logging.h"

#include <algorithm>
#include <cmath>

namespace pal {

using std::chrono::milliseconds;

ArmThrottle::ArmThrottle(const RetryPolicy *policy, QObject *parent)
    : QObject(parent)
    , m_policy(policy)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer); // a Retry-After is a promise not to ask earlier
    connect(&m_timer, &QTimer::timeout, this, &ArmThrottle::drain);
}

ArmThrottle::Clock::time_point ArmThrottle::readyAt(bool read) const
{
    Clock::time_point at = m_pausedUntil;
    if (read && m_reading && m_policy->rateLimitRefillPerSecond > 0) {
        // Estimated tokens = remaining + refill x elapsed - sent since; a read may go once that is
        // above the reserve, i.e. after `missing` tokens have been refilled.
        const double missing =
            double(m_policy->rateLimitReserve) + 1.0 + double(m_reading->sentSince) - double(m_reading->remaining);
        if (missing > 0) {
            const auto wait = std::chrono::duration_cast<Clock::duration>(
                std::chrono::duration<double>(missing / m_policy->rateLimitRefillPerSecond));
            at = std::max(at, m_reading->at + wait);
        }
    }
    return at;
}

double ArmThrottle::tokensNow(const Reading &reading, Clock::time_point now) const
{
    const double refilled =
        std::chrono::duration<double>(now - reading.at).count() * m_policy->rateLimitRefillPerSecond;
    return std::min(double(m_policy->rateLimitBucketSize), double(reading.remaining) + refilled) -
           double(reading.sentSince);
}

milliseconds ArmThrottle::holdFor() const
{
    const auto wait = readyAt(true) - Clock::now();
    return wait.count() > 0 ? std::chrono::ceil<milliseconds>(wait) : milliseconds(0);
}

void ArmThrottle::admit(QObject *who, bool read, std::function<void()> send)
{
    m_waiting.append(Waiting{who, read, std::move(send)});
    if (m_waiting.size() == 1 && readyAt(read) <= Clock::now()) {
        Waiting now = m_waiting.takeFirst();
        release(now);
        return;
    }
    drain();
}

void ArmThrottle::release(Waiting &waiting)
{
    if (!waiting.who)
        return;
    if (waiting.read) {
        ++m_readsInFlight;
        if (m_reading)
            ++m_reading->sentSince;
    }
    const std::function<void()> send = std::move(waiting.send);
    send();
}

void ArmThrottle::drain()
{
    while (!m_waiting.isEmpty()) {
        if (!m_waiting.first().who) {
            m_waiting.removeFirst();
            continue;
        }
        const auto now = Clock::now();
        const auto at = readyAt(m_waiting.first().read);
        if (at > now) {
            const auto wait = std::chrono::ceil<milliseconds>(at - now);
            if (!m_timer.isActive() || m_timer.remainingTime() > wait.count())
                m_timer.start(int(std::min<qint64>(wait.count(), 24LL * 3600 * 1000)));
            return;
        }
        Waiting next = m_waiting.takeFirst();
        release(next);
    }
    m_timer.stop();
}

void ArmThrottle::answered(bool read, int httpStatus, std::optional<milliseconds> retryAfter,
                           std::optional<qint64> remainingReads)
{
    const auto now = Clock::now();
    if (read && m_readsInFlight > 0)
        --m_readsInFlight;
    if (remainingReads && *remainingReads >= 0) {
        // Reads still in flight were sent before this value was counted, or were not yet counted:
        // assume the latter, as ARM may not have counted them yet.
        const qint64 remaining = std::min<qint64>(*remainingReads, m_policy->rateLimitBucketSize);
        // Answers overtake each other: one counted earlier (more tokens left) may arrive after one
        // counted later. Keep whichever reading leaves fewer tokens now, so a late, stale value
        // never lets more reads go than ARM has left.
        const Reading fresh{remaining, now, m_readsInFlight};
        if (!m_reading || tokensNow(fresh, now) < tokensNow(*m_reading, now))
            m_reading = fresh;
        if (remaining <= m_policy->rateLimitReserve + m_readsInFlight)
            qCInfo(lcHttp) << "ARM reports" << remaining << "reads left; pacing reads at"
                           << m_policy->rateLimitRefillPerSecond << "a second";
    }
    if ((httpStatus == 429 || httpStatus == 503) && retryAfter && *retryAfter <= m_policy->maxRetryAfter) {
        // A longer wait fails the request instead (RetryPolicy::maxRetryAfter): not the whole run.
        const auto until = now + std::chrono::duration_cast<Clock::duration>(*retryAfter);
        if (until > m_pausedUntil) {
            m_pausedUntil = until;
            qCInfo(lcHttp) << "ARM answered" << httpStatus << "with Retry-After" << retryAfter->count()
                           << "ms: every request of this run waits";
        }
    }
    drain();
}

} // namespace pal
