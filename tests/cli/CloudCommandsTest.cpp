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

// ---- where tokens may go (issue 17): the rule, as palctl register applies it ----

namespace {
QStringList registerArgs(const QString &name, const QString &login, const QString &arm, const QString &scope = {})
{
    QStringList args{QStringLiteral("cloud"),
                     QStringLiteral("register"),
                     QStringLiteral("--name"),
                     name,
                     QStringLiteral("--login-endpoint"),
                     login,
                     QStringLiteral("--arm-endpoint"),
                     arm};
    if (!scope.isEmpty())
        args << QStringLiteral("--arm-scope") << scope;
    return args;
}
const QString MicrosoftLogin = QStringLiteral("https://login.microsoftonline.com");
} // namespace

TEST_F(CloudCommandsTest, AzureStackHubAndALoopbackEmulatorWithArmsRealAudienceAreRegistered)
{
    // Azure Stack Hub with Entra: Microsoft's sign-in, the hub's own app ID URI as the audience.
    Outcome run = palctl(registerArgs(QStringLiteral("StackHub"), MicrosoftLogin,
                                      QStringLiteral("https://management.redmond.azurestack.contoso.com"),
                                      QStringLiteral("https://management.contoso.onmicrosoft.com/"
                                                     "8b2d7a5e-71a0-4f6c-9d43-0c3f1e2a9b77/.default")));
    ASSERT_EQ(run.exitCode, 0) << run;
    EXPECT_FALSE(run.errText().contains(QStringLiteral("warning"))) << run;
    // An emulator that checks ARM's real audience, behind a sign-in of its own on this machine.
    const QString base = sandbox->baseUrl().toString();
    run = palctl(
        registerArgs(QStringLiteral("Emulator"), base, base, QStringLiteral("https://management.azure.com/.default")));
    ASSERT_EQ(run.exitCode, 0) << run;
    EXPECT_EQ(run.json().toObject().value(QLatin1String("armScope")).toString(),
              QStringLiteral("https://management.azure.com/.default"));
    run = palctl({QStringLiteral("cloud"), QStringLiteral("show"), QStringLiteral("StackHub")});
    ASSERT_EQ(run.exitCode, 0) << run;
    EXPECT_FALSE(run.json().toObject().contains(QLatin1String("trustedHosts"))) << run;
    EXPECT_EQ(sandbox->requestCount(), 0);
}

TEST_F(CloudCommandsTest, MicrosoftTokensForArmOnAForeignHostAreRefusedUnlessForced)
{
    QFile settings(path(QStringLiteral("config/settings.json")));
    ASSERT_TRUE(settings.open(QIODevice::ReadOnly));
    const QByteArray before = settings.readAll();
    settings.close();
    const QStringList args =
        registerArgs(QStringLiteral("Foreign"), MicrosoftLogin, QStringLiteral("https://arm.evil.example"),
                     QStringLiteral("https://management.azure.com/.default"));
    Outcome run = palctl(args);
    EXPECT_EQ(run.exitCode, 2) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("arm.evil.example"))) << "names the host\n" << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("Azure Resource Manager"))) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("--force"))) << run;
    ASSERT_TRUE(settings.open(QIODevice::ReadOnly));
    EXPECT_EQ(settings.readAll(), before) << "nothing was written";
    settings.close();
    run = palctl({QStringLiteral("cloud"), QStringLiteral("show"), QStringLiteral("Foreign")});
    EXPECT_EQ(run.exitCode, 2) << run;

    run = palctl(QStringList(args) << QStringLiteral("--force"));
    ASSERT_EQ(run.exitCode, 0) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("warning"))) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("arm.evil.example"))) << run;
    run = palctl({QStringLiteral("cloud"), QStringLiteral("show"), QStringLiteral("Foreign")});
    ASSERT_EQ(run.exitCode, 0) << "registered, and read back\n" << run;
    EXPECT_EQ(run.json().toObject().value(QLatin1String("trustedHosts")).toArray(),
              QJsonArray{QStringLiteral("arm.evil.example")})
        << run;
    EXPECT_EQ(sandbox->requestCount(), 0);
}

TEST_F(CloudCommandsTest, APowerBiEndpointWithTheRealAudienceOnAForeignHostIsRefusedUnlessForced)
{
    const QJsonObject cloud{
        {QStringLiteral("name"), QStringLiteral("Reports")},
        {QStringLiteral("loginEndpoint"), MicrosoftLogin},
        {QStringLiteral("resourceManagerEndpoint"), QStringLiteral("https://management.azure.com")},
        {QStringLiteral("powerPlatformEndpoints"),
         QJsonObject{{QStringLiteral("powerBi"), QStringLiteral("https://powerbi.evil.example")}}},
        {QStringLiteral("powerPlatformAudiences"),
         QJsonObject{{QStringLiteral("powerBi"), QStringLiteral("https://analysis.windows.net/powerbi/api")}}},
        // A file cannot vouch for its own hosts.
        {QStringLiteral("trustedHosts"), QJsonArray{QStringLiteral("powerbi.evil.example")}}};
    QFile file(path(QStringLiteral("reports-cloud.json")));
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(QJsonDocument(cloud).toJson());
    file.close();
    const QStringList args{QStringLiteral("cloud"), QStringLiteral("register"), QStringLiteral("--file"),
                           file.fileName()};
    Outcome run = palctl(args);
    EXPECT_EQ(run.exitCode, 2) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("powerbi.evil.example"))) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("Power BI"))) << run;
    run = palctl({QStringLiteral("cloud"), QStringLiteral("show"), QStringLiteral("Reports")});
    EXPECT_EQ(run.exitCode, 2) << "nothing was registered\n" << run;
    // Renamed on the way in, it is checked all the same.
    run = palctl(QStringList(args) << QStringLiteral("--name") << QStringLiteral("Renamed"));
    EXPECT_EQ(run.exitCode, 2) << run;

    run = palctl(QStringList(args) << QStringLiteral("--force"));
    ASSERT_EQ(run.exitCode, 0) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("warning"))) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("powerbi.evil.example"))) << run;
    EXPECT_EQ(sandbox->requestCount(), 0);
}

