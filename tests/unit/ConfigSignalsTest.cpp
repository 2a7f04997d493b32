// AppConfig observable: one save policy (every setter saves at once), a signal for each change,
// reload() of another process's writes (and the folder watch through AppServices), and "my partner ID".
#include "AppConfig.h"
#include "AppServices.h"
#include "TestFiles.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <gtest/gtest.h>

using pal::test::readFile;

using pal::AppConfig;
using pal::AzureError;
using pal::CloudEnvironment;

namespace {

QJsonObject onDisk(const AppConfig &config)
{
    return QJsonDocument::fromJson(readFile(config.filePath())).object();
}

CloudEnvironment localCloud(const QString &name)
{
    return CloudEnvironment::create(name, QStringLiteral("http://127.0.0.1:8400"),
                                    QStringLiteral("http://127.0.0.1:8400"))
        .value();
}

const QString Account = QStringLiteral("uid.utid");

} // namespace

TEST(ConfigSavePolicy, EverySetterSavesAtOnceSoAnotherProcessSeesIt)
{
    QTemporaryDir dir;
    AppConfig paldesk(dir.path());
    ASSERT_TRUE(paldesk.load());
    ASSERT_TRUE(paldesk.setClientId(QStringLiteral("04b07795-8ddb-461a-bbee-02f9e1bf7b46")));
    ASSERT_TRUE(paldesk.setCurrentDirectory(Account, QStringLiteral("a70a1586-9c4a-4373-b907-1d310660dbd1")));
    ASSERT_TRUE(paldesk.registerCloud(localCloud(QStringLiteral("Lab"))));
    EXPECT_FALSE(paldesk.hasUnsavedChanges());

    AppConfig palctl(dir.path()); // no save() was called by anyone
    ASSERT_TRUE(palctl.load());
    EXPECT_EQ(palctl.clientId(), QStringLiteral("04b07795-8ddb-461a-bbee-02f9e1bf7b46"));
    EXPECT_EQ(palctl.currentDirectory(Account), QStringLiteral("a70a1586-9c4a-4373-b907-1d310660dbd1"));
    EXPECT_TRUE(palctl.cloud(QStringLiteral("Lab")));
}

TEST(ConfigSavePolicy, AFailedSaveKeepsTheChangeAndTheNextSaveMergesIt)
{
    QTemporaryDir dir;
    AppConfig config(dir.path());
    ASSERT_TRUE(config.load());
    QFile f(config.filePath());
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write("{ \"cloud\": ");
    f.close();
    QSignalSpy failed(&config, &AppConfig::saveFailed);
    const auto set = config.setClientId(QStringLiteral("x"));
    ASSERT_FALSE(set);
    EXPECT_TRUE(set.error().message.contains(config.filePath()));
    EXPECT_EQ(failed.count(), 1);
    EXPECT_EQ(config.clientId(), QStringLiteral("x")) << "the change stays in memory";
    EXPECT_TRUE(config.hasUnsavedChanges());
    EXPECT_EQ(readFile(config.filePath()), QByteArray("{ \"cloud\": ")) << "a malformed file is never overwritten";

    // Someone repairs the file: the next save applies the kept change onto it.
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(R"({"cloud":"AzureCloud","theme":"dark"})");
    f.close();
    ASSERT_TRUE(config.save());
    EXPECT_EQ(onDisk(config).value(QStringLiteral("clientId")).toString(), QStringLiteral("x"));
    EXPECT_EQ(onDisk(config).value(QStringLiteral("theme")).toString(), QStringLiteral("dark"));
}

