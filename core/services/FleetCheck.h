#pragma once
// FleetCheck: "verify every directory of every signed-in account", as palctl's
// `verify-all --all-accounts`, the fleet view and the scheduled watch all run it. It lists each
// account's directories (ARM GET /tenants, all accounts at once), builds the rows with FleetPlan
// (accounts × directories, the inventory's expectations and the rows nobody can ask) and verifies
// them in one FleetRun, each directory with the account that reaches it.
//
// Each account's directories are listed and checked through its AccountServices: the shared ones
// of the pool handed to setSessions() (the app's, one ARM session per account), else a pool of its
// own.
//
// Life cycle: construct with the network and the accounts; setInventory()/setExpectation() when
// there are any; start() with the accounts and their cloud. listed() fires once the lists are in
// (with the accounts whose list failed), then FleetRun's signals follow, relayed here; finished()
// fires once. cancel() stops the listing or the run. A finished check can be started again.

#include "AzureError.h"
#include "CallHandle.h"
#include "CloudEnvironment.h"
#include "FleetPlan.h"
#include "FleetResult.h"
#include "RetryPolicy.h"

#include <QList>
#include <QObject>
#include <chrono>
#include <memory>

class QNetworkAccessManager;

namespace pal {

class AccountManager;
class AccountServicesPool;
class Clock;
class FleetRun;

// An account whose directory list could not be read, and why.
struct ListingFailure
{
    Account account;
    AzureError error;
};

class FleetCheck final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FleetCheck)
public:
    FleetCheck(QNetworkAccessManager *network, AccountManager *accounts, RetryPolicy policy = {},
               const Clock *clock = nullptr, QObject *parent = nullptr);
    ~FleetCheck() override;

    void setInventory(const QList<InventoryRow> &rows) { m_inventory = rows; }
    void setExpectation(ExpectationFor expectationFor) { m_expectation = std::move(expectationFor); }
    void setConcurrency(int concurrency);
    // Where each account's services come from (outlives this check); null: a pool of its own.
    void setSessions(AccountServicesPool *sessions) { m_sharedSessions = sessions; }
    void setBatchInterval(std::chrono::milliseconds interval);

    // The accounts must be of `cloud` (AccountManager::accountsOnCloud). Ignored while running.
    void start(const QList<Account> &accounts, const CloudEnvironment &cloud);
    void cancel();
    bool isRunning() const { return m_listing > 0 || m_runStarted; }
    FleetRun &run() { return *m_run; }
    const FleetRun &run() const { return *m_run; }
    const QList<ListingFailure> &listingFailures() const { return m_failures; }
    // Every directory the last listing found, all accounts together (what names resolve against).
    QList<Directory> listedDirectories() const;

Q_SIGNALS:
    void listed(int accounts, const QList<pal::ListingFailure> &failures);
    void resultsArrived(const QList<pal::FleetResult> &batch);
    void progress(int done, int total);
    void finished(const pal::FleetSummary &summary);

private:
    void listingDone();

    QNetworkAccessManager *m_network;
    AccountManager *m_accounts;
    RetryPolicy m_policy;
    const Clock *m_clock;
    std::unique_ptr<FleetRun> m_run;
    AccountServicesPool *m_sharedSessions = nullptr;
    std::unique_ptr<AccountServicesPool> m_ownSessions; // when none is shared
    QList<AccountReach> m_reach;
    QList<ListingFailure> m_failures;
    QList<CallHandle> m_calls;
    QList<InventoryRow> m_inventory;
    ExpectationFor m_expectation;
    int m_listing = 0;
    bool m_runStarted = false;
    quint64 m_generation = 0;
};

} // namespace pal
