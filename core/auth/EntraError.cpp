#include "EntraError.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace pal {

namespace {

enum class Reason {
    None,
    Mfa,
    MfaEnrolment,
    ExternalChallenge,
    ConditionalAccess,
    Consent,
    NotPreauthorized,
    SignInFrequency,
    GrantExpired
};

Reason reasonFor(int code)
{
    switch (code) {
    case 50076:
    case 50078:
    case 50074:
        return Reason::Mfa;
    case 50079:
        return Reason::MfaEnrolment;
    case 50158:
        return Reason::ExternalChallenge;
    case 53000:
    case 53001:
    case 53002:
    case 53003:
    case 530035:
        return Reason::ConditionalAccess;
    case 65001:
    case 65004:
    case 90094:
        return Reason::Consent;
    case 65002:
        return Reason::NotPreauthorized;
    case 70043:
        return Reason::SignInFrequency;
    case 700082:
    case 70008:
    case 50173:
    case 50132:
    case 50133:
    case 50055:
        return Reason::GrantExpired;
    default:
        return Reason::None;
    }
}

QString directoryName(const QString &tenantId)
{
    return tenantId.isEmpty() ? QStringLiteral("The directory") : QStringLiteral("Directory %1").arg(tenantId);
}

QString sentenceFor(Reason reason, const QString &tenantId)
{
    const QString dir = directoryName(tenantId);
    switch (reason) {
    case Reason::Mfa:
        return QStringLiteral("%1 requires multi-factor authentication; sign in to it interactively.").arg(dir);
    case Reason::MfaEnrolment:
        return QStringLiteral("%1 requires you to register for multi-factor authentication; sign in to it "
                              "interactively.")
            .arg(dir);
    case Reason::ExternalChallenge:
        return QStringLiteral("%1 requires an external security challenge; sign in to it interactively.").arg(dir);
    case Reason::ConditionalAccess:
        return QStringLiteral("%1 blocks this sign-in with a conditional access policy.").arg(dir);
    case Reason::Consent:
        return QStringLiteral("%1 has not consented to the application; an administrator must grant consent, or "
                              "sign in interactively to consent.")
            .arg(dir);
    case Reason::NotPreauthorized:
        return QStringLiteral("%1 does not let this application get tokens for that resource (it is not "
                              "pre-authorised); use another application or ask its owner.")
            .arg(dir);
    case Reason::SignInFrequency:
        return QStringLiteral("%1 requires you to sign in again (sign-in frequency policy).").arg(dir);
    case Reason::GrantExpired:
        return QStringLiteral("The sign-in has expired or was revoked; sign in again.");
    case Reason::None:
        break;
    }
    return QStringLiteral("%1 requires interactive sign-in.").arg(dir);
}

} // namespace

EntraErrorBody parseEntraErrorBody(const QByteArray &body)
{
    EntraErrorBody e;
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (!doc.isObject())
        return e;
    const QJsonObject o = doc.object();
    if (!o.value(QLatin1String("error")).isString())
        return e;
    e.valid = true;
    e.error = o.value(QLatin1String("error")).toString();
    QString description = o.value(QLatin1String("error_description")).toString();
    const qsizetype lineEnd = description.indexOf(QLatin1Char('\n'));
    if (lineEnd >= 0)
        description.truncate(lineEnd);
    e.description = description.trimmed();
    for (const QJsonValue &v : o.value(QLatin1String("error_codes")).toArray())
        if (v.isDouble())
            e.codes.append(v.toInt());
    e.traceId = o.value(QLatin1String("trace_id")).toString();
    e.correlationId = o.value(QLatin1String("correlation_id")).toString();
    e.suberror = o.value(QLatin1String("suberror")).toString();
    return e;
}

AzureError entraError(int httpStatus, const QByteArray &body, const QString &tenantId)
{
    using K = AzureError::Kind;
    const EntraErrorBody parsed = parseEntraErrorBody(body);
    AzureError e;
    e.httpStatus = httpStatus;
    e.tenantId = tenantId;
    if (!parsed.valid) {
        if (httpStatus == 429)
            e.kind = K::Throttled;
        else if (httpStatus >= 500)
            e.kind = K::Server;
        else
            e.kind = K::BadResponse;
        e.message = httpStatus
                        ? QStringLiteral("Entra ID answered HTTP %1 without an error description.").arg(httpStatus)
                        : QStringLiteral("Entra ID sent an answer that is not its error format.");
        return e;
    }
    e.requestId = parsed.traceId;
    e.correlationId = parsed.correlationId;
    e.code = parsed.codes.isEmpty() ? parsed.error : QStringLiteral("AADSTS%1").arg(parsed.codes.first());

    Reason reason = Reason::None;
    for (int code : parsed.codes) {
        reason = reasonFor(code);
        if (reason != Reason::None) {
            e.code = QStringLiteral("AADSTS%1").arg(code);
            break;
        }
    }
    const bool interaction = parsed.error == QLatin1String("interaction_required") ||
                             parsed.error == QLatin1String("consent_required") ||
                             parsed.error == QLatin1String("login_required");
    const QString detail =
        parsed.description.isEmpty() ? QString() : QStringLiteral(" Entra ID said: ") + parsed.description;

    if (reason != Reason::None || interaction) {
        e.kind = K::InteractionRequired;
        e.message = sentenceFor(reason, tenantId) + detail;
        return e;
    }
    for (int code : parsed.codes) {
        if (code == 50020 || code == 50034 || code == 16003 || code == 90072) {
            e.kind = K::SignInFailed;
            e.code = QStringLiteral("AADSTS%1").arg(code);
            e.message = QStringLiteral("The account is not a member or guest of %1; ask its administrator for an "
                                       "invitation, or skip it.")
                            .arg(tenantId.isEmpty() ? QStringLiteral("this directory")
                                                    : QStringLiteral("directory %1").arg(tenantId)) +
                        detail;
            return e;
        }
        if (code == 90002) {
            e.kind = K::InvalidInput;
            e.code = QStringLiteral("AADSTS90002");
            e.message = QStringLiteral("Directory %1 does not exist in this cloud; check the directory ID and the "
                                       "cloud.")
                            .arg(tenantId) +
                        detail;
            return e;
        }
    }
    if (httpStatus == 429) {
        e.kind = K::Throttled;
    } else if (httpStatus >= 500 || parsed.error == QLatin1String("temporarily_unavailable")) {
        e.kind = K::Server;
    } else if (parsed.error == QLatin1String("invalid_grant") && parsed.codes.isEmpty()) {
        // A refresh token or code Entra no longer accepts, with no finer code: sign in again.
        e.kind = K::InteractionRequired;
        e.message = sentenceFor(Reason::GrantExpired, tenantId) + detail;
        return e;
    } else {
        e.kind = K::SignInFailed;
    }
    e.message = (parsed.description.isEmpty() ? QStringLiteral("Entra ID refused the request (%1).").arg(parsed.error)
                                              : parsed.description);
    return e;
}

bool needsFullSignIn(const AzureError &error)
{
    if (error.kind != AzureError::Kind::InteractionRequired)
        return false;
    if (error.code == QLatin1String("invalid_grant") || error.code == QLatin1String("signed_out") ||
        error.code == QLatin1String("damaged_cache"))
        return true;
    if (!error.code.startsWith(QLatin1String("AADSTS")))
        return false;
    bool ok = false;
    const int code = error.code.mid(6).toInt(&ok);
    return ok && reasonFor(code) == Reason::GrantExpired;
}

} // namespace pal
