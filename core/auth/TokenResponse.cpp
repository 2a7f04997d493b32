#include "TokenResponse.h"

#include "AzureError.h"
#include "TenantId.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace pal {

namespace {
AzureError bad(const QString &what)
{
    return AzureError::make(AzureError::Kind::BadResponse, QStringLiteral("The token response %1.").arg(what));
}

qint64 number(const QJsonValue &v)
{
    // Entra sends numbers; some servers send them as strings.
    if (v.isDouble())
        return qint64(v.toDouble());
    if (v.isString())
        return v.toString().toLongLong();
    return 0;
}

QJsonObject decodeJsonSegment(const QByteArray &segment)
{
    const auto decoded = QByteArray::fromBase64Encoding(segment, QByteArray::Base64UrlEncoding |
                                                                     QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return {};
    return QJsonDocument::fromJson(*decoded).object();
}
} // namespace

Expected<TokenResponse> TokenResponse::parse(const QByteArray &json, Expect expect)
{
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    if (!doc.isObject())
        return bad(QStringLiteral("is not a JSON object"));
    const QJsonObject o = doc.object();
    TokenResponse r;
    r.raw = o;
    r.accessToken = o.value(QLatin1String("access_token")).toString().toUtf8();
    r.refreshToken = o.value(QLatin1String("refresh_token")).toString().toUtf8();
    r.idToken = o.value(QLatin1String("id_token")).toString().toUtf8();
    r.clientInfo = o.value(QLatin1String("client_info")).toString().toUtf8();
    r.tokenType = o.value(QLatin1String("token_type")).toString();
    r.scope = o.value(QLatin1String("scope")).toString();
    r.expiresIn = number(o.value(QLatin1String("expires_in")));
    r.extExpiresIn = number(o.value(QLatin1String("ext_expires_in")));
    r.refreshIn = number(o.value(QLatin1String("refresh_in")));
    r.familyId = o.value(QLatin1String("foci")).toString();

    if (r.accessToken.isEmpty())
        return bad(QStringLiteral("has no access_token"));
    if (r.expiresIn <= 0)
        return bad(QStringLiteral("has no positive expires_in"));
    if (!r.tokenType.isEmpty() && r.tokenType.compare(QLatin1String("Bearer"), Qt::CaseInsensitive) != 0)
        return bad(QStringLiteral("has token_type \"%1\", expected Bearer").arg(r.tokenType));
    if (expect == Expect::UserTokens) {
        if (r.refreshToken.isEmpty())
            return bad(QStringLiteral("has no refresh_token although offline_access was requested"));
        if (r.idToken.isEmpty())
            return bad(QStringLiteral("has no id_token although openid was requested"));
        if (r.clientInfo.isEmpty())
            return bad(QStringLiteral("has no client_info although client_info=1 was requested"));
    }
    return r;
}

QJsonObject jwtClaims(const QByteArray &jwt)
{
    const QList<QByteArray> parts = jwt.split('.');
    if (parts.size() != 3)
        return {};
    return decodeJsonSegment(parts.at(1));
}

Expected<Done> checkIdTokenClaims(const QJsonObject &claims, const IdTokenExpectation &expected)
{
    auto mismatch = [](const QString &what) {
        return AzureError::make(AzureError::Kind::BadResponse,
                                QStringLiteral("The ID token of the sign-in answer %1, so the sign-in was refused and "
                                               "nothing was stored. Check the cloud's login endpoint, then sign in "
                                               "again.")
                                    .arg(what),
                                QStringLiteral("id_token_mismatch"));
    };
    if (claims.isEmpty())
        return mismatch(QStringLiteral("is not a readable JWT"));

    const QJsonValue aud = claims.value(QLatin1String("aud"));
    const auto isClient = [&](const QJsonValue &v) {
        return v.toString().compare(expected.clientId, Qt::CaseInsensitive) == 0;
    };
    bool audOk = false;
    if (aud.isString()) {
        audOk = isClient(aud);
    } else if (aud.isArray()) {
        const QJsonArray list = aud.toArray();
        audOk = std::any_of(list.begin(), list.end(), isClient) &&
                (list.size() == 1 || isClient(claims.value(QLatin1String("azp"))));
    }
    if (!audOk)
        return mismatch(QStringLiteral("is for another app (aud %1), not %2")
                            .arg(aud.isArray()
                                     ? QString::fromUtf8(QJsonDocument(aud.toArray()).toJson(QJsonDocument::Compact))
                                     : aud.toString(),
                                 expected.clientId));

    const QString tid = claims.value(QLatin1String("tid")).toString();
    if (!isTenantGuid(tid))
        return mismatch(QStringLiteral("names no directory (tid)"));
    if (isTenantGuid(expected.tenant) && tid.compare(expected.tenant, Qt::CaseInsensitive) != 0)
        return mismatch(QStringLiteral("is for directory %1, not %2 that was asked for").arg(tid, expected.tenant));

    const QString base = expected.loginEndpoint.toString(QUrl::StripTrailingSlash);
    const QUrl wanted(base + QLatin1Char('/') + tid + QStringLiteral("/v2.0"));
    const QUrl iss(claims.value(QLatin1String("iss")).toString(), QUrl::StrictMode);
    if (!iss.isValid() || iss.adjusted(QUrl::StripTrailingSlash) != wanted)
        return mismatch(QStringLiteral("comes from issuer \"%1\", not %2")
                            .arg(claims.value(QLatin1String("iss")).toString(), wanted.toString()));
    // A document for one directory (a GUID or a domain authority) names that directory's issuer.
    // ({tenantid} for organizations/common: any directory).
    const QUrl discovered(expected.discoveredIssuer, QUrl::StrictMode);
    if (isTenantGuid(discovered.path().section(QLatin1Char('/'), 1, 1))) {
        if (discovered.adjusted(QUrl::StripTrailingSlash) != wanted)
            return mismatch(
                QStringLiteral("is for directory %1, not the one %2 names").arg(tid, expected.discoveredIssuer));
    }
    return Done{};
}

QJsonObject decodeClientInfo(const QByteArray &clientInfo)
{
    return decodeJsonSegment(clientInfo);
}

Expected<Identity> identityFrom(const TokenResponse &response)
{
    const QJsonObject claims = jwtClaims(response.idToken);
    if (claims.isEmpty())
        return bad(QStringLiteral("has an id_token that is not a readable JWT"));
    const QJsonObject info = decodeClientInfo(response.clientInfo);
    Identity id;
    const QString uid = info.value(QLatin1String("uid")).toString();
    const QString utid = info.value(QLatin1String("utid")).toString();
    if (!uid.isEmpty() && !utid.isEmpty())
        id.homeAccountId = uid + QLatin1Char('.') + utid;
    else if (!response.clientInfo.isEmpty())
        return bad(QStringLiteral("has a client_info without uid and utid"));
    else
        id.homeAccountId = claims.value(QLatin1String("sub")).toString();
    id.objectId = claims.value(QLatin1String("oid")).toString();
    id.tenantId = claims.value(QLatin1String("tid")).toString();
    id.username = claims.value(QLatin1String("preferred_username")).toString();
    if (id.username.isEmpty())
        id.username = claims.value(QLatin1String("upn")).toString();
    if (id.objectId.isEmpty())
        id.objectId = uid;
    if (id.tenantId.isEmpty())
        id.tenantId = utid;
    id.homeObjectId = uid.isEmpty() ? id.objectId : uid;
    id.homeTenantId = utid.isEmpty() ? id.tenantId : utid;
    if (id.homeAccountId.isEmpty() || id.objectId.isEmpty() || id.tenantId.isEmpty())
        return bad(QStringLiteral("has an id_token without oid and tid"));
    return id;
}

} // namespace pal
