#pragma once
// AzureError: the one error value every core operation reports. It says what kind of failure
// happened in the user's terms, keeps what the service said (code, message) and the ids a user can
// quote to Microsoft support, and turns itself into a sentence that says what to do next.

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <chrono>
#include <optional>

namespace pal {

struct AzureError
{
    enum class Kind {
        Network,             // connection refused, reset, DNS, TLS
        Timeout,             // no answer within the policy's timeout
        Unauthorized,        // 401: token rejected
        Forbidden,           // 403: identity lacks permission
        NotFound,            // 404: e.g. no partner link for this identity
        Conflict,            // 409: e.g. already linked
        Throttled,           // 429 (retryAfter set when the service said)
        Server,              // 5xx
        BadResponse,         // not what the API promises: content type, JSON, missing fields
        Cancelled,           // the caller cancelled
        InvalidInput,        // rejected before anything was sent
        InteractionRequired, // Entra wants the user (MFA, conditional access, consent) in `tenantId`
        SignInFailed,        // Entra refused the sign-in (bad secret, expired grant, ...)
        Keychain,            // the OS keychain failed or is unreachable
        BadRequest,          // 400 from the service, and any other 4xx
    };

    Kind kind = Kind::Network;
    int httpStatus = 0;    // 0 when no HTTP answer was received
    QString code;          // the service's code, e.g. "Conflict", "invalid_grant", "AADSTS50076"
    QString message;       // the service's or our own message, in plain words
    QString requestId;     // x-ms-request-id or x-ms-client-request-id we sent
    QString correlationId; // x-ms-correlation-request-id / Entra correlation_id
    QString tenantId;      // the directory the failure concerns, when known
    QString
        resource; // the resource a token was for, when the failure is a token's (e.g. https://management.azure.com/)
    std::optional<std::chrono::seconds> retryAfter;
    // A write (PUT, PATCH, DELETE) that may or may not have been applied: its answer was a 5xx,
    // never came (timeout, connection lost) or was cut off. It was not sent again; read the state
    // (e.g. the partner link) before reporting success, failure or "already linked".
    bool outcomeUnknown = false;

    static AzureError make(Kind kind, QString message, QString code = {});

    // A sentence for people: what happened and what to do, with the ids to quote.
    QString userMessage() const;
    // A short name of the kind, e.g. "not found"; stable, used in reports and CLI output.
    static QString kindName(Kind kind);
    QString kindName() const { return kindName(kind); }
};

} // namespace pal

Q_DECLARE_METATYPE(pal::AzureError)
