#pragma once
// The sandbox world of sandbox/scenarios/default.json as the sign-in integration tests see it,
// and a fixture that starts the in-process sandbox and an AccountManager talking to it over
// real HTTP on 127.0.0.1.

#include "AccountManager.h"
#include "SandboxBrowser.h"
#include "SandboxServer.h"
#include "SecretStore.h"
#include "Wait.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <gtest/gtest.h>

namespace paltest::world {
inline const QString admin = QStringLiteral("admin@contoso-partner.example");
inline const QString adminObjectId = QStringLiteral("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d");
inline const QString partnerTenant = QStringLiteral("7d3c1b2a-0f4e-4c6d-9a8b-1e2f3a4b5c6d");
inline const QStringList customerTenants{
    QStringLiteral("2f6e8a10-3b7c-4d21-9e55-6a1c0b9d4e01"), QStringLiteral("3a9d2c44-7e1f-4b08-a6c3-5d2e8f7b9c02"),
    QStringLiteral("4b1e7f58-2c6a-4e93-b7d4-8c3f1a6e0d03"), QStringLiteral("5c4a9e62-8d3b-4f17-8a25-9e4d2b7f1c04")};
inline const QString mfaTenant = QStringLiteral("6d7b1f73-9e4c-4a28-b936-0f5e3c8a2d05");
inline const QString spClientId = QStringLiteral("8f2c6a1e-5b3d-4e7f-9a0c-2d4b6e8f0a11");
inline const QString spObjectId = QStringLiteral("b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e");
inline const QByteArray spSecret = QByteArrayLiteral("sandbox-secret-not-for-production");
inline const QByteArray spExpiredSecret = QByteArrayLiteral("sandbox-expired-secret");
} // namespace paltest::world

namespace paltest {

class SandboxFixture : public ::testing::Test
{
protected:
    void SetUp() override
    {
        QString error;
        sandbox = palsandbox::SandboxServer::create(palsandbox::SandboxServer::defaultScenario(), &error);
        ASSERT_TRUE(sandbox) << error.toStdString();
        ASSERT_TRUE(sandbox->start(0, &error)) << error.toStdString();
        auto c = pal::CloudEnvironment::fromJson(QJsonDocument::fromJson(sandbox->cloudJson()).object());
        ASSERT_TRUE(c) << c.error().message.toStdString();
        cloud = c.value();
        sandbox->setAutoApproveUser(world::admin);
        manager = makeManager();
    }
    void TearDown() override
    {
        manager.reset();
        // Idle keep-alive connections would hold the sandbox's server threads until they time out.
        network.clearConnectionCache();
        browser.closeConnections();
        if (sandbox)
            sandbox->stop();
    }
    virtual pal::SecretStore *secretStore() { return &memory; }
    std::unique_ptr<pal::AccountManager> makeManager()
    {
        auto m = std::make_unique<pal::AccountManager>(&network, secretStore(), dir.path(), &browser);
        m->setPollingTimeScale(0.05);
        return m;
    }
    pal::SignInOptions options(const QString &tenant = QStringLiteral("organizations"), const QString &clientId = {})
    {
        pal::SignInOptions o;
        o.cloud = cloud;
        o.tenant = tenant;
        o.clientId = clientId;
        return o;
    }
    pal::Expected<pal::Account> signInWithBrowser()
    {
        auto r = waitFor<pal::Account>(
            [&](pal::Completion<pal::Account> done) { manager->signInWithBrowser(options(), manager.get(), done); });
        return r ? *r : timeout<pal::Account>();
    }
    pal::Expected<pal::AccessToken> token(const QString &accountId, const QString &tenant, bool force = false)
    {
        pal::AccessTokenProvider *p = manager->tokenProvider(accountId);
        if (!p)
            return pal::AzureError::make(pal::AzureError::Kind::NotFound, QStringLiteral("no provider"));
        auto r = waitFor<pal::AccessToken>([&](pal::Completion<pal::AccessToken> done) {
            p->requestToken(pal::TokenRequest{tenant, force}, manager.get(), done);
        });
        return r ? *r : timeout<pal::AccessToken>();
    }
    template <typename T> static pal::Expected<T> timeout()
    {
        return pal::AzureError::make(pal::AzureError::Kind::Timeout, QStringLiteral("test timed out"));
    }

    std::unique_ptr<palsandbox::SandboxServer> sandbox;
    pal::CloudEnvironment cloud;
    QTemporaryDir dir;
    QNetworkAccessManager network;
    pal::MemorySecretStore memory;
    SandboxBrowser browser;
    std::unique_ptr<pal::AccountManager> manager;
};

} // namespace paltest
