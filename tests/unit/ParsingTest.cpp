// Parsing of what ARM sends: the official spec examples verbatim (tests/data/spec), the shapes
// seen in live traffic, and everything that must become a BadResponse instead of a half result.
#include "ArmPipeline.h"
#include "Directory.h"
#include "PartnerLink.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <gtest/gtest.h>

using pal::AzureError;
using pal::Directory;
using pal::PartnerLink;

namespace {

QJsonObject exampleBody(const QString &relativePath)
{
    QFile file(QStringLiteral(PAL_SPEC_DIR "/") + relativePath);
    EXPECT_TRUE(file.open(QIODevice::ReadOnly)) << qPrintable(file.fileName());
    const QJsonObject example = QJsonDocument::fromJson(file.readAll()).object();
    return example.value(QStringLiteral("responses"))
        .toObject()
        .value(QStringLiteral("200"))
        .toObject()
        .value(QStringLiteral("body"))
        .toObject();
}

QByteArray bodyBytes(const QString &relativePath)
{
    return QJsonDocument(exampleBody(relativePath)).toJson(QJsonDocument::Compact);
}

QDateTime utc(int y, int mo, int d, int h, int mi, int s, int ms)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), Qt::UTC);
}

const char *const PartnerExamples[] = {
    "managementpartner/preview/2018-02-01/examples/GetPartnerDetails.json",
    "managementpartner/preview/2018-02-01/examples/GetPartnerDetailsNoPartnerId.json",
    "managementpartner/preview/2018-02-01/examples/PutPartnerDetails.json",
    "managementpartner/preview/2018-02-01/examples/PatchPartnerDetails.json",
    "managementpartner/typespec-stable/2018-02-01/examples/Partner_Get.json",
    "managementpartner/typespec-stable/2018-02-01/examples/Partner_Create.json",
    "managementpartner/typespec-stable/2018-02-01/examples/Partner_Update.json",
};

// The live PowerShell recording of a PUT (azure-contract.md), with the values it showed.
const QByteArray LiveResponse =
    R"({"id":"/providers/microsoft.managementpartner/partners/5127255","type":"Microsoft.ManagementPartner/partners",)"
    R"("name":"5127255","etag":20,"properties":{"partnerId":"5127255","partnerName":"Test_Test_DhirajTesting",)"
    R"("tenantId":"72f988bf-86f1-41af-91ab-2d7cd011db47","objectId":"ac9a0626-0000-4000-8000-000000000001",)"
    R"("version":20,"updatedTime":"2018-07-30T21:13:59.318186Z","createdTime":"2018-02-21T20:07:21.1341292Z",)"
    R"("state":"Active"}})";

} // namespace

class SpecPartnerExample : public ::testing::TestWithParam<const char *>
{};

TEST_P(SpecPartnerExample, ParsesEveryField)
{
    const auto link = PartnerLink::fromJson(bodyBytes(QString::fromLatin1(GetParam())));
    ASSERT_TRUE(link) << qPrintable(link.error().message);
    EXPECT_EQ(link->partnerId, QStringLiteral("123456"));
    EXPECT_EQ(link->partnerName, QStringLiteral("Test_jefl"));
    EXPECT_EQ(link->tenantId, QStringLiteral("1b1121dd-6900-412a-af73-e8d44f81e1c1"));
    EXPECT_EQ(link->objectId, QStringLiteral("aa67f786-0552-423e-8849-244ed12bf581"));
    EXPECT_EQ(link->version, 3); // "3" in some examples, 3 in others
    EXPECT_EQ(link->etag, 3);
    EXPECT_EQ(link->state, QStringLiteral("Active"));
    EXPECT_TRUE(link->isActive());
    EXPECT_EQ(link->type, QStringLiteral("Microsoft.ManagementPartner/partner"));
    EXPECT_TRUE(link->resourceId.startsWith(QStringLiteral("/providers/microsoft.managementpartner/partners")));
    EXPECT_EQ(link->createdTime, utc(2018, 1, 20, 1, 23, 40, 528));
    EXPECT_EQ(link->updatedTime, utc(2018, 1, 20, 1, 52, 57, 912));
    EXPECT_EQ(link->createdTime.timeSpec(), Qt::UTC);
}

INSTANTIATE_TEST_SUITE_P(AllSpecExamples, SpecPartnerExample, ::testing::ValuesIn(PartnerExamples));

