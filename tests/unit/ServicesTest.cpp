// AppConfig (settings.json). The link policy is in PartnerLinksTest, fleet runs in FleetRunTest.
#include "AppConfig.h"
#include "TestFiles.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <gtest/gtest.h>

using pal::test::readFile;

using pal::AppConfig;
using pal::AzureError;
using pal::CloudEnvironment;

namespace {

void writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(data);
}

CloudEnvironment sandboxCloud(const char *name = "Sandbox")
{
    return CloudEnvironment::create(QString::fromLatin1(name), QStringLiteral("http://127.0.0.1:8400"),
                                    QStringLiteral("http://127.0.0.1:8400"))
        .value();
}

} // namespace

TEST(AppConfig, MissingFileIsAnEmptyConfig)
{
    QTemporaryDir dir;
    AppConfig config(dir.path());
    ASSERT_TRUE(config.load());
    EXPECT_EQ(config.currentCloudName(), QStringLiteral("AzureCloud"));
    EXPECT_EQ(config.currentCloud().name, QStringLiteral("AzureCloud"));
    EXPECT_EQ(config.clouds().size(), 3);
    EXPECT_TRUE(config.clientId().isEmpty());
    EXPECT_TRUE(config.currentAccountId().isEmpty());
}

TEST(AppConfig, SaveAndLoadRoundTripAtomically)
{
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("nested/paldesk"));
    {
        AppConfig config(folder);
        ASSERT_TRUE(config.registerCloud(sandboxCloud()));
        ASSERT_TRUE(config.setCurrentCloud(QStringLiteral("sandbox")));
        ASSERT_TRUE(config.setClientId(QStringLiteral(" 04b07795-8ddb-461a-bbee-02f9e1bf7b46 ")));
        ASSERT_TRUE(config.setCurrentAccountId(QStringLiteral("uid.utid")));
        ASSERT_TRUE(config.setCurrentDirectory(QStringLiteral("uid.utid"),
                                               QStringLiteral("a70a1586-9c4a-4373-b907-1d310660dbd1")));
        ASSERT_TRUE(config.save());
    }
    EXPECT_TRUE(QFile::exists(folder + QStringLiteral("/settings.json")));
    EXPECT_EQ(QDir(folder).entryList(QDir::Files), QStringList{QStringLiteral("settings.json")}); // no temp left
    AppConfig loaded(folder);
    ASSERT_TRUE(loaded.load());
    EXPECT_EQ(loaded.currentCloudName(), QStringLiteral("Sandbox"));
    EXPECT_EQ(loaded.currentCloud().resourceManagerEndpoint, QUrl(QStringLiteral("http://127.0.0.1:8400")));
    EXPECT_EQ(loaded.clouds().size(), 4);
    EXPECT_EQ(loaded.clientId(), QStringLiteral("04b07795-8ddb-461a-bbee-02f9e1bf7b46"));
    EXPECT_EQ(loaded.currentAccountId(), QStringLiteral("uid.utid"));
    EXPECT_EQ(loaded.currentDirectory(QStringLiteral("uid.utid")),
              QStringLiteral("a70a1586-9c4a-4373-b907-1d310660dbd1"));
    ASSERT_TRUE(loaded.forgetAccount(QStringLiteral("uid.utid")));
    EXPECT_TRUE(loaded.currentAccountId().isEmpty());
    EXPECT_TRUE(loaded.currentDirectory(QStringLiteral("uid.utid")).isEmpty());
}

TEST(AppConfig, TheCurrentDirectoryKeepsItsNameUntilTheNextSwitch)
{
    QTemporaryDir dir;
    const QString account = QStringLiteral("uid.utid");
    const QString fabrikam = QStringLiteral("2f6e8a10-3b7c-4d21-9e55-6a1c0b9d4e01");
    {
        AppConfig config(dir.path());
        ASSERT_TRUE(config.setCurrentDirectory(account, fabrikam, QStringLiteral("Fabrikam")));
    }
    AppConfig loaded(dir.path());
    ASSERT_TRUE(loaded.load());
    EXPECT_EQ(loaded.currentDirectory(account), fabrikam);
    EXPECT_EQ(loaded.currentDirectoryName(account), QStringLiteral("Fabrikam"));
    // A switch that does not know the name forgets the old one: it named another directory.
    ASSERT_TRUE(loaded.setCurrentDirectory(account, QStringLiteral("3a9d2c44-7e1f-4b08-a6c3-5d2e8f7b9c02")));
    EXPECT_TRUE(loaded.currentDirectoryName(account).isEmpty());
    ASSERT_TRUE(loaded.setCurrentDirectory(account, fabrikam, QStringLiteral("Fabrikam")));
    ASSERT_TRUE(loaded.forgetAccount(account));
    EXPECT_TRUE(loaded.currentDirectoryName(account).isEmpty());
}

