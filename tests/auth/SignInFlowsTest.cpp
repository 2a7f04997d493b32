// The sign-in flows and the silent token provider through AccountManager, against a fake
// network (FakeNetwork) and an in-memory secret store. The browser flow uses the real loopback
// listener: a headless "browser" follows the redirect with a second, real QNetworkAccessManager.
#include "AccountManager.h"
#include "AccountTokenProvider.h"
#include "BrowserSignIn.h"
#include "FakeNetwork.h"
#include "Pkce.h"
#include "SecretStore.h"
#include "TestCertificates.h"
#include "Wait.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QTemporaryDir>
#include <QUrlQuery>
#include <gtest/gtest.h>

using namespace pal;
using namespace paltest;

namespace {

const QString kHome = QStringLiteral("11111111-1111-1111-1111-111111111111");
const QString kOther = QStringLiteral("22222222-2222-2222-2222-222222222222");
const QString kMfa = QStringLiteral("33333333-3333-3333-3333-333333333333");
const QString kOid = QStringLiteral("aaaaaaaa-0000-0000-0000-000000000001");

// Answers the authorize URL like a browser whose user approves at once: it calls the loopback
// redirect with a code and the state (or a forged state / an error), and keeps the page shown.
class HeadlessBrowser final : public BrowserOpener
{
public:
    QUrl opened;
    QByteArray page;
    int pageStatus = 0;
    QString forgedState;
    QString redirectError;
    void openUrl(const QUrl &url) override
    {
        opened = url;
        const QUrlQuery q(url);
        QUrl redirect(q.queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded));
        QUrlQuery answer;
        if (!redirectError.isEmpty()) {
            answer.addQueryItem(QStringLiteral("error"), redirectError);
            answer.addQueryItem(QStringLiteral("error_description"), QStringLiteral("The user said no"));
        } else {
            answer.addQueryItem(QStringLiteral("code"), QStringLiteral("the-code"));
        }
        answer.addQueryItem(QStringLiteral("state"), forgedState.isEmpty()
                                                         ? q.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded)
                                                         : forgedState);
        redirect.setQuery(answer);
        m_redirect = redirect;
        QNetworkReply *reply = m_network.get(QNetworkRequest(redirect));
        QObject::connect(reply, &QNetworkReply::finished, &m_network, [this, reply] {
            pageStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            page = reply->readAll();
            reply->deleteLater();
        });
    }
    // Tries the redirect URL again; true if something still listens there.
    bool listenerStillOpen()
    {
        QNetworkReply *reply = m_network.get(QNetworkRequest(m_redirect));
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        const bool open = reply->error() != QNetworkReply::ConnectionRefusedError;
        reply->deleteLater();
        return open;
    }

private:
    QNetworkAccessManager m_network;
    QUrl m_redirect;
};

class FailingSecretStore final : public SecretStore
{
public:
    bool isPersistent() const override { return true; }
    QString description() const override { return QStringLiteral("broken"); }
    void write(const QString &, const QByteArray &, QObject *context, Completion<Done> done) override
    {
        QMetaObject::invokeMethod(
            context,
            [done] { done(AzureError::make(AzureError::Kind::Keychain, QStringLiteral("The collection is locked."))); },
            Qt::QueuedConnection);
    }
    void read(const QString &, QObject *context, Completion<QByteArray> done) override
    {
        QMetaObject::invokeMethod(
            context, [done] { done(QByteArray()); }, Qt::QueuedConnection);
    }
    void remove(const QString &, QObject *context, Completion<Done> done) override
    {
        QMetaObject::invokeMethod(
            context, [done] { done(Done{}); }, Qt::QueuedConnection);
    }
};

