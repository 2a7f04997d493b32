#pragma once
// ArmThrottle: the pipeline's gate, one token bucket per principal and tenant, as ARM meters reads
// (and region, which a client cannot see). Every request passes admit() with its bucket (its token's
// oid and tid) and reports its answer with answered(). Per bucket, a 429/503 Retry-After holds its
// requests until then, and x-ms-ratelimit-remaining-tenant-reads feeds an estimate (value told +
// refill since - reads sent since) that holds its reads at the policy's reserve: one directory's 429
// or empty bucket never slows another's; FleetVerifier caps how many run at once. A bucket is made
// on its first request and kept for the pipeline's life; its requests go in the order they came.
// Lives inside the pipeline; not thread-safe.

#include "AccessTokenProvider.h"
#include "RetryPolicy.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QTimer>
#include <chrono>
#include <functional>
#include <optional>

namespace pal {

class ArmThrottle final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ArmThrottle)
public:
    using Clock = std::chrono::steady_clock;

    // Whose bucket a request draws on: the principal (the token's oid) in a tenant (its tid).
    struct BucketId
    {
        QString principalId;
        QString tenantId;
        friend bool operator==(const BucketId &a, const BucketId &b)
        {
            return a.tenantId == b.tenantId && a.principalId == b.principalId;
        }
        friend size_t qHash(const BucketId &id, size_t seed = 0) noexcept
        {
            return qHashMulti(seed, id.principalId, id.tenantId);
        }
    };
    // The bucket of a request sent with `token`; `requestedTenant` when the token names none.
    static BucketId bucketOf(const AccessToken &token, const QString &requestedTenant);

    explicit ArmThrottle(const RetryPolicy *policy, QObject *parent = nullptr);

    // Runs `send` now or once `bucket` may send; never if `who` is gone by then.
    // `read`: a GET (counts against the bucket's read estimate).
    void admit(const BucketId &bucket, QObject *who, bool read, std::function<void()> send);
    // What the answer to a request admitted on `bucket` said (status 0: none, e.g. aborted).
    void answered(const BucketId &bucket, bool read, int httpStatus,
                  std::optional<std::chrono::milliseconds> retryAfter, std::optional<qint64> remainingReads);

    int waiting() const; // requests held, every bucket
    // How long a new read on `bucket` would wait now (0: at once; max(): until ARM tells more).
    std::chrono::milliseconds holdFor(const BucketId &bucket) const;

private:
    struct Waiting
    {
        QPointer<QObject> who;
        bool read = false;
        std::function<void()> send;
    };
    struct Reading
    {
        qint64 remaining = 0;
        Clock::time_point at;
        int sentSince = 0; // reads sent after the value was counted (those in flight then included)
    };
    struct Bucket
    {
        QList<Waiting> waiting;
        Clock::time_point pausedUntil{};
        std::optional<Reading> reading;
        int readsInFlight = 0;
    };
    Clock::time_point readyAt(const Bucket &bucket, bool read) const;
    // What `reading` leaves in ARM's bucket at `now`: its value, refilled since, less what was sent.
    double tokensNow(const Reading &reading, Clock::time_point now) const;
    // True once more reads were sent since `reading` than a full bucket holds above the reserve.
    bool exhausted(const Reading &reading) const;
    void release(const BucketId &id, Waiting &waiting);
    void drain(const BucketId &id); // sends what `id` may send now, wakes up for the rest
    void drainAll();
    void wakeAt(Clock::time_point at);

    const RetryPolicy *m_policy;
    QHash<BucketId, Bucket> m_buckets;
    QSet<BucketId> m_held; // buckets with requests waiting
    QTimer m_timer;
};

} // namespace pal
