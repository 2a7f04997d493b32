#pragma once
// FleetView: verifies the partner link in every directory the account reaches at once (a FleetRun:
// a token per directory, several in flight), shows the results in a sortable table that filters
// by state and stays smooth at thousands of rows (a model fed in batches), shows progress and the
// summary, and exports the report as CSV or JSON through the interaction port. What it finds also
// feeds the directory switcher's status column (Workspace::recordVerifications).

#include "UiContext.h"

#include <QWidget>
#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableView;

namespace pal {

class FleetFilterModel;
class FleetRun;
class FleetTableModel;
class InlineMessage;
struct FleetSummary;

class FleetView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FleetView)
public:
    explicit FleetView(const UiContext &ui, QWidget *parent = nullptr);
    ~FleetView() override;

    void verifyAll();
    bool isRunning() const;

private:
    void newRun();
    void showSummary(const FleetSummary &summary);
    void exportReport(bool json);
    void updateButtons();

    UiContext m_ui;
    std::unique_ptr<FleetRun> m_run;
    FleetTableModel *m_model;
    FleetFilterModel *m_proxy;
    QLineEdit *m_expected;
    QPushButton *m_start;
    QPushButton *m_cancel;
    QPushButton *m_exportCsv;
    QPushButton *m_exportJson;
    QComboBox *m_filter;
    QProgressBar *m_progress;
    QLabel *m_summary;
    QTableView *m_table;
    InlineMessage *m_message;
};

} // namespace pal
