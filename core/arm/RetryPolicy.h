#pragma once
// RetryPolicy: when and how long to wait before trying an ARM request again, kept as data.
// 429 and 503 honour Retry-After (seconds or an HTTP date); other 5xx, timeouts and connection
// resets back off exponentially with jitter; at most maxRetries retries. A 401 is not retried here:
// the pipeline asks the token provider for a fresh token once.

#include <QByteArray>
#include <QDateTime>
#include <chrono>
#include <optional>

namespace pal {

struct RetryPolicy
{
    int maxRetries = 3;
    std::chrono::milliseconds baseDelay{800};
    std::chrono::milliseconds maxDelay{30'000};
    double jitter = 0.2; // ± fraction of the computed delay
    std::chrono::milliseconds requestTimeout{30'000};
    std::chrono::milliseconds maxRetryAfter{120'000}; // a longer Retry-After fails instead of waiting

    // The delay before retry number `attempt` (1-based) after `httpStatus` (0: no HTTP answer),
    // or nullopt when the outcome is final. `retryAfter` is the raw header value.
    std::optional<std::chrono::milliseconds> delayFor(int attempt, int httpStatus, bool transportError,
                                                      const QByteArray &retryAfter, const QDateTime &now,
                                                      double random01) const;
    // Parses Retry-After: delta-seconds or HTTP-date (RFC 9110); nullopt if absent or malformed.
    static std::optional<std::chrono::milliseconds> parseRetryAfter(const QByteArray &value, const QDateTime &now);

    static RetryPolicy none()
    {
        RetryPolicy p;
        p.maxRetries = 0;
        return p;
    }
};

} // namespace pal
