#include "CloudEnvironment.h"

#include "JsonFile.h"
#include "TokenAudienceRule.h"

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
//
// Power Platform hosts: the public cloud's as Microsoft.PowerApps.Administration.PowerShell's
// AuthModule ("prod") and the Power BI REST reference name them. Where a host or its token audience
// could not be sourced, the service stays empty ("not available in this cloud"); a custom cloud
// file can name it.
CloudEnvironment CloudEnvironment::azureCloud()
{
    CloudEnvironment c = make("AzureCloud", "https://login.microsoftonline.com", "https://management.azure.com",
                              "https://management.azure.com/.default", "https://portal.azure.com");
    c.powerPlatformEndpoints = {
        QUrl(QStringLiteral("https://api.bap.microsoft.com")), QUrl(QStringLiteral("https://api.powerapps.com")),
        QUrl(QStringLiteral("https://api.flow.microsoft.com")), QUrl(QStringLiteral("https://api.powerbi.com"))};
    return c;
}

CloudEnvironment CloudEnvironment::azureChinaCloud()
{
    CloudEnvironment c =
        make("AzureChinaCloud", "https://login.chinacloudapi.cn", "https://management.chinacloudapi.cn",
             "https://management.chinacloudapi.cn/.default", "https://portal.azure.cn");
    // BAP and Power Apps: the AuthModule's "china" endpoint (audience https://service.powerapps.cn/).
    // Its flow host (api.powerautomate.cn) has no sourced token audience, so flows stay unavailable.
    // Power BI: docs.azure.cn's national-cloud embedding tutorial (api.powerbi.cn, analysis.chinacloudapi.cn).
    c.powerPlatformEndpoints[size_t(PowerPlatformService::Bap)] =
        QUrl(QStringLiteral("https://api.bap.partner.microsoftonline.cn"));
    c.powerPlatformEndpoints[size_t(PowerPlatformService::PowerApps)] =
        QUrl(QStringLiteral("https://api.powerapps.cn"));
    c.powerPlatformEndpoints[size_t(PowerPlatformService::PowerBi)] = QUrl(QStringLiteral("https://api.powerbi.cn"));
    c.powerPlatformAudiences[size_t(PowerPlatformService::Bap)] = QStringLiteral("https://service.powerapps.cn/");
    c.powerPlatformAudiences[size_t(PowerPlatformService::PowerApps)] = QStringLiteral("https://service.powerapps.cn/");
    c.powerPlatformAudiences[size_t(PowerPlatformService::PowerBi)] =
        QStringLiteral("https://analysis.chinacloudapi.cn/powerbi/api");
    return c;
}

CloudEnvironment CloudEnvironment::azureUSGovernment()
{
    // No Power Platform endpoints: this cloud's sign-in serves both GCC High (high.api.*.microsoft.us)
    // and DoD (api.*.appsplatform.us), whose hosts and audiences differ, and PAL Desk cannot tell a
    // directory's from its sign-in. A custom cloud file names the right ones.
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
// The fields, checked one by one; TokenAudienceRule is applied by the callers, once all are known.
Expected<CloudEnvironment> build(const QString &name, const QString &loginEndpoint,
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
    if (!CloudEnvironment::isAcceptableEndpoint(c.loginEndpoint, &why))
        return invalid(QStringLiteral("The login endpoint \"%1\" %2.").arg(loginEndpoint, why));
    c.resourceManagerEndpoint = QUrl(stripSlash(resourceManagerEndpoint.trimmed()), QUrl::StrictMode);
    if (!CloudEnvironment::isAcceptableEndpoint(c.resourceManagerEndpoint, &why))
        return invalid(QStringLiteral("The Resource Manager endpoint \"%1\" %2.").arg(resourceManagerEndpoint, why));
    c.armScope = armScope.trimmed().isEmpty() ? c.resourceManagerEndpoint.toString() + QStringLiteral("/.default")
                                              : armScope.trimmed();
    if (c.armScope.contains(QLatin1Char(' ')))
        return invalid(QStringLiteral("The ARM scope \"%1\" must be a single scope without spaces.").arg(c.armScope));
    if (const auto resource = scopeResource(c.armScope); !resource)
        return invalid(QStringLiteral("The ARM scope: %1").arg(resource.error().message));
    if (!portalUrl.trimmed().isEmpty()) {
        c.portalUrl = QUrl(stripSlash(portalUrl.trimmed()), QUrl::StrictMode);
        if (!CloudEnvironment::isAcceptableEndpoint(c.portalUrl, &why))
            return invalid(QStringLiteral("The portal URL \"%1\" %2.").arg(portalUrl, why));
    }
    return c;
}

// The rule, as `foreign` says: refuse, or trust the hosts it refuses.
Expected<CloudEnvironment> applyAudienceRule(CloudEnvironment c, ForeignAudience foreign)
{
    if (foreign == ForeignAudience::Trust) {
        for (const QString &host : c.foreignAudienceHosts())
            if (!c.trustedHosts.contains(host))
                c.trustedHosts.append(host);
        return c;
    }
    if (const auto checked = c.checkAudiences(); !checked)
        return checked.error();
    return c;
}
} // namespace

