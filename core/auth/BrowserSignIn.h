#pragma once
// BrowserSignIn: authorization code + PKCE S256 (RFC 7636) through the system browser and a
// loopback listener (RFC 8252), the way MSAL does it for a public client.
//
// QOAuth2AuthorizationCodeFlow builds the authorization request: client_id, response_type,
// scope, redirect_uri (the listener's http://localhost:PORT/) and our 192-bit state. Qt 6.4 has no
// PKCE, so code_challenge, its method, client_info=1, prompt=select_account and login_hint go in at
// RequestingAuthorization (setModifyParametersFunction).
//
// LoopbackReplyHandler waits for the one answer that carries our state (strays get a 404 and are
// ignored) and closes. The wait ends after SignInOptions::browserTimeout (Kind::Timeout,
// "browser_timeout"), or on cancel().
//
// The code is redeemed here, through AuthHttp, not by Qt: QOAuth2AuthorizationCodeFlow::
// requestAccessToken (not virtual) posts with the QNetworkAccessManager's defaults, and Qt 6's
// default NoLessSafeRedirectPolicy would re-send the code and verifier to wherever a 307/308
// pointed, with no deadline; Qt 6.4 also drops the body of an error answer, which holds Entra's
// reason. The verifier and the code are wiped once sent.

#include "Pkce.h"
#include "SignInSession.h"

#include <QTimer>

class QOAuth2AuthorizationCodeFlow;

namespace pal {

class LoopbackReplyHandler;

class BrowserSignIn final : public SignInSession
{
    Q_OBJECT
public:
    BrowserSignIn(const AuthEnvironment *env, SignInOptions options, StoreStep store, Completion<Account> done,
                  QObject *parent);
    ~BrowserSignIn() override;

    // The listener (for tests: its port, whether it has ::1); null before the grant starts.
    const LoopbackReplyHandler *listener() const { return m_handler; }

protected:
    void startGrant(const OidcConfiguration &config) override;
    void stopWork() override;

private:
    void onRedirect(const QVariantMap &values);
    void redeem(QString code);
    void onTokenAnswer(const HttpAnswer &answer);
    void onTimeout();

    Pkce m_pkce;
    OidcConfiguration m_config;
    QOAuth2AuthorizationCodeFlow *m_flow = nullptr;
    LoopbackReplyHandler *m_handler = nullptr;
    QTimer m_timeout;
};

} // namespace pal