TEST(ConfigSignals, EachChangeAnnouncesWhatChangedOnce)
{
    QTemporaryDir dir;
    AppConfig config(dir.path());
    ASSERT_TRUE(config.load());
    QSignalSpy clouds(&config, &AppConfig::cloudsChanged);
    QSignalSpy current(&config, &AppConfig::currentCloudChanged);
    QSignalSpy client(&config, &AppConfig::clientIdChanged);
    QSignalSpy account(&config, &AppConfig::currentAccountChanged);
    QSignalSpy directory(&config, &AppConfig::currentDirectoryChanged);
    QSignalSpy partner(&config, &AppConfig::partnerIdChanged);

    ASSERT_TRUE(config.registerCloud(localCloud(QStringLiteral("Lab"))));
    EXPECT_EQ(clouds.count(), 1);
    ASSERT_TRUE(config.setCurrentCloud(QStringLiteral("Lab")));
    ASSERT_EQ(current.count(), 1);
    EXPECT_EQ(current.first().first().toString(), QStringLiteral("Lab"));
    ASSERT_TRUE(config.setClientId(QStringLiteral("client")));
    EXPECT_EQ(client.count(), 1);
    ASSERT_TRUE(config.setCurrentAccountId(Account));
    EXPECT_EQ(account.count(), 1);
    ASSERT_TRUE(config.setCurrentDirectory(Account, QStringLiteral("t1")));
    ASSERT_EQ(directory.count(), 1);
    EXPECT_EQ(directory.first().at(0).toString(), Account);
    EXPECT_EQ(directory.first().at(1).toString(), QStringLiteral("t1"));
    ASSERT_TRUE(config.setPartnerId(QStringLiteral("1234567")));
    ASSERT_EQ(partner.count(), 1);
    EXPECT_TRUE(partner.first().first().toString().isEmpty()) << "empty: the one for all accounts";

    // The same value again changes nothing, and says nothing.
    ASSERT_TRUE(config.setClientId(QStringLiteral("client")));
    ASSERT_TRUE(config.setPartnerId(QStringLiteral("1234567")));
    EXPECT_EQ(client.count(), 1);
    EXPECT_EQ(partner.count(), 1);

    // Unregistering the current cloud: the list and the current cloud change, once each.
    ASSERT_TRUE(config.unregisterCloud(QStringLiteral("Lab")));
    EXPECT_EQ(clouds.count(), 2);
    ASSERT_EQ(current.count(), 2);
    EXPECT_EQ(current.last().first().toString(), QStringLiteral("AzureCloud"));
    // This process's own cloud is announced too, though never saved.
    config.registerSessionCloud(localCloud(AppConfig::inProcessSandboxName()));
    EXPECT_EQ(clouds.count(), 3);
    EXPECT_FALSE(readFile(config.filePath()).contains(AppConfig::inProcessSandboxName().toUtf8()));
}

TEST(ConfigSignals, ReloadAnnouncesAnotherProcesssChangesAndKeepsWhatThisOneHasNotSaved)
{
    QTemporaryDir dir;
    AppConfig paldesk(dir.path());
    ASSERT_TRUE(paldesk.load());
    ASSERT_TRUE(paldesk.setCurrentDirectory(Account, QStringLiteral("t1")));
    QSignalSpy clouds(&paldesk, &AppConfig::cloudsChanged);
    QSignalSpy partner(&paldesk, &AppConfig::partnerIdChanged);
    QSignalSpy directory(&paldesk, &AppConfig::currentDirectoryChanged);

    ASSERT_TRUE(paldesk.reload());
    EXPECT_EQ(clouds.count() + partner.count() + directory.count(), 0) << "its own write is nothing new";

    AppConfig palctl(dir.path()); // `palctl cloud register` + `palctl settings set partner-id --account`
    ASSERT_TRUE(palctl.load());
    ASSERT_TRUE(palctl.registerCloud(localCloud(QStringLiteral("Lab"))));
    ASSERT_TRUE(palctl.setPartnerIdOverride(Account, QStringLiteral("7654321")));
    ASSERT_TRUE(paldesk.reload());
    EXPECT_EQ(clouds.count(), 1);
    ASSERT_EQ(partner.count(), 1);
    EXPECT_EQ(partner.first().first().toString(), Account);
    EXPECT_EQ(directory.count(), 0) << "what did not change is not announced";
    EXPECT_TRUE(paldesk.cloud(QStringLiteral("Lab")));
    EXPECT_EQ(paldesk.partnerIdFor(Account), QStringLiteral("7654321"));
    EXPECT_EQ(paldesk.currentDirectory(Account), QStringLiteral("t1"));

    // A malformed file changes nothing here and is reported.
    QFile f(paldesk.filePath());
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write("{");
    f.close();
    EXPECT_FALSE(paldesk.reload());
    EXPECT_TRUE(paldesk.cloud(QStringLiteral("Lab")));
}