TEST(PartnerLinkParsing, LiveShapeWithPluralTypeAndSixDigitFraction)
{
    const auto link = PartnerLink::fromJson(LiveResponse);
    ASSERT_TRUE(link) << qPrintable(link.error().message);
    EXPECT_EQ(link->partnerId, QStringLiteral("5127255"));
    EXPECT_EQ(link->version, 20);
    EXPECT_EQ(link->etag, 20);
    EXPECT_EQ(link->type, QStringLiteral("Microsoft.ManagementPartner/partners"));
    EXPECT_EQ(link->updatedTime, utc(2018, 7, 30, 21, 13, 59, 318));
    EXPECT_EQ(link->createdTime, utc(2018, 2, 21, 20, 7, 21, 134));
}

TEST(PartnerLinkParsing, ToleratesMissingPartnerNameUnknownStateAndStringEtag)
{
    QJsonObject o = QJsonDocument::fromJson(LiveResponse).object();
    QJsonObject p = o.value(QStringLiteral("properties")).toObject();
    p.remove(QStringLiteral("partnerName"));
    p.insert(QStringLiteral("state"), QStringLiteral("PendingReview"));
    p.insert(QStringLiteral("createdTime"), QStringLiteral("2018-02-21T21:07:21+01:00"));
    o.insert(QStringLiteral("properties"), p);
    o.insert(QStringLiteral("etag"), QStringLiteral("\"21\""));
    const auto link = PartnerLink::fromJson(o);
    ASSERT_TRUE(link) << qPrintable(link.error().message);
    EXPECT_TRUE(link->partnerName.isEmpty());
    EXPECT_EQ(link->state, QStringLiteral("PendingReview"));
    EXPECT_FALSE(link->isActive());
    EXPECT_EQ(link->etag, 21);
    EXPECT_EQ(link->createdTime, utc(2018, 2, 21, 20, 7, 21, 0));
}

TEST(PartnerLinkParsing, ToJsonHasTheReportShape)
{
    const auto link = PartnerLink::fromJson(LiveResponse);
    ASSERT_TRUE(link);
    const QJsonObject j = link->toJson();
    EXPECT_EQ(j.keys(),
              (QStringList{QStringLiteral("createdTime"), QStringLiteral("objectId"), QStringLiteral("partnerId"),
                           QStringLiteral("partnerName"), QStringLiteral("state"), QStringLiteral("tenantId"),
                           QStringLiteral("updatedTime"), QStringLiteral("version")}));
    EXPECT_EQ(j.value(QStringLiteral("partnerId")).toString(), QStringLiteral("5127255"));
    EXPECT_EQ(j.value(QStringLiteral("version")).toInteger(), 20);
    EXPECT_EQ(j.value(QStringLiteral("createdTime")).toString(), QStringLiteral("2018-02-21T20:07:21.134Z"));
}

struct BrokenLink
{
    const char *what;
    QByteArray body;
    const char *mentions;
};

class BrokenPartnerLink : public ::testing::TestWithParam<BrokenLink>
{};

TEST_P(BrokenPartnerLink, IsABadResponseNamingTheProblem)
{
    const auto link = PartnerLink::fromJson(GetParam().body);
    ASSERT_FALSE(link) << GetParam().what;
    EXPECT_EQ(link.error().kind, AzureError::Kind::BadResponse);
    EXPECT_TRUE(link.error().message.contains(QString::fromLatin1(GetParam().mentions)))
        << GetParam().what << ": " << qPrintable(link.error().message);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BrokenPartnerLink,
    ::testing::Values(
        BrokenLink{"empty body", "", "not valid JSON"},
        BrokenLink{"truncated", LiveResponse.left(LiveResponse.size() / 2), "not valid JSON"},
        BrokenLink{"html", "<html>Service Unavailable</html>", "not valid JSON"},
        BrokenLink{"array", "[]", "not a JSON object"},
        BrokenLink{"no properties", R"({"id":"x","etag":1})", "\"properties\" is missing"},
        BrokenLink{"no partnerId", R"({"properties":{"tenantId":"t","objectId":"o"}})", "partnerId"},
        BrokenLink{"no tenantId", R"({"properties":{"partnerId":"123456","objectId":"o"}})", "tenantId"},
        BrokenLink{"no objectId", R"({"properties":{"partnerId":"123456","tenantId":"t"}})", "objectId"},
        BrokenLink{"bad version",
                   R"({"properties":{"partnerId":"123456","tenantId":"t","objectId":"o","version":"three"}})",
                   "version"},
        BrokenLink{"bad time",
                   R"({"properties":{"partnerId":"123456","tenantId":"t","objectId":"o","createdTime":"yesterday"}})",
                   "createdTime"},
        BrokenLink{
            "other resource type",
            R"({"type":"Microsoft.Compute/virtualMachines","properties":{"partnerId":"1","tenantId":"t","objectId":"o"}})",
            "resource type"},
        BrokenLink{"state not text", R"({"properties":{"partnerId":"123456","tenantId":"t","objectId":"o","state":1}})",
                   "state"}));

