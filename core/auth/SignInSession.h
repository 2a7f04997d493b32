#pragma once
// SignInSession: one sign-in attempt, whatever its kind, driven through the states of
// SignInState. The base validates the tenant, runs OIDC discovery and owns the transitions,
// cancellation and the single completion; subclasses (BrowserSignIn, DeviceCodeSignIn,
// ClientCredentialSignIn) obtain the grant. Storing is done by whoever created the session
// (AccountManager) through the `store` step, so a session never writes anything itself.

#include "Account.h"
#include "AccountManager.h"
#include "AuthHttp.h"
#include "CallHandle.h"
#include "OidcDiscovery.h"
#include "SignInState.h"
#include "TokenResponse.h"

#include <QPointer>

class QNetworkReply;

namespace pal {

class SecretStore;

// What the sign-in code shares with the token providers: handed in, never global.
struct AuthEnvironment
{
    QNetworkAccessManager *network = nullptr;
    SecretStore *secrets = nullptr;
    const Clock *clock = nullptr;
    BrowserOpener *browser = nullptr;
    double timeScale = 1.0; // device-code polling: 1.0 real time; tests shrink it
    std::chrono::milliseconds requestTimeout = authRequestTimeout; // each discovery/token/device request
};

struct SignInResult
{
    Account account;
    TokenResponse tokens;
    Identity identity;     // homeAccountId empty for service principals
    QString environment;   // login host (MSAL's environment)
    QString realm;         // tenant the tokens are for
    QStringList scopes;    // what was requested
    QString accountSource; // MSAL's account_source
    QByteArray credential; // service principal: the secret or the certificate password (to the keychain)
};

class SignInSession : public Cancellable
{
    Q_OBJECT
public:
    using StoreStep = std::function<void(const SignInResult &, Completion<Account>)>;

    SignInSession(const AuthEnvironment *env, SignInOptions options, StoreStep store, Completion<Account> done,
                  QObject *parent);
    ~SignInSession() override;

    void start();
    void cancel() override;
    SignInState state() const { return m_state; }

Q_SIGNALS:
    void stateChanged(pal::SignInState state);

protected:
    // Called in Idle: validate kind-specific input (nothing sent yet). Return an error to fail.
    virtual std::optional<AzureError> validate() { return std::nullopt; }
    // Called after discovery; must end in succeed() or fail().
    virtual void startGrant(const OidcConfiguration &config) = 0;
    // Stop timers/listeners/requests; called once on any final state.
    virtual void stopWork() {}

    // False if the transition is not allowed, or a stateChanged slot moved on (e.g. cancelled).
    bool setState(SignInState next);
    void succeed(SignInResult result); // -> Storing -> SignedIn / Failed
    // A user's token answer (browser or device code) -> succeed(), or fail() naming what is missing.
    void succeedWithUserTokens(const QByteArray &body, SignInKind kind, const QString &accountSource);
    void fail(const AzureError &error);
    QDateTime now() const;

    const AuthEnvironment *m_env;
    SignInOptions m_options;
    OidcConfiguration m_discovery; // set before startGrant()
    QString m_tenant;              // normalized
    QString m_clientId;            // options.clientId or defaultClientId()
    QPointer<QNetworkReply> m_reply;

private:
    void finish(const Expected<Account> &result);
    StoreStep m_store;
    Completion<Account> m_done;
    SignInState m_state = SignInState::Idle;
};

} // namespace pal
