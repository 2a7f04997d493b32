// Ctrl-C during `partner delete` while another process holds the configuration lock, against a
// real Secret Service (label keychain; run through tests/keychain/run-keychain-tests.sh). Issue 17:
// the tokens' save waits for that lock, and palctl used to flush them before stopping the command:
// meanwhile the link's read was answered and the DELETE still sent; then it said the tokens were
// saved when the save had failed. Now Ctrl-C stops the command first and says "saved" only when
// they were.

#include "PalctlRunner.h"

#include <QDir>
#include <QElapsedTimer>
#include <QLockFile>
#include <QThread>

#include <signal.h>

using namespace palctltest;

class PalctlKeychainInterrupt : public PalctlTest
{
protected:
    // Short-lived access tokens: every run refreshes, so it has new tokens to save.
    QByteArray scenario() const override
    {
        QJsonObject root = QJsonDocument::fromJson(palsandbox::SandboxServer::defaultScenario()).object();
        root.insert(QStringLiteral("tokenLifetimeSeconds"), 120); // under the 5 minutes a cached token must have left
        return QJsonDocument(root).toJson();
    }
    void SetUp() override
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
            GTEST_SKIP() << "needs a D-Bus session with an unlocked Secret Service";
        PalctlTest::SetUp();
        const Outcome login = deviceCodeLogin(AdminUser, keychain());
        ASSERT_EQ(login.exitCode, 0) << login;
    }
    void TearDown() override
    {
        if (sandbox && !IsSkipped())
            palctl({QStringLiteral("logout"), QStringLiteral("--all")}, {}, keychain());
        PalctlTest::TearDown();
    }
    static QProcessEnvironment keychain()
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS"));
        env.insert(QStringLiteral("PALDESK_SECRET_STORE"), QString());
        return env;
    }
    int count(const QString &method, const QString &prefix) const
    {
        int n = 0;
        for (const palsandbox::RecordedRequest &r : sandbox->requests())
            n += r.method == method && r.path.startsWith(prefix) ? 1 : 0;
        return n;
    }
    QString lockFile() const { return QDir(path(QStringLiteral("config"))).filePath(QStringLiteral("paldesk.lock")); }
};

TEST_F(PalctlKeychainInterrupt, CtrlCWithTheLockHeldElsewhereSendsNoWriteAndSaysTheTokensWereNotSaved)
{
    const QStringList fabrikam{QStringLiteral("--directory"), FabrikamTenant};
    Outcome r = palctl(QStringList{QStringLiteral("partner"), QStringLiteral("create"), QStringLiteral("--partner-id"),
                                   QStringLiteral("1234567")} +
                           fabrikam,
                       {}, keychain());
    ASSERT_EQ(r.exitCode, 0) << r;
    sandbox->clearRequests();
    palsandbox::Fault held; // the link's first read is held open
    held.kind = palsandbox::Fault::Kind::Latency;
    held.method = QStringLiteral("GET");
    held.pathPrefix = PartnerPath;
    held.latencyMs = 3000;
    held.times = 1;
    sandbox->addFault(held);

    Outcome run;
    {
        QLockFile other(lockFile()); // another PAL Desk process, busy with the configuration
        ASSERT_TRUE(other.tryLock(0));
        auto process =
            startPalctl(QStringList{QStringLiteral("partner"), QStringLiteral("delete"), QStringLiteral("--partner-id"),
                                    QStringLiteral("1234567"), QStringLiteral("--yes")} +
                            fabrikam,
                        keychain());
        QElapsedTimer waited;
        waited.start();
        while (count(QStringLiteral("GET"), QStringLiteral("/tenants")) == 0 && waited.elapsed() < 20'000)
            QThread::msleep(5);
        QThread::msleep(300); // the read of the link is in the sandbox's hands now
        ASSERT_EQ(::kill(pid_t(process->processId()), SIGINT), 0);
        ASSERT_TRUE(process->waitForFinished(60'000));
        run = finish(*process);
    }
    EXPECT_EQ(run.exitCode, 3) << run;
    EXPECT_EQ(count(QStringLiteral("DELETE"), PartnerPath), 0) << "Ctrl-C came before the DELETE\n" << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("New tokens were not saved to the keychain"))) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("configuration lock"))) << "why: the lock\n" << run;
    EXPECT_FALSE(run.errText().contains(QStringLiteral("are saved"))) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("palctl: interrupted (Ctrl-C)."))) << run;

    r = palctl(QStringList{QStringLiteral("partner"), QStringLiteral("show")} + fabrikam, {}, keychain());
    EXPECT_EQ(r.exitCode, 0) << "still linked\n" << r;
}
