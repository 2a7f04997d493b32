// palctl cloud list | show | set | register | unregister

#include "PalctlRunner.h"

#include <QFile>

using namespace palctltest;

class CloudCommandsTest : public PalctlTest
{};

namespace {
QJsonObject findCloud(const QJsonArray &clouds, const QString &name)
{
    for (const QJsonValue &c : clouds)
        if (c.toObject().value(QLatin1String("name")).toString() == name)
            return c.toObject();
    return {};
}
} // namespace

TEST_F(CloudCommandsTest, ListShowsBuiltInAndRegisteredCloudsWithTheCurrentOne)
{
    const Outcome run = palctl({QStringLiteral("cloud"), QStringLiteral("list")});
    ASSERT_EQ(run.exitCode, 0) << run;
    const QJsonArray clouds = run.json().toArray();
    const QJsonObject azure = findCloud(clouds, QStringLiteral("AzureCloud"));
    EXPECT_EQ(azure.value(QLatin1String("resourceManagerEndpoint")).toString().section(QLatin1Char('/'), 0, 2),
              QStringLiteral("https://management.azure.com"));
    EXPECT_FALSE(azure.value(QLatin1String("current")).toBool());
    EXPECT_FALSE(findCloud(clouds, QStringLiteral("AzureChinaCloud")).isEmpty());
    EXPECT_FALSE(findCloud(clouds, QStringLiteral("AzureUSGovernment")).isEmpty());
    const QJsonObject mine = findCloud(clouds, QStringLiteral("Sandbox"));
    EXPECT_TRUE(mine.value(QLatin1String("current")).toBool()) << run;
    EXPECT_TRUE(mine.value(QLatin1String("loginEndpoint")).toString().startsWith(sandbox->baseUrl().toString()));
    EXPECT_EQ(sandbox->requestCount(), 0);
}

TEST_F(CloudCommandsTest, ShowDefaultsToTheCurrentCloudAndRejectsUnknownNames)
{
    Outcome run = palctl({QStringLiteral("cloud"), QStringLiteral("show")});
    ASSERT_EQ(run.exitCode, 0) << run;
    EXPECT_EQ(run.json().toObject().value(QLatin1String("name")).toString(), QStringLiteral("Sandbox"));
    run = palctl({QStringLiteral("cloud"), QStringLiteral("show"), QStringLiteral("azureusgovernment")});
    ASSERT_EQ(run.exitCode, 0) << run;
    EXPECT_EQ(run.json().toObject().value(QLatin1String("name")).toString(), QStringLiteral("AzureUSGovernment"));
    run = palctl({QStringLiteral("cloud"), QStringLiteral("show"), QStringLiteral("Mars")});
    EXPECT_EQ(run.exitCode, 2) << run;
}

TEST_F(CloudCommandsTest, SetChangesTheCurrentCloud)
{
    Outcome run = palctl({QStringLiteral("cloud"), QStringLiteral("set"), QStringLiteral("AzureChinaCloud")});
    ASSERT_EQ(run.exitCode, 0) << run;
    run = palctl({QStringLiteral("cloud"), QStringLiteral("show")});
    EXPECT_EQ(run.json().toObject().value(QLatin1String("name")).toString(), QStringLiteral("AzureChinaCloud"));
    run = palctl({QStringLiteral("cloud"), QStringLiteral("set"), QStringLiteral("Mars")});
    EXPECT_EQ(run.exitCode, 2) << run;
}

TEST_F(CloudCommandsTest, RegisterFromOptionsAndRejectMalformedUrlsWithNothingSent)
{
    const QString base = sandbox->baseUrl().toString();
    Outcome run =
        palctl({QStringLiteral("cloud"), QStringLiteral("register"), QStringLiteral("--name"), QStringLiteral("Lab"),
                QStringLiteral("--login-endpoint"), base, QStringLiteral("--arm-endpoint"), base});
    ASSERT_EQ(run.exitCode, 0) << run;
    const QJsonObject lab = run.json().toObject();
    EXPECT_EQ(lab.value(QLatin1String("name")).toString(), QStringLiteral("Lab"));
    EXPECT_FALSE(lab.value(QLatin1String("armScope")).toString().isEmpty()) << run;

    for (const QStringList &bad : {
             QStringList{QStringLiteral("not a url"), base},
             QStringList{base, QStringLiteral("ftp://127.0.0.1:1")},
             QStringList{QStringLiteral("http://login.example.com"), base}, // plain http off this machine
             QStringList{base, QString()},
         }) {
        run = palctl({QStringLiteral("cloud"), QStringLiteral("register"), QStringLiteral("--name"),
                      QStringLiteral("Bad"), QStringLiteral("--login-endpoint"), bad.at(0),
                      QStringLiteral("--arm-endpoint"), bad.at(1)});
        EXPECT_EQ(run.exitCode, 2) << bad.join(QLatin1Char(' ')).toStdString() << "\n" << run;
    }
    // A built-in name cannot be taken over.
    run = palctl({QStringLiteral("cloud"), QStringLiteral("register"), QStringLiteral("--name"),
                  QStringLiteral("AzureCloud"), QStringLiteral("--login-endpoint"), base,
                  QStringLiteral("--arm-endpoint"), base});
    EXPECT_EQ(run.exitCode, 2) << run;
    run = palctl({QStringLiteral("cloud"), QStringLiteral("show"), QStringLiteral("Bad")});
    EXPECT_EQ(run.exitCode, 2) << "nothing was registered\n" << run;
    EXPECT_EQ(sandbox->requestCount(), 0);
}

TEST_F(CloudCommandsTest, UnregisterRemovesCustomCloudsOnly)
{
    Outcome run = palctl({QStringLiteral("cloud"), QStringLiteral("unregister"), QStringLiteral("AzureCloud")});
    EXPECT_EQ(run.exitCode, 2) << run;
    run = palctl({QStringLiteral("cloud"), QStringLiteral("unregister"), QStringLiteral("Mars")});
    EXPECT_EQ(run.exitCode, 2) << run;
    run = palctl({QStringLiteral("cloud"), QStringLiteral("set"), QStringLiteral("AzureCloud")});
    ASSERT_EQ(run.exitCode, 0) << run;
    run = palctl({QStringLiteral("cloud"), QStringLiteral("unregister"), QStringLiteral("Sandbox")});
    ASSERT_EQ(run.exitCode, 0) << run;
    run = palctl({QStringLiteral("cloud"), QStringLiteral("show"), QStringLiteral("Sandbox")});
    EXPECT_EQ(run.exitCode, 2) << run;
}

TEST_F(CloudCommandsTest, AMalformedConfigurationIsNamedAndNothingIsSent)
{
    QFile settings(path(QStringLiteral("config/settings.json")));
    ASSERT_TRUE(settings.open(QIODevice::WriteOnly | QIODevice::Truncate));
    settings.write("{ \"cloud\": ");
    settings.close();
    const Outcome run = palctl({QStringLiteral("partner"), QStringLiteral("show")}, {}, servicePrincipal());
    EXPECT_EQ(run.exitCode, 1) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("settings.json"))) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("line 1"))) << run;
    EXPECT_EQ(sandbox->requestCount(), 0);
}
