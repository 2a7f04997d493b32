#include "FleetAttributionRunner.h"

#include "AccountManager.h"
#include "AccountServicesPool.h"
#include "AttributionSummaryCheck.h"
#include "Workspace.h"

namespace pal {

FleetAttributionRunner::FleetAttributionRunner(DirectoryCheck *check, AccountManager *accounts, Workspace *workspace,
                                               QObject *parent)
    : QObject(parent)
    , m_check(check)
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

Expected<AttributionCell> FleetAttributionRunner::cellOf(const Expected<CheckResult> &result)
{
    if (!result)
        return result.error();
    const auto *found = result->as<AttributionFinding>();
    if (!found)
        return result->error.value_or(
            AzureError::make(AzureError::Kind::BadResponse, tr("The attribution check gave no answer.")));
    AttributionCell::State state = AttributionCell::State::CannotTell;
    switch (found->summary) {
    case AttributionReport::Summary::Credited:
        state = AttributionCell::State::Credited;
        break;
    case AttributionReport::Summary::NotCredited:
        state = AttributionCell::State::NotCredited;
        break;
    case AttributionReport::Summary::CannotTell:
        break;
    }
    return AttributionCell{state, found->productLines().join(QLatin1Char('\n'))};
}

CallHandle FleetAttributionRunner::run(const FleetResult &row, QObject *context, Completion<AttributionCell> done)
{
    const std::optional<Account> account = m_accounts->account(row.accountId);
    const std::optional<CloudEnvironment> cloud = m_workspace->cloud();
    AccountServices *services = account && cloud ? m_workspace->sessions()->forAccount(*account, *cloud) : nullptr;
    if (!services) {
        done(AzureError::make(AzureError::Kind::InvalidInput,
                              tr("%1 is no longer signed in here.").arg(row.accountName)));
        return {};
    }
    CheckSubject subject;
    subject.directory = row.directory;
    subject.account = *account;
    subject.expectedPartnerId = row.state.expectedPartnerId;
    return m_check->run(subject, services, context,
                        [done = std::move(done)](const Expected<CheckResult> &r) { done(cellOf(r)); });
}

} // namespace pal
