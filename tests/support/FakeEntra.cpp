#include "FakeEntra.h"

#include "AccountManager.h"
#include "TenantId.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace pal::test {

namespace FakeEntra {

QString loginBase()
{
    return QStringLiteral("https://login.test");
}

QByteArray discovery(const QString &tenant, bool withDevice)
{
    const QString base = loginBase() + QLatin1Char('/') + tenant + QStringLiteral("/oauth2/v2.0/");
    QJsonObject o{
        // As Entra: organizations and common name the {tenantid} template, a directory its own issuer.
        {QStringLiteral("issuer"),
         QString(loginBase() + QLatin1Char('/') + (pal::isTenantGuid(tenant) ? tenant : QStringLiteral("{tenantid}")) +
                 QStringLiteral("/v2.0"))},
        {QStringLiteral("authorization_endpoint"), QString(base + QStringLiteral("authorize"))},
        {QStringLiteral("token_endpoint"), QString(base + QStringLiteral("token"))}};
    if (withDevice)
        o.insert(QStringLiteral("device_authorization_endpoint"), QString(base + QStringLiteral("devicecode")));
    return QJsonDocument(o).toJson();
}

QByteArray jwt(const QJsonObject &claims)
{
    const auto enc = [](const QByteArray &b) {
        return b.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    };
    return enc(R"({"alg":"none","typ":"JWT"})") + '.' + enc(QJsonDocument(claims).toJson(QJsonDocument::Compact)) +
           ".c2ln";
}

QByteArray clientInfo(const QString &uid, const QString &utid)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("uid"), uid}, {QStringLiteral("utid"), utid}})
        .toJson(QJsonDocument::Compact)
        .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QJsonObject idTokenClaims(const QString &oid, const QString &tid, const QString &username, const QString &audience)
{
    return {{QStringLiteral("aud"), audience.isEmpty() ? pal::defaultClientId() : audience},
            {QStringLiteral("iss"), QString(loginBase() + QLatin1Char('/') + tid + QStringLiteral("/v2.0"))},
            {QStringLiteral("oid"), oid},
            {QStringLiteral("tid"), tid},
            {QStringLiteral("sub"), QString(QStringLiteral("sub-") + oid)},
            {QStringLiteral("preferred_username"), username}};
}

QByteArray userTokens(const QString &oid, const QString &tid, const QString &username, const QString &refreshToken,
                      const QString &accessTokenTag, int expiresIn, const QString &homeTid, const QString &homeOid,
                      const QString &audience)
{
    const QByteArray at =
        jwt({{QStringLiteral("oid"), oid}, {QStringLiteral("tid"), tid}, {QStringLiteral("tag"), accessTokenTag}});
    const QByteArray id = jwt(idTokenClaims(oid, tid, username, audience));
    return QJsonDocument(QJsonObject{{QStringLiteral("token_type"), QStringLiteral("Bearer")},
                                     {QStringLiteral("scope"), QStringLiteral("https://arm.test/user_impersonation")},
                                     {QStringLiteral("expires_in"), expiresIn},
                                     {QStringLiteral("ext_expires_in"), expiresIn},
                                     {QStringLiteral("access_token"), QString::fromLatin1(at)},
                                     {QStringLiteral("refresh_token"), refreshToken},
                                     {QStringLiteral("id_token"), QString::fromLatin1(id)},
                                     {QStringLiteral("client_info"),
                                      QString::fromLatin1(clientInfo(homeOid.isEmpty() ? oid : homeOid,
                                                                     homeTid.isEmpty() ? tid : homeTid))}})
        .toJson();
}

QByteArray appTokens(const QString &oid, const QString &tid, int expiresIn)
{
    const QByteArray at = jwt({{QStringLiteral("oid"), oid}, {QStringLiteral("tid"), tid}});
    return QJsonDocument(QJsonObject{{QStringLiteral("token_type"), QStringLiteral("Bearer")},
                                     {QStringLiteral("expires_in"), expiresIn},
                                     {QStringLiteral("access_token"), QString::fromLatin1(at)}})
        .toJson();
}

QByteArray error(const QString &error, int code, const QString &description)
{
    QJsonObject o{{QStringLiteral("error"), error},
                  {QStringLiteral("error_description"),
                   QString(description + QStringLiteral("\r\nTrace ID: t-1\r\nCorrelation ID: c-1\r\nTimestamp: now"))},
                  {QStringLiteral("trace_id"), QStringLiteral("t-1")},
                  {QStringLiteral("correlation_id"), QStringLiteral("c-1")}};
    if (code)
        o.insert(QStringLiteral("error_codes"), QJsonArray{code});
    return QJsonDocument(o).toJson();
}

FakeNetwork::Handler withDiscovery(FakeNetwork::Handler next, bool withDevice)
{
    return [next, withDevice](const RecordedRequest &call) -> FakeResponse {
        const QString path = call.url.path();
        if (path.endsWith(QLatin1String("/v2.0/.well-known/openid-configuration"))) {
            const QString tenant = path.section(QLatin1Char('/'), 1, 1);
            return {200, discovery(tenant, withDevice)};
        }
        return next ? next(call) : FakeResponse{404, {}};
    };
}

} // namespace FakeEntra

} // namespace pal::test
