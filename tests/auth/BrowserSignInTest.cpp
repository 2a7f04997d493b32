// Browser sign-in (authorization code + PKCE, loopback listener) through AccountManager: the
// redirect URI as MSAL sends it, the listener's answers to strays and to the real answer, the
// wait's timeout and cancel, and the token request's hardening.
#include "SignInFixture.h"

#include "Limits.h"
#include "LoopbackReplyHandler.h"

#include <QHostAddress>
#include <QTcpSocket>

using namespace signintest;

namespace {
Expected<Account> browserSignIn(AccountManager *manager, const SignInOptions &options)
{
    auto r = await<Account>(
        [&](Completion<Account> done) { manager->signInWithBrowser(options, manager, std::move(done)); });
    return r ? *r : Expected<Account>(AzureError::make(AzureError::Kind::Timeout, QStringLiteral("test timeout")));
}
} // namespace

TEST_F(SignInFlows, BrowserSignInWithPkceStateAndOneRedirect)
{
    QString verifierSeen, redirectSeen;
    QVariant redirectPolicy;
    network.handler = FakeEntra::withDiscovery([&](const RecordedRequest &c) -> FakeResponse {
        verifierSeen = c.field(QStringLiteral("code_verifier"));
        redirectSeen = c.field(QStringLiteral("redirect_uri"));
        redirectPolicy = c.request.attribute(QNetworkRequest::RedirectPolicyAttribute);
        const QString challenge = QUrlQuery(browser.opened).queryItemValue(QStringLiteral("code_challenge"));
        if (Pkce::challengeFor(verifierSeen.toLatin1()) != challenge.toLatin1())
            return {400, FakeEntra::error(QStringLiteral("invalid_grant"), 501481)};
        EXPECT_EQ(c.field(QStringLiteral("code")), QStringLiteral("the-code"));
        EXPECT_EQ(c.field(QStringLiteral("grant_type")), QStringLiteral("authorization_code"));
        EXPECT_TRUE(c.field(QStringLiteral("scope")).contains(QStringLiteral("offline_access")));
        return entra(c);
    });
    auto r = browserSignIn(manager.get(), options());
    ASSERT_TRUE(r) << r.error().message.toStdString();
    EXPECT_EQ(r->kind, SignInKind::Browser);
    const QUrlQuery q(browser.opened);
    EXPECT_EQ(browser.opened.path(), QStringLiteral("/organizations/oauth2/v2.0/authorize"));
    EXPECT_EQ(q.queryItemValue(QStringLiteral("code_challenge_method")), QStringLiteral("S256"));
    EXPECT_EQ(q.queryItemValue(QStringLiteral("client_info")), QStringLiteral("1"));
    EXPECT_EQ(q.queryItemValue(QStringLiteral("prompt")), QStringLiteral("select_account"));
    EXPECT_EQ(q.queryItemValue(QStringLiteral("response_type")), QStringLiteral("code"));
    EXPECT_EQ(q.queryItemValue(QStringLiteral("client_id")), defaultClientId());
    const QString scope = q.queryItemValue(QStringLiteral("scope"), QUrl::FullyDecoded);
    EXPECT_EQ(scope, QStringLiteral("https://arm.test/.default openid profile offline_access"));
    // What MSAL and the Azure CLI send, and what their client registers: http://localhost:PORT/.
    const QString redirect = q.queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded);
    const QUrl redirectUrl(redirect);
    EXPECT_EQ(redirect, QStringLiteral("http://localhost:%1/").arg(redirectUrl.port())) << redirect.toStdString();
    EXPECT_GT(redirectUrl.port(), 0);
    EXPECT_EQ(redirectSeen, redirect) << "the token request names the same redirect URI";
    EXPECT_EQ(redirectPolicy.toInt(), int(QNetworkRequest::ManualRedirectPolicy)) << "the code is never re-sent";
    EXPECT_TRUE(Pkce::isValidVerifier(verifierSeen.toLatin1()));
    EXPECT_GE(q.queryItemValue(QStringLiteral("state")).size(), 32) << "a state with enough entropy";
    EXPECT_TRUE(pal::test::waitUntil([this] { return !browser.page.isEmpty(); }));
    EXPECT_EQ(browser.pageStatus, 200);
    EXPECT_TRUE(browser.page.contains("Sign-in finished, you can close this tab")) << browser.page.constData();
    EXPECT_FALSE(browser.listenerStillOpen()) << "the loopback listener must close after the answer";
}

TEST_F(SignInFlows, BrowserStraysGetNotFoundAndDoNotEndTheSignIn)
{
    browser.strays = true; // favicon, code without state, error without state, another state
    auto r = browserSignIn(manager.get(), options());
    ASSERT_TRUE(r) << r.error().message.toStdString();
    EXPECT_EQ(browser.strayStatuses, (QList<int>{404, 404, 404, 404}));
    EXPECT_TRUE(browser.realSentAfterStrays) << "the listener was still open for the real answer";
    EXPECT_EQ(network.count(QStringLiteral("/token")), 1) << "only the real code is redeemed";
    EXPECT_NE(network.requests.last().field(QStringLiteral("code")), QStringLiteral("stray-code"));
    EXPECT_TRUE(pal::test::waitUntil([this] { return browser.pageStatus == 200; }));
    EXPECT_EQ(manager->accounts().size(), 1);
}

