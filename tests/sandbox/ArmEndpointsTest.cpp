// ARM half of the sandbox over loopback: token checks, api-version, /tenants paging and the
// ManagementPartner link life cycle with the semantics of azure-contract.md section a.
#include "SandboxTestSupport.h"

#include <QFile>
#include <QRegularExpression>

using namespace sandboxtest;

namespace {

const QString kPartnerPath =
    QStringLiteral("/providers/Microsoft.ManagementPartner/partners/%1?api-version=2018-02-01");
const QString kCurrentPath = QStringLiteral("/providers/Microsoft.ManagementPartner/partners/?api-version=2018-02-01");
const QString kTenantsPath = QStringLiteral("/tenants?api-version=2022-12-01");

class ArmEndpointsTest : public SandboxTest
{};

TEST_F(ArmEndpointsTest, RequestWithoutTokenIsUnauthorizedWithBearerChallenge)
{
    const Response r = get(kTenantsPath);
    expectArmError(r, 401, "AuthenticationFailed");
    EXPECT_TRUE(r.header("WWW-Authenticate").startsWith(QStringLiteral("Bearer authorization_uri=")));
    EXPECT_TRUE(r.header("WWW-Authenticate").contains(QStringLiteral("error=\"invalid_token\"")));
}

TEST_F(ArmEndpointsTest, MalformedAuthorizationHeaderIsUnauthorized)
{
    expectArmError(get(kTenantsPath, {{"Authorization", "Basic abc"}}), 401, "AuthenticationFailed");
    expectArmError(get(kTenantsPath, {{"Authorization", "Bearer not-a-jwt"}}), 401, "InvalidAuthenticationToken");
}

TEST_F(ArmEndpointsTest, TokenWithTamperedClaimsIsRejected)
{
    const QByteArray token = userToken();
    QList<QByteArray> parts = token.split('.');
    QByteArray claims = QByteArray::fromBase64(parts[1], QByteArray::Base64UrlEncoding);
    claims.replace(scenario::ContosoPartner.tenantId.toLatin1(), scenario::Fabrikam.tenantId.toLatin1());
    parts[1] = claims.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    expectArmError(get(kTenantsPath, bearer(parts.join('.'))), 401, "InvalidAuthenticationToken");
}

TEST_F(ArmEndpointsTest, ExpiredTokenIsRejectedAsArmDoes)
{
    const QByteArray token = sandbox->issueArmToken(scenario::Admin.username, scenario::ContosoPartner.tenantId, -60);
    const Response r = get(kTenantsPath, bearer(token));
    expectArmError(r, 401, "ExpiredAuthenticationToken");
    EXPECT_TRUE(r.header("WWW-Authenticate").contains(QStringLiteral("invalid_token")));
}

TEST_F(ArmEndpointsTest, TokenForAnotherAudienceIsRejected)
{
    // Another sandbox signs with the same process key, but its tokens name its own URL.
    QString error;
    auto other = palsandbox::SandboxServer::create(palsandbox::SandboxServer::defaultScenario(), &error);
    ASSERT_TRUE(other && other->start(0, &error)) << qPrintable(error);
    const QByteArray foreign = other->issueArmToken(scenario::Admin.username, scenario::ContosoPartner.tenantId);
    expectArmError(get(kTenantsPath, bearer(foreign)), 401, "InvalidAuthenticationTokenAudience");
}

TEST_F(ArmEndpointsTest, IssueArmTokenRefusesStrangersAndNonMembers)
{
    EXPECT_TRUE(
        sandbox->issueArmToken(QStringLiteral("nobody@example.com"), scenario::ContosoPartner.tenantId).isEmpty());
    EXPECT_TRUE(sandbox->issueArmToken(scenario::Pat.username, scenario::Fabrikam.tenantId).isEmpty());
    EXPECT_TRUE(sandbox->issueArmToken(scenario::PalAutomation.clientId, scenario::Fabrikam.tenantId).isEmpty());
    EXPECT_FALSE(sandbox->issueArmToken(scenario::PalAutomation.clientId, scenario::ContosoPartner.tenantId).isEmpty());
    EXPECT_FALSE(sandbox->issueArmToken(scenario::Admin.username, QStringLiteral("fabrikam.example")).isEmpty());
}

TEST_F(ArmEndpointsTest, ApiVersionIsRequiredAndChecked)
{
    const auto auth = bearer(userToken());
    expectArmError(get(QStringLiteral("/tenants"), auth), 400, "MissingApiVersionParameter");
    const Response wrong = get(QStringLiteral("/tenants?api-version=2099-01-01"), auth);
    expectArmError(wrong, 400, "InvalidApiVersionParameter");
    EXPECT_TRUE(wrong.body.contains("2099-01-01"));
    expectArmError(get(QStringLiteral("/providers/Microsoft.ManagementPartner/partners/1234567"), auth), 400,
                   "MissingApiVersionParameter");
    expectArmError(
        get(QStringLiteral("/providers/Microsoft.ManagementPartner/partners/1234567?api-version=2022-12-01"), auth),
        400, "InvalidApiVersionParameter");
}

TEST_F(ArmEndpointsTest, EveryAnswerCarriesRequestIdsAndJsonContentType)
{
    const Response first = get(kTenantsPath, {{"Authorization", "Bearer " + userToken().toStdString()},
                                              {"x-ms-client-request-id", "client-req-1"},
                                              {"x-ms-correlation-request-id", "corr-1"}});
    const Response second = get(kTenantsPath, bearer(userToken()));
    EXPECT_EQ(first.status, 200);
    EXPECT_EQ(first.header("Content-Type"), QStringLiteral("application/json; charset=utf-8"));
    EXPECT_EQ(first.header("x-ms-client-request-id"), QStringLiteral("client-req-1"));
    EXPECT_EQ(first.header("x-ms-correlation-request-id"), QStringLiteral("corr-1"));
    EXPECT_FALSE(first.header("x-ms-request-id").isEmpty());
    EXPECT_NE(first.header("x-ms-request-id"), QStringLiteral("client-req-1"));
    EXPECT_NE(first.header("x-ms-request-id"), second.header("x-ms-request-id"));
    EXPECT_FALSE(second.header("x-ms-correlation-request-id").isEmpty());
}

TEST_F(ArmEndpointsTest, TenantsArePagedWithAbsoluteNextLinks)
{
    const auto auth = bearer(userToken());
    QStringList seen;
    QString path = kTenantsPath;
    int pages = 0;
    while (!path.isEmpty() && pages < 10) {
        const Response r = get(path, auth);
        ASSERT_EQ(r.status, 200) << r.body.constData();
        const QJsonObject body = r.json();
        const QJsonArray value = body.value(QStringLiteral("value")).toArray();
        EXPECT_LE(value.size(), 2);
        for (const QJsonValue &v : value) {
            const QJsonObject t = v.toObject();
            seen << t.value(QStringLiteral("tenantId")).toString();
            EXPECT_EQ(t.value(QStringLiteral("id")).toString(), QStringLiteral("/tenants/") + seen.last());
            EXPECT_FALSE(t.value(QStringLiteral("displayName")).toString().isEmpty());
            EXPECT_FALSE(t.value(QStringLiteral("defaultDomain")).toString().isEmpty());
            EXPECT_TRUE(
                t.value(QStringLiteral("domains")).toArray().contains(t.value(QStringLiteral("defaultDomain"))));
            EXPECT_EQ(t.value(QStringLiteral("countryCode")).toString().size(), 2);
            EXPECT_EQ(t.value(QStringLiteral("tenantType")).toString(), QStringLiteral("AAD"));
            if (seen.last() == scenario::ContosoPartner.tenantId) {
                EXPECT_EQ(t.value(QStringLiteral("tenantCategory")).toString(), QStringLiteral("Home"));
            }
            if (seen.last() == scenario::AdventureWorks.tenantId) {
                EXPECT_EQ(t.value(QStringLiteral("tenantCategory")).toString(), QStringLiteral("ProjectedBy"));
            }
        }
        const QString next = body.value(QStringLiteral("nextLink")).toString();
        if (!next.isEmpty()) {
            EXPECT_TRUE(next.startsWith(m_base + QStringLiteral("/tenants?"))) << qPrintable(next);
            EXPECT_TRUE(next.contains(QStringLiteral("$skiptoken=")));
            path = next.mid(m_base.size());
        } else {
            path.clear();
        }
        ++pages;
    }
    EXPECT_EQ(pages, 5);
    EXPECT_EQ(seen,
              (QStringList{scenario::ContosoPartner.tenantId, scenario::Fabrikam.tenantId,
                           scenario::NorthwindTraders.tenantId, scenario::AdventureWorks.tenantId,
                           scenario::TailspinToys.tenantId, scenario::WoodgroveBank.tenantId,
                           scenario::Litware.tenantId, scenario::Proseware.tenantId, scenario::FourthCoffee.tenantId}));
}

TEST_F(ArmEndpointsTest, TenantsOfGuestAndServicePrincipal)
{
    const Response guest =
        get(kTenantsPath, bearer(userToken(scenario::ContosoPartner.tenantId, scenario::Pat.username)));
    const QJsonArray value = guest.json().value(QStringLiteral("value")).toArray();
    ASSERT_EQ(value.size(), 2);
    EXPECT_EQ(value[0].toObject().value(QStringLiteral("tenantId")).toString(), scenario::TailspinToys.tenantId);
    EXPECT_EQ(value[0].toObject().value(QStringLiteral("tenantCategory")).toString(), QStringLiteral("Home"));
    EXPECT_FALSE(guest.json().contains(QStringLiteral("nextLink")));

    const Response app =
        get(kTenantsPath,
            bearer(sandbox->issueArmToken(scenario::PalAutomation.clientId, scenario::ContosoPartner.tenantId)));
    const QJsonArray own = app.json().value(QStringLiteral("value")).toArray();
    ASSERT_EQ(own.size(), 1);
    EXPECT_EQ(own[0].toObject().value(QStringLiteral("tenantId")).toString(), scenario::ContosoPartner.tenantId);
}

TEST_F(ArmEndpointsTest, BadSkipTokenIsBadRequest)
{
    expectArmError(get(kTenantsPath + QStringLiteral("&$skiptoken=garbage"), bearer(userToken())), 400,
                   "InvalidSkipToken");
}

TEST_F(ArmEndpointsTest, PartnerLinkLifeCycleFollowsTheService)
{
    const auto auth = bearer(userToken(scenario::Fabrikam.tenantId));
    expectArmError(get(kCurrentPath, auth), 404, "NotFound");

    const Response created = send("PUT", kPartnerPath.arg(scenario::ContosoPartnerServices.id), auth);
    ASSERT_EQ(created.status, 200) << created.body.constData();
    const QJsonObject c = created.json();
    const QJsonObject cp = c.value(QStringLiteral("properties")).toObject();
    EXPECT_EQ(c.value(QStringLiteral("id")).toString(),
              QStringLiteral("/providers/microsoft.managementpartner/partners/1234567"));
    EXPECT_EQ(c.value(QStringLiteral("type")).toString(), QStringLiteral("Microsoft.ManagementPartner/partners"));
    EXPECT_EQ(c.value(QStringLiteral("name")).toString(), scenario::ContosoPartnerServices.id);
    EXPECT_EQ(c.value(QStringLiteral("etag")).toInt(), 1);
    EXPECT_EQ(cp.value(QStringLiteral("partnerId")).toString(), scenario::ContosoPartnerServices.id);
    EXPECT_EQ(cp.value(QStringLiteral("partnerName")).toString(), scenario::ContosoPartnerServices.name);
    EXPECT_EQ(cp.value(QStringLiteral("tenantId")).toString(), scenario::Fabrikam.tenantId);
    const QString oid =
        jwtClaims(QString::fromLatin1(userToken(scenario::Fabrikam.tenantId))).value(QStringLiteral("oid")).toString();
    EXPECT_EQ(cp.value(QStringLiteral("objectId")).toString(), oid);
    EXPECT_NE(oid, scenario::Admin.objectId); // another directory, another object id
    EXPECT_EQ(cp.value(QStringLiteral("version")).toInt(), 1);
    EXPECT_EQ(cp.value(QStringLiteral("state")).toString(), QStringLiteral("Active"));
    static const QRegularExpression time7(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7}Z$"));
    EXPECT_TRUE(time7.match(cp.value(QStringLiteral("createdTime")).toString()).hasMatch());
    EXPECT_TRUE(time7.match(cp.value(QStringLiteral("updatedTime")).toString()).hasMatch());
    const QString createdTime = cp.value(QStringLiteral("createdTime")).toString();

    expectArmError(send("PUT", kPartnerPath.arg(scenario::ContosoPartnerServices.id), auth), 409, "Conflict");
    expectArmError(send("PUT", kPartnerPath.arg(scenario::FabrikamCloudSolutionsLtd.id), auth), 409, "Conflict");
    EXPECT_EQ(get(kPartnerPath.arg(scenario::ContosoPartnerServices.id), auth).status, 200);
    expectArmError(get(kPartnerPath.arg(scenario::FabrikamCloudSolutionsLtd.id), auth), 404, "NotFound");

    for (const QString &current :
         {kCurrentPath, QStringLiteral("/providers/Microsoft.ManagementPartner/partners?api-version=2018-02-01")}) {
        const Response r = get(current, auth);
        ASSERT_EQ(r.status, 200);
        EXPECT_EQ(r.json().value(QStringLiteral("name")).toString(), scenario::ContosoPartnerServices.id);
        EXPECT_EQ(r.json().value(QStringLiteral("id")).toString(),
                  QStringLiteral("/providers/microsoft.managementpartner/partners"));
    }

    const Response updated = send("PATCH", kPartnerPath.arg(scenario::FabrikamCloudSolutionsLtd.id), auth);
    ASSERT_EQ(updated.status, 200);
    const QJsonObject up = updated.json().value(QStringLiteral("properties")).toObject();
    EXPECT_EQ(updated.json().value(QStringLiteral("name")).toString(), scenario::FabrikamCloudSolutionsLtd.id);
    EXPECT_EQ(up.value(QStringLiteral("partnerName")).toString(), scenario::FabrikamCloudSolutionsLtd.name);
    EXPECT_EQ(up.value(QStringLiteral("version")).toInt(), 2);
    EXPECT_EQ(updated.json().value(QStringLiteral("etag")).toInt(), 2);
    EXPECT_EQ(up.value(QStringLiteral("createdTime")).toString(), createdTime);
    EXPECT_NE(up.value(QStringLiteral("updatedTime")).toString(), createdTime);

    expectArmError(send("DELETE", kPartnerPath.arg(scenario::ContosoPartnerServices.id), auth), 404, "NotFound");
    const Response deleted = send("DELETE", kPartnerPath.arg(scenario::FabrikamCloudSolutionsLtd.id), auth);
    EXPECT_EQ(deleted.status, 200);
    EXPECT_TRUE(deleted.body.isEmpty());
    EXPECT_EQ(deleted.header("Content-Length"), QStringLiteral("0"));
    EXPECT_FALSE(deleted.header("x-ms-request-id").isEmpty());
    expectArmError(get(kCurrentPath, auth), 404, "NotFound");
    expectArmError(send("PATCH", kPartnerPath.arg(scenario::ContosoPartnerServices.id), auth), 404, "NotFound");
    expectArmError(send("DELETE", kPartnerPath.arg(scenario::FabrikamCloudSolutionsLtd.id), auth), 404, "NotFound");

    const Response again = send("PUT", kPartnerPath.arg(scenario::NorthwindManagedServices.id), auth);
    ASSERT_EQ(again.status, 200);
    EXPECT_EQ(again.json().value(QStringLiteral("etag")).toInt(), 4);
    EXPECT_EQ(
        again.json().value(QStringLiteral("properties")).toObject().value(QStringLiteral("createdTime")).toString(),
        createdTime);
}

TEST_F(ArmEndpointsTest, LinksBelongToEachPrincipalInEachDirectory)
{
    const auto fabrikam = bearer(userToken(scenario::Fabrikam.tenantId));
    const auto home = bearer(userToken(scenario::ContosoPartner.tenantId));
    const auto app =
        bearer(sandbox->issueArmToken(scenario::PalAutomation.clientId, scenario::ContosoPartner.tenantId));
    ASSERT_EQ(send("PUT", kPartnerPath.arg(scenario::ContosoPartnerServices.id), fabrikam).status, 200);
    expectArmError(get(kCurrentPath, home), 404, "NotFound");
    ASSERT_EQ(send("PUT", kPartnerPath.arg(scenario::FabrikamCloudSolutionsLtd.id), app).status, 200);
    const Response appLink = get(kCurrentPath, app);
    EXPECT_EQ(
        appLink.json().value(QStringLiteral("properties")).toObject().value(QStringLiteral("objectId")).toString(),
        scenario::PalAutomation.objectId);
    EXPECT_EQ(get(kCurrentPath, fabrikam).json().value(QStringLiteral("name")).toString(),
              scenario::ContosoPartnerServices.id);
}

TEST_F(ArmEndpointsTest, ScenarioSeedsExistingLinks)
{
    const Response r = get(kCurrentPath, bearer(userToken(scenario::AdventureWorks.tenantId)));
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.json().value(QStringLiteral("name")).toString(), scenario::PreviousPartnerInc.id);
    EXPECT_EQ(r.json().value(QStringLiteral("properties")).toObject().value(QStringLiteral("partnerName")).toString(),
              scenario::PreviousPartnerInc.name);
}

