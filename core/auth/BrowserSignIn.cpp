#include "BrowserSignIn.h"

#include "EntraError.h"
#include "Logging.h"
#include "TokenRequests.h"

#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QOAuth2AuthorizationCodeFlow>
#include <QOAuthHttpServerReplyHandler>
#include <QTimer>

namespace pal {

// Hands the raw token answer (status + body) to the session instead of Qt 6.4's parser, which
// drops non-2xx bodies and so would lose Entra's error.
class LoopbackReplyHandler final : public QOAuthHttpServerReplyHandler
{
public:
    LoopbackReplyHandler(QObject *parent)
        // QHostAddress(...) explicitly: the bare enum would pick the (quint16 port) overload.
        : QOAuthHttpServerReplyHandler(QHostAddress(QHostAddress::LocalHost), 0, parent)
    {}
    std::function<void(int, const QByteArray &)> onTokenAnswer;

    void networkReplyFinished(QNetworkReply *reply) override
    {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->readAll();
        if (onTokenAnswer)
            onTokenAnswer(status, body);
    }
};

BrowserSignIn::~BrowserSignIn() = default;

QString BrowserSignIn::callbackPageText()
{
    return QStringLiteral("Sign-in finished, you can close this tab.");
}

void BrowserSignIn::startGrant(const OidcConfiguration &config)
{
    if (!m_env->browser)
        return fail(AzureError::make(AzureError::Kind::InvalidInput,
                                     QStringLiteral("No way to open a browser was given; use device code sign-in.")));
    m_config = config;
    m_pkce = Pkce::generate();
    m_handler = new LoopbackReplyHandler(this);
    if (!m_handler->isListening())
        return fail(AzureError::make(AzureError::Kind::Network,
                                     QStringLiteral("Could not listen on 127.0.0.1 for the sign-in redirect.")));
    m_handler->setCallbackText(callbackPageText());
    m_handler->onTokenAnswer = [this](int status, const QByteArray &body) { onTokenAnswer(status, body); };

    m_flow = new QOAuth2AuthorizationCodeFlow(m_env->network, this);
    m_flow->setAuthorizationUrl(config.authorizationEndpoint);
    m_flow->setAccessTokenUrl(config.tokenEndpoint);
    m_flow->setClientIdentifier(m_clientId);
    const QString scope = userScopes(m_options.cloud.armScope).join(QLatin1Char(' '));
    m_flow->setScope(scope);
    m_flow->setReplyHandler(m_handler);
    // Qt 6.4's own state is 8 characters; use 192 bits from the CSPRNG instead.
    m_flow->setState(QString::fromLatin1(base64Url(secureRandomBytes(24))));
    const QByteArray challenge = m_pkce.challenge;
    const QByteArray verifier = m_pkce.verifier;
    const QString loginHint = m_options.loginHint;
    m_flow->setModifyParametersFunction(
        [challenge, verifier, scope, loginHint](QAbstractOAuth::Stage stage, QMultiMap<QString, QVariant> *p) {
            if (stage == QAbstractOAuth::Stage::RequestingAuthorization) {
                p->insert(QStringLiteral("code_challenge"), QString::fromLatin1(challenge));
                p->insert(QStringLiteral("code_challenge_method"), QString::fromLatin1(Pkce::method));
                p->insert(QStringLiteral("client_info"), QStringLiteral("1"));
                p->insert(QStringLiteral("prompt"), QStringLiteral("select_account"));
                p->insert(QStringLiteral("response_mode"), QStringLiteral("query"));
                if (!loginHint.isEmpty())
                    p->insert(QStringLiteral("login_hint"), loginHint);
            } else if (stage == QAbstractOAuth::Stage::RequestingAccessToken) {
                p->insert(QStringLiteral("code_verifier"), QString::fromLatin1(verifier));
                p->insert(QStringLiteral("scope"), scope);
                p->insert(QStringLiteral("client_info"), QStringLiteral("1"));
            }
        });
    // Connected before grant(), so this check runs before Qt's own handling of the callback.
    connect(m_handler, &QAbstractOAuthReplyHandler::callbackReceived, this, &BrowserSignIn::onCallback);
    connect(m_flow, &QAbstractOAuth::authorizeWithBrowser, this, [this](const QUrl &url) {
        // A slot of stateChanged may cancel: open the browser only if still waiting for it.
        if (!setState(SignInState::AwaitingBrowser))
            return;
        qCInfo(lcAuth) << "opening the browser at" << loggableUrl(url);
        m_env->browser->openUrl(url);
    });
    m_flow->grant();
}

void BrowserSignIn::onCallback(const QVariantMap &values)
{
    if (state() != SignInState::AwaitingBrowser)
        return;
    // One redirect only: stop listening once the page has been answered.
    QTimer::singleShot(0, m_handler, [handler = m_handler] { handler->close(); });
    const QString error = values.value(QStringLiteral("error")).toString();
    if (!error.isEmpty()) {
        const QString description =
            QUrl::fromPercentEncoding(values.value(QStringLiteral("error_description")).toByteArray());
        if (error == QLatin1String("access_denied"))
            return fail(AzureError::make(AzureError::Kind::SignInFailed,
                                         QStringLiteral("The sign-in was refused in the browser: %1").arg(description),
                                         error));
        QJsonObject body{{QStringLiteral("error"), error}, {QStringLiteral("error_description"), description}};
        return fail(entraError(0, QJsonDocument(body).toJson(), m_tenant));
    }
    const QString state = QUrl::fromPercentEncoding(values.value(QStringLiteral("state")).toByteArray());
    if (state.isEmpty() || state != m_flow->state())
        return fail(AzureError::make(AzureError::Kind::SignInFailed,
                                     QStringLiteral("The browser's answer did not carry this sign-in's state, so it "
                                                    "was refused (it may not come from this sign-in). Try again."),
                                     QStringLiteral("state_mismatch")));
    if (values.value(QStringLiteral("code")).toString().isEmpty())
        return fail(AzureError::make(AzureError::Kind::BadResponse,
                                     QStringLiteral("The browser's answer carried no authorization code.")));
    setState(SignInState::RedeemingGrant);
    // Qt's own handler (connected after this one) now redeems the code with our verifier.
}

void BrowserSignIn::onTokenAnswer(int status, const QByteArray &body)
{
    if (state() != SignInState::RedeemingGrant)
        return;
    if (status == 0)
        return fail(AzureError::make(AzureError::Kind::Network,
                                     QStringLiteral("Could not reach %1.").arg(loggableUrl(m_config.tokenEndpoint))));
    if (status != 200)
        return fail(entraError(status, body, m_tenant));
    succeedWithUserTokens(body, SignInKind::Browser, QStringLiteral("authorization_code"));
}

void BrowserSignIn::stopWork()
{
    if (m_handler)
        m_handler->close();
}

} // namespace pal