TEST(ConfigSignals, AnotherProcesssSaveReachesAWatchingRootWithItsSignal)
{
    QTemporaryDir dir;
    pal::AppServices::Options options;
    options.configDirectory = dir.path();
    options.watchConfiguration = true;
    pal::AppServices paldesk(options);
    AppConfig *config = paldesk.config();
    QSignalSpy partner(config, &AppConfig::partnerIdChanged);
    QSignalSpy clouds(config, &AppConfig::cloudsChanged);

    // Another process writes settings.json the way every writer does (atomically, by rename).
    const QByteArray settings = R"({"cloud":"AzureCloud","partnerId":"1234567","customClouds":[)"
                                R"({"name":"Lab","loginEndpoint":"http://127.0.0.1:8400",)"
                                R"("resourceManagerEndpoint":"http://127.0.0.1:8400"}]})";
    QSaveFile file(config->filePath());
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(settings);
    ASSERT_TRUE(file.commit());

    ASSERT_TRUE(partner.wait(5000));
    EXPECT_EQ(config->partnerId(), QStringLiteral("1234567"));
    EXPECT_TRUE(clouds.count() == 1 || clouds.wait(2000));
    EXPECT_TRUE(config->cloud(QStringLiteral("Lab")));
}

TEST(MyPartnerId, IsValidatedAsEveryPartnerIdAndAnInvalidOneSavesNothing)
{
    QTemporaryDir dir;
    AppConfig config(dir.path());
    ASSERT_TRUE(config.load());
    ASSERT_TRUE(config.setClientId(QStringLiteral("client")));
    const QByteArray before = readFile(config.filePath());
    QSignalSpy partner(&config, &AppConfig::partnerIdChanged);
    for (const QString &bad : {QStringLiteral("12a4567"), QStringLiteral("123"), QStringLiteral("12345678901")}) {
        const auto r = config.setPartnerId(bad);
        ASSERT_FALSE(r) << bad.toStdString();
        EXPECT_EQ(r.error().kind, AzureError::Kind::InvalidInput);
        EXPECT_FALSE(config.setPartnerIdOverride(Account, bad));
    }
    EXPECT_EQ(readFile(config.filePath()), before);
    EXPECT_EQ(partner.count(), 0);
    EXPECT_TRUE(config.partnerId().isEmpty());

    ASSERT_TRUE(config.setPartnerId(QStringLiteral(" 1234567 ")));
    EXPECT_EQ(config.partnerId(), QStringLiteral("1234567"));
    EXPECT_EQ(onDisk(config).value(QStringLiteral("partnerId")).toString(), QStringLiteral("1234567"));
    ASSERT_TRUE(config.setPartnerId(QString())); // unset
    EXPECT_FALSE(onDisk(config).contains(QStringLiteral("partnerId")));
}

TEST(MyPartnerId, AnAccountsOverrideWinsAndForgettingTheAccountDropsIt)
{
    QTemporaryDir dir;
    const QString other = QStringLiteral("other.account");
    {
        AppConfig config(dir.path());
        ASSERT_TRUE(config.load());
        ASSERT_TRUE(config.setPartnerId(QStringLiteral("1234567")));
        ASSERT_TRUE(config.setPartnerIdOverride(Account, QStringLiteral("7654321")));
        EXPECT_EQ(config.partnerIdFor(Account), QStringLiteral("7654321"));
        EXPECT_EQ(config.partnerIdFor(other), QStringLiteral("1234567"));
        EXPECT_EQ(config.partnerIdOverride(other), QString());
    }
    AppConfig config(dir.path()); // as the next run reads it
    ASSERT_TRUE(config.load());
    EXPECT_EQ(config.partnerIdFor(Account), QStringLiteral("7654321"));
    EXPECT_EQ(config.partnerIdOverrides().size(), 1);
    ASSERT_TRUE(config.setPartnerIdOverride(Account, QString())); // back to the one for all
    EXPECT_EQ(config.partnerIdFor(Account), QStringLiteral("1234567"));
    ASSERT_TRUE(config.setPartnerIdOverride(Account, QStringLiteral("7654321")));
    ASSERT_TRUE(config.forgetAccount(Account));
    EXPECT_EQ(config.partnerIdFor(Account), QStringLiteral("1234567"));
    EXPECT_FALSE(onDisk(config).value(QStringLiteral("partnerIdByAccount")).toObject().contains(Account));
    ASSERT_TRUE(config.setPartnerId(QString()));
    EXPECT_TRUE(config.partnerIdFor(other).isEmpty());
}

TEST(MyPartnerId, ADamagedValueInTheFileIsNamed)
{
    QTemporaryDir dir;
    AppConfig config(dir.path());
    QFile f(config.filePath());
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(R"({"partnerIdByAccount":{"uid.utid":"12x"}})");
    f.close();
    const auto r = config.load();
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("partnerIdByAccount"))) << qPrintable(r.error().message);
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("uid.utid")));
}
