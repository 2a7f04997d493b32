// Against a real Secret Service (gnome-keyring in a private D-Bus session): items written by
// one process are read back by a second one, large caches are chunked, sign-out leaves nothing,
// and an unreachable keychain is detected and reported, never replaced by a file.
#include "AccountManager.h"
#include "AccountTokenProvider.h"
#include "ChunkedSecret.h"
#include "FakeNetwork.h"
#include "KeychainSecretStore.h"
#include "Wait.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QProcess>
#include <QTemporaryDir>
#include <gtest/gtest.h>

using namespace pal;
using namespace paltest;

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

QByteArray readInNewProcess(const QString &key, bool chunked = false)
{
    const HelperResult r = runHelper({chunked ? QStringLiteral("chunked-read") : QStringLiteral("read"), key});
    EXPECT_EQ(r.exitCode, 0) << r.err.constData();
    return QByteArray::fromBase64(r.out);
}

class Keychain : public ::testing::Test
{
protected:
    void SetUp() override
    {
        auto probed = waitFor<Done>([&](Completion<Done> done) { store.probe(&context, done); });
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
        waitFor<Done>([&](Completion<Done> done) { store.write(QStringLiteral("test/item"), secret, &context, done); });
    ASSERT_TRUE(w && *w) << w->error().message.toStdString();
    EXPECT_EQ(readInNewProcess(QStringLiteral("test/item")), secret);

    auto removed =
        waitFor<Done>([&](Completion<Done> done) { store.remove(QStringLiteral("test/item"), &context, done); });
    ASSERT_TRUE(removed && *removed);
    EXPECT_TRUE(readInNewProcess(QStringLiteral("test/item")).isEmpty());
    // Removing what is not there is success.
    removed = waitFor<Done>([&](Completion<Done> done) { store.remove(QStringLiteral("test/item"), &context, done); });
    EXPECT_TRUE(removed && *removed);
}

TEST_F(Keychain, OversizedItemIsRefusedAndChunkedValuesRoundTrip)
{
    auto w = waitFor<Done>([&](Completion<Done> done) {
        store.write(QStringLiteral("test/huge"), QByteArray(SecretStore::MaxItemBytes + 1, 'x'), &context, done);
    });
    ASSERT_TRUE(w && !*w);
    EXPECT_EQ(w->error().kind, AzureError::Kind::Keychain);

    QByteArray cache;
    for (int i = 0; i < 60'000; ++i)
        cache.append(char('A' + i % 23));
    w = waitFor<Done>([&](Completion<Done> done) {
        ChunkedSecret::write(&store, QStringLiteral("test/cache"), cache, &context, done);
    });
    ASSERT_TRUE(w && *w);
    EXPECT_EQ(readInNewProcess(QStringLiteral("test/cache"), true), cache);
    w = waitFor<Done>(
        [&](Completion<Done> done) { ChunkedSecret::remove(&store, QStringLiteral("test/cache"), &context, done); });
    ASSERT_TRUE(w && *w);
    EXPECT_TRUE(readInNewProcess(QStringLiteral("test/cache.0")).isEmpty());
    EXPECT_TRUE(readInNewProcess(QStringLiteral("test/cache")).isEmpty());
}

TEST_F(Keychain, SignInSurvivesARestartAndSignOutRemovesEverything)
{
    QTemporaryDir dir;
    FakeNetwork network;
    const QString home = QStringLiteral("11111111-1111-1111-1111-111111111111");
    const QString oid = QStringLiteral("aaaaaaaa-0000-0000-0000-000000000001");
    network.handler = FakeEntra::withDiscovery([&](const RecordedCall &c) -> FakeResponse {
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
        waitFor<Account>([&](Completion<Account> done) { manager.signInWithDeviceCode(options, {}, &manager, done); });
    ASSERT_TRUE(account && *account) << account->error().message.toStdString();
    EXPECT_TRUE(manager.secretsPersist());
    const QString id = account->value().id;

    // A new process restores the account from accounts.json and its tokens from the keychain.
    HelperResult token = runHelper({QStringLiteral("token"), dir.path(), id});
    ASSERT_EQ(token.exitCode, 0) << token.err.constData();
    EXPECT_EQ(token.out, QStringLiteral("ok %1 %2").arg(home, oid).toUtf8());
    EXPECT_TRUE(readInNewProcess(AccountTokenProvider::cacheKey(id), true).contains("the-refresh-token"));

    // No file in the config dir holds a token.
    QDirIterator files(dir.path(), QDir::Files, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        QFile f(files.next());
        ASSERT_TRUE(f.open(QIODevice::ReadOnly));
        EXPECT_FALSE(f.readAll().contains("the-refresh-token")) << f.fileName().toStdString();
    }

    auto out = waitFor<Done>([&](Completion<Done> done) { manager.signOut(id, &manager, done); });
    ASSERT_TRUE(out && *out) << out->error().message.toStdString();
    EXPECT_TRUE(readInNewProcess(AccountTokenProvider::cacheKey(id), true).isEmpty());
    EXPECT_TRUE(readInNewProcess(AccountTokenProvider::cacheKey(id) + QStringLiteral(".0")).isEmpty());
    token = runHelper({QStringLiteral("token"), dir.path(), id});
    EXPECT_NE(token.exitCode, 0) << "signed out: a new process must not find the account";
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