Expected<CloudEnvironment> CloudEnvironment::create(const QString &name, const QString &loginEndpoint,
                                                    const QString &resourceManagerEndpoint, const QString &armScope,
                                                    const QString &portalUrl, ForeignAudience foreign)
{
    const auto built = build(name, loginEndpoint, resourceManagerEndpoint, armScope, portalUrl);
    if (!built)
        return built;
    return applyAudienceRule(built.value(), foreign);
}

namespace {
Expected<CloudEnvironment> powerPlatformFields(const CloudEnvironment &base, const QJsonObject &endpoints,
                                               const QJsonObject &audiences)
{
    auto invalid = [](const QString &text) { return AzureError::make(AzureError::Kind::InvalidInput, text); };
    QStringList keys;
    for (PowerPlatformService s : allPowerPlatformServices)
        keys << CloudEnvironment::powerPlatformKey(s);
    for (const auto &[object, field] :
         {std::pair{&endpoints, "powerPlatformEndpoints"}, std::pair{&audiences, "powerPlatformAudiences"}}) {
        for (auto it = object->begin(); it != object->end(); ++it) {
            if (!keys.contains(it.key()))
                return invalid(QStringLiteral("\"%1\" has an unknown key \"%2\"; the keys are %3.")
                                   .arg(QLatin1String(field), it.key(), keys.join(QStringLiteral(", "))));
            if (!it.value().isString() && !it.value().isNull())
                return invalid(QStringLiteral("\"%1.%2\" must be a string.").arg(QLatin1String(field), it.key()));
        }
    }
    CloudEnvironment c = base;
    for (PowerPlatformService s : allPowerPlatformServices) {
        const QString key = CloudEnvironment::powerPlatformKey(s);
        const QString url = endpoints.value(key).toString().trimmed();
        if (!url.isEmpty()) {
            QString why;
            const QUrl parsed(stripSlash(url), QUrl::StrictMode);
            if (!CloudEnvironment::isAcceptableEndpoint(parsed, &why))
                return invalid(QStringLiteral("The %1 endpoint \"%2\" %3.")
                                   .arg(CloudEnvironment::powerPlatformServiceName(s), url, why));
            c.powerPlatformEndpoints[size_t(s)] = parsed;
        }
        const QString audience = audiences.value(key).toString().trimmed();
        if (!audience.isEmpty()) {
            const QUrl parsed(audience, QUrl::StrictMode);
            if (!parsed.isValid() || parsed.scheme().isEmpty() || audience.contains(QLatin1Char(' ')) ||
                audience.endsWith(QLatin1String("/.default")))
                return invalid(QStringLiteral("The %1 audience \"%2\" must be one absolute URI without spaces, "
                                              "without /.default (PAL Desk adds it).")
                                   .arg(CloudEnvironment::powerPlatformServiceName(s), audience));
            c.powerPlatformAudiences[size_t(s)] = audience;
        }
    }
    return c;
}

// "trustedHosts": host names, without scheme, port or path.
Expected<QStringList> trustedHostsField(const QJsonObject &o)
{
    const QString key = QStringLiteral("trustedHosts");
    QStringList hosts;
    if (!o.contains(key))
        return hosts;
    const auto invalid = AzureError::make(AzureError::Kind::InvalidInput,
                                          QStringLiteral("The field \"%1\" must be an array of host names.").arg(key));
    if (!o.value(key).isArray())
        return invalid;
    for (const QJsonValue &v : o.value(key).toArray()) {
        const QString host = v.toString().trimmed().toLower();
        const QUrl url(QStringLiteral("https://") + host, QUrl::StrictMode);
        if (!v.isString() || host.isEmpty() || !url.isValid() || url.host() != host)
            return invalid;
        if (!hosts.contains(host))
            hosts << host;
    }
    return hosts;
}
} // namespace

