#include "ArmThrottle.h"

#include "Logging.h"

#include <algorithm>
#include <cmath>

namespace pal {

using std::chrono::milliseconds;

ArmThrottle::BucketId ArmThrottle::bucketOf(const AccessToken &token, const QString &requestedTenant)
{
    return BucketId{token.objectId, token.tenantId.isEmpty() ? requestedTenant : token.tenantId};
}

ArmThrottle::ArmThrottle(const RetryPolicy *policy, QObject *parent)
    : QObject(parent)
    , m_policy(policy)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer); // a Retry-After is a promise not to ask earlier
    connect(&m_timer, &QTimer::timeout, this, &ArmThrottle::drainAll);
}

ArmThrottle::Clock::time_point ArmThrottle::readyAt(const Bucket &bucket, bool read) const
{
    Clock::time_point at = bucket.pausedUntil;
    if (read && bucket.reading && m_policy->rateLimitRefillPerSecond > 0) {
        // Estimated tokens = min(bucket size, remaining + refill x elapsed) - sent since; a read may
        // go once that is above the reserve, i.e. after `missing` tokens have been refilled. A full
        // bucket refills no further: past its size, only a fresh reading lets more go.
        const Reading &reading = *bucket.reading;
        const double needed = double(m_policy->rateLimitReserve) + 1.0 + double(reading.sentSince);
        if (needed > double(m_policy->rateLimitBucketSize))
            return Clock::time_point::max();
        const double missing = needed - double(reading.remaining);
        if (missing > 0) {
            const auto wait = std::chrono::duration_cast<Clock::duration>(
                std::chrono::duration<double>(missing / m_policy->rateLimitRefillPerSecond));
            at = std::max(at, reading.at + wait);
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

int ArmThrottle::waiting() const
{
    int n = 0;
    for (const BucketId &id : m_held)
        n += int(m_buckets.value(id).waiting.size());
    return n;
}

bool ArmThrottle::exhausted(const Reading &reading) const
{
    return double(m_policy->rateLimitReserve) + 1.0 + double(reading.sentSince) > double(m_policy->rateLimitBucketSize);
}

milliseconds ArmThrottle::holdFor(const BucketId &bucket) const
{
    const auto it = m_buckets.constFind(bucket);
    if (it == m_buckets.constEnd())
        return milliseconds(0); // never seen: nothing told, nothing held
    const auto at = readyAt(*it, true);
    if (at == Clock::time_point::max())
        return milliseconds::max();
    const auto wait = at - Clock::now();
    return wait.count() > 0 ? std::chrono::ceil<milliseconds>(wait) : milliseconds(0);
}

void ArmThrottle::admit(const BucketId &bucket, QObject *who, bool read, std::function<void()> send)
{
    Bucket &b = m_buckets[bucket];
    Waiting request{who, read, std::move(send)};
    if (b.waiting.isEmpty() && readyAt(b, read) <= Clock::now())
        return release(bucket, request);
    b.waiting.append(std::move(request));
    m_held.insert(bucket);
    drain(bucket);
}

void ArmThrottle::release(const BucketId &id, Waiting &waiting)
{
    if (!waiting.who)
        return;
    if (waiting.read) {
        Bucket &b = m_buckets[id];
        ++b.readsInFlight;
        if (b.reading)
            ++b.reading->sentSince;
    }
    // `send` may admit another request, which may rehash m_buckets: no reference is kept across it.
    const std::function<void()> send = std::move(waiting.send);
    send();
}

void ArmThrottle::drain(const BucketId &id)
{
    for (;;) {
        const auto it = m_buckets.find(id);
        if (it == m_buckets.end() || it->waiting.isEmpty()) {
            m_held.remove(id);
            return;
        }
        if (!it->waiting.first().who) {
            it->waiting.removeFirst();
            continue;
        }
        const auto at = readyAt(*it, it->waiting.first().read);
        if (at > Clock::now())
            return wakeAt(at);
        Waiting next = it->waiting.takeFirst();
        release(id, next);
    }
}

void ArmThrottle::drainAll()
{
    const QList<BucketId> held = m_held.values();
    for (const BucketId &id : held)
        drain(id);
}

void ArmThrottle::wakeAt(Clock::time_point at)
{
    if (at == Clock::time_point::max())
        return; // woken by the next answer of the bucket
    const qint64 wait = std::max<qint64>(0, std::chrono::ceil<milliseconds>(at - Clock::now()).count());
    if (!m_timer.isActive() || m_timer.remainingTime() > wait)
        m_timer.start(int(std::min<qint64>(wait, 24LL * 3600 * 1000)));
}

void ArmThrottle::answered(const BucketId &bucket, bool read, int httpStatus, std::optional<milliseconds> retryAfter,
                           std::optional<qint64> remainingReads)
{
    const auto now = Clock::now();
    Bucket &b = m_buckets[bucket];
    if (read && b.readsInFlight > 0)
        --b.readsInFlight;
    if (remainingReads && *remainingReads >= 0) {
        // Reads still in flight were sent before this value was counted, or were not yet counted:
        // assume the latter, as ARM may not have counted them yet.
        const qint64 remaining = std::min<qint64>(*remainingReads, m_policy->rateLimitBucketSize);
        // Answers overtake each other: one counted earlier (more tokens left) may arrive after one
        // counted later. Keep whichever reading leaves fewer tokens now, so a late, stale value
        // never lets more reads go than ARM has left in this bucket.
        const Reading fresh{remaining, now, b.readsInFlight};
        if (!b.reading || tokensNow(fresh, now) < tokensNow(*b.reading, now) || exhausted(*b.reading))
            b.reading = fresh;
        if (remaining <= m_policy->rateLimitReserve + b.readsInFlight)
            qCInfo(lcHttp).noquote()
                << QStringLiteral("ARM reports %1 reads left in directory %2: pacing its reads at %3 a second")
                       .arg(remaining)
                       .arg(bucket.tenantId)
                       .arg(m_policy->rateLimitRefillPerSecond);
    } else if (b.readsInFlight == 0 && b.reading && exhausted(*b.reading))
        b.reading.reset(); // nothing in flight to tell a fresh value: forget it rather than hold for ever
    if ((httpStatus == 429 || httpStatus == 503) && retryAfter && *retryAfter <= m_policy->maxRetryAfter) {
        // A longer wait fails the request instead (RetryPolicy::maxRetryAfter): not the whole run.
        const auto until = now + std::chrono::duration_cast<Clock::duration>(*retryAfter);
        if (until > b.pausedUntil) {
            b.pausedUntil = until;
            qCInfo(lcHttp).noquote()
                << QStringLiteral("ARM answered %1 with Retry-After %2 ms: the requests for directory %3 wait")
                       .arg(httpStatus)
                       .arg(retryAfter->count())
                       .arg(bucket.tenantId);
        }
    }
    drain(bucket);
}

} // namespace pal
