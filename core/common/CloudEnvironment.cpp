#include "CloudEnvironment.h"

#include "JsonFile.h"

#include <QFile>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace pal {

namespace {
CloudEnvironment make(const char *name, const char *login, const char *arm, const char *scope, const char *portal)
{
    CloudEnvironment c;
    c.name = QString::fromLatin1(name);
    c.loginEndpoint = QUrl(QString::fromLatin1(login));
    c.resourceManagerEndpoint = QUrl(QString::fromLatin1(arm));
    c.armScope = QString::fromLatin1(scope);
    c.portalUrl = QUrl(QString::fromLatin1(portal));
    c.builtIn = true;
    return c;
}

QString stripSlash(QString s)
{
    while (s.endsWith(QLatin1Char('/')))
        s.chop(1);
    return s;
}
} // namespace

// Endpoints as Azure CLI's cloud.py lists them; the ARM scope is the ARM endpoint's .default,
// the scope the official Python SDK requests.
CloudEnvironment CloudEnvironment::azureCloud()
{
    return make("AzureCloud", "https://login.microsoftonline.com", "https://management.azure.com",
                "https://management.azure.com/.default", "https://portal.azure.com");
}

CloudEnvironment CloudEnvironment::azureChinaCloud()
{
    return make("AzureChinaCloud", "https://login.chinacloudapi.cn", "https://management.chinacloudapi.cn",
                "https://management.chinacloudapi.cn/.default", "https://portal.azure.cn");
}

CloudEnvironment CloudEnvironment::azureUSGovernment()
{
    return make("AzureUSGovernment", "https://login.microsoftonline.us", "https://management.usgovcloudapi.net",
                "https://management.usgovcloudapi.net/.default", "https://portal.azure.us");
}

QList<CloudEnvironment> CloudEnvironment::builtInClouds()
{
    return {azureCloud(), azureChinaCloud(), azureUSGovernment()};
}

std::optional<CloudEnvironment> CloudEnvironment::findBuiltIn(const QString &name)
{
    for (const CloudEnvironment &c : builtInClouds())
        if (c.name.compare(name, Qt::CaseInsensitive) == 0)
            return c;
    return std::nullopt;
}

bool isLoopbackHost(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

bool CloudEnvironment::isAcceptableEndpoint(const QUrl &url, QString *why)
{
    auto fail = [why](const QString &text) {
        if (why)
            *why = text;
        return false;
    };
    if (!url.isValid() || url.host().isEmpty())
        return fail(QStringLiteral("is not an absolute URL with a host"));
    if (url.hasQuery() || url.hasFragment() || !url.userInfo().isEmpty())
        return fail(QStringLiteral("must not carry a query, fragment or user info"));
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("https"))
        return true;
    if (scheme == QLatin1String("http")) {
        if (isLoopbackHost(url.host()))
            return true;
        return fail(QStringLiteral("uses plain http:// on a host that is not loopback; use https://"));
    }
    return fail(QStringLiteral("must use https://"));
}

namespace {
// The ARM resource (token audience) Entra has registered for each public ARM endpoint, as the
// Azure CLI's cloud.py lists them (active_directory_resource_id).
QString knownArmResource(const QString &armHost)
{
    const QString host = armHost.toLower();
    if (host == QLatin1String("management.azure.com"))
        return QStringLiteral("https://management.core.windows.net/");
    if (host == QLatin1String("management.chinacloudapi.cn"))
        return QStringLiteral("https://management.core.chinacloudapi.cn/");
    if (host == QLatin1String("management.usgovcloudapi.net"))
        return QStringLiteral("https://management.core.usgovcloudapi.net/");
    return {};
}

// Scheme, host, port and path (without trailing slashes) equal.
bool sameResource(const QUrl &a, const QUrl &b)
{
    const auto path = [](const QUrl &u) {
        QString p = u.path();
        while (p.endsWith(QLatin1Char('/')))
            p.chop(1);
        return p;
    };
    const int defaultA = a.scheme().compare(QLatin1String("http"), Qt::CaseInsensitive) == 0 ? 80 : 443;
    const int defaultB = b.scheme().compare(QLatin1String("http"), Qt::CaseInsensitive) == 0 ? 80 : 443;
    return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0 &&
           a.host().compare(b.host(), Qt::CaseInsensitive) == 0 && a.port(defaultA) == b.port(defaultB) &&
           path(a) == path(b) && !a.hasQuery() && !a.hasFragment() && a.userInfo().isEmpty();
}
} // namespace

bool CloudEnvironment::isArmScopeFor(const QUrl &resourceManagerEndpoint, const QString &scope, QString *why)
{
    // "{resource}/.default", or "{resource}/{permission}" (the resource may end with '/', as
    // "https://management.core.windows.net//.default" does).
    const qsizetype slash = scope.lastIndexOf(QLatin1Char('/'));
    const QUrl resource(slash > 0 ? scope.left(slash) : QString(), QUrl::StrictMode);
    const QString known = knownArmResource(resourceManagerEndpoint.host());
    if (resource.isValid() && !resource.host().isEmpty() && slash + 1 < scope.size() &&
        (sameResource(resource, resourceManagerEndpoint) || (!known.isEmpty() && sameResource(resource, QUrl(known)))))
        return true;
    if (why) {
        const QString own = resourceManagerEndpoint.toString(QUrl::StripTrailingSlash) + QStringLiteral("/.default");
        *why = known.isEmpty() ? QStringLiteral("it must name the Resource Manager endpoint's resource: %1").arg(own)
                               : QStringLiteral("it must name the Resource Manager endpoint's resource: %1 or %2")
                                     .arg(own, known + QStringLiteral("/.default"));
    }
    return false;
}

