#include "DeviceCodeSignIn.h"

#include "AuthHttp.h"
#include "EntraError.h"
#include "Logging.h"
#include "TokenRequests.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>

namespace pal {

DeviceCodeSignIn::DeviceCodeSignIn(const AuthEnvironment *env, SignInOptions options,
                                   std::function<void(const DeviceCodePrompt &)> prompt, StoreStep store,
                                   Completion<Account> done, QObject *parent)
    : SignInSession(env, std::move(options), std::move(store), std::move(done), parent)
    , m_prompt(std::move(prompt))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &DeviceCodeSignIn::poll);
}

void DeviceCodeSignIn::startGrant(const OidcConfiguration &config)
{
    m_config = config;
    if (config.deviceAuthorizationEndpoint.isEmpty())
        return fail(
            AzureError::make(AzureError::Kind::BadResponse,
                             QStringLiteral("The OpenID configuration of %1 has no device_authorization_endpoint; "
                                            "this authority does not offer device code sign-in.")
                                 .arg(config.authority.toString())));
    const FormFields fields{{QStringLiteral("client_id"), m_clientId},
                            {QStringLiteral("scope"), userScopes(m_options.cloud.armScope).join(QLatin1Char(' '))}};
    m_reply = postForm(m_env->network, config.deviceAuthorizationEndpoint, fields, this, [this](const HttpAnswer &a) {
        if (isFinal(state()))
            return;
        if (a.status == 0)
            return fail(transportError(a, m_config.deviceAuthorizationEndpoint));
        if (a.status != 200)
            return fail(entraError(a.status, a.body, m_tenant));
        onDeviceCode(a.body);
    });
}

void DeviceCodeSignIn::onDeviceCode(const QByteArray &body)
{
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    auto missing = [this](const char *field) {
        fail(AzureError::make(AzureError::Kind::BadResponse,
                              QStringLiteral("The device code answer has no \"%1\".").arg(QLatin1String(field))));
    };
    m_deviceCode = o.value(QLatin1String("device_code")).toString();
    if (m_deviceCode.isEmpty())
        return missing("device_code");
    DeviceCodePrompt prompt;
    prompt.userCode = o.value(QLatin1String("user_code")).toString();
    if (prompt.userCode.isEmpty())
        return missing("user_code");
    QString uri = o.value(QLatin1String("verification_uri")).toString();
    if (uri.isEmpty())
        uri = o.value(QLatin1String("verification_url")).toString(); // older Entra endpoints
    if (uri.isEmpty())
        return missing("verification_uri");
    prompt.verificationUri = QUrl(uri);
    prompt.message = o.value(QLatin1String("message")).toString();
    const int expiresIn = o.value(QLatin1String("expires_in")).toInt();
    prompt.expiresInSeconds = expiresIn > 0 ? expiresIn : 900;
    if (prompt.message.isEmpty())
        prompt.message = QStringLiteral("To sign in, open %1 and enter the code %2.").arg(uri, prompt.userCode);
    const int interval = o.value(QLatin1String("interval")).toInt();
    m_intervalSeconds = interval > 0 ? interval : defaultIntervalSeconds;
    m_expiresAt = now().addSecs(prompt.expiresInSeconds);
    if (!setState(SignInState::AwaitingDeviceCode))
        return;
    if (m_prompt)
        m_prompt(prompt);
    schedulePoll();
}

void DeviceCodeSignIn::schedulePoll()
{
    const double ms = m_intervalSeconds * 1000.0 * m_env->timeScale;
    m_timer.start(std::max(1, int(ms)));
}

void DeviceCodeSignIn::poll()
{
    if (state() != SignInState::AwaitingDeviceCode)
        return;
    if (m_expiresAt.isValid() && now() > m_expiresAt)
        return fail(AzureError::make(AzureError::Kind::SignInFailed,
                                     QStringLiteral("The device code expired before the sign-in was finished. Start "
                                                    "again and enter the new code."),
                                     QStringLiteral("expired_token")));
    const FormFields fields{
        {QStringLiteral("grant_type"), QStringLiteral("urn:ietf:params:oauth:grant-type:device_code")},
        {QStringLiteral("client_id"), m_clientId},
        {QStringLiteral("device_code"), m_deviceCode},
        {QStringLiteral("client_info"), QStringLiteral("1")}};
    m_reply = postForm(m_env->network, m_config.tokenEndpoint, fields, this, [this](const HttpAnswer &a) {
        if (state() != SignInState::AwaitingDeviceCode)
            return;
        if (a.status == 0)
            return fail(transportError(a, m_config.tokenEndpoint));
        if (a.status != 200) {
            const EntraErrorBody e = parseEntraErrorBody(a.body);
            const QString error = e.error;
            if (error == QLatin1String("authorization_pending") || e.codes.contains(70016))
                return schedulePoll();
            if (error == QLatin1String("slow_down")) {
                m_intervalSeconds += slowDownSeconds;
                return schedulePoll();
            }
            auto stop = [&](const QString &text, const QString &code) {
                AzureError err = AzureError::make(AzureError::Kind::SignInFailed, text, code);
                err.tenantId = m_tenant;
                err.correlationId = e.correlationId;
                fail(err);
            };
            if (error == QLatin1String("expired_token") || e.codes.contains(70019))
                return stop(QStringLiteral("The device code expired before the sign-in was finished. Start again "
                                           "and enter the new code."),
                            QStringLiteral("expired_token"));
            if (error == QLatin1String("authorization_declined"))
                return stop(QStringLiteral("The sign-in was declined on the verification page."),
                            QStringLiteral("authorization_declined"));
            if (error == QLatin1String("bad_verification_code") || e.codes.contains(70018))
                return stop(QStringLiteral("Entra ID did not recognise the device code. Start the sign-in again."),
                            QStringLiteral("bad_verification_code"));
            return fail(entraError(a.status, a.body, m_tenant));
        }
        succeedWithUserTokens(a.body, SignInKind::DeviceCode,
                              QStringLiteral("urn:ietf:params:oauth:grant-type:device_code"));
    });
}

void DeviceCodeSignIn::stopWork()
{
    m_timer.stop();
}

} // namespace pal