TEST_F(ArmEndpointsTest, InvalidPartnerIdsAreBadRequests)
{
    const auto auth = bearer(userToken());
    expectArmError(send("PUT", kPartnerPath.arg(QStringLiteral("abc123")), auth), 400, "BadRequest");
    expectArmError(get(kPartnerPath.arg(QStringLiteral("abc123")), auth), 400, "BadRequest");
    expectArmError(send("PUT", kPartnerPath.arg(QStringLiteral("9999999")), auth), 400, "BadRequest");
    expectArmError(get(kPartnerPath.arg(QStringLiteral("9999999")), auth), 404, "NotFound");
}

TEST_F(ArmEndpointsTest, RequestBodiesAreIgnoredAndProviderIsCaseInsensitive)
{
    const auto auth = bearer(userToken(scenario::NorthwindTraders.tenantId));
    const Response r =
        send("PUT", QStringLiteral("/providers/microsoft.managementpartner/partners/12345?api-version=2018-02-01"),
             auth, R"({"properties":{"partnerId":"999"}})");
    ASSERT_EQ(r.status, 200) << r.body.constData();
    EXPECT_EQ(r.json().value(QStringLiteral("name")).toString(), QStringLiteral("12345"));
}

TEST_F(ArmEndpointsTest, OperationsListMatchesTheSpecExample)
{
    const Response r = get(QStringLiteral("/providers/Microsoft.ManagementPartner/operations?api-version=2018-02-01"),
                           bearer(userToken()));
    ASSERT_EQ(r.status, 200);
    QFile example(QStringLiteral(PAL_SPEC_DIR "/managementpartner/preview/2018-02-01/examples/GetOperations.json"));
    ASSERT_TRUE(example.open(QIODevice::ReadOnly)) << qPrintable(example.fileName());
    const QJsonObject expected = QJsonDocument::fromJson(example.readAll())
                                     .object()
                                     .value(QStringLiteral("responses"))
                                     .toObject()
                                     .value(QStringLiteral("200"))
                                     .toObject()
                                     .value(QStringLiteral("body"))
                                     .toObject();
    EXPECT_EQ(r.json(), expected);
}

TEST_F(ArmEndpointsTest, UnknownPathsAndMethodsAreRefused)
{
    const auto auth = bearer(userToken());
    expectArmError(get(QStringLiteral("/providers/Microsoft.ManagementPartner/widgets?api-version=2018-02-01"), auth),
                   404, "InvalidResourceType");
    expectArmError(send("POST", kPartnerPath.arg(scenario::ContosoPartnerServices.id), auth, "{}"), 405,
                   "MethodNotAllowed");
    expectArmError(send("DELETE", kCurrentPath, auth), 405, "MethodNotAllowed");
    expectArmError(get(QStringLiteral("/subscriptions/%1/resourceGroups?api-version=2020-01-01")
                           .arg(scenario::ContosoPartnerProduction.subscriptionId),
                       auth),
                   404, "InvalidResourceType");
}

} // namespace
