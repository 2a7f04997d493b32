// Ctrl-C during a partner change (issue 17): palctl cancels the command first (its calls end at
// once and nothing new is sent), then flushes; a write already sent is reported as "may have been
// made" and recorded in the link history, also while another process holds the configuration
// lock for a while. The keychain half (tokens said to be saved only when they were) is in
// KeychainInterruptTest.cpp.

#include "PalctlRunner.h"

#include <QDir>
#include <QElapsedTimer>
#include <QLockFile>
#include <QThread>

#include <signal.h>

using namespace palctltest;

namespace {

// The sandbox holds every `method` request under `prefix` for `ms` before answering it.
palsandbox::Fault hold(const QString &method, int ms)
{
    palsandbox::Fault f;
    f.kind = palsandbox::Fault::Kind::Latency;
    f.method = method;
    f.pathPrefix = PartnerPath;
    f.latencyMs = ms;
    return f;
}

} // namespace

class InterruptTest : public PalctlTest
{
protected:
    int count(const QString &method, const QString &prefix) const
    {
        int n = 0;
        for (const palsandbox::RecordedRequest &r : sandbox->requests())
            n += r.method == method && r.path.startsWith(prefix) ? 1 : 0;
        return n;
    }
    // Waits until the sandbox has answered a `method` request under `prefix` (it logs answers).
    bool answered(const QString &method, const QString &prefix) const
    {
        QElapsedTimer waited;
        waited.start();
        while (count(method, prefix) == 0 && waited.elapsed() < 20'000)
            QThread::msleep(5);
        return count(method, prefix) > 0;
    }
    QString lockFile() const { return QDir(path(QStringLiteral("config"))).filePath(QStringLiteral("paldesk.lock")); }
    std::unique_ptr<QProcess> removeLink()
    {
        return startPalctl({QStringLiteral("partner"), QStringLiteral("delete"), QStringLiteral("--partner-id"),
                            QStringLiteral("7654321"), QStringLiteral("--yes")},
                           servicePrincipal());
    }
    Outcome linkedId() { return palctl({QStringLiteral("partner"), QStringLiteral("show")}, {}, servicePrincipal()); }
};

TEST_F(InterruptTest, CtrlCWhileTheLinkIsReadSendsNoWrite)
{
    ASSERT_EQ(palctl({QStringLiteral("partner"), QStringLiteral("create"), QStringLiteral("--partner-id"),
                      QStringLiteral("7654321")},
                     {}, servicePrincipal())
                  .exitCode,
              0);
    sandbox->clearRequests();
    sandbox->addFault(hold(QStringLiteral("GET"), 3000)); // the first read is held open
    auto process = removeLink();
    ASSERT_TRUE(answered(QStringLiteral("GET"), QStringLiteral("/tenants"))); // the read follows at once
    QThread::msleep(300);
    ASSERT_EQ(::kill(pid_t(process->processId()), SIGINT), 0);
    ASSERT_TRUE(process->waitForFinished(15'000)) << "Ctrl-C ends the command";
    const Outcome run = finish(*process);
    EXPECT_EQ(run.exitCode, 3) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("palctl: interrupted (Ctrl-C)."))) << run;
    EXPECT_FALSE(run.errText().contains(QStringLiteral("saved"))) << "no keychain here: nothing is saved\n" << run;
    EXPECT_TRUE(run.out.isEmpty()) << run;
    sandbox->clearFaults();
    QThread::msleep(3000); // what the sandbox still held has been answered by now
    EXPECT_EQ(count(QStringLiteral("DELETE"), PartnerPath), 0) << "nothing new went on the wire";
    EXPECT_EQ(linkedId().json().toObject().value(QLatin1String("partnerId")).toString(), QStringLiteral("7654321"));
    const Outcome history = palctl({QStringLiteral("history"), QStringLiteral("list")});
    EXPECT_EQ(history.json().toArray().size(), 1) << "only the create: nothing was tried in Azure\n" << history;
}

TEST_F(InterruptTest, CtrlCAfterTheDeleteWasSentSaysItMayHaveBeenMadeAndRecordsIt)
{
    ASSERT_EQ(palctl({QStringLiteral("partner"), QStringLiteral("create"), QStringLiteral("--partner-id"),
                      QStringLiteral("7654321")},
                     {}, servicePrincipal())
                  .exitCode,
              0);
    sandbox->clearRequests();
    sandbox->addFault(hold(QStringLiteral("DELETE"), 4000)); // the DELETE is on the wire, unanswered
    auto process = removeLink();
    ASSERT_TRUE(answered(QStringLiteral("GET"), PartnerPath)); // read first; the DELETE follows at once
    QThread::msleep(400);
    {
        // Another process holds the configuration lock when Ctrl-C comes, and for a while after:
        // the record waits for it (ConfigLock::WaitMs) instead of being lost.
        QLockFile other(lockFile());
        ASSERT_TRUE(other.tryLock(0));
        ASSERT_EQ(::kill(pid_t(process->processId()), SIGINT), 0);
        QThread::msleep(1500);
    }
    ASSERT_TRUE(process->waitForFinished(15'000)) << "Ctrl-C ends the command";
    const Outcome run = finish(*process);
    EXPECT_EQ(run.exitCode, 3) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("The delete of the partner link in directory"))) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("may have been made"))) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("It is recorded in the link history"))) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("palctl: interrupted (Ctrl-C)."))) << run;
    EXPECT_FALSE(run.errText().contains(QStringLiteral("not in the link history"))) << run;

    const Outcome history = palctl({QStringLiteral("history"), QStringLiteral("list")});
    const QJsonArray entries = history.json().toArray();
    ASSERT_EQ(entries.size(), 2) << history;
    const QJsonObject removal = entries.at(0).toObject();
    EXPECT_EQ(removal.value(QLatin1String("action")).toString(), QStringLiteral("delete"));
    EXPECT_EQ(removal.value(QLatin1String("result")).toString(), QStringLiteral("failed"));
    EXPECT_TRUE(removal.value(QLatin1String("error"))
                    .toObject()
                    .value(QLatin1String("message"))
                    .toString()
                    .contains(QStringLiteral("may have been made")))
        << history;
}
