#pragma once
// RetryPolicy: when and how long to wait before trying an ARM request again, and how fast the
// whole pipeline may send, kept as data.
// 429 and 503 honour Retry-After (seconds or an HTTP date); other 5xx, timeouts and connection
// resets back off exponentially with jitter; at most maxRetries retries. A 401 is not retried here:
// the pipeline asks the token provider for a fresh token once.
// Writes (PUT, PATCH, DELETE) are never sent again after a 5xx, a timeout or a lost answer: the
// service may have applied them, and a second PUT answers "already linked". They are retried only
// after the statuses in writeRetryStatuses, which ARM documents as "not processed".
// A Retry-After pauses the requests of one ARM bucket (principal and tenant: ArmThrottle), and the
// remaining-reads header paces them before ARM has to say no.

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <chrono>
#include <optional>

namespace pal {

struct RetryPolicy
{
    int maxRetries = 3;
    std::chrono::milliseconds baseDelay{800};
    std::chrono::milliseconds maxDelay{30'000};
    double jitter = 0.2;                              // ± fraction of the computed delay
    std::chrono::milliseconds requestTimeout{30'000}; // silence: Qt's transfer timeout, reset by every byte
    // The whole of one attempt, request to last byte: a server trickling a byte at a time keeps
    // requestTimeout from ever firing, never this. Three silences' worth: an answer still arriving
    // after that is one nobody is waiting for. Past it the attempt is a Timeout (a GET may retry).
    std::chrono::milliseconds attemptDeadline{90'000};
    std::chrono::milliseconds maxRetryAfter{120'000}; // a longer Retry-After fails instead of waiting

    // After which statuses a write may be sent again. 429 only: ARM documents that a throttled
    // request "isn't processed" ("If you send a request before the retry value has elapsed, your
    // request isn't processed and a new retry value is returned", Azure Resource Manager, "Request
    // limits and throttling"). 503 is left out although it may carry Retry-After: ARM promises
    // nothing about a write the gateway answered 503 for (it may have reached the provider), so it
    // is an unknown outcome, as are other 5xx and timeouts.
    QList<int> writeRetryStatuses{429};

    // Pacing by x-ms-ratelimit-remaining-tenant-reads. ARM meters reads with a token bucket per
    // principal, tenant and region: 250 requests, refilled at 25 a second (same article, "Regional
    // throttling and token bucket algorithm", 2024). The pipeline estimates the bucket from the last
    // value it was told, the refill since and what it sent since, and holds new reads while the
    // estimate is at rateLimitReserve or below, so the bucket is never run dry by us.
    int rateLimitReserve = 5;
    double rateLimitRefillPerSecond = 25.0;
    int rateLimitBucketSize = 250;

    // The delay before retry number `attempt` (1-based) after `httpStatus` (0: no HTTP answer),
    // or nullopt when the outcome is final. `retryAfter` is the raw header value.
    // `idempotent`: a GET (may be repeated after anything); false: a write (see writeRetryStatuses).
    std::optional<std::chrono::milliseconds> delayFor(int attempt, int httpStatus, bool transportError,
                                                      const QByteArray &retryAfter, const QDateTime &now,
                                                      double random01, bool idempotent = true) const;
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
