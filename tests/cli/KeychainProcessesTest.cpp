// Several palctl processes at once against a real Secret Service (label keychain; run through
// tests/keychain/run-keychain-tests.sh): sign-out in one process while another works, two
// processes refreshing at once, and a process killed while it writes the token cache.

#include "PalctlRunner.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QThread>

using namespace palctltest;

namespace {

// What any Secret Service client finds of PAL Desk: `secret-tool search` lists every item.
QString secretToolSearch()
{
    QProcess p;
    p.start(QStringLiteral("secret-tool"),
            {QStringLiteral("search"), QStringLiteral("--all"), QStringLiteral("server"), QStringLiteral("PAL Desk")});
    p.waitForFinished(10'000);
    return QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
}

// The keys (`user` attributes) of PAL Desk's items, as any Secret Service client lists them.
QStringList keychainKeys()
{
    QStringList keys;
    for (const QString &line : secretToolSearch().split(QLatin1Char('\n')))
        if (line.startsWith(QLatin1String("attribute.user = ")))
            keys << line.mid(int(qstrlen("attribute.user = "))).trimmed();
    return keys;
}

QByteArray secretToolLookup(const QString &key)
{
    QProcess p;
    p.start(QStringLiteral("secret-tool"), {QStringLiteral("lookup"), QStringLiteral("server"),
                                            QStringLiteral("PAL Desk"), QStringLiteral("user"), key});
    p.waitForFinished(10'000);
    return p.readAllStandardOutput();
}

// The directories (realms) the cached access tokens are for.
QStringList cachedRealms(const QByteArray &cacheJson)
{
    QStringList realms;
    const QJsonObject ats = QJsonDocument::fromJson(cacheJson).object().value(QLatin1String("AccessToken")).toObject();
    for (const QJsonValue &at : ats)
        realms << at.toObject().value(QLatin1String("realm")).toString();
    return realms;
}

palsandbox::Fault latency(int ms)
{
    palsandbox::Fault f;
    f.kind = palsandbox::Fault::Kind::Latency;
    f.pathPrefix = QStringLiteral("/");
    f.latencyMs = ms;
    return f;
}

} // namespace

class PalctlProcesses : public PalctlTest
{
protected:
    void SetUp() override
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
            GTEST_SKIP() << "needs a D-Bus session with an unlocked Secret Service";
        PalctlTest::SetUp();
        // The keyring is shared by every keychain test of the run and they sign in the same sandbox
        // user: start from no PAL Desk item, so what these tests find is their own processes' doing.
        QProcess clear;
        clear.start(QStringLiteral("secret-tool"),
                    {QStringLiteral("clear"), QStringLiteral("server"), QStringLiteral("PAL Desk")});
        clear.waitForFinished(10'000);
        const Outcome login = deviceCodeLogin(AdminUser, keychain());
        ASSERT_EQ(login.exitCode, 0) << login;
        const Outcome list =
            run({QStringLiteral("account"), QStringLiteral("list"), QStringLiteral("-o"), QStringLiteral("json")});
        accountId = list.json().toArray().first().toObject().value(QLatin1String("id")).toString();
        ASSERT_FALSE(accountId.isEmpty()) << list;
        sandbox->clearRequests();
    }
    void TearDown() override
    {
        if (sandbox)
            run({QStringLiteral("logout"), QStringLiteral("--all")});
        PalctlTest::TearDown();
    }
    static QProcessEnvironment keychain()
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS"));
        env.insert(QStringLiteral("PALDESK_SECRET_STORE"), QString());
        return env;
    }
    Outcome run(const QStringList &arguments) { return palctl(arguments, {}, keychain()); }
    std::unique_ptr<QProcess> start(const QStringList &arguments) { return startPalctl(arguments, keychain()); }
    // The test's configuration folder is not the default one: its keys have the folder's prefix
    // (FolderSecretStore), found here as any Secret Service client would find them.
    QString cacheKey() const
    {
        for (const QString &key : keychainKeys())
            if (key.endsWith(accountId + QStringLiteral("/tokencache")))
                return key;
        return accountId + QStringLiteral("/tokencache");
    }
    int cacheItems() const
    {
        int n = 0;
        for (const QString &key : keychainKeys())
            n += key.endsWith(accountId + QStringLiteral("/tokencache")) ? 1 : 0;
        return n;
    }
    // palctl with a second configuration folder on the same keychain, set up for the sandbox.
    QProcessEnvironment otherFolder()
    {
        QProcessEnvironment env = keychain();
        env.insert(QStringLiteral("PALDESK_CONFIG_DIR"), path(QStringLiteral("other")));
        const Outcome registered = palctl({QStringLiteral("cloud"), QStringLiteral("register"),
                                           QStringLiteral("--file"), path(QStringLiteral("sandbox-cloud.json"))},
                                          {}, env);
        EXPECT_EQ(registered.exitCode, 0) << registered;
        const Outcome set =
            palctl({QStringLiteral("cloud"), QStringLiteral("set"), QStringLiteral("Sandbox")}, {}, env);
        EXPECT_EQ(set.exitCode, 0) << set;
        return env;
    }
    int tokenEndpointRequests() const
    {
        int n = 0;
        for (const palsandbox::RecordedRequest &r : sandbox->requests())
            n += r.path.endsWith(QLatin1String("/oauth2/v2.0/token")) ? 1 : 0;
        return n;
    }
    QString lockFile() const { return QDir(path(QStringLiteral("config"))).filePath(QStringLiteral("paldesk.lock")); }

    QString accountId;
};

TEST_F(PalctlProcesses, LogoutWhileVerifyAllRunsLeavesNothingOfTheAccount)
{
    sandbox->addFault(latency(300));
    auto verify = start({QStringLiteral("directory"), QStringLiteral("verify-all")});
    // Once verify-all is listing the directories, sign out in another process.
    QElapsedTimer waited;
    waited.start();
    while (sandbox->requestCount(QStringLiteral("/tenants")) == 0 && waited.elapsed() < 20'000)
        QThread::msleep(10);
    const Outcome logout = run({QStringLiteral("logout"), QStringLiteral("--all")});
    ASSERT_EQ(logout.exitCode, 0) << logout;
    const Outcome verified = finish(*verify);

    EXPECT_EQ(verified.exitCode, 3) << "its work ends with \"signed out\"\n" << verified;
    EXPECT_TRUE(verified.errText().contains(QStringLiteral("signed out")) ||
                verified.outText().contains(QStringLiteral("signed out")))
        << verified;
    const QString items = secretToolSearch();
    EXPECT_FALSE(items.contains(accountId)) << "an item of the signed-out account is back:\n" << items.toStdString();
    QFile accounts(QDir(path(QStringLiteral("config"))).filePath(QStringLiteral("accounts.json")));
    ASSERT_TRUE(accounts.open(QIODevice::ReadOnly));
    EXPECT_FALSE(accounts.readAll().contains(accountId.toUtf8()));
    const Outcome after = run({QStringLiteral("partner"), QStringLiteral("show")});
    EXPECT_EQ(after.exitCode, 3) << after;
}

TEST_F(PalctlProcesses, ProcessesRefreshingAtOnceAllEndWithEveryToken)
{
    sandbox->addFault(latency(200));
    const QStringList directories{FabrikamTenant, AdventureWorksTenant, QStringLiteral("northwindtraders.example")};
    std::vector<std::unique_ptr<QProcess>> running;
    for (const QString &d : directories)
        running.push_back(start({QStringLiteral("partner"), QStringLiteral("show"), QStringLiteral("--directory"), d}));
    for (auto &p : running) {
        const Outcome shown = finish(*p);
        EXPECT_TRUE(shown.exitCode == 0 || shown.exitCode == 4) << shown; // linked or not: a token was got
    }
    const QByteArray cache = secretToolLookup(cacheKey());
    const QStringList realms = cachedRealms(cache);
    EXPECT_TRUE(realms.contains(FabrikamTenant)) << realms.join(QLatin1Char(' ')).toStdString();
    EXPECT_TRUE(realms.contains(AdventureWorksTenant)) << realms.join(QLatin1Char(' ')).toStdString();
    EXPECT_TRUE(realms.contains(QStringLiteral("3a9d2c44-7e1f-4b08-a6c3-5d2e8f7b9c02"))) // Northwind Traders
        << realms.join(QLatin1Char(' ')).toStdString();

    // Nothing was lost: later processes get every one of those tokens without asking Entra.
    const int tokenRequests = tokenEndpointRequests();
    EXPECT_GE(tokenRequests, 3);
    for (const QString &d : directories) {
        const Outcome again =
            run({QStringLiteral("partner"), QStringLiteral("show"), QStringLiteral("--directory"), d});
        EXPECT_TRUE(again.exitCode == 0 || again.exitCode == 4) << again;
    }
    EXPECT_EQ(tokenEndpointRequests(), tokenRequests);
}

// Short-lived access tokens, so every run refreshes and writes the cache.
class PalctlKilled : public PalctlProcesses
{
protected:
    QByteArray scenario() const override
    {
        QJsonObject root = QJsonDocument::fromJson(palsandbox::SandboxServer::defaultScenario()).object();
        root.insert(QStringLiteral("tokenLifetimeSeconds"), 120); // under the 5 minutes a cached token must have left
        return QJsonDocument(root).toJson();
    }
};

TEST_F(PalctlKilled, KilledWhileWritingTheCacheTheNextRunWorksOrAsksForASignIn)
{
    int killedHoldingTheLock = 0;
    for (int attempt = 0; attempt < 30 && killedHoldingTheLock < 3; ++attempt) {
        auto verify = start({QStringLiteral("directory"), QStringLiteral("verify-all")});
        // kill -9 as soon as it holds the configuration lock: it is writing the token cache.
        QElapsedTimer waited;
        waited.start();
        while (!QFile::exists(lockFile()) && verify->state() == QProcess::Running && waited.elapsed() < 20'000)
            QThread::usleep(100);
        verify->kill();
        verify->waitForFinished(5'000);
        if (QFile::exists(lockFile()))
            ++killedHoldingTheLock; // a stale lock left behind, and maybe half a write

        const Outcome next = run({QStringLiteral("directory"), QStringLiteral("list")});
        EXPECT_NE(next.exitCode, 1) << "attempt " << attempt << "\n" << next;
        EXPECT_TRUE(next.exitCode == 0 || next.exitCode == 3) << "attempt " << attempt << "\n" << next;
        if (next.exitCode == 3) { // "sign in again" is a fine answer; then sign in again
            const Outcome login = deviceCodeLogin(AdminUser, keychain());
            ASSERT_EQ(login.exitCode, 0) << login;
        }
    }
    EXPECT_GE(killedHoldingTheLock, 1) << "no run was killed while it held the lock";
}

// Two configuration folders (PALDESK_CONFIG_DIR) on one keychain: each has its own item, signing
// out in one leaves the other's sign-in, and a run in the other does not write the first's back.
TEST_F(PalctlProcesses, ConfigurationFoldersKeepTheirOwnSignIns)
{
    const QProcessEnvironment other = otherFolder();
    const int before = cacheItems(); // this folder's, and any other test's left behind
    const Outcome login = deviceCodeLogin(AdminUser, other);
    ASSERT_EQ(login.exitCode, 0) << login;
    EXPECT_EQ(cacheItems(), before + 1) << "one item per folder:\n"
                                        << keychainKeys().join(QLatin1Char('\n')).toStdString();

    const Outcome logout = run({QStringLiteral("logout"), QStringLiteral("--all")});
    ASSERT_EQ(logout.exitCode, 0) << logout;
    const Outcome shown = palctl(
        {QStringLiteral("partner"), QStringLiteral("show"), QStringLiteral("--directory"), FabrikamTenant}, {}, other);
    EXPECT_TRUE(shown.exitCode == 0 || shown.exitCode == 4) << "the other folder's sign-in was lost\n" << shown;
    EXPECT_EQ(cacheItems(), before) << keychainKeys().join(QLatin1Char('\n')).toStdString();
    const Outcome signedOut = run({QStringLiteral("partner"), QStringLiteral("show")});
    EXPECT_EQ(signedOut.exitCode, 3) << signedOut;
    const Outcome otherOut = palctl({QStringLiteral("logout"), QStringLiteral("--all")}, {}, other);
    EXPECT_EQ(otherOut.exitCode, 0) << otherOut;
    EXPECT_EQ(cacheItems(), before - 1) << keychainKeys().join(QLatin1Char('\n')).toStdString();
}

// kill -9 of `palctl login` after its keychain write and before accounts.json lists the account
// (held there by a test hook): `logout --all` removes the refresh token no account lists.
TEST_F(PalctlProcesses, ALoginKilledBeforeItsAccountIsListedLeavesNothingBehind)
{
    QProcessEnvironment other = otherFolder();
    other.insert(QStringLiteral("PALDESK_TEST_PAUSE_BEFORE_ACCOUNTS_MS"), QStringLiteral("30000"));
    const int before = cacheItems(); // this test's other folder's, and any other test's left behind
    auto login = startPalctl({QStringLiteral("login"), QStringLiteral("--device-code")}, other);
    QByteArray stderrText;
    QString userCode;
    const QRegularExpression codePattern(QStringLiteral("code ([A-Z0-9-]{4,})"));
    for (int i = 0; i < 100 && userCode.isEmpty() && login->state() != QProcess::NotRunning; ++i) {
        login->waitForReadyRead(200);
        stderrText += login->readAllStandardError();
        const auto match = codePattern.match(QString::fromUtf8(stderrText));
        if (match.hasMatch())
            userCode = match.captured(1);
    }
    ASSERT_FALSE(userCode.isEmpty()) << stderrText.constData();
    ASSERT_TRUE(sandbox->approveDeviceCode(userCode, AdminUser));
    // Its token cache is in the keychain: kill -9 there.
    QElapsedTimer waited;
    waited.start();
    while (cacheItems() <= before && login->state() == QProcess::Running && waited.elapsed() < 20'000)
        QThread::msleep(20);
    ASSERT_EQ(login->state(), QProcess::Running) << "the login ended before it could be killed\n"
                                                 << stderrText.constData() << login->readAll().constData();
    login->kill();
    login->waitForFinished(5'000);
    ASSERT_EQ(cacheItems(), before + 1) << "the cut-short sign-in's item";
    QFile accounts(QDir(path(QStringLiteral("other"))).filePath(QStringLiteral("accounts.json")));
    ASSERT_TRUE(accounts.open(QIODevice::ReadOnly));
    const QByteArray listed = accounts.readAll();
    accounts.close();
    ASSERT_FALSE(QJsonDocument::fromJson(listed).object().value(QLatin1String("accounts")).toArray().size() > 0)
        << "killed before accounts.json lists the account\n"
        << listed.constData();

    other.remove(QStringLiteral("PALDESK_TEST_PAUSE_BEFORE_ACCOUNTS_MS"));
    const Outcome logout = palctl({QStringLiteral("logout"), QStringLiteral("--all")}, {}, other);
    EXPECT_EQ(logout.exitCode, 0) << logout;
    EXPECT_TRUE(logout.errText().contains(QStringLiteral("unfinished sign-in"))) << logout;
    EXPECT_EQ(cacheItems(), before) << "the orphan is still there:\n"
                                    << keychainKeys().join(QLatin1Char('\n')).toStdString();
    // No record is left (nor the file the record made).
    EXPECT_FALSE(accounts.open(QIODevice::ReadOnly) && accounts.readAll().contains("pendingSignIns"));
}