TEST(AppConfig, KeepsSettingsItDoesNotKnowAndNeverASecret)
{
    QTemporaryDir dir;
    writeFile(dir.filePath(QStringLiteral("settings.json")), R"({"cloud":"AzureCloud","theme":"dark"})");
    AppConfig config(dir.path());
    ASSERT_TRUE(config.load());
    ASSERT_TRUE(config.setCurrentAccountId(QStringLiteral("someone")));
    ASSERT_TRUE(config.save());
    const QJsonObject saved = QJsonDocument::fromJson(readFile(dir.filePath(QStringLiteral("settings.json")))).object();
    EXPECT_EQ(saved.value(QStringLiteral("theme")).toString(), QStringLiteral("dark"));
    EXPECT_EQ(saved.value(QStringLiteral("currentAccount")).toString(), QStringLiteral("someone"));
    const QByteArray text = readFile(dir.filePath(QStringLiteral("settings.json"))).toLower();
    EXPECT_FALSE(text.contains("token"));
    EXPECT_FALSE(text.contains("secret"));
}

TEST(AppConfig, CloudRegistrationRules)
{
    QTemporaryDir dir;
    AppConfig config(dir.path());
    auto shadow = sandboxCloud("AzureCloud");
    auto r = config.registerCloud(shadow);
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("built-in")));
    ASSERT_TRUE(config.registerCloud(sandboxCloud()));
    ASSERT_TRUE(config.registerCloud(sandboxCloud())); // again: updated, not duplicated
    EXPECT_EQ(config.clouds().size(), 4);
    r = config.unregisterCloud(QStringLiteral("AzureChinaCloud"));
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("cannot be removed")));
    r = config.unregisterCloud(QStringLiteral("Nowhere"));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, AzureError::Kind::InvalidInput);
    r = config.setCurrentCloud(QStringLiteral("Nowhere"));
    ASSERT_FALSE(r);
    ASSERT_TRUE(config.setCurrentCloud(QStringLiteral("Sandbox")));
    ASSERT_TRUE(config.unregisterCloud(QStringLiteral("Sandbox")));
    EXPECT_EQ(config.currentCloudName(), QStringLiteral("AzureCloud")); // back to the default
}

TEST(AppConfig, MalformedFileNamesFileLineColumnAndProblem)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("settings.json"));
    writeFile(path, "{\n  \"cloud\": \"AzureCloud\",\n  \"clientId\": ,\n}\n");
    AppConfig config(dir.path());
    auto r = config.load();
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().message.startsWith(path + QStringLiteral(": line 3, column 15: ")))
        << qPrintable(r.error().message);

    writeFile(
        path,
        R"({"customClouds":[{"name":"X","loginEndpoint":"http://example.com","resourceManagerEndpoint":"https://a"}]})");
    r = config.load();
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("customClouds\" entry 1"))) << qPrintable(r.error().message);
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("not loopback")));

    writeFile(path, R"({"cloud":42})");
    r = config.load();
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("\"cloud\" must be a string")));

    writeFile(path, R"({"cloud":"Atlantis"})");
    r = config.load();
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("Atlantis")));

    writeFile(path, "[]");
    r = config.load();
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("expected a JSON object")));
}

TEST(AppConfig, DefaultDirectoryHonoursTheEnvironment)
{
    const QByteArray before = qgetenv("PALDESK_CONFIG_DIR");
    qputenv("PALDESK_CONFIG_DIR", "/tmp/pal-config-test");
    EXPECT_EQ(AppConfig::defaultDirectory(), QStringLiteral("/tmp/pal-config-test"));
    qunsetenv("PALDESK_CONFIG_DIR");
    EXPECT_TRUE(AppConfig::defaultDirectory().endsWith(QStringLiteral("/paldesk")));
    if (!before.isEmpty())
        qputenv("PALDESK_CONFIG_DIR", before);
}
