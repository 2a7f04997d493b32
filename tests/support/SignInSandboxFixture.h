#pragma once
// SignInSandboxFixture: the sandbox fixture with an AccountManager that signs in to it over real
// HTTP on 127.0.0.1, a headless browser that follows its authorize page, and an in-memory secret
// store (a fixture may give another).

#include "AccountManager.h"
#include "SandboxBrowser.h"
#include "SandboxCloud.h"
#include "SandboxFixture.h"
#include "ScenarioIds.h"
#include "SecretStore.h"
#include "Wait.h"

#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <gtest/gtest.h>

namespace pal::test {

// The customer directories the scenario's admin reaches without MFA.
inline QStringList customerTenants()
{
    QStringList tenants;
    for (const scenario::Directory &d : scenario::directories)
        if (scenario::Admin.memberOf.contains(d.tenantId) && !d.mfaRequired)
            tenants.append(d.tenantId);
    return tenants;
}

class SignInSandboxFixture : public SandboxFixture
{
protected:
    void SetUp() override
    {
        SandboxFixture::SetUp();
        if (HasFatalFailure())
            return;
        auto c = sandboxCloud(*sandbox);
        ASSERT_TRUE(c) << c.error().message.toStdString();
        cloud = c.value();
        sandbox->setAutoApproveUser(scenario::Admin.username);
        manager = makeManager();
    }
    void TearDown() override
    {
        manager.reset();
        // Idle keep-alive connections would hold the sandbox's server threads until they time out.
        network.clearConnectionCache();
        browser.closeConnections();
        SandboxFixture::TearDown();
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
        auto r = await<pal::Account>(
            [&](pal::Completion<pal::Account> done) { manager->signInWithBrowser(options(), manager.get(), done); });
        return r ? *r : timeout<pal::Account>();
    }
    pal::Expected<pal::AccessToken> token(const QString &accountId, const QString &tenant, bool force = false)
    {
        pal::AccessTokenProvider *p = manager->tokenProvider(accountId);
        if (!p)
            return pal::AzureError::make(pal::AzureError::Kind::NotFound, QStringLiteral("no provider"));
        auto r = await<pal::AccessToken>([&](pal::Completion<pal::AccessToken> done) {
            p->requestToken(pal::TokenRequest{tenant, force}, manager.get(), done);
        });
        return r ? *r : timeout<pal::AccessToken>();
    }
    template <typename T> static pal::Expected<T> timeout()
    {
        return pal::AzureError::make(pal::AzureError::Kind::Timeout, QStringLiteral("test timed out"));
    }

    pal::CloudEnvironment cloud;
    QTemporaryDir dir;
    QNetworkAccessManager network;
    pal::MemorySecretStore memory;
    SandboxBrowser browser;
    std::unique_ptr<pal::AccountManager> manager;
};

} // namespace pal::test
