// The sandbox's Power Platform and Power BI endpoints over loopback: each service's own token
// audience, the default scenario's resources as a maker sees them, paging, solution flows, My
// workspace, faults, the token endpoint's Power Platform scopes and consent refusals, and the
// scenario's validation.
#include "SandboxTestSupport.h"

using namespace sandboxtest;

namespace {

const QString PowerApps = QStringLiteral("https://service.powerapps.com/");
const QString Flow = QStringLiteral("https://service.flow.microsoft.com/");
const QString PowerBi = QStringLiteral("https://analysis.windows.net/powerbi/api");
const QString ProdEnv = QStringLiteral("8c1e5a2f-3d4b-4e6a-9f70-1b2c3d4e5f60");
const QString Environments =
    QStringLiteral("/bap/providers/Microsoft.BusinessAppPlatform/environments?api-version=2020-10-01");

class PowerPlatformEndpointsTest : public SandboxTest
{
protected:
    httplib::Headers as(const QString &audience, const QString &user = scenario::Admin.username,
                        const QString &tenant = scenario::ContosoPartner.tenantId)
    {
        return bearer(sandbox->issueToken(user, tenant, audience));
    }
    // Every entry across all pages, following the link the answer names.
    QJsonArray all(QString path, const httplib::Headers &headers, const char *linkKey = "nextLink",
                   int *pages = nullptr)
    {
        QJsonArray out;
        for (int i = 0; i < 20 && !path.isEmpty(); ++i) {
            const Response r = get(path, headers);
            EXPECT_EQ(r.status, 200) << r.body.constData();
            for (const QJsonValue &v : r.json().value(QStringLiteral("value")).toArray())
                out.append(v);
            const QString next = r.json().value(QLatin1String(linkKey)).toString();
            EXPECT_TRUE(next.isEmpty() || next.startsWith(m_base)) << qPrintable(next);
            path = next.isEmpty() ? QString() : next.mid(m_base.size());
            if (pages)
                ++*pages;
        }
        return out;
    }
    static QStringList names(const QJsonArray &items, const char *key = "displayName")
    {
        QStringList out;
        for (const QJsonValue &v : items) {
            const QJsonObject o = v.toObject();
            out << (o.contains(QLatin1String(key))
                        ? o.value(QLatin1String(key)).toString()
                        : o.value(QStringLiteral("properties")).toObject().value(QLatin1String(key)).toString());
        }
        out.sort();
        return out;
    }
};

} // namespace

TEST_F(PowerPlatformEndpointsTest, EachServiceChecksItsOwnAudience)
{
    expectArmError(get(Environments), 401, "AuthenticationFailed");
    expectArmError(get(Environments, bearer(userToken())), 401, "InvalidAuthenticationTokenAudience");
    expectArmError(get(Environments, as(Flow)), 401, "InvalidAuthenticationTokenAudience");
    EXPECT_EQ(get(Environments, as(PowerApps)).status, 200);
    const Response bi = get(QStringLiteral("/powerbi/v1.0/myorg/groups"), as(PowerApps));
    EXPECT_EQ(bi.status, 401);
    EXPECT_EQ(bi.armCode(), QStringLiteral("PowerBINotAuthorizedException"));
    EXPECT_TRUE(bi.json()[QStringLiteral("error")][QStringLiteral("pbi.error")].isObject()) << "Power BI's error shape";
    EXPECT_TRUE(bi.hasHeader("RequestId"));
    EXPECT_FALSE(bi.hasHeader("x-ms-request-id")) << "Power BI names its request id RequestId";
    EXPECT_EQ(get(QStringLiteral("/powerbi/v1.0/myorg/groups"), as(PowerBi)).status, 200);
    const Response arm = get(QStringLiteral("/tenants?api-version=2022-12-01"), as(PowerApps));
    expectArmError(arm, 401, "InvalidAuthenticationTokenAudience");
}

TEST_F(PowerPlatformEndpointsTest, EnvironmentsArePagedWithNextLinkAndNeedTheirApiVersion)
{
    int pages = 0;
    const QJsonArray envs = all(Environments, as(PowerApps), "nextLink", &pages);
    EXPECT_EQ(names(envs),
              (QStringList{QStringLiteral("Contoso Partner (default)"), QStringLiteral("Contoso Production")}));
    EXPECT_EQ(pages, 1) << "page size 2, two environments in this directory";
    EXPECT_EQ(all(Environments, as(PowerApps, scenario::Admin.username, scenario::Fabrikam.tenantId)).size(), 1);
    expectArmError(get(QStringLiteral("/bap/providers/Microsoft.BusinessAppPlatform/environments"), as(PowerApps)), 400,
                   "MissingApiVersionParameter");
    expectArmError(
        get(QStringLiteral("/bap/providers/Microsoft.BusinessAppPlatform/environments?api-version=2016-11-01"),
            as(PowerApps)),
        400, "InvalidApiVersionParameter");
}

