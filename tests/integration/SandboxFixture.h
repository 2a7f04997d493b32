#pragma once
// The in-process sandbox on a random loopback port, the cloud that points at it, and a token
// provider that mints sandbox tokens through its test hook (no sign-in flow involved).

#include "AccessTokenProvider.h"
#include "ArmSession.h"
#include "CloudEnvironment.h"
#include "SandboxServer.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QSet>
#include <QTimer>
#include <gtest/gtest.h>
#include <memory>

namespace paltest {

// Default scenario (sandbox/scenarios/default.json).
namespace scenario {
inline const QString Admin = QStringLiteral("admin@contoso-partner.example");
inline const QString Home = QStringLiteral("7d3c1b2a-0f4e-4c6d-9a8b-1e2f3a4b5c6d"); // Contoso Partner
inline const QString Fabrikam = QStringLiteral("2f6e8a10-3b7c-4d21-9e55-6a1c0b9d4e01");
inline const QString Northwind = QStringLiteral("3a9d2c44-7e1f-4b08-a6c3-5d2e8f7b9c02");
inline const QString AdventureWorks = QStringLiteral("4b1e7f58-2c6a-4e93-b7d4-8c3f1a6e0d03"); // linked to 7654321
inline const QString Tailspin = QStringLiteral("5c4a9e62-8d3b-4f17-8a25-9e4d2b7f1c04");
inline const QString Woodgrove = QStringLiteral("6d7b1f73-9e4c-4a28-b936-0f5e3c8a2d05"); // demands MFA
} // namespace scenario

// Tokens straight from SandboxServer::issueArmToken. Directories in `interactionRequired` answer
// like Entra does for MFA; `expireFirst` hands out an already expired token until a forced refresh;
// `garbage` hands out a token the sandbox will never accept.
class FixedTokenProvider final : public pal::AccessTokenProvider
{
public:
    FixedTokenProvider(palsandbox::SandboxServer *sandbox, QString user, QString homeTenant)
        : m_sandbox(sandbox)
        , m_user(std::move(user))
        , m_home(std::move(homeTenant))
    {}

    QSet<QString> interactionRequired;
    bool expireFirst = false;
    bool garbage = false;
    int requests = 0;
    int forcedRefreshes = 0;

    void requestToken(const pal::TokenRequest &request, QObject *context,
                      pal::Completion<pal::AccessToken> done) override
    {
        ++requests;
        if (request.forceRefresh)
            ++forcedRefreshes;
        const QString tenant = request.tenantId.isEmpty() ? m_home : request.tenantId;
        std::optional<pal::AzureError> error;
        pal::AccessToken token;
        token.tenantId = tenant;
        if (interactionRequired.contains(tenant)) {
            pal::AzureError e = pal::AzureError::make(
                pal::AzureError::Kind::InteractionRequired,
                QStringLiteral("AADSTS50076: multi-factor authentication is required."), QStringLiteral("AADSTS50076"));
            e.tenantId = tenant;
            error = e;
        } else if (garbage) {
            token.token = "not-a-token";
        } else {
            const bool expired = expireFirst && forcedRefreshes == 0;
            token.token = m_sandbox->issueArmToken(m_user, tenant, expired ? -120 : 3600);
            token.expiresOn = QDateTime::currentDateTimeUtc().addSecs(expired ? -120 : 3600);
            if (token.token.isEmpty())
                error = pal::AzureError::make(pal::AzureError::Kind::SignInFailed,
                                              QStringLiteral("%1 is not a member of %2.").arg(m_user, tenant));
        }
        QPointer<QObject> guard(context);
        QTimer::singleShot(0, context, [guard, done, error, token] {
            if (!guard)
                return;
            if (error)
                return done(*error);
            done(token);
        });
    }

private:
    palsandbox::SandboxServer *m_sandbox;
    QString m_user;
    QString m_home;
};

class SandboxTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        QString error;
        m_sandbox = palsandbox::SandboxServer::create(palsandbox::SandboxServer::defaultScenario(), &error);
        ASSERT_TRUE(m_sandbox) << qPrintable(error);
        ASSERT_TRUE(m_sandbox->start(0, &error)) << qPrintable(error);
        const auto cloud = pal::CloudEnvironment::fromJson(QJsonDocument::fromJson(m_sandbox->cloudJson()).object());
        ASSERT_TRUE(cloud) << qPrintable(cloud.error().message);
        m_cloud = cloud.value();
        m_tokens = std::make_unique<FixedTokenProvider>(m_sandbox.get(), scenario::Admin, scenario::Home);
        m_policy.baseDelay = std::chrono::milliseconds(10);
        m_policy.maxDelay = std::chrono::milliseconds(50);
        m_policy.maxRetries = 2;
        m_policy.requestTimeout = std::chrono::milliseconds(3000);
        makeSession();
    }

    void TearDown() override
    {
        m_session.reset();
        // Close kept-alive connections first, or the server waits out its keep-alive timeout.
        m_network.clearConnectionCache();
        if (m_sandbox)
            m_sandbox->stop();
    }

    void makeSession() { m_session = std::make_unique<pal::ArmSession>(&m_network, m_tokens.get(), m_cloud, m_policy); }

    pal::PartnerId id(const char *digits) { return pal::PartnerId::parse(QString::fromLatin1(digits)).value(); }

    QObject m_context;
    QNetworkAccessManager m_network;
    std::unique_ptr<palsandbox::SandboxServer> m_sandbox;
    pal::CloudEnvironment m_cloud;
    std::unique_ptr<FixedTokenProvider> m_tokens;
    pal::RetryPolicy m_policy;
    std::unique_ptr<pal::ArmSession> m_session;
};

} // namespace paltest
