// Against a real Secret Service (gnome-keyring in a private D-Bus session): items written by
// one process are read back by a second one, text is stored as text, a cache split for a store
// with an item limit is crash-safe, sign-out leaves nothing, and an unreachable keychain is
// detected and reported, never replaced by a file.
#include "AccountManager.h"
#include "AccountTokenProvider.h"
#include "CacheSecret.h"
#include "FakeEntra.h"
#include "KeychainSecretStore.h"
#include "Wait.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QProcess>
#include <QTemporaryDir>
#include <gtest/gtest.h>

using namespace pal;
using namespace pal::test;

namespace {

struct HelperResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

HelperResult runHelper(const QStringList &args,
                       const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QCoreApplication::applicationFilePath(), QStringList{QStringLiteral("--keychain-helper")} + args);
    p.waitForFinished(30'000);
    return {p.exitCode(), p.readAllStandardOutput().trimmed(), p.readAllStandardError()};
}

QByteArray readInNewProcess(const QString &key, int cacheLimit = -1)
{
    const HelperResult r =
        runHelper(cacheLimit < 0 ? QStringList{QStringLiteral("read"), key}
                                 : QStringList{QStringLiteral("cache-read"), key, QString::number(cacheLimit)});
    EXPECT_EQ(r.exitCode, 0) << r.err.constData();
    return QByteArray::fromBase64(r.out);
}

// What any Secret Service client sees: `secret-tool lookup` prints the stored secret as it is.
QByteArray secretToolLookup(const QString &key)
{
    QProcess p;
    p.start(QStringLiteral("secret-tool"), {QStringLiteral("lookup"), QStringLiteral("server"),
                                            QStringLiteral("PAL Desk"), QStringLiteral("user"), key});
    p.waitForFinished(10'000);
    return p.readAllStandardOutput();
}

class Keychain : public ::testing::Test
{
protected:
    void SetUp() override
    {
        auto probed = await<Done>([&](Completion<Done> done) { store.probe(&context, done); });
        ASSERT_TRUE(probed && *probed) << "no Secret Service: run tests/keychain/run-keychain-tests.sh ("
                                       << (probed ? probed->error().message.toStdString() : "timeout") << ")";
    }
    KeychainSecretStore store;
    QObject context;
};

} // namespace

TEST_F(Keychain, WrittenItemIsReadByANewProcessAndRemoved)
{
    const QByteArray secret("refresh-token-\x01\xff with bytes", 28);
    auto w =
        await<Done>([&](Completion<Done> done) { store.write(QStringLiteral("test/item"), secret, &context, done); });
    ASSERT_TRUE(w && *w) << w->error().message.toStdString();
    EXPECT_EQ(readInNewProcess(QStringLiteral("test/item")), secret);

    auto removed =
        await<Done>([&](Completion<Done> done) { store.remove(QStringLiteral("test/item"), &context, done); });
    ASSERT_TRUE(removed && *removed);
    EXPECT_TRUE(readInNewProcess(QStringLiteral("test/item")).isEmpty());
    // Removing what is not there is success.
    removed = await<Done>([&](Completion<Done> done) { store.remove(QStringLiteral("test/item"), &context, done); });
    EXPECT_TRUE(removed && *removed);
}

TEST_F(Keychain, TextIsStoredAsTextAndReadAsIsByOtherClients)
{
    const QByteArray json = R"({"AccessToken": {}, "note": "caf\u00e9 Ã©"})";
    auto w =
        await<Done>([&](Completion<Done> done) { store.write(QStringLiteral("test/text"), json, &context, done); });
    ASSERT_TRUE(w && *w);
    EXPECT_EQ(secretToolLookup(QStringLiteral("test/text")), json); // not base64
    EXPECT_EQ(readInNewProcess(QStringLiteral("test/text")), json);
    await<Done>([&](Completion<Done> done) { store.remove(QStringLiteral("test/text"), &context, done); });
}

TEST_F(Keychain, SplitCacheForAStoreWithAnItemLimitRoundTripsAndIsRemovedWhole)
{
    // Windows' Credential Manager keeps 2,560 bytes a credential: the same store with that limit.
    KeychainSecretStore limited(QStringLiteral("PAL Desk"), 2'560);
    auto w = await<Done>([&](Completion<Done> done) {
        limited.write(QStringLiteral("test/huge"), QByteArray(2'561, 'x'), &context, done);
    });
    ASSERT_TRUE(w && !*w);
    EXPECT_EQ(w->error().kind, AzureError::Kind::Keychain);

    QByteArray cache = "{\"AccessToken\": {\"k\": \"";
    for (int i = 0; i < 9'000; ++i)
        cache.append(char('A' + i % 23));
    cache.append("\"}}");
    for (int round = 0; round < 2; ++round) { // twice: the second write replaces the first generation
        w = await<Done>([&](Completion<Done> done) {
            CacheSecret::write(&limited, QStringLiteral("test/cache"), cache, &context, done);
        });
        ASSERT_TRUE(w && *w) << w->error().message.toStdString();
        EXPECT_EQ(readInNewProcess(QStringLiteral("test/cache"), 2'560), cache);
    }
    EXPECT_TRUE(readInNewProcess(CacheSecret::pieceKey(QStringLiteral("test/cache"), 1, 0)).isEmpty())
        << "the old generation is deleted";
    EXPECT_FALSE(readInNewProcess(CacheSecret::pieceKey(QStringLiteral("test/cache"), 2, 3)).isEmpty());
    w = await<Done>(
        [&](Completion<Done> done) { CacheSecret::remove(&limited, QStringLiteral("test/cache"), &context, done); });
    ASSERT_TRUE(w && *w);
    for (int i = 0; i < 5; ++i)
        EXPECT_TRUE(readInNewProcess(CacheSecret::pieceKey(QStringLiteral("test/cache"), 2, i)).isEmpty());
    EXPECT_TRUE(readInNewProcess(QStringLiteral("test/cache")).isEmpty());
}

TEST_F(Keychain, SignInSurvivesARestartAndSignOutRemovesEverything)
{
    QTemporaryDir dir;
    FakeNetwork network;
    const QString home = QStringLiteral("11111111-1111-1111-1111-111111111111");
    const QString oid = QStringLiteral("aaaaaaaa-0000-0000-0000-000000000001");
    network.handler = FakeEntra::withDiscovery([&](const RecordedRequest &c) -> FakeResponse {
        if (c.url.path().endsWith(QLatin1String("/devicecode")))
            return {200,
                    R"({"device_code":"dc","user_code":"U","verification_uri":"https://login.test/d","interval":1})"};
        return {200, FakeEntra::userTokens(oid, home, QStringLiteral("admin@partner.test"),
                                           QStringLiteral("the-refresh-token"))};
    });
    AccountManager manager(&network, &store, dir.path(), nullptr);
    manager.setPollingTimeScale(0.01);
    SignInOptions options;
    options.cloud =
        CloudEnvironment::create(QStringLiteral("Test"), FakeEntra::loginBase(), QStringLiteral("https://arm.test"))
            .value();
    auto account =
        await<Account>([&](Completion<Account> done) { manager.signInWithDeviceCode(options, {}, &manager, done); });
    ASSERT_TRUE(account && *account) << account->error().message.toStdString();
    EXPECT_TRUE(manager.secretsPersist());
    const QString id = account->value().id;

    // A new process restores the account from accounts.json and its tokens from the keychain.
    HelperResult token = runHelper({QStringLiteral("token"), dir.path(), id});
    ASSERT_EQ(token.exitCode, 0) << token.err.constData();
    EXPECT_EQ(token.out, QStringLiteral("ok %1 %2").arg(home, oid).toUtf8());
    // One item, MSAL's JSON as text: any Secret Service client reads the refresh token in it.
    EXPECT_TRUE(secretToolLookup(AccountTokenProvider::cacheKey(id)).contains("\"the-refresh-token\""));

    // No file in the config dir holds a token.
    QDirIterator files(dir.path(), QDir::Files, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        QFile f(files.next());
        ASSERT_TRUE(f.open(QIODevice::ReadOnly));
        EXPECT_FALSE(f.readAll().contains("the-refresh-token")) << f.fileName().toStdString();
    }

    auto out = await<Done>([&](Completion<Done> done) { manager.signOut(id, &manager, done); });
    ASSERT_TRUE(out && *out) << out->error().message.toStdString();
    EXPECT_TRUE(readInNewProcess(AccountTokenProvider::cacheKey(id)).isEmpty());
    token = runHelper({QStringLiteral("token"), dir.path(), id});
    EXPECT_NE(token.exitCode, 0) << "signed out: a new process must not find the account";
}

// paldesk (or a long verify-all) holds the account; `palctl login --tenant <MFA directory>` signs it
// in again; paldesk's next refresh redeems its older refresh token. The keychain must keep the
// sign-in's refresh token. Two AccountManagers stand in for the two processes, on one keychain.
TEST_F(Keychain, AnOlderProcesssRefreshDoesNotOverwriteANewerSignIn)
{
    QTemporaryDir dir;
    FakeNetwork network;
    const QString home = QStringLiteral("11111111-1111-1111-1111-111111111111");
    const QString oid = QStringLiteral("aaaaaaaa-0000-0000-0000-000000000001");
    int issued = 0;
    network.handler = FakeEntra::withDiscovery([&](const RecordedRequest &c) -> FakeResponse {
        if (c.url.path().endsWith(QLatin1String("/devicecode")))
            return {200,
                    R"({"device_code":"dc","user_code":"U","verification_uri":"https://login.test/d","interval":1})"};
        return {200, FakeEntra::userTokens(oid, home, QStringLiteral("admin@partner.test"),
                                           QStringLiteral("mfa-race-rt-%1").arg(++issued))};
    });
    SignInOptions options;
    options.cloud =
        CloudEnvironment::create(QStringLiteral("Test"), FakeEntra::loginBase(), QStringLiteral("https://arm.test"))
            .value();
    auto signIn = [&](AccountManager &m) {
        m.setPollingTimeScale(0.01);
        return await<Account>([&](Completion<Account> done) { m.signInWithDeviceCode(options, {}, &m, done); });
    };
    auto tokenFor = [&](AccountManager &m, const QString &id, const QString &tenant) {
        auto t = await<AccessToken>(
            [&](Completion<AccessToken> done) { m.tokenProvider(id)->requestToken(TokenRequest{tenant}, &m, done); });
        EXPECT_TRUE(t && *t) << tenant.toStdString();
        auto flushed = await<Done>([&](Completion<Done> done) { m.flush(&m, done); });
        EXPECT_TRUE(flushed && *flushed);
    };
    AccountManager paldesk(&network, &store, dir.path(), nullptr);
    auto account = signIn(paldesk);
    ASSERT_TRUE(account && *account) << account->error().message.toStdString();
    const QString id = account->value().id;
    tokenFor(paldesk, id, QStringLiteral("22222222-0000-0000-0000-000000000001"));

    AccountManager palctl(&network, &store, dir.path(), nullptr);
    ASSERT_TRUE(palctl.restore());
    auto again = signIn(palctl);
    ASSERT_TRUE(again && *again) << again->error().message.toStdString();
    const QByteArray signedIn = QByteArray("\"mfa-race-rt-") + QByteArray::number(issued) + '"';
    ASSERT_TRUE(secretToolLookup(AccountTokenProvider::cacheKey(id)).contains(signedIn));

    tokenFor(paldesk, id, QStringLiteral("22222222-0000-0000-0000-000000000002")); // its older refresh token
    const QByteArray stored = secretToolLookup(AccountTokenProvider::cacheKey(id));
    EXPECT_TRUE(stored.contains(signedIn)) << "the sign-in's refresh token was overwritten:\n" << stored.constData();
    const QByteArray child = QByteArray("\"mfa-race-rt-") + QByteArray::number(issued) + '"';
    EXPECT_FALSE(stored.contains(child)) << "paldesk's child of its older refresh token won";
    auto out = await<Done>([&](Completion<Done> done) { palctl.signOut(id, &palctl, done); });
    ASSERT_TRUE(out && *out);
}

// Two processes probing the keychain at once: each probe uses an item of its own.
TEST_F(Keychain, ProcessesProbingAtOnceAllFindTheKeychain)
{
    constexpr int processes = 6;
    constexpr int probes = 15;
    std::vector<std::unique_ptr<QProcess>> running;
    for (int i = 0; i < processes; ++i) {
        running.push_back(std::make_unique<QProcess>());
        running.back()->start(QCoreApplication::applicationFilePath(),
                              {QStringLiteral("--keychain-helper"), QStringLiteral("probes"), QString::number(probes)});
    }
    for (auto &p : running) {
        ASSERT_TRUE(p->waitForFinished(60'000));
        EXPECT_EQ(p->readAllStandardOutput().trimmed(), QByteArray::number(probes))
            << p->readAllStandardError().constData();
    }
    EXPECT_TRUE(readInNewProcess(QStringLiteral("probe")).isEmpty());
}

TEST_F(Keychain, ProbeReportsReachableKeychain)
{
    const HelperResult r = runHelper({QStringLiteral("probe"), QDir::tempPath()});
    EXPECT_EQ(r.exitCode, 0) << r.err.constData();
    EXPECT_EQ(r.out, QByteArray("persist=1"));
}

TEST(KeychainUnreachable, FallsBackToMemoryAndSaysSo)
{
    QTemporaryDir home;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=/nonexistent/bus"));
    env.insert(QStringLiteral("HOME"), home.path());
    env.remove(QStringLiteral("DISPLAY"));
    const HelperResult r = runHelper({QStringLiteral("probe"), home.path()}, env);
    EXPECT_EQ(r.exitCode, 0) << r.err.constData();
    EXPECT_EQ(r.out, QByteArray("persist=0 keychain"));
    // And no plaintext fallback file appeared anywhere under HOME.
    QDirIterator files(home.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    EXPECT_FALSE(files.hasNext()) << (files.hasNext() ? files.next().toStdString() : std::string());
}