class SignInFlows : public ::testing::Test
{
protected:
    void SetUp() override
    {
        clock.set(QDateTime::currentDateTimeUtc());
        cloud =
            CloudEnvironment::create(QStringLiteral("Test"), FakeEntra::loginBase(), QStringLiteral("https://arm.test"))
                .value();
        network.handler = FakeEntra::withDiscovery([this](const RecordedCall &c) { return entra(c); });
        manager = makeManager(&secrets);
    }
    std::unique_ptr<AccountManager> makeManager(SecretStore *store)
    {
        auto m = std::make_unique<AccountManager>(&network, store, dir.path(), &browser, &clock);
        m->setPollingTimeScale(0.01);
        return m;
    }
    SignInOptions options(const QString &tenant = QStringLiteral("organizations"), const QString &clientId = {})
    {
        SignInOptions o;
        o.cloud = cloud;
        o.tenant = tenant;
        o.clientId = clientId;
        return o;
    }
    // The default fake Entra: user tokens for the home tenant; refresh tokens rotate.
    FakeResponse entra(const RecordedCall &c)
    {
        const QString grant = c.field(QStringLiteral("grant_type"));
        const QString tenant = c.url.path().section(QLatin1Char('/'), 1, 1);
        if (grant == QLatin1String("authorization_code") || grant.endsWith(QLatin1String("device_code")))
            return {200, FakeEntra::userTokens(kOid, kHome, QStringLiteral("admin@partner.test"),
                                               QStringLiteral("rt-1"), QStringLiteral("at-") + tenant)};
        if (grant == QLatin1String("refresh_token")) {
            if (tenant == kMfa)
                return {400, FakeEntra::error(QStringLiteral("invalid_grant"), 50076,
                                              QStringLiteral("AADSTS50076: you must use multi-factor authentication"))};
            const QString next = QStringLiteral("rt-%1").arg(++rotations + 1);
            return {200, FakeEntra::userTokens(kOid, tenant, QStringLiteral("admin@partner.test"), next,
                                               QStringLiteral("at-") + tenant)};
        }
        if (grant == QLatin1String("client_credentials"))
            return {200, FakeEntra::appTokens(QStringLiteral("sp-oid"), kHome)};
        return {404, {}};
    }
    Expected<Account> signInDeviceCode()
    {
        deviceHandler = [](const RecordedCall &) {
            return FakeResponse{200, R"({"device_code":"dc","user_code":"ABCD-EFGH",
                "verification_uri":"https://login.test/device","expires_in":900,
                "message":"To sign in, use a web browser to open the page https://login.test/device and enter the code ABCD-EFGH"})"};
        };
        auto previous = network.handler;
        network.handler = FakeEntra::withDiscovery([this](const RecordedCall &c) {
            if (c.url.path().endsWith(QLatin1String("/devicecode")))
                return deviceHandler(c);
            return entra(c);
        });
        auto r = waitFor<Account>([&](Completion<Account> done) {
            manager->signInWithDeviceCode(
                options(), [this](const DeviceCodePrompt &p) { prompts.append(p); }, manager.get(), done);
        });
        return r ? *r : Expected<Account>(AzureError::make(AzureError::Kind::Timeout, QStringLiteral("test timeout")));
    }
    Expected<AccessToken> token(const QString &accountId, const QString &tenant, bool force = false)
    {
        AccessTokenProvider *p = manager->tokenProvider(accountId);
        if (!p)
            return AzureError::make(AzureError::Kind::NotFound, QStringLiteral("no provider"));
        auto r = waitFor<AccessToken>([&](Completion<AccessToken> done) {
            p->requestToken(TokenRequest{tenant, force}, manager.get(), done);
        });
        return r ? *r
                 : Expected<AccessToken>(AzureError::make(AzureError::Kind::Timeout, QStringLiteral("test timeout")));
    }
    QByteArray accountsFile() const
    {
        QFile f(dir.filePath(QStringLiteral("accounts.json")));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    QTemporaryDir dir;
    FakeNetwork network;
    MemorySecretStore secrets;
    ManualClock clock;
    HeadlessBrowser browser;
    CloudEnvironment cloud;
    std::unique_ptr<AccountManager> manager;
    FakeNetwork::Handler deviceHandler;
    QList<DeviceCodePrompt> prompts;
    int rotations = 0;
};

} // namespace

// ---- device code ----

TEST_F(SignInFlows, DeviceCodeHonoursPendingSlowDownAndDefaultInterval)
{
    QElapsedTimer elapsed;
    QList<qint64> pollTimes;
    int polls = 0;
    QList<SignInState> states;
    QObject::connect(manager.get(), &AccountManager::signInStateChanged, manager.get(),
                     [&](SignInState s) { states.append(s); });
    deviceHandler = [](const RecordedCall &) {
        // No "interval": the default of 5 s applies (50 ms at the test's time scale).
        return FakeResponse{200, R"({"device_code":"dc","user_code":"ABCD-EFGH",
            "verification_uri":"https://login.test/device","expires_in":900,"message":"Enter ABCD-EFGH"})"};
    };
    network.handler = FakeEntra::withDiscovery([&](const RecordedCall &c) -> FakeResponse {
        if (c.url.path().endsWith(QLatin1String("/devicecode")))
            return deviceHandler(c);
        pollTimes.append(elapsed.elapsed());
        EXPECT_EQ(c.field(QStringLiteral("grant_type")),
                  QStringLiteral("urn:ietf:params:oauth:grant-type:device_code"));
        EXPECT_EQ(c.field(QStringLiteral("device_code")), QStringLiteral("dc"));
        EXPECT_EQ(c.field(QStringLiteral("client_id")), defaultClientId());
        switch (++polls) {
        case 1:
        case 2:
            return {400, FakeEntra::error(QStringLiteral("authorization_pending"), 70016)};
        case 3:
            return {400, FakeEntra::error(QStringLiteral("slow_down"), 0)};
        default:
            return entra(c);
        }
    });
    elapsed.start();
    auto r = waitFor<Account>([&](Completion<Account> done) {
        manager->signInWithDeviceCode(
            options(), [&](const DeviceCodePrompt &p) { prompts.append(p); }, manager.get(), done);
    });
    ASSERT_TRUE(r && *r) << (r ? r->error().message.toStdString() : "timeout");
    EXPECT_EQ(r->value().id, kOid + QLatin1Char('.') + kHome);
    EXPECT_EQ(r->value().username, QStringLiteral("admin@partner.test"));
    ASSERT_EQ(prompts.size(), 1);
    EXPECT_EQ(prompts.first().userCode, QStringLiteral("ABCD-EFGH"));
    EXPECT_EQ(prompts.first().verificationUri.toString(), QStringLiteral("https://login.test/device"));
    ASSERT_EQ(pollTimes.size(), 4);
    EXPECT_GE(pollTimes[0], 45);                // default interval 5 s (scaled)
    EXPECT_GE(pollTimes[3] - pollTimes[2], 95); // after slow_down: 10 s (scaled)
    const RecordedCall deviceCall = network.calls.at(1);
    EXPECT_TRUE(deviceCall.field(QStringLiteral("scope")).contains(QStringLiteral("https://arm.test/.default")));
    EXPECT_TRUE(deviceCall.field(QStringLiteral("scope")).contains(QStringLiteral("offline_access")));
    EXPECT_EQ(states, (QList<SignInState>{SignInState::Discovering, SignInState::AwaitingDeviceCode,
                                          SignInState::Storing, SignInState::SignedIn}));
    EXPECT_EQ(manager->accounts().size(), 1);
}