Expected<CloudEnvironment> CloudEnvironment::withPowerPlatform(const QJsonObject &endpoints,
                                                               const QJsonObject &audiences,
                                                               ForeignAudience foreign) const
{
    const auto c = powerPlatformFields(*this, endpoints, audiences);
    if (!c)
        return c;
    return applyAudienceRule(c.value(), foreign);
}

Expected<CloudEnvironment> CloudEnvironment::fromJson(const QJsonObject &o, ForeignAudience foreign)
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
    for (const char *field : {"powerPlatformEndpoints", "powerPlatformAudiences"}) {
        const QString key = QString::fromLatin1(field);
        if (o.contains(key) && !o.value(key).isObject())
            return AzureError::make(AzureError::Kind::InvalidInput,
                                    QStringLiteral("The field \"%1\" must be an object.").arg(key));
    }
    const auto trusted = trustedHostsField(o);
    if (!trusted)
        return trusted.error();
    auto cloud = build(o.value(QLatin1String("name")).toString(), o.value(QLatin1String("loginEndpoint")).toString(),
                       o.value(QLatin1String("resourceManagerEndpoint")).toString(),
                       o.value(QLatin1String("armScope")).toString(), o.value(QLatin1String("portalUrl")).toString());
    if (!cloud)
        return cloud;
    cloud.value().trustedHosts = trusted.value();
    cloud = powerPlatformFields(cloud.value(), o.value(QLatin1String("powerPlatformEndpoints")).toObject(),
                                o.value(QLatin1String("powerPlatformAudiences")).toObject());
    if (!cloud)
        return cloud;
    return applyAudienceRule(cloud.value(), foreign);
}

Expected<QList<CloudEnvironment>> CloudEnvironment::loadFile(const QString &path, ForeignAudience foreign)
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
        QJsonObject object = items.at(i).toObject();
        object.remove(QStringLiteral("trustedHosts")); // a file does not vouch for its own hosts
        auto cloud = fromJson(object, foreign);
        if (!cloud) {
            AzureError e = fail(QStringLiteral("entry %1: %2").arg(i + 1).arg(cloud.error().message));
            e.code = cloud.error().code; // ForeignTokenAudience: palctl offers --force
            return e;
        }
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
    QJsonObject endpoints;
    QJsonObject audiences;
    for (PowerPlatformService s : allPowerPlatformServices) {
        if (!powerPlatformEndpoints[size_t(s)].isEmpty())
            endpoints.insert(powerPlatformKey(s), powerPlatformEndpoints[size_t(s)].toString());
        if (!powerPlatformAudiences[size_t(s)].isEmpty())
            audiences.insert(powerPlatformKey(s), powerPlatformAudiences[size_t(s)]);
    }
    if (!endpoints.isEmpty())
        o.insert(QStringLiteral("powerPlatformEndpoints"), endpoints);
    if (!audiences.isEmpty())
        o.insert(QStringLiteral("powerPlatformAudiences"), audiences);
    if (!trustedHosts.isEmpty())
        o.insert(QStringLiteral("trustedHosts"), QJsonArray::fromStringList(trustedHosts));
    return o;
}

