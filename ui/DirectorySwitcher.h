#pragma once
// DirectorySwitcher: the bar across the top of the workspace. It always shows the current
// directory (name, domain, id) and the signed-in account, and opens an in-window list (a panel
// laid over the page below, so the page keeps its size) of every
// directory the account reaches, filtered as you type by name, domain or id, with each
// directory's link status once known. Keyboard: Ctrl+D opens it, Down moves from the filter into
// the list, Enter switches, Escape closes. Switching acquires a token silently (Workspace); where
// Entra wants the user (MFA, conditional access) it says why and offers to sign in there.

#include "UiContext.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTreeView;

namespace pal {

class DirectoryFilterModel;
class DirectoryTableModel;
class InlineMessage;
class ValueLabel;
struct AzureError;

class DirectorySwitcher final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DirectorySwitcher)
public:
    explicit DirectorySwitcher(const UiContext &ui, QWidget *parent = nullptr);

    void openPicker();
    void closePicker();
    bool isPickerOpen() const;

Q_SIGNALS:
    // The user wants to sign in interactively to `tenantId` (e.g. it demands MFA).
    void signInToDirectoryRequested(const QString &tenantId, const QString &reason);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void updateCurrent();
    void placePicker();
    void switchTo(const QModelIndex &proxyIndex);
    void onSwitchFailed(const QString &tenantId, const AzureError &error);

    UiContext m_ui;
    ValueLabel *m_name;
    ValueLabel *m_details;
    QLabel *m_account;
    QPushButton *m_toggle;
    QWidget *m_picker;
    QLineEdit *m_filter;
    QTreeView *m_list;
    QLabel *m_count;
    InlineMessage *m_message;
    QPushButton *m_signInThere;
    QPushButton *m_reload;
    QString m_interactionTenant;
    QString m_interactionReason;
    DirectoryTableModel *m_model;
    DirectoryFilterModel *m_proxy;
};

} // namespace pal