TEST_F(SignInFlows, DeviceCodeStopsOnTerminalErrorsWithAClearMessage)
{
    const QList<QPair<QString, QString>> cases{
        {QStringLiteral("expired_token"), QStringLiteral("expired")},
        {QStringLiteral("authorization_declined"), QStringLiteral("declined")},
        {QStringLiteral("bad_verification_code"), QStringLiteral("did not recognise")}};
    for (const auto &[error, text] : cases) {
        network.handler = FakeEntra::withDiscovery([&](const RecordedCall &c) -> FakeResponse {
            if (c.url.path().endsWith(QLatin1String("/devicecode")))
                return {
                    200,
                    R"({"device_code":"dc","user_code":"U","verification_uri":"https://login.test/d","interval":1})"};
            return {400, FakeEntra::error(error, 0)};
        });
        auto r = waitFor<Account>(
            [&](Completion<Account> done) { manager->signInWithDeviceCode(options(), {}, manager.get(), done); });
        ASSERT_TRUE(r && !*r) << error.toStdString();
        EXPECT_EQ(r->error().kind, AzureError::Kind::SignInFailed);
        EXPECT_EQ(r->error().code, error);
        EXPECT_TRUE(r->error().message.contains(text)) << r->error().message.toStdString();
    }
    EXPECT_TRUE(manager->accounts().isEmpty());
    EXPECT_TRUE(secrets.items().isEmpty());
}

TEST_F(SignInFlows, DeviceCodeNeedsTheDiscoveredEndpoint)
{
    network.handler = FakeEntra::withDiscovery({}, /*withDevice=*/false);
    auto r = waitFor<Account>(
        [&](Completion<Account> done) { manager->signInWithDeviceCode(options(), {}, manager.get(), done); });
    ASSERT_TRUE(r && !*r);
    EXPECT_TRUE(r->error().message.contains(QStringLiteral("device_authorization_endpoint")));
}

TEST_F(SignInFlows, DeviceCodeCanBeCancelledWhilePolling)
{
    network.handler = FakeEntra::withDiscovery([&](const RecordedCall &c) -> FakeResponse {
        if (c.url.path().endsWith(QLatin1String("/devicecode")))
            return {200,
                    R"({"device_code":"dc","user_code":"U","verification_uri":"https://login.test/d","interval":1})"};
        return {400, FakeEntra::error(QStringLiteral("authorization_pending"), 70016)};
    });
    CallHandle handle;
    auto r = waitFor<Account>([&](Completion<Account> done) {
        handle = manager->signInWithDeviceCode(
            options(),
            [&](const DeviceCodePrompt &) { QTimer::singleShot(60, manager.get(), [&] { handle.cancel(); }); },
            manager.get(), done);
    });
    ASSERT_TRUE(r && !*r);
    EXPECT_EQ(r->error().kind, AzureError::Kind::Cancelled);
    const int polls = network.count(QStringLiteral("/token"));
    QEventLoop loop;
    QTimer::singleShot(100, &loop, &QEventLoop::quit);
    loop.exec();
    EXPECT_EQ(network.count(QStringLiteral("/token")), polls) << "no polling after cancel";
    EXPECT_FALSE(handle.isRunning());
}

TEST_F(SignInFlows, MalformedTenantFailsBeforeAnythingIsSent)
{
    auto r = waitFor<Account>([&](Completion<Account> done) {
        manager->signInWithDeviceCode(options(QStringLiteral("not a tenant/..")), {}, manager.get(), done);
    });
    ASSERT_TRUE(r && !*r);
    EXPECT_EQ(r->error().kind, AzureError::Kind::InvalidInput);
    EXPECT_TRUE(network.calls.isEmpty());
}

// ---- browser ----

TEST_F(SignInFlows, BrowserSignInWithPkceStateAndOneRedirect)
{
    QString verifierSeen;
    network.handler = FakeEntra::withDiscovery([&](const RecordedCall &c) -> FakeResponse {
        verifierSeen = c.field(QStringLiteral("code_verifier"));
        const QString challenge = QUrlQuery(browser.opened).queryItemValue(QStringLiteral("code_challenge"));
        if (Pkce::challengeFor(verifierSeen.toLatin1()) != challenge.toLatin1())
            return {400, FakeEntra::error(QStringLiteral("invalid_grant"), 501481)};
        EXPECT_EQ(c.field(QStringLiteral("code")), QStringLiteral("the-code"));
        EXPECT_TRUE(c.field(QStringLiteral("scope")).contains(QStringLiteral("offline_access")));
        return entra(c);
    });
    auto r =
        waitFor<Account>([&](Completion<Account> done) { manager->signInWithBrowser(options(), manager.get(), done); });
    ASSERT_TRUE(r && *r) << (r ? r->error().message.toStdString() : "timeout");
    EXPECT_EQ(r->value().kind, SignInKind::Browser);
    const QUrlQuery q(browser.opened);
    EXPECT_EQ(browser.opened.path(), QStringLiteral("/organizations/oauth2/v2.0/authorize"));
    EXPECT_EQ(q.queryItemValue(QStringLiteral("code_challenge_method")), QStringLiteral("S256"));
    EXPECT_EQ(q.queryItemValue(QStringLiteral("client_info")), QStringLiteral("1"));
    EXPECT_EQ(q.queryItemValue(QStringLiteral("prompt")), QStringLiteral("select_account"));
    EXPECT_EQ(q.queryItemValue(QStringLiteral("response_type")), QStringLiteral("code"));
    EXPECT_EQ(q.queryItemValue(QStringLiteral("client_id")), defaultClientId());
    const QString scope = q.queryItemValue(QStringLiteral("scope"), QUrl::FullyDecoded);
    EXPECT_EQ(scope, QStringLiteral("https://arm.test/.default openid profile offline_access"));
    EXPECT_TRUE(q.queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded)
                    .startsWith(QStringLiteral("http://127.0.0.1:")));
    EXPECT_TRUE(Pkce::isValidVerifier(verifierSeen.toLatin1()));
    EXPECT_GE(q.queryItemValue(QStringLiteral("state")).size(), 32) << "a state with enough entropy";
    EXPECT_TRUE(paltest::waitUntil([this] { return !browser.page.isEmpty(); }));
    EXPECT_EQ(browser.pageStatus, 200);
    EXPECT_TRUE(browser.page.contains("Sign-in finished, you can close this tab")) << browser.page.constData();
    EXPECT_FALSE(browser.listenerStillOpen()) << "the loopback listener must close after one redirect";
}

TEST_F(SignInFlows, BrowserAnswerWithForgedStateIsRefused)
{
    browser.forgedState = QStringLiteral("forged");
    auto r =
        waitFor<Account>([&](Completion<Account> done) { manager->signInWithBrowser(options(), manager.get(), done); });
    ASSERT_TRUE(r && !*r);
    EXPECT_EQ(r->error().kind, AzureError::Kind::SignInFailed);
    EXPECT_EQ(r->error().code, QStringLiteral("state_mismatch"));
    EXPECT_EQ(network.count(QStringLiteral("/token")), 0) << "no code may be redeemed";
    EXPECT_TRUE(manager->accounts().isEmpty());
}

TEST_F(SignInFlows, BrowserRefusalAndTokenErrorsReachTheCaller)
{
    browser.redirectError = QStringLiteral("access_denied");
    auto r =
        waitFor<Account>([&](Completion<Account> done) { manager->signInWithBrowser(options(), manager.get(), done); });
    ASSERT_TRUE(r && !*r);
    EXPECT_EQ(r->error().kind, AzureError::Kind::SignInFailed);
    EXPECT_TRUE(r->error().message.contains(QStringLiteral("The user said no")));

    browser.redirectError.clear();
    network.handler = FakeEntra::withDiscovery([](const RecordedCall &) {
        return FakeResponse{400, FakeEntra::error(QStringLiteral("invalid_grant"), 501481,
                                                  QStringLiteral("AADSTS501481: The Code_Verifier does not match"))};
    });
    r = waitFor<Account>([&](Completion<Account> done) { manager->signInWithBrowser(options(), manager.get(), done); });
    ASSERT_TRUE(r && !*r);
    EXPECT_EQ(r->error().code, QStringLiteral("AADSTS501481"));
    EXPECT_TRUE(r->error().message.contains(QStringLiteral("Code_Verifier")));
    EXPECT_TRUE(secrets.items().isEmpty());
}

// ---- service principals ----

TEST_F(SignInFlows, BlankSecretIsRejectedAndNothingIsSent)
{
    for (const QByteArray &secret : {QByteArray(), QByteArray("   \t\n")}) {
        auto r = waitFor<Account>([&](Completion<Account> done) {
            manager->signInWithClientSecret(options(kHome, QStringLiteral("app-1")), secret, manager.get(), done);
        });
        ASSERT_TRUE(r && !*r);
        EXPECT_EQ(r->error().kind, AzureError::Kind::InvalidInput);
        EXPECT_TRUE(r->error().message.contains(QStringLiteral("client secret is empty")));
    }
    auto r = waitFor<Account>([&](Completion<Account> done) {
        manager->signInWithClientSecret(options(QStringLiteral("organizations"), QStringLiteral("app-1")), "s3cr3t",
                                        manager.get(), done);
    });
    ASSERT_TRUE(r && !*r);
    EXPECT_EQ(r->error().kind, AzureError::Kind::InvalidInput);
    EXPECT_TRUE(network.calls.isEmpty());
    EXPECT_TRUE(secrets.items().isEmpty());
}

TEST_F(SignInFlows, ClientSecretSignInStoresTheSecretOnlyInTheStore)
{
    auto r = waitFor<Account>([&](Completion<Account> done) {
        manager->signInWithClientSecret(options(kHome, QStringLiteral("app-1")), "s3cr3t+/=", manager.get(), done);
    });
    ASSERT_TRUE(r && *r) << (r ? r->error().message.toStdString() : "timeout");
    EXPECT_EQ(r->value().id, QStringLiteral("app-1.") + kHome);
    EXPECT_EQ(r->value().objectId, QStringLiteral("sp-oid"));
    const RecordedCall call = network.calls.last();
    EXPECT_EQ(call.url.toString(), QStringLiteral("https://login.test/%1/oauth2/v2.0/token").arg(kHome));
    EXPECT_EQ(call.field(QStringLiteral("client_secret")), QStringLiteral("s3cr3t+/="));
    EXPECT_EQ(call.field(QStringLiteral("scope")), QStringLiteral("https://arm.test/.default"));
    EXPECT_EQ(secrets.items().value(AccountTokenProvider::credentialKey(r->value().id)), QByteArray("s3cr3t+/="));
    EXPECT_FALSE(accountsFile().contains("s3cr3t"));

    // Silent: other directories are refused, its own is served again by client credentials.
    auto other = token(r->value().id, kOther);
    ASSERT_FALSE(other);
    EXPECT_TRUE(other.error().message.contains(QStringLiteral("cannot get tokens for directory")));
    const int before = network.count(QStringLiteral("/token"));
    clock.advance(3600);
    auto again = token(r->value().id, kHome);
    ASSERT_TRUE(again) << again.error().message.toStdString();
    EXPECT_EQ(network.count(QStringLiteral("/token")), before + 1);
    EXPECT_EQ(network.calls.last().field(QStringLiteral("client_secret")), QStringLiteral("s3cr3t+/="));
}

TEST_F(SignInFlows, CertificateSignInSendsAVerifiableAssertion)
{
    const TestCertificate cert = makeTestCertificate(dir.path(), QStringLiteral("sp"));
    auto r = waitFor<Account>([&](Completion<Account> done) {
        manager->signInWithCertificate(options(kHome, QStringLiteral("app-2")), cert.pkcs12, "pfx-pass", manager.get(),
                                       done);
    });
    ASSERT_TRUE(r && *r) << (r ? r->error().message.toStdString() : "timeout");
    EXPECT_EQ(r->value().kind, SignInKind::ClientCertificate);
    EXPECT_EQ(r->value().certificatePath, cert.pkcs12);
    const RecordedCall call = network.calls.last();
    EXPECT_EQ(call.field(QStringLiteral("client_assertion_type")),
              QStringLiteral("urn:ietf:params:oauth:client-assertion-type:jwt-bearer"));
    const QByteArray assertion = call.field(QStringLiteral("client_assertion")).toLatin1();
    EXPECT_TRUE(verifyJwtSignature(assertion, cert.certificatePem));
    const QJsonObject claims =
        QJsonDocument::fromJson(QByteArray::fromBase64(assertion.split('.').at(1), QByteArray::Base64UrlEncoding))
            .object();
    EXPECT_EQ(claims.value(QLatin1String("aud")).toString(), call.url.toString());
    EXPECT_FALSE(call.body.contains("client_secret"));
    EXPECT_EQ(secrets.items().value(AccountTokenProvider::credentialKey(r->value().id)), QByteArray("pfx-pass"));
}

TEST_F(SignInFlows, UnusableCertificateFailsBeforeAnythingIsSent)
{
    const TestCertificate expired = makeTestCertificate(dir.path(), QStringLiteral("old"), -1);
    auto r = waitFor<Account>([&](Completion<Account> done) {
        manager->signInWithCertificate(options(kHome, QStringLiteral("app-2")), expired.pemWithKey, {}, manager.get(),
                                       done);
    });
    ASSERT_TRUE(r && !*r);
    EXPECT_EQ(r->error().kind, AzureError::Kind::InvalidInput);
    EXPECT_TRUE(r->error().message.contains(QStringLiteral("expired")));
    EXPECT_TRUE(network.calls.isEmpty());
    EXPECT_TRUE(secrets.items().isEmpty());
}

// ---- silent tokens ----

TEST_F(SignInFlows, SilentTokensAcrossDirectoriesWithOneSignIn)
{
    auto account = signInDeviceCode();
    ASSERT_TRUE(account) << account.error().message.toStdString();
    const QString id = account->id;
    const int afterSignIn = network.calls.size();

    // Home directory: the cached AT, no request.
    auto home = token(id, {});
    ASSERT_TRUE(home) << home.error().message.toStdString();
    EXPECT_EQ(home->tenantId, kHome);
    EXPECT_EQ(home->objectId, kOid);
    EXPECT_EQ(network.calls.size(), afterSignIn);

    // Another directory: the refresh token redeemed at that directory's authority, then rotated.
    auto other = token(id, kOther);
    ASSERT_TRUE(other) << other.error().message.toStdString();
    EXPECT_EQ(other->tenantId, kOther);
    const RecordedCall refresh = network.calls.last();
    EXPECT_EQ(refresh.url.toString(), QStringLiteral("https://login.test/%1/oauth2/v2.0/token").arg(kOther));
    EXPECT_EQ(refresh.field(QStringLiteral("refresh_token")), QStringLiteral("rt-1"));
    auto third = token(id, QStringLiteral("44444444-4444-4444-4444-444444444444"));
    ASSERT_TRUE(third);
    EXPECT_EQ(network.calls.last().field(QStringLiteral("refresh_token")), QStringLiteral("rt-2"));

    // Reused until 5 minutes before expiry, then refreshed.
    const int before = network.count(QStringLiteral("/token"));
    clock.advance(3600 - 301);
    ASSERT_TRUE(token(id, kOther));
    EXPECT_EQ(network.count(QStringLiteral("/token")), before);
    clock.advance(2);
    ASSERT_TRUE(token(id, kOther));
    EXPECT_EQ(network.count(QStringLiteral("/token")), before + 1);
    // forceRefresh (after a 401) skips the cache.
    ASSERT_TRUE(token(id, kOther, true));
    EXPECT_EQ(network.count(QStringLiteral("/token")), before + 2);
}

TEST_F(SignInFlows, MfaDirectoryGivesInteractionRequiredForThatDirectory)
{
    auto account = signInDeviceCode();
    ASSERT_TRUE(account);
    auto mfa = token(account->id, kMfa);
    ASSERT_FALSE(mfa);
    EXPECT_EQ(mfa.error().kind, AzureError::Kind::InteractionRequired);
    EXPECT_EQ(mfa.error().tenantId, kMfa);
    EXPECT_EQ(mfa.error().code, QStringLiteral("AADSTS50076"));
    EXPECT_TRUE(
        mfa.error().message.contains(QStringLiteral("Directory %1 requires multi-factor authentication").arg(kMfa)));
    // The refresh token is kept: other directories still work.
    EXPECT_TRUE(token(account->id, kOther));
}

TEST_F(SignInFlows, RestartKeepsTheSignInAndSignOutLeavesNothing)
{
    auto account = signInDeviceCode();
    ASSERT_TRUE(account);
    auto sp = waitFor<Account>([&](Completion<Account> done) {
        manager->signInWithClientSecret(options(kHome, QStringLiteral("app-1")), "s3cr3t", manager.get(), done);
    });
    ASSERT_TRUE(sp && *sp);
    EXPECT_FALSE(accountsFile().contains("rt-1"));
    EXPECT_FALSE(accountsFile().contains("at-"));

    manager = makeManager(&secrets); // a new process, same config dir and keychain
    ASSERT_TRUE(manager->restore());
    ASSERT_EQ(manager->accounts().size(), 2);
    const int calls = network.calls.size();
    auto home = token(account->id, {});
    ASSERT_TRUE(home) << home.error().message.toStdString();
    EXPECT_EQ(network.calls.size(), calls) << "served from the stored cache";
    ASSERT_TRUE(token(account->id, kOther));

    auto out = waitFor<Done>([&](Completion<Done> done) { manager->signOut(account->id, manager.get(), done); });
    ASSERT_TRUE(out && *out);
    EXPECT_EQ(manager->accounts().size(), 1);
    EXPECT_EQ(manager->tokenProvider(account->id), nullptr);
    for (auto it = secrets.items().begin(); it != secrets.items().end(); ++it)
        EXPECT_FALSE(it.key().startsWith(account->id)) << it.key().toStdString();
    EXPECT_FALSE(accountsFile().contains(account->id.toUtf8()));

    out = waitFor<Done>([&](Completion<Done> done) { manager->signOut(sp->value().id, manager.get(), done); });
    ASSERT_TRUE(out && *out);
    EXPECT_TRUE(secrets.items().isEmpty());
    EXPECT_TRUE(manager->accounts().isEmpty());
}

TEST_F(SignInFlows, KeychainFailureReachesTheCallerAndNothingIsKept)
{
    FailingSecretStore broken;
    manager = makeManager(&broken);
    auto r = waitFor<Account>([&](Completion<Account> done) {
        manager->signInWithClientSecret(options(kHome, QStringLiteral("app-1")), "s3cr3t", manager.get(), done);
    });
    ASSERT_TRUE(r && !*r);
    EXPECT_EQ(r->error().kind, AzureError::Kind::Keychain);
    EXPECT_TRUE(r->error().message.contains(QStringLiteral("locked")));
    EXPECT_TRUE(manager->accounts().isEmpty());
    EXPECT_FALSE(QFile::exists(dir.filePath(QStringLiteral("accounts.json"))));
}

TEST_F(SignInFlows, BrokenAccountsFileIsNamed)
{
    QFile f(dir.filePath(QStringLiteral("accounts.json")));
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write("{ not json");
    f.close();
    auto r = manager->restore();
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("accounts.json")));
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("line 1, column"))) << qPrintable(r.error().message);
    EXPECT_TRUE(manager->accounts().isEmpty());
}

