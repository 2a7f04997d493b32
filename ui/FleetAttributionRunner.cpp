#include "FleetAttributionRunner.h"

#include "AccountManager.h"
#include "AttributionCheck.h"
#include "AttributionFacts.h"
#include "Workspace.h"

namespace pal {

FleetAttributionRunner::FleetAttributionRunner(QNetworkAccessManager *network, AccountManager *accounts,
                                               Workspace *workspace, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_accounts(accounts)
    , m_workspace(workspace)
{}

FleetAttributionRunner::~FleetAttributionRunner() = default;

FleetAttribution::Runner FleetAttributionRunner::runner()
{
    return [this](const FleetResult &row, QObject *context, Completion<AttributionCell> done) {
        return run(row, context, std::move(done));
    };
}

CallHandle FleetAttributionRunner::run(const FleetResult &row, QObject *context, Completion<AttributionCell> done)
{
    const std::optional<Account> account = m_accounts->account(row.accountId);
    const std::optional<CloudEnvironment> cloud = m_workspace->cloud();
    if (!account || !cloud) {
        done(AzureError::make(AzureError::Kind::InvalidInput,
                              tr("%1 is no longer signed in here.").arg(row.accountName)));
        return {};
    }
    const QString key = account->id + QLatin1Char('|') + cloud->name;
    std::shared_ptr<AttributionCheck> &check = m_checks[key];
    if (!check)
        check = std::make_shared<AttributionCheck>(m_network, m_accounts->tokenProvider(account->id), *cloud);
    AttributionIdentity identity;
    identity.username = account->username;
    identity.servicePrincipal = account->isServicePrincipal();
    identity.clientId = account->clientId;
    identity.objectId = account->objectId; // the directory's token names the object id there
    return check->run(
        row.directory.tenantId, row.directory.displayName, identity, context,
        [done = std::move(done)](const Expected<AttributionReport> &report) {
            if (!report) {
                done(report.error());
                return;
            }
            QStringList lines;
            for (const ProductAttribution &p : report->products)
                lines << QStringLiteral("%1: %2").arg(attribution::product(p.product).name, p.verdictText());
            const QString summary = report->summary();
            const auto state = summary == QLatin1String("credited")       ? AttributionCell::State::Credited
                               : summary == QLatin1String("not credited") ? AttributionCell::State::NotCredited
                                                                          : AttributionCell::State::CannotTell;
            done(AttributionCell{state, lines.join(QLatin1Char('\n'))});
        });
}

} // namespace pal
