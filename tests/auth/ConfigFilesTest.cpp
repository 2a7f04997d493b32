// The configuration files that paldesk and palctl share: the configuration lock (owner-only files,
// stale locks taken over, a clear error when it is held elsewhere, turns within one process) and
// settings.json merged on save, so that what another process changed is kept.
#include "AppConfig.h"
#include "ConfigLock.h"
#include "TestFiles.h"
#include "Wait.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QProcess>
#include <QSysInfo>
#include <QTemporaryDir>
#include <gtest/gtest.h>

using namespace pal;
using namespace pal::test;

// ---- the configuration lock ----

TEST(ConfigLock, UpdateWritesOwnerOnlyFilesInAnOwnerOnlyFolder)
{
    QTemporaryDir root;
    const QString dir = root.filePath(QStringLiteral("paldesk"));
    ConfigLock lock(dir);
    auto r = lock.update(QStringLiteral("history.json"), [](const QByteArray &current) -> Expected<QByteArray> {
        EXPECT_TRUE(current.isEmpty());
        return QByteArray("[1]");
    });
    ASSERT_TRUE(r) << r.error().message.toStdString();
    r = lock.update(QStringLiteral("history.json"),
                    [](const QByteArray &current) -> Expected<QByteArray> { return QByteArray(current + "[2]"); });
    ASSERT_TRUE(r);
    EXPECT_EQ(readFile(QDir(dir).filePath(QStringLiteral("history.json"))), QByteArray("[1][2]"));
    const auto others = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup |
                        QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
    const auto file = QFileInfo(QDir(dir).filePath(QStringLiteral("history.json"))).permissions();
    EXPECT_TRUE(file.testFlag(QFileDevice::ReadOwner) && file.testFlag(QFileDevice::WriteOwner));
    EXPECT_FALSE(file & others) << "mode 0600";
    EXPECT_FALSE(QFileInfo(dir).permissions() & others) << "folder mode 0700";
    EXPECT_FALSE(QFile::exists(lock.lockFilePath())) << "released after the section";

    // A merge that fails writes nothing.
    r = lock.update(QStringLiteral("history.json"), [](const QByteArray &) -> Expected<QByteArray> {
        return AzureError::make(AzureError::Kind::InvalidInput, QStringLiteral("no"));
    });
    ASSERT_FALSE(r);
    EXPECT_EQ(readFile(QDir(dir).filePath(QStringLiteral("history.json"))), QByteArray("[1][2]"));
}

TEST(ConfigLock, ALockLeftByAProcessThatDiedIsTakenOver)
{
    QTemporaryDir dir;
    ConfigLock lock(dir.path(), 2000);
    QProcess gone;
    gone.start(QStringLiteral("true"), {});
    ASSERT_TRUE(gone.waitForStarted());
    const qint64 pid = gone.processId();
    ASSERT_TRUE(gone.waitForFinished());
    QFile stale(lock.lockFilePath());
    ASSERT_TRUE(stale.open(QIODevice::WriteOnly));
    stale.write(QByteArray::number(pid) + "\npalctl\n" + QSysInfo::machineHostName().toUtf8() + "\n");
    stale.close();
    auto r = lock.update(QStringLiteral("settings.json"),
                         [](const QByteArray &) -> Expected<QByteArray> { return QByteArray("{}"); });
    EXPECT_TRUE(r) << r.error().message.toStdString();
}

TEST(ConfigLock, ALockFileLeftWithoutItsPidIsTakenOverOnceItIsOld)
{
    // A process killed between creating the lock file and writing its PID into it.
    QTemporaryDir dir;
    ConfigLock lock(dir.path(), 200);
    QFile empty(lock.lockFilePath());
    ASSERT_TRUE(empty.open(QIODevice::WriteOnly));
    empty.close();
    ASSERT_FALSE(lock.update(QStringLiteral("settings.json"), [](const QByteArray &) -> Expected<QByteArray> {
        return QByteArray("{}");
    })) << "not yet: it could be a process that is writing it right now";
    ASSERT_TRUE(empty.open(QIODevice::ReadWrite));
    ASSERT_TRUE(empty.setFileTime(QDateTime::currentDateTimeUtc().addMSecs(-2 * ConfigLock::StaleMs),
                                  QFileDevice::FileModificationTime));
    empty.close();
    const auto r = lock.update(QStringLiteral("settings.json"),
                               [](const QByteArray &) -> Expected<QByteArray> { return QByteArray("{}"); });
    EXPECT_TRUE(r) << r.error().message.toStdString();
}