TEST_F(SignInFlows, BrowserAnswerOverIpv6Loopback)
{
    if (!hasIpv6Loopback())
        GTEST_SKIP() << "no IPv6 loopback on this machine";
    browser.host = QStringLiteral("::1"); // a browser that resolved localhost to ::1
    auto r = browserSignIn(manager.get(), options());
    ASSERT_TRUE(r) << r.error().message.toStdString();
    EXPECT_TRUE(pal::test::waitUntil([this] { return browser.pageStatus == 200; }));
    EXPECT_FALSE(browser.listenerStillOpen()) << "both listeners close";
}

TEST_F(SignInFlows, BrowserAnswerWithAnotherStateIsIgnoredUntilTheWaitEnds)
{
    browser.forgedState = QStringLiteral("forged");
    SignInOptions o = options();
    o.browserTimeout = std::chrono::milliseconds(400);
    auto r = browserSignIn(manager.get(), o);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, AzureError::Kind::Timeout);
    EXPECT_EQ(browser.pageStatus, 404) << "an answer that is not this sign-in's is not taken";
    EXPECT_EQ(network.count(QStringLiteral("/token")), 0) << "no code may be redeemed";
    EXPECT_TRUE(manager->accounts().isEmpty());
}

TEST_F(SignInFlows, BrowserThatNeverComesBackTimesOutWithAClearMessage)
{
    NeverOpeningBrowser quiet;
    manager = std::make_unique<AccountManager>(&network, &secrets, dir.path(), &quiet, &clock);
    QList<SignInState> states;
    QObject::connect(manager.get(), &AccountManager::signInStateChanged, manager.get(),
                     [&](SignInState s) { states.append(s); });
    SignInOptions o = options();
    o.browserTimeout = std::chrono::milliseconds(300);
    auto r = browserSignIn(manager.get(), o);
    ASSERT_FALSE(r);
    EXPECT_EQ(quiet.opened, 1);
    EXPECT_EQ(r.error().kind, AzureError::Kind::Timeout);
    EXPECT_EQ(r.error().code, QStringLiteral("browser_timeout"));
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("did not come back within")))
        << r.error().message.toStdString();
    EXPECT_EQ(states.last(), SignInState::Failed);
    EXPECT_TRUE(portClosed(quint16(quiet.redirect().port()))) << "the listener closes when the wait ends";
    EXPECT_TRUE(manager->accounts().isEmpty());
}

TEST_F(SignInFlows, BrowserRefusalAndTokenErrorsReachTheCaller)
{
    browser.redirectError = QStringLiteral("access_denied");
    auto r = browserSignIn(manager.get(), options());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, AzureError::Kind::SignInFailed);
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("The user said no")));
    EXPECT_TRUE(pal::test::waitUntil([this] { return !browser.page.isEmpty(); }));
    EXPECT_EQ(browser.pageStatus, 200);
    EXPECT_TRUE(browser.page.contains("The sign-in did not finish: access_denied: The user said no"))
        << browser.page.constData();

    browser.redirectError.clear();
    network.handler = FakeEntra::withDiscovery([](const RecordedRequest &) {
        return FakeResponse{400, FakeEntra::error(QStringLiteral("invalid_grant"), 501481,
                                                  QStringLiteral("AADSTS501481: The Code_Verifier does not match"))};
    });
    r = browserSignIn(manager.get(), options());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, QStringLiteral("AADSTS501481"));
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("Code_Verifier")));
    EXPECT_TRUE(secrets.items().isEmpty());
}

TEST_F(SignInFlows, BrowserPageEscapesWhatTheServerSaid)
{
    browser.redirectError = QStringLiteral("<script>alert(1)</script>");
    auto r = browserSignIn(manager.get(), options());
    ASSERT_FALSE(r);
    EXPECT_TRUE(pal::test::waitUntil([this] { return !browser.page.isEmpty(); }));
    EXPECT_FALSE(browser.page.contains("<script>")) << browser.page.constData();
    EXPECT_TRUE(browser.page.contains("&lt;script&gt;"));
}

TEST_F(SignInFlows, TokenEndpointRedirectIsRefusedAndNothingIsResent)
{
    network.handler = FakeEntra::withDiscovery([](const RecordedRequest &c) -> FakeResponse {
        if (c.url.host() == QLatin1String("elsewhere.test"))
            return {200, {}};
        return {307, {}, "https://elsewhere.test/token"};
    });
    auto r = browserSignIn(manager.get(), options());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, AzureError::Kind::BadResponse);
    EXPECT_EQ(r.error().code, QStringLiteral("redirect_refused"));
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("elsewhere.test"))) << r.error().message.toStdString();
    for (const RecordedRequest &c : network.requests)
        EXPECT_NE(c.url.host(), QStringLiteral("elsewhere.test")) << "the code went to another host";
    EXPECT_TRUE(manager->accounts().isEmpty());
}

