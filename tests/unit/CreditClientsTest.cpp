// The roles check's ARM clients (issue 18): parsing of the official spec examples (tests/data/spec,
// verbatim), the requests they send (paths, api-versions, $filter), paging through nextLink, and
// the answers that must not read as "no role": 403 AuthorizationFailed, 400 UnsupportedQuery, a
// broken page. Against a scripted QNetworkAccessManager (no sockets).
#include "ArmPipeline.h"
#include "AuthorizationClient.h"
#include "FakeNetwork.h"
#include "FakeTokens.h"
#include "LighthouseClient.h"
#include "SubscriptionsClient.h"
#include "Wait.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUrlQuery>
#include <gtest/gtest.h>

using namespace std::chrono_literals;
using pal::AzureError;
using pal::test::FakeResponse;

namespace {

const QString Tenant = QStringLiteral("1b1121dd-6900-412a-af73-e8d44f81e1c1");
const QString Sub = QStringLiteral("a925f2f7-5c63-4b7b-8799-25a5f97bc3b2");
const QString Me = QStringLiteral("ce2ce14e-85d7-4629-bdbc-454d0519d987");

QJsonObject exampleBody(const QString &relativePath)
{
    QFile file(QStringLiteral(PAL_SPEC_DIR "/") + relativePath);
    EXPECT_TRUE(file.open(QIODevice::ReadOnly)) << qPrintable(file.fileName());
    return QJsonDocument::fromJson(file.readAll())
        .object()
        .value(QStringLiteral("responses"))
        .toObject()
        .value(QStringLiteral("200"))
        .toObject()
        .value(QStringLiteral("body"))
        .toObject();
}

FakeResponse ok(const QJsonObject &body)
{
    FakeResponse a;
    a.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    a.headers = {{"x-ms-request-id", "req-1"}, {"x-ms-correlation-request-id", "corr-1"}};
    return a;
}

FakeResponse error(int status, const char *code, const char *message)
{
    FakeResponse a;
    a.status = status;
    a.body = QByteArray(R"({"error":{"code":")") + code + R"(","message":")" + message + R"("}})";
    a.headers = {{"x-ms-request-id", "req-err"}};
    return a;
}

QJsonObject withNextLink(QJsonObject page, const QString &next)
{
    page.insert(QStringLiteral("nextLink"), next);
    return page;
}

class CreditClientsTest : public ::testing::Test
{
protected:
    CreditClientsTest()
    {
        m_policy.baseDelay = 2ms;
        m_policy.maxDelay = 5ms;
        m_pipeline =
            std::make_unique<pal::ArmPipeline>(&m_network, &m_tokens, pal::CloudEnvironment::azureCloud(), m_policy);
    }

    template <typename T, typename Start> pal::Expected<T> call(Start start)
    {
        auto r = pal::test::await<T>(start);
        EXPECT_TRUE(r.has_value()) << "no answer";
        return r ? *r : pal::Expected<T>(AzureError::make(AzureError::Kind::Timeout, QStringLiteral("no answer")));
    }

    QObject m_context;
    pal::test::FakeNetwork m_network;
    pal::test::FakeTokens m_tokens;
    pal::RetryPolicy m_policy;
    std::unique_ptr<pal::ArmPipeline> m_pipeline;
};

} // namespace

// ---- parsing the spec examples ----

TEST(CreditParsing, SpecSubscriptionsExample)
{
    const QJsonArray value = exampleBody(QStringLiteral("resources/2022-12-01/examples/GetSubscriptions.json"))
                                 .value(QStringLiteral("value"))
                                 .toArray();
    ASSERT_EQ(value.size(), 2);
    const auto first = pal::Subscription::fromJson(value.at(0).toObject());
    ASSERT_TRUE(first) << qPrintable(first.error().message);
    EXPECT_EQ(first->subscriptionId, QStringLiteral("291bba3f-e0a5-47bc-a099-3bdcb2a50a05"));
    EXPECT_EQ(first->displayName, QStringLiteral("Example Subscription"));
    EXPECT_EQ(first->state, QStringLiteral("Enabled"));
    EXPECT_EQ(first->tenantId, QStringLiteral("31c75423-32d6-4322-88b7-c478bdde4858"));
    EXPECT_EQ(first->managedByTenantIds, QStringList{QStringLiteral("8f70baf1-1f6e-46a2-a1ff-238dac1ebfb7")});
    const auto second = pal::Subscription::fromJson(value.at(1).toObject());
    ASSERT_TRUE(second);
    EXPECT_EQ(second->managedByTenantIds.size(), 2);
    EXPECT_TRUE(second->isManagedBy(QStringLiteral("F7FB6AF2-321D-47C8-9C0F-B0239EAAD39A")));
    EXPECT_FALSE(second->isManagedBy(second->tenantId));
}

TEST(CreditParsing, SubscriptionsThatAreNotUsableAreBadResponses)
{
    const auto noId = pal::Subscription::fromJson(QJsonObject{{QStringLiteral("displayName"), QStringLiteral("x")}});
    ASSERT_FALSE(noId);
    EXPECT_EQ(noId.error().kind, AzureError::Kind::BadResponse);
    // The id goes into request paths: anything but a GUID is refused.
    const auto path =
        pal::Subscription::fromJson(QJsonObject{{QStringLiteral("subscriptionId"), QStringLiteral("../x")}});
    EXPECT_FALSE(path);
    const auto managed = pal::Subscription::fromJson(QJsonObject{
        {QStringLiteral("subscriptionId"), Sub}, {QStringLiteral("managedByTenants"), QStringLiteral("x")}});
    EXPECT_FALSE(managed);
}

TEST(CreditParsing, SpecRoleAssignmentExamples)
{
    const QJsonArray scope =
        exampleBody(QStringLiteral("authorization/2022-04-01/examples/RoleAssignments_ListForScope.json"))
            .value(QStringLiteral("value"))
            .toArray();
    ASSERT_EQ(scope.size(), 1);
    const auto a = pal::RoleAssignment::fromJson(scope.at(0).toObject());
    ASSERT_TRUE(a) << qPrintable(a.error().message);
    EXPECT_EQ(a->scope, QStringLiteral("/subscriptions/a925f2f7-5c63-4b7b-8799-25a5f97bc3b2"));
    EXPECT_EQ(a->principalId, Me);
    EXPECT_EQ(a->principalType, QStringLiteral("User"));
    EXPECT_EQ(pal::roleDefinitionGuid(a->roleDefinitionId), QStringLiteral("0b5fe924-9a61-425c-96af-cfe6e287ca2d"));

    const QJsonArray rg =
        exampleBody(QStringLiteral("authorization/2022-04-01/examples/RoleAssignments_ListForResourceGroup.json"))
            .value(QStringLiteral("value"))
            .toArray();
    ASSERT_EQ(rg.size(), 2);
    const auto inGroup = pal::RoleAssignment::fromJson(rg.at(1).toObject());
    ASSERT_TRUE(inGroup);
    EXPECT_EQ(inGroup->scope,
              QStringLiteral("/subscriptions/a925f2f7-5c63-4b7b-8799-25a5f97bc3b2/resourceGroups/testrg"));
}

TEST(CreditParsing, RoleDefinitionGuidAcceptsEveryShapeArmSends)
{
    EXPECT_EQ(pal::roleDefinitionGuid(QStringLiteral("/subscriptions/%1/providers/Microsoft.Authorization/"
                                                     "roleDefinitions/B24988AC-6180-42A0-AB88-20F7382DD24C")
                                          .arg(Sub)),
              QStringLiteral("b24988ac-6180-42a0-ab88-20f7382dd24c"));
    EXPECT_EQ(pal::roleDefinitionGuid(QStringLiteral("acdd72a7-3385-48ef-bd42-f606fba81ae7")), // Lighthouse: bare
              QStringLiteral("acdd72a7-3385-48ef-bd42-f606fba81ae7"));
    EXPECT_EQ(pal::roleDefinitionGuid(QStringLiteral("/providers/Microsoft.Authorization/roleDefinitions/x")),
              QString());
    EXPECT_EQ(pal::roleDefinitionGuid(QStringLiteral("Owner")), QString());
}

TEST(CreditParsing, SpecRoleDefinitionExample)
{
    const auto d = pal::RoleDefinition::fromJson(
        exampleBody(QStringLiteral("authorization/2022-04-01/examples/GetRoleDefinitionById.json")));
    ASSERT_TRUE(d) << qPrintable(d.error().message);
    EXPECT_EQ(d->roleName, QStringLiteral("Role name"));
    EXPECT_EQ(d->type, QStringLiteral("roletype")); // the example's placeholder: neither built in nor custom
    EXPECT_FALSE(d->isBuiltIn());
    EXPECT_FALSE(d->isCustom());
    EXPECT_EQ(d->actions, QStringList{QStringLiteral("action")});

    QJsonObject noName = exampleBody(QStringLiteral("authorization/2022-04-01/examples/GetRoleDefinitionById.json"));
    QJsonObject props = noName.value(QStringLiteral("properties")).toObject();
    props.remove(QStringLiteral("roleName"));
    noName.insert(QStringLiteral("properties"), props);
    EXPECT_FALSE(pal::RoleDefinition::fromJson(noName));
}

TEST(CreditParsing, SpecEligibilityExample)
{
    const QJsonArray value =
        exampleBody(QStringLiteral("authorization/2020-10-01/examples/GetRoleEligibilityScheduleInstancesByScope.json"))
            .value(QStringLiteral("value"))
            .toArray();
    ASSERT_EQ(value.size(), 1);
    const auto e = pal::RoleEligibility::fromJson(value.at(0).toObject());
    ASSERT_TRUE(e) << qPrintable(e.error().message);
    EXPECT_EQ(e->scope, QStringLiteral("/subscriptions/dfa2a084-766f-4003-8ae1-c4aeb893a99f"));
    EXPECT_EQ(pal::roleDefinitionGuid(e->roleDefinitionId), QStringLiteral("b24988ac-6180-42a0-ab88-20f7382dd24c"));
    EXPECT_EQ(e->memberType, QStringLiteral("Direct"));
    EXPECT_EQ(e->roleName, QStringLiteral("Contributor"));
    EXPECT_EQ(e->roleType, QStringLiteral("BuiltInRole"));
    ASSERT_TRUE(e->endDateTime);
    EXPECT_EQ(e->endDateTime->date(), QDate(2021, 9, 10));
}

TEST(CreditParsing, SpecLighthouseExamples)
{
    const QJsonArray value = exampleBody(QStringLiteral("managedservices/2022-10-01/examples/"
                                                        "GetRegistrationAssignmentsWithManagedByTenantIdInFilter.json"))
                                 .value(QStringLiteral("value"))
                                 .toArray();
    ASSERT_EQ(value.size(), 2);
    const auto a = pal::RegistrationAssignment::fromJson(value.at(0).toObject());
    ASSERT_TRUE(a) << qPrintable(a.error().message);
    EXPECT_EQ(a->scope, QStringLiteral("/subscriptions/0afefe50-734e-4610-8c82-a144aff49dea"));
    EXPECT_EQ(a->managedByTenantId, QStringLiteral("83abe5cd-bcc3-441a-bd86-e6a75360cec")); // 35 characters, as sent
    ASSERT_EQ(a->authorizations.size(), 3);
    EXPECT_EQ(a->authorizations.at(0).roleDefinitionId, QStringLiteral("acdd72a7-3385-48ef-bd42-f606fba81ae7"));
    EXPECT_EQ(a->authorizations.at(0).principalDisplayName, QStringLiteral("Support User"));
    EXPECT_FALSE(a->authorizations.at(1).justInTime);
    EXPECT_TRUE(a->authorizations.at(2).justInTime);
    EXPECT_EQ(a->authorizations.at(2).roleDefinitionId, QStringLiteral("8e3af657-a8ff-443c-a75c-2fe8c4bcb635"));
    const auto b = pal::RegistrationAssignment::fromJson(value.at(1).toObject());
    ASSERT_TRUE(b);
    EXPECT_EQ(b->authorizations.size(), 1);

    const auto single = pal::RegistrationAssignment::fromJson(
        exampleBody(QStringLiteral("managedservices/2022-10-01/examples/GetRegistrationAssignment.json")));
    ASSERT_TRUE(single);
    EXPECT_EQ(single->managedByTenantId, QStringLiteral("83abe5cd-bcc3-441a-bd86-e6a75360cecc"));
    EXPECT_EQ(single->authorizations.size(), 3);
}

TEST(CreditParsing, LighthouseWithoutTheExpandedDefinitionIsABadResponse)
{
    const auto a = pal::RegistrationAssignment::fromJson(
        QJsonObject{{QStringLiteral("id"), QStringLiteral("/subscriptions/%1/providers/Microsoft.ManagedServices/"
                                                          "registrationAssignments/x")
                                               .arg(Sub)},
                    {QStringLiteral("properties"),
                     QJsonObject{{QStringLiteral("registrationDefinitionId"), QStringLiteral("y")}}}});
    ASSERT_FALSE(a);
    EXPECT_TRUE(a.error().message.contains(QStringLiteral("not expanded")));
}

// ---- the requests and their answers ----

TEST_F(CreditClientsTest, SubscriptionsFollowEveryPage)
{
    const QJsonObject spec = exampleBody(QStringLiteral("resources/2022-12-01/examples/GetSubscriptions.json"));
    const QJsonObject page2{
        {QStringLiteral("value"), QJsonArray{QJsonObject{{QStringLiteral("subscriptionId"), Sub},
                                                         {QStringLiteral("displayName"), QStringLiteral("Third")},
                                                         {QStringLiteral("tenantId"), Tenant}}}}};
    m_network.script = {
        ok(withNextLink(
            spec, QStringLiteral("https://management.azure.com/subscriptions?api-version=2022-12-01&%24skiptoken=p2"))),
        ok(page2)};
    pal::SubscriptionsClient client(m_pipeline.get());
    const auto r = call<QList<pal::Subscription>>([&](auto done) { client.list(Tenant, &m_context, done); });
    ASSERT_TRUE(r) << qPrintable(r.error().message);
    ASSERT_EQ(r->size(), 3);
    EXPECT_EQ(r->at(2).displayName, QStringLiteral("Third"));
    ASSERT_EQ(m_network.requests.size(), 2);
    EXPECT_EQ(m_network.requests[0].url.path(), QStringLiteral("/subscriptions"));
    EXPECT_EQ(QUrlQuery(m_network.requests[0].url).queryItemValue(QStringLiteral("api-version")),
              QStringLiteral("2022-12-01"));
    EXPECT_TRUE(m_network.requests[1].url.query().contains(QStringLiteral("skiptoken=p2")));
    EXPECT_EQ(m_tokens.requests.at(0).tenantId, Tenant);
}

TEST_F(CreditClientsTest, TheSpecsPlaceholderNextLinkFailsTheWholeList)
{
    // "nextLink": "..." is no URL on the ARM host: no half list that looks whole.
    m_network.script = {ok(exampleBody(QStringLiteral("resources/2022-12-01/examples/GetSubscriptions.json")))};
    pal::SubscriptionsClient client(m_pipeline.get());
    const auto r = call<QList<pal::Subscription>>([&](auto done) { client.list(Tenant, &m_context, done); });
    ASSERT_FALSE(r);
    EXPECT_EQ(m_network.requests.size(), 1);
}

TEST_F(CreditClientsTest, AssignmentsAskForEverythingAssignedToTheIdentity)
{
    const QJsonObject page1 =
        exampleBody(QStringLiteral("authorization/2022-04-01/examples/RoleAssignments_ListForScope.json"));
    const QJsonObject page2 =
        exampleBody(QStringLiteral("authorization/2022-04-01/examples/RoleAssignments_ListForResourceGroup.json"));
    m_network.script = {
        ok(withNextLink(page1, QStringLiteral("https://management.azure.com/subscriptions/%1/providers/"
                                              "Microsoft.Authorization/roleAssignments?api-version=2022-04-01"
                                              "&%24filter=assignedTo('%2')&%24skiptoken=2")
                                   .arg(Sub, Me))),
        ok(page2)};
    pal::AuthorizationClient client(m_pipeline.get());
    const auto r =
        call<QList<pal::RoleAssignment>>([&](auto done) { client.assignments(Tenant, Sub, Me, &m_context, done); });
    ASSERT_TRUE(r) << qPrintable(r.error().message);
    EXPECT_EQ(r->size(), 3);
    ASSERT_EQ(m_network.requests.size(), 2);
    const QUrl &first = m_network.requests[0].url;
    EXPECT_EQ(first.path(),
              QStringLiteral("/subscriptions/%1/providers/Microsoft.Authorization/roleAssignments").arg(Sub));
    const QUrlQuery q(first);
    EXPECT_EQ(q.queryItemValue(QStringLiteral("api-version")), QStringLiteral("2022-04-01"));
    EXPECT_EQ(q.queryItemValue(QStringLiteral("$filter"), QUrl::FullyDecoded),
              QStringLiteral("assignedTo('%1')").arg(Me));
    EXPECT_FALSE(first.query().contains(QStringLiteral("principalId"))); // never the direct-only filter
    EXPECT_FALSE(first.query().contains(QStringLiteral("atScope")));     // never the at-or-above-only filter
}

TEST_F(CreditClientsTest, AForbiddenReadIsCannotReadNotNoRole)
{
    m_network.script = {error(403, "AuthorizationFailed",
                              "The client 'x' with object id 'y' does not have authorization to perform action "
                              "'Microsoft.Authorization/roleAssignments/read' over scope '/subscriptions/z'.")};
    pal::AuthorizationClient client(m_pipeline.get());
    const auto r =
        call<QList<pal::RoleAssignment>>([&](auto done) { client.assignments(Tenant, Sub, Me, &m_context, done); });
    ASSERT_FALSE(r);
    EXPECT_TRUE(pal::isCannotRead(r.error()));
    EXPECT_EQ(r.error().code, QStringLiteral("AuthorizationFailed"));
    EXPECT_EQ(r.error().requestId, QStringLiteral("req-err"));
    EXPECT_EQ(m_network.requests.size(), 1); // a 403 is not retried
}

TEST_F(CreditClientsTest, AnUnsupportedFilterSaysWhichFilter)
{
    m_network.script = {error(400, "UnsupportedQuery", "The filter is not supported.")};
    pal::AuthorizationClient client(m_pipeline.get());
    const auto r =
        call<QList<pal::RoleAssignment>>([&](auto done) { client.assignments(Tenant, Sub, Me, &m_context, done); });
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, AzureError::Kind::BadRequest);
    EXPECT_EQ(r.error().code, QStringLiteral("UnsupportedQuery"));
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("assignedTo('%1')").arg(Me)))
        << qPrintable(r.error().message);
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("The filter is not supported.")));
    EXPECT_FALSE(pal::isCannotRead(r.error()));
}

