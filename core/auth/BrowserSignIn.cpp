#include "BrowserSignIn.h"

#include "EntraError.h"
#include "Logging.h"
#include "LoopbackReplyHandler.h"
#include "TokenRequests.h"
#include "Wipe.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QOAuth2AuthorizationCodeFlow>

namespace pal {

namespace {
QString durationText(std::chrono::milliseconds wait)
{
    const qint64 seconds = std::chrono::duration_cast<std::chrono::seconds>(wait).count();
    if (seconds >= 120 && seconds % 60 == 0)
        return QStringLiteral("%1 minutes").arg(seconds / 60);
    return seconds == 1 ? QStringLiteral("1 second") : QStringLiteral("%1 seconds").arg(seconds);
}
} // namespace

BrowserSignIn::BrowserSignIn(const AuthEnvironment *env, SignInOptions options, StoreStep store,
                             Completion<Account> done, QObject *parent)
    : SignInSession(env, std::move(options), std::move(store), std::move(done), parent)
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, &BrowserSignIn::onTimeout);
}

BrowserSignIn::~BrowserSignIn()
{
    wipe(m_pkce.verifier);
}

void BrowserSignIn::startGrant(const OidcConfiguration &config)
{
    if (!m_env->browser)
        return fail(AzureError::make(AzureError::Kind::InvalidInput,
                                     QStringLiteral("No way to open a browser was given; use device code sign-in.")));
    m_config = config;
    m_pkce = Pkce::generate();
    m_handler = new LoopbackReplyHandler(this);
    QString why;
    if (!m_handler->listen(&why))
        return fail(AzureError::make(AzureError::Kind::Network,
                                     QStringLiteral("Could not listen on this computer's loopback address for the "
                                                    "browser's answer (%1). Try again, or use device code sign-in.")
                                         .arg(why)));
    connect(m_handler, &LoopbackReplyHandler::redirectReceived, this, &BrowserSignIn::onRedirect);

    m_flow = new QOAuth2AuthorizationCodeFlow(m_env->network, this);
    m_flow->setAuthorizationUrl(config.authorizationEndpoint);
    m_flow->setAccessTokenUrl(config.tokenEndpoint);
    m_flow->setClientIdentifier(m_clientId);
    m_flow->setScope(userScopes(m_options.cloud.armScope).join(QLatin1Char(' ')));
    m_flow->setReplyHandler(m_handler);
    // Qt 6.4's own state is 8 characters; use 192 bits from the CSPRNG instead.
    const QString state = QString::fromLatin1(base64Url(secureRandomBytes(24)));
    m_flow->setState(state);
    m_handler->setExpectedState(state);
    const QByteArray challenge = m_pkce.challenge; // public: only its verifier is secret
    const QString loginHint = m_options.loginHint;
    m_flow->setModifyParametersFunction(
        [challenge, loginHint](QAbstractOAuth::Stage stage, QMultiMap<QString, QVariant> *p) {
            if (stage != QAbstractOAuth::Stage::RequestingAuthorization)
                return;
            p->insert(QStringLiteral("code_challenge"), QString::fromLatin1(challenge));
            p->insert(QStringLiteral("code_challenge_method"), QString::fromLatin1(Pkce::method));
            p->insert(QStringLiteral("client_info"), QStringLiteral("1"));
            p->insert(QStringLiteral("prompt"), QStringLiteral("select_account"));
            p->insert(QStringLiteral("response_mode"), QStringLiteral("query"));
            if (!loginHint.isEmpty())
                p->insert(QStringLiteral("login_hint"), loginHint);
        });
    connect(m_flow, &QAbstractOAuth::authorizeWithBrowser, this, [this](const QUrl &url) {
        // A slot of stateChanged may cancel: open the browser only if still waiting for it.
        if (!setState(SignInState::AwaitingBrowser))
            return;
        m_timeout.start(std::max(m_options.browserTimeout, std::chrono::milliseconds(1)));
        qCInfo(lcAuth) << "opening the browser at" << loggableUrl(url) << "redirect" << m_handler->callback();
        m_env->browser->openUrl(url);
    });
    m_flow->grant();
}

void BrowserSignIn::onRedirect(const QVariantMap &values)
{
    if (state() != SignInState::AwaitingBrowser)
        return;
    m_timeout.stop();
    const QString error = values.value(QStringLiteral("error")).toString();
    if (!error.isEmpty()) {
        const QString description = values.value(QStringLiteral("error_description")).toString();
        if (error == QLatin1String("access_denied"))
            return fail(AzureError::make(AzureError::Kind::SignInFailed,
                                         QStringLiteral("The sign-in was refused in the browser: %1").arg(description),
                                         error));
        QJsonObject body{{QStringLiteral("error"), error}, {QStringLiteral("error_description"), description}};
        return fail(entraError(0, QJsonDocument(body).toJson(), m_tenant));
    }
    QString code = values.value(QStringLiteral("code")).toString();
    if (code.isEmpty())
        return fail(AzureError::make(AzureError::Kind::BadResponse,
                                     QStringLiteral("The browser's answer carried no authorization code.")));
    if (!setState(SignInState::RedeemingGrant)) {
        wipe(code);
        return;
    }
    redeem(std::move(code));
}

void BrowserSignIn::redeem(QString code)
{
    FormFields fields{{QStringLiteral("client_id"), m_clientId},
                      {QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
                      {QStringLiteral("code"), code},
                      {QStringLiteral("redirect_uri"), m_handler->callback()},
                      {QStringLiteral("code_verifier"), QString::fromLatin1(m_pkce.verifier)},
                      {QStringLiteral("scope"), userScopes(m_options.cloud.armScope).join(QLatin1Char(' '))},
                      {QStringLiteral("client_info"), QStringLiteral("1")}};
    wipe(code);
    m_reply = postForm(
        m_env->network, m_config.tokenEndpoint, fields, this,
        [this](const HttpAnswer &answer) { onTokenAnswer(answer); }, m_env->requestTimeout);
    // The request holds its own encoded copy; ours go now (a code is good for one redemption).
    for (auto &[name, value] : fields)
        wipe(value);
    wipe(m_pkce.verifier);
}

void BrowserSignIn::onTokenAnswer(const HttpAnswer &answer)
{
    if (state() != SignInState::RedeemingGrant)
        return;
    if (answer.status == 0)
        return fail(transportError(answer, m_config.tokenEndpoint));
    if (answer.status != 200)
        return fail(entraError(answer.status, answer.body, m_tenant));
    succeedWithUserTokens(answer.body, SignInKind::Browser, QStringLiteral("authorization_code"));
}

void BrowserSignIn::onTimeout()
{
    if (state() != SignInState::AwaitingBrowser)
        return;
    fail(AzureError::make(AzureError::Kind::Timeout,
                          QStringLiteral("The browser did not come back within %1, so the sign-in was stopped. If the "
                                         "sign-in page showed an error, it says why; otherwise start the sign-in "
                                         "again and finish it in the browser (or use a device code).")
                              .arg(durationText(m_options.browserTimeout)),
                          QStringLiteral("browser_timeout")));
}

void BrowserSignIn::stopWork()
{
    m_timeout.stop();
    if (m_handler)
        m_handler->close();
}

} // namespace pal
