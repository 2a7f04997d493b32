#pragma once
// FleetRun: one verification of many directories, as both apps run it. It owns the FleetVerifier
// (bounded concurrency, one result per target), hands results on in batches (a burst of answers
// becomes one resultsArrived(), so a view inserts rows once per batch, not once per row), keeps
// the summary counts, and writes the report (CSV or JSON, FleetReport).
//
// Which checks: the link's always (core/checks' LinkCheck, through each account's PartnerLinks);
// setChecks() adds others from the CheckRegistry (palctl's --checks), whose typed results each
// row carries (FleetResult::checks) and the JSON report adds.
//
// Life cycle: construct, optionally setConcurrency()/setBatchInterval()/setChecks(), start() with the targets
// (each names the client of the account that reaches it, so several accounts fit one run);
// resultsArrived() and progress() follow; finished() fires once, after the last batch. cancel()
// ends the targets not yet answered as cancelled. A finished run can be started again.

#include "FleetResult.h"

#include <QList>
#include <QObject>
#include <QTimer>
#include <chrono>

namespace pal {

class Clock;
class DirectoryCheck;
class FleetVerifier;

class FleetRun final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FleetRun)
public:
    explicit FleetRun(const Clock *clock = nullptr, QObject *parent = nullptr);
    ~FleetRun() override;

    // One target per directory, all through one account's client, all expecting `expectedPartnerId`.
    [[nodiscard]] static QList<FleetTarget> targets(ManagementPartnerClient *client,
                                                    const QList<Directory> &directories,
                                                    const QString &expectedPartnerId = {},
                                                    const QString &accountId = {});

    void setConcurrency(int concurrency); // 1..FleetVerifier::MaxConcurrency
    // The checks asked of each row after the link's (not owned; CheckRegistry's). Ignored while running.
    void setChecks(const QList<DirectoryCheck *> &checks);
    // "link", then the names of the checks set: what each row's `checks` holds, in order.
    QStringList checkNames() const;
    // Results are handed on at most this often (0: once per turn of the event loop).
    void setBatchInterval(std::chrono::milliseconds interval);

    void start(const QList<FleetTarget> &targets);
    void cancel();
    bool isRunning() const;
    // In input order once finished(); in arrival order while running.
    const QList<FleetResult> &results() const;
    FleetSummary summary() const { return m_summary; }
    [[nodiscard]] Expected<Done> writeReport(const QString &path) const;

Q_SIGNALS:
    void started(int total);
    void resultsArrived(const QList<pal::FleetResult> &batch);
    void progress(int done, int total);
    void finished(const pal::FleetSummary &summary);

private:
    void flush();

    FleetVerifier *m_verifier; // a child
    QTimer m_batch;
    QList<FleetResult> m_pending;
    FleetSummary m_summary;
};

} // namespace pal