namespace {
struct Destination
{
    QString what; // "The Resource Manager endpoint", "The Power BI endpoint"
    QUrl url;
    QString audience; // a scope or an audience
};

QList<Destination> destinationsOf(const CloudEnvironment &c)
{
    QList<Destination> list{{QStringLiteral("The Resource Manager endpoint"), c.resourceManagerEndpoint, c.armScope}};
    for (PowerPlatformService s : allPowerPlatformServices)
        if (!c.powerPlatformEndpoint(s).isEmpty())
            list.append({QStringLiteral("The %1 endpoint").arg(CloudEnvironment::powerPlatformServiceName(s)),
                         c.powerPlatformEndpoint(s), c.powerPlatformAudience(s)});
    return list;
}
} // namespace

Expected<Done> CloudEnvironment::checkAudiences() const
{
    for (const Destination &d : destinationsOf(*this)) {
        if (trustedHosts.contains(d.url.host().toLower()))
            continue;
        if (const auto checked = checkTokenAudience(loginEndpoint, d.audience, d.url); !checked) {
            AzureError e = checked.error();
            e.message = QStringLiteral("%1 %2: %3").arg(d.what, d.url.toString(), e.message);
            return e;
        }
    }
    return Done{};
}

QStringList CloudEnvironment::foreignAudienceHosts() const
{
    QStringList hosts;
    for (const Destination &d : destinationsOf(*this))
        if (!checkTokenAudience(loginEndpoint, d.audience, d.url) && !hosts.contains(d.url.host().toLower()))
            hosts << d.url.host().toLower();
    return hosts;
}

QUrl CloudEnvironment::partnerLinkBladeUrl() const
{
    if (portalUrl.isEmpty() || !portalUrl.isValid())
        return {};
    QUrl url = portalUrl;
    url.setPath(QStringLiteral("/"));
    url.setFragment(QStringLiteral("blade/Microsoft_Azure_Billing/managementpartnerblade"));
    return url;
}

QUrl CloudEnvironment::powerPlatformEndpoint(PowerPlatformService service) const
{
    return powerPlatformEndpoints[size_t(service)];
}

QString CloudEnvironment::powerPlatformAudience(PowerPlatformService service) const
{
    const QString &override = powerPlatformAudiences[size_t(service)];
    return override.isEmpty() ? defaultPowerPlatformAudience(service) : override;
}

QString CloudEnvironment::powerPlatformScope(PowerPlatformService service) const
{
    return powerPlatformAudience(service) + QStringLiteral("/.default");
}

// The audiences Microsoft's own modules request: BAP and Power Apps share the Power Apps service's
// (AuthModule's default), flows the Flow service's, Power BI its REST API's resource.
QString CloudEnvironment::defaultPowerPlatformAudience(PowerPlatformService service)
{
    switch (service) {
    case PowerPlatformService::Bap:
    case PowerPlatformService::PowerApps:
        return QStringLiteral("https://service.powerapps.com/");
    case PowerPlatformService::Flow:
        return QStringLiteral("https://service.flow.microsoft.com/");
    case PowerPlatformService::PowerBi:
        return QStringLiteral("https://analysis.windows.net/powerbi/api");
    }
    return {};
}

QString CloudEnvironment::powerPlatformKey(PowerPlatformService service)
{
    switch (service) {
    case PowerPlatformService::Bap:
        return QStringLiteral("bap");
    case PowerPlatformService::PowerApps:
        return QStringLiteral("powerApps");
    case PowerPlatformService::Flow:
        return QStringLiteral("flow");
    case PowerPlatformService::PowerBi:
        return QStringLiteral("powerBi");
    }
    return {};
}

QString CloudEnvironment::powerPlatformServiceName(PowerPlatformService service)
{
    switch (service) {
    case PowerPlatformService::Bap:
        return QStringLiteral("Power Platform (BAP)");
    case PowerPlatformService::PowerApps:
        return QStringLiteral("Power Apps");
    case PowerPlatformService::Flow:
        return QStringLiteral("Power Automate");
    case PowerPlatformService::PowerBi:
        return QStringLiteral("Power BI");
    }
    return {};
}

QUrl CloudEnvironment::authority(const QString &tenant) const
{
    QUrl url = loginEndpoint;
    url.setPath(stripSlash(url.path()) + QLatin1Char('/') + tenant);
    return url;
}

} // namespace pal
