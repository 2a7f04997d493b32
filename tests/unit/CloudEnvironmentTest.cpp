#include "CloudEnvironment.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <gtest/gtest.h>

using pal::CloudEnvironment;

namespace {
QString writeFile(const QTemporaryDir &dir, const char *name, const QByteArray &content)
{
    const QString path = dir.filePath(QString::fromLatin1(name));
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(content);
    return path;
}
} // namespace

TEST(CloudEnvironment, BuiltInClouds)
{
    const auto clouds = CloudEnvironment::builtInClouds();
    ASSERT_EQ(clouds.size(), 3);
    const CloudEnvironment pub = CloudEnvironment::azureCloud();
    EXPECT_EQ(pub.name, QStringLiteral("AzureCloud"));
    EXPECT_EQ(pub.loginHost(), QStringLiteral("login.microsoftonline.com"));
    EXPECT_EQ(pub.resourceManagerEndpoint, QUrl(QStringLiteral("https://management.azure.com")));
    EXPECT_EQ(pub.armScope, QStringLiteral("https://management.azure.com/.default"));
    EXPECT_EQ(pub.portalUrl, QUrl(QStringLiteral("https://portal.azure.com")));
    EXPECT_TRUE(pub.builtIn);
    EXPECT_EQ(CloudEnvironment::azureChinaCloud().loginHost(), QStringLiteral("login.chinacloudapi.cn"));
    EXPECT_EQ(CloudEnvironment::azureChinaCloud().resourceManagerEndpoint.host(),
              QStringLiteral("management.chinacloudapi.cn"));
    EXPECT_EQ(CloudEnvironment::azureUSGovernment().loginHost(), QStringLiteral("login.microsoftonline.us"));
    EXPECT_EQ(CloudEnvironment::azureUSGovernment().resourceManagerEndpoint.host(),
              QStringLiteral("management.usgovcloudapi.net"));
    ASSERT_TRUE(CloudEnvironment::findBuiltIn(QStringLiteral("azurechinacloud")));
    EXPECT_EQ(CloudEnvironment::findBuiltIn(QStringLiteral("azurechinacloud"))->name,
              QStringLiteral("AzureChinaCloud"));
    EXPECT_FALSE(CloudEnvironment::findBuiltIn(QStringLiteral("AzureGermanCloud")));
    EXPECT_EQ(pub.authority(QStringLiteral("organizations")),
              QUrl(QStringLiteral("https://login.microsoftonline.com/organizations")));
}

TEST(CloudEnvironment, CustomCloudFromJsonDefaultsTheScope)
{
    const auto c = CloudEnvironment::fromJson(
        QJsonObject{{QStringLiteral("name"), QStringLiteral("Sandbox")},
                    {QStringLiteral("loginEndpoint"), QStringLiteral("http://127.0.0.1:8400/")},
                    {QStringLiteral("resourceManagerEndpoint"), QStringLiteral("http://127.0.0.1:8400")}});
    ASSERT_TRUE(c) << qPrintable(c.error().message);
    EXPECT_EQ(c->armScope, QStringLiteral("http://127.0.0.1:8400/.default"));
    EXPECT_EQ(c->loginEndpoint, QUrl(QStringLiteral("http://127.0.0.1:8400")));
    EXPECT_FALSE(c->builtIn);
    const auto again = CloudEnvironment::fromJson(c->toJson());
    ASSERT_TRUE(again);
    EXPECT_EQ(again->resourceManagerEndpoint, c->resourceManagerEndpoint);
}

TEST(CloudEnvironment, PlainHttpOnlyOnLoopback)
{
    for (const char *ok :
         {"http://127.0.0.1:1", "http://localhost:8080", "http://[::1]:9", "https://arm.contoso.com"}) {
        EXPECT_TRUE(CloudEnvironment::create(QStringLiteral("c"), QString::fromLatin1(ok), QString::fromLatin1(ok)))
            << ok;
    }
    for (const char *bad : {"http://10.0.0.1", "http://management.contoso.com", "ftp://127.0.0.1", "not a url",
                            "https://arm.contoso.com?x=1"}) {
        const auto c = CloudEnvironment::create(QStringLiteral("c"), QStringLiteral("https://login.contoso.com"),
                                                QString::fromLatin1(bad));
        ASSERT_FALSE(c) << bad;
        EXPECT_EQ(c.error().kind, pal::AzureError::Kind::InvalidInput);
        EXPECT_TRUE(c.error().message.contains(QStringLiteral("Resource Manager endpoint"))) << bad;
    }
    const auto c = CloudEnvironment::create(QStringLiteral("c"), QStringLiteral("http://login.contoso.com"),
                                            QStringLiteral("https://arm.contoso.com"));
    ASSERT_FALSE(c);
    EXPECT_TRUE(c.error().message.contains(QStringLiteral("not loopback")));
}

