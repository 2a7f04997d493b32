// The faults a test or scenario injects (SandboxServer.h, Fault): which one applies to a request,
// ARM's token bucket per principal and tenant for `throttle`, and the answer a fault gives.
#include "SandboxPrivate.h"

#include <chrono>
#include <cmath>

namespace palsandbox {

namespace {

QString reasonFor(int status)
{
    switch (status) {
    case 429:
        return QStringLiteral("TooManyRequests");
    case 500:
        return QStringLiteral("InternalServerError");
    case 502:
        return QStringLiteral("BadGateway");
    case 503:
        return QStringLiteral("ServiceUnavailable");
    case 504:
        return QStringLiteral("GatewayTimeout");
    default:
        return QStringLiteral("SandboxFault");
    }
}

} // namespace

QStringList bearerCaller(const httplib::Request &req)
{
    // ARM meters by the token's principal and tenant. Read without checking the signature: a token
    // that does not verify is answered 401 anyway; one without tid/oid draws on the "" bucket.
    const QByteArray header = QByteArray::fromStdString(req.get_header_value("Authorization")).trimmed();
    if (!header.toLower().startsWith("bearer "))
        return {};
    const auto jwt = crypto::Jwt::parse(header.mid(7).trimmed());
    if (!jwt)
        return {};
    return {jwt->claims.value(QStringLiteral("tid")).toString(), jwt->claims.value(QStringLiteral("oid")).toString()};
}

std::optional<Fault> SandboxServer::Private::takeFault(const QString &method, const QString &path,
                                                       const QStringList &caller, std::optional<int> *remaining)
{
    std::lock_guard lock(mutex);
    for (FaultState &state : faults) {
        const Fault &f = state.fault;
        if (!f.method.isEmpty() && f.method.compare(method, Qt::CaseInsensitive) != 0)
            continue;
        if (!path.startsWith(f.pathPrefix, Qt::CaseInsensitive))
            continue;
        if (!f.tenantId.isEmpty() && caller.value(0).compare(f.tenantId, Qt::CaseInsensitive) != 0)
            continue;
        if (f.kind == Fault::Kind::Throttle) {
            // ARM's token bucket (request limits and throttling, 2024): one per principal and tenant
            // (and region: the sandbox is one); refill, then take one.
            const auto now = std::chrono::steady_clock::now();
            const QString key = caller.join(QLatin1Char('/'));
            FaultState::Bucket &bucket = state.buckets[key];
            if (bucket.refilledAt == std::chrono::steady_clock::time_point{})
                bucket.tokens = f.limit; // first use: full
            else
                bucket.tokens = std::min<double>(
                    f.limit,
                    bucket.tokens + f.refillPerSecond * std::chrono::duration<double>(now - bucket.refilledAt).count());
            bucket.refilledAt = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                *remaining = int(bucket.tokens);
                continue; // within the limit: answered normally (another fault may still apply)
            }
            *remaining = 0;
            ++state.applied;
            Fault throttled = f;
            if (throttled.retryAfterSeconds < 0)
                throttled.retryAfterSeconds = int(std::ceil((1 - bucket.tokens) / std::max(f.refillPerSecond, 1e-3)));
            return throttled;
        }
        if (f.times >= 0 && state.applied >= f.times)
            continue;
        ++state.matched;
        if (state.matched % std::max(1, f.everyNth) != 0)
            continue;
        ++state.applied;
        return f;
    }
    return std::nullopt;
}

Reply SandboxServer::Private::faultReply(const Fault &fault, Surface surface) const
{
    Reply reply;
    const QString message = QStringLiteral("The sandbox injected a %1 fault.").arg(fault.status);
    if (fault.kind == Fault::Kind::Throttle) {
        // ARM's code for tenant-level throttling is not documented; subscriptions answer
        // SubscriptionRequestsThrottled with this sentence, so the sandbox says the tenant's.
        reply = armError(429, QStringLiteral("TenantRequestsThrottled"),
                         QStringLiteral("Number of requests for this tenant exceeded the limit. Please try again after "
                                        "'%1' seconds.")
                             .arg(fault.retryAfterSeconds));
    } else if (surface == Surface::Entra) {
        reply = entraError(fault.status, QStringLiteral("temporarily_unavailable"), 90033,
                           QStringLiteral("A transient error has occurred. Please try again."));
    } else {
        reply = armError(fault.status, reasonFor(fault.status), message);
    }
    if (fault.retryAfterSeconds >= 0)
        reply.headers.emplace_back("Retry-After", std::to_string(fault.retryAfterSeconds));
    return reply;
}

} // namespace palsandbox
