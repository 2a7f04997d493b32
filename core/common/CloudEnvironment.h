#pragma once
// CloudEnvironment: where a cloud's Entra ID (login) and Azure Resource Manager live, and where its
// Power Platform and Power BI services are (read by the attribution check; empty: not available in
// this cloud). The three Microsoft clouds are built in; custom clouds (Azure Stack, a sandbox, a
// test double) come from JSON. Plain http:// is accepted only for loopback hosts.

#include "AzureError.h"
#include "Expected.h"

#include <QList>
#include <QString>
#include <QUrl>
#include <array>
#include <optional>

class QJsonObject;

namespace pal {

// The services the attribution check reads besides ARM. Their keys in a cloud file:
// "bap", "powerApps", "flow", "powerBi".
enum class PowerPlatformService { Bap, PowerApps, Flow, PowerBi };
inline constexpr std::array<PowerPlatformService, 4> allPowerPlatformServices{
    PowerPlatformService::Bap, PowerPlatformService::PowerApps, PowerPlatformService::Flow,
    PowerPlatformService::PowerBi};

struct CloudEnvironment
{
    QString name;                 // "AzureCloud", "AzureChinaCloud", "AzureUSGovernment", or a custom name
    QUrl loginEndpoint;           // e.g. https://login.microsoftonline.com
    QUrl resourceManagerEndpoint; // e.g. https://management.azure.com
    QString armScope;             // e.g. https://management.azure.com/.default
    QUrl portalUrl;               // e.g. https://portal.azure.com (may be empty for custom clouds)
    bool builtIn = false;
    // Base URLs of the Power Platform services, by PowerPlatformService; empty: not in this cloud.
    std::array<QUrl, 4> powerPlatformEndpoints;
    // Token audiences that replace the defaults (defaultPowerPlatformAudience); empty: the default.
    std::array<QString, 4> powerPlatformAudiences;

    static CloudEnvironment azureCloud();
    static CloudEnvironment azureChinaCloud();
    static CloudEnvironment azureUSGovernment();
    static QList<CloudEnvironment> builtInClouds();
    static std::optional<CloudEnvironment> findBuiltIn(const QString &name); // case-insensitive

    // Validates and builds a cloud from fields; the error names the field and the problem.
    static Expected<CloudEnvironment> create(const QString &name, const QString &loginEndpoint,
                                             const QString &resourceManagerEndpoint, const QString &armScope = {},
                                             const QString &portalUrl = {});
    // {"name","loginEndpoint","resourceManagerEndpoint","armScope"?,"portalUrl"?,
    //  "powerPlatformEndpoints"?: {"bap"?,"powerApps"?,"flow"?,"powerBi"?: URL},
    //  "powerPlatformAudiences"?: {same keys: audience}}
    static Expected<CloudEnvironment> fromJson(const QJsonObject &object);
    // This cloud with the Power Platform endpoints and audiences of those two JSON objects (either
    // may be empty); the error names the key and the problem, and nothing is changed on error.
    Expected<CloudEnvironment> withPowerPlatform(const QJsonObject &endpoints, const QJsonObject &audiences) const;
    // A file holding one cloud object, or an array of them; errors name the file, position and problem.
    static Expected<QList<CloudEnvironment>> loadFile(const QString &path);
    QJsonObject toJson() const;

    // The authority for a tenant: {loginEndpoint}/{tenant}
    QUrl authority(const QString &tenant) const;
    QString loginHost() const { return loginEndpoint.host(); }
    // https://… only, except http:// on a loopback host (127.0.0.0/8, ::1, localhost).
    static bool isAcceptableEndpoint(const QUrl &url, QString *why);
    // True when `scope` ("{resource}/.default" or "{resource}/{permission}") names the resource
    // of the ARM endpoint: the endpoint itself (trailing slashes aside), or the ARM resource Entra
    // knows for that endpoint (https://management.core.windows.net/ for management.azure.com, and
    // the China and US Government equivalents). Anything else would mint ARM tokens for another
    // host; `why` then says what the scope must be.
    static bool isArmScopeFor(const QUrl &resourceManagerEndpoint, const QString &scope, QString *why);

    // The portal's "Link to a partner ID" page, as the article links it:
    // {portal}/#blade/Microsoft_Azure_Billing/managementpartnerblade; empty without a portal.
    QUrl partnerLinkBladeUrl() const;

    QUrl powerPlatformEndpoint(PowerPlatformService service) const;
    // The audience tokens for `service` are requested for: the cloud's override, else the default.
    QString powerPlatformAudience(PowerPlatformService service) const;
    // "<audience>/.default", as Entra's v2 endpoint takes a v1 resource (a trailing '/' stays:
    // https://service.powerapps.com//.default is what Azure CLI's resource_to_scopes sends too).
    QString powerPlatformScope(PowerPlatformService service) const;
    static QString defaultPowerPlatformAudience(PowerPlatformService service);
    static QString powerPlatformKey(PowerPlatformService service);         // "bap", "powerApps", "flow", "powerBi"
    static QString powerPlatformServiceName(PowerPlatformService service); // "Power Apps", ...
};

bool isLoopbackHost(const QString &host);

} // namespace pal
