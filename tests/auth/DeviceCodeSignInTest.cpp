// Device code sign-in (RFC 8628) through AccountManager against the fake network.
#include "SignInFixture.h"

using namespace signintest;

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
