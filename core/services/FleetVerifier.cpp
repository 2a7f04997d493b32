#include "FleetVerifier.h"

#include "AccountServices.h"
#include "CheckRun.h"
#include "Clock.h"
#include "LinkCheck.h"
#include "Logging.h"
#include "ManagementPartnerClient.h"

#include <QElapsedTimer>
#include <QTimer>
#include <algorithm>
#include <memory>
#include <numeric>

namespace pal {

FleetVerifier::FleetVerifier(const Clock *clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_link(std::make_unique<LinkCheck>())
{}

FleetVerifier::~FleetVerifier() = default;

void FleetVerifier::setChecks(const QList<DirectoryCheck *> &checks)
{
    if (isRunning())
        return;
    m_checks.clear();
    for (DirectoryCheck *check : checks)
        if (check && check->name() != LinkCheck::checkName() && !m_checks.contains(check))
            m_checks.append(check);
}

QStringList FleetVerifier::checkNames() const
{
    QStringList names{LinkCheck::checkName()};
    for (const DirectoryCheck *check : m_checks)
        names << check->name();
    return names;
}

AccountServices *FleetVerifier::servicesFor(const FleetTarget &target)
{
    if (target.services)
        return target.services;
    if (!target.client)
        return nullptr;
    std::unique_ptr<AccountServices> &wrapped = m_wrapped[target.client];
    if (!wrapped) {
        Account account;
        account.id = target.accountId;
        account.username = target.accountName;
        wrapped = std::make_unique<AccountServices>(target.client, account);
    }
    return wrapped.get();
}

QDateTime FleetVerifier::now() const
{
    return m_clock ? m_clock->now().toUTC() : QDateTime::currentDateTimeUtc();
}

void FleetVerifier::setConcurrency(int concurrency)
{
    m_concurrency = std::clamp(concurrency, 1, MaxConcurrency);
}

bool FleetVerifier::isRunning() const
{
    return m_running > 0 || m_nextIndex < m_targets.size();
}

void FleetVerifier::start(const QList<FleetTarget> &targets)
{
    if (isRunning()) {
        qCWarning(lcServices) << "fleet verification already running; start ignored";
        return;
    }
    ++m_generation;
    m_targets = targets;
    m_wrapped.clear(); // the clients of an earlier run may be gone
    m_results.clear();
    m_resultIndex.clear();
    m_inFlight.clear();
    m_running = 0;
    m_nextIndex = 0;
    m_preparedUpTo = 0;
    m_cancelling = false;
    qCInfo(lcServices) << "verifying" << m_targets.size() << "directories," << m_concurrency << "at a time";
    if (m_targets.isEmpty()) {
        const quint64 generation = m_generation;
        QTimer::singleShot(0, this, [this, generation] {
            if (generation == m_generation)
                Q_EMIT finished();
        });
        return;
    }
    startNext();
}

void FleetVerifier::startNext()
{
    // Answers given at once (record() below) call this again: they only ask for one more pass, so
    // thousands of such answers never nest (a new start() from a finished() slot included).
    if (m_starting) {
        m_startAgain = true;
        return;
    }
    m_starting = true;
    do {
        m_startAgain = false;
        startPass();
    } while (m_startAgain);
    m_starting = false;
}

void FleetVerifier::startPass()
{
    const quint64 startedGeneration = m_generation;
    while (m_generation == startedGeneration && !m_cancelling && m_running < m_concurrency &&
           m_nextIndex < m_targets.size()) {
        const int index = m_nextIndex++;
        const FleetTarget &target = m_targets.at(index);
        const quint64 generation = m_generation;
        if (target.reach != FleetReach::Checked) { // an inventory row nobody here can ask: answered now
            LinkState unasked;
            unasked.expectedPartnerId = target.expectedPartnerId;
            unasked.checkedAt = now();
            record(index, FleetResult::of(target, unasked));
            continue;
        }
        AccountServices *services = servicesFor(target);
        if (!services) { // a target without services is a caller's bug; it still gets its result
            record(index,
                   FleetResult::of(target, LinkState::failed(AzureError::make(AzureError::Kind::InvalidInput,
                                                                              QStringLiteral("No account reaches "
                                                                                             "this directory.")),
                                                             now())));
            continue;
        }
        ++m_running;
        auto clock = std::make_shared<QElapsedTimer>();
        clock->start();
        CheckSubject subject;
        subject.directory = target.directory;
        subject.account = services->account();
        if (subject.account.id.isEmpty())
            subject.account.id = target.accountId;
        if (subject.account.username.isEmpty())
            subject.account.username = target.accountName;
        subject.expectedPartnerId = target.expectedPartnerId;
        QList<DirectoryCheck *> checks{m_link.get()};
        checks << m_checks;
        CallHandle handle = CheckRun::run(
            checks, subject, services, this, [this, index, generation, clock](const QList<CheckResult> &checked) {
                if (generation != m_generation)
                    return;
                const CheckResult &link = checked.first();
                const FleetTarget &t = m_targets.at(index);
                LinkState state;
                if (const auto *found = link.as<LinkFinding>())
                    state = found->state;
                else
                    state = LinkState::failed(link.error.value_or(AzureError::make(AzureError::Kind::BadResponse,
                                                                                   QStringLiteral("No answer."))),
                                              now());
                if (state.expectedPartnerId.isEmpty())
                    state.expectedPartnerId = t.expectedPartnerId;
                FleetResult result = FleetResult::of(t, std::move(state), clock->elapsed());
                result.checks = checked;
                --m_running;
                m_inFlight.remove(index);
                record(index, std::move(result));
            });
        if (m_running > 0 && handle.isRunning())
            m_inFlight.insert(index, handle);
    }
    // The next `concurrency` directories' tokens are fetched while these wait on ARM: a cold run
    // then costs about one ARM round trip per directory in its window, not a token round trip as
    // well. At most `concurrency` token fetches run ahead, so Entra sees twice the window at most.
    if (m_cancelling)
        return;
    m_preparedUpTo = std::max(m_preparedUpTo, m_nextIndex);
    const int until = std::min<int>(int(m_targets.size()), m_nextIndex + m_concurrency);
    for (; m_preparedUpTo < until; ++m_preparedUpTo) {
        const FleetTarget &ahead = m_targets.at(m_preparedUpTo);
        if (AccountServices *services = servicesFor(ahead))
            services->partners().prepare(ahead.directory.tenantId);
    }
}

void FleetVerifier::record(int index, FleetResult result)
{
    m_results.append(result);
    m_resultIndex.append(index);
    Q_EMIT verified(result);
    if (m_results.size() == m_targets.size()) {
        // Reports read best in the order the targets were given.
        QList<int> order(m_results.size());
        std::iota(order.begin(), order.end(), 0);
        std::sort(order.begin(), order.end(), [this](int a, int b) { return m_resultIndex[a] < m_resultIndex[b]; });
        QList<FleetResult> sorted;
        sorted.reserve(m_results.size());
        for (int i : order)
            sorted.append(m_results[i]);
        m_results = std::move(sorted);
        m_resultIndex.clear();
        qCInfo(lcServices) << "fleet verification finished:" << m_targets.size() << "directories";
        Q_EMIT finished();
        return;
    }
    startNext();
}

void FleetVerifier::cancel()
{
    if (!isRunning() || m_cancelling)
        return;
    m_cancelling = true;
    const quint64 generation = m_generation;
    // Targets never started end as cancelled without a request.
    while (m_nextIndex < m_targets.size()) {
        const int index = m_nextIndex++;
        const FleetTarget &t = m_targets.at(index);
        AzureError e =
            AzureError::make(AzureError::Kind::Cancelled, QStringLiteral("Cancelled before it was checked."));
        e.tenantId = t.directory.tenantId;
        FleetResult result = FleetResult::of(t, LinkState::failed(e, now()));
        for (const QString &check : checkNames()) // every check the row would have been asked
            result.checks.append(CheckResult::failed(check, e));
        record(index, std::move(result));
        if (generation != m_generation)
            return;
    }
    // Those in flight complete through their callbacks with Kind::Cancelled.
    const QList<CallHandle> inFlight = m_inFlight.values();
    for (const CallHandle &handle : inFlight)
        handle.cancel();
}

} // namespace pal
