#include "DeviceCodeSignIn.h"

#include "AuthHttp.h"
#include "EntraError.h"
#include "Logging.h"
#include "TokenRequests.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>

#include <cmath>
#include <optional>

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

namespace {
// Seconds as the server sent them, if they are a positive finite number (or a numeric string).
std::optional<double> positiveSeconds(const QJsonValue &v)
{
    double d = 0;
    if (v.isDouble()) {
        d = v.toDouble();
    } else if (v.isString()) {
        bool ok = false;
        d = v.toString().trimmed().toDouble(&ok);
        if (!ok)
            return std::nullopt;
    } else {
        return std::nullopt;
    }
    if (!std::isfinite(d) || d <= 0)
        return std::nullopt;
    return d;
}
} // namespace

int DeviceCodeSignIn::intervalFrom(const QJsonValue &interval)
{
    const auto s = positiveSeconds(interval);
    if (!s)
        return defaultIntervalSeconds;
    return int(std::clamp(std::ceil(*s), double(minIntervalSeconds), double(maxIntervalSeconds)));
}

int DeviceCodeSignIn::afterSlowDown(int intervalSeconds)
{
    return std::clamp(intervalSeconds + slowDownSeconds, minIntervalSeconds, maxIntervalSeconds);
}

int DeviceCodeSignIn::expiresInFrom(const QJsonValue &expiresIn)
{
    const auto s = positiveSeconds(expiresIn);
    if (!s)
        return defaultExpiresInSeconds;
    return int(std::clamp(std::ceil(*s), 1.0, double(maxExpiresInSeconds)));
}

bool DeviceCodeSignIn::isSafeVerificationUri(const QUrl &uri)
{
    if (!uri.isValid() || uri.host().isEmpty() || !uri.userInfo().isEmpty())
        return false;
    const QString scheme = uri.scheme().toLower();
    return scheme == QLatin1String("https") || (scheme == QLatin1String("http") && isLoopbackHost(uri.host()));
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
    m_reply = postForm(
        m_env->network, config.deviceAuthorizationEndpoint, fields, this,
        [this](const HttpAnswer &a) {
            if (isFinal(state()))
                return;
            if (a.status == 0)
                return fail(transportError(a, m_config.deviceAuthorizationEndpoint));
            if (a.status != 200)
                return fail(entraError(a.status, a.body, m_tenant));
            onDeviceCode(a.body);
        },
        m_env->requestTimeout);
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
    const QUrl verification(uri, QUrl::StrictMode);
    if (isSafeVerificationUri(verification))
        prompt.verificationUri = verification;
    else
        qCWarning(lcAuth) << "device code: the verification URI is not https; shown as text only";
    prompt.message = o.value(QLatin1String("message")).toString();
    prompt.expiresInSeconds = expiresInFrom(o.value(QLatin1String("expires_in")));
    if (prompt.message.isEmpty())
        prompt.message = QStringLiteral("To sign in, open %1 and enter the code %2.").arg(uri, prompt.userCode);
    m_intervalSeconds = intervalFrom(o.value(QLatin1String("interval")));
    m_expiresAt = now().addSecs(prompt.expiresInSeconds);
    if (!setState(SignInState::AwaitingDeviceCode))
        return;
    if (m_prompt)
        m_prompt(prompt);
    schedulePoll();
}

void DeviceCodeSignIn::schedulePoll()
{
    // interval <= 60 s and timeScale <= 1: at most 60,000 ms, never an overflowing int.
    const double ms = double(m_intervalSeconds) * 1000.0 * std::clamp(m_env->timeScale, 0.0001, 1.0);
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
    m_reply = postForm(
        m_env->network, m_config.tokenEndpoint, fields, this,
        [this](const HttpAnswer &a) {
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
                    m_intervalSeconds = afterSlowDown(m_intervalSeconds);
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
        },
        m_env->requestTimeout);
}

void DeviceCodeSignIn::stopWork()
{
    m_timer.stop();
}

} // namespace pal
