// Every sign-in kind end to end against the in-process sandbox over loopback HTTP: browser with a
// headless browser, device code, service principal with secret and certificate, silent switching
// across directories, MFA, restart and sign-out.
#include "AccountTokenProvider.h"
#include "EntraError.h"
#include "Limits.h"
#include "SignInSandboxFixture.h"
#include "TestCertificates.h"
#include "TokenRequests.h"

#include <QFile>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QUrlQuery>

using namespace pal;
using namespace pal::test;

namespace {
std::string text(const Expected<Account> &r)
{
    return r ? r->id.toStdString() : r.error().userMessage().toStdString();
}
} // namespace

using SandboxSignIn = SignInSandboxFixture;

TEST_F(SandboxSignIn, BrowserSignInNeedsOneRedirect)
{
    auto account = signInWithBrowser();
    ASSERT_TRUE(account) << text(account);
    EXPECT_EQ(account->username, scenario::Admin.username);
    EXPECT_EQ(account->homeTenantId, scenario::ContosoPartner.tenantId);
    EXPECT_EQ(account->objectId, scenario::Admin.objectId);
    EXPECT_EQ(account->id, scenario::Admin.objectId + QLatin1Char('.') + scenario::ContosoPartner.tenantId);
    EXPECT_EQ(browser.opens, 1);
    // The redirect URI the sandbox checked against the client's registration (http://localhost).
    EXPECT_TRUE(QUrlQuery(browser.opened)
                    .queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded)
                    .startsWith(QStringLiteral("http://localhost:")));
    // The listener answers the browser while the sign-in goes on; the page may arrive after it ends.
    EXPECT_TRUE(pal::test::waitUntil([this] { return !browser.page.isEmpty(); }));
    EXPECT_TRUE(browser.page.contains("Sign-in finished, you can close this tab")) << browser.page.constData();
    EXPECT_EQ(manager->accounts().size(), 1);
}

TEST_F(SandboxSignIn, BrowserStraysBeforeTheRedirectGetNotFoundAndTheSignInGoesOn)
{
    browser.strays = true; // /favicon.ico and the redirect without its state, then the real one
    auto account = signInWithBrowser();
    ASSERT_TRUE(account) << text(account);
    EXPECT_EQ(browser.strayStatuses, (QList<int>{404, 404}));
    EXPECT_TRUE(pal::test::waitUntil([this] { return !browser.page.isEmpty(); }));
    EXPECT_TRUE(browser.page.contains("Sign-in finished")) << browser.page.constData();
    EXPECT_EQ(manager->accounts().size(), 1);
}

TEST_F(SandboxSignIn, TamperedPkceChallengeIsRejected)
{
    browser.tamper = SandboxBrowser::Tamper::Challenge;
    auto account = signInWithBrowser();
    ASSERT_FALSE(account);
    EXPECT_EQ(account.error().kind, AzureError::Kind::SignInFailed) << account.error().userMessage().toStdString();
    EXPECT_EQ(account.error().code, QStringLiteral("AADSTS501481")) << "the verifier does not match the challenge";
    EXPECT_TRUE(manager->accounts().isEmpty());
    EXPECT_TRUE(memory.items().isEmpty());
}

TEST_F(SandboxSignIn, TamperedStateIsNotTakenAndTheWaitEnds)
{
    browser.tamper = SandboxBrowser::Tamper::State;
    const int tokenCalls = sandbox->requestCount(QStringLiteral("/organizations/oauth2/v2.0/token"));
    pal::SignInOptions o = options();
    o.browserTimeout = std::chrono::milliseconds(500);
    auto r = await<pal::Account>(
        [&](pal::Completion<pal::Account> done) { manager->signInWithBrowser(o, manager.get(), done); });
    ASSERT_TRUE(r && !*r);
    EXPECT_EQ(r->error().kind, AzureError::Kind::Timeout);
    EXPECT_TRUE(browser.page.contains("Not found")) << "the listener answered 404: " << browser.page.constData();
    EXPECT_EQ(sandbox->requestCount(QStringLiteral("/organizations/oauth2/v2.0/token")), tokenCalls);
    EXPECT_TRUE(memory.items().isEmpty());
}

