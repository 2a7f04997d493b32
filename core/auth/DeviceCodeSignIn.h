#pragma once
// DeviceCodeSignIn: RFC 8628 written with QNetworkAccessManager (Qt 6.4 has no device flow).
// POST {device_authorization_endpoint} client_id + scope, show the user code through the prompt
// callback, then poll the token endpoint every `interval` seconds (5 when absent):
// authorization_pending -> keep polling; slow_down -> interval + 5 s; expired_token,
// authorization_declined, bad_verification_code -> stop with a message saying so. Cancellable
// at any time. AuthEnvironment::timeScale shrinks the waits for tests.
//
// Whatever the server sends, the interval stays within 1..60 s (huge, negative, fractional,
// non-numeric or missing values cannot make a tight loop or overflow a timer), and the code's
// lifetime within 1 s..1 h. The verification URI is offered as a link only when it is https://
// (or http:// on loopback); otherwise DeviceCodePrompt::verificationUri is empty and only the text
// is shown.

#include "SignInSession.h"

#include <QJsonValue>
#include <QTimer>

namespace pal {

class DeviceCodeSignIn final : public SignInSession
{
    Q_OBJECT
public:
    DeviceCodeSignIn(const AuthEnvironment *env, SignInOptions options,
                     std::function<void(const DeviceCodePrompt &)> prompt, StoreStep store, Completion<Account> done,
                     QObject *parent);

    static constexpr int defaultIntervalSeconds = 5;
    static constexpr int minIntervalSeconds = 1;
    static constexpr int maxIntervalSeconds = 60;
    static constexpr int slowDownSeconds = 5;
    static constexpr int defaultExpiresInSeconds = 900; // Entra's
    static constexpr int maxExpiresInSeconds = 3600;

    // The bounded values from what the server sent (a JSON number or a numeric string).
    static int intervalFrom(const QJsonValue &interval);
    static int afterSlowDown(int intervalSeconds);
    static int expiresInFrom(const QJsonValue &expiresIn);
    // https://, or http:// on a loopback host.
    static bool isSafeVerificationUri(const QUrl &uri);

protected:
    void startGrant(const OidcConfiguration &config) override;
    void stopWork() override;

private:
    void onDeviceCode(const QByteArray &body);
    void schedulePoll();
    void poll();

    std::function<void(const DeviceCodePrompt &)> m_prompt;
    OidcConfiguration m_config;
    QString m_deviceCode;
    int m_intervalSeconds = defaultIntervalSeconds;
    QDateTime m_expiresAt;
    QTimer m_timer;
};

} // namespace pal
