// The sandbox's Azure RBAC answers over loopback: GET /subscriptions, role assignments with ARM's
// $filter semantics, role definitions, PIM eligibility, Lighthouse registrations, their 400/401/403
// answers, and their shapes against the REST spec examples in tests/data/spec.
#include "SandboxTestSupport.h"
#include "TestFiles.h"

#include <QSet>

using namespace sandboxtest;

namespace {

const QString kOwner = QStringLiteral("8e3af657-a8ff-443c-a75c-2fe8c4bcb635");
const QString kContributor = QStringLiteral("b24988ac-6180-42a0-ab88-20f7382dd24c");
const QString kReader = QStringLiteral("acdd72a7-3385-48ef-bd42-f606fba81ae7");
const QString kSupportRequestContributor = QStringLiteral("cfd33db0-3dd1-45e3-aa9d-cdbdf3b6f24e");
const QString kVmContributor = QStringLiteral("9980e02c-c2be-4d73-94e8-173b1dc7cf3c");
const QString kTailspinAppOperator = QStringLiteral("4f9c2a61-7d3e-4b8a-9c05-1e2d3f4a5b61");

// The 200 body of a spec example.
QJsonObject exampleBody(const char *relativePath)
{
    const QByteArray text = pal::test::readFile(QStringLiteral(PAL_SPEC_DIR "/") + QLatin1String(relativePath));
    EXPECT_FALSE(text.isEmpty()) << relativePath;
    return QJsonDocument::fromJson(text)
        .object()
        .value(QStringLiteral("responses"))
        .toObject()
        .value(QStringLiteral("200"))
        .toObject()
        .value(QStringLiteral("body"))
        .toObject();
}

// Every field of the example is in `actual` with the same JSON type (objects recursively, arrays
// by their first elements); `optional` names fields ARM leaves out when empty, `nullable` those it
// sends as null.
void expectShape(const QJsonValue &actual, const QJsonValue &example, const QString &where,
                 const QStringList &optional = {}, const QStringList &nullable = {})
{
    if (example.isObject()) {
        ASSERT_TRUE(actual.isObject()) << qPrintable(where);
        const QJsonObject a = actual.toObject();
        const QJsonObject e = example.toObject();
        for (auto it = e.begin(); it != e.end(); ++it) {
            const QString at = where + QLatin1Char('.') + it.key();
            if (!a.contains(it.key())) {
                EXPECT_TRUE(optional.contains(it.key())) << "missing " << at.toStdString();
                continue;
            }
            if (a.value(it.key()).isNull() && nullable.contains(it.key()))
                continue;
            expectShape(a.value(it.key()), it.value(), at, optional, nullable);
        }
    } else if (example.isArray()) {
        ASSERT_TRUE(actual.isArray()) << qPrintable(where);
        if (!example.toArray().isEmpty() && !actual.toArray().isEmpty())
            expectShape(actual.toArray().first(), example.toArray().first(), where + QStringLiteral("[0]"), optional,
                        nullable);
    } else {
        EXPECT_EQ(actual.type(), example.type()) << qPrintable(where);
    }
}

class RbacEndpointsTest : public SandboxTest
{
protected:
    // Every item of a paged list, following nextLink (absolute, on the sandbox) to the end.
    QJsonArray all(const QString &path, const QByteArray &token, int *pages = nullptr)
    {
        QJsonArray items;
        QString next = path;
        int count = 0;
        while (!next.isEmpty() && count < 20) {
            const Response r = get(next, bearer(token));
            EXPECT_EQ(r.status, 200) << r.body.constData();
            if (r.status != 200)
                break;
            ++count;
            for (const QJsonValue &v : r.json().value(QStringLiteral("value")).toArray())
                items << v;
            const QString link = r.json().value(QStringLiteral("nextLink")).toString();
            EXPECT_TRUE(link.isEmpty() || link.startsWith(m_base + QLatin1Char('/'))) << qPrintable(link);
            next = link.mid(m_base.size());
        }
        if (pages)
            *pages = count;
        return items;
    }
    static QStringList field(const QJsonArray &items, const QString &name, bool inProperties = false)
    {
        QStringList out;
        for (const QJsonValue &v : items) {
            const QJsonObject o = inProperties ? v[QStringLiteral("properties")].toObject() : v.toObject();
            out << o.value(name).toString();
        }
        out.sort();
        return out;
    }
    static QString assignments(const QString &subscriptionId, const QString &filter = {})
    {
        QString path = QStringLiteral("/subscriptions/%1/providers/Microsoft.Authorization/roleAssignments"
                                      "?api-version=2022-04-01")
                           .arg(subscriptionId);
        if (!filter.isEmpty())
            path += QStringLiteral("&$filter=") + QString::fromLatin1(QUrl::toPercentEncoding(filter));
        return path;
    }
    QByteArray admin(const scenario::Directory &d) { return userToken(d.tenantId); }
};

const QString kSubscriptions = QStringLiteral("/subscriptions?api-version=2022-12-01");

TEST_F(RbacEndpointsTest, SubscriptionsArePagedPerDirectoryInTheSpecShape)
{
    int pages = 0;
    const QJsonArray home = all(kSubscriptions, admin(scenario::ContosoPartner), &pages);
    EXPECT_EQ(pages, 2) << "three subscriptions, two a page";
    EXPECT_EQ(
        field(home, QStringLiteral("subscriptionId")),
        (QStringList{scenario::ContosoPartnerProduction.subscriptionId, scenario::ContosoPartnerDevTest.subscriptionId,
                     scenario::AdventureWorksManaged.subscriptionId}));
    const QJsonObject example = exampleBody("resources/2022-12-01/examples/GetSubscriptions.json");
    for (const QJsonValue &s : home) {
        expectShape(s, example.value(QStringLiteral("value")).toArray().first(), QStringLiteral("subscription"),
                    {QStringLiteral("tags")});
        EXPECT_FALSE(s.toObject().contains(QStringLiteral("homeTenantId"))) << "the Azure CLI's name, not ARM's";
        EXPECT_EQ(s[QStringLiteral("id")].toString(),
                  QStringLiteral("/subscriptions/") + s[QStringLiteral("subscriptionId")].toString());
    }
    // The Lighthouse-delegated one: its own directory, and the home directory managing it.
    for (const QJsonValue &s : home) {
        const bool delegated =
            s[QStringLiteral("subscriptionId")].toString() == scenario::AdventureWorksManaged.subscriptionId;
        EXPECT_EQ(s[QStringLiteral("tenantId")].toString(),
                  delegated ? scenario::AdventureWorks.tenantId : scenario::ContosoPartner.tenantId);
        const QJsonArray expected =
            delegated ? QJsonArray{QJsonObject{{QStringLiteral("tenantId"), scenario::ContosoPartner.tenantId}}}
                      : QJsonArray{};
        EXPECT_EQ(s[QStringLiteral("managedByTenants")].toArray(), expected);
    }
}

TEST_F(RbacEndpointsTest, EachDirectoryListsWhatItsTokenMaySee)
{
    const auto ids = [&](const scenario::Directory &d) {
        return field(all(kSubscriptions, admin(d)), QStringLiteral("subscriptionId"));
    };
    EXPECT_EQ(ids(scenario::Fabrikam), QStringList{scenario::FabrikamAnalytics.subscriptionId});
    EXPECT_EQ(ids(scenario::NorthwindTraders), QStringList{scenario::NorthwindRetail.subscriptionId});
    EXPECT_EQ(ids(scenario::TailspinToys), QStringList{scenario::TailspinApps.subscriptionId});
    EXPECT_EQ(ids(scenario::WoodgroveBank), QStringList{scenario::WoodgroveCoreBanking.subscriptionId})
        << "a role without read actions still lists its subscription";
    EXPECT_EQ(ids(scenario::Litware), QStringList{scenario::LitwareAzurePlan.subscriptionId});
    EXPECT_EQ(ids(scenario::Proseware), QStringList{}) << "a directory without subscriptions";
    EXPECT_EQ(ids(scenario::AdventureWorks), QStringList{}) << "the admin holds no role of Adventure Works' own";
    const QJsonArray managed = all(kSubscriptions, admin(scenario::FourthCoffee));
    ASSERT_EQ(managed.size(), 1);
    EXPECT_EQ(managed[0][QStringLiteral("tenantId")].toString(), scenario::CohoWinery.tenantId);
    EXPECT_EQ(managed[0][QStringLiteral("managedByTenants")].toArray().first()[QStringLiteral("tenantId")].toString(),
              scenario::FourthCoffee.tenantId);
    EXPECT_TRUE(all(kSubscriptions, userToken(scenario::ContosoPartner.tenantId, scenario::Pat.username)).isEmpty());
    EXPECT_EQ(field(all(kSubscriptions,
                        sandbox->issueArmToken(scenario::PalAutomation.clientId, scenario::ContosoPartner.tenantId)),
                    QStringLiteral("subscriptionId")),
              QStringList{scenario::ContosoPartnerProduction.subscriptionId});
}

TEST_F(RbacEndpointsTest, AssignedToIsTransitiveOverNestedGroupsAndReachesAboveAndBelow)
{
    const QByteArray token = admin(scenario::ContosoPartner);
    const QString sub = QStringLiteral("/subscriptions/") + scenario::ContosoPartnerProduction.subscriptionId;
    int pages = 0;
    const QJsonArray found = all(assignments(scenario::ContosoPartnerProduction.subscriptionId,
                                             QStringLiteral("assignedTo('%1')").arg(scenario::Admin.objectId)),
                                 token, &pages);
    EXPECT_EQ(pages, 2) << "three assignments, two a page, the filter kept in nextLink";
    EXPECT_EQ(field(found, QStringLiteral("scope"), true),
              (QStringList{QStringLiteral("/"), sub, sub + QStringLiteral("/resourceGroups/rg-web")}));
    for (const QJsonValue &a : found) {
        const QJsonObject p = a[QStringLiteral("properties")].toObject();
        const QString scope = p.value(QStringLiteral("scope")).toString();
        if (scope == sub) { // through Azure Operators, which holds Cloud Team, which holds the admin
            EXPECT_EQ(p.value(QStringLiteral("principalId")).toString(), scenario::AzureOperatorsGroup.objectId);
            EXPECT_EQ(p.value(QStringLiteral("principalType")).toString(), QStringLiteral("Group"));
            EXPECT_EQ(p.value(QStringLiteral("roleDefinitionId")).toString(),
                      sub + QStringLiteral("/providers/Microsoft.Authorization/roleDefinitions/") + kContributor);
        } else {
            EXPECT_EQ(p.value(QStringLiteral("principalId")).toString(), scenario::Admin.objectId);
            EXPECT_TRUE(p.value(QStringLiteral("roleDefinitionId"))
                            .toString()
                            .endsWith(scope == QLatin1String("/") ? kSupportRequestContributor : kReader));
        }
        EXPECT_EQ(a[QStringLiteral("id")].toString(),
                  (scope == QLatin1String("/") ? QString() : scope) +
                      QStringLiteral("/providers/Microsoft.Authorization/roleAssignments/") +
                      a[QStringLiteral("name")].toString());
        expectShape(a,
                    exampleBody("authorization/2022-04-01/examples/RoleAssignments_ListForScope.json")
                        .value(QStringLiteral("value"))
                        .toArray()
                        .first(),
                    QStringLiteral("roleAssignment"));
    }
}

TEST_F(RbacEndpointsTest, PrincipalIdIsDirectOnlyAndAtScopeMissesResourceGroups)
{
    const QByteArray token = admin(scenario::ContosoPartner);
    const QString id = scenario::ContosoPartnerProduction.subscriptionId;
    const QString sub = QStringLiteral("/subscriptions/") + id;
    EXPECT_EQ(field(all(assignments(id, QStringLiteral("principalId eq '%1'").arg(scenario::Admin.objectId)), token),
                    QStringLiteral("scope"), true),
              (QStringList{QStringLiteral("/"), sub + QStringLiteral("/resourceGroups/rg-web")}))
        << "no group's assignment";
    EXPECT_EQ(field(all(assignments(id, QStringLiteral("atScope() and assignedTo('%1')").arg(scenario::Admin.objectId)),
                        token),
                    QStringLiteral("scope"), true),
              (QStringList{QStringLiteral("/"), sub}))
        << "nothing below the subscription";
    QStringList everyone{scenario::Admin.objectId, scenario::AzureOperatorsGroup.objectId,
                         scenario::PalAutomation.objectId};
    everyone.sort();
    EXPECT_EQ(field(all(assignments(id, QStringLiteral("atScope()")), token), QStringLiteral("principalId"), true),
              everyone);
    EXPECT_EQ(all(assignments(id), token).size(), 4) << "no filter: everyone's, at, above and below";
}

TEST_F(RbacEndpointsTest, AnUnsupportedFilterIsUnsupportedQuery)
{
    const auto auth = bearer(admin(scenario::ContosoPartner));
    const QString id = scenario::ContosoPartnerProduction.subscriptionId;
    for (const QString &filter : {QStringLiteral("roleDefinitionId eq '%1'").arg(kContributor),
                                  QStringLiteral("assignedTo(%1)").arg(scenario::Admin.objectId),
                                  QStringLiteral("principalId eq '%1' or atScope()").arg(scenario::Admin.objectId),
                                  QStringLiteral("asTarget()")}) {
        const Response r = get(assignments(id, filter), auth);
        expectArmError(r, 400, "UnsupportedQuery");
        EXPECT_TRUE(r.body.contains("is not supported")) << r.body.constData();
    }
}

TEST_F(RbacEndpointsTest, ARoleThatCannotReadRolesIsAuthorizationFailed)
{
    const Response r = get(assignments(scenario::WoodgroveCoreBanking.subscriptionId,
                                       QStringLiteral("assignedTo('%1')").arg(scenario::Admin.objectId)),
                           bearer(admin(scenario::WoodgroveBank)));
    expectArmError(r, 403, "AuthorizationFailed");
    const QString message = r.json()[QStringLiteral("error")][QStringLiteral("message")].toString();
    EXPECT_TRUE(message.contains(QStringLiteral("'Microsoft.Authorization/roleAssignments/read'")))
        << qPrintable(message);
    EXPECT_TRUE(message.contains(QStringLiteral("/subscriptions/") + scenario::WoodgroveCoreBanking.subscriptionId));
    EXPECT_TRUE(message.contains(scenario::Admin.username));
    // Reader, a custom role with */read, a service principal's Contributor: all may read.
    EXPECT_EQ(get(assignments(scenario::FabrikamAnalytics.subscriptionId), bearer(admin(scenario::Fabrikam))).status,
              200);
    EXPECT_EQ(get(assignments(scenario::TailspinApps.subscriptionId), bearer(admin(scenario::TailspinToys))).status,
              200);
    EXPECT_EQ(get(assignments(scenario::ContosoPartnerProduction.subscriptionId),
                  bearer(sandbox->issueArmToken(scenario::PalAutomation.clientId, scenario::ContosoPartner.tenantId)))
                  .status,
              200);
}

TEST_F(RbacEndpointsTest, ASubscriptionOfAnotherDirectoryOrNoneIsRefusedAsArmDoes)
{
    const auto auth = bearer(admin(scenario::Fabrikam));
    const Response other = get(assignments(scenario::ContosoPartnerProduction.subscriptionId), auth);
    expectArmError(other, 401, "InvalidAuthenticationTokenTenant");
    EXPECT_TRUE(other.body.contains(scenario::ContosoPartner.tenantId.toLatin1()));
    expectArmError(get(assignments(QStringLiteral("00000000-0000-4000-8000-000000000000")), auth), 404,
                   "SubscriptionNotFound");
    expectArmError(get(QStringLiteral("/subscriptions/%1/providers/Microsoft.Authorization/roleAssignments")
                           .arg(scenario::FabrikamAnalytics.subscriptionId),
                       auth),
                   400, "MissingApiVersionParameter");
    expectArmError(get(QStringLiteral("/subscriptions/%1/providers/Microsoft.Authorization/roleAssignments"
                                      "?api-version=2022-12-01")
                           .arg(scenario::FabrikamAnalytics.subscriptionId),
                       auth),
                   400, "InvalidApiVersionParameter");
    expectArmError(send("DELETE", kSubscriptions, auth), 405, "MethodNotAllowed");
    expectArmError(get(kSubscriptions), 401, "AuthenticationFailed");
}

TEST_F(RbacEndpointsTest, BuiltInRolesAreReadAtTheTenantRootAndCustomRolesUnderTheirScope)
{
    const auto auth = bearer(admin(scenario::TailspinToys));
    const QString root = QStringLiteral("/providers/Microsoft.Authorization/roleDefinitions/%1?api-version=2022-04-01");
    const Response contributor = get(root.arg(kContributor), auth);
    ASSERT_EQ(contributor.status, 200) << contributor.body.constData();
    expectShape(contributor.json(), exampleBody("authorization/2022-04-01/examples/GetRoleDefinitionById.json"),
                QStringLiteral("roleDefinition"));
    const QJsonObject p = contributor.json()[QStringLiteral("properties")].toObject();
    EXPECT_EQ(p.value(QStringLiteral("roleName")).toString(), QStringLiteral("Contributor"));
    EXPECT_EQ(p.value(QStringLiteral("type")).toString(), QStringLiteral("BuiltInRole"));
    EXPECT_EQ(p.value(QStringLiteral("permissions")).toArray().first()[QStringLiteral("actions")].toArray(),
              QJsonArray{QStringLiteral("*")});
    EXPECT_EQ(contributor.json()[QStringLiteral("id")].toString(),
              QStringLiteral("/providers/Microsoft.Authorization/roleDefinitions/") + kContributor);
    expectArmError(get(root.arg(kTailspinAppOperator), auth), 404, "RoleDefinitionDoesNotExist");
    expectArmError(get(root.arg(QStringLiteral("00000000-0000-4000-8000-000000000000")), auth), 404,
                   "RoleDefinitionDoesNotExist");

    const QString scoped = QStringLiteral("/subscriptions/%1/providers/Microsoft.Authorization/roleDefinitions/%2"
                                          "?api-version=2022-04-01");
    const Response custom = get(scoped.arg(scenario::TailspinApps.subscriptionId, kTailspinAppOperator), auth);
    ASSERT_EQ(custom.status, 200) << custom.body.constData();
    EXPECT_EQ(custom.json()[QStringLiteral("properties")][QStringLiteral("type")].toString(),
              QStringLiteral("CustomRole"));
    EXPECT_EQ(custom.json()[QStringLiteral("properties")][QStringLiteral("roleName")].toString(),
              QStringLiteral("Tailspin App Operator"));
    EXPECT_EQ(get(scoped.arg(scenario::TailspinApps.subscriptionId, kOwner), auth).status, 200);
    // Where the identity holds no role (Adventure Works' own subscription, seen with its own token),
    // or one that reads nothing (Woodgrove), a scoped read is refused.
    expectArmError(get(scoped.arg(scenario::AdventureWorksManaged.subscriptionId, kReader),
                       bearer(admin(scenario::AdventureWorks))),
                   403, "AuthorizationFailed");
    const Response woodgrove =
        get(scoped.arg(scenario::WoodgroveCoreBanking.subscriptionId, kReader), bearer(admin(scenario::WoodgroveBank)));
    expectArmError(woodgrove, 403, "AuthorizationFailed");
    EXPECT_TRUE(woodgrove.body.contains("Microsoft.Authorization/roleDefinitions/read"));
}

TEST_F(RbacEndpointsTest, PimEligibleRolesAreListedTenantWideForTheCaller)
{
    const QString path = QStringLiteral("/providers/Microsoft.Authorization/roleEligibilityScheduleInstances"
                                        "?api-version=2020-10-01&$filter=asTarget()");
    const QJsonArray northwind = all(path, admin(scenario::NorthwindTraders));
    ASSERT_EQ(northwind.size(), 2);
    const QJsonObject example =
        exampleBody("authorization/2020-10-01/examples/GetRoleEligibilityScheduleInstancesByScope.json")
            .value(QStringLiteral("value"))
            .toArray()
            .first()
            .toObject();
    QStringList seen;
    for (const QJsonValue &e : northwind) {
        expectShape(e, example, QStringLiteral("eligibility"), {QStringLiteral("email")}, // a group has none
                    {QStringLiteral("condition"), QStringLiteral("conditionVersion"), QStringLiteral("endDateTime")});
        const QJsonObject p = e[QStringLiteral("properties")].toObject();
        EXPECT_EQ(p.value(QStringLiteral("scope")).toString(),
                  QStringLiteral("/subscriptions/") + scenario::NorthwindRetail.subscriptionId);
        EXPECT_EQ(p.value(QStringLiteral("status")).toString(), QStringLiteral("Provisioned"));
        seen << p.value(QStringLiteral("roleDefinitionId")).toString().section(QLatin1Char('/'), -1) +
                    QLatin1Char(' ') + p.value(QStringLiteral("memberType")).toString() + QLatin1Char(' ') +
                    p.value(QStringLiteral("principalType")).toString();
    }
    seen.sort();
    EXPECT_EQ(seen,
              (QStringList{kOwner + QStringLiteral(" Group Group"), kContributor + QStringLiteral(" Direct User")}));
    EXPECT_TRUE(all(path, admin(scenario::ContosoPartner)).isEmpty());
    expectArmError(get(QStringLiteral("/providers/Microsoft.Authorization/roleEligibilityScheduleInstances"
                                      "?api-version=2020-10-01"),
                       bearer(admin(scenario::NorthwindTraders))),
                   400, "UnsupportedQuery");
}

TEST_F(RbacEndpointsTest, LighthouseRegistrationsNamePermanentAndJustInTimeAuthorizations)
{
    const QString path = QStringLiteral("/subscriptions/%1/providers/Microsoft.ManagedServices/registrationAssignments"
                                        "?api-version=2022-10-01&$expandRegistrationDefinition=true");
    const QJsonArray home =
        all(path.arg(scenario::AdventureWorksManaged.subscriptionId), admin(scenario::ContosoPartner));
    ASSERT_EQ(home.size(), 1);
    expectShape(home[0], exampleBody("managedservices/2022-10-01/examples/GetRegistrationAssignment.json"),
                QStringLiteral("registrationAssignment"), {QStringLiteral("plan")});
    const QJsonObject d =
        home[0][QStringLiteral("properties")][QStringLiteral("registrationDefinition")][QStringLiteral("properties")]
            .toObject();
    EXPECT_EQ(d.value(QStringLiteral("managedByTenantId")).toString(), scenario::ContosoPartner.tenantId);
    EXPECT_EQ(d.value(QStringLiteral("manageeTenantId")).toString(), scenario::AdventureWorks.tenantId);
    QStringList permanent;
    for (const QJsonValue &a : d.value(QStringLiteral("authorizations")).toArray())
        permanent << a[QStringLiteral("principalId")].toString() + QLatin1Char(' ') +
                         a[QStringLiteral("roleDefinitionId")].toString();
    permanent.sort();
    EXPECT_EQ(permanent, (QStringList{scenario::Admin.objectId + QLatin1Char(' ') + kContributor,
                                      scenario::LighthouseOperatorsGroup.objectId + QLatin1Char(' ') + kReader}))
        << "bare role GUIDs; a group principal";
    const QJsonArray jit = d.value(QStringLiteral("eligibleAuthorizations")).toArray();
    ASSERT_EQ(jit.size(), 1);
    EXPECT_EQ(jit[0][QStringLiteral("roleDefinitionId")].toString(), kVmContributor);
    EXPECT_FALSE(jit[0][QStringLiteral("justInTimeAccessPolicy")][QStringLiteral("maximumActivationDuration")]
                     .toString()
                     .isEmpty());

    const QJsonArray coho = all(path.arg(scenario::CohoWineryProduction.subscriptionId), admin(scenario::FourthCoffee));
    ASSERT_EQ(coho.size(), 1);
    const QJsonObject c =
        coho[0][QStringLiteral("properties")][QStringLiteral("registrationDefinition")][QStringLiteral("properties")]
            .toObject();
    EXPECT_EQ(
        c.value(QStringLiteral("authorizations")).toArray().first()[QStringLiteral("roleDefinitionId")].toString(),
        kReader);
    EXPECT_EQ(c.value(QStringLiteral("eligibleAuthorizations"))
                  .toArray()
                  .first()[QStringLiteral("roleDefinitionId")]
                  .toString(),
              kContributor);

    const QString plain = path.arg(scenario::AdventureWorksManaged.subscriptionId).section(QLatin1Char('&'), 0, 0);
    const QJsonArray unexpanded = all(plain, admin(scenario::ContosoPartner));
    ASSERT_EQ(unexpanded.size(), 1);
    EXPECT_FALSE(
        unexpanded[0][QStringLiteral("properties")].toObject().contains(QStringLiteral("registrationDefinition")));
}

TEST_F(RbacEndpointsTest, AJustInTimeAuthorizationAloneDoesNotListTheSubscription)
{
    QJsonObject azure = QJsonDocument::fromJson(palsandbox::SandboxServer::defaultScenario())
                            .object()
                            .value(QStringLiteral("azure"))
                            .toObject();
    QJsonArray lighthouse = azure.value(QStringLiteral("lighthouse")).toArray();
    QJsonObject fourthCoffee = lighthouse[1].toObject();
    fourthCoffee.insert(QStringLiteral("authorizations"),
                        QJsonArray{QJsonObject{{QStringLiteral("principal"), scenario::Pat.username},
                                               {QStringLiteral("role"), QStringLiteral("Reader")}}});
    lighthouse[1] = fourthCoffee;
    azure.insert(QStringLiteral("lighthouse"), lighthouse);
    QJsonArray users = QJsonDocument::fromJson(palsandbox::SandboxServer::defaultScenario())
                           .object()
                           .value(QStringLiteral("users"))
                           .toArray();
    QJsonObject pat = users[1].toObject();
    pat.insert(QStringLiteral("memberOf"),
               QJsonArray{scenario::ContosoPartner.tenantId, scenario::FourthCoffee.tenantId});
    users[1] = pat;
    startWith(defaultScenarioWith({{QStringLiteral("azure"), azure}, {QStringLiteral("users"), users}}));
    ASSERT_TRUE(sandbox);
    EXPECT_TRUE(all(kSubscriptions, admin(scenario::FourthCoffee)).isEmpty());
    EXPECT_EQ(all(kSubscriptions, userToken(scenario::FourthCoffee.tenantId, scenario::Pat.username)).size(), 1);
}

TEST_F(RbacEndpointsTest, AForeignPrincipalCarriesItsHomeObjectIdAndCannotLink)
{
    const QByteArray litware = admin(scenario::Litware);
    EXPECT_EQ(jwtClaims(QString::fromLatin1(litware)).value(QStringLiteral("oid")).toString(),
              scenario::Admin.objectId);
    EXPECT_NE(jwtClaims(QString::fromLatin1(admin(scenario::Fabrikam))).value(QStringLiteral("oid")).toString(),
              scenario::Admin.objectId)
        << "a guest has an object id of its own";
    const QString put = QStringLiteral("/providers/Microsoft.ManagementPartner/partners/%1?api-version=2018-02-01")
                            .arg(scenario::ContosoPartnerServices.id);
    const Response refused = send("PUT", put, bearer(litware));
    expectArmError(refused, 400, "BadRequest");
    EXPECT_TRUE(refused.body.contains("If you are a CSP partner logged in the customer tenant"))
        << refused.body.constData();
    EXPECT_EQ(get(put, bearer(litware)).status, 404) << "nothing was linked";
    EXPECT_EQ(send("PUT", put, bearer(admin(scenario::ContosoPartner))).status, 200) << "at home the same oid links";
}

TEST_F(RbacEndpointsTest, TheAzureScenarioIsValidatedWithItsPath)
{
    const auto problem = [](const QJsonObject &azure) {
        QString error;
        const auto server =
            palsandbox::SandboxServer::create(defaultScenarioWith({{QStringLiteral("azure"), azure}}), &error);
        EXPECT_FALSE(server);
        return error;
    };
    QJsonObject azure = QJsonDocument::fromJson(palsandbox::SandboxServer::defaultScenario())
                            .object()
                            .value(QStringLiteral("azure"))
                            .toObject();
    QJsonObject owner = azure;
    QJsonArray lighthouse = owner.value(QStringLiteral("lighthouse")).toArray();
    QJsonObject first = lighthouse[0].toObject();
    first.insert(QStringLiteral("authorizations"),
                 QJsonArray{QJsonObject{{QStringLiteral("principal"), scenario::Admin.username},
                                        {QStringLiteral("role"), QStringLiteral("Owner")}}});
    lighthouse[0] = first;
    owner.insert(QStringLiteral("lighthouse"), lighthouse);
    EXPECT_TRUE(problem(owner).endsWith(QStringLiteral(
        "at $.azure.lighthouse[0].authorizations[0].role: Azure Lighthouse does not allow the Owner role")))
        << qPrintable(problem(owner));

    QJsonObject badScope = azure;
    badScope.insert(
        QStringLiteral("roleAssignments"),
        QJsonArray{QJsonObject{{QStringLiteral("scope"), QStringLiteral("/subscriptions/%1/resourceGroups/rg-nowhere")
                                                             .arg(scenario::FabrikamAnalytics.subscriptionId)},
                               {QStringLiteral("principal"), scenario::Admin.username},
                               {QStringLiteral("role"), QStringLiteral("Reader")}}});
    EXPECT_TRUE(problem(badScope).endsWith(
        QStringLiteral("at $.azure.roleAssignments[0].scope: no resource group \"rg-nowhere\"")))
        << qPrintable(problem(badScope));

    QJsonObject badRole = azure;
    badRole.insert(
        QStringLiteral("eligibilities"),
        QJsonArray{QJsonObject{{QStringLiteral("scope"),
                                QStringLiteral("/subscriptions/%1").arg(scenario::FabrikamAnalytics.subscriptionId)},
                               {QStringLiteral("principal"), scenario::Admin.username},
                               {QStringLiteral("role"), QStringLiteral("Chief Wizard")}}});
    EXPECT_TRUE(problem(badRole).contains(QStringLiteral("at $.azure.eligibilities[0].role: no role definition")));

    QJsonObject stranger = azure;
    stranger.insert(
        QStringLiteral("roleAssignments"),
        QJsonArray{QJsonObject{{QStringLiteral("scope"),
                                QStringLiteral("/subscriptions/%1").arg(scenario::FabrikamAnalytics.subscriptionId)},
                               {QStringLiteral("principal"), scenario::Pat.username},
                               {QStringLiteral("role"), QStringLiteral("Reader")}}});
    EXPECT_TRUE(problem(stranger).contains(QStringLiteral("is not a member of"))) << qPrintable(problem(stranger));

    QJsonObject typo = azure;
    typo.insert(QStringLiteral("subscription"), QJsonArray{});
    EXPECT_TRUE(problem(typo).endsWith(QStringLiteral("at $.azure: unknown field \"subscription\"")))
        << qPrintable(problem(typo));
}

TEST_F(RbacEndpointsTest, TheDefaultScenarioNamesADirectoryForEveryVerdict)
{
    QSet<QString> verdicts;
    for (const scenario::Directory &d : scenario::directories)
        if (!d.verdict.isEmpty())
            verdicts.insert(d.verdict);
    // notLinked is every directory not linked at start (e.g. Fabrikam); the rest are named.
    EXPECT_EQ(verdicts, (QSet<QString>{QStringLiteral("earnsCredit"), QStringLiteral("cannotLink"),
                                       QStringLiteral("linkInHomeTenant"), QStringLiteral("linkedToOther"),
                                       QStringLiteral("cannotTell"), QStringLiteral("eligibleOnly"),
                                       QStringLiteral("noEligibleRole")}));
    EXPECT_TRUE(scenario::Fabrikam.linkedPartnerId.isEmpty());
    EXPECT_EQ(scenario::Proseware.linkedPartnerId, scenario::PreviousPartnerInc.id);
    EXPECT_EQ(scenario::FourthCoffee.linkedPartnerId, scenario::ContosoPartnerServices.id);
}

} // namespace
