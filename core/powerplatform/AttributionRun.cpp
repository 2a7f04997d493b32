#include "AttributionRun.h"

#include "ArmPipeline.h"
#include "FlowClient.h"
#include "Logging.h"
#include "PowerAppsClient.h"
#include "PowerBiClient.h"

#include <QTimer>

namespace pal {

namespace {

using Ownership = Classified::Ownership;
using State = ProductAttribution::State;

// A name that can stand as one path segment of the next request as it is.
bool isPathSegment(const QString &name)
{
    if (name.isEmpty() || name == QLatin1String(".") || name == QLatin1String(".."))
        return false;
    for (QChar c : name)
        if (c == QLatin1Char('/') || c == QLatin1Char('?') || c == QLatin1Char('#') || c == QLatin1Char('%') ||
            c == QLatin1Char('\\') || c.category() == QChar::Other_Control)
            return false;
    return true;
}

void sortInto(ProductAttribution &result, const Classified &c)
{
    switch (c.ownership) {
    case Ownership::Credited:
        result.credited.append(c.item);
        break;
    case Ownership::Other:
        result.others.append(c.item);
        break;
    case Ownership::CannotTell:
    case Ownership::AskPermissions:
        result.cannotTell.append(c.item);
        break;
    }
}

AttributionItem unreadable(const QString &what, int count, const QString &container = {})
{
    AttributionItem item;
    item.name = QStringLiteral("(%1 %2)").arg(count).arg(what);
    item.container = container;
    item.why = QStringLiteral("The service listed entries PAL Desk could not read.");
    return item;
}

} // namespace

AttributionRun::AttributionRun(AttributionCheck *check, QString tenantId, QString directoryName,
                               AttributionIdentity identity, QObject *context, Completion<AttributionReport> done)
    : Cancellable(check)
    , m_check(check)
    , m_tenantId(std::move(tenantId))
    , m_identity(std::move(identity))
    , m_context(context)
    , m_hasContext(context != nullptr)
    , m_done(std::move(done))
{
    m_report.tenantId = m_tenantId;
    m_report.directoryName = std::move(directoryName);
    m_report.username = m_identity.username;
    m_report.servicePrincipal = m_identity.servicePrincipal;
    for (AttributedProduct p : {AttributedProduct::PowerApps, AttributedProduct::PowerAutomate,
                                AttributedProduct::PowerBI, AttributedProduct::CustomerInsights})
        m_products[size_t(p)].result.product = p;
    if (context)
        connect(context, &QObject::destroyed, this, [this] {
            m_done = nullptr;
            cancel();
        });
}

AttributionRun::ProductRun &AttributionRun::run(AttributedProduct product)
{
    return m_products[size_t(product)];
}

void AttributionRun::start()
{
    if (m_completed)
        return;
    say(QStringLiteral("Reading who you are in this directory…"));
    // The directory's own token names the identity's object id there (a guest has one per directory).
    TokenRequest request;
    request.tenantId = m_tenantId;
    QPointer<AttributionRun> self(this);
    m_check->m_tokens->requestToken(request, this, [self](const Expected<AccessToken> &token) {
        if (self)
            self->onIdentity(token);
    });
}

void AttributionRun::cancel()
{
    if (m_completed)
        return;
    m_completed = true;
    for (ProductRun &p : m_products)
        p.call.cancel();
    Completion<AttributionReport> done = std::move(m_done);
    m_done = nullptr;
    deleteLater();
    if (done && (!m_hasContext || m_context))
        done(AzureError::make(AzureError::Kind::Cancelled, QStringLiteral("Cancelled.")));
}

void AttributionRun::onIdentity(const Expected<AccessToken> &token)
{
    if (m_completed)
        return;
    if (!token) {
        // Without a token for the directory nothing can be read: every product says so.
        for (AttributedProduct p :
             {AttributedProduct::PowerApps, AttributedProduct::PowerAutomate, AttributedProduct::PowerBI})
            failProduct(p, token.error(), QStringLiteral("signing in to the directory"));
        notAvailable(AttributedProduct::CustomerInsights,
                     attribution::product(AttributedProduct::CustomerInsights).rule +
                         QStringLiteral(" There is nothing to check per instance."));
        return;
    }
    m_identity.objectId = token->objectId.isEmpty() ? m_identity.objectId : token->objectId;
    m_report.objectId = m_identity.objectId;
    startProducts();
}

void AttributionRun::startProducts()
{
    notAvailable(AttributedProduct::CustomerInsights,
                 QStringLiteral("Nothing to check per resource: the article counts any active user of a Customer "
                                "Insights instance as the attributed user, so working in the instance with the linked "
                                "account is enough."));
    const auto missing = [this](PowerPlatformService s) {
        return QStringLiteral("Not available in this cloud: PAL Desk knows no %1 endpoint for %2 (a custom cloud file "
                              "can name one in powerPlatformEndpoints.%3).")
            .arg(CloudEnvironment::powerPlatformServiceName(s), m_check->cloud().name,
                 CloudEnvironment::powerPlatformKey(s));
    };
    if (m_identity.servicePrincipal) {
        const QString why = QStringLiteral(
            "Not read for a service principal: Power Apps and Power Automate list what users make and share, and do "
            "not list it for an application. Check with the user account you build with, or with the admin cmdlets "
            "(Get-AdminPowerApp, Get-AdminFlow).");
        notAvailable(AttributedProduct::PowerApps, why);
        notAvailable(AttributedProduct::PowerAutomate, why);
    } else {
        const bool bap = m_check->pipeline(PowerPlatformService::Bap);
        if (!bap || !m_check->pipeline(PowerPlatformService::PowerApps))
            notAvailable(AttributedProduct::PowerApps,
                         missing(bap ? PowerPlatformService::PowerApps : PowerPlatformService::Bap));
        if (!bap || !m_check->pipeline(PowerPlatformService::Flow))
            notAvailable(AttributedProduct::PowerAutomate,
                         missing(bap ? PowerPlatformService::Flow : PowerPlatformService::Bap));
        if (!run(AttributedProduct::PowerApps).finished || !run(AttributedProduct::PowerAutomate).finished)
            readEnvironments();
    }
    if (!m_check->pipeline(PowerPlatformService::PowerBi))
        notAvailable(AttributedProduct::PowerBI, missing(PowerPlatformService::PowerBi));
    else
        readWorkspaces();
}

void AttributionRun::say(const QString &text)
{
    Q_EMIT m_check->progress(m_tenantId, text);
}

void AttributionRun::notAvailable(AttributedProduct product, const QString &message)
{
    ProductRun &p = run(product);
    if (p.finished)
        return;
    p.result.state = State::NotAvailable;
    p.result.message = message;
    finishProduct(product);
}

void AttributionRun::failProduct(AttributedProduct product, const AzureError &error, const QString &doing)
{
    ProductRun &p = run(product);
    if (p.finished)
        return;
    const QString advice = AttributionCheck::consentAdvice(product, error, m_identity.clientId);
    const bool signIn = !advice.isEmpty() || error.kind == AzureError::Kind::InteractionRequired;
    p.result = ProductAttribution{};
    p.result.product = product;
    p.result.state = signIn ? State::SignInNeeded : State::Error;
    p.result.error = error;
    QString message = QStringLiteral("%1 could not be read (%2): %3")
                          .arg(attribution::product(product).name, doing, error.userMessage());
    // Refused even after a fresh token: most often a token for another audience (a provider that
    // ignores the scope, or a cloud whose service takes another audience than the default).
    if (error.kind == AzureError::Kind::Unauthorized)
        message += QStringLiteral(" The service refused the token PAL Desk got for it; if this cloud's service "
                                  "expects another audience, a custom cloud can name it in powerPlatformAudiences.");
    p.result.message = !advice.isEmpty() ? advice : message;
    qCInfo(lcHttp).noquote() << "attribution:" << attribution::product(product).key << "failed while" << doing
                             << error.kindName() << error.code << "request" << error.requestId;
    finishProduct(product);
}

void AttributionRun::finishProduct(AttributedProduct product)
{
    ProductRun &p = run(product);
    if (p.finished)
        return;
    p.finished = true;
    if (!m_completed)
        Q_EMIT m_check->productChecked(m_tenantId, p.result);
    for (const ProductRun &other : m_products)
        if (!other.finished)
            return;
    complete();
}

void AttributionRun::complete()
{
    if (m_completed)
        return;
    m_completed = true;
    for (const ProductRun &p : m_products)
        m_report.products.append(p.result);
    Completion<AttributionReport> done = std::move(m_done);
    m_done = nullptr;
    deleteLater();
    if (done && (!m_hasContext || m_context))
        done(m_report);
}

// ---- Power Platform environments, then Power Apps and Power Automate per environment ----

void AttributionRun::readEnvironments()
{
    say(QStringLiteral("Reading your Power Platform environments…"));
    BapClient bap(m_check->pipeline(PowerPlatformService::Bap));
    const CallHandle call =
        bap.environments(m_tenantId, this, [this](const Expected<EnvironmentList> &list) { onEnvironments(list); });
    run(AttributedProduct::PowerApps).call = call;
    run(AttributedProduct::PowerAutomate).call = call;
}

void AttributionRun::onEnvironments(const Expected<EnvironmentList> &list)
{
    if (!list) {
        failProduct(AttributedProduct::PowerApps, list.error(), QStringLiteral("listing the environments"));
        failProduct(AttributedProduct::PowerAutomate, list.error(), QStringLiteral("listing the environments"));
        return;
    }
    m_unreadableEnvironments = list->unreadable;
    for (const PowerPlatformEnvironment &env : list->environments) {
        if (isPathSegment(env.name))
            m_environments.append(env);
        else
            ++m_unreadableEnvironments;
    }
    for (AttributedProduct p : {AttributedProduct::PowerApps, AttributedProduct::PowerAutomate}) {
        run(p).result.containers = int(m_environments.size());
        if (m_unreadableEnvironments > 0)
            run(p).result.cannotTell.append(unreadable(QStringLiteral("environments"), m_unreadableEnvironments));
    }
    nextAppEnvironment();
    nextFlowEnvironment();
}

void AttributionRun::nextAppEnvironment()
{
    ProductRun &p = run(AttributedProduct::PowerApps);
    if (p.finished)
        return;
    if (++m_appEnvironment >= m_environments.size())
        return finishProduct(AttributedProduct::PowerApps);
    const PowerPlatformEnvironment &env = m_environments.at(m_appEnvironment);
    say(QStringLiteral("Power Apps: environment %1 of %2 (%3)…")
            .arg(m_appEnvironment + 1)
            .arg(m_environments.size())
            .arg(env.displayName));
    PowerAppsClient client(m_check->pipeline(PowerPlatformService::PowerApps));
    p.call = client.apps(m_tenantId, env.name, this, [this](const Expected<PagedEntries> &apps) { onApps(apps); });
}

void AttributionRun::onApps(const Expected<PagedEntries> &apps)
{
    const PowerPlatformEnvironment &env = m_environments.at(m_appEnvironment);
    if (!apps)
        return failProduct(AttributedProduct::PowerApps, apps.error(),
                           QStringLiteral("listing the apps of environment %1").arg(env.displayName));
    ProductAttribution &result = run(AttributedProduct::PowerApps).result;
    if (apps->notObjects > 0)
        result.cannotTell.append(unreadable(QStringLiteral("apps"), apps->notObjects, env.displayName));
    m_askPermissions.clear();
    for (const QJsonObject &o : apps->entries) {
        Classified c = classifyApp(o, env.displayName, m_identity);
        c.item.containerId = env.name;
        if (c.ownership == Ownership::AskPermissions && !isPathSegment(c.item.id))
            c = Classified{Ownership::CannotTell, c.item};
        if (c.ownership == Ownership::AskPermissions)
            m_askPermissions.append(c);
        else
            sortInto(result, c);
    }
    m_permission = -1;
    nextPermission();
}

void AttributionRun::nextPermission()
{
    ProductRun &p = run(AttributedProduct::PowerApps);
    if (p.finished)
        return;
    if (++m_permission >= m_askPermissions.size())
        return nextAppEnvironment();
    const Classified &app = m_askPermissions.at(m_permission);
    say(QStringLiteral("Power Apps: co-owners of %1…").arg(app.item.name));
    PowerAppsClient client(m_check->pipeline(PowerPlatformService::PowerApps));
    p.call = client.permissions(
        m_tenantId, app.item.containerId, app.item.id, this, [this](const Expected<PagedEntries> &permissions) {
            const Classified &asked = m_askPermissions.at(m_permission);
            if (!permissions)
                return failProduct(AttributedProduct::PowerApps, permissions.error(),
                                   QStringLiteral("reading the co-owners of app %1").arg(asked.item.name));
            sortInto(run(AttributedProduct::PowerApps).result,
                     classifyAppPermissions(asked, permissions->entries, permissions->notObjects, m_identity));
            nextPermission();
        });
}

void AttributionRun::nextFlowEnvironment()
{
    ProductRun &p = run(AttributedProduct::PowerAutomate);
    if (p.finished)
        return;
    if (++m_flowEnvironment >= m_environments.size())
        return finishProduct(AttributedProduct::PowerAutomate);
    const PowerPlatformEnvironment &env = m_environments.at(m_flowEnvironment);
    say(QStringLiteral("Power Automate: environment %1 of %2 (%3)…")
            .arg(m_flowEnvironment + 1)
            .arg(m_environments.size())
            .arg(env.displayName));
    FlowClient client(m_check->pipeline(PowerPlatformService::Flow));
    p.call = client.flows(m_tenantId, env.name, this, [this](const Expected<PagedEntries> &flows) { onFlows(flows); });
}

void AttributionRun::onFlows(const Expected<PagedEntries> &flows)
{
    const PowerPlatformEnvironment &env = m_environments.at(m_flowEnvironment);
    if (!flows)
        return failProduct(AttributedProduct::PowerAutomate, flows.error(),
                           QStringLiteral("listing the flows of environment %1").arg(env.displayName));
    ProductAttribution &result = run(AttributedProduct::PowerAutomate).result;
    if (flows->notObjects > 0)
        result.cannotTell.append(unreadable(QStringLiteral("flows"), flows->notObjects, env.displayName));
    for (const QJsonObject &o : flows->entries) {
        Classified c = classifyFlow(o, env.displayName, m_identity);
        c.item.containerId = env.name;
        sortInto(result, c);
    }
    nextFlowEnvironment();
}

// ---- Power BI: the workspaces, then each one's datasets, then My workspace ----

void AttributionRun::readWorkspaces()
{
    say(QStringLiteral("Reading your Power BI workspaces…"));
    PowerBiClient client(m_check->pipeline(PowerPlatformService::PowerBi));
    run(AttributedProduct::PowerBI).call =
        client.workspaces(m_tenantId, this, [this](const Expected<PagedEntries> &list) { onWorkspaces(list); });
}

void AttributionRun::onWorkspaces(const Expected<PagedEntries> &list)
{
    if (!list)
        return failProduct(AttributedProduct::PowerBI, list.error(), QStringLiteral("listing the workspaces"));
    ProductAttribution &result = run(AttributedProduct::PowerBI).result;
    int unreadableCount = list->notObjects;
    for (const QJsonObject &o : list->entries) {
        const QString id = o.value(QStringLiteral("id")).toString();
        if (!isPathSegment(id)) {
            ++unreadableCount;
            continue;
        }
        m_workspaces.append({id, o.value(QStringLiteral("name")).toString(id)});
    }
    if (unreadableCount > 0)
        result.cannotTell.append(unreadable(QStringLiteral("workspaces"), unreadableCount));
    // A service principal has no My workspace.
    if (!m_identity.servicePrincipal)
        m_workspaces.append({QString(), QStringLiteral("My workspace")});
    result.containers = int(m_workspaces.size());
    nextWorkspace();
}

void AttributionRun::nextWorkspace()
{
    ProductRun &p = run(AttributedProduct::PowerBI);
    if (p.finished)
        return;
    if (++m_workspace >= m_workspaces.size())
        return finishProduct(AttributedProduct::PowerBI);
    const Workspace &w = m_workspaces.at(m_workspace);
    say(QStringLiteral("Power BI: workspace %1 of %2 (%3)…").arg(m_workspace + 1).arg(m_workspaces.size()).arg(w.name));
    PowerBiClient client(m_check->pipeline(PowerPlatformService::PowerBi));
    p.call = client.datasets(m_tenantId, w.id, this,
                             [this](const Expected<PagedEntries> &datasets) { onDatasets(datasets); });
}

void AttributionRun::onDatasets(const Expected<PagedEntries> &datasets)
{
    const Workspace &w = m_workspaces.at(m_workspace);
    if (!datasets)
        return failProduct(AttributedProduct::PowerBI, datasets.error(),
                           QStringLiteral("listing the datasets of workspace %1").arg(w.name));
    ProductAttribution &result = run(AttributedProduct::PowerBI).result;
    if (datasets->notObjects > 0)
        result.cannotTell.append(unreadable(QStringLiteral("datasets"), datasets->notObjects, w.name));
    for (const QJsonObject &o : datasets->entries)
        sortInto(result, classifyDataset(o, w.name, w.id, m_identity));
    nextWorkspace();
}

} // namespace pal