TEST(ConfigLock, ALockHeldElsewhereEndsTheWaitWithAClearError)
{
    QTemporaryDir dir;
    ConfigLock lock(dir.path(), 50);
    QLockFile other(lock.lockFilePath()); // as another process would hold it
    ASSERT_TRUE(other.tryLock(0));
    auto r = lock.update(QStringLiteral("settings.json"),
                         [](const QByteArray &) -> Expected<QByteArray> { return QByteArray("{}"); });
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, QStringLiteral("ConfigurationLocked"));
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("locked"))) << r.error().message.toStdString();
    EXPECT_FALSE(QFile::exists(dir.filePath(QStringLiteral("settings.json"))));
    QObject context;
    auto held = await<std::shared_ptr<ConfigLock::Hold>>(
        [&](Completion<std::shared_ptr<ConfigLock::Hold>> done) { lock.acquire(&context, done); });
    ASSERT_TRUE(held && !*held);
    EXPECT_EQ(held->error().code, QStringLiteral("ConfigurationLocked"));
}

// Waiting for another process is not a service that did not answer: the sentence says who holds
// the lock and what to do, and nothing about the network or the service.
TEST(ConfigLock, ALockTimeoutIsToldAsTheLockNotAsTheService)
{
    QTemporaryDir dir;
    ConfigLock lock(dir.path(), 50);
    QLockFile other(lock.lockFilePath());
    ASSERT_TRUE(other.tryLock(0));
    const auto r = lock.update(QStringLiteral("settings.json"),
                               [](const QByteArray &) -> Expected<QByteArray> { return QByteArray("{}"); });
    ASSERT_FALSE(r);
    const QString said = r.error().userMessage();
    EXPECT_TRUE(said.contains(QStringLiteral("Another PAL Desk process holds the configuration lock (")))
        << said.toStdString();
    EXPECT_TRUE(said.contains(QStringLiteral("process %1").arg(QCoreApplication::applicationPid())))
        << said.toStdString();
    EXPECT_TRUE(said.contains(QStringLiteral("Try again"))) << said.toStdString();
    EXPECT_FALSE(said.contains(QStringLiteral("did not answer"))) << said.toStdString();
    EXPECT_FALSE(said.contains(QStringLiteral("service"))) << said.toStdString();
}

TEST(ConfigLock, HoldersOfOneProcessTakeTurnsWhileFileSectionsGoOn)
{
    QTemporaryDir dir;
    ConfigLock first(dir.path());
    ConfigLock second(dir.path()); // e.g. AppConfig's and AccountManager's
    QObject context;
    std::shared_ptr<ConfigLock::Hold> a, b;
    first.acquire(&context, [&](const Expected<std::shared_ptr<ConfigLock::Hold>> &h) { a = h.value(); });
    ASSERT_TRUE(waitUntil([&] { return bool(a); }));
    second.acquire(&context, [&](const Expected<std::shared_ptr<ConfigLock::Hold>> &h) { b = h.value(); });
    // While the first holder waits (for the keychain, say), a synchronous file section of this
    // process still runs: it cannot interleave with another section's read and write.
    auto r = second.update(QStringLiteral("settings.json"),
                           [](const QByteArray &) -> Expected<QByteArray> { return QByteArray("{}"); });
    ASSERT_TRUE(r);
    EXPECT_FALSE(waitUntil([&] { return bool(b); }, 100)) << "the second holder waits for the first";
    a.reset();
    EXPECT_TRUE(waitUntil([&] { return bool(b); }));
    b.reset();
    EXPECT_FALSE(QFile::exists(first.lockFilePath()));
}

// ---- settings.json shared by processes ----

namespace {

CloudEnvironment localCloud(const QString &name, int port = 8400)
{
    const QString url = QStringLiteral("http://127.0.0.1:%1").arg(port);
    return CloudEnvironment::create(name, url, url).value();
}

const QString kDirectory1 = QStringLiteral("22222222-0000-0000-0000-000000000001");
const QString kDirectory2 = QStringLiteral("22222222-0000-0000-0000-000000000002");

} // namespace

