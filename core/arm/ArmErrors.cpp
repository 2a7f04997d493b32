#include "ArmPipeline.h"
#include "ServiceText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

// How ARM's (and the ARM-like Power Platform services') error answers become AzureErrors.

namespace pal {

using Kind = AzureError::Kind;

namespace {

Kind kindForStatus(int status)
{
    switch (status) {
    case 400:
        return Kind::BadRequest;
    case 401:
        return Kind::Unauthorized;
    case 403:
        return Kind::Forbidden;
    case 404:
        return Kind::NotFound;
    case 409:
        return Kind::Conflict;
    case 429:
        return Kind::Throttled;
    default:
        break;
    }
    if (status >= 500 && status <= 599)
        return Kind::Server;
    if (status >= 400 && status <= 499)
        return Kind::BadRequest;
    return Kind::BadResponse; // 1xx/3xx: not something ARM answers to these operations
}

QString defaultMessage(int status, const QString &service)
{
    switch (kindForStatus(status)) {
    case Kind::BadRequest:
        return QStringLiteral("%1 rejected the request (HTTP %2).").arg(service).arg(status);
    case Kind::Unauthorized:
        return QStringLiteral("%1 did not accept the sign-in token (HTTP 401).").arg(service);
    case Kind::Forbidden:
        return QStringLiteral("This identity is not allowed to do that (HTTP 403).");
    case Kind::NotFound:
        return QStringLiteral("Not found (HTTP 404).");
    case Kind::Conflict:
        return QStringLiteral("The request conflicts with the current state (HTTP 409).");
    case Kind::Throttled:
        return QStringLiteral("Too many requests (HTTP 429).");
    case Kind::Server:
        return QStringLiteral("%1 failed (HTTP %2).").arg(service).arg(status);
    default:
        return QStringLiteral("Unexpected HTTP status %1.").arg(status);
    }
}

} // namespace

AzureError armErrorFromResponse(int httpStatus, const QByteArray &body, const QString &requestId,
                                const QString &correlationId, const QString &service)
{
    AzureError e;
    e.kind = kindForStatus(httpStatus);
    e.httpStatus = httpStatus;
    e.requestId = requestId;
    e.correlationId = correlationId.isEmpty() ? requestId : correlationId;

    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error == QJsonParseError::NoError && doc.isObject()) {
        const QJsonObject top = doc.object();
        const QJsonValue inner = top.value(QStringLiteral("error"));
        // ARM's shape {"error":{"code","message"}} first, then the top-level code/message shape.
        if (inner.isObject()) {
            e.code = inner.toObject().value(QStringLiteral("code")).toString();
            e.message = inner.toObject().value(QStringLiteral("message")).toString();
            // Power BI: {"error":{"code","pbi.error":{"code","details":[{"message"|"detail":{"value"}}]}}}
            const QJsonObject pbi = inner.toObject().value(QStringLiteral("pbi.error")).toObject();
            if (e.code.isEmpty())
                e.code = pbi.value(QStringLiteral("code")).toString();
            for (const auto &d : pbi.value(QStringLiteral("details")).toArray()) {
                if (!e.message.isEmpty())
                    break;
                const QJsonObject detail = d.toObject();
                e.message = detail.value(QStringLiteral("message"))
                                .toString(detail.value(QStringLiteral("detail"))
                                              .toObject()
                                              .value(QStringLiteral("value"))
                                              .toString());
            }
        }
        if (e.code.isEmpty())
            e.code = top.value(QStringLiteral("code")).toString();
        if (e.message.isEmpty())
            e.message = top.value(QStringLiteral("message")).toString();
        if (e.message.isEmpty() && inner.isString()) // OAuth-style {"error":"...","error_description":"..."}
            e.message = top.value(QStringLiteral("error_description")).toString(inner.toString());
    }
    if (e.message.isEmpty())
        e.message = defaultMessage(httpStatus, service.isEmpty() ? QStringLiteral("Azure Resource Manager") : service);
    // What a server says is kept and shown at most MaxServiceText long, wherever it goes next.
    e.message = capServiceText(e.message);
    e.code = capServiceText(e.code);
    return e;
}

} // namespace pal