TEST_F(CreditClientsTest, ABrokenSecondPageFailsTheWholeList)
{
    const QJsonObject page1 =
        exampleBody(QStringLiteral("authorization/2022-04-01/examples/RoleAssignments_ListForScope.json"));
    FakeResponse broken;
    broken.body = R"({"value":[{"properties":{"scope":"/subscriptions/x"}}]})"; // no roleDefinitionId
    m_network.script = {
        ok(withNextLink(page1, QStringLiteral("https://management.azure.com/next?api-version=2022-04-01"))), broken};
    pal::AuthorizationClient client(m_pipeline.get());
    const auto r =
        call<QList<pal::RoleAssignment>>([&](auto done) { client.assignments(Tenant, Sub, Me, &m_context, done); });
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, AzureError::Kind::BadResponse);
}

TEST_F(CreditClientsTest, BadIdsAreRefusedBeforeAnythingIsSent)
{
    pal::AuthorizationClient client(m_pipeline.get());
    const auto badObject = call<QList<pal::RoleAssignment>>(
        [&](auto done) { client.assignments(Tenant, Sub, QStringLiteral("x') or true or ('"), &m_context, done); });
    ASSERT_FALSE(badObject);
    EXPECT_EQ(badObject.error().kind, AzureError::Kind::InvalidInput);
    const auto badSub = call<QList<pal::RoleAssignment>>(
        [&](auto done) { client.assignments(Tenant, QStringLiteral("../../x"), Me, &m_context, done); });
    EXPECT_FALSE(badSub);
    const auto badRole = call<pal::RoleDefinition>([&](auto done) {
        client.definition(Tenant,
                          QStringLiteral("/subscriptions/x/providers/Microsoft.Authorization/roleDefinitions/"
                                         "b24988ac-6180-42a0-ab88-20f7382dd24c?x=1"),
                          &m_context, done);
    });
    EXPECT_FALSE(badRole);
    const auto badGuid = call<pal::RoleDefinition>(
        [&](auto done) { client.builtInDefinition(Tenant, QStringLiteral("Owner"), &m_context, done); });
    EXPECT_FALSE(badGuid);
    pal::LighthouseClient lighthouse(m_pipeline.get());
    const auto badLighthouse = call<QList<pal::RegistrationAssignment>>(
        [&](auto done) { lighthouse.assignments(Tenant, QStringLiteral("x"), &m_context, done); });
    EXPECT_FALSE(badLighthouse);
    EXPECT_TRUE(m_network.requests.isEmpty());
}

