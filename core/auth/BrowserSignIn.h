#pragma once
// BrowserSignIn: authorization code + PKCE S256 with QOAuth2AuthorizationCodeFlow and a loopback
// reply handler on 127.0.0.1 and a random port. Qt 6.4 has no PKCE, so the challenge, method,
// client_info=1 and prompt=select_account go in at RequestingAuthorization and the verifier and
// scope at RequestingAccessToken (setModifyParametersFunction). The listener answers one
// redirect with a plain page and closes. The `state` is checked here, because Qt 6.4 only logs a
// mismatch. The token answer is read raw (Qt 6.4 drops error bodies), so Entra's errors reach the user.

#include "Pkce.h"
#include "SignInSession.h"

class QOAuth2AuthorizationCodeFlow;

namespace pal {

class LoopbackReplyHandler;

class BrowserSignIn final : public SignInSession
{
    Q_OBJECT
public:
    using SignInSession::SignInSession;
    ~BrowserSignIn() override;

    static QString callbackPageText();

protected:
    void startGrant(const OidcConfiguration &config) override;
    void stopWork() override;

private:
    void onCallback(const QVariantMap &values);
    void onTokenAnswer(int status, const QByteArray &body);

    Pkce m_pkce;
    OidcConfiguration m_config;
    QOAuth2AuthorizationCodeFlow *m_flow = nullptr;
    LoopbackReplyHandler *m_handler = nullptr;
};

} // namespace pal