TEST_F(PowerPlatformEndpointsTest, AppsAreListedAsTheMakerSeesThemWithOwnersAndPermissions)
{
    const QString apps =
        QStringLiteral("/powerapps/providers/Microsoft.PowerApps/apps?api-version=2016-11-01&$filter=") +
        QString::fromLatin1(QUrl::toPercentEncoding(QStringLiteral("environment eq '%1'").arg(ProdEnv)));
    int pages = 0;
    const QJsonArray list = all(apps, as(PowerApps), "nextLink", &pages);
    EXPECT_EQ(names(list), (QStringList{QStringLiteral("Expense Tracker"), QStringLiteral("Field Inspections"),
                                        QStringLiteral("Visitor Log")}));
    EXPECT_EQ(pages, 2) << "three apps, two pages: the nextLink keeps the filter";
    for (const QJsonValue &v : list)
        EXPECT_FALSE(
            v[QStringLiteral("properties")][QStringLiteral("owner")][QStringLiteral("id")].toString().isEmpty());
    EXPECT_TRUE(names(all(apps, as(PowerApps, scenario::Pat.username))).contains(QStringLiteral("Visitor Log")));

    const QString permissions =
        QStringLiteral("/powerapps/providers/Microsoft.PowerApps/apps/a1f0c3d2-1111-4a2b-8c3d-000000000002/permissions"
                       "?api-version=2016-11-01");
    const QJsonArray entries = all(permissions, as(PowerApps));
    QStringList roles;
    for (const QJsonValue &v : entries)
        roles << v[QStringLiteral("properties")][QStringLiteral("roleName")].toString();
    EXPECT_EQ(roles, (QStringList{QStringLiteral("Owner"), QStringLiteral("CanEdit")}));
    EXPECT_EQ(entries.at(1)[QStringLiteral("properties")][QStringLiteral("principal")][QStringLiteral("id")].toString(),
              scenario::Admin.objectId);
    expectArmError(get(QStringLiteral("/powerapps/providers/Microsoft.PowerApps/apps/"
                                      "a1f0c3d2-1111-4a2b-8c3d-000000000005/permissions?api-version=2016-11-01"),
                       as(PowerApps)),
                   404, "AppNotFound");
    expectArmError(get(QStringLiteral("/powerapps/providers/Microsoft.PowerApps/apps?api-version=2016-11-01&$filter=") +
                           QString::fromLatin1(QUrl::toPercentEncoding(QStringLiteral("owner eq 'x'"))),
                       as(PowerApps)),
                   400, "InvalidFilter");
}

TEST_F(PowerPlatformEndpointsTest, SolutionFlowsAreListedOnlyWhenAskedFor)
{
    const QString flows =
        QStringLiteral("/flow/providers/Microsoft.ProcessSimple/environments/%1/flows?api-version=2016-11-01")
            .arg(ProdEnv);
    EXPECT_EQ(names(all(flows, as(Flow))), QStringList{QStringLiteral("Notify new visitors")});
    const QJsonArray both = all(flows + QStringLiteral("&include=includeSolutionCloudFlows"), as(Flow));
    EXPECT_EQ(names(both), (QStringList{QStringLiteral("Approve expenses"), QStringLiteral("Notify new visitors")}));
    for (const QJsonValue &v : both)
        EXPECT_FALSE(v[QStringLiteral("properties")][QStringLiteral("creator")][QStringLiteral("objectId")]
                         .toString()
                         .isEmpty());
    expectArmError(
        get(QStringLiteral("/flow/providers/Microsoft.ProcessSimple/environments/nope/flows?api-version=2016-11-01"),
            as(Flow)),
        404, "EnvironmentAccessDenied");
    expectArmError(get(flows, as(PowerApps)), 401, "InvalidAuthenticationTokenAudience");
}

TEST_F(PowerPlatformEndpointsTest, PowerBiListsWorkspacesDatasetsAndMyWorkspace)
{
    const QJsonArray groups = all(QStringLiteral("/powerbi/v1.0/myorg/groups"), as(PowerBi), "@odata.nextLink");
    ASSERT_EQ(groups.size(), 1);
    const QString id = groups.at(0)[QStringLiteral("id")].toString();
    const Response datasets = get(QStringLiteral("/powerbi/v1.0/myorg/groups/%1/datasets").arg(id), as(PowerBi));
    EXPECT_EQ(datasets.status, 200);
    EXPECT_TRUE(datasets.json().contains(QStringLiteral("@odata.context")));
    QStringList publishers;
    for (const QJsonValue &v : datasets.json()[QStringLiteral("value")].toArray())
        publishers << v[QStringLiteral("configuredBy")].toString();
    publishers.sort();
    EXPECT_EQ(publishers, (QStringList{scenario::Admin.username, scenario::Pat.username}));
    EXPECT_EQ(names(all(QStringLiteral("/powerbi/v1.0/myorg/datasets"), as(PowerBi), "@odata.nextLink"), "name"),
              QStringList{QStringLiteral("Inspections model")});
    EXPECT_TRUE(
        all(QStringLiteral("/powerbi/v1.0/myorg/datasets"), as(PowerBi, scenario::Pat.username), "@odata.nextLink")
            .isEmpty())
        << "My workspace is the admin's own";
    const Response notMember = get(QStringLiteral("/powerbi/v1.0/myorg/groups/%1/datasets").arg(id),
                                   as(PowerBi, scenario::Admin.username, scenario::Fabrikam.tenantId));
    EXPECT_EQ(notMember.status, 404);
    EXPECT_EQ(notMember.armCode(), QStringLiteral("PowerBIEntityNotFound"));
}

