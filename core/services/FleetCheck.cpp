#include "FleetCheck.h"

#include "AccountManager.h"
#include "AccountServices.h"
#include "AccountServicesPool.h"
#include "ArmSession.h"
#include "FleetRun.h"
#include "Logging.h"

#include <QTimer>

namespace pal {

FleetCheck::FleetCheck(QNetworkAccessManager *network, AccountManager *accounts, RetryPolicy policy, const Clock *clock,
                       QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_accounts(accounts)
    , m_policy(std::move(policy))
    , m_clock(clock)
    , m_run(std::make_unique<FleetRun>(clock))
{
    connect(m_run.get(), &FleetRun::resultsArrived, this, &FleetCheck::resultsArrived);
    connect(m_run.get(), &FleetRun::progress, this, &FleetCheck::progress);
    connect(m_run.get(), &FleetRun::finished, this, [this](const FleetSummary &summary) {
        m_runStarted = false;
        Q_EMIT finished(summary);
    });
}

FleetCheck::~FleetCheck()
{
    // The run's requests use the sessions: end them first.
    for (const CallHandle &call : std::as_const(m_calls))
        call.cancel();
    m_run.reset();
    m_ownSessions.reset();
}

void FleetCheck::setConcurrency(int concurrency)
{
    m_run->setConcurrency(concurrency);
}

void FleetCheck::setBatchInterval(std::chrono::milliseconds interval)
{
    m_run->setBatchInterval(interval);
}

void FleetCheck::start(const QList<Account> &accounts, const CloudEnvironment &cloud)
{
    if (isRunning()) {
        qCWarning(lcServices) << "fleet check already running; start ignored";
        return;
    }
    ++m_generation;
    m_calls.clear();
    m_reach.clear();
    m_failures.clear();
    m_listing = int(accounts.size());
    if (accounts.isEmpty()) {
        m_listing = 1; // finished through the same path, after this returns
        const quint64 generation = m_generation;
        QTimer::singleShot(0, this, [this, generation] {
            if (generation == m_generation)
                listingDone();
        });
        return;
    }
    if (!m_sharedSessions && !m_ownSessions)
        m_ownSessions = std::make_unique<AccountServicesPool>(m_network, m_accounts, m_policy, m_clock);
    AccountServicesPool *pool = m_sharedSessions ? m_sharedSessions : m_ownSessions.get();
    for (const Account &account : accounts) {
        // Accounts may have signed in or out since the last run: the pool gives the current ones.
        AccountServices *services = pool->forAccount(account, cloud);
        const int at = int(m_reach.size());
        m_reach.append(AccountReach{account, services, {}, false});
        const quint64 generation = m_generation;
        if (!services) {
            AzureError e = AzureError::make(AzureError::Kind::InvalidInput,
                                            QStringLiteral("%1 is no longer signed in here.").arg(account.username));
            QTimer::singleShot(0, this, [this, at, generation, e] {
                if (generation != m_generation)
                    return;
                m_reach[at].listFailed = true;
                m_failures.append(ListingFailure{m_reach.at(at).account, e});
                listingDone();
            });
            continue;
        }
        m_calls.append(services->arm()->tenants().list(
            QString(), this, [this, at, generation](const Expected<QList<Directory>> &listed) {
                if (generation != m_generation)
                    return;
                if (listed) {
                    m_reach[at].directories = listed.value();
                } else {
                    m_reach[at].listFailed = true;
                    m_failures.append(ListingFailure{m_reach.at(at).account, listed.error()});
                    qCWarning(lcServices).noquote()
                        << "cannot list the directories of an account:" << listed.error().kindName();
                }
                listingDone();
            }));
    }
}

void FleetCheck::listingDone()
{
    if (--m_listing > 0)
        return;
    m_listing = 0;
    m_calls.clear();
    Q_EMIT listed(int(m_reach.size()), m_failures);
    const QList<FleetTarget> targets = FleetPlan::targets(m_reach, m_inventory, m_expectation);
    m_runStarted = true;
    m_run->start(targets);
}

QList<Directory> FleetCheck::listedDirectories() const
{
    QList<Directory> all;
    for (const AccountReach &r : m_reach)
        all << r.directories;
    return all;
}

void FleetCheck::cancel()
{
    if (m_listing > 0) {
        ++m_generation; // the lists' answers are dropped
        for (const CallHandle &call : std::as_const(m_calls))
            call.cancel();
        m_calls.clear();
        m_listing = 0;
        m_runStarted = true;
        // What was asked ends as a run of nothing, so finished() still fires once.
        m_run->start({});
        return;
    }
    m_run->cancel();
}

} // namespace pal
