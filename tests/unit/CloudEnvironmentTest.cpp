#include "CloudEnvironment.h"

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

// ---- the ARM scope names the ARM endpoint's resource ----

TEST(CloudEnvironment, ArmScopeMustNameTheArmEndpointsResource)
{
    auto cloud = [](const QString &arm, const QString &scope) {
        return CloudEnvironment::create(QStringLiteral("Custom"), QStringLiteral("https://login.example"), arm, scope);
    };
    // The endpoint's own resource, with or without trailing slashes, .default or a permission.
    for (const QString &scope :
         {QStringLiteral("https://arm.example/.default"), QStringLiteral("https://arm.example//.default"),
          QStringLiteral("https://ARM.example/user_impersonation"), QString()})
        EXPECT_TRUE(cloud(QStringLiteral("https://arm.example"), scope)) << qPrintable(scope);
    EXPECT_TRUE(cloud(QStringLiteral("http://127.0.0.1:8400"), QStringLiteral("http://127.0.0.1:8400/.default")));
    EXPECT_TRUE(
        cloud(QStringLiteral("https://arm.example/stack"), QStringLiteral("https://arm.example/stack/.default")));
    // The resource Entra knows for a public ARM endpoint (the Azure CLI's scope).
    EXPECT_TRUE(cloud(QStringLiteral("https://management.azure.com"),
                      QStringLiteral("https://management.core.windows.net//.default")));
    EXPECT_TRUE(cloud(QStringLiteral("https://management.chinacloudapi.cn"),
                      QStringLiteral("https://management.core.chinacloudapi.cn//.default")));
    EXPECT_TRUE(cloud(QStringLiteral("https://management.usgovcloudapi.net"),
                      QStringLiteral("https://management.core.usgovcloudapi.net//.default")));

    // Anything else would have ARM tokens minted for another host.
    const QList<QPair<QString, QString>> refused{
        {QStringLiteral("https://arm.example"), QStringLiteral("https://graph.microsoft.com/.default")},
        {QStringLiteral("https://arm.example"), QStringLiteral("https://management.azure.com/.default")},
        {QStringLiteral("https://arm.example"), QStringLiteral("https://arm.example.evil.test/.default")},
        {QStringLiteral("https://arm.example"), QStringLiteral("https://arm.example:8443/.default")},
        {QStringLiteral("https://arm.example"), QStringLiteral("http://arm.example/.default")},
        {QStringLiteral("https://arm.example"), QStringLiteral("https://arm.example/other/.default")},
        {QStringLiteral("https://arm.example"), QStringLiteral("https://arm.example/")},
        {QStringLiteral("https://arm.example"), QStringLiteral(".default")},
        {QStringLiteral("https://arm.example"), QStringLiteral("00000003-0000-0000-c000-000000000000/.default")},
        {QStringLiteral("https://arm.example"), QStringLiteral("https://management.core.windows.net//.default")},
        {QStringLiteral("https://management.azure.com"),
         QStringLiteral("https://management.core.chinacloudapi.cn/.default")}};
    for (const auto &[arm, scope] : refused) {
        const auto c = cloud(arm, scope);
        ASSERT_FALSE(c) << qPrintable(arm) << " " << qPrintable(scope);
        EXPECT_EQ(c.error().kind, pal::AzureError::Kind::InvalidInput);
        EXPECT_TRUE(c.error().message.contains(QStringLiteral("is not for the Resource Manager endpoint")))
            << qPrintable(c.error().message);
    }
    // The message says what the scope must be.
    const auto c = cloud(QStringLiteral("https://management.azure.com"), QStringLiteral("https://evil.test/.default"));
    ASSERT_FALSE(c);
    EXPECT_TRUE(c.error().message.contains(QStringLiteral("https://management.azure.com/.default")));
    EXPECT_TRUE(c.error().message.contains(QStringLiteral("https://management.core.windows.net//.default")));
}

TEST(CloudEnvironment, BuiltInCloudsFollowTheArmScopeRule)
{
    for (const CloudEnvironment &c : CloudEnvironment::builtInClouds())
        EXPECT_TRUE(CloudEnvironment::isArmScopeFor(c.resourceManagerEndpoint, c.armScope, nullptr))
            << qPrintable(c.name);
}