TEST_F(PowerPlatformEndpointsTest, FaultsApplyToThePowerPlatformPaths)
{
    palsandbox::Fault throttled;
    throttled.pathPrefix = QStringLiteral("/powerbi/");
    throttled.status = 429;
    throttled.retryAfterSeconds = 2;
    throttled.times = 1;
    sandbox->addFault(throttled);
    const Response first = get(QStringLiteral("/powerbi/v1.0/myorg/groups"), as(PowerBi));
    EXPECT_EQ(first.status, 429);
    EXPECT_EQ(first.header("Retry-After"), QStringLiteral("2"));
    EXPECT_EQ(get(QStringLiteral("/powerbi/v1.0/myorg/groups"), as(PowerBi)).status, 200);
}

TEST_F(PowerPlatformEndpointsTest, TheTokenEndpointIssuesPowerPlatformTokensAndRefusesConsentAsTheScenarioSays)
{
    QJsonObject world = QJsonDocument::fromJson(palsandbox::SandboxServer::defaultScenario())
                            .object()
                            .value(QStringLiteral("powerPlatform"))
                            .toObject();
    world.insert(QStringLiteral("consent"),
                 QJsonArray{QJsonObject{{QStringLiteral("audience"), PowerBi}, {QStringLiteral("code"), 65001}},
                            QJsonObject{{QStringLiteral("audience"), Flow},
                                        {QStringLiteral("clientId"), scenario::AzureCliClientId},
                                        {QStringLiteral("code"), 65002}}});
    startWith(defaultScenarioWith({{QStringLiteral("powerPlatform"), world}}));
    QString rt = signInInteractive().json().value(QStringLiteral("refresh_token")).toString();
    const auto scoped = [&](const QString &scope) {
        const Response r = postForm(QStringLiteral("/organizations/oauth2/v2.0/token"),
                                    {{QStringLiteral("client_id"), scenario::AzureCliClientId},
                                     {QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                                     {QStringLiteral("refresh_token"), rt},
                                     {QStringLiteral("scope"), scope + QStringLiteral(" openid offline_access")}});
        if (r.status == 200)
            rt = r.json().value(QStringLiteral("refresh_token")).toString();
        return r;
    };
    const Response powerApps = scoped(QStringLiteral("https://service.powerapps.com//.default"));
    ASSERT_EQ(powerApps.status, 200) << powerApps.body.constData();
    EXPECT_EQ(jwtClaims(powerApps.json().value(QStringLiteral("access_token")).toString())
                  .value(QStringLiteral("aud"))
                  .toString(),
              PowerApps);
    const Response bi = scoped(QStringLiteral("https://analysis.windows.net/powerbi/api/.default"));
    expectEntraError(bi, 400, "invalid_grant", 65001);
    EXPECT_EQ(bi.json().value(QStringLiteral("suberror")).toString(), QStringLiteral("consent_required"));
    expectEntraError(scoped(QStringLiteral("https://service.flow.microsoft.com//.default")), 400, "invalid_request",
                     65002);
    EXPECT_EQ(scoped(QStringLiteral("https://service.powerapps.com//.default")).status, 200)
        << "a refusal leaves the refresh token usable";
}

TEST_F(PowerPlatformEndpointsTest, APowerPlatformScenarioIsValidatedWithItsPath)
{
    const auto fails = [](const QByteArray &world, const char *where) {
        QJsonObject root = QJsonDocument::fromJson(palsandbox::SandboxServer::defaultScenario()).object();
        root.insert(QStringLiteral("powerPlatform"), QJsonDocument::fromJson(world).object());
        QString error;
        EXPECT_EQ(palsandbox::SandboxServer::create(QJsonDocument(root).toJson(), &error), nullptr)
            << world.constData();
        EXPECT_TRUE(error.contains(QLatin1String(where))) << qPrintable(error);
    };
    fails(
        R"({"apps":[{"environment":"nope","name":"a1f0c3d2-1111-4a2b-8c3d-000000000001","displayName":"X","owner":"admin@contoso-partner.example"}]})",
        "$.powerPlatform.apps[0].environment");
    fails(R"({"environments":[{"tenantId":"2f6e8a10-3b7c-4d21-9e55-6a1c0b9d4e01","name":"e"}],
              "apps":[{"environment":"e","name":"a1f0c3d2-1111-4a2b-8c3d-000000000001","displayName":"X","owner":"pat@tailspintoys.example"}]})",
          "$.powerPlatform.apps[0].owner");
    fails(R"({"consent":[{"audience":"x","code":1}]})", "$.powerPlatform.consent[0].code");
    fails(R"({"flows":[],"colour":"blue"})", "unknown field \"colour\"");
}
