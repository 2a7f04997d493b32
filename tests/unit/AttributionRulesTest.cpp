// The article's rules applied to single resources as the services list them (known, unknown and
// half-known shapes), the report's JSON (palctl's shape), the cloud's Power Platform endpoints,
// and the pipeline's Power BI error mapping.
#include "AttributionRules.h"
#include "ArmPipeline.h"
#include "AttributionReport.h"
#include "CloudEnvironment.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <gtest/gtest.h>

using pal::AttributionIdentity;
using pal::Classified;
using Ownership = pal::Classified::Ownership;

namespace {

const QString Me = QStringLiteral("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d");
const QString Pat = QStringLiteral("0b1c2d3e-0000-4000-8000-00000000000a");

AttributionIdentity me()
{
    AttributionIdentity i;
    i.objectId = Me;
    i.username = QStringLiteral("admin@contoso-partner.example");
    i.clientId = QStringLiteral("04b07795-8ddb-461a-bbee-02f9e1bf7b46");
    return i;
}

QJsonObject json(const char *text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

QJsonObject app(const QString &owner)
{
    return QJsonObject{
        {QStringLiteral("name"), QStringLiteral("a1")},
        {QStringLiteral("properties"),
         QJsonObject{{QStringLiteral("displayName"), QStringLiteral("Expense Tracker")},
                     {QStringLiteral("lastModifiedTime"), QStringLiteral("2026-02-03T10:15:00.1234567Z")},
                     {QStringLiteral("owner"), QJsonObject{{QStringLiteral("id"), owner},
                                                           {QStringLiteral("displayName"), QStringLiteral("Pat")}}}}}};
}

QJsonObject permission(const char *role, const QString &principal, const char *type = "User")
{
    return QJsonObject{
        {QStringLiteral("properties"),
         QJsonObject{{QStringLiteral("roleName"), QLatin1String(role)},
                     {QStringLiteral("principal"),
                      QJsonObject{{QStringLiteral("id"), principal}, {QStringLiteral("type"), QLatin1String(type)}}}}}};
}

} // namespace

TEST(AttributionRules, AnAppYouOwnIsCreditedWithItsEnvironmentAndTime)
{
    const Classified c = pal::classifyApp(app(Me.toUpper()), QStringLiteral("Contoso Production"), me());
    EXPECT_EQ(c.ownership, Ownership::Credited);
    EXPECT_EQ(c.item.name, QStringLiteral("Expense Tracker"));
    EXPECT_EQ(c.item.container, QStringLiteral("Contoso Production"));
    EXPECT_EQ(c.item.why, QStringLiteral("owner"));
    EXPECT_EQ(c.item.lastModified.toUTC().toString(Qt::ISODate), QStringLiteral("2026-02-03T10:15:00Z"));
}

TEST(AttributionRules, AnAppOwnedBySomeoneElseAsksForItsCoOwners)
{
    const Classified c = pal::classifyApp(app(Pat), QStringLiteral("Env"), me());
    ASSERT_EQ(c.ownership, Ownership::AskPermissions);
    EXPECT_EQ(c.item.ownerName, QStringLiteral("Pat"));

    EXPECT_EQ(pal::classifyAppPermissions(c, {permission("Owner", Pat), permission("CanEdit", Me)}, 0, me()).ownership,
              Ownership::Credited)
        << "a co-owner (CanEdit) is credited";
    EXPECT_EQ(pal::classifyAppPermissions(c, {permission("Owner", Pat), permission("CanView", Me)}, 0, me()).ownership,
              Ownership::Other)
        << "a viewer is not";
    const Classified group =
        pal::classifyAppPermissions(c, {permission("Owner", Pat), permission("CanEdit", Pat, "Group")}, 0, me());
    EXPECT_EQ(group.ownership, Ownership::CannotTell) << "co-ownership through a group depends on membership";
    EXPECT_FALSE(group.item.why.isEmpty());
    EXPECT_EQ(pal::classifyAppPermissions(c, {permission("Owner", Pat)}, 1, me()).ownership, Ownership::CannotTell)
        << "an entry PAL Desk could not read may be the co-owner";
    EXPECT_EQ(pal::classifyAppPermissions(c, {permission("Owner", Pat), QJsonObject{}}, 0, me()).ownership,
              Ownership::CannotTell);
}

TEST(AttributionRules, AnAppWithoutAnOwnerFieldIsCannotTellNeverSomeoneElse)
{
    for (const char *shape : {R"({"name":"a1","properties":{"displayName":"X"}})",
                              R"({"name":"a1","properties":{"displayName":"X","owner":"someone"}})",
                              R"({"name":"a1","properties":{"displayName":"X","owner":{"objectId":"x"}}})",
                              R"({"name":"a1","properties":[1,2]})"}) {
        const Classified c = pal::classifyApp(json(shape), QStringLiteral("Env"), me());
        EXPECT_EQ(c.ownership, Ownership::CannotTell) << shape;
        EXPECT_FALSE(c.item.why.isEmpty()) << shape;
    }
}

TEST(AttributionRules, AFlowIsCreditedToItsCreatorOnly)
{
    const auto flow = [](const QString &creator) {
        return QJsonObject{
            {QStringLiteral("name"), QStringLiteral("f1")},
            {QStringLiteral("properties"),
             QJsonObject{{QStringLiteral("displayName"), QStringLiteral("Approve expenses")},
                         {QStringLiteral("creator"), QJsonObject{{QStringLiteral("objectId"), creator}}}}}};
    };
    EXPECT_EQ(pal::classifyFlow(flow(Me), QStringLiteral("Env"), me()).ownership, Ownership::Credited);
    const Classified other = pal::classifyFlow(flow(Pat), QStringLiteral("Env"), me());
    EXPECT_EQ(other.ownership, Ownership::Other);
    EXPECT_EQ(other.item.ownerId, Pat);
    EXPECT_EQ(pal::classifyFlow(json(R"({"name":"f1","properties":{"displayName":"X","creator":{}}})"),
                                QStringLiteral("Env"), me())
                  .ownership,
              Ownership::CannotTell);
}

TEST(AttributionRules, ADatasetIsCreditedToItsPublisherByUserName)
{
    const auto dataset = [](const char *by) {
        return QJsonObject{{QStringLiteral("id"), QStringLiteral("d1")},
                           {QStringLiteral("name"), QStringLiteral("Expenses")},
                           {QStringLiteral("configuredBy"), QLatin1String(by)},
                           {QStringLiteral("createdDate"), QStringLiteral("2026-02-04T09:00:00Z")}};
    };
    EXPECT_EQ(pal::classifyDataset(dataset("Admin@Contoso-Partner.example"), QStringLiteral("Finance"),
                                   QStringLiteral("w1"), me())
                  .ownership,
              Ownership::Credited);
    EXPECT_EQ(
        pal::classifyDataset(dataset("pat@tailspintoys.example"), QStringLiteral("Finance"), QStringLiteral("w1"), me())
            .ownership,
        Ownership::Other);
    EXPECT_EQ(pal::classifyDataset(QJsonObject{{QStringLiteral("id"), QStringLiteral("d1")}}, QStringLiteral("F"),
                                   QStringLiteral("w1"), me())
                  .ownership,
              Ownership::CannotTell);

    AttributionIdentity app;
    app.objectId = QStringLiteral("b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e");
    app.username = app.clientId = QStringLiteral("8f2c6a1e-5b3d-4e7f-9a0c-2d4b6e8f0a11");
    app.servicePrincipal = true;
    EXPECT_EQ(pal::classifyDataset(dataset("pat@tailspintoys.example"), QStringLiteral("F"), QStringLiteral("w1"), app)
                  .ownership,
              Ownership::CannotTell)
        << "how Power BI names a service principal as publisher is not documented";
}

TEST(AttributionRules, AGuestPublishesUnderItsB2BUserName)
{
    EXPECT_TRUE(pal::samePublisher(QStringLiteral("admin_contoso-partner.example#EXT#@fabrikam.onmicrosoft.com"),
                                   QStringLiteral("admin@contoso-partner.example")));
    EXPECT_FALSE(pal::samePublisher(QStringLiteral("pat_tailspintoys.example#EXT#@fabrikam.onmicrosoft.com"),
                                    QStringLiteral("admin@contoso-partner.example")));
    EXPECT_FALSE(pal::samePublisher(QString(), QStringLiteral("admin@contoso-partner.example")));
}

TEST(AttributionReport, TheJsonHasPalctlsShape)
{
    pal::AttributionReport report;
    report.tenantId = QStringLiteral("7d3c1b2a-0f4e-4c6d-9a8b-1e2f3a4b5c6d");
    report.directoryName = QStringLiteral("Contoso Partner");
    report.objectId = Me;
    report.username = QStringLiteral("admin@contoso-partner.example");
    pal::ProductAttribution apps;
    apps.product = pal::AttributedProduct::PowerApps;
    apps.credited << pal::classifyApp(app(Me), QStringLiteral("Env"), me()).item;
    pal::AttributionItem other = pal::classifyApp(app(Pat), QStringLiteral("Env"), me()).item;
    apps.others << other;
    report.products << apps;

    const QJsonObject o = report.toJson();
    EXPECT_EQ(o[QStringLiteral("directory")][QStringLiteral("tenantId")].toString(), report.tenantId);
    EXPECT_EQ(o[QStringLiteral("directory")][QStringLiteral("displayName")].toString(), report.directoryName);
    EXPECT_EQ(o[QStringLiteral("identity")][QStringLiteral("objectId")].toString(), Me);
    EXPECT_EQ(o[QStringLiteral("identity")][QStringLiteral("username")].toString(), report.username);
    const QJsonObject p = o[QStringLiteral("products")].toArray().at(0).toObject();
    EXPECT_EQ(p[QStringLiteral("product")].toString(), QStringLiteral("powerApps"));
    EXPECT_EQ(p[QStringLiteral("state")].toString(), QStringLiteral("checked"));
    EXPECT_TRUE(p[QStringLiteral("rule")].toString().contains(QLatin1String("owner or co-owner")));
    EXPECT_FALSE(p[QStringLiteral("message")].toString().isEmpty());
    const QJsonObject item = p[QStringLiteral("others")].toArray().at(0).toObject();
    for (const char *key : {"id", "name", "container", "owner", "lastModified"})
        EXPECT_TRUE(item.contains(QLatin1String(key))) << key;
    EXPECT_EQ(item[QStringLiteral("owner")][QStringLiteral("id")].toString(), Pat);
    EXPECT_EQ(item[QStringLiteral("owner")][QStringLiteral("name")].toString(), QStringLiteral("Pat"));
    EXPECT_EQ(item[QStringLiteral("lastModified")].toString(), QStringLiteral("2026-02-03T10:15:00Z"));
    EXPECT_EQ(apps.verdict(), pal::ProductAttribution::Verdict::PartlyCredited);
    EXPECT_TRUE(apps.verdictText().contains(QLatin1String("1 of 2")));
    EXPECT_FALSE(apps.whatToDo().isEmpty());
    EXPECT_EQ(report.summary(), QStringLiteral("not credited"));
}

TEST(PowerPlatformCloud, ThePublicCloudNamesTheFourServicesAndTheirScopes)
{
    using S = pal::PowerPlatformService;
    const pal::CloudEnvironment c = pal::CloudEnvironment::azureCloud();
    EXPECT_EQ(c.powerPlatformEndpoint(S::Bap).toString(), QStringLiteral("https://api.bap.microsoft.com"));
    EXPECT_EQ(c.powerPlatformEndpoint(S::PowerApps).toString(), QStringLiteral("https://api.powerapps.com"));
    EXPECT_EQ(c.powerPlatformEndpoint(S::Flow).toString(), QStringLiteral("https://api.flow.microsoft.com"));
    EXPECT_EQ(c.powerPlatformEndpoint(S::PowerBi).toString(), QStringLiteral("https://api.powerbi.com"));
    EXPECT_EQ(c.powerPlatformScope(S::PowerApps), QStringLiteral("https://service.powerapps.com//.default"));
    EXPECT_EQ(c.powerPlatformScope(S::Bap), QStringLiteral("https://service.powerapps.com//.default"));
    EXPECT_EQ(c.powerPlatformScope(S::Flow), QStringLiteral("https://service.flow.microsoft.com//.default"));
    EXPECT_EQ(c.powerPlatformScope(S::PowerBi), QStringLiteral("https://analysis.windows.net/powerbi/api/.default"));
    EXPECT_TRUE(pal::CloudEnvironment::azureUSGovernment().powerPlatformEndpoint(S::PowerApps).isEmpty())
        << "GCC High and DoD share the sign-in but not the hosts";
    EXPECT_TRUE(pal::CloudEnvironment::azureChinaCloud().powerPlatformEndpoint(S::Flow).isEmpty());
    EXPECT_EQ(pal::CloudEnvironment::azureChinaCloud().powerPlatformScope(S::PowerBi),
              QStringLiteral("https://analysis.chinacloudapi.cn/powerbi/api/.default"));
}

TEST(PowerPlatformCloud, ThePortalLinkIsTheArticlesAndSovereignPortalsKeepTheirHost)
{
    EXPECT_EQ(pal::CloudEnvironment::azureCloud().partnerLinkBladeUrl().toString(),
              QStringLiteral("https://portal.azure.com/#blade/Microsoft_Azure_Billing/managementpartnerblade"));
    EXPECT_EQ(pal::CloudEnvironment::azureChinaCloud().partnerLinkBladeUrl().toString(),
              QStringLiteral("https://portal.azure.cn/#blade/Microsoft_Azure_Billing/managementpartnerblade"));
    EXPECT_EQ(pal::CloudEnvironment::azureUSGovernment().partnerLinkBladeUrl().host(),
              QStringLiteral("portal.azure.us"));
    const auto custom = pal::CloudEnvironment::create(QStringLiteral("Lab"), QStringLiteral("https://login.lab"),
                                                      QStringLiteral("https://arm.lab"));
    ASSERT_TRUE(custom);
    EXPECT_TRUE(custom->partnerLinkBladeUrl().isEmpty()) << "no portal, no link";
}

TEST(PowerPlatformCloud, ACustomCloudNamesEndpointsAndAudiencesAndKeepsThem)
{
    const QJsonObject file =
        json(R"({"name":"Lab","loginEndpoint":"https://login.lab","resourceManagerEndpoint":"https://arm.lab",
        "powerPlatformEndpoints":{"bap":"https://bap.lab/","powerBi":"https://pbi.lab"},
        "powerPlatformAudiences":{"powerBi":"https://pbi.lab/api"}})");
    const auto cloud = pal::CloudEnvironment::fromJson(file);
    ASSERT_TRUE(cloud) << qPrintable(cloud.error().message);
    using S = pal::PowerPlatformService;
    EXPECT_EQ(cloud->powerPlatformEndpoint(S::Bap).toString(), QStringLiteral("https://bap.lab"));
    EXPECT_TRUE(cloud->powerPlatformEndpoint(S::PowerApps).isEmpty()) << "each key is optional";
    EXPECT_EQ(cloud->powerPlatformScope(S::PowerBi), QStringLiteral("https://pbi.lab/api/.default"));
    EXPECT_EQ(cloud->powerPlatformScope(S::Flow), QStringLiteral("https://service.flow.microsoft.com//.default"));
    const auto again = pal::CloudEnvironment::fromJson(cloud->toJson());
    ASSERT_TRUE(again);
    EXPECT_EQ(again->toJson(), cloud->toJson());
    EXPECT_EQ(cloud->toJson()[QStringLiteral("powerPlatformEndpoints")][QStringLiteral("powerBi")].toString(),
              QStringLiteral("https://pbi.lab"));
}

