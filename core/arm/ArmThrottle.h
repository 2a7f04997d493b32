#pragma once
// ArmThrottle: the pipeline's gate, so that throttling slows the whole run and not only the
// request that was told. Every ARM request passes admit() before it goes on the wire and reports
// its answer with answered(). Two rules, both from the RetryPolicy:
//  - a 429 or 503 with Retry-After holds every request of the pipeline until that time (ARM:
//    "If you send a request before the retry value has elapsed, your request isn't processed");
//  - x-ms-ratelimit-remaining-tenant-reads, when ARM sends it, feeds an estimate of ARM's token
//    bucket (last value told + refill since - reads sent since); reads are held while the estimate
//    is at the policy's reserve or below, so the bucket is not run dry.
// ARM keeps one bucket per principal, tenant and region. The estimate is kept per pipeline (one
// account): in a fleet every directory's answer reports its own nearly full bucket, so the
// estimate stays high, and where one tenant is read often (one directory) it is that tenant's.
// Requests are released in the order they arrived. Lives inside the pipeline; not thread-safe.

#include "RetryPolicy.h"

#include <QList>
#include <QObject>
#include <QPointer>
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

    explicit ArmThrottle(const RetryPolicy *policy, QObject *parent = nullptr);

    // Runs `send` now or once the pipeline may send; never if `who` is gone by then.
    // `read`: a GET (counts against the read estimate).
    void admit(QObject *who, bool read, std::function<void()> send);
    // What the answer to an admitted request said (status 0: none, e.g. aborted or timed out).
    void answered(bool read, int httpStatus, std::optional<std::chrono::milliseconds> retryAfter,
                  std::optional<qint64> remainingReads);

    int waiting() const { return int(m_waiting.size()); }
    // How long a new read would wait now (0 when it would go at once); for logs and tests.
    std::chrono::milliseconds holdFor() const;

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
    Clock::time_point readyAt(bool read) const;
    // What `reading` leaves in ARM's bucket at `now`: its value, refilled since, less what was sent.
    double tokensNow(const Reading &reading, Clock::time_point now) const;
    void release(Waiting &waiting);
    void drain();

    const RetryPolicy *m_policy;
    QList<Waiting> m_waiting;
    QTimer m_timer;
    Clock::time_point m_pausedUntil{};
    std::optional<Reading> m_reading;
    int m_readsInFlight = 0;
};

} // namespace pal