TEST_F(CreditClientsTest, EligibilitiesAreReadTenantWideAsTarget)
{
    m_network.script = {ok(exampleBody(
        QStringLiteral("authorization/2020-10-01/examples/GetRoleEligibilityScheduleInstancesByScope.json")))};
    pal::AuthorizationClient client(m_pipeline.get());
    const auto r =
        call<QList<pal::RoleEligibility>>([&](auto done) { client.eligibilities(Tenant, &m_context, done); });
    ASSERT_TRUE(r) << qPrintable(r.error().message);
    EXPECT_EQ(r->size(), 1);
    const QUrl &url = m_network.requests.at(0).url;
    EXPECT_EQ(url.path(), QStringLiteral("/providers/Microsoft.Authorization/roleEligibilityScheduleInstances"));
    const QUrlQuery q(url);
    EXPECT_EQ(q.queryItemValue(QStringLiteral("api-version")), QStringLiteral("2020-10-01"));
    EXPECT_EQ(q.queryItemValue(QStringLiteral("$filter"), QUrl::FullyDecoded), QStringLiteral("asTarget()"));
}

TEST_F(CreditClientsTest, BuiltInDefinitionsAreReadAtTheTenantLevelCustomOnesAtTheirScope)
{
    const QJsonObject body =
        exampleBody(QStringLiteral("authorization/2022-04-01/examples/GetRoleDefinitionById.json"));
    m_network.script = {ok(body), ok(body)};
    pal::AuthorizationClient client(m_pipeline.get());
    const auto builtIn = call<pal::RoleDefinition>([&](auto done) {
        client.builtInDefinition(Tenant, QStringLiteral("acdd72a7-3385-48ef-bd42-f606fba81ae7"), &m_context, done);
    });
    ASSERT_TRUE(builtIn);
    const QString custom = QStringLiteral("/subscriptions/%1/providers/Microsoft.Authorization/roleDefinitions/"
                                          "0b5fe924-9a61-425c-96af-cfe6e287ca2d")
                               .arg(Sub);
    const auto scoped =
        call<pal::RoleDefinition>([&](auto done) { client.definition(Tenant, custom, &m_context, done); });
    ASSERT_TRUE(scoped);
    ASSERT_EQ(m_network.requests.size(), 2);
    EXPECT_EQ(
        m_network.requests[0].url.path(),
        QStringLiteral("/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7"));
    EXPECT_EQ(QUrlQuery(m_network.requests[0].url).queryItemValue(QStringLiteral("api-version")),
              QStringLiteral("2022-04-01"));
    EXPECT_EQ(m_network.requests[1].url.path(), custom);
}

