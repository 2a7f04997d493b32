// Device code sign-in (RFC 8628) through AccountManager against the fake network.
#include "SignInFixture.h"

#include "DeviceCodeSignIn.h"

#include <QJsonArray>
#include <QTimer>
#include <limits>

using namespace signintest;

TEST_F(SignInFlows, DeviceCodeHonoursPendingSlowDownAndDefaultInterval)
{
    QElapsedTimer elapsed;
    QList<qint64> pollTimes;
    int polls = 0;
    QList<SignInState> states;
    QObject::connect(manager.get(), &AccountManager::signInStateChanged, manager.get(),
                     [&](SignInState s) { states.append(s); });
    deviceHandler = [](const RecordedRequest &) {
        // No "interval": the default of 5 s applies (50 ms at the test's time scale).
        return FakeResponse{200, R"({"device_code":"dc","user_code":"ABCD-EFGH",
            "verification_uri":"https://login.test/device","expires_in":900,"message":"Enter ABCD-EFGH"})"};
    };
    network.handler = FakeEntra::withDiscovery([&](const RecordedRequest &c) -> FakeResponse {
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
    auto r = await<Account>([&](Completion<Account> done) {
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
    const RecordedRequest deviceCall = network.requests.at(1);
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
        network.handler = FakeEntra::withDiscovery([&](const RecordedRequest &c) -> FakeResponse {
            if (c.url.path().endsWith(QLatin1String("/devicecode")))
                return {
                    200,
                    R"({"device_code":"dc","user_code":"U","verification_uri":"https://login.test/d","interval":1})"};
            return {400, FakeEntra::error(error, 0)};
        });
        auto r = await<Account>(
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
    auto r = await<Account>(
        [&](Completion<Account> done) { manager->signInWithDeviceCode(options(), {}, manager.get(), done); });
    ASSERT_TRUE(r && !*r);
    EXPECT_TRUE(r->error().message.contains(QStringLiteral("device_authorization_endpoint")));
}

TEST_F(SignInFlows, DeviceCodeCanBeCancelledWhilePolling)
{
    network.handler = FakeEntra::withDiscovery([&](const RecordedRequest &c) -> FakeResponse {
        if (c.url.path().endsWith(QLatin1String("/devicecode")))
            return {200,
                    R"({"device_code":"dc","user_code":"U","verification_uri":"https://login.test/d","interval":1})"};
        return {400, FakeEntra::error(QStringLiteral("authorization_pending"), 70016)};
    });
    CallHandle handle;
    auto r = await<Account>([&](Completion<Account> done) {
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
    auto r = await<Account>([&](Completion<Account> done) {
        manager->signInWithDeviceCode(options(QStringLiteral("not a tenant/..")), {}, manager.get(), done);
    });
    ASSERT_TRUE(r && !*r);
    EXPECT_EQ(r->error().kind, AzureError::Kind::InvalidInput);
    EXPECT_TRUE(network.requests.isEmpty());
}

TEST_F(SignInFlows, TokenAnswerMissingPromisedFieldsStoresNothing)
{
    network.handler = FakeEntra::withDiscovery([&](const RecordedRequest &c) -> FakeResponse {
        if (c.url.path().endsWith(QLatin1String("/devicecode")))
            return {200,
                    R"({"device_code":"dc","user_code":"U","verification_uri":"https://login.test/d","interval":1})"};
        QJsonObject o = QJsonDocument::fromJson(entra(c).body).object();
        o.remove(QStringLiteral("refresh_token"));
        return {200, QJsonDocument(o).toJson()};
    });
    auto r = await<Account>(
        [&](Completion<Account> done) { manager->signInWithDeviceCode(options(), {}, manager.get(), done); });
    ASSERT_TRUE(r && !*r);
    EXPECT_EQ(r->error().kind, AzureError::Kind::BadResponse);
    EXPECT_TRUE(r->error().message.contains(QStringLiteral("refresh_token")));
    EXPECT_TRUE(secrets.items().isEmpty());
    EXPECT_TRUE(manager->accounts().isEmpty());
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
    auto r = await<Account>(
        [&](Completion<Account> done) { handle = manager->signInWithDeviceCode(options(), {}, manager.get(), done); });
    ASSERT_TRUE(r && !*r);
    EXPECT_EQ(r->error().kind, AzureError::Kind::Cancelled);
    EXPECT_EQ(states, (QList<SignInState>{SignInState::Discovering, SignInState::Cancelled}));
    EXPECT_TRUE(network.requests.isEmpty()) << "nothing is sent after a cancel";
}

TEST_F(SignInFlows, DeviceCodeExpiresLocallyWhenTheUserTakesTooLong)
{
    int polls = 0;
    network.handler = FakeEntra::withDiscovery([&](const RecordedRequest &c) -> FakeResponse {
        if (c.url.path().endsWith(QLatin1String("/devicecode")))
            return {200, R"({"device_code":"dc","user_code":"U","verification_uri":"https://login.test/d",
                             "interval":1,"expires_in":60})"};
        ++polls;
        return {400, FakeEntra::error(QStringLiteral("authorization_pending"), 70016)};
    });
    auto r = await<Account>([&](Completion<Account> done) {
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

// ---- what the server sends cannot make a tight loop, an overflow or a dangerous link ----

TEST(DeviceCodeBounds, IntervalStaysWithinOneToSixtySecondsWhateverTheServerSends)
{
    const QList<QPair<QJsonValue, int>> cases{{QJsonValue(), 5},                    // missing: RFC 8628's default
                                              {QJsonValue(QJsonValue::Null), 5},    // null
                                              {QJsonValue(7), 7},                   // as sent
                                              {QJsonValue(QStringLiteral("7")), 7}, // a numeric string
                                              {QJsonValue(0.2), 1},                 // fractional: at least 1 s
                                              {QJsonValue(0), 5},                   // zero: the default
                                              {QJsonValue(-30), 5},                 // negative: the default
                                              {QJsonValue(1e308), 60},              // huge: the cap, no overflow
                                              {QJsonValue(double(std::numeric_limits<qint64>::max())), 60},
                                              {QJsonValue(QStringLiteral("soon")), 5}, // text
                                              {QJsonValue(QStringLiteral("inf")), 5},  // not finite
                                              {QJsonValue(QJsonArray{5}), 5},          // another type
                                              {QJsonValue(true), 5}};
    for (const auto &[value, expected] : cases)
        EXPECT_EQ(DeviceCodeSignIn::intervalFrom(value), expected)
            << QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact).constData();
}

TEST(DeviceCodeBounds, SlowDownAddsFiveSecondsUpToTheCap)
{
    EXPECT_EQ(DeviceCodeSignIn::afterSlowDown(5), 10);
    EXPECT_EQ(DeviceCodeSignIn::afterSlowDown(58), 60);
    int interval = DeviceCodeSignIn::intervalFrom(QJsonValue(1e308));
    for (int i = 0; i < 1000; ++i)
        interval = DeviceCodeSignIn::afterSlowDown(interval);
    EXPECT_EQ(interval, 60) << "a server that keeps saying slow_down cannot overflow the interval";
}

TEST(DeviceCodeBounds, LifetimeIsBounded)
{
    EXPECT_EQ(DeviceCodeSignIn::expiresInFrom(QJsonValue()), 900);
    EXPECT_EQ(DeviceCodeSignIn::expiresInFrom(QJsonValue(600)), 600);
    EXPECT_EQ(DeviceCodeSignIn::expiresInFrom(QJsonValue(-1)), 900);
    EXPECT_EQ(DeviceCodeSignIn::expiresInFrom(QJsonValue(1e300)), 3600);
    EXPECT_EQ(DeviceCodeSignIn::expiresInFrom(QJsonValue(QStringLiteral("never"))), 900);
}

TEST(DeviceCodeBounds, OnlyHttpsOrLoopbackVerificationUrisAreLinks)
{
    EXPECT_TRUE(DeviceCodeSignIn::isSafeVerificationUri(QUrl(QStringLiteral("https://microsoft.com/devicelogin"))));
    EXPECT_TRUE(DeviceCodeSignIn::isSafeVerificationUri(QUrl(QStringLiteral("http://127.0.0.1:5000/devicelogin"))));
    EXPECT_TRUE(DeviceCodeSignIn::isSafeVerificationUri(QUrl(QStringLiteral("http://localhost:5000/devicelogin"))));
    for (const char *bad : {"http://evil.example/devicelogin", "javascript:alert(1)", "file:///etc/passwd",
                            "https://user:pass@evil.example/", "ms-settings:network", "", "not a url"})
        EXPECT_FALSE(DeviceCodeSignIn::isSafeVerificationUri(QUrl(QString::fromLatin1(bad)))) << bad;
}

TEST_F(SignInFlows, DeviceCodeWithAbsurdIntervalAndSlowDownsStillSignsIn)
{
    manager->setPollingTimeScale(0.001); // the 60 s cap becomes 60 ms
    int polls = 0;
    network.handler = FakeEntra::withDiscovery([&](const RecordedRequest &c) -> FakeResponse {
        if (c.url.path().endsWith(QLatin1String("/devicecode")))
            return {200, R"({"device_code":"dc","user_code":"U","verification_uri":"https://login.test/d",
                             "interval":1e308,"expires_in":"soon"})"};
        if (++polls <= 3)
            return {400, FakeEntra::error(QStringLiteral("slow_down"), 0)};
        return entra(c);
    });
    auto r = await<Account>([&](Completion<Account> done) {
        manager->signInWithDeviceCode(
            options(), [&](const DeviceCodePrompt &p) { prompts.append(p); }, manager.get(), done);
    });
    ASSERT_TRUE(r && *r) << (r ? r->error().message.toStdString() : "timeout");
    EXPECT_EQ(polls, 4);
    ASSERT_EQ(prompts.size(), 1);
    EXPECT_EQ(prompts.first().expiresInSeconds, 900) << "a lifetime that is not a number is Entra's default";
}

TEST_F(SignInFlows, DeviceCodeWithNegativeIntervalDoesNotPollInATightLoop)
{
    int polls = 0;
    network.handler = FakeEntra::withDiscovery([&](const RecordedRequest &c) -> FakeResponse {
        if (c.url.path().endsWith(QLatin1String("/devicecode")))
            return {200, R"({"device_code":"dc","user_code":"U","verification_uri":"https://login.test/d",
                             "interval":-1})"};
        ++polls;
        return {400, FakeEntra::error(QStringLiteral("authorization_pending"), 70016)};
    });
    CallHandle handle;
    auto r = await<Account>([&](Completion<Account> done) {
        handle = manager->signInWithDeviceCode(
            options(),
            [&](const DeviceCodePrompt &) { QTimer::singleShot(300, manager.get(), [&] { handle.cancel(); }); },
            manager.get(), done);
    });
    ASSERT_TRUE(r && !*r);
    EXPECT_EQ(r->error().kind, AzureError::Kind::Cancelled);
    // The default 5 s (50 ms at the test's scale): about 6 polls in 300 ms, never hundreds.
    EXPECT_GE(polls, 1);
    EXPECT_LE(polls, 12);
}

TEST_F(SignInFlows, DeviceCodeVerificationUriThatIsNotHttpsIsShownAsTextOnly)
{
    network.handler = FakeEntra::withDiscovery([&](const RecordedRequest &c) -> FakeResponse {
        if (c.url.path().endsWith(QLatin1String("/devicecode")))
            return {200, R"({"device_code":"dc","user_code":"U","verification_uri":"http://evil.example/device",
                             "interval":1,"message":"Open http://evil.example/device and enter U"})"};
        return entra(c);
    });
    auto r = await<Account>([&](Completion<Account> done) {
        manager->signInWithDeviceCode(
            options(), [&](const DeviceCodePrompt &p) { prompts.append(p); }, manager.get(), done);
    });
    ASSERT_TRUE(r && *r) << (r ? r->error().message.toStdString() : "timeout");
    ASSERT_EQ(prompts.size(), 1);
    EXPECT_TRUE(prompts.first().verificationUri.isEmpty()) << "no link to open";
    EXPECT_EQ(prompts.first().userCode, QStringLiteral("U"));
    EXPECT_TRUE(prompts.first().message.contains(QStringLiteral("enter U")));
}

TEST_F(SignInFlows, DeviceCodeEndpointThatNeverAnswersTimesOut)
{
    network.handler = FakeEntra::withDiscovery([](const RecordedRequest &) { return FakeResponse{200, {}, {}, true}; });
    AuthEnvironment env;
    env.network = &network;
    env.secrets = &secrets;
    env.clock = &clock;
    env.requestTimeout = std::chrono::milliseconds(200);
    auto r = await<Account>([&](Completion<Account> done) {
        auto *session = new DeviceCodeSignIn(
            &env, options(), {}, [](const SignInResult &, Completion<Account>) {}, std::move(done), manager.get());
        session->start();
    });
    ASSERT_TRUE(r && !*r);
    EXPECT_EQ(r->error().kind, AzureError::Kind::Timeout);
    EXPECT_TRUE(r->error().message.contains(QStringLiteral("devicecode"))) << r->error().message.toStdString();
}