Expected<CloudEnvironment> CloudEnvironment::create(const QString &name, const QString &loginEndpoint,
                                                    const QString &resourceManagerEndpoint, const QString &armScope,
                                                    const QString &portalUrl)
{
    auto invalid = [](const QString &text) { return AzureError::make(AzureError::Kind::InvalidInput, text); };
    const QString trimmedName = name.trimmed();
    if (trimmedName.isEmpty())
        return invalid(QStringLiteral("The cloud needs a name."));
    for (QChar ch : trimmedName)
        if (!(ch.isLetterOrNumber() || ch == QLatin1Char('-') || ch == QLatin1Char('_') || ch == QLatin1Char('.')))
            return invalid(QStringLiteral("The cloud name \"%1\" may hold only letters, digits, '-', '_' and '.'.")
                               .arg(trimmedName));

    CloudEnvironment c;
    c.name = trimmedName;
    QString why;
    c.loginEndpoint = QUrl(stripSlash(loginEndpoint.trimmed()), QUrl::StrictMode);
    if (!isAcceptableEndpoint(c.loginEndpoint, &why))
        return invalid(QStringLiteral("The login endpoint \"%1\" %2.").arg(loginEndpoint, why));
    c.resourceManagerEndpoint = QUrl(stripSlash(resourceManagerEndpoint.trimmed()), QUrl::StrictMode);
    if (!isAcceptableEndpoint(c.resourceManagerEndpoint, &why))
        return invalid(QStringLiteral("The Resource Manager endpoint \"%1\" %2.").arg(resourceManagerEndpoint, why));
    c.armScope = armScope.trimmed().isEmpty() ? c.resourceManagerEndpoint.toString() + QStringLiteral("/.default")
                                              : armScope.trimmed();
    if (c.armScope.contains(QLatin1Char(' ')))
        return invalid(QStringLiteral("The ARM scope \"%1\" must be a single scope without spaces.").arg(c.armScope));
    // Otherwise a cloud could have ARM tokens (which carry the user's access) minted for another
    // host, and sent there.
    if (!isArmScopeFor(c.resourceManagerEndpoint, c.armScope, &why))
        return invalid(QStringLiteral("The ARM scope \"%1\" is not for the Resource Manager endpoint %2: %3.")
                           .arg(c.armScope, c.resourceManagerEndpoint.toString(), why));
    if (!portalUrl.trimmed().isEmpty()) {
        c.portalUrl = QUrl(stripSlash(portalUrl.trimmed()), QUrl::StrictMode);
        if (!isAcceptableEndpoint(c.portalUrl, &why))
            return invalid(QStringLiteral("The portal URL \"%1\" %2.").arg(portalUrl, why));
    }
    return c;
}

Expected<CloudEnvironment> CloudEnvironment::fromJson(const QJsonObject &o)
{
    for (const char *field : {"name", "loginEndpoint", "resourceManagerEndpoint"}) {
        const QString key = QString::fromLatin1(field);
        if (!o.value(key).isString())
            return AzureError::make(AzureError::Kind::InvalidInput,
                                    QStringLiteral("The field \"%1\" is missing or not a string.").arg(key));
    }
    for (const char *field : {"armScope", "portalUrl"}) {
        const QString key = QString::fromLatin1(field);
        if (o.contains(key) && !o.value(key).isString())
            return AzureError::make(AzureError::Kind::InvalidInput,
                                    QStringLiteral("The field \"%1\" must be a string.").arg(key));
    }
    return create(o.value(QLatin1String("name")).toString(), o.value(QLatin1String("loginEndpoint")).toString(),
                  o.value(QLatin1String("resourceManagerEndpoint")).toString(),
                  o.value(QLatin1String("armScope")).toString(), o.value(QLatin1String("portalUrl")).toString());
}

Expected<QList<CloudEnvironment>> CloudEnvironment::loadFile(const QString &path)
{
    auto fail = [&path](const QString &text) {
        return AzureError::make(AzureError::Kind::InvalidInput, QStringLiteral("%1: %2").arg(path, text));
    };
    const auto read = readJsonFile(path);
    if (!read)
        return read.error();
    const QJsonDocument &doc = read.value();
    QJsonArray items;
    if (doc.isArray())
        items = doc.array();
    else if (doc.isObject())
        items.append(doc.object());
    else
        return fail(QStringLiteral("expected a cloud object or an array of them."));
    QList<CloudEnvironment> clouds;
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (!items.at(i).isObject())
            return fail(QStringLiteral("entry %1 is not an object.").arg(i + 1));
        auto cloud = fromJson(items.at(i).toObject());
        if (!cloud)
            return fail(QStringLiteral("entry %1: %2").arg(i + 1).arg(cloud.error().message));
        clouds.append(cloud.value());
    }
    return clouds;
}

QJsonObject CloudEnvironment::toJson() const
{
    QJsonObject o{{QStringLiteral("name"), name},
                  {QStringLiteral("loginEndpoint"), loginEndpoint.toString()},
                  {QStringLiteral("resourceManagerEndpoint"), resourceManagerEndpoint.toString()},
                  {QStringLiteral("armScope"), armScope}};
    if (!portalUrl.isEmpty())
        o.insert(QStringLiteral("portalUrl"), portalUrl.toString());
    return o;
}

QUrl CloudEnvironment::authority(const QString &tenant) const
{
    QUrl url = loginEndpoint;
    url.setPath(stripSlash(url.path()) + QLatin1Char('/') + tenant);
    return url;
}

} // namespace pal