TEST_F(CreditClientsTest, LighthouseAsksForTheExpandedDefinitionAndFollowsPages)
{
    const QJsonObject spec = exampleBody(QStringLiteral(
        "managedservices/2022-10-01/examples/GetRegistrationAssignmentsWithManagedByTenantIdInFilter.json"));
    m_network.script = {ok(withNextLink(spec, QStringLiteral("https://management.azure.com/subscriptions/%1/providers/"
                                                             "Microsoft.ManagedServices/registrationAssignments?"
                                                             "api-version=2022-10-01&%24skiptoken=2")
                                                  .arg(Sub))),
                        ok(QJsonObject{{QStringLiteral("value"), QJsonArray()}})};
    pal::LighthouseClient client(m_pipeline.get());
    const auto r =
        call<QList<pal::RegistrationAssignment>>([&](auto done) { client.assignments(Tenant, Sub, &m_context, done); });
    ASSERT_TRUE(r) << qPrintable(r.error().message);
    EXPECT_EQ(r->size(), 2);
    ASSERT_EQ(m_network.requests.size(), 2);
    const QUrl &first = m_network.requests[0].url;
    EXPECT_EQ(first.path(),
              QStringLiteral("/subscriptions/%1/providers/Microsoft.ManagedServices/registrationAssignments").arg(Sub));
    const QUrlQuery q(first);
    EXPECT_EQ(q.queryItemValue(QStringLiteral("api-version")), QStringLiteral("2022-10-01"));
    EXPECT_EQ(q.queryItemValue(QStringLiteral("$expandRegistrationDefinition")), QStringLiteral("true"));
}
