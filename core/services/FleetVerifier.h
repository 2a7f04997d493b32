#pragma once
// FleetVerifier: checks the partner link of many targets at once, a token per directory, at most
// `concurrency` in flight. Each target ends in exactly one result (LinkState: linked, linked to
// another ID, not linked, or failed, "sign-in needed" included). Results arrive as they finish;
// finished() fires once when every target has a result. FleetRun wraps it with batching, counts
// and reports; use FleetRun, not this, from the apps.

#include "CallHandle.h"
#include "FleetResult.h"

#include <QHash>
#include <QList>
#include <QObject>

namespace pal {

class Clock;

class FleetVerifier final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FleetVerifier)
public:
    static constexpr int DefaultConcurrency = 8;
    static constexpr int MaxConcurrency = 64;

    explicit FleetVerifier(const Clock *clock = nullptr, QObject *parent = nullptr);

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

    const Clock *m_clock;
    int m_concurrency = DefaultConcurrency;
    QList<FleetTarget> m_targets;
    QList<FleetResult> m_results;
    QHash<int, CallHandle> m_inFlight; // by index into m_targets
    QList<int> m_resultIndex;          // input position of each entry of m_results
    int m_running = 0;
    int m_nextIndex = 0;
    quint64 m_generation = 0; // callbacks of an earlier run are ignored
    bool m_cancelling = false;
    bool m_starting = false; // inside startNext(): answers given at once do not recurse into it
    bool m_startAgain = false;
};

} // namespace pal