TEST_F(SignInFlows, AccountsFileWithoutAnAccountsListIsNamed)
{
    QFile f(dir.filePath(QStringLiteral("accounts.json")));
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(R"({"accounts": {}})");
    f.close();
    auto r = manager->restore();
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("accounts.json")));
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("no \"accounts\" list"))) << qPrintable(r.error().message);
}

namespace {
// A working store that can be told to start failing writes (a keychain that got locked).
class LockableSecretStore final : public SecretStore
{
public:
    bool locked = false;
    MemorySecretStore inner;
    bool isPersistent() const override { return true; }
    QString description() const override { return QStringLiteral("lockable"); }
    void write(const QString &key, const QByteArray &secret, QObject *context, Completion<Done> done) override
    {
        if (!locked)
            return inner.write(key, secret, context, done);
        QMetaObject::invokeMethod(
            context,
            [done] {
                done(AzureError::make(AzureError::Kind::Keychain,
                                      QStringLiteral("Cannot create an item in a locked collection")));
            },
            Qt::QueuedConnection);
    }
    void read(const QString &key, QObject *context, Completion<QByteArray> done) override
    {
        inner.read(key, context, done);
    }
    void remove(const QString &key, QObject *context, Completion<Done> done) override
    {
        inner.remove(key, context, done);
    }
};
class NeverOpeningBrowser final : public BrowserOpener
{
public:
    int opened = 0;
    void openUrl(const QUrl &) override { ++opened; }
};
} // namespace

