#pragma once
// ArmSessionFixture: the sandbox fixture with an ArmSession pointed at it, and a token provider
// that mints sandbox tokens through its test hook (no sign-in flow involved).

#include "AccessTokenProvider.h"
#include "ArmSession.h"
#include "CloudEnvironment.h"
#include "SandboxCloud.h"
#include "SandboxFixture.h"
#include "ScenarioIds.h"

#include <QNetworkAccessManager>
#include <QPointer>
#include <QSet>
#include <QTimer>
#include <gtest/gtest.h>
#include <memory>

namespace pal::test {

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

class ArmSessionFixture : public SandboxFixture
{
protected:
    void SetUp() override
    {
        SandboxFixture::SetUp();
        if (HasFatalFailure())
            return;
        const auto cloud = sandboxCloud(*sandbox);
        ASSERT_TRUE(cloud) << qPrintable(cloud.error().message);
        m_cloud = cloud.value();
        m_tokens =
            std::make_unique<FixedTokenProvider>(sandbox.get(), scenario::Admin.username, scenario::Admin.homeTenantId);
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
        SandboxFixture::TearDown();
    }

    void makeSession() { m_session = std::make_unique<pal::ArmSession>(&m_network, m_tokens.get(), m_cloud, m_policy); }

    pal::PartnerId id(const QString &digits) { return pal::PartnerId::parse(digits).value(); }

    QObject m_context;
    QNetworkAccessManager m_network;
    pal::CloudEnvironment m_cloud;
    std::unique_ptr<FixedTokenProvider> m_tokens;
    pal::RetryPolicy m_policy;
    std::unique_ptr<pal::ArmSession> m_session;
};

} // namespace pal::test
