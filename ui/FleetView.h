#pragma once
// FleetView: verifies the partner link in every directory the account reaches at once
// (FleetVerifier, a token per directory, several in flight), fills a table as results arrive,
// shows progress, and exports the report as CSV or JSON through the interaction port. What it
// finds also feeds the directory switcher's status column (Workspace::recordVerification).

#include "UiContext.h"

#include <QWidget>
#include <memory>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace pal {

class FleetVerifier;
class InlineMessage;
struct DirectoryVerification;

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
    void addResult(const DirectoryVerification &result);
    void exportReport(bool json);
    void updateButtons();

    UiContext m_ui;
    std::unique_ptr<FleetVerifier> m_verifier;
    QLineEdit *m_expected;
    QPushButton *m_start;
    QPushButton *m_cancel;
    QPushButton *m_exportCsv;
    QPushButton *m_exportJson;
    QProgressBar *m_progress;
    QLabel *m_summary;
    QTableWidget *m_table;
    InlineMessage *m_message;
};

} // namespace pal