TEST(CloudEnvironment, FieldsAreCheckedByName)
{
    auto c = CloudEnvironment::fromJson(QJsonObject{{QStringLiteral("name"), QStringLiteral("x")}});
    ASSERT_FALSE(c);
    EXPECT_TRUE(c.error().message.contains(QStringLiteral("loginEndpoint")));
    c = CloudEnvironment::create(QStringLiteral("bad name!"), QStringLiteral("https://a.b"),
                                 QStringLiteral("https://a.b"));
    ASSERT_FALSE(c);
    EXPECT_TRUE(c.error().message.contains(QStringLiteral("bad name!")));
}

TEST(CloudEnvironment, LoadFileWithOneOrManyClouds)
{
    QTemporaryDir dir;
    const QString one = writeFile(
        dir, "one.json",
        R"({"name":"Stack","loginEndpoint":"https://login.stack.local","resourceManagerEndpoint":"https://arm.stack.local","armScope":"https://arm.stack.local/.default"})");
    auto clouds = CloudEnvironment::loadFile(one);
    ASSERT_TRUE(clouds) << qPrintable(clouds.error().message);
    ASSERT_EQ(clouds->size(), 1);
    EXPECT_EQ(clouds->at(0).name, QStringLiteral("Stack"));

    const QString many = writeFile(dir, "many.json",
                                   R"([{"name":"A","loginEndpoint":"https://a","resourceManagerEndpoint":"https://a"},
                                       {"name":"B","loginEndpoint":"http://127.0.0.1:5","resourceManagerEndpoint":"http://127.0.0.1:5"}])");
    clouds = CloudEnvironment::loadFile(many);
    ASSERT_TRUE(clouds) << qPrintable(clouds.error().message);
    EXPECT_EQ(clouds->size(), 2);
}

