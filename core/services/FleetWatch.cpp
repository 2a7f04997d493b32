#include "FleetWatch.h"

#include "AccountManager.h"
#include "AppConfig.h"
#include "Clock.h"
#include "ConfigLock.h"
#include "FleetCheck.h"
#include "FleetComparison.h"
#include "FleetReport.h"
#include "FleetRun.h"
#include "Inventory.h"
#include "JsonFile.h"
#include "Logging.h"
#include "OffThread.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace pal {

namespace {
const QString StateFile = QStringLiteral("fleet-watch.json");
constexpr qsizetype RowBytes = 1024; // about what a row takes in the file

QByteArray stateDocument(const QString &lastRun, const QList<FleetResult> &results)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("version"), 1},
                                     {QStringLiteral("lastRun"), lastRun},
                                     {QStringLiteral("results"), FleetReport::jsonArray(results)}})
        .toJson(QJsonDocument::Indented);
}
} // namespace

FleetWatch::FleetWatch(QNetworkAccessManager *network, AccountManager *accounts, AppConfig *config, RetryPolicy policy,
                       const Clock *clock, QObject *parent)
    : QObject(parent)
    , m_accounts(accounts)
    , m_config(config)
    , m_clock(clock)
    // The clock schedules; the check's requests keep real time (timeouts, retries).
    , m_check(std::make_unique<FleetCheck>(network, accounts, std::move(policy)))
    , m_inventory(std::make_unique<Inventory>(config->directory()))
    , m_lock(std::make_unique<ConfigLock>(config->directory()))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &FleetWatch::wake);
    connect(m_check.get(), &FleetCheck::finished, this, &FleetWatch::finishCheck);
    loadState();
}

FleetWatch::~FleetWatch() = default;

QString FleetWatch::fileName()
{
    return StateFile;
}

QDateTime FleetWatch::now() const
{
    return m_clock ? m_clock->now().toUTC() : QDateTime::currentDateTimeUtc();
}

void FleetWatch::loadState()
{
    const auto bytes = m_lock->read(StateFile);
    if (!bytes || bytes.value().trimmed().isEmpty())
        return;
    const QString path = m_config->directory() + QLatin1Char('/') + StateFile;
    // Parsed once (a check of thousands of directories is megabytes): the rows and lastRun.
    const auto doc = parseJson(bytes.value(), path, QStringLiteral("InvalidReport"));
    const Expected<QList<ReportEntry>> entries =
        doc ? FleetComparison::parseReport(doc.value(), path) : Expected<QList<ReportEntry>>(doc.error());
    if (!entries) {
        // A damaged memory is forgotten: the next check starts a new one (and says nothing changed).
        qCWarning(lcServices).noquote() << "ignoring the last fleet check:" << entries.error().message;
        return;
    }
    m_last = entries.value();
    m_lastRun =
        QDateTime::fromString(doc.value().object().value(QLatin1String("lastRun")).toString(), Qt::ISODateWithMs);
    m_remembered = true;
}

void FleetWatch::saveState(const QList<FleetResult> &results)
{
    const quint64 save = ++m_saves;
    runOffThreadIfLarge(
        results.size() * RowBytes, this,
        [results, lastRun = m_lastRun.toString(Qt::ISODateWithMs)] { return stateDocument(lastRun, results); },
        [this, save](const QByteArray &bytes) {
            if (save != m_saves)
                return; // a later check's results follow
            const auto saved =
                m_lock->update(StateFile, [&bytes](const QByteArray &) -> Expected<QByteArray> { return bytes; });
            if (!saved) {
                qCWarning(lcServices).noquote() << "cannot keep the last fleet check:" << saved.error().message;
                Q_EMIT stateNotSaved(saved.error());
            }
        });
}

WatchInterval FleetWatch::interval() const
{
    return m_config->watchInterval();
}

Expected<Done> FleetWatch::setInterval(WatchInterval interval)
{
    const WatchInterval before = m_config->watchInterval();
    if (const auto saved = m_config->setWatchInterval(interval); !saved) {
        // Not kept: the schedule stays what the file says (a second failure changes nothing more).
        static_cast<void>(m_config->setWatchInterval(before));
        return saved.error();
    }
    arm();
    return Done{};
}

std::optional<QDateTime> FleetWatch::nextRun() const
{
    return WatchSchedule::nextRun(interval(), m_lastRun, now());
}

void FleetWatch::start()
{
    m_started = true;
    arm();
}

void FleetWatch::arm()
{
    if (!m_started)
        return;
    m_timer.stop();
    const auto wait = WatchSchedule::wait(interval(), m_lastRun, now());
    m_timer.start(int(wait.value_or(std::chrono::milliseconds(WatchSchedule::MaxWait)).count()));
    Q_EMIT scheduleChanged();
}

bool FleetWatch::isChecking() const
{
    return m_check->isRunning();
}

void FleetWatch::wake()
{
    if (WatchSchedule::isDue(interval(), m_lastRun, now()) && startCheck(true)) {
        qCInfo(lcServices) << "scheduled fleet check started";
        return; // finishCheck() re-arms
    }
    arm();
}

bool FleetWatch::checkNow()
{
    return startCheck(false);
}

bool FleetWatch::startCheck(bool scheduled)
{
    if (isChecking())
        return false;
    const std::optional<CloudEnvironment> cloud = m_cloud ? m_cloud() : std::optional(m_config->currentCloud());
    if (!cloud)
        return false;
    const QList<Account> accounts = m_accounts->accountsOnCloud(cloud->name);
    if (accounts.isEmpty())
        return false;
    const auto inventory = m_inventory->load();
    if (!inventory)
        qCWarning(lcServices).noquote() << inventory.error().message;
    m_scheduled = scheduled;
    m_check->setInventory(inventory.valueOr({}));
    m_check->setExpectation(m_expectation);
    m_check->start(accounts, *cloud);
    Q_EMIT checkStarted(scheduled);
    return true;
}

void FleetWatch::finishCheck()
{
    const QList<FleetResult> &results = m_check->run().results();
    const FleetSummary summary = m_check->run().summary();
    const bool complete = summary.cancelled == 0;
    const QList<ReportEntry> now = FleetComparison::entries(results);
    m_changes = m_remembered ? FleetComparison::compare(m_last, now) : QList<FleetChange>{};
    // A cancelled check is not a memory to compare the next one with.
    if (complete) {
        m_last = now;
        m_lastRun = this->now();
        m_remembered = true;
        saveState(results);
    }
    const bool scheduled = m_scheduled;
    Q_EMIT checked(m_changes, scheduled);
    if (scheduled) {
        QList<FleetChange> lost;
        for (const FleetChange &c : std::as_const(m_changes))
            if (c.worse)
                lost.append(c);
        if (!lost.isEmpty())
            Q_EMIT linksLost(lost);
    }
    arm();
}

} // namespace pal