TEST(DirectoryParsing, SpecTenantsExample)
{
    const QJsonArray value = exampleBody(QStringLiteral("resources/2022-12-01/examples/GetTenants.json"))
                                 .value(QStringLiteral("value"))
                                 .toArray();
    ASSERT_EQ(value.size(), 3);
    QList<Directory> dirs;
    for (const QJsonValue &v : value) {
        const auto d = Directory::fromJson(v.toObject());
        ASSERT_TRUE(d) << qPrintable(d.error().message);
        dirs.append(*d);
    }
    EXPECT_EQ(dirs[0].tenantId, QStringLiteral("a70a1586-9c4a-4373-b907-1d310660dbd1"));
    EXPECT_EQ(dirs[0].tenantCategory, QStringLiteral("ManagedBy"));
    EXPECT_EQ(dirs[1].displayName, QStringLiteral("Contoso Corp."));
    EXPECT_EQ(dirs[1].label(), QStringLiteral("Contoso Corp. (auxteststagemanual.ccsctp.net)"));
    EXPECT_EQ(dirs[2].domains,
              (QStringList{QStringLiteral("rdvmohoro.ccsctp.net"), QStringLiteral("rdvmohoro.mail.ccsctp.net"),
                           QStringLiteral("rdvmohoro.com")}));
    EXPECT_EQ(dirs[2].countryCode, QStringLiteral("US"));
    EXPECT_EQ(dirs[2].tenantType, QStringLiteral("AAD"));
    EXPECT_TRUE(dirs[2].matches(QStringLiteral("MOHORO.COM")));
    EXPECT_TRUE(dirs[2].matches(QStringLiteral("daea2e9b")));
    EXPECT_TRUE(dirs[1].matches(QStringLiteral("contoso")));
    EXPECT_FALSE(dirs[1].matches(QStringLiteral("fabrikam")));
    EXPECT_TRUE(dirs[1].matches(QString()));
    const auto roundTrip = Directory::fromJson(dirs[2].toJson());
    ASSERT_TRUE(roundTrip);
    EXPECT_EQ(roundTrip->domains, dirs[2].domains);
}

TEST(DirectoryParsing, LabelFallsBackToWhatIsKnown)
{
    Directory d;
    d.tenantId = QStringLiteral("a70a1586-9c4a-4373-b907-1d310660dbd1");
    EXPECT_EQ(d.label(), d.tenantId);
    d.domains = {QStringLiteral("contoso.com")};
    EXPECT_EQ(d.label(), QStringLiteral("contoso.com"));
    d.displayName = QStringLiteral("Contoso");
    EXPECT_EQ(d.label(), QStringLiteral("Contoso (contoso.com)"));
}

TEST(DirectoryParsing, TenantIdFromResourceIdOrBadResponse)
{
    auto d = Directory::fromJson(
        QJsonObject{{QStringLiteral("id"), QStringLiteral("/tenants/a70a1586-9c4a-4373-b907-1d310660dbd1")}});
    ASSERT_TRUE(d);
    EXPECT_EQ(d->tenantId, QStringLiteral("a70a1586-9c4a-4373-b907-1d310660dbd1"));
    d = Directory::fromJson(QJsonObject{{QStringLiteral("displayName"), QStringLiteral("x")}});
    ASSERT_FALSE(d);
    EXPECT_EQ(d.error().kind, AzureError::Kind::BadResponse);
    d = Directory::fromJson(QJsonObject{{QStringLiteral("tenantId"), QStringLiteral("not-a-guid")}});
    ASSERT_FALSE(d);
    EXPECT_TRUE(d.error().message.contains(QStringLiteral("not a GUID")));
    d = Directory::fromJson(
        QJsonObject{{QStringLiteral("tenantId"), QStringLiteral("a70a1586-9c4a-4373-b907-1d310660dbd1")},
                    {QStringLiteral("domains"), QStringLiteral("contoso.com")}});
    ASSERT_FALSE(d);
    EXPECT_TRUE(d.error().message.contains(QStringLiteral("domains")));
}