TEST_F(SignInFlows, TokenAnswerMissingPromisedFieldsStoresNothing)
{
    network.handler = FakeEntra::withDiscovery([&](const RecordedCall &c) -> FakeResponse {
        if (c.url.path().endsWith(QLatin1String("/devicecode")))
            return {200,
                    R"({"device_code":"dc","user_code":"U","verification_uri":"https://login.test/d","interval":1})"};
        QJsonObject o = QJsonDocument::fromJson(entra(c).body).object();
        o.remove(QStringLiteral("refresh_token"));
        return {200, QJsonDocument(o).toJson()};
    });
    auto r = waitFor<Account>(
        [&](Completion<Account> done) { manager->signInWithDeviceCode(options(), {}, manager.get(), done); });
    ASSERT_TRUE(r && !*r);
    EXPECT_EQ(r->error().kind, AzureError::Kind::BadResponse);
    EXPECT_TRUE(r->error().message.contains(QStringLiteral("refresh_token")));
    EXPECT_TRUE(secrets.items().isEmpty());
    EXPECT_TRUE(manager->accounts().isEmpty());
}

TEST_F(SignInFlows, KeychainFailureDuringSilentRefreshReachesTheCaller)
{
    LockableSecretStore store;
    manager = makeManager(&store);
    auto account = signInDeviceCode();
    ASSERT_TRUE(account) << account.error().message.toStdString();
    store.locked = true;
    auto t = token(account->id, kOther);
    ASSERT_FALSE(t);
    EXPECT_EQ(t.error().kind, AzureError::Kind::Keychain);
    EXPECT_TRUE(t.error().message.contains(QStringLiteral("locked collection")));
}

TEST_F(SignInFlows, MemoryStoreSaysNothingIsRemembered)
{
    auto r = waitFor<Done>([&](Completion<Done> done) { manager->checkSecretStore(manager.get(), done); });
    ASSERT_TRUE(r && *r);
    EXPECT_FALSE(manager->secretsPersist());
    EXPECT_TRUE(manager->secretStoreDescription().contains(QStringLiteral("nothing is remembered")));
}

TEST_F(SignInFlows, BrowserSignInCanBeCancelledWhileWaiting)
{
    NeverOpeningBrowser quiet;
    manager = std::make_unique<AccountManager>(&network, &secrets, dir.path(), &quiet, &clock);
    CallHandle handle;
    QList<SignInState> states;
    QObject::connect(manager.get(), &AccountManager::signInStateChanged, manager.get(),
                     [&](SignInState s) { states.append(s); });
    auto r = waitFor<Account>([&](Completion<Account> done) {
        handle = manager->signInWithBrowser(options(), manager.get(), done);
        QObject::connect(manager.get(), &AccountManager::signInStateChanged, manager.get(), [&](SignInState s) {
            if (s == SignInState::AwaitingBrowser)
                handle.cancel();
        });
    });
    ASSERT_TRUE(r && !*r);
    EXPECT_EQ(r->error().kind, AzureError::Kind::Cancelled);
    EXPECT_EQ(quiet.opened, 0) << "cancelled before the browser was opened";
    EXPECT_EQ(states.last(), SignInState::Cancelled);
    EXPECT_EQ(network.count(QStringLiteral("/token")), 0);
}

TEST_F(SignInFlows, SigningInAgainToOneDirectoryKeepsTheAccountAndItsOtherTokens)
{
    auto account = signInDeviceCode();
    ASSERT_TRUE(account);
    ASSERT_TRUE(token(account->id, kOther));
    AccessTokenProvider *provider = manager->tokenProvider(account->id);
    // Interactive sign-in to the MFA directory: a token for that directory, same home account.
    network.handler = FakeEntra::withDiscovery([&](const RecordedCall &c) -> FakeResponse {
        if (c.url.path().endsWith(QLatin1String("/devicecode")))
            return {200,
                    R"({"device_code":"dc","user_code":"U","verification_uri":"https://login.test/d","interval":1})"};
        return {200,
                FakeEntra::userTokens(QStringLiteral("guest-oid-in-mfa"), kMfa, QStringLiteral("admin@partner.test"),
                                      QStringLiteral("rt-mfa"), QStringLiteral("at-mfa"), 3600, kHome, kOid)};
    });
    auto again = waitFor<Account>(
        [&](Completion<Account> done) { manager->signInWithDeviceCode(options(kMfa), {}, manager.get(), done); });
    ASSERT_TRUE(again && *again) << (again ? again->error().message.toStdString() : "timeout");
    EXPECT_EQ(again->value().id, account->id);
    EXPECT_EQ(again->value().homeTenantId, kHome);
    EXPECT_EQ(manager->accounts().size(), 1);
    EXPECT_EQ(manager->tokenProvider(account->id), provider) << "a provider held by callers stays valid";
    const int calls = network.calls.size();
    auto mfa = token(account->id, kMfa);
    ASSERT_TRUE(mfa) << mfa.error().message.toStdString();
    EXPECT_EQ(mfa->objectId, QStringLiteral("guest-oid-in-mfa"));
    ASSERT_TRUE(token(account->id, kOther));
    EXPECT_EQ(network.calls.size(), calls) << "both directories served from the cache";
}

TEST_F(SignInFlows, CancelWhileDiscoveringEndsCancelled)
{
    QList<SignInState> states;
    CallHandle handle;
    QObject::connect(manager.get(), &AccountManager::signInStateChanged, manager.get(), [&](SignInState s) {
        states.append(s);
        if (s == SignInState::Discovering)
            handle.cancel();
    });
    auto r = waitFor<Account>(
        [&](Completion<Account> done) { handle = manager->signInWithDeviceCode(options(), {}, manager.get(), done); });
    ASSERT_TRUE(r && !*r);
    EXPECT_EQ(r->error().kind, AzureError::Kind::Cancelled);
    EXPECT_EQ(states, (QList<SignInState>{SignInState::Discovering, SignInState::Cancelled}));
    EXPECT_TRUE(network.calls.isEmpty()) << "nothing is sent after a cancel";
}

TEST_F(SignInFlows, DeviceCodeExpiresLocallyWhenTheUserTakesTooLong)
{
    int polls = 0;
    network.handler = FakeEntra::withDiscovery([&](const RecordedCall &c) -> FakeResponse {
        if (c.url.path().endsWith(QLatin1String("/devicecode")))
            return {200, R"({"device_code":"dc","user_code":"U","verification_uri":"https://login.test/d",
                             "interval":1,"expires_in":60})"};
        ++polls;
        return {400, FakeEntra::error(QStringLiteral("authorization_pending"), 70016)};
    });
    auto r = waitFor<Account>([&](Completion<Account> done) {
        manager->signInWithDeviceCode(
            options(),
            [&](const DeviceCodePrompt &p) {
                EXPECT_EQ(p.expiresInSeconds, 60);
                clock.advance(61); // the user walked away
            },
            manager.get(), done);
    });
    ASSERT_TRUE(r && !*r);
    EXPECT_EQ(r->error().code, QStringLiteral("expired_token"));
    EXPECT_EQ(polls, 0);
}

TEST(AccountStorage, RoundTripsMetadataOnly)
{
    Account a;
    a.id = QStringLiteral("oid.tid");
    a.username = QStringLiteral("admin@partner.test");
    a.homeTenantId = QStringLiteral("tid");
    a.objectId = QStringLiteral("oid");
    a.clientId = QStringLiteral("client");
    a.cloudName = QStringLiteral("Custom");
    a.authorityTenant = QStringLiteral("organizations");
    a.kind = SignInKind::ClientCertificate;
    a.certificatePath = QStringLiteral("/certs/sp.pfx");
    a.cloudDefinition = QJsonObject{{QStringLiteral("name"), QStringLiteral("Custom")}};
    const Account b = Account::fromStorage(a.toStorage());
    EXPECT_EQ(b.toStorage(), a.toStorage());
    EXPECT_EQ(b.kind, SignInKind::ClientCertificate);
    EXPECT_EQ(a.toJson(), (QJsonObject{{QStringLiteral("id"), QStringLiteral("oid.tid")},
                                       {QStringLiteral("username"), QStringLiteral("admin@partner.test")},
                                       {QStringLiteral("tenantId"), QStringLiteral("tid")},
                                       {QStringLiteral("kind"), QStringLiteral("client-certificate")}}));
}
