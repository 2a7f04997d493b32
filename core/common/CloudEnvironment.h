#pragma once
// CloudEnvironment: where a cloud's Entra ID (login) and Azure Resource Manager live, and where its
// Power Platform and Power BI services are (read by the attribution check; empty: not available in
// this cloud). The three Microsoft clouds are built in; custom clouds (Azure Stack, a sandbox, a
// test double) come from JSON. Plain http:// is accepted only for loopback hosts. Where tokens may be
// sent is TokenAudienceRule's to say; a cloud that breaks it is refused unless its hosts are trusted.

#include "AzureError.h"
#include "Expected.h"

#include <QList>
#include <QString>
#include <QStringList>
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

// What creating a cloud does with a host TokenAudienceRule refuses: refuse the cloud, or trust the
// host (palctl's --force: the host is added to trustedHosts, and the caller warns).
enum class ForeignAudience { Refuse, Trust };

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
    // Hosts the user chose to trust with Microsoft tokens that TokenAudienceRule would not send there
    // (lower case). JSON "trustedHosts"; a cloud file given to register cannot grant them itself.
    QStringList trustedHosts;

    static CloudEnvironment azureCloud();
    static CloudEnvironment azureChinaCloud();
    static CloudEnvironment azureUSGovernment();
    static QList<CloudEnvironment> builtInClouds();
    static std::optional<CloudEnvironment> findBuiltIn(const QString &name); // case-insensitive

    // Validates and builds a cloud from fields; the error names the field and the problem.
    static Expected<CloudEnvironment> create(const QString &name, const QString &loginEndpoint,
                                             const QString &resourceManagerEndpoint, const QString &armScope = {},
                                             const QString &portalUrl = {},
                                             ForeignAudience foreign = ForeignAudience::Refuse);
    // {"name","loginEndpoint","resourceManagerEndpoint","armScope"?,"portalUrl"?,
    //  "powerPlatformEndpoints"?: {"bap"?,"powerApps"?,"flow"?,"powerBi"?: URL},
    //  "powerPlatformAudiences"?: {same keys: audience}, "trustedHosts"?: [host]}
    static Expected<CloudEnvironment> fromJson(const QJsonObject &object,
                                               ForeignAudience foreign = ForeignAudience::Refuse);
    // This cloud with the Power Platform endpoints and audiences of those two JSON objects (either
    // may be empty); the error names the key and the problem, and nothing is changed on error.
    Expected<CloudEnvironment> withPowerPlatform(const QJsonObject &endpoints, const QJsonObject &audiences,
                                                 ForeignAudience foreign = ForeignAudience::Refuse) const;
    // A file holding one cloud object, or an array of them; errors name the file, position and problem.
    // The file's own "trustedHosts" are not taken: only `foreign` (the user) trusts a host.
    static Expected<QList<CloudEnvironment>> loadFile(const QString &path,
                                                      ForeignAudience foreign = ForeignAudience::Refuse);
    QJsonObject toJson() const;

    // TokenAudienceRule applied to the ARM endpoint (with armScope) and each Power Platform endpoint
    // (with its audience), trustedHosts aside: the first refusal, naming the endpoint and host.
    Expected<Done> checkAudiences() const;
    // The hosts the rule refuses, trustedHosts included (what a warning names).
    QStringList foreignAudienceHosts() const;

    // The authority for a tenant: {loginEndpoint}/{tenant}
    QUrl authority(const QString &tenant) const;
    QString loginHost() const { return loginEndpoint.host(); }
    // https://… only, except http:// on a loopback host (127.0.0.0/8, ::1, localhost).
    static bool isAcceptableEndpoint(const QUrl &url, QString *why);

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
