#pragma once
// FleetView, "All directories": every directory of every signed-in account (accounts × directories,
// a directory two accounts reach is two rows) checked at once, with the inventory's expectations
// and notes and its rows nobody here can ask (not signed in, not reachable). A sortable table that
// filters by finding (problems, linked as expected, another ID, not linked, not signed in, not
// reachable, ...) and stays smooth at thousands of rows (a model fed in batches). It imports and
// exports the inventory and exports the report (CSV or JSON), all through the interaction port.
//
// The checks are the FleetWatch's: the same one the schedule runs (Settings). After each check the
// rows that changed since the one before are marked; a scheduled check that finds a link lost
// tells the desktop (DesktopNotifier, the tray) or, without one, shows a banner here. What the
// check finds for the open account also feeds the directory switcher (Workspace::recordVerifications).

#include "UiContext.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableView;
class QVBoxLayout;

namespace pal {

class FleetAttribution;
class FleetFilterModel;
class FleetTableModel;
class FleetWatch;
class InlineMessage;
struct FleetChange;
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
    FleetWatch *watch() const { return m_watch; }
    FleetAttribution *attribution() const { return m_attribution; }
    // The attribution column can be offered (a runner is set); call after FleetAttribution::setRunner().
    void updateAttributionToggle();

private:
    void buildToolbars(QVBoxLayout *layout);
    void connectWatch();
    void showSummary(const FleetSummary &summary);
    void showLostLinks(const QList<FleetChange> &lost);
    void exportReport(bool json);
    void importInventory();
    void exportInventory();
    void updateInventoryLabel();
    void updateWatchStatus();
    void updateButtons();
    QString expectedPartnerId() const; // the field's, when valid

    UiContext m_ui;
    FleetWatch *m_watch; // a child
    FleetTableModel *m_model;
    FleetFilterModel *m_proxy;
    FleetAttribution *m_attribution;
    QCheckBox *m_showAttribution;
    QLineEdit *m_expected;
    QPushButton *m_start;
    QPushButton *m_cancel;
    QPushButton *m_exportCsv;
    QPushButton *m_exportJson;
    QPushButton *m_importInventory;
    QPushButton *m_exportInventory;
    QLabel *m_inventory;
    QLabel *m_watchStatus;
    QComboBox *m_filter;
    QProgressBar *m_progress;
    QLabel *m_summary;
    QTableView *m_table;
    InlineMessage *m_message;
    InlineMessage *m_banner; // lost links, where no tray shows them
};

} // namespace pal