TEST_F(SignInFlows, TokenEndpointThatNeverAnswersTimesOut)
{
    network.handler = FakeEntra::withDiscovery([](const RecordedRequest &) { return FakeResponse{200, {}, {}, true}; });
    AuthEnvironment env;
    env.network = &network;
    env.secrets = &secrets;
    env.clock = &clock;
    env.browser = &browser;
    env.requestTimeout = std::chrono::milliseconds(200);
    auto r = await<Account>([&](Completion<Account> done) {
        auto *session = new BrowserSignIn(
            &env, options(), [](const SignInResult &, Completion<Account>) {}, std::move(done), manager.get());
        session->start();
    });
    ASSERT_TRUE(r && !*r);
    EXPECT_EQ(r->error().kind, AzureError::Kind::Timeout);
    EXPECT_TRUE(r->error().message.contains(QStringLiteral("did not answer in time")))
        << r->error().message.toStdString();
    EXPECT_EQ(network.count(QStringLiteral("/token")), 1);
}

TEST_F(SignInFlows, IdTokenForAnotherClientIsRefusedAndNothingIsStored)
{
    network.handler = FakeEntra::withDiscovery([](const RecordedRequest &) -> FakeResponse {
        return {200, FakeEntra::userTokens(kOid, kHome, QStringLiteral("admin@partner.test"), QStringLiteral("rt"),
                                           QStringLiteral("at"), 3600, {}, {},
                                           QStringLiteral("99999999-9999-9999-9999-999999999999"))};
    });
    auto r = browserSignIn(manager.get(), options());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, QStringLiteral("id_token_mismatch"));
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("another app"))) << r.error().message.toStdString();
    EXPECT_TRUE(secrets.items().isEmpty());
    EXPECT_TRUE(manager->accounts().isEmpty());
}

TEST_F(SignInFlows, BrowserSignInCanBeCancelledBeforeTheBrowserOpens)
{
    NeverOpeningBrowser quiet;
    manager = std::make_unique<AccountManager>(&network, &secrets, dir.path(), &quiet, &clock);
    CallHandle handle;
    QList<SignInState> states;
    QObject::connect(manager.get(), &AccountManager::signInStateChanged, manager.get(),
                     [&](SignInState s) { states.append(s); });
    auto r = await<Account>([&](Completion<Account> done) {
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

TEST_F(SignInFlows, BrowserSignInCanBeCancelledWhileTheBrowserIsOpen)
{
    NeverOpeningBrowser quiet;
    manager = std::make_unique<AccountManager>(&network, &secrets, dir.path(), &quiet, &clock);
    CallHandle handle;
    auto r = await<Account>([&](Completion<Account> done) {
        handle = manager->signInWithBrowser(options(), manager.get(), done);
        QTimer::singleShot(50, manager.get(), [&] { handle.cancel(); });
    });
    ASSERT_TRUE(r && !*r);
    EXPECT_EQ(quiet.opened, 1);
    EXPECT_EQ(r->error().kind, AzureError::Kind::Cancelled);
    EXPECT_EQ(r->error().message, QStringLiteral("The sign-in was cancelled."));
    EXPECT_TRUE(pal::test::waitUntil([&] { return !handle.isRunning(); }));
    EXPECT_TRUE(portClosed(quint16(quiet.redirect().port()))) << "the listener closes on cancel";
}

TEST(LoopbackListener, AConnectionSendingMoreThanARedirectEverDoesIsDropped)
{
    LoopbackReplyHandler handler;
    QString why;
    ASSERT_TRUE(handler.listen(&why)) << why.toStdString();
    handler.setExpectedState(QStringLiteral("the-state"));
    int redirects = 0;
    QObject::connect(&handler, &LoopbackReplyHandler::redirectReceived, &handler, [&] { ++redirects; });

    QTcpSocket socket;
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), handler.port());
    ASSERT_TRUE(waitUntil([&] { return socket.state() == QAbstractSocket::ConnectedState; }));
    const qint64 promised = 32 * limits::MiB;
    socket.write("POST /?state=the-state&code=c HTTP/1.1\r\nHost: localhost\r\nContent-Length: " +
                 QByteArray::number(promised) + "\r\n\r\n");
    // The body in 64 KB pieces, each once the last has left, for as long as the listener takes them.
    const QByteArray piece(64 * 1024, 'x');
    qint64 queued = 0;
    QObject::connect(&socket, &QTcpSocket::bytesWritten, &socket, [&] {
        if (socket.bytesToWrite() == 0 && queued < promised) {
            queued += piece.size();
            socket.write(piece);
        }
    });
    queued += piece.size();
    socket.write(piece);

    EXPECT_TRUE(waitUntil([&] { return socket.state() == QAbstractSocket::UnconnectedState; }))
        << "the listener kept reading: " << queued << " bytes";
    EXPECT_LT(queued, promised) << "dropped before the whole body was taken";
    EXPECT_LT(queued, limits::MaxLoopbackRequestBytes + 8 * limits::MiB);
    EXPECT_EQ(redirects, 0);
}
