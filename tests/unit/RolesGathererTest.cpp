// The roles gatherer (issue 18): subscriptions, then per subscription the identity's role
// assignments and Lighthouse registrations, PIM once, role definitions once per run, and the home
// directory's subscriptions for the Lighthouse signal; every roles.state, every source, the
// failures that must read as "cannot tell", the shared cache, the bound on reads at once and
// cancellation. Against a fake ARM answering per directory token (no sockets).
#include "RolesGatherer.h"
#include "ArmPipeline.h"
#include "FakeNetwork.h"
#include "Wait.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QRegularExpression>
#include <QTimer>
#include <gtest/gtest.h>

using namespace std::chrono_literals;
using namespace pal;
using pal::test::FakeResponse;
using pal::test::RecordedRequest;

namespace {

const QString Home = QStringLiteral("11111111-1111-4111-8111-111111111111");
const QString Customer = QStringLiteral("22222222-2222-4222-8222-222222222222");
const QString Other = QStringLiteral("33333333-3333-4333-8333-333333333333");
const QString Me = QStringLiteral("aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa");
const QString MyGroup = QStringLiteral("cccccccc-cccc-4ccc-8ccc-cccccccccccc");
const QString Colleague = QStringLiteral("dddddddd-dddd-4ddd-8ddd-dddddddddddd");
const QString SubA = QStringLiteral("5a5a5a5a-0000-4000-8000-00000000000a");
const QString SubB = QStringLiteral("5b5b5b5b-0000-4000-8000-00000000000b");
const QString Owner = QStringLiteral("8e3af657-a8ff-443c-a75c-2fe8c4bcb635");
const QString Contributor = QStringLiteral("b24988ac-6180-42a0-ab88-20f7382dd24c");
const QString Reader = QStringLiteral("acdd72a7-3385-48ef-bd42-f606fba81ae7");
const QString RbacAdmin = QStringLiteral("f58310d9-a9f6-439a-9e8d-f62e7b41a168"); // built in, not on the list
const QString CustomRole = QStringLiteral("0c0c0c0c-0000-4000-8000-0000000000cc");
const QString HiddenCustom = QStringLiteral("0d0d0d0d-0000-4000-8000-0000000000dd");

QString roleId(const QString &sub, const QString &guid)
{
    return QStringLiteral("/subscriptions/%1/providers/Microsoft.Authorization/roleDefinitions/%2").arg(sub, guid);
}

QJsonObject subscription(const QString &id, const QString &tenant, const QStringList &managedBy = {})
{
    QJsonArray managed;
    for (const QString &t : managedBy)
        managed.append(QJsonObject{{QStringLiteral("tenantId"), t}});
    return QJsonObject{{QStringLiteral("id"), QString(QStringLiteral("/subscriptions/") + id)},
                       {QStringLiteral("subscriptionId"), id},
                       {QStringLiteral("tenantId"), tenant},
                       {QStringLiteral("displayName"), QString(QStringLiteral("Sub ") + id.left(4))},
                       {QStringLiteral("state"), QStringLiteral("Enabled")},
                       {QStringLiteral("managedByTenants"), managed}};
}

QJsonObject assignment(const QString &id, const QString &scope, const QString &roleDefinitionId,
                       const QString &principal = Me, const QString &type = QStringLiteral("User"))
{
    return QJsonObject{
        {QStringLiteral("id"),
         QString(scope + QStringLiteral("/providers/Microsoft.Authorization/roleAssignments/") + id)},
        {QStringLiteral("properties"), QJsonObject{{QStringLiteral("scope"), scope},
                                                   {QStringLiteral("roleDefinitionId"), roleDefinitionId},
                                                   {QStringLiteral("principalId"), principal},
                                                   {QStringLiteral("principalType"), type}}}};
}

QJsonObject eligibility(const QString &scope, const QString &roleDefinitionId, const QString &name = {},
                        const QString &type = {})
{
    QJsonObject props{{QStringLiteral("scope"), scope},
                      {QStringLiteral("roleDefinitionId"), roleDefinitionId},
                      {QStringLiteral("principalId"), Me},
                      {QStringLiteral("principalType"), QStringLiteral("User")},
                      {QStringLiteral("memberType"), QStringLiteral("Direct")},
                      {QStringLiteral("status"), QStringLiteral("Provisioned")}};
    if (!name.isEmpty())
        props.insert(QStringLiteral("expandedProperties"),
                     QJsonObject{{QStringLiteral("roleDefinition"),
                                  QJsonObject{{QStringLiteral("displayName"), name}, {QStringLiteral("type"), type}}}});
    return QJsonObject{{QStringLiteral("id"), QString(scope + QStringLiteral("/providers/Microsoft.Authorization/"
                                                                             "roleEligibilityScheduleInstances/e1"))},
                       {QStringLiteral("properties"), props}};
}

QJsonObject authorization(const QString &principal, const QString &role, const QString &name = QStringLiteral("x"))
{
    return QJsonObject{{QStringLiteral("principalId"), principal},
                       {QStringLiteral("principalIdDisplayName"), name},
                       {QStringLiteral("roleDefinitionId"), role}};
}

QJsonObject registration(const QString &sub, const QString &managedBy, const QJsonArray &permanent,
                         const QJsonArray &jit = {})
{
    return QJsonObject{
        {QStringLiteral("id"),
         QStringLiteral("/subscriptions/%1/providers/Microsoft.ManagedServices/registrationAssignments/r1").arg(sub)},
        {QStringLiteral("properties"),
         QJsonObject{{QStringLiteral("registrationDefinition"),
                      QJsonObject{{QStringLiteral("properties"),
                                   QJsonObject{{QStringLiteral("managedByTenantId"), managedBy},
                                               {QStringLiteral("managedByTenantName"), QStringLiteral("Partner")},
                                               {QStringLiteral("authorizations"), permanent},
                                               {QStringLiteral("eligibleAuthorizations"), jit}}}}}}}};
}

QJsonObject definition(const QString &id, const QString &name, const QString &type)
{
    return QJsonObject{{QStringLiteral("id"), id},
                       {QStringLiteral("name"), id.section(QLatin1Char('/'), -1)},
                       {QStringLiteral("properties"),
                        QJsonObject{{QStringLiteral("roleName"), name}, {QStringLiteral("type"), type}}}};
}

FakeResponse list(const QJsonArray &value)
{
    FakeResponse r;
    r.body = QJsonDocument(QJsonObject{{QStringLiteral("value"), value}}).toJson(QJsonDocument::Compact);
    return r;
}

FakeResponse object(const QJsonObject &o)
{
    FakeResponse r;
    r.body = QJsonDocument(o).toJson(QJsonDocument::Compact);
    return r;
}

FakeResponse armError(int status, const char *code)
{
    FakeResponse r;
    r.status = status;
    r.body = QByteArray(R"({"error":{"code":")") + code + R"(","message":"As the test says."}})";
    r.headers = {{"x-ms-request-id", "req-" + QByteArray::number(status)}};
    return r;
}

// Tokens that say which directory they are for ("tok@{tenant}") and carry the oid there.
class DirectoryTokens final : public AccessTokenProvider
{
public:
    QHash<QString, QString> oids;
    QHash<QString, AzureError> errors;
    QList<TokenRequest> requests;

    void requestToken(const TokenRequest &request, QObject *context, Completion<AccessToken> done) override
    {
        requests.append(request);
        QPointer<QObject> guard(context);
        QTimer::singleShot(0, context, [this, guard, request, done] {
            if (!guard)
                return;
            if (errors.contains(request.tenantId))
                return done(errors.value(request.tenantId));
            AccessToken t;
            t.token = "tok@" + request.tenantId.toLatin1();
            t.tenantId = request.tenantId;
            t.objectId = oids.value(request.tenantId, Me);
            t.expiresOn = QDateTime::currentDateTimeUtc().addSecs(3600);
            done(t);
        });
    }
};

// ARM as the tests set it up: answers per (directory of the token, path).
struct FakeArm
{
    QHash<QString, FakeResponse> subscriptions; // by directory
    QHash<QString, FakeResponse> eligibilities; // by directory
    QHash<QString, FakeResponse> assignments;   // by subscription
    QHash<QString, FakeResponse> registrations; // by subscription
    QHash<QString, FakeResponse> definitions;   // by path
    bool hangAssignments = false;

    FakeResponse answer(const RecordedRequest &r) const
    {
        const QString tenant = QString::fromLatin1(r.request.rawHeader("Authorization")).section(QLatin1Char('@'), 1);
        const QString path = r.url.path();
        static const QRegularExpression perSub(QStringLiteral("^/subscriptions/([^/]+)/providers/(.*)$"));
        if (path == QLatin1String("/subscriptions"))
            return subscriptions.value(tenant, list({}));
        if (path == QLatin1String("/providers/Microsoft.Authorization/roleEligibilityScheduleInstances"))
            return eligibilities.value(tenant, list({}));
        if (definitions.contains(path))
            return definitions.value(path);
        const auto m = perSub.match(path);
        if (m.hasMatch() && m.captured(2) == QLatin1String("Microsoft.Authorization/roleAssignments")) {
            if (hangAssignments) {
                FakeResponse hang;
                hang.hang = true;
                return hang;
            }
            return assignments.value(m.captured(1), list({}));
        }
        if (m.hasMatch() && m.captured(2) == QLatin1String("Microsoft.ManagedServices/registrationAssignments"))
            return registrations.value(m.captured(1), list({}));
        return armError(404, "RoleDefinitionDoesNotExist");
    }
};

class RolesGathererTest : public ::testing::Test
{
protected:
    RolesGathererTest()
    {
        m_policy.baseDelay = 1ms;
        m_policy.maxDelay = 2ms;
        m_policy.maxRetries = 0;
        m_pipeline = std::make_unique<ArmPipeline>(&m_network, &m_tokens, CloudEnvironment::azureCloud(), m_policy);
        m_network.handler = [this](const RecordedRequest &r) { return m_arm.answer(r); };
        m_tokens.oids.insert(Home, Me);
        m_tokens.oids.insert(Customer, Me);
    }

    RolesFindings gather(const QString &tenant, const QString &home = {}, int concurrency = 4)
    {
        RolesGatherer gatherer(m_pipeline.get(), &m_tokens, &m_cache, EligibleRoles::published(), concurrency);
        const auto r = test::await<RolesFindings>([&](auto done) {
            gatherer.run(RolesRequest{tenant, {}, home}, &m_context, done);
        });
        EXPECT_TRUE(r && *r) << "no findings";
        return r && *r ? r->value() : RolesFindings{};
    }

    int requestsTo(const QString &pathPart) const
    {
        int n = 0;
        for (const RecordedRequest &r : m_network.requests)
            n += r.url.path().contains(pathPart) ? 1 : 0;
        return n;
    }

    const CreditAssignment *find(const RolesFindings &f, const QString &guid, AssignmentSource source) const
    {
        for (const CreditAssignment &a : f.roles.assignments)
            if (roleDefinitionGuid(a.roleDefinitionId) == guid && a.source == source)
                return &a;
        return nullptr;
    }

    QObject m_context;
    test::FakeNetwork m_network;
    DirectoryTokens m_tokens;
    RetryPolicy m_policy;
    std::unique_ptr<ArmPipeline> m_pipeline;
    RolesRunCache m_cache;
    FakeArm m_arm;
};

} // namespace

TEST_F(RolesGathererTest, EverySubscriptionsAssignmentsReadIsChecked)
{
    const QString subA = QStringLiteral("/subscriptions/") + SubA;
    const QString mg = QStringLiteral("/providers/Microsoft.Management/managementGroups/root");
    m_arm.subscriptions.insert(Customer, list({subscription(SubA, Customer), subscription(SubB, Customer)}));
    // A group's assignment at the subscription, the identity's own at a resource group, and one at a
    // management group that assignedTo returns for both subscriptions.
    m_arm.assignments.insert(
        SubA, list({assignment(QStringLiteral("a1"), subA, roleId(SubA, Owner), MyGroup, QStringLiteral("Group")),
                    assignment(QStringLiteral("a2"), subA + QStringLiteral("/resourceGroups/rg"), roleId(SubA, Reader)),
                    assignment(QStringLiteral("mg1"), mg, roleId(SubA, Reader))}));
    m_arm.assignments.insert(SubB, list({assignment(QStringLiteral("mg1"), mg, roleId(SubB, Reader))}));
    const RolesFindings f = gather(Customer);
    EXPECT_EQ(f.objectId, Me);
    EXPECT_FALSE(f.tokenError);
    EXPECT_EQ(f.roles.state, RolesState::Checked);
    EXPECT_EQ(f.roles.subscriptionCount, 2);
    ASSERT_EQ(f.subscriptions.size(), 2);
    EXPECT_EQ(f.subscriptions.at(0).displayName, QStringLiteral("Sub 5a5a"));
    EXPECT_TRUE(f.roles.problems.isEmpty());
    ASSERT_EQ(f.roles.assignments.size(), 3); // the management group's once
    const CreditAssignment *owner = find(f, Owner, AssignmentSource::Active);
    ASSERT_NE(owner, nullptr);
    EXPECT_EQ(owner->roleName, QStringLiteral("Owner"));
    EXPECT_EQ(owner->earnsCredit, std::optional<bool>(true));
    EXPECT_EQ(owner->principalId, MyGroup);
    const CreditAssignment *reader = find(f, Reader, AssignmentSource::Active);
    ASSERT_NE(reader, nullptr);
    EXPECT_EQ(reader->earnsCredit, std::optional<bool>(false));
    // Roles on Partner Center's list are named from it: no definition was read. No Lighthouse
    // delegation by this directory: no registrations were read.
    EXPECT_EQ(requestsTo(QStringLiteral("roleDefinitions")), 0);
    EXPECT_EQ(requestsTo(QStringLiteral("registrationAssignments")), 0);
    EXPECT_EQ(requestsTo(QStringLiteral("roleEligibilityScheduleInstances")), 1);
    // Read with this directory's token, for this identity.
    EXPECT_EQ(m_tokens.requests.at(0).tenantId, Customer);
    for (const RecordedRequest &r : m_network.requests) {
        if (r.url.path().endsWith(QLatin1String("roleAssignments"))) {
            EXPECT_TRUE(r.url.query(QUrl::FullyDecoded).contains(QStringLiteral("assignedTo('%1')").arg(Me)));
        }
    }
}

TEST_F(RolesGathererTest, AForbiddenSubscriptionIsCannotReadAndTheOthersStillCount)
{
    m_arm.subscriptions.insert(Customer, list({subscription(SubA, Customer), subscription(SubB, Customer)}));
    m_arm.assignments.insert(SubA, armError(403, "AuthorizationFailed"));
    m_arm.assignments.insert(
        SubB, list({assignment(QStringLiteral("b1"), QStringLiteral("/subscriptions/") + SubB, roleId(SubB, Reader))}));
    const RolesFindings f = gather(Customer);
    EXPECT_EQ(f.roles.state, RolesState::CannotRead);
    ASSERT_EQ(f.roles.problems.size(), 1);
    EXPECT_TRUE(f.roles.problems.at(0).cannotRead);
    EXPECT_TRUE(f.roles.problems.at(0).what.contains(SubA));
    EXPECT_EQ(f.roles.problems.at(0).error.code, QStringLiteral("AuthorizationFailed"));
    EXPECT_EQ(f.roles.assignments.size(), 1);
}

TEST_F(RolesGathererTest, AnyOtherFailedReadIsFailed)
{
    m_arm.subscriptions.insert(Customer, list({subscription(SubA, Customer)}));
    FakeResponse garbage;
    garbage.body = "{not json";
    m_arm.assignments.insert(SubA, garbage);
    const RolesFindings f = gather(Customer);
    EXPECT_EQ(f.roles.state, RolesState::Failed);
    ASSERT_EQ(f.roles.problems.size(), 1);
    EXPECT_FALSE(f.roles.problems.at(0).cannotRead);
    EXPECT_EQ(f.roles.problems.at(0).error.kind, AzureError::Kind::BadResponse);

    // An unsupported filter is a failed read too, never "no role".
    m_arm.assignments.insert(SubA, armError(400, "UnsupportedQuery"));
    const RolesFindings g = gather(Customer);
    EXPECT_EQ(g.roles.state, RolesState::Failed);
    EXPECT_TRUE(g.roles.problems.at(0).error.message.contains(QStringLiteral("assignedTo")));
}

TEST_F(RolesGathererTest, AFailedSubscriptionsListOrPimReadFailsTheState)
{
    m_arm.subscriptions.insert(Customer, armError(500, "InternalServerError"));
    EXPECT_EQ(gather(Customer).roles.state, RolesState::Failed);

    m_arm.subscriptions.insert(Customer, list({}));
    m_arm.eligibilities.insert(Customer, armError(403, "AuthorizationFailed"));
    const RolesFindings f = gather(Customer);
    EXPECT_EQ(f.roles.state, RolesState::CannotRead);
    EXPECT_TRUE(f.roles.problems.at(0).what.contains(QStringLiteral("PIM")));
}

TEST_F(RolesGathererTest, NoSubscriptionsIsItsOwnStateAndPimStillCounts)
{
    m_arm.subscriptions.insert(Customer, list({}));
    // Eligible for Owner on a subscription /subscriptions does not list.
    m_arm.eligibilities.insert(Customer,
                               list({eligibility(QStringLiteral("/subscriptions/") + SubB, roleId(SubB, Owner))}));
    const RolesFindings f = gather(Customer);
    EXPECT_EQ(f.roles.state, RolesState::NoSubscriptions);
    EXPECT_EQ(f.roles.subscriptionCount, 0);
    ASSERT_EQ(f.roles.assignments.size(), 1);
    EXPECT_EQ(f.roles.assignments.at(0).source, AssignmentSource::Eligible);
    EXPECT_EQ(f.roles.assignments.at(0).roleName, QStringLiteral("Owner"));
    EXPECT_EQ(f.roles.assignments.at(0).earnsCredit, std::optional<bool>(true));
}

TEST_F(RolesGathererTest, RolesOffTheListAreReadOnceBuiltInAtTheTenantCustomAtTheirScope)
{
    const QString subA = QStringLiteral("/subscriptions/") + SubA;
    m_arm.subscriptions.insert(Customer, list({subscription(SubA, Customer)}));
    m_arm.assignments.insert(SubA, list({assignment(QStringLiteral("c1"), subA, roleId(SubA, CustomRole)),
                                         assignment(QStringLiteral("c2"), subA + QStringLiteral("/resourceGroups/rg"),
                                                    roleId(SubA, CustomRole)),
                                         assignment(QStringLiteral("r1"), subA, roleId(SubA, RbacAdmin)),
                                         assignment(QStringLiteral("h1"), subA, roleId(SubA, HiddenCustom))}));
    // PIM names its role itself: nothing to read for it.
    m_arm.eligibilities.insert(
        Customer, list({eligibility(subA, roleId(SubA, QStringLiteral("0e0e0e0e-0000-4000-8000-0000000000ee")),
                                    QStringLiteral("Night Ops"), QStringLiteral("CustomRole"))}));
    m_arm.definitions.insert(QStringLiteral("/providers/Microsoft.Authorization/roleDefinitions/") + RbacAdmin,
                             object(definition(RbacAdmin, QStringLiteral("Role Based Access Control Administrator"),
                                               QStringLiteral("BuiltInRole"))));
    m_arm.definitions.insert(
        roleId(SubA, CustomRole),
        object(definition(roleId(SubA, CustomRole), QStringLiteral("Partner Ops"), QStringLiteral("CustomRole"))));
    m_arm.definitions.insert(roleId(SubA, HiddenCustom), armError(403, "AuthorizationFailed"));
    const RolesFindings f = gather(Customer);
    EXPECT_EQ(f.roles.state, RolesState::Checked) << qPrintable(f.roles.problems.value(0).error.message);
    const CreditAssignment *custom = find(f, CustomRole, AssignmentSource::Active);
    ASSERT_NE(custom, nullptr);
    EXPECT_EQ(custom->roleName, QStringLiteral("Partner Ops"));
    EXPECT_FALSE(custom->earnsCredit.has_value()); // cannot tell, never a guess
    EXPECT_TRUE(custom->customRole);
    const CreditAssignment *admin = find(f, RbacAdmin, AssignmentSource::Active);
    ASSERT_NE(admin, nullptr);
    EXPECT_EQ(admin->roleName, QStringLiteral("Role Based Access Control Administrator"));
    EXPECT_EQ(admin->earnsCredit, std::optional<bool>(false)); // built in, not on the list
    const CreditAssignment *hidden = find(f, HiddenCustom, AssignmentSource::Active);
    ASSERT_NE(hidden, nullptr);
    EXPECT_TRUE(hidden->customRole);
    EXPECT_TRUE(hidden->roleName.isEmpty());
    EXPECT_FALSE(hidden->earnsCredit.has_value());
    const CreditAssignment *night =
        find(f, QStringLiteral("0e0e0e0e-0000-4000-8000-0000000000ee"), AssignmentSource::Eligible);
    ASSERT_NE(night, nullptr);
    EXPECT_EQ(night->roleName, QStringLiteral("Night Ops"));
    EXPECT_TRUE(night->customRole);
    // Tenant level first (3 roles), then the two that are not built in at their scope; each once.
    EXPECT_EQ(requestsTo(QStringLiteral("/providers/Microsoft.Authorization/roleDefinitions/")), 5);
    EXPECT_EQ(m_cache.definitionReads(), 5);

    // The next directory of the same run reads no tenant-level definition again (a custom role is
    // read with each directory's token: whether it may be read depends on who asks).
    const int before = int(m_network.requests.size());
    m_arm.subscriptions.insert(Home, list({subscription(SubA, Home)}));
    m_tokens.oids.insert(Home, Me);
    gather(Home);
    int definitionReads = 0;
    for (qsizetype i = before; i < m_network.requests.size(); ++i)
        definitionReads += m_network.requests.at(i).url.path().startsWith(
                               QStringLiteral("/providers/Microsoft.Authorization/roleDefinitions"))
                               ? 1
                               : 0;
    EXPECT_EQ(definitionReads, 0);
}

TEST_F(RolesGathererTest, AFailedDefinitionReadIsAFailedRead)
{
    m_arm.subscriptions.insert(Customer, list({subscription(SubA, Customer)}));
    m_arm.assignments.insert(SubA, list({assignment(QStringLiteral("r1"), QStringLiteral("/subscriptions/") + SubA,
                                                    roleId(SubA, RbacAdmin))}));
    m_arm.definitions.insert(QStringLiteral("/providers/Microsoft.Authorization/roleDefinitions/") + RbacAdmin,
                             armError(500, "InternalServerError"));
    const RolesFindings f = gather(Customer);
    EXPECT_EQ(f.roles.state, RolesState::Failed);
    ASSERT_EQ(f.roles.assignments.size(), 1);
    EXPECT_FALSE(f.roles.assignments.at(0).earnsCredit.has_value());
}

TEST_F(RolesGathererTest, LighthouseAuthorizationsOfThisDirectoryCount)
{
    // The partner's home directory sees a customer's subscription projected into it.
    m_arm.subscriptions.insert(Home,
                               list({subscription(SubA, Customer, {Home}), subscription(SubB, Customer, {Other})}));
    m_arm.registrations.insert(
        SubA,
        list({registration(SubA, Home,
                           {authorization(Me, Contributor), authorization(Colleague, Owner, QStringLiteral("Admins")),
                            authorization(Colleague, Reader)},
                           {authorization(Me, Owner), authorization(Colleague, Contributor)}),
              registration(SubA, Other, {authorization(Me, Owner)})}));
    const RolesFindings f = gather(Home, Home);
    EXPECT_FALSE(f.projectedToHome); // the home directory itself: no signal to read
    EXPECT_EQ(f.roles.state, RolesState::Checked);
    const CreditAssignment *permanent = find(f, Contributor, AssignmentSource::Lighthouse);
    ASSERT_NE(permanent, nullptr);
    EXPECT_EQ(permanent->earnsCredit, std::optional<bool>(true));
    EXPECT_EQ(permanent->scope, QStringLiteral("/subscriptions/") + SubA);
    EXPECT_EQ(permanent->roleDefinitionId, Contributor); // a bare GUID, as Lighthouse sends it
    const CreditAssignment *jit = find(f, Owner, AssignmentSource::LighthouseEligible);
    ASSERT_NE(jit, nullptr);
    EXPECT_EQ(jit->earnsCredit, std::optional<bool>(true));
    // The colleague's (maybe a group's) Owner: cannot tell; their Reader and just-in-time grants cannot matter.
    const CreditAssignment *maybeGroup = find(f, Owner, AssignmentSource::Lighthouse);
    ASSERT_NE(maybeGroup, nullptr);
    EXPECT_TRUE(maybeGroup->otherPrincipal);
    EXPECT_FALSE(maybeGroup->earnsCredit.has_value());
    EXPECT_EQ(maybeGroup->principalName, QStringLiteral("Admins"));
    EXPECT_EQ(f.roles.assignments.size(), 3); // the registration managed by another directory does not count
    // Only the subscription this directory manages has its registrations read.
    EXPECT_EQ(requestsTo(QStringLiteral("registrationAssignments")), 1);
    EXPECT_EQ(requestsTo(SubA + QStringLiteral("/providers/Microsoft.ManagedServices")), 1);
}

TEST_F(RolesGathererTest, TheHomeDirectorysSubscriptionsGiveTheLighthouseSignalEvenWithoutAToken)
{
    m_tokens.errors.insert(Customer, AzureError::make(AzureError::Kind::InteractionRequired,
                                                      QStringLiteral("AADSTS50020: not in this directory."),
                                                      QStringLiteral("AADSTS50020")));
    m_arm.subscriptions.insert(Home, list({subscription(SubA, Customer, {Home})}));
    const RolesFindings f = gather(Customer, Home);
    ASSERT_TRUE(f.tokenError);
    EXPECT_EQ(f.tokenError->kind, AzureError::Kind::InteractionRequired);
    EXPECT_EQ(f.tokenError->tenantId, Customer);
    EXPECT_EQ(f.roles.state, RolesState::Failed);
    EXPECT_EQ(f.projectedToHome, std::optional<bool>(true));
    EXPECT_EQ(requestsTo(QStringLiteral("roleAssignments")), 0);

    // Not projected: the home directory's subscriptions belong elsewhere.
    m_tokens.errors.clear();
    RolesRunCache fresh;
    m_arm.subscriptions.insert(Home, list({subscription(SubA, Other, {Home})}));
    RolesGatherer gatherer(m_pipeline.get(), &m_tokens, &fresh);
    const auto r = test::await<RolesFindings>([&](auto done) {
        gatherer.run(RolesRequest{Customer, {}, Home}, &m_context, done);
    });
    ASSERT_TRUE(r && *r);
    EXPECT_EQ((*r)->projectedToHome, std::optional<bool>(false));

    // A failed home read leaves the signal unknown and says why.
    RolesRunCache third;
    m_arm.subscriptions.insert(Home, armError(500, "InternalServerError"));
    RolesGatherer again(m_pipeline.get(), &m_tokens, &third);
    const auto g = test::await<RolesFindings>([&](auto done) {
        again.run(RolesRequest{Customer, {}, Home}, &m_context, done);
    });
    ASSERT_TRUE(g && *g);
    EXPECT_FALSE((*g)->projectedToHome);
    ASSERT_TRUE((*g)->homeReadError);
    EXPECT_EQ((*g)->homeReadError->httpStatus, 500);
}

TEST_F(RolesGathererTest, TheHomeSubscriptionsAreReadOncePerRun)
{
    m_arm.subscriptions.insert(Home, list({subscription(SubA, Customer, {Home})}));
    gather(Customer, Home);
    gather(Other, Home);
    int homeReads = 0;
    for (const RecordedRequest &r : m_network.requests)
        homeReads += r.url.path() == QLatin1String("/subscriptions") &&
                             r.request.rawHeader("Authorization").endsWith(Home.toLatin1())
                         ? 1
                         : 0;
    EXPECT_EQ(homeReads, 1);
}

TEST_F(RolesGathererTest, AGivenObjectIdNeedsNoToken)
{
    m_arm.subscriptions.insert(Customer, list({}));
    RolesGatherer gatherer(m_pipeline.get(), nullptr, &m_cache);
    const auto r = test::await<RolesFindings>([&](auto done) {
        gatherer.run(RolesRequest{Customer, MyGroup, {}}, &m_context, done);
    });
    ASSERT_TRUE(r && *r);
    EXPECT_EQ((*r)->objectId, MyGroup);
    EXPECT_EQ((*r)->roles.state, RolesState::NoSubscriptions);
    // Without a token provider and without an object id there is nothing to read with.
    const auto none = test::await<RolesFindings>([&](auto done) {
        gatherer.run(RolesRequest{Customer, {}, {}}, &m_context, done);
    });
    ASSERT_TRUE(none && *none);
    ASSERT_TRUE((*none)->tokenError);
    EXPECT_EQ((*none)->tokenError->kind, AzureError::Kind::InvalidInput);
    EXPECT_EQ((*none)->roles.state, RolesState::Failed);
}

TEST_F(RolesGathererTest, AtMostTheBoundIsReadAtOnceAndCancelEndsItOnce)
{
    QJsonArray subs;
    for (int i = 0; i < 10; ++i)
        subs.append(subscription(QStringLiteral("5c5c5c5c-0000-4000-8000-0000000000%1").arg(i, 2, 10, QLatin1Char('0')),
                                 Customer));
    m_arm.subscriptions.insert(Customer, list(subs));
    m_arm.hangAssignments = true;
    RolesGatherer gatherer(m_pipeline.get(), &m_tokens, &m_cache, EligibleRoles::published(), 2);
    int calls = 0;
    std::optional<Expected<RolesFindings>> result;
    CallHandle handle = gatherer.run(RolesRequest{Customer, {}, {}}, &m_context, [&](const Expected<RolesFindings> &r) {
        ++calls;
        result.emplace(r);
    });
    ASSERT_TRUE(test::waitUntil([&] { return requestsTo(QStringLiteral("roleAssignments")) >= 2; }));
    QEventLoop settle;
    QTimer::singleShot(50, &settle, &QEventLoop::quit);
    settle.exec();
    EXPECT_EQ(requestsTo(QStringLiteral("roleAssignments")), 2);
    EXPECT_TRUE(handle.isRunning());
    handle.cancel();
    ASSERT_TRUE(test::waitUntil([&] { return calls > 0; }));
    QTimer::singleShot(30, &settle, &QEventLoop::quit);
    settle.exec();
    EXPECT_EQ(calls, 1);
    ASSERT_TRUE(result && !*result);
    EXPECT_EQ(result->error().kind, AzureError::Kind::Cancelled);
    int aborted = 0;
    for (const auto &flag : m_network.aborted)
        aborted += *flag ? 1 : 0;
    EXPECT_EQ(aborted, 2); // the reads in flight were cancelled
}

TEST_F(RolesGathererTest, DirectoriesCheckedAtOnceShareOneReadOfWhatTheyBothNeed)
{
    // Two directories of one account, checked side by side: the home directory's subscriptions and
    // a built-in role off the list are read once, while both runs wait for them.
    m_arm.subscriptions.insert(Home, list({subscription(SubA, Customer, {Home})}));
    m_arm.subscriptions.insert(Customer, list({subscription(SubA, Customer)}));
    m_arm.subscriptions.insert(Other, list({subscription(SubB, Other)}));
    m_arm.assignments.insert(SubA, list({assignment(QStringLiteral("a"), QStringLiteral("/subscriptions/") + SubA,
                                                    roleId(SubA, RbacAdmin))}));
    m_arm.assignments.insert(SubB, list({assignment(QStringLiteral("b"), QStringLiteral("/subscriptions/") + SubB,
                                                    roleId(SubB, RbacAdmin))}));
    m_arm.definitions.insert(QStringLiteral("/providers/Microsoft.Authorization/roleDefinitions/") + RbacAdmin,
                             object(definition(RbacAdmin, QStringLiteral("Role Based Access Control Administrator"),
                                               QStringLiteral("BuiltInRole"))));
    RolesGatherer gatherer(m_pipeline.get(), &m_tokens, &m_cache);
    QList<RolesFindings> found;
    auto collect = [&](const Expected<RolesFindings> &r) {
        ASSERT_TRUE(r);
        found.append(*r);
    };
    gatherer.run(RolesRequest{Customer, {}, Home}, &m_context, collect);
    gatherer.run(RolesRequest{Other, {}, Home}, &m_context, collect);
    ASSERT_TRUE(test::waitUntil([&] { return found.size() == 2; }));
    EXPECT_EQ(m_cache.subscriptionReads(), 3); // the home directory's once, and each directory's own
    EXPECT_EQ(m_cache.definitionReads(), 1);
    EXPECT_EQ(requestsTo(QStringLiteral("/roleDefinitions/") + RbacAdmin), 1);
    for (const RolesFindings &f : std::as_const(found)) {
        ASSERT_EQ(f.roles.assignments.size(), 1);
        EXPECT_EQ(f.roles.assignments.at(0).roleName, QStringLiteral("Role Based Access Control Administrator"));
        EXPECT_EQ(f.roles.assignments.at(0).earnsCredit, std::optional<bool>(false));
    }
    int projected = 0;
    for (const RolesFindings &f : std::as_const(found))
        projected += f.projectedToHome.value_or(false) ? 1 : 0;
    EXPECT_EQ(projected, 1); // Customer's subscription is projected into Home; Other's is not
}