TEST_F(SandboxSignIn, DeviceCodeApprovedOnTheVerificationPage)
{
    QList<DeviceCodePrompt> prompts;
    auto r = await<Account>([&](Completion<Account> done) {
        manager->signInWithDeviceCode(
            options(),
            [&](const DeviceCodePrompt &p) {
                prompts.append(p);
                EXPECT_TRUE(sandbox->approveDeviceCode(p.userCode, scenario::Admin.username));
            },
            manager.get(), done);
    });
    ASSERT_TRUE(r && *r) << (r ? text(*r) : "timeout");
    EXPECT_EQ(r->value().username, scenario::Admin.username);
    EXPECT_EQ(r->value().kind, SignInKind::DeviceCode);
    ASSERT_EQ(prompts.size(), 1);
    EXPECT_FALSE(prompts.first().message.isEmpty());
    EXPECT_TRUE(prompts.first().verificationUri.isValid());
}

TEST_F(SandboxSignIn, DeviceCodeDeclined)
{
    auto r = await<Account>([&](Completion<Account> done) {
        manager->signInWithDeviceCode(
            options(), [&](const DeviceCodePrompt &p) { EXPECT_TRUE(sandbox->declineDeviceCode(p.userCode)); },
            manager.get(), done);
    });
    ASSERT_TRUE(r && !*r);
    EXPECT_EQ(r->error().code, QStringLiteral("authorization_declined"));
    EXPECT_TRUE(manager->accounts().isEmpty());
}

TEST_F(SandboxSignIn, ServicePrincipalWithSecret)
{
    auto r = await<Account>([&](Completion<Account> done) {
        manager->signInWithClientSecret(options(scenario::ContosoPartner.tenantId, scenario::PalAutomation.clientId),
                                        scenario::PalAutomation.secret.toUtf8(), manager.get(), done);
    });
    ASSERT_TRUE(r && *r) << (r ? text(*r) : "timeout");
    EXPECT_EQ(r->value().objectId, scenario::PalAutomation.objectId);
    EXPECT_EQ(r->value().homeTenantId, scenario::ContosoPartner.tenantId);
    auto t = token(r->value().id, scenario::ContosoPartner.tenantId);
    ASSERT_TRUE(t) << t.error().userMessage().toStdString();
    EXPECT_EQ(t->objectId, scenario::PalAutomation.objectId);

    for (const auto &[bad, code] :
         {std::pair{QByteArray("wrong-secret"), QStringLiteral("AADSTS7000215")},
          std::pair{scenario::PalAutomation.expiredSecret.toUtf8(), QStringLiteral("AADSTS7000222")}}) {
        auto failed = await<Account>([&](Completion<Account> done) {
            manager->signInWithClientSecret(
                options(scenario::ContosoPartner.tenantId, scenario::PalAutomation.clientId), bad, manager.get(), done);
        });
        ASSERT_TRUE(failed && !*failed);
        EXPECT_EQ(failed->error().kind, AzureError::Kind::SignInFailed) << failed->error().userMessage().toStdString();
        EXPECT_EQ(failed->error().code, code);
    }
}

TEST_F(SandboxSignIn, ServicePrincipalWithCertificatePemAndPkcs12)
{
    const TestCertificate cert = makeTestCertificate(dir.path(), QStringLiteral("sp"));
    ASSERT_TRUE(sandbox->registerCertificate(scenario::PalAutomation.clientId, cert.certificatePem));
    for (const auto &[path, password] :
         {std::pair{cert.pemWithKey, QByteArray()}, std::pair{cert.pkcs12, QByteArray("pfx-pass")}}) {
        auto r = await<Account>([&](Completion<Account> done) {
            manager->signInWithCertificate(options(scenario::ContosoPartner.tenantId, scenario::PalAutomation.clientId),
                                           path, password, manager.get(), done);
        });
        ASSERT_TRUE(r && *r) << path.toStdString() << ": " << (r ? text(*r) : "timeout");
        EXPECT_EQ(r->value().objectId, scenario::PalAutomation.objectId);
        EXPECT_EQ(r->value().kind, SignInKind::ClientCertificate);
        // Silent: a new assertion from the stored certificate path and keychain password.
        auto t = token(r->value().id, scenario::ContosoPartner.tenantId, /*force=*/true);
        ASSERT_TRUE(t) << t.error().userMessage().toStdString();
        EXPECT_EQ(t->objectId, scenario::PalAutomation.objectId);
    }
    // A certificate the directory does not know is refused by Entra.
    const TestCertificate stranger = makeTestCertificate(dir.path(), QStringLiteral("stranger"));
    auto r = await<Account>([&](Completion<Account> done) {
        manager->signInWithCertificate(options(scenario::ContosoPartner.tenantId, scenario::PalAutomation.clientId),
                                       stranger.pemWithKey, {}, manager.get(), done);
    });
    ASSERT_TRUE(r && !*r);
    EXPECT_EQ(r->error().kind, AzureError::Kind::SignInFailed) << r->error().userMessage().toStdString();
    EXPECT_EQ(r->error().code, QStringLiteral("AADSTS700027"));
}

