#include "AzureError.h"

#include "ConfigLock.h"

namespace pal {

AzureError AzureError::make(Kind kind, QString message, QString code)
{
    AzureError e;
    e.kind = kind;
    e.message = std::move(message);
    e.code = std::move(code);
    return e;
}

QString AzureError::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Network:
        return QStringLiteral("network");
    case Kind::Timeout:
        return QStringLiteral("timeout");
    case Kind::Unauthorized:
        return QStringLiteral("unauthorized");
    case Kind::Forbidden:
        return QStringLiteral("forbidden");
    case Kind::NotFound:
        return QStringLiteral("not found");
    case Kind::Conflict:
        return QStringLiteral("conflict");
    case Kind::Throttled:
        return QStringLiteral("throttled");
    case Kind::Server:
        return QStringLiteral("server");
    case Kind::BadResponse:
        return QStringLiteral("bad response");
    case Kind::Cancelled:
        return QStringLiteral("cancelled");
    case Kind::InvalidInput:
        return QStringLiteral("invalid input");
    case Kind::InteractionRequired:
        return QStringLiteral("interaction required");
    case Kind::SignInFailed:
        return QStringLiteral("sign-in failed");
    case Kind::Keychain:
        return QStringLiteral("keychain");
    case Kind::BadRequest:
        return QStringLiteral("bad request");
    }
    return QStringLiteral("unknown");
}

static QString advice(const AzureError &e)
{
    using K = AzureError::Kind;
    switch (e.kind) {
    case K::Network:
        return QStringLiteral("Check your network connection and try again.");
    case K::Timeout:
        // The configuration lock's wait says itself what to do; no service was asked anything.
        if (e.code == ConfigLock::LockedCode)
            return {};
        return QStringLiteral("The service did not answer in time. Try again in a moment.");
    case K::Unauthorized:
        return QStringLiteral("Your sign-in was not accepted. Sign in again.");
    case K::Forbidden:
        return QStringLiteral("This identity is not allowed to do that in this directory. "
                              "Ask the customer's administrator for a role in this directory.");
    case K::NotFound:
        return {};
    case K::Conflict:
        return {};
    case K::Throttled:
        return e.retryAfter
                   ? QStringLiteral("Azure is limiting requests; try again in %1 s.").arg(e.retryAfter->count())
                   : QStringLiteral("Azure is limiting requests; try again in a minute.");
    case K::Server:
        return QStringLiteral(
            "Azure had a problem. Try again later; if it persists, quote the request id to Microsoft support.");
    case K::BadResponse:
        return QStringLiteral("Azure sent an answer PAL Desk does not understand. Quote the request id to support.");
    case K::Cancelled:
        return {};
    case K::InvalidInput:
        return {};
    case K::InteractionRequired:
        return e.tenantId.isEmpty() ? QStringLiteral("Sign in again interactively.")
                                    : QStringLiteral("Sign in interactively to directory %1.").arg(e.tenantId);
    case K::SignInFailed:
        return QStringLiteral("Check the account, directory and credentials, then sign in again.");
    case K::Keychain:
        return QStringLiteral("Unlock or start your system keychain (Secret Service), then try again.");
    case K::BadRequest:
        return {};
    }
    return {};
}

QString AzureError::userMessage() const
{
    QString text = message.isEmpty() ? kindName() : message;
    if (!code.isEmpty() && !text.contains(code))
        text += QStringLiteral(" (%1)").arg(code);
    if (const QString a = advice(*this); !a.isEmpty())
        text += QLatin1Char(' ') + a;
    if (!requestId.isEmpty())
        text += QStringLiteral(" Request id: %1.").arg(requestId);
    if (!correlationId.isEmpty() && correlationId != requestId)
        text += QStringLiteral(" Correlation id: %1.").arg(correlationId);
    return text;
}

} // namespace pal
