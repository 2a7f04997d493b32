#pragma once
// SettingsPage: "my partner ID" (for all accounts, and per account), the clouds (built-in, and
// custom ones to register or unregister), the client id PAL Desk signs in as, the signed-in
// accounts (sign out, or remove with everything remembered about them), and where secrets are
// kept. It follows AppConfig's signals, so a change made elsewhere (palctl) shows here too.

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
    void accountSignedOut(const QString &accountId);

private:
    QWidget *buildPartnerId();
    QWidget *buildClouds();
    QWidget *buildClientId();
    QWidget *buildAccounts();
    void addCloud();
    void removeCloud();
    void signOut(bool forget);
    void refreshClouds();
    void refreshPartnerIds();
    void savePartnerId(const QString &accountId, const QString &text);
    QString selectedAccountId() const;

    UiContext m_ui;
    QLineEdit *m_partnerId;
    QLineEdit *m_accountPartnerId;
    QLabel *m_accountPartnerIdLabel;
    QPushButton *m_saveAccountPartnerId;
    QPushButton *m_clearAccountPartnerId;
    QLabel *m_partnerIdProblem;
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
