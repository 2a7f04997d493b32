#include "AttributionCheck.h"

#include "ArmPipeline.h"
#include "AttributionRun.h"

#include <QTimer>

namespace pal {

namespace {

PowerPlatformService serviceOf(AttributedProduct product)
{
    switch (product) {
    case AttributedProduct::PowerAutomate:
        return PowerPlatformService::Flow;
    case AttributedProduct::PowerBI:
        return PowerPlatformService::PowerBi;
    case AttributedProduct::PowerApps:
    case AttributedProduct::CustomerInsights:
        break;
    }
    return PowerPlatformService::PowerApps;
}

bool hasCode(const AzureError &error, int code)
{
    const QString text = QStringLiteral("AADSTS%1").arg(code);
    return error.code.compare(text, Qt::CaseInsensitive) == 0 || error.message.contains(text);
}

} // namespace

AttributionCheck::AttributionCheck(QNetworkAccessManager *network, AccessTokenProvider *tokens, CloudEnvironment cloud,
                                   RetryPolicy policy, const Clock *clock, QObject *parent)
    : QObject(parent)
    , m_tokens(tokens)
    , m_cloud(std::move(cloud))
{
    qRegisterMetaType<pal::ProductAttribution>();
    for (PowerPlatformService s : allPowerPlatformServices) {
        const QUrl base = m_cloud.powerPlatformEndpoint(s);
        if (base.isEmpty())
            continue;
        ServiceTarget target;
        target.name = CloudEnvironment::powerPlatformServiceName(s);
        target.baseUrl = base;
        target.scope = m_cloud.powerPlatformScope(s);
        m_pipelines[size_t(s)] = std::make_unique<ArmPipeline>(network, tokens, m_cloud, target, policy, clock);
    }
}

AttributionCheck::~AttributionCheck()
{
    // Runs end (Cancelled) and go before the pipelines their calls are in.
    const auto runs = findChildren<AttributionRun *>(Qt::FindDirectChildrenOnly);
    for (AttributionRun *run : runs) {
        run->cancel();
        delete run;
    }
}

ArmPipeline *AttributionCheck::pipeline(PowerPlatformService service) const
{
    return m_pipelines[size_t(service)].get();
}

CallHandle AttributionCheck::run(const QString &tenantId, const QString &directoryName,
                                 const AttributionIdentity &identity, QObject *context,
                                 Completion<AttributionReport> done)
{
    auto *run = new AttributionRun(this, tenantId, directoryName, identity, context, std::move(done));
    // Start on the next turn, so the caller holds its handle before the first signal.
    QTimer::singleShot(0, run, &AttributionRun::start);
    return CallHandle(run);
}

QPair<QString, QString> AttributionCheck::knownReader(AttributedProduct product)
{
    // Public clients Microsoft's own tools request these services' tokens with: Azure PowerShell
    // (Get-AzAccessToken -ResourceUrl https://service.powerapps.com/ or …flow.microsoft.com/) and
    // Power BI Desktop (its REST API's resource).
    if (product == AttributedProduct::PowerBI)
        return {QStringLiteral("ea0616ba-638b-4df5-95b9-636659ae5121"), QStringLiteral("Power BI Desktop")};
    return {QStringLiteral("1950a258-227b-4e31-a9cf-717495945fc2"), QStringLiteral("Azure PowerShell")};
}

QString AttributionCheck::consentAdvice(AttributedProduct product, const AzureError &error, const QString &clientId)
{
    const bool noConsent = hasCode(error, 65001);
    const bool notPreauthorized = hasCode(error, 65002);
    if (!noConsent && !notPreauthorized)
        return {};
    const QString name = attribution::product(product).name;
    const QString service = CloudEnvironment::powerPlatformServiceName(serviceOf(product));
    const QString client =
        clientId.isEmpty() ? QStringLiteral("PAL Desk's client") : QStringLiteral("client %1").arg(clientId);
    const auto [reader, readerName] = knownReader(product);
    QString text = noConsent ? QStringLiteral("Sign-in needed for %1: %2 has no consent to read %3 in this directory "
                                              "(AADSTS65001). Sign in to the directory again to consent, or ask its "
                                              "administrator to grant consent.")
                                   .arg(name, client, service)
                             : QStringLiteral("Sign-in needed for %1: Entra ID has not pre-authorised %2 for %3 "
                                              "(AADSTS65002); no consent can change that.")
                                   .arg(name, client, service);
    if (clientId.compare(reader, Qt::CaseInsensitive) != 0)
        text += QStringLiteral(" A client ID that can read it: %1 (%2). Set it in Settings: Client ID, or run palctl "
                               "login --client-id %1, then sign in again.")
                    .arg(reader, readerName);
    return text;
}

} // namespace pal