TEST_F(SandboxSignIn, OneSignInReachesFiveDirectoriesAndMfaDirectoryAsksForInteraction)
{
    auto account = signInWithBrowser();
    ASSERT_TRUE(account) << text(account);
    QStringList directories{scenario::ContosoPartner.tenantId};
    directories += customerTenants();
    for (const QString &tenant : directories) {
        auto t = token(account->id, tenant);
        ASSERT_TRUE(t) << tenant.toStdString() << ": " << t.error().userMessage().toStdString();
        EXPECT_EQ(t->tenantId, tenant);
        EXPECT_FALSE(t->objectId.isEmpty());
        // ARM accepts it for that directory.
        QNetworkRequest request(
            QUrl(cloud.resourceManagerEndpoint.toString() + QStringLiteral("/tenants?api-version=2022-12-01")));
        request.setRawHeader("Authorization", "Bearer " + t->token);
        auto arm = await<int>([&](Completion<int> done) {
            QNetworkReply *reply = network.get(request);
            QObject::connect(reply, &QNetworkReply::finished, manager.get(), [reply, done] {
                reply->deleteLater();
                done(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt());
            });
        });
        ASSERT_TRUE(arm && *arm);
        EXPECT_EQ(arm->value(), 200) << tenant.toStdString();
    }
    EXPECT_EQ(browser.opens, 1) << "one interactive sign-in for all five directories";

    auto mfa = token(account->id, scenario::WoodgroveBank.tenantId);
    ASSERT_FALSE(mfa);
    EXPECT_EQ(mfa.error().kind, AzureError::Kind::InteractionRequired);
    EXPECT_EQ(mfa.error().tenantId, scenario::WoodgroveBank.tenantId);
    EXPECT_EQ(mfa.error().code, QStringLiteral("AADSTS50076"));
    EXPECT_TRUE(mfa.error().message.contains(
        QStringLiteral("Directory %1 requires multi-factor authentication").arg(scenario::WoodgroveBank.tenantId)));
    EXPECT_FALSE(needsFullSignIn(mfa.error()));
}

TEST_F(SandboxSignIn, RestartIsStillSignedInAndRevocationAsksForSignIn)
{
    auto account = signInWithBrowser();
    ASSERT_TRUE(account) << text(account);
    manager = makeManager(); // same config dir and secret store, as after a restart
    ASSERT_TRUE(manager->restore());
    ASSERT_EQ(manager->accounts().size(), 1);
    auto t = token(account->id, customerTenants().first(), /*force=*/true);
    ASSERT_TRUE(t) << t.error().userMessage().toStdString();

    sandbox->revokeRefreshTokens(scenario::Admin.username);
    auto revoked = token(account->id, customerTenants().at(1), true);
    ASSERT_FALSE(revoked);
    EXPECT_EQ(revoked.error().kind, AzureError::Kind::InteractionRequired);
    EXPECT_TRUE(needsFullSignIn(revoked.error())) << revoked.error().code.toStdString();
}

TEST_F(SandboxSignIn, SignOutLeavesNothingBehind)
{
    auto account = signInWithBrowser();
    ASSERT_TRUE(account) << text(account);
    ASSERT_TRUE(token(account->id, customerTenants().first()));
    EXPECT_FALSE(memory.items().isEmpty());
    auto out = await<Done>([&](Completion<Done> done) { manager->signOut(account->id, manager.get(), done); });
    ASSERT_TRUE(out && *out);
    EXPECT_TRUE(memory.items().isEmpty());
    EXPECT_TRUE(manager->accounts().isEmpty());
    QFile f(dir.filePath(QStringLiteral("accounts.json")));
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    EXPECT_FALSE(f.readAll().contains(account->id.toUtf8()));
}