TEST(CloudEnvironment, MalformedFileNamesFilePositionAndProblem)
{
    QTemporaryDir dir;
    const QString path = writeFile(dir, "broken.json", "{\n  \"name\": \"A\",\n  \"loginEndpoint\" \"https://a\"\n}\n");
    const auto clouds = CloudEnvironment::loadFile(path);
    ASSERT_FALSE(clouds);
    const QString m = clouds.error().message;
    EXPECT_TRUE(m.startsWith(path)) << qPrintable(m);
    // Line 3 is `  "loginEndpoint" "https://a"`: the value where ':' belongs starts at column 19.
    EXPECT_TRUE(m.contains(QStringLiteral("line 3, column 19: missing name separator"))) << qPrintable(m);

    const QString bad =
        writeFile(dir, "bad.json",
                  R"([{"name":"A","loginEndpoint":"https://a","resourceManagerEndpoint":"http://example.com"}])");
    const auto c = CloudEnvironment::loadFile(bad);
    ASSERT_FALSE(c);
    EXPECT_TRUE(c.error().message.contains(QStringLiteral("entry 1"))) << qPrintable(c.error().message);
    EXPECT_TRUE(c.error().message.contains(QStringLiteral("http://example.com")));

    const auto missing = CloudEnvironment::loadFile(dir.filePath(QStringLiteral("nope.json")));
    ASSERT_FALSE(missing);
    EXPECT_TRUE(missing.error().message.contains(QStringLiteral("nope.json")));

    const auto scalar = CloudEnvironment::loadFile(writeFile(dir, "scalar.json", "[1]"));
    ASSERT_FALSE(scalar);
    EXPECT_TRUE(scalar.error().message.contains(QStringLiteral("not an object")));
}

// ---- where tokens may go (TokenAudienceRule, issue 17) ----

namespace {
const QString microsoftLogin = QStringLiteral("https://login.microsoftonline.com");

pal::Expected<CloudEnvironment> armCloud(const QString &login, const QString &arm, const QString &scope,
                                         pal::ForeignAudience foreign = pal::ForeignAudience::Refuse)
{
    return CloudEnvironment::create(QStringLiteral("Custom"), login, arm, scope, QString(), foreign);
}

pal::Expected<CloudEnvironment> powerBiCloud(const QString &login, const QString &endpoint, const QString &audience,
                                             pal::ForeignAudience foreign = pal::ForeignAudience::Refuse)
{
    QJsonObject o{{QStringLiteral("name"), QStringLiteral("Custom")},
                  {QStringLiteral("loginEndpoint"), login},
                  {QStringLiteral("resourceManagerEndpoint"), QStringLiteral("https://management.azure.com")},
                  {QStringLiteral("powerPlatformEndpoints"), QJsonObject{{QStringLiteral("powerBi"), endpoint}}}};
    if (!audience.isEmpty())
        o.insert(QStringLiteral("powerPlatformAudiences"), QJsonObject{{QStringLiteral("powerBi"), audience}});
    return CloudEnvironment::fromJson(o, foreign);
}
} // namespace

TEST(CloudEnvironment, ArmScopeOfTheEndpointsOwnResourceIsAccepted)
{
    // The endpoint's own resource, with or without trailing slashes, .default or a permission.
    for (const QString &login : {QStringLiteral("https://login.example"), microsoftLogin}) {
        for (const QString &scope :
             {QStringLiteral("https://arm.example/.default"), QStringLiteral("https://arm.example//.default"),
              QStringLiteral("https://ARM.example/user_impersonation"), QString()})
            EXPECT_TRUE(armCloud(login, QStringLiteral("https://arm.example"), scope)) << qPrintable(scope);
        EXPECT_TRUE(armCloud(login, QStringLiteral("https://arm.example/stack"),
                             QStringLiteral("https://arm.example/stack/.default")));
        // The resource Entra knows for a public ARM endpoint (the Azure CLI's scope).
        EXPECT_TRUE(armCloud(login, QStringLiteral("https://management.azure.com"),
                             QStringLiteral("https://management.core.windows.net//.default")));
        EXPECT_TRUE(armCloud(login, QStringLiteral("https://management.chinacloudapi.cn"),
                             QStringLiteral("https://management.core.chinacloudapi.cn//.default")));
        EXPECT_TRUE(armCloud(login, QStringLiteral("https://management.usgovcloudapi.net"),
                             QStringLiteral("https://management.core.usgovcloudapi.net//.default")));
    }
    EXPECT_TRUE(armCloud(QStringLiteral("http://127.0.0.1:8400"), QStringLiteral("http://127.0.0.1:8400"),
                         QStringLiteral("http://127.0.0.1:8400/.default")));
}

TEST(CloudEnvironment, AzureStackHubsOwnAudienceIsAccepted)
{
    // Azure Stack Hub with Entra: Microsoft's sign-in, an audience that is the hub's own app ID URI.
    const auto hub = armCloud(microsoftLogin, QStringLiteral("https://management.local.azurestack.external"),
                              QStringLiteral("https://management.contoso.onmicrosoft.com/"
                                             "3ef6c6d0-1c7b-4bd8-8f5a-2b1b9c1e6a11/.default"));
    ASSERT_TRUE(hub) << qPrintable(hub.error().message);
    EXPECT_TRUE(hub->trustedHosts.isEmpty());
    // Audiences of the user's own, under Microsoft's sign-in: nothing Microsoft's goes elsewhere.
    for (const QString &scope :
         {QStringLiteral("https://arm.example.evil.test/.default"), QStringLiteral("https://arm.example:8443/.default"),
          QStringLiteral("http://arm.example/.default"), QStringLiteral("https://arm.example/other/.default")})
        EXPECT_TRUE(armCloud(microsoftLogin, QStringLiteral("https://arm.example"), scope)) << qPrintable(scope);
}

TEST(CloudEnvironment, ArmsRealAudienceBehindASignInOfItsOwnIsAccepted)
{
    // An emulator or test double that checks ARM's real audience, behind its own (loopback) sign-in:
    // its tokens are worth nothing at Microsoft's services.
    for (const QString &login : {QStringLiteral("http://127.0.0.1:8400"), QStringLiteral("https://login.example")}) {
        for (const QString &scope : {QStringLiteral("https://management.azure.com/.default"),
                                     QStringLiteral("https://management.core.windows.net//.default"),
                                     QStringLiteral("https://graph.microsoft.com/.default"),
                                     QStringLiteral("https://management.core.chinacloudapi.cn/.default")})
            EXPECT_TRUE(armCloud(login, QStringLiteral("http://127.0.0.1:9000"), scope))
                << qPrintable(login) << " " << qPrintable(scope);
    }
}

TEST(CloudEnvironment, MicrosoftTokensForAKnownResourceOnAForeignHostAreRefused)
{
    // Real Microsoft tokens for a public or sovereign cloud's well-known resource, sent elsewhere.
    const QList<QPair<QString, QString>> refused{
        {QStringLiteral("https://arm.example"), QStringLiteral("https://graph.microsoft.com/.default")},
        {QStringLiteral("https://arm.example"), QStringLiteral("https://management.azure.com/.default")},
        {QStringLiteral("https://arm.example"), QStringLiteral("00000003-0000-0000-c000-000000000000/.default")},
        {QStringLiteral("https://arm.example"), QStringLiteral("797f4846-ba00-4fd7-ba43-dac1f8f63013/.default")},
        {QStringLiteral("https://arm.example"), QStringLiteral("https://management.core.windows.net//.default")},
        {QStringLiteral("https://arm.example"), QStringLiteral("https://MANAGEMENT.azure.com./user_impersonation")},
        {QStringLiteral("http://127.0.0.1:9000"), QStringLiteral("https://management.azure.com/.default")},
        {QStringLiteral("https://management.azure.com"),
         QStringLiteral("https://management.core.chinacloudapi.cn/.default")}};
    for (const QString &login :
         {microsoftLogin, QStringLiteral("https://login.chinacloudapi.cn"), QStringLiteral("https://login.windows.net"),
          QStringLiteral("https://login.microsoftonline.us"),
          QStringLiteral("https://LOGIN.partner.microsoftonline.cn")}) {
        for (const auto &[arm, scope] : refused) {
            const auto c = armCloud(login, arm, scope);
            ASSERT_FALSE(c) << qPrintable(login) << " " << qPrintable(arm) << " " << qPrintable(scope);
            EXPECT_EQ(c.error().kind, pal::AzureError::Kind::InvalidInput);
            EXPECT_EQ(c.error().code, QStringLiteral("ForeignTokenAudience"));
            // It names the host the tokens would go to.
            EXPECT_TRUE(c.error().message.contains(QUrl(arm).host())) << qPrintable(c.error().message);
        }
    }
    const auto c = armCloud(microsoftLogin, QStringLiteral("https://evil.test"),
                            QStringLiteral("https://management.azure.com/.default"));
    ASSERT_FALSE(c);
    EXPECT_TRUE(c.error().message.contains(QStringLiteral("The Resource Manager endpoint https://evil.test")))
        << qPrintable(c.error().message);
    EXPECT_TRUE(c.error().message.contains(QStringLiteral("management.azure.com"))) << qPrintable(c.error().message);
    EXPECT_TRUE(c.error().message.contains(QStringLiteral("login.microsoftonline.com")));
}

TEST(CloudEnvironment, TrustingAForeignHostRecordsIt)
{
    const auto c = armCloud(microsoftLogin, QStringLiteral("https://evil.test"),
                            QStringLiteral("https://management.azure.com/.default"), pal::ForeignAudience::Trust);
    ASSERT_TRUE(c) << qPrintable(c.error().message);
    EXPECT_EQ(c->trustedHosts, QStringList{QStringLiteral("evil.test")});
    EXPECT_EQ(c->foreignAudienceHosts(), QStringList{QStringLiteral("evil.test")});
    EXPECT_TRUE(c->checkAudiences());
    // Stored and read again, the trust stays (it is the user's); a cloud file cannot grant it.
    const auto again = CloudEnvironment::fromJson(c->toJson());
    ASSERT_TRUE(again) << qPrintable(again.error().message);
    EXPECT_EQ(again->trustedHosts, c->trustedHosts);
    QTemporaryDir dir;
    const QString file = writeFile(dir, "cloud.json", QJsonDocument(c->toJson()).toJson());
    const auto loaded = CloudEnvironment::loadFile(file);
    ASSERT_FALSE(loaded);
    EXPECT_EQ(loaded.error().code, QStringLiteral("ForeignTokenAudience"));
    // Trust of one host does not cover another.
    QJsonObject moved = c->toJson();
    moved.insert(QStringLiteral("resourceManagerEndpoint"), QStringLiteral("https://other.test"));
    EXPECT_FALSE(CloudEnvironment::fromJson(moved));
    // Malformed trusted hosts are refused.
    for (const QJsonValue &bad : {QJsonValue(QStringLiteral("evil.test")), QJsonValue(QJsonArray{1}),
                                  QJsonValue(QJsonArray{QStringLiteral("https://evil.test/")})}) {
        QJsonObject o = c->toJson();
        o.insert(QStringLiteral("trustedHosts"), bad);
        EXPECT_FALSE(CloudEnvironment::fromJson(o));
    }
}

TEST(CloudEnvironment, MalformedArmScopesAreRefusedWhateverTheSignIn)
{
    for (const QString &login : {QStringLiteral("https://login.example"), microsoftLogin})
        for (const QString &scope : {QStringLiteral("https://arm.example/"), QStringLiteral(".default"),
                                     QStringLiteral("not a scope/.default"), QStringLiteral("arm/.default")}) {
            const auto c = armCloud(login, QStringLiteral("https://arm.example"), scope);
            ASSERT_FALSE(c) << qPrintable(scope);
            EXPECT_EQ(c.error().kind, pal::AzureError::Kind::InvalidInput);
            EXPECT_TRUE(c.error().message.contains(QStringLiteral("ARM scope"))) << qPrintable(c.error().message);
        }
}

TEST(CloudEnvironment, PowerPlatformEndpointsFollowTheSameRule)
{
    // The real Power BI audience (the default) on a foreign host, under Microsoft's sign-in.
    const auto refused = powerBiCloud(microsoftLogin, QStringLiteral("https://powerbi.evil.test"), QString());
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, QStringLiteral("ForeignTokenAudience"));
    EXPECT_TRUE(refused.error().message.contains(QStringLiteral("The Power BI endpoint https://powerbi.evil.test")))
        << qPrintable(refused.error().message);
    EXPECT_TRUE(refused.error().message.contains(QStringLiteral("analysis.windows.net")));
    EXPECT_FALSE(powerBiCloud(microsoftLogin, QStringLiteral("https://powerbi.evil.test"),
                              QStringLiteral("https://analysis.windows.net/powerbi/api")));
    // Power Apps' audience on Power BI's host is another service's token: refused too.
    EXPECT_FALSE(powerBiCloud(microsoftLogin, QStringLiteral("https://api.powerbi.com"),
                              QStringLiteral("https://service.powerapps.com/")));
    // Through withPowerPlatform too (the GUI's way).
    const auto base = CloudEnvironment::create(QStringLiteral("Custom"), microsoftLogin,
                                               QStringLiteral("https://management.azure.com"));
    ASSERT_TRUE(base);
    const auto flow = base->withPowerPlatform(
        QJsonObject{{QStringLiteral("flow"), QStringLiteral("https://flow.evil.test")}}, QJsonObject());
    ASSERT_FALSE(flow);
    EXPECT_TRUE(flow.error().message.contains(QStringLiteral("flow.evil.test")));
    // Accepted: the service's own host, a sovereign pair, an audience of the user's own, a sign-in of its own.
    EXPECT_TRUE(powerBiCloud(microsoftLogin, QStringLiteral("https://api.powerbi.com"), QString()));
    EXPECT_TRUE(powerBiCloud(QStringLiteral("https://login.microsoftonline.us"),
                             QStringLiteral("https://api.high.powerbigov.us"),
                             QStringLiteral("https://high.analysis.usgovcloudapi.net/powerbi/api")));
    EXPECT_TRUE(powerBiCloud(microsoftLogin, QStringLiteral("https://powerbi.contoso.example"),
                             QStringLiteral("api://contoso-powerbi-proxy")));
    EXPECT_TRUE(
        powerBiCloud(QStringLiteral("http://127.0.0.1:8400"), QStringLiteral("http://127.0.0.1:8400"), QString()));
    // --force's way: trusted, and named.
    const auto trusted = powerBiCloud(microsoftLogin, QStringLiteral("https://powerbi.evil.test"), QString(),
                                      pal::ForeignAudience::Trust);
    ASSERT_TRUE(trusted);
    EXPECT_EQ(trusted->trustedHosts, QStringList{QStringLiteral("powerbi.evil.test")});
}

TEST(CloudEnvironment, BuiltInCloudsFollowTheArmScopeRule)
{
    for (const CloudEnvironment &c : CloudEnvironment::builtInClouds()) {
        EXPECT_TRUE(c.checkAudiences()) << qPrintable(c.name);
        EXPECT_TRUE(c.foreignAudienceHosts().isEmpty()) << qPrintable(c.name);
        EXPECT_TRUE(CloudEnvironment::fromJson(c.toJson())) << qPrintable(c.name);
    }
}
