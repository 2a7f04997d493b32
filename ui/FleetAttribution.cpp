#include "FleetAttribution.h"

#include "FleetTableModel.h"

#include <algorithm>
#include <utility>

namespace pal {

FleetAttribution::FleetAttribution(FleetTableModel *model, QObject *parent)
    : QObject(parent)
    , m_model(model)
    , m_context(new QObject(this))
{}

FleetAttribution::~FleetAttribution()
{
    ++m_generation; // the model may be gone already: no completion may reach it
    for (const CallHandle &call : std::as_const(m_calls))
        call.cancel();
}

bool FleetAttribution::isCheckable(const FleetResult &row)
{
    switch (findingOf(row)) {
    case FleetFinding::LinkedAsExpected:
    case FleetFinding::LinkedToOther:
    case FleetFinding::NotLinked:
        return true;
    default:
        return false;
    }
}

void FleetAttribution::setEnabled(bool enabled)
{
    if (enabled == m_enabled)
        return;
    m_enabled = enabled;
    if (!enabled) {
        // What was found stays in the column; what was not found yet is not asked.
        reset();
        for (int i = 0; i < m_model->rowCount(); ++i)
            if (m_model->attribution(i).state == AttributionCell::State::Checking)
                m_model->setAttribution(m_model->result(i), AttributionCell{});
        return;
    }
    QList<FleetResult> rows;
    for (int i = 0; i < m_model->rowCount(); ++i)
        if (m_model->attribution(i).state == AttributionCell::State::NotChecked)
            rows.append(m_model->result(i));
    rowsAdded(rows);
}

void FleetAttribution::rowsAdded(const QList<FleetResult> &rows)
{
    if (!m_enabled || !m_runner)
        return;
    for (const FleetResult &r : rows) {
        if (!isCheckable(r))
            continue;
        m_queue.append(r);
        ++m_total;
        m_model->setAttribution(r, AttributionCell{AttributionCell::State::Checking, tr("Reading who owns what…")});
    }
    Q_EMIT progress(m_done, m_total);
    pump();
}

void FleetAttribution::reset()
{
    // The generation moves first: a cancelled call that completes at once is then dropped.
    ++m_generation;
    m_queue.clear();
    const QList<CallHandle> calls = std::exchange(m_calls, {});
    for (const CallHandle &call : calls)
        call.cancel();
    delete m_context;
    m_context = new QObject(this);
    m_running = 0;
    m_done = 0;
    m_total = 0;
}

void FleetAttribution::pump()
{
    while (m_running < Concurrency && !m_queue.isEmpty()) {
        const FleetResult row = m_queue.takeFirst();
        ++m_running;
        m_calls.append(
            m_runner(row, m_context, [this, row, generation = m_generation](const Expected<AttributionCell> &found) {
                if (generation != m_generation)
                    return;
                --m_running;
                ++m_done;
                m_model->setAttribution(
                    row, found ? found.value()
                               : AttributionCell{AttributionCell::State::CannotTell, found.error().userMessage()});
                Q_EMIT progress(m_done, m_total);
                pump();
            }));
    }
    // Finished calls drop out of the list (their handles no longer run).
    m_calls.erase(std::remove_if(m_calls.begin(), m_calls.end(), [](const CallHandle &c) { return !c.isRunning(); }),
                  m_calls.end());
}

} // namespace pal