TEST_F(SandboxSignIn, GuestGetsItsOwnObjectIdInEachDirectory)
{
    sandbox->setAutoApproveUser(scenario::Pat.username);
    auto account = signInWithBrowser();
    ASSERT_TRUE(account) << text(account);
    EXPECT_EQ(account->homeTenantId, customerTenants().at(3));
    auto partner = token(account->id, scenario::ContosoPartner.tenantId);
    ASSERT_TRUE(partner) << partner.error().userMessage().toStdString();
    EXPECT_EQ(partner->tenantId, scenario::ContosoPartner.tenantId);
    EXPECT_FALSE(partner->objectId.isEmpty());
    EXPECT_NE(partner->objectId, account->objectId) << "a guest has another object id in the host directory";
    // Not a member of Fabrikam: Entra's refusal is reported for that directory, not as a crash.
    auto stranger = token(account->id, customerTenants().first());
    ASSERT_FALSE(stranger);
    EXPECT_EQ(stranger.error().tenantId, customerTenants().first());
    EXPECT_TRUE(stranger.error().message.contains(QStringLiteral("not a member or guest")))
        << stranger.error().userMessage().toStdString();
}

TEST_F(SandboxSignIn, ServicePrincipalByDomain)
{
    auto r = await<Account>([&](Completion<Account> done) {
        manager->signInWithClientSecret(
            options(scenario::ContosoPartner.defaultDomain, scenario::PalAutomation.clientId),
            scenario::PalAutomation.secret.toUtf8(), manager.get(), done);
    });
    ASSERT_TRUE(r && *r) << (r ? text(*r) : "timeout");
    EXPECT_EQ(r->value().homeTenantId, scenario::ContosoPartner.tenantId) << "the directory id comes from the token";
    EXPECT_TRUE(token(r->value().id, {}));
}

// ---- a token endpoint's answer is bounded in time and size, whatever status line came first ----

class SandboxTokenEndpointBounds : public SignInSandboxFixture
{
protected:
    QString tokenPath() const { return QStringLiteral("/%1/oauth2/v2.0/token").arg(scenario::ContosoPartner.tenantId); }
    Expected<TokenResponse> clientCredentialToken(std::chrono::milliseconds timeout = authRequestTimeout)
    {
        const QUrl endpoint(sandbox->baseUrl().toString() + tokenPath());
        const FormFields fields{{QStringLiteral("client_id"), scenario::PalAutomation.clientId},
                                {QStringLiteral("grant_type"), QStringLiteral("client_credentials")},
                                {QStringLiteral("scope"), cloud.armScope},
                                {QStringLiteral("client_secret"), scenario::PalAutomation.secret}};
        return *await<TokenResponse>([&](Completion<TokenResponse> done) {
            postTokenRequest(&network, endpoint, fields, TokenResponse::Expect::AccessTokenOnly,
                             scenario::ContosoPartner.tenantId, manager.get(), done, timeout);
        });
    }
    palsandbox::Fault fault(palsandbox::Fault::Kind kind) const
    {
        palsandbox::Fault f;
        f.kind = kind;
        f.pathPrefix = tokenPath();
        return f;
    }
};

TEST_F(SandboxTokenEndpointBounds, AnAnswerStillTricklingAtTheDeadlineIsATimeout)
{
    ASSERT_TRUE(clientCredentialToken()) << "the request itself is good";
    palsandbox::Fault f = fault(palsandbox::Fault::Kind::Trickle);
    f.intervalMs = 50; // 200 OK and its headers at once, then the token a byte at a time
    sandbox->addFault(f);
    const auto r = clientCredentialToken(std::chrono::milliseconds(600));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, AzureError::Kind::Timeout) << r.error().message.toStdString();
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("did not answer in time")))
        << r.error().message.toStdString();
    EXPECT_FALSE(r.error().message.contains(QStringLiteral("JSON"))) << r.error().message.toStdString();
    EXPECT_GT(sandbox->faultBodyBytesSent(), 0) << "the answer had begun";
}

TEST_F(SandboxTokenEndpointBounds, AnAnswerLargerThanTheBoundIsRefused)
{
    palsandbox::Fault f = fault(palsandbox::Fault::Kind::HugeBody);
    f.bodyBytes = 100 * limits::MiB;
    sandbox->addFault(f);
    const auto r = clientCredentialToken();
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, AzureError::Kind::BadResponse);
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("larger than 1 MB"))) << r.error().message.toStdString();
    const qint64 sent = sandbox->faultBodyBytesSent();
    EXPECT_LT(sent, limits::MaxSignInAnswerBytes + 16 * limits::MiB) << sent;
}
