#pragma once
// SignInPage: the first thing a new user sees. Sign in with a browser, with a device code, or as
// a service principal (client secret or certificate), in the cloud chosen here; "Try the
// sandbox" starts the built-in sandbox cloud (through the port app/ hands in) and signs in to it;
// accounts already signed in are listed to continue with one click. One sign-in runs at a time;
// it can be cancelled; its outcome appears inline.

#include "Account.h"
#include "CallHandle.h"
#include "UiContext.h"

#include <QUrl>
#include <QWidget>

class QButtonGroup;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QRadioButton;

namespace pal {

class InlineMessage;
class ValueLabel;
struct CloudEnvironment;
struct SignInOptions;

class SignInPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignInPage)
public:
    explicit SignInPage(const UiContext &ui, QWidget *parent = nullptr);

    // Re-reads the accounts and clouds (after sign-in, sign-out, cloud changes).
    void refresh();
    // Prepares a browser sign-in to one directory, saying why it is needed (MFA, conditional access).
    void prepareDirectorySignIn(const QString &cloudName, const QString &tenantId, const QString &reason);
    void startSandbox();
    bool isBusy() const { return m_call.isRunning() || m_busy; }

Q_SIGNALS:
    // `tenant` is the directory signed in to (empty for "organizations").
    void signedIn(const pal::Account &account, const QString &tenant);
    void accountChosen(const QString &accountId);

private:
    QWidget *buildAccounts();
    QWidget *buildChoices();
    QWidget *buildDeviceCode();
    QWidget *buildServicePrincipal();
    std::optional<SignInOptions> options(const QString &tenant);
    void signInWithBrowser();
    void signInWithDeviceCode();
    void signInAsServicePrincipal();
    void begin(const QString &status);
    void finish(const Expected<Account> &result, const QString &tenant);
    void updateServicePrincipalForm();

    UiContext m_ui;
    CallHandle m_call;
    bool m_busy = false;
    QListWidget *m_accounts;
    QWidget *m_accountsBox;
    QPushButton *m_continue;
    QComboBox *m_cloud;
    QLineEdit *m_tenant;
    QPushButton *m_browser;
    QPushButton *m_deviceCodeButton;
    QPushButton *m_spToggle;
    QPushButton *m_sandbox;
    QWidget *m_deviceCodePanel;
    QLineEdit *m_deviceCode;
    ValueLabel *m_deviceCodeText;
    QPushButton *m_openVerification;
    QUrl m_verificationUri;
    QWidget *m_spPanel;
    QLineEdit *m_spClientId;
    QLineEdit *m_spTenant;
    QRadioButton *m_spUseSecret;
    QRadioButton *m_spUseCertificate;
    QLineEdit *m_spSecret;
    QLineEdit *m_spCertificate;
    QPushButton *m_spBrowse;
    QLineEdit *m_spCertificatePassword;
    QPushButton *m_spSignIn;
    QWidget *m_progress;
    QLabel *m_status;
    QPushButton *m_cancel;
    InlineMessage *m_message;
};

} // namespace pal
