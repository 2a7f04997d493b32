#pragma once
// HistoryPage: "Link history", every partner link create, update and delete made on this computer
// by paldesk or palctl, failed attempts too, newest first (LinkHistory). Filter by directory,
// export CSV (oldest first, formula-safe cells). It reads the newest MaxRows entries again when
// the history changes, here or in another process (AppServices watches the file's folder), and
// when it is shown; a large file off the GUI thread (runOffThreadIfLarge), so the page fills a
// moment later. A change this process could not record is said here until one is recorded.

#include "AzureError.h"
#include "LinkHistory.h"
#include "UiContext.h"

#include <QWidget>
#include <optional>

class QComboBox;
class QLabel;
class QPushButton;
class QStandardItemModel;
class QTableView;

namespace pal {

class InlineMessage;
class ValueLabel;

class HistoryPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryPage)
public:
    static constexpr int MaxRows = 2000;
    enum Column { Time, App, Action, Directory, Identity, Before, After, Result, ColumnCount };

    explicit HistoryPage(const UiContext &ui, QWidget *parent = nullptr);
    void reload();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void showRead(const Expected<LinkHistory::Page> &all, const Expected<LinkHistory::Page> &shown);
    void fill(const QList<HistoryEntry> &entries);
    void updateFilter(const QList<HistoryEntry> &entries);
    void exportCsv();
    void showNotRecorded();

    UiContext m_ui;
    QComboBox *m_directory;
    QStandardItemModel *m_model;
    QTableView *m_table;
    QLabel *m_empty;
    ValueLabel *m_file;
    QPushButton *m_refresh;
    QPushButton *m_export;
    InlineMessage *m_message;
    bool m_stale = true;      // changed while hidden: read again when shown
    bool m_reading = false;   // a reading is under way (off the GUI thread when the file is large)
    bool m_readAgain = false; // asked for while reading: read again when it ends
    // The last change this process could not write to the history (until one is written again).
    std::optional<AzureError> m_notRecorded;
};

} // namespace pal
