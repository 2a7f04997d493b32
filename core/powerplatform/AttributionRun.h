#pragma once
// AttributionRun: one AttributionCheck::run(), internal to core/powerplatform. It learns the
// identity's object id from the directory's token, then reads the products side by side: the
// environments once (for Power Apps and Power Automate), each environment's apps (and the
// permissions of apps owned by someone else) and flows in turn, the Power BI workspaces and their
// datasets. Each product ends on its own; the run completes when all four have.

#include "AttributionCheck.h"
#include "BapClient.h"
#include "PagedList.h"

#include <QList>
#include <QPointer>

namespace pal {

class AttributionRun final : public Cancellable
{
    Q_OBJECT
public:
    AttributionRun(AttributionCheck *check, QString tenantId, QString directoryName, AttributionIdentity identity,
                   QObject *context, Completion<AttributionReport> done);
    void start();
    void cancel() override;

private:
    struct ProductRun
    {
        ProductAttribution result;
        bool finished = false;
        CallHandle call;
    };

    ProductRun &run(AttributedProduct product);
    void onIdentity(const Expected<AccessToken> &token);
    void startProducts();
    void finishProduct(AttributedProduct product);
    void failProduct(AttributedProduct product, const AzureError &error, const QString &doing);
    void notAvailable(AttributedProduct product, const QString &message);
    void say(const QString &text);

    void readEnvironments();
    void onEnvironments(const Expected<EnvironmentList> &list);
    void nextAppEnvironment();
    void onApps(const Expected<PagedEntries> &apps);
    void nextPermission();
    void nextFlowEnvironment();
    void onFlows(const Expected<PagedEntries> &flows);
    void readWorkspaces();
    void onWorkspaces(const Expected<PagedEntries> &workspaces);
    void nextWorkspace();
    void onDatasets(const Expected<PagedEntries> &datasets);
    void complete();

    AttributionCheck *m_check;
    QString m_tenantId;
    AttributionReport m_report;
    AttributionIdentity m_identity;
    QPointer<QObject> m_context;
    bool m_hasContext;
    Completion<AttributionReport> m_done;
    bool m_completed = false;
    CallHandle m_tokenCall;
    std::array<ProductRun, 4> m_products;

    QList<PowerPlatformEnvironment> m_environments;
    int m_unreadableEnvironments = 0;
    qsizetype m_appEnvironment = -1;
    QList<Classified> m_askPermissions; // apps of the current environment owned by someone else
    qsizetype m_permission = -1;
    qsizetype m_flowEnvironment = -1;
    struct Workspace
    {
        QString id; // empty: My workspace
        QString name;
    };
    QList<Workspace> m_workspaces;
    qsizetype m_workspace = -1;
};

} // namespace pal
