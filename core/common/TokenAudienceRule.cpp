#include "TokenAudienceRule.h"

#include <QList>
#include <QStringList>
#include <QUuid>

namespace pal {

namespace {

QString normalHost(QString host)
{
    host = host.toLower();
    while (host.endsWith(QLatin1Char('.')))
        host.chop(1);
    return host;
}

// A well-known Microsoft resource: the hosts (or application ids) its audiences name, and the hosts
// the service answers on. Sources: Entra's instance discovery and Azure CLI's cloud.py (ARM, Graph),
// Microsoft.PowerApps.Administration.PowerShell's RestClientModule (Get-AudienceForHostName: Power
// Apps/BAP and Flow hosts and audiences, public, GCC, GCC High, DoD), the AuthModule's "china"
// endpoint, and the Power BI national-cloud articles (api.powerbi*.* with analysis.*/powerbi/api).
struct KnownResource
{
    const char *service;
    QStringList audienceHosts; // lower case; application ids too
    QStringList serviceHosts;  // where its tokens may go (besides the audience's own host)
};

const QList<KnownResource> &knownResources()
{
    static const QList<KnownResource> table = [] {
        const auto list = [](std::initializer_list<const char *> items) {
            QStringList out;
            for (const char *item : items)
                out << QString::fromLatin1(item);
            return out;
        };
        const QStringList allArm =
            list({"management.azure.com", "management.core.windows.net", "management.chinacloudapi.cn",
                  "management.core.chinacloudapi.cn", "management.usgovcloudapi.net",
                  "management.core.usgovcloudapi.net", "management.microsoftazure.de", "management.core.cloudapi.de"});
        return QList<KnownResource>{
            {"Azure Resource Manager (AzureCloud)", list({"management.azure.com", "management.core.windows.net"}),
             list({"management.azure.com", "management.core.windows.net"})},
            {"Azure Resource Manager (AzureChinaCloud)",
             list({"management.chinacloudapi.cn", "management.core.chinacloudapi.cn"}),
             list({"management.chinacloudapi.cn", "management.core.chinacloudapi.cn"})},
            {"Azure Resource Manager (AzureUSGovernment)",
             list({"management.usgovcloudapi.net", "management.core.usgovcloudapi.net"}),
             list({"management.usgovcloudapi.net", "management.core.usgovcloudapi.net"})},
            {"Azure Resource Manager (AzureGermanCloud)",
             list({"management.microsoftazure.de", "management.core.cloudapi.de"}),
             list({"management.microsoftazure.de", "management.core.cloudapi.de"})},
            // "Windows Azure Service Management API": the same application in every cloud.
            {"Azure Resource Manager", list({"797f4846-ba00-4fd7-ba43-dac1f8f63013"}), allArm},
            {"Power Apps", list({"service.powerapps.com", "475226c6-020e-4fb2-8a90-7a972cbfc1d4"}),
             list({"api.powerapps.com", "api.bap.microsoft.com", "tip1.api.powerapps.com", "tip2.api.powerapps.com",
                   "tip1.api.bap.microsoft.com", "tip2.api.bap.microsoft.com"})},
            {"Power Apps (GCC)", list({"gov.service.powerapps.us"}),
             list({"gov.api.powerapps.us", "gov.api.bap.microsoft.us"})},
            {"Power Apps (GCC High)", list({"high.service.powerapps.us"}),
             list({"high.api.powerapps.us", "high.api.bap.microsoft.us"})},
            {"Power Apps (DoD)", list({"service.apps.appsplatform.us"}),
             list({"api.apps.appsplatform.us", "api.bap.appsplatform.us"})},
            {"Power Apps (China)", list({"service.powerapps.cn"}),
             list({"api.powerapps.cn", "api.bap.partner.microsoftonline.cn"})},
            {"Power Automate", list({"service.flow.microsoft.com", "7df0a125-d3be-4c96-aa54-591f83ff541c"}),
             list({"api.flow.microsoft.com", "tip1.api.flow.microsoft.com", "tip2.api.flow.microsoft.com"})},
            {"Power Automate (GCC)", list({"gov.service.flow.microsoft.us"}), list({"gov.api.flow.microsoft.us"})},
            {"Power Automate (GCC High)", list({"high.service.flow.microsoft.us"}),
             list({"high.api.flow.microsoft.us"})},
            {"Power Automate (DoD)", list({"service.flow.appsplatform.us"}), list({"api.flow.appsplatform.us"})},
            {"Power BI", list({"analysis.windows.net", "00000009-0000-0000-c000-000000000000"}),
             list({"api.powerbi.com"})},
            {"Power BI (China)", list({"analysis.chinacloudapi.cn"}), list({"api.powerbi.cn"})},
            {"Power BI (GCC)", list({"analysis.usgovcloudapi.net"}), list({"api.powerbigov.us"})},
            {"Power BI (GCC High)", list({"high.analysis.usgovcloudapi.net"}), list({"api.high.powerbigov.us"})},
            {"Power BI (DoD)", list({"mil.analysis.usgovcloudapi.net"}), list({"api.mil.powerbigov.us"})},
            {"Microsoft Graph",
             list({"graph.microsoft.com", "00000003-0000-0000-c000-000000000000", "graph.microsoft.us",
                   "dod-graph.microsoft.us", "microsoftgraph.chinacloudapi.cn"}),
             {}},
            {"Azure AD Graph",
             list({"graph.windows.net", "00000002-0000-0000-c000-000000000000", "graph.chinacloudapi.cn"}),
             {}},
        };
    }();
    return table;
}

// The host (or application id) an audience or scope names, lower case; empty when it names none.
QString audienceHost(const QString &audience)
{
    const QString text = audience.trimmed();
    const QUrl url(text, QUrl::StrictMode);
    if (url.isValid() && !url.scheme().isEmpty() && !url.host().isEmpty())
        return normalHost(url.host()); // api://{appId} too: its host is the id
    const QString first = text.section(QLatin1Char('/'), 0, 0);
    if (!QUuid::fromString(first).isNull())
        return first.toLower();
    return {};
}

const KnownResource *knownResourceFor(const QString &host)
{
    for (const KnownResource &r : knownResources())
        if (r.audienceHosts.contains(host))
            return &r;
    return nullptr;
}

} // namespace

bool isMicrosoftLoginHost(const QString &host)
{
    // Entra's instance discovery (https://login.microsoftonline.com/common/discovery/instance): each
    // cloud's aliases; MSAL's well-known authority hosts are among them.
    static const QStringList hosts{QStringLiteral("login.microsoftonline.com"),
                                   QStringLiteral("login.windows.net"),
                                   QStringLiteral("login.microsoft.com"),
                                   QStringLiteral("sts.windows.net"),
                                   QStringLiteral("login.partner.microsoftonline.cn"),
                                   QStringLiteral("login.chinacloudapi.cn"),
                                   QStringLiteral("login.microsoftonline.de"),
                                   QStringLiteral("login.microsoftonline.us"),
                                   QStringLiteral("login.usgovcloudapi.net"),
                                   QStringLiteral("login-us.microsoftonline.com")};
    return hosts.contains(normalHost(host));
}

Expected<QString> scopeResource(const QString &scope)
{
    const qsizetype slash = scope.lastIndexOf(QLatin1Char('/'));
    const QString resource = slash > 0 ? scope.left(slash) : QString();
    const bool permission = slash > 0 && slash + 1 < scope.size();
    const QUrl url(resource, QUrl::StrictMode);
    const bool absolute = url.isValid() && !url.scheme().isEmpty() && !url.host().isEmpty();
    const bool applicationId = !QUuid::fromString(resource).isNull();
    if (permission && (absolute || applicationId) && !scope.contains(QLatin1Char(' ')))
        return resource;
    return AzureError::make(AzureError::Kind::InvalidInput,
                            QStringLiteral("The scope \"%1\" must be \"{resource}/.default\" or "
                                           "\"{resource}/{permission}\", the resource an absolute URI or an "
                                           "application id.")
                                .arg(scope));
}

Expected<Done> checkTokenAudience(const QUrl &loginEndpoint, const QString &audience, const QUrl &destination)
{
    if (!isMicrosoftLoginHost(loginEndpoint.host()))
        return Done{}; // a sign-in of its own: its tokens are worth nothing at Microsoft's services
    const QString host = audienceHost(audience);
    const KnownResource *known = host.isEmpty() ? nullptr : knownResourceFor(host);
    if (!known)
        return Done{}; // an audience of the user's own (Azure Stack Hub's app ID URI, say)
    const QString to = normalHost(destination.host());
    if (to == host || known->serviceHosts.contains(to))
        return Done{};
    const QStringList answersOn = known->serviceHosts.isEmpty() ? QStringList{host} : known->serviceHosts;
    AzureError e = AzureError::make(
        AzureError::Kind::InvalidInput,
        QStringLiteral("Microsoft's sign-in (%1) would issue tokens for %2 (%3), and they would be sent to %4, "
                       "which is not where that service answers (%5): whoever runs %4 could act as you there.")
            .arg(normalHost(loginEndpoint.host()), QString::fromLatin1(known->service), audience.trimmed(), to,
                 answersOn.join(QStringLiteral(", "))));
    e.code = QStringLiteral("ForeignTokenAudience");
    return e;
}

} // namespace pal