TEST(PowerPlatformCloud, ABadPowerPlatformEntryIsRefusedAndNamed)
{
    const QByteArray base =
        R"({"name":"Lab","loginEndpoint":"https://login.lab","resourceManagerEndpoint":"https://arm.lab",)";
    const QList<QPair<QByteArray, const char *>> cases{
        {R"("powerPlatformEndpoints":{"powerapps":"https://x.lab"}})", "powerapps"},
        {R"("powerPlatformEndpoints":{"flow":"http://flow.example.com"}})", "Power Automate"},
        {R"("powerPlatformEndpoints":{"bap":42}})", "bap"},
        {R"("powerPlatformEndpoints":"https://x.lab"})", "powerPlatformEndpoints"},
        {R"("powerPlatformAudiences":{"powerBi":"https://pbi.lab/api/.default"}})", "/.default"},
        {R"("powerPlatformAudiences":{"flow":"two words"}})", "Power Automate"},
    };
    for (const auto &[tail, named] : cases) {
        const auto cloud = pal::CloudEnvironment::fromJson(QJsonDocument::fromJson(base + tail).object());
        ASSERT_FALSE(cloud) << tail.constData();
        EXPECT_EQ(cloud.error().kind, pal::AzureError::Kind::InvalidInput);
        EXPECT_TRUE(cloud.error().message.contains(QLatin1String(named))) << qPrintable(cloud.error().message);
    }
}

TEST(PowerPlatformErrors, PowerBisErrorShapeGivesItsCodeAndDetail)
{
    const QByteArray body = R"({"error":{"code":"PowerBIEntityNotFound","pbi.error":{"code":"PowerBIEntityNotFound",
        "parameters":{},"details":[{"code":"Reason","detail":{"type":1,"value":"Workspace not found"}}]}}})";
    const pal::AzureError e =
        pal::armErrorFromResponse(404, body, QStringLiteral("rid"), {}, QStringLiteral("Power BI"));
    EXPECT_EQ(e.kind, pal::AzureError::Kind::NotFound);
    EXPECT_EQ(e.code, QStringLiteral("PowerBIEntityNotFound"));
    EXPECT_EQ(e.message, QStringLiteral("Workspace not found"));
    EXPECT_EQ(e.requestId, QStringLiteral("rid"));
    const pal::AzureError bare =
        pal::armErrorFromResponse(500, {}, QStringLiteral("rid"), {}, QStringLiteral("Power BI"));
    EXPECT_TRUE(bare.message.contains(QLatin1String("Power BI"))) << qPrintable(bare.message);
}