TEST(DirectoryParsing, TenantGuidForms)
{
    EXPECT_TRUE(pal::isTenantGuid(QStringLiteral("a70a1586-9c4a-4373-b907-1d310660dbd1")));
    EXPECT_TRUE(pal::isTenantGuid(QStringLiteral("{A70A1586-9C4A-4373-B907-1D310660DBD1}")));
    EXPECT_FALSE(pal::isTenantGuid(QStringLiteral("contoso.onmicrosoft.com")));
    EXPECT_FALSE(pal::isTenantGuid(QStringLiteral("a70a1586-9c4a-4373-b907-1d310660dbd")));
    EXPECT_FALSE(pal::isTenantGuid(QStringLiteral("{a70a1586-9c4a-4373-b907-1d310660dbd1")));
    EXPECT_FALSE(pal::isTenantGuid(QString()));
}

TEST(ArmErrors, BothErrorShapesAndEveryStatus)
{
    auto e = pal::armErrorFromResponse(409, R"({"error":{"code":"Conflict","message":"Already linked"}})",
                                       QStringLiteral("req-1"), QStringLiteral("corr-1"));
    EXPECT_EQ(e.kind, AzureError::Kind::Conflict);
    EXPECT_EQ(e.httpStatus, 409);
    EXPECT_EQ(e.code, QStringLiteral("Conflict"));
    EXPECT_EQ(e.message, QStringLiteral("Already linked"));
    EXPECT_EQ(e.requestId, QStringLiteral("req-1"));
    EXPECT_EQ(e.correlationId, QStringLiteral("corr-1"));

    e = pal::armErrorFromResponse(404, R"({"code":"NotFound","message":"No link"})", QStringLiteral("r"), {});
    EXPECT_EQ(e.kind, AzureError::Kind::NotFound);
    EXPECT_EQ(e.code, QStringLiteral("NotFound"));
    EXPECT_EQ(e.message, QStringLiteral("No link"));
    EXPECT_EQ(e.correlationId, QStringLiteral("r")); // always filled

    const QList<QPair<int, AzureError::Kind>> kinds{
        {400, AzureError::Kind::BadRequest}, {401, AzureError::Kind::Unauthorized}, {403, AzureError::Kind::Forbidden},
        {404, AzureError::Kind::NotFound},   {409, AzureError::Kind::Conflict},     {429, AzureError::Kind::Throttled},
        {500, AzureError::Kind::Server},     {503, AzureError::Kind::Server},       {418, AzureError::Kind::BadRequest},
        {302, AzureError::Kind::BadResponse}};
    for (const auto &[status, kind] : kinds) {
        e = pal::armErrorFromResponse(status, "<html>oops</html>", QStringLiteral("r"), QStringLiteral("c"));
        EXPECT_EQ(e.kind, kind) << status;
        EXPECT_FALSE(e.message.isEmpty()) << status; // a sentence even without a JSON body
        EXPECT_TRUE(e.code.isEmpty());
    }
}

TEST(ArmErrors, JsonObjectNeedsJsonContentAndWellFormedBody)
{
    pal::ArmResponse r;
    r.httpStatus = 200;
    r.requestId = QStringLiteral("req-9");
    r.contentType = "application/json; charset=utf-8";
    r.body = R"({"a":1})";
    EXPECT_TRUE(pal::armJsonObject(r));

    r.contentType = "text/html";
    auto o = pal::armJsonObject(r);
    ASSERT_FALSE(o);
    EXPECT_EQ(o.error().kind, AzureError::Kind::BadResponse);
    EXPECT_EQ(o.error().requestId, QStringLiteral("req-9"));
    EXPECT_TRUE(o.error().message.contains(QStringLiteral("text/html")));

    r.contentType = "application/json";
    r.body = R"({"a":)";
    o = pal::armJsonObject(r);
    ASSERT_FALSE(o);
    EXPECT_TRUE(o.error().message.contains(QStringLiteral("not valid JSON")));
    EXPECT_EQ(o.error().httpStatus, 200);

    r.requestId.clear();
    r.clientRequestId = QStringLiteral("client-1");
    o = pal::armJsonObject(r);
    EXPECT_EQ(o.error().requestId, QStringLiteral("client-1"));
}
