#include "FleetVerifier.h"

#include "Clock.h"
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
{}

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
        if (!target.client) { // a target without a client is a caller's bug; it still gets its result
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
        const QString expected = target.expectedPartnerId;
        CallHandle handle = target.client->current(
            target.directory.tenantId, this,
            [this, index, generation, clock, expected](const Expected<PartnerLink> &r) {
                if (generation != m_generation)
                    return;
                FleetResult result =
                    FleetResult::of(m_targets.at(index), LinkState::fromRead(r, expected, now()), clock->elapsed());
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
    for (; m_preparedUpTo < until; ++m_preparedUpTo)
        if (ManagementPartnerClient *client = m_targets.at(m_preparedUpTo).client)
            client->prepare(m_targets.at(m_preparedUpTo).directory.tenantId);
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
        record(index, FleetResult::of(t, LinkState::failed(e, now())));
        if (generation != m_generation)
            return;
    }
    // Those in flight complete through their callbacks with Kind::Cancelled.
    const QList<CallHandle> inFlight = m_inFlight.values();
    for (const CallHandle &handle : inFlight)
        handle.cancel();
}

} // namespace pal
