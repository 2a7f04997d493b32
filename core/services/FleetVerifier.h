#pragma once
// FleetVerifier: runs the directory checks (core/checks) of many targets at once, a token per
// directory, at most `concurrency` in flight: the link check (LinkCheck, through the account's
// PartnerLinks) always and first, then the others set with setChecks(), one after the other per
// row. Each target ends in exactly one result (LinkState: linked, linked to another ID, not
// linked, or failed, "sign-in needed" included; and every check's CheckResult). Results arrive as
// they finish; finished() fires once when every target has a result. FleetRun wraps it with
// batching, counts and reports; use FleetRun, not this, from the apps.

#include "CallHandle.h"
#include "FleetResult.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <map>
#include <memory>

namespace pal {

class AccountServices;
class Clock;
class DirectoryCheck;
class LinkCheck;

class FleetVerifier final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FleetVerifier)
public:
    // 32 directories at once. Measured (bench/README.md): at 100 ms a request, 200 directories
    // take ~21 s one at a time and ~2.8 s at 8 (not within the 1.5 s a warm run should take);
    // 32 needs seven rounds (~0.7 s warm, tokens included ~1.5 s cold) and 64 saves little more.
    // ARM does not stand in the way: it meters reads per principal *and tenant* (a token bucket
    // of 250, refilled at 25 a second), and a fleet run sends one read to each tenant, so no
    // bucket is ever close to empty; ArmThrottle still paces and pauses a directory whose bucket
    // ARM says is low or throttled, and only that directory (its bucket is per principal and tenant).
    // Against Azure (HTTP/2) the 32 requests share one connection; against an HTTP/1.1 server
    // NetworkAccessPool opens six lanes of six. Above 32 the gain is small and the burst on
    // Entra's token endpoint (one refresh per directory on a cold run) doubles.
    // Kept (bench/README.md, 1,000 directories, load 20): 64 saved 0.9 s warm, 0.3 s cold, one run each: noise.
    static constexpr int DefaultConcurrency = 32;
    static constexpr int MaxConcurrency = 64;

    explicit FleetVerifier(const Clock *clock = nullptr, QObject *parent = nullptr);
    ~FleetVerifier() override;

    // The checks asked of every row after the link's (not owned; they outlive the runs). The link
    // check is always asked first, so it is dropped from this list. Ignored while running.
    void setChecks(const QList<DirectoryCheck *> &checks);
    // "link" and the names of the checks set.
    QStringList checkNames() const;

    void setConcurrency(int concurrency); // clamped to 1..MaxConcurrency
    int concurrency() const { return m_concurrency; }
    // Starts a run; ignored (with a warning) while one is running. An empty list finishes at once.
    void start(const QList<FleetTarget> &targets);
    // Targets not yet checked and those in flight end as Failed with Kind::Cancelled.
    void cancel();
    bool isRunning() const;
    int total() const { return int(m_targets.size()); }
    // In input order once finished(); in completion order while running.
    const QList<FleetResult> &results() const { return m_results; }

Q_SIGNALS:
    void verified(const pal::FleetResult &result);
    void finished();

private:
    void startNext();
    void startPass();
    void record(int index, FleetResult result);
    QDateTime now() const;
    AccountServices *servicesFor(const FleetTarget &target);

    const Clock *m_clock;
    std::unique_ptr<LinkCheck> m_link;
    QList<DirectoryCheck *> m_checks; // after the link's
    // Services around the bare clients of targets that name no AccountServices, for one run.
    std::map<ManagementPartnerClient *, std::unique_ptr<AccountServices>> m_wrapped;
    int m_concurrency = DefaultConcurrency;
    QList<FleetTarget> m_targets;
    QList<FleetResult> m_results;
    QHash<int, CallHandle> m_inFlight; // by index into m_targets
    QList<int> m_resultIndex;          // input position of each entry of m_results
    int m_running = 0;
    int m_nextIndex = 0;
    int m_preparedUpTo = 0;   // targets before this index had their token asked for ahead
    quint64 m_generation = 0; // callbacks of an earlier run are ignored
    bool m_cancelling = false;
    bool m_starting = false; // inside startNext(): answers given at once do not recurse into it
    bool m_startAgain = false;
};

} // namespace pal
