#include "FleetRun.h"

#include "FleetReport.h"
#include "FleetVerifier.h"
#include "LinkCheck.h"

namespace pal {

FleetSummary FleetSummary::of(const QList<FleetResult> &results, int total)
{
    FleetSummary s;
    s.total = total;
    for (const FleetResult &r : results)
        s.add(r);
    return s;
}

FleetResult FleetResult::of(const FleetTarget &target, LinkState state, qint64 elapsedMs)
{
    return FleetResult{target.directory,   target.accountId, std::move(state),   elapsedMs,
                       target.accountName, target.notes,     target.inInventory, target.reach};
}

QJsonObject FleetResult::otherChecksJson() const
{
    QJsonObject o;
    for (const CheckResult &c : checks)
        if (c.check != LinkCheck::checkName())
            o.insert(c.check, c.toJson());
    return o;
}

QString FleetResult::outcome() const
{
    switch (reach) {
    case FleetReach::NotSignedIn:
        return findingName(FleetFinding::NotSignedIn);
    case FleetReach::NotReachable:
        return findingName(FleetFinding::NotReachable);
    case FleetReach::Checked:
        break;
    }
    return state.name();
}

FleetFinding findingOf(const FleetResult &result)
{
    switch (result.reach) {
    case FleetReach::NotSignedIn:
        return FleetFinding::NotSignedIn;
    case FleetReach::NotReachable:
        return FleetFinding::NotReachable;
    case FleetReach::Checked:
        break;
    }
    switch (result.state.kind) {
    case LinkState::Kind::Linked:
        return FleetFinding::LinkedAsExpected;
    case LinkState::Kind::LinkedToOther:
        return FleetFinding::LinkedToOther;
    case LinkState::Kind::NotLinked:
        return FleetFinding::NotLinked;
    case LinkState::Kind::Failed:
    case LinkState::Kind::Unknown:
    case LinkState::Kind::Checking:
        break;
    }
    return result.state.needsSignIn() ? FleetFinding::SignInNeeded : FleetFinding::Failed;
}

QString findingName(FleetFinding finding)
{
    switch (finding) {
    case FleetFinding::LinkedAsExpected:
        return QStringLiteral("linked as expected");
    case FleetFinding::LinkedToOther:
        return QStringLiteral("linked to another ID");
    case FleetFinding::NotLinked:
        return QStringLiteral("not linked");
    case FleetFinding::NotSignedIn:
        return QStringLiteral("identity not signed in");
    case FleetFinding::NotReachable:
        return QStringLiteral("directory not reachable");
    case FleetFinding::SignInNeeded:
        return QStringLiteral("sign-in needed");
    case FleetFinding::Failed:
        break;
    }
    return QStringLiteral("error");
}

void FleetSummary::add(const FleetResult &result)
{
    ++done;
    if (result.reach == FleetReach::NotSignedIn) {
        ++notSignedIn;
        return;
    }
    if (result.reach == FleetReach::NotReachable) {
        ++notReachable;
        return;
    }
    const LinkState &state = result.state;
    switch (state.kind) {
    case LinkState::Kind::Linked:
        ++linked;
        return;
    case LinkState::Kind::LinkedToOther:
        ++linkedToOther;
        return;
    case LinkState::Kind::NotLinked:
        ++notLinked;
        return;
    case LinkState::Kind::Failed:
    case LinkState::Kind::Unknown:
    case LinkState::Kind::Checking:
        break;
    }
    if (state.needsSignIn())
        ++signInNeeded;
    else if (state.error && state.error->kind == AzureError::Kind::Cancelled)
        ++cancelled;
    else
        ++failed;
}

FleetRun::FleetRun(const Clock *clock, QObject *parent)
    : QObject(parent)
    , m_verifier(new FleetVerifier(clock, this))
{
    m_batch.setSingleShot(true);
    m_batch.setInterval(0);
    connect(&m_batch, &QTimer::timeout, this, &FleetRun::flush);
    connect(m_verifier, &FleetVerifier::verified, this, [this](const FleetResult &result) {
        m_summary.add(result);
        m_pending.append(result);
        if (!m_batch.isActive())
            m_batch.start();
    });
    connect(m_verifier, &FleetVerifier::finished, this, [this] {
        m_batch.stop();
        flush();
        Q_EMIT finished(m_summary);
    });
}

FleetRun::~FleetRun() = default;

QList<FleetTarget> FleetRun::targets(ManagementPartnerClient *client, const QList<Directory> &directories,
                                     const QString &expectedPartnerId, const QString &accountId)
{
    QList<FleetTarget> list;
    list.reserve(directories.size());
    for (const Directory &d : directories) {
        FleetTarget target;
        target.directory = d;
        target.accountId = accountId;
        target.expectedPartnerId = expectedPartnerId.trimmed();
        target.client = client;
        list.append(target);
    }
    return list;
}

void FleetRun::setConcurrency(int concurrency)
{
    m_verifier->setConcurrency(concurrency);
}

void FleetRun::setChecks(const QList<DirectoryCheck *> &checks)
{
    m_verifier->setChecks(checks);
}

QStringList FleetRun::checkNames() const
{
    return m_verifier->checkNames();
}

void FleetRun::setBatchInterval(std::chrono::milliseconds interval)
{
    m_batch.setInterval(int(std::max<qint64>(0, interval.count())));
}

void FleetRun::start(const QList<FleetTarget> &targets)
{
    if (m_verifier->isRunning())
        return m_verifier->start(targets); // refused there, with the warning
    m_pending.clear();
    m_summary = FleetSummary{};
    m_summary.total = int(targets.size());
    Q_EMIT started(m_summary.total);
    m_verifier->start(targets);
}

void FleetRun::cancel()
{
    m_verifier->cancel();
}

bool FleetRun::isRunning() const
{
    return m_verifier->isRunning();
}

const QList<FleetResult> &FleetRun::results() const
{
    return m_verifier->results();
}

void FleetRun::flush()
{
    if (m_pending.isEmpty())
        return;
    const QList<FleetResult> batch = std::exchange(m_pending, {});
    Q_EMIT resultsArrived(batch);
    Q_EMIT progress(m_summary.done, m_summary.total);
}

Expected<Done> FleetRun::writeReport(const QString &path) const
{
    return FleetReport::write(path, results());
}

} // namespace pal
