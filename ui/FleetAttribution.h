#pragma once
// FleetAttribution: the fleet view's optional attribution column (issue 11): for each row whose
// directory the account reached, whether the resources there are credited to that identity
// (credited / not credited / cannot tell, AttributionReport::summary()). The check is a port
// (Runner): FleetView fills it with core/powerplatform's AttributionCheck, tests with a fake. One
// check reads several products and pages of resources, so only a few run at once and the column
// fills in as they finish. Switching the column off, or a new fleet check, cancels what is left.
//
// Life cycle: construct with the model; setRunner(); setEnabled(true) checks the rows already
// there, and rowsAdded() each later batch while enabled; reset() before the model is cleared.

#include "CallHandle.h"
#include "Expected.h"
#include "FleetResult.h"

#include <QList>
#include <QObject>
#include <functional>

namespace pal {

class FleetTableModel;

struct AttributionCell
{
    enum class State { NotChecked, Checking, Credited, NotCredited, CannotTell };
    State state = State::NotChecked;
    QString detail; // per product, for the tooltip; or why it cannot tell
};

class FleetAttribution final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FleetAttribution)
public:
    using Runner =
        std::function<CallHandle(const FleetResult &row, QObject *context, Completion<AttributionCell> done)>;
    static constexpr int Concurrency = 2;

    explicit FleetAttribution(FleetTableModel *model, QObject *parent = nullptr);
    ~FleetAttribution() override;

    void setRunner(Runner runner) { m_runner = std::move(runner); }
    bool isAvailable() const { return bool(m_runner); }
    bool isEnabled() const { return m_enabled; }
    // On: every row whose directory was reached is checked (those already in the model first).
    void setEnabled(bool enabled);
    void rowsAdded(const QList<FleetResult> &rows);
    // Cancels every check (the model is about to be cleared for a new fleet check).
    void reset();
    bool isRunning() const { return m_running > 0 || !m_queue.isEmpty(); }
    // Only rows the account reached are worth asking: linked, linked to another ID, not linked.
    static bool isCheckable(const FleetResult &row);

Q_SIGNALS:
    void progress(int done, int total);

private:
    void pump();

    FleetTableModel *m_model;
    Runner m_runner;
    bool m_enabled = false;
    QList<FleetResult> m_queue;
    QList<CallHandle> m_calls;
    QObject *m_context = nullptr; // the current generation's completions; deleted by reset()
    quint64 m_generation = 0;     // a completion of a cancelled generation is dropped
    int m_running = 0;
    int m_done = 0;
    int m_total = 0;
};

} // namespace pal
