#pragma once
// DeviceCodeSignIn: RFC 8628 written with QNetworkAccessManager (Qt 6.4 has no device flow).
// POST {device_authorization_endpoint} client_id + scope, show the user code through the prompt
// callback, then poll the token endpoint every `interval` seconds (5 when absent):
// authorization_pending -> keep polling; slow_down -> interval + 5 s; expired_token,
// authorization_declined, bad_verification_code -> stop with a message saying so. Cancellable
// at any time. AuthEnvironment::timeScale shrinks the waits for tests.

#include "SignInSession.h"

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
    static constexpr int slowDownSeconds = 5;

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
