#pragma once
// SettingsPage: the clouds (built-in, and custom ones to register or unregister), the client id
// PAL Desk signs in as, the signed-in accounts (sign out, or remove with everything remembered
// about them), and where secrets are kept.

#include "UiContext.h"

#include <QWidget>
#include <array>

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTableWidget;

namespace pal {

class InlineMessage;

class SettingsPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsPage)
public:
    explicit SettingsPage(const UiContext &ui, QWidget *parent = nullptr);
    void refresh();

Q_SIGNALS:
    void cloudsChanged();
    void accountSignedOut(const QString &accountId);

private:
    QWidget *buildClouds();
    QWidget *buildClientId();
    QWidget *buildAccounts();
    void addCloud();
    void removeCloud();
    void signOut(bool forget);

    UiContext m_ui;
    QTableWidget *m_clouds;
    QLineEdit *m_cloudName;
    QLineEdit *m_cloudLogin;
    QLineEdit *m_cloudArm;
    QLineEdit *m_cloudScope;
    QLineEdit *m_cloudPortal;
    QWidget *m_cloudPowerPlatform; // the optional Power Platform endpoints and audiences
    std::array<QLineEdit *, 4> m_cloudPpEndpoints{};
    std::array<QLineEdit *, 4> m_cloudPpAudiences{};
    QPushButton *m_addCloud;
    QPushButton *m_removeCloud;
    QLineEdit *m_clientId;
    QListWidget *m_accounts;
    QPushButton *m_signOut;
    QPushButton *m_remove;
    QLabel *m_keychain;
    InlineMessage *m_message;
};

} // namespace pal