TEST(AppConfigMerge, SaveAppliesOnlyWhatThisProcessChangedOntoWhatIsOnDisk)
{
    QTemporaryDir dir;
    AppConfig paldesk(dir.path()); // long-running: loaded before the palctl commands below
    ASSERT_TRUE(paldesk.load());
    {
        AppConfig palctl(dir.path()); // `palctl cloud register` + `palctl login`
        ASSERT_TRUE(palctl.load());
        ASSERT_TRUE(palctl.registerCloud(localCloud(QStringLiteral("LocalSandbox"))));
        ASSERT_TRUE(palctl.setCurrentCloud(QStringLiteral("LocalSandbox")));
        ASSERT_TRUE(palctl.setCurrentAccountId(QStringLiteral("uid.utid")));
        ASSERT_TRUE(palctl.setCurrentDirectory(QStringLiteral("uid.utid"), kDirectory1));
        ASSERT_TRUE(palctl.save());
    }
    // paldesk changes one thing and saves: what palctl wrote survives, and paldesk now sees it.
    ASSERT_TRUE(paldesk.setCurrentDirectory(QStringLiteral("other.account"), kDirectory2));
    ASSERT_TRUE(paldesk.save());
    AppConfig after(dir.path());
    ASSERT_TRUE(after.load());
    EXPECT_TRUE(after.cloud(QStringLiteral("LocalSandbox")));
    EXPECT_EQ(after.currentCloudName(), QStringLiteral("LocalSandbox"));
    EXPECT_EQ(after.currentAccountId(), QStringLiteral("uid.utid"));
    EXPECT_EQ(after.currentDirectory(QStringLiteral("uid.utid")), kDirectory1);
    EXPECT_EQ(after.currentDirectory(QStringLiteral("other.account")), kDirectory2);
    EXPECT_TRUE(paldesk.cloud(QStringLiteral("LocalSandbox")));
    EXPECT_EQ(paldesk.currentAccountId(), QStringLiteral("uid.utid"));

    // Removals merge too; a cloud unregistered elsewhere that this process had chosen falls back
    // to the default instead of leaving settings.json naming a cloud that is gone.
    AppConfig chooser(dir.path());
    ASSERT_TRUE(chooser.load());
    ASSERT_TRUE(chooser.setCurrentCloud(QStringLiteral("LocalSandbox")));
    AppConfig remover(dir.path());
    ASSERT_TRUE(remover.load());
    ASSERT_TRUE(remover.unregisterCloud(QStringLiteral("LocalSandbox")));
    ASSERT_TRUE(remover.save());
    ASSERT_TRUE(chooser.save());
    ASSERT_TRUE(after.load());
    EXPECT_FALSE(after.cloud(QStringLiteral("LocalSandbox")));
    EXPECT_EQ(after.currentCloudName(), QStringLiteral("AzureCloud"));
}

TEST(AppConfigMerge, AMalformedFileOnDiskIsReportedNotOverwritten)
{
    QTemporaryDir dir;
    AppConfig config(dir.path());
    ASSERT_TRUE(config.load());
    QFile f(config.filePath());
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write("{ \"cloud\": ");
    f.close();
    EXPECT_FALSE(config.setClientId(QStringLiteral("x"))) << "the setter saves, and the file is damaged";
    const auto saved = config.save();
    ASSERT_FALSE(saved);
    EXPECT_TRUE(saved.error().message.contains(config.filePath()));
    EXPECT_EQ(readFile(config.filePath()), QByteArray("{ \"cloud\": "));
}

TEST(AppConfigMerge, ReservedNamesAndThisProcesssSandboxCloud)
{
    QTemporaryDir dir;
    AppConfig config(dir.path());
    for (const QString &name : {QStringLiteral("azurecloud"), AppConfig::inProcessSandboxName()}) {
        const auto r = config.registerCloud(localCloud(name));
        ASSERT_FALSE(r) << name.toStdString();
        EXPECT_EQ(r.error().kind, AzureError::Kind::InvalidInput);
    }
    EXPECT_TRUE(AppConfig::checkCustomCloudName(AppConfig::inProcessSandboxName())
                    ->message.contains(QStringLiteral("--sandbox")));
    // The in-process sandbox's cloud: usable in this process, never written down.
    config.registerSessionCloud(localCloud(AppConfig::inProcessSandboxName(), 40001));
    ASSERT_TRUE(config.setCurrentCloud(AppConfig::inProcessSandboxName()));
    ASSERT_TRUE(config.setClientId(QStringLiteral("client")));
    ASSERT_TRUE(config.save());
    EXPECT_EQ(config.currentCloudName(), AppConfig::inProcessSandboxName());
    EXPECT_FALSE(readFile(config.filePath()).contains(AppConfig::inProcessSandboxName().toUtf8()));
    AppConfig next(dir.path());
    ASSERT_TRUE(next.load());
    EXPECT_EQ(next.currentCloudName(), QStringLiteral("AzureCloud"));
    EXPECT_EQ(next.clientId(), QStringLiteral("client"));
    EXPECT_EQ(next.clouds().size(), 3);
}
