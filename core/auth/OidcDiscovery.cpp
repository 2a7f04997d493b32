#include "OidcDiscovery.h"

#include "AuthHttp.h"
#include "EntraError.h"
#include "TenantId.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUuid>

namespace pal {

Expected<QString> normalizeTenant(const QString &tenant)
{
    const QString t = tenant.trimmed().toLower();
    auto invalid = [&tenant](const QString &why) {
        return AzureError::make(AzureError::Kind::InvalidInput,
                                QStringLiteral("The directory \"%1\" is not valid: %2").arg(tenant, why));
    };
    if (t.isEmpty())
        return invalid(QStringLiteral("it is empty; use organizations, a directory ID (GUID) or a domain."));
    if (t == QLatin1String("organizations") || t == QLatin1String("common") || t == QLatin1String("consumers"))
        return t;
    if (isTenantGuid(t))
        return QUuid::fromString(t).toString(QUuid::WithoutBraces);
    static const QRegularExpression domain(
        QStringLiteral("^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$"));
    if (domain.match(t).hasMatch())
        return t;
    return invalid(QStringLiteral("expected organizations, common, a directory ID (GUID) or a domain such as "
                                  "contoso.onmicrosoft.com."));
}

namespace {
// Same scheme, host (case-insensitive) and port as the authority: Entra's documents always name
// their own host (login.microsoftonline.com, login.chinacloudapi.cn, login.microsoftonline.us).
bool isOnLoginHost(const QUrl &url, const QUrl &authority)
{
    const int defaultPort = url.scheme() == QLatin1String("https") ? 443 : 80;
    return url.scheme().compare(authority.scheme(), Qt::CaseInsensitive) == 0 &&
           url.host().compare(authority.host(), Qt::CaseInsensitive) == 0 &&
           url.port(defaultPort) == authority.port(defaultPort);
}
} // namespace

QUrl OidcDiscovery::documentUrl(const CloudEnvironment &cloud, const QString &tenant)
{
    QUrl url = cloud.authority(tenant);
    url.setPath(url.path() + QStringLiteral("/v2.0/.well-known/openid-configuration"));
    return url;
}

Expected<OidcConfiguration> OidcDiscovery::parse(const QByteArray &json, const QUrl &authority, const QUrl &documentUrl)
{
    auto bad = [&documentUrl](const QString &why) {
        return AzureError::make(AzureError::Kind::BadResponse,
                                QStringLiteral("The OpenID configuration at %1 %2").arg(documentUrl.toString(), why));
    };
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    if (!doc.isObject())
        return bad(QStringLiteral("is not a JSON object."));
    const QJsonObject o = doc.object();
    OidcConfiguration config;
    config.authority = authority;
    config.issuer = o.value(QLatin1String("issuer")).toString();
    struct Field
    {
        const char *name;
        QUrl *target;
        bool required;
    };
    const Field fields[] = {{"authorization_endpoint", &config.authorizationEndpoint, true},
                            {"token_endpoint", &config.tokenEndpoint, true},
                            {"device_authorization_endpoint", &config.deviceAuthorizationEndpoint, false}};
    for (const Field &f : fields) {
        const QString name = QString::fromLatin1(f.name);
        const QString value = o.value(name).toString();
        if (value.isEmpty()) {
            if (f.required)
                return bad(QStringLiteral("has no \"%1\".").arg(name));
            continue;
        }
        const QUrl url(value, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty() || url.hasFragment() ||
            !(url.scheme() == QLatin1String("https") ||
              (url.scheme() == QLatin1String("http") && isLoopbackHost(url.host()))))
            return bad(QStringLiteral("has an unusable \"%1\" (%2): it must be an https:// URL.").arg(name, value));
        if (!isOnLoginHost(url, authority))
            return bad(QStringLiteral("names \"%1\" on %2, which is not the cloud's login host %3; nothing is sent "
                                      "there.")
                           .arg(name, url.toString(QUrl::RemoveQuery | QUrl::RemovePath),
                                authority.toString(QUrl::RemoveQuery | QUrl::RemovePath)));
        *f.target = url;
    }
    return config;
}

QNetworkReply *OidcDiscovery::fetch(QNetworkAccessManager *network, const CloudEnvironment &cloud,
                                    const QString &tenant, QObject *context, Completion<OidcConfiguration> done,
                                    std::chrono::milliseconds timeout)
{
    const QUrl authority = cloud.authority(tenant);
    const QUrl url = documentUrl(cloud, tenant);
    return getUrl(
        network, url, context,
        [=](const HttpAnswer &answer) {
            if (answer.status == 0)
                return done(transportError(answer, url));
            if (answer.status != 200) {
                AzureError e = entraError(answer.status, answer.body, tenant);
                const QString said =
                    e.kind == AzureError::Kind::BadResponse ? QString() : QStringLiteral(" ") + e.message;
                e.kind = answer.status == 429   ? AzureError::Kind::Throttled
                         : answer.status >= 500 ? AzureError::Kind::Server
                                                : AzureError::Kind::InvalidInput;
                e.message = QStringLiteral("No OpenID configuration for directory \"%1\" at %2 (HTTP %3): check the "
                                           "directory and the cloud (%4).%5")
                                .arg(tenant, url.toString())
                                .arg(answer.status)
                                .arg(cloud.name, said);
                return done(e);
            }
            done(parse(answer.body, authority, url));
        },
        timeout);
}

} // namespace pal
