#pragma once
// AccountManager: the accounts PAL Desk is signed in with, their sign-in and sign-out, and a token
// provider per account. It is the facade UI and palctl use; the flows behind it are
// AuthorizationCodeFlow (browser + PKCE), DeviceCodeFlow, ClientCredentialFlow, and TokenCache
// (MSAL unified schema) persisted through the SecretStore.
//
// Life cycle: construct, call restore() once (reads accounts.json metadata; tokens are read from the
// keychain lazily, on first use), then sign in / out. Metadata lives in `configDir/accounts.json`;
// no secret ever touches a file. Other paldesk and palctl processes share both: every write is
// merged under the configuration's ConfigLock (see core/auth/README.md "Several processes"), and an
// account signed out by another process stops working here ("signed out", accountsChanged).

#include "AccessTokenProvider.h"
#include "Account.h"
#include "CallHandle.h"
#include "Clock.h"
#include "CloudEnvironment.h"
#include "Expected.h"
#include "SignInState.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>
#include <chrono>
#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace pal {

class SecretStore;

// The port through which a browser is opened; the UI uses QDesktopServices, palctl xdg-open/$BROWSER,
// tests follow the URL with an HTTP client.
class BrowserOpener
{
public:
    virtual ~BrowserOpener() = default;
    virtual void openUrl(const QUrl &url) = 0;
};

struct DeviceCodePrompt
{
    QString userCode;
    QUrl verificationUri;
    QString message; // Entra's message, to show as is
    int expiresInSeconds = 900;
};

// The well-known public client PAL Desk signs in as by default; see README "Client ID".
QString defaultClientId();

struct SignInOptions
{
    CloudEnvironment cloud;
    QString tenant = QStringLiteral("organizations"); // "organizations", "common", a GUID or a domain
    QString clientId;                                 // empty: defaultClientId()
    QString loginHint;                                // optional
    // How long a browser sign-in waits for the browser to come back (then Kind::Timeout).
    std::chrono::milliseconds browserTimeout = std::chrono::minutes(5);
    // false: the account is for this process only: not written to accounts.json, its tokens kept in
    // memory (sign-ins from PALDESK_CLIENT_* variables, the in-process sandbox, whose port is gone
    // when the process ends).
    bool remember = true;
};

class AccountManager final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AccountManager)
public:
    AccountManager(QNetworkAccessManager *network, SecretStore *secrets, QString configDir, BrowserOpener *browser,
                   const Clock *clock = nullptr, QObject *parent = nullptr);
    ~AccountManager() override;

    // Reads accounts.json. Errors name the file and problem.
    Expected<Done> restore();
    QList<Account> accounts() const;
    std::optional<Account> account(const QString &id) const;
    bool secretsPersist() const; // false: the user must be told nothing will be remembered

    CallHandle signInWithBrowser(const SignInOptions &options, QObject *context, Completion<Account> done);
    CallHandle signInWithDeviceCode(const SignInOptions &options, std::function<void(const DeviceCodePrompt &)> prompt,
                                    QObject *context, Completion<Account> done);
    // `tenant` must be a GUID or a domain (not organizations/common). Secret must not be blank.
    CallHandle signInWithClientSecret(const SignInOptions &options, const QByteArray &secret, QObject *context,
                                      Completion<Account> done);
    // PEM (certificate + private key) or PKCS#12 with `password`.
    CallHandle signInWithCertificate(const SignInOptions &options, const QString &certificatePath,
                                     const QByteArray &password, QObject *context, Completion<Account> done);

    // Removes the account's tokens and secrets from the keychain and memory, and its metadata. A
    // process still using the account finds it signed out and writes nothing of it back.
    void signOut(const QString &accountId, QObject *context, Completion<Done> done);

    // Completes once every account's tokens received so far are in the keychain (token providers
    // write behind their answers); with the first keychain error. Call before the process exits.
    void flush(QObject *context, Completion<Done> done);

    // The accounts (here and in accounts.json) that sign in through the cloud named `cloudName`.
    QList<Account> accountsOnCloud(const QString &cloudName) const;
    // A custom cloud was registered again with new endpoints: its accounts use them from now on.
    Expected<Done> updateCloud(const CloudEnvironment &cloud);
    // Reads accounts.json again (another process signed in or out); accountsChanged when it differs.
    Expected<Done> reload();

    // A token provider for the account (owned by the manager; valid until sign-out). Silent only:
    // cached AT, else refresh token at the directory's authority, else Kind::InteractionRequired.
    // Never null: for an account that is not signed in, or whose saved cloud no longer validates
    // (cloudOf), every request fails with that reason and what to do.
    AccessTokenProvider *tokenProvider(const QString &accountId);
    // The cloud the account signs in through: built in, or as saved in accounts.json. The error
    // names the account and the cloud, says why and what to run (InvalidInput, InvalidAccountCloud).
    Expected<CloudEnvironment> cloudOf(const QString &accountId) const;

    // Checks that the secret store is reachable (the keychain: write, read back and delete a probe
    // item). When it is not, secrets are kept in memory for this session only, secretsPersist()
    // turns false, secretStoreChanged() is emitted and `done` carries the Keychain error to show.
    // When it is, sign-ins cut short are swept (sweepAbandonedSignIns) before `done`.
    void checkSecretStore(QObject *context, Completion<Done> done);
    QString secretStoreDescription() const;
    // Removes the keychain items of sign-ins cut short (AbandonedSignIns), also done by
    // checkSecretStore() when the keychain answers; completes with the sign-ins swept now.
    void sweepAbandonedSignIns(QObject *context, Completion<QStringList> done);
    // Every sign-in this manager swept so far (username, else account id).
    QStringList sweptSignIns() const;
    // How long keychain work under the configuration lock may take (tests shorten it).
    void setKeychainDeadline(std::chrono::milliseconds deadline);
    // Device-code polling waits interval x scale (1.0 = real time; tests use e.g. 0.01).
    void setPollingTimeScale(double scale);

Q_SIGNALS:
    void accountsChanged();
    void secretStoreChanged();
    // The current sign-in's life cycle (see SignInState.h).
    void signInStateChanged(pal::SignInState state);

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace pal