// ---- an account whose saved cloud no longer validates (issue 17): an error, never a crash ----

class InvalidAccountCloudTest : public CloudCommandsTest
{
protected:
    // accounts.json with one user account on the current cloud (Sandbox), its "cloud" as given
    // (absent when `cloud` is undefined).
    void writeAccount(const QJsonValue &cloud)
    {
        QJsonObject account{{QStringLiteral("id"), QString(AdminObjectId + QLatin1Char('.') + HomeTenant)},
                            {QStringLiteral("username"), AdminUser},
                            {QStringLiteral("homeTenantId"), HomeTenant},
                            {QStringLiteral("objectId"), AdminObjectId},
                            {QStringLiteral("clientId"), QStringLiteral("04b07795-8ddb-461a-bbee-02f9e1bf7b46")},
                            {QStringLiteral("cloudName"), QStringLiteral("Sandbox")},
                            {QStringLiteral("authorityTenant"), QStringLiteral("organizations")},
                            {QStringLiteral("kind"), QStringLiteral("device-code")}};
        if (!cloud.isUndefined())
            account.insert(QStringLiteral("cloud"), cloud);
        QFile f(path(QStringLiteral("config/accounts.json")));
        ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(QJsonDocument(
                    QJsonObject{{QStringLiteral("version"), 1}, {QStringLiteral("accounts"), QJsonArray{account}}})
                    .toJson());
    }
    QJsonObject sandboxCloud() const { return QJsonDocument::fromJson(sandbox->cloudJson()).object(); }
    QList<QPair<const char *, QJsonValue>> variants() const
    {
        QJsonObject offLoopback = sandboxCloud();
        offLoopback.insert(QStringLiteral("loginEndpoint"), QStringLiteral("http://login.example.com"));
        // What an earlier version may have saved: ARM's real audience from Microsoft's sign-in, elsewhere.
        QJsonObject refused = sandboxCloud();
        refused.insert(QStringLiteral("loginEndpoint"), MicrosoftLogin);
        refused.insert(QStringLiteral("armScope"), QStringLiteral("https://management.azure.com/.default"));
        return {{"missing", QJsonValue(QJsonValue::Undefined)},
                {"empty object", QJsonObject()},
                {"a string", QStringLiteral("Sandbox")},
                {"http:// login off loopback", offLoopback},
                {"a scope the rule refuses", refused}};
    }
    const QString AdminObjectId = scenario::Admin.objectId;
};

TEST_F(InvalidAccountCloudTest, EveryArmCommandSaysWhichAccountsCloudIsInvalidAndWhatToRun)
{
    const QList<QStringList> commands{{QStringLiteral("partner"), QStringLiteral("show")},
                                      {QStringLiteral("directory"), QStringLiteral("list")},
                                      {QStringLiteral("directory"), QStringLiteral("verify-all"),
                                       QStringLiteral("--partner-id"), QStringLiteral("1234567")},
                                      {QStringLiteral("attribution"), QStringLiteral("show")}};
    for (const auto &[name, cloud] : variants()) {
        writeAccount(cloud);
        for (const QStringList &command : commands) {
            const Outcome run = palctl(command);
            const std::string what = std::string(name) + ": " + command.join(QLatin1Char(' ')).toStdString();
            EXPECT_TRUE(run.exitCode == 2 || run.exitCode == 3) << what << "\n" << run;
            EXPECT_TRUE(run.errText().contains(AdminUser)) << what << "\n" << run;
            EXPECT_TRUE(run.errText().contains(QStringLiteral("cloud register --force"))) << what << "\n" << run;
            EXPECT_TRUE(run.errText().contains(QStringLiteral("sign in again"))) << what << "\n" << run;
        }
    }
    EXPECT_EQ(sandbox->requestCount(), 0) << "nothing was sent";
}

TEST_F(InvalidAccountCloudTest, RegisteringTheCloudAgainWithForceRepairsTheAccount)
{
    writeAccount(QJsonObject());
    Outcome run = palctl({QStringLiteral("cloud"), QStringLiteral("register"), QStringLiteral("--file"),
                          path(QStringLiteral("sandbox-cloud.json"))});
    EXPECT_EQ(run.exitCode, 2) << "the account's copy differs: --force first\n" << run;
    EXPECT_TRUE(run.errText().contains(AdminUser)) << run;
    run = palctl({QStringLiteral("cloud"), QStringLiteral("register"), QStringLiteral("--file"),
                  path(QStringLiteral("sandbox-cloud.json")), QStringLiteral("--force")});
    ASSERT_EQ(run.exitCode, 0) << run;
    // Its cloud is valid again; its tokens were never here (no keychain): a sign-in is what it needs.
    run = palctl({QStringLiteral("partner"), QStringLiteral("show")});
    EXPECT_EQ(run.exitCode, 3) << run;
    EXPECT_FALSE(run.errText().contains(QStringLiteral("not valid"))) << run;
}
