#pragma once
// FleetWatch: paldesk's memory of the fleet and its scheduled check. It owns the FleetCheck both
// the fleet view's "Verify all" and the schedule run (one at a time), keeps the last check's rows
// and time in fleet-watch.json in the configuration folder (a FleetReport JSON array under
// "results", no secret; `palctl directory verify-all --compare` reads it too), and after every
// check says what changed since the one before (FleetComparison). A scheduled check that finds a
// link gone or pointing to another ID says so through linksLost(), which the desktop turns into a
// notification.
//
// Schedule: WatchSchedule, the interval from AppConfig (off by default). A single-shot QTimer is
// armed for WatchSchedule::wait() and, when it fires, wake() asks the clock again, so a check
// missed while the machine slept runs once soon after it wakes. A due check waits while another
// runs. While off, the timer still looks every MaxWait minutes, so a choice made in Settings
// (the same AppConfig) takes effect without being told. What a check verifies: every account of the current cloud, the
// inventory (inventory.json) and the expectation function (my partner ID; until it is a setting, the fleet view's
// field).
//
// The file of a check of thousands of directories is megabytes of JSON: it is built on a worker
// thread and written when it is ready (runOffThreadIfLarge), so the GUI thread never waits on it.
//
// `clock` is what the schedule asks (tests move it); the requests themselves keep real time.
// Life cycle: construct (reads the last results), then start() arms the timer; checkNow() starts a
// check at once; setInterval() saves the choice and re-arms.

#include "AzureError.h"
#include "CloudEnvironment.h"
#include "FleetComparison.h"
#include "FleetPlan.h"
#include "RetryPolicy.h"
#include "WatchSchedule.h"

#include <QDateTime>
#include <QObject>
#include <QTimer>
#include <memory>

class QNetworkAccessManager;

namespace pal {

class AccountManager;
class AppConfig;
class Clock;
class ConfigLock;
class FleetCheck;
class Inventory;
struct FleetSummary;

class FleetWatch final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FleetWatch)
public:
    FleetWatch(QNetworkAccessManager *network, AccountManager *accounts, AppConfig *config, RetryPolicy policy = {},
               const Clock *clock = nullptr, QObject *parent = nullptr);
    ~FleetWatch() override;

    static QString fileName(); // "fleet-watch.json"

    FleetCheck &check() { return *m_check; }
    Inventory &inventory() { return *m_inventory; }
    void setExpectation(ExpectationFor expectationFor) { m_expectation = std::move(expectationFor); }
    // Whose accounts a check verifies: this cloud's (default: the configured current cloud).
    void setCloud(std::function<std::optional<CloudEnvironment>()> cloud) { m_cloud = std::move(cloud); }

    // Arms the timer for the configured interval (a check due now starts on the next turn).
    void start();
    // Starts a check of every account of the current cloud now; false when one is running or no
    // account is signed in.
    bool checkNow();
    bool isChecking() const;
    bool lastCheckWasScheduled() const { return m_scheduled; }

    WatchInterval interval() const;
    // Saves the choice in settings.json and re-arms; the error when it cannot be saved.
    [[nodiscard]] Expected<Done> setInterval(WatchInterval interval);
    QDateTime lastRun() const { return m_lastRun; }
    std::optional<QDateTime> nextRun() const;
    const QList<ReportEntry> &lastResults() const { return m_last; }
    // What the last check changed (empty before the first comparison).
    const QList<FleetChange> &lastChanges() const { return m_changes; }

    // The timer's work: starts a check when one is due, and re-arms. Public for tests.
    void wake();

Q_SIGNALS:
    void checkStarted(bool scheduled);
    // After every check: what changed since the one before (empty for the first check).
    void checked(const QList<pal::FleetChange> &changes, bool scheduled);
    // A scheduled check found links gone or pointing to another ID.
    void linksLost(const QList<pal::FleetChange> &lost);
    void scheduleChanged();
    void stateNotSaved(const pal::AzureError &error);

private:
    void arm();
    void finishCheck();
    void loadState();
    bool startCheck(bool scheduled);
    // Keeps these results in fleet-watch.json; stateNotSaved() when they cannot be.
    void saveState(const QList<FleetResult> &results);
    QDateTime now() const;

    AccountManager *m_accounts;
    AppConfig *m_config;
    const Clock *m_clock;
    std::unique_ptr<FleetCheck> m_check;
    std::unique_ptr<Inventory> m_inventory;
    std::unique_ptr<ConfigLock> m_lock;
    ExpectationFor m_expectation;
    std::function<std::optional<CloudEnvironment>()> m_cloud;
    QTimer m_timer;
    QDateTime m_lastRun;
    QList<ReportEntry> m_last;
    bool m_remembered = false; // a last check is kept (fleet-watch.json), even one of no rows
    quint64 m_saves = 0;       // the newest saveState(): an older one that ends later is not written
    QList<FleetChange> m_changes;
    bool m_started = false;
    bool m_scheduled = false;
};

} // namespace pal
