// core/checks: the registry (names, refusals, resolving --checks), and each check's typed result
// against a scripted network: the link (through PartnerLinks), whether it is the identity's own,
// attribution's typed summary; and the failure paths: a check that fails, a cancelled run, an
// account with no services.
#include "AccountServices.h"
#include "AccountServicesPool.h"
#include "ArmPipeline.h"
#include "AttributionSummaryCheck.h"
#include "CheckRegistry.h"
#include "CheckRun.h"
#include "FakeNetwork.h"
#include "FakeTokens.h"
#include "IdentityCheck.h"
#include "LinkCheck.h"
#include "LinkOwnership.h"
#include "ManagementPartnerClient.h"
#include "Wait.h"

#include <QJsonArray>
#include <gtest/gtest.h>

using pal::AccountServices;
using pal::AzureError;
using pal::CheckRegistry;
using pal::CheckResult;
using pal::CheckSubject;
using pal::LinkOwnership;
using Owner = pal::LinkOwnership::Owner;
using Kind = pal::LinkState::Kind;

namespace {

const QString Tenant = QStringLiteral("7d3c1b2a-0f4e-4c6d-9a8b-1e2f3a4b5c6d");
const QString Me = QStringLiteral("11111111-1111-4111-8111-111111111111");
const QString Someone = QStringLiteral("22222222-2222-4222-8222-222222222222");

QByteArray linkBody(const QString &tenantId, const QString &objectId, const char *partnerId)
{
    return QStringLiteral(
               R"({"id":"/providers/microsoft.managementpartner/partners/%3","type":"Microsoft.ManagementPartner/partners","name":"%3","etag":1,"properties":{"partnerId":"%3","partnerName":"Contoso Partner","tenantId":"%1","objectId":"%2","version":1,"createdTime":"2026-01-01T00:00:00Z","updatedTime":"2026-01-01T00:00:00Z","state":"Active"}})")
        .arg(tenantId, objectId, QLatin1String(partnerId))
        .toUtf8();
}

// A check that answers what it is told to, at once or on the next turn.
class ScriptedCheck final : public pal::DirectoryCheck
{
public:
    ScriptedCheck(QString name, std::optional<AzureError> error = {})
        : m_name(std::move(name))
        , m_error(std::move(error))
    {}
    QString name() const override { return m_name; }
    QString description() const override { return QStringLiteral("scripted"); }
    pal::CallHandle run(const CheckSubject &, AccountServices *, QObject *, pal::Completion<CheckResult> done) override
    {
        ++runs;
        if (m_error)
            done(*m_error);
        else
            done(CheckResult::of(m_name, std::make_shared<pal::LinkFinding>(pal::LinkState{})));
        return {};
    }
    int runs = 0;

private:
    QString m_name;
    std::optional<AzureError> m_error;
};

class ChecksTest : public ::testing::Test
{
protected:
    ChecksTest()
    {
        m_tokens.objectId = Me;
        m_account.id = Me + QLatin1Char('.') + Tenant;
        m_account.username = QStringLiteral("admin@contoso.example");
        m_account.objectId = Me;
        m_services = std::make_unique<AccountServices>(&m_network, &m_tokens, m_account,
                                                       pal::CloudEnvironment::azureCloud(), pal::RetryPolicy::none());
        m_subject.directory.tenantId = Tenant;
        m_subject.directory.displayName = QStringLiteral("Contoso");
        m_subject.account = m_account;
    }

    void answerLink(const QString &objectId, const char *partnerId)
    {
        m_network.handler = [objectId, partnerId](const pal::test::RecordedRequest &) {
            pal::test::FakeResponse a;
            a.body = linkBody(Tenant, objectId, partnerId);
            return a;
        };
    }

    std::optional<pal::Expected<CheckResult>> run(pal::DirectoryCheck &check, AccountServices *services)
    {
        return pal::test::await<CheckResult>(
            [&](pal::Completion<CheckResult> done) { check.run(m_subject, services, &m_context, std::move(done)); });
    }

    QObject m_context;
    pal::test::FakeNetwork m_network;
    pal::test::FakeTokens m_tokens;
    pal::Account m_account;
    std::unique_ptr<AccountServices> m_services;
    CheckSubject m_subject;
};

} // namespace

TEST(CheckRegistryTest, TheStandardChecksAreRegisteredByNameInOrder)
{
    const auto registry = CheckRegistry::standard();
    EXPECT_EQ(registry->names(),
              (QStringList{QStringLiteral("link"), QStringLiteral("identity"), QStringLiteral("attribution")}));
    ASSERT_NE(registry->find(QStringLiteral("LINK")), nullptr);
    EXPECT_EQ(registry->find(QStringLiteral("link"))->name(), QStringLiteral("link"));
    EXPECT_EQ(registry->find(QStringLiteral("roles")), nullptr);
}

TEST(CheckRegistryTest, ADuplicateOrBadNameIsRefusedAndChangesNothing)
{
    CheckRegistry registry;
    ASSERT_TRUE(registry.add(std::make_unique<ScriptedCheck>(QStringLiteral("roles"))));
    const auto again = registry.add(std::make_unique<ScriptedCheck>(QStringLiteral("roles")));
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().kind, AzureError::Kind::InvalidInput);
    EXPECT_TRUE(again.error().message.contains(QStringLiteral("roles")));
    EXPECT_FALSE(registry.add(std::make_unique<ScriptedCheck>(QStringLiteral("Two words"))));
    EXPECT_FALSE(registry.add(nullptr));
    EXPECT_EQ(registry.names(), QStringList{QStringLiteral("roles")});
}

TEST(CheckRegistryTest, ResolvesNamesInOrderOnceAndNamesTheKnownOnesForAnUnknownOne)
{
    const auto registry = CheckRegistry::standard();
    const auto resolved = registry->resolve(CheckRegistry::parseNames(QStringLiteral(" attribution, link,,link ")));
    ASSERT_TRUE(resolved);
    ASSERT_EQ(resolved->size(), 2);
    EXPECT_EQ(resolved->at(0)->name(), QStringLiteral("attribution"));
    EXPECT_EQ(resolved->at(1)->name(), QStringLiteral("link"));

    const auto unknown = registry->resolve({QStringLiteral("link"), QStringLiteral("roles")});
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().kind, AzureError::Kind::InvalidInput);
    EXPECT_EQ(unknown.error().message,
              QStringLiteral("There is no check named \"roles\". Known checks: link, identity, attribution."));
}

TEST_F(ChecksTest, TheLinkCheckReadsThroughPartnerLinksAndComparesWithTheExpectedId)
{
    answerLink(Me, "7654321");
    m_subject.expectedPartnerId = QStringLiteral(" 1234567 ");
    pal::LinkCheck check;
    const auto result = run(check, m_services.get());
    ASSERT_TRUE(result && *result);
    const CheckResult &r = result->value();
    EXPECT_EQ(r.check, QStringLiteral("link"));
    const auto *found = r.as<pal::LinkFinding>();
    ASSERT_NE(found, nullptr);
    EXPECT_EQ(found->state.kind, Kind::LinkedToOther);
    EXPECT_EQ(found->state.expectedPartnerId, QStringLiteral("1234567"));
    EXPECT_EQ(r.as<LinkOwnership>(), nullptr); // typed: a link finding is nothing else
    EXPECT_EQ(r.toJson().value(QStringLiteral("partnerId")).toString(), QStringLiteral("7654321"));
    EXPECT_EQ(r.toJson().value(QStringLiteral("check")).toString(), QStringLiteral("link"));
    ASSERT_EQ(m_network.requests.size(), 1);
    EXPECT_TRUE(
        m_network.requests.first().url.path().contains(QStringLiteral("managementPartner"), Qt::CaseInsensitive));
}

TEST_F(ChecksTest, AFailedLinkReadIsALinkFindingThatSaysSo)
{
    m_network.handler = [](const pal::test::RecordedRequest &) {
        pal::test::FakeResponse a;
        a.status = 403;
        a.body = R"({"error":{"code":"AuthorizationFailed","message":"No access"}})";
        return a;
    };
    pal::LinkCheck check;
    const auto result = run(check, m_services.get());
    ASSERT_TRUE(result && *result);
    const auto *found = result->value().as<pal::LinkFinding>();
    ASSERT_NE(found, nullptr);
    EXPECT_EQ(found->state.kind, Kind::Failed);
    EXPECT_EQ(found->state.error->kind, AzureError::Kind::Forbidden);
    EXPECT_EQ(result->value().stateName(), QStringLiteral("error"));
}

TEST_F(ChecksTest, EveryCheckRefusesAnAccountWithNoServices)
{
    pal::LinkCheck link;
    pal::IdentityCheck identity;
    pal::AttributionSummaryCheck attribution;
    for (pal::DirectoryCheck *check :
         {static_cast<pal::DirectoryCheck *>(&link), static_cast<pal::DirectoryCheck *>(&identity),
          static_cast<pal::DirectoryCheck *>(&attribution)}) {
        const auto result = run(*check, nullptr);
        ASSERT_TRUE(result) << qPrintable(check->name());
        ASSERT_FALSE(*result) << qPrintable(check->name());
        EXPECT_EQ(result->error().kind, AzureError::Kind::InvalidInput);
        EXPECT_EQ(result->error().tenantId, Tenant);
    }
    EXPECT_TRUE(m_network.requests.isEmpty());
}

TEST_F(ChecksTest, AWrappedClientHasNoTokensSoTheIdentityAndAttributionChecksCannotRun)
{
    pal::ArmPipeline pipeline(&m_network, &m_tokens, pal::CloudEnvironment::azureCloud(), pal::RetryPolicy::none());
    pal::ManagementPartnerClient client(&pipeline);
    AccountServices wrapped(&client, m_account);
    pal::IdentityCheck identity;
    pal::AttributionSummaryCheck attribution;
    for (pal::DirectoryCheck *check :
         {static_cast<pal::DirectoryCheck *>(&identity), static_cast<pal::DirectoryCheck *>(&attribution)}) {
        const auto result = run(*check, &wrapped);
        ASSERT_TRUE(result && !*result) << qPrintable(check->name());
        EXPECT_EQ(result->error().kind, AzureError::Kind::InvalidInput);
    }
    answerLink(Me, "1234567");
    pal::LinkCheck link;
    const auto read = run(link, &wrapped);
    ASSERT_TRUE(read && *read);
    EXPECT_EQ(read->value().as<pal::LinkFinding>()->state.kind, Kind::Linked);
}

TEST_F(ChecksTest, TheIdentityCheckSaysTheLinkIsYoursWhenItsObjectIdIsTheTokens)
{
    answerLink(Me, "1234567");
    pal::IdentityCheck check;
    const auto result = run(check, m_services.get());
    ASSERT_TRUE(result && *result);
    const auto *owned = result->value().as<LinkOwnership>();
    ASSERT_NE(owned, nullptr);
    EXPECT_EQ(owned->owner, Owner::Yours);
    EXPECT_EQ(owned->myObjectId, Me);
    EXPECT_EQ(result->value().stateName(), QStringLiteral("yours"));
    ASSERT_FALSE(m_tokens.requests.isEmpty());
    EXPECT_EQ(m_tokens.requests.first().tenantId, Tenant);
}

TEST_F(ChecksTest, TheIdentityCheckSaysWhenTheLinkNamesAnotherObject)
{
    answerLink(Someone, "1234567");
    pal::IdentityCheck check;
    const auto result = run(check, m_services.get());
    ASSERT_TRUE(result && *result);
    const auto *owned = result->value().as<LinkOwnership>();
    ASSERT_NE(owned, nullptr);
    EXPECT_EQ(owned->owner, Owner::OtherObject);
    EXPECT_EQ(owned->linkObjectId, Someone);
    EXPECT_EQ(owned->toJson().value(QStringLiteral("owner")).toString(), QStringLiteral("other object"));
}

TEST_F(ChecksTest, TheIdentityCheckFailsWithTheTokensErrorAndSendsNothing)
{
    AzureError mfa =
        AzureError::make(AzureError::Kind::InteractionRequired, QStringLiteral("MFA"), QStringLiteral("AADSTS50076"));
    m_tokens.error = mfa;
    pal::IdentityCheck check;
    const auto result = run(check, m_services.get());
    ASSERT_TRUE(result && *result);
    EXPECT_FALSE(result->value().hasFinding());
    ASSERT_TRUE(result->value().error);
    EXPECT_EQ(result->value().error->code, QStringLiteral("AADSTS50076"));
    EXPECT_TRUE(result->value().needsSignIn());
    EXPECT_EQ(result->value().stateName(), QStringLiteral("sign-in needed"));
    EXPECT_TRUE(m_network.requests.isEmpty());
}

TEST_F(ChecksTest, ACancelledIdentityCheckEndsOnceAsCancelled)
{
    answerLink(Me, "1234567");
    pal::IdentityCheck check;
    pal::CallHandle handle;
    const auto result = pal::test::await<CheckResult>([&](pal::Completion<CheckResult> done) {
        handle = check.run(m_subject, m_services.get(), &m_context, std::move(done));
        handle.cancel(); // while the token is on its way
    });
    ASSERT_TRUE(result);
    ASSERT_FALSE(*result);
    EXPECT_EQ(result->error().kind, AzureError::Kind::Cancelled);
    EXPECT_TRUE(m_network.requests.isEmpty());
}

TEST(LinkOwnershipTest, DecidesWhoseTheLinkIs)
{
    pal::PartnerLink link;
    link.partnerId = QStringLiteral("1234567");
    link.tenantId = Tenant;
    link.objectId = Me;
    pal::LinkState linked;
    linked.kind = Kind::Linked;
    linked.link = link;
    EXPECT_EQ(LinkOwnership::of(linked, pal::DirectoryIdentity{Tenant, Me}).owner, Owner::Yours);
    EXPECT_EQ(LinkOwnership::of(linked, pal::DirectoryIdentity{Tenant.toUpper(), Me.toUpper()}).owner, Owner::Yours);
    EXPECT_EQ(LinkOwnership::of(linked, pal::DirectoryIdentity{QStringLiteral("other"), Me}).owner,
              Owner::OtherDirectory);
    EXPECT_EQ(LinkOwnership::of(linked, pal::DirectoryIdentity{Tenant, Someone}).owner, Owner::OtherObject);
    EXPECT_EQ(LinkOwnership::of(linked, pal::DirectoryIdentity{Tenant, QString()}).owner, Owner::Yours);
    EXPECT_EQ(LinkOwnership::of(linked, std::nullopt).owner, Owner::CannotTell);
    pal::LinkState other = linked;
    other.kind = Kind::LinkedToOther;
    EXPECT_TRUE(LinkOwnership::of(other, pal::DirectoryIdentity{Tenant, Me}).linkedToOther);
    EXPECT_EQ(LinkOwnership::of(pal::LinkState{}, pal::DirectoryIdentity{Tenant, Me}).owner, Owner::NotLinked);
}

TEST(AttributionFindingTest, TheSummaryIsTyped)
{
    pal::AttributionReport report;
    pal::ProductAttribution apps;
    apps.product = pal::AttributedProduct::PowerApps;
    apps.credited << pal::AttributionItem{};
    report.products << apps;
    EXPECT_EQ(pal::AttributionFinding(report).summary, pal::AttributionReport::Summary::Credited);
    report.products.first().others << pal::AttributionItem{};
    EXPECT_EQ(pal::AttributionFinding(report).summary, pal::AttributionReport::Summary::NotCredited);
    EXPECT_EQ(pal::AttributionFinding(report).stateName(), QStringLiteral("not credited"));
    report.products.first().state = pal::ProductAttribution::State::Error;
    const pal::AttributionFinding failed(report);
    EXPECT_EQ(failed.summary, pal::AttributionReport::Summary::CannotTell);
    EXPECT_EQ(failed.toJson().value(QStringLiteral("summary")).toString(), QStringLiteral("cannot tell"));
    EXPECT_EQ(failed.toJson().value(QStringLiteral("products")).toArray().size(), 1);
}

TEST_F(ChecksTest, TheAttributionCheckReportsATypedSummaryEvenWhenEveryProductFails)
{
    m_network.handler = [](const pal::test::RecordedRequest &) {
        pal::test::FakeResponse a;
        a.status = 500;
        a.body = R"({"error":{"code":"InternalError","message":"down"}})";
        return a;
    };
    pal::AttributionSummaryCheck check;
    const auto result = run(check, m_services.get());
    ASSERT_TRUE(result && *result);
    const auto *found = result->value().as<pal::AttributionFinding>();
    ASSERT_NE(found, nullptr);
    EXPECT_EQ(found->summary, pal::AttributionReport::Summary::CannotTell);
    EXPECT_EQ(found->report.tenantId, Tenant);
    EXPECT_FALSE(found->productLines().isEmpty());
}

TEST_F(ChecksTest, ARunOfSeveralChecksKeepsEachResultAndAFailureDoesNotHideTheOthers)
{
    ScriptedCheck first(QStringLiteral("first"));
    ScriptedCheck broken(QStringLiteral("broken"),
                         AzureError::make(AzureError::Kind::Server, QStringLiteral("The check broke.")));
    ScriptedCheck last(QStringLiteral("last"));
    std::optional<QList<CheckResult>> results;
    pal::CheckRun::run({&first, &broken, &last}, m_subject, m_services.get(), &m_context,
                       [&results](const QList<CheckResult> &r) { results = r; });
    ASSERT_TRUE(pal::test::waitUntil([&] { return results.has_value(); }));
    ASSERT_EQ(results->size(), 3);
    EXPECT_TRUE(results->at(0).hasFinding());
    EXPECT_EQ(results->at(1).check, QStringLiteral("broken"));
    ASSERT_TRUE(results->at(1).error);
    EXPECT_EQ(results->at(1).error->message, QStringLiteral("The check broke."));
    EXPECT_EQ(results->at(1).stateName(), QStringLiteral("error"));
    EXPECT_TRUE(results->at(2).hasFinding());
    EXPECT_EQ(pal::findCheck(*results, QStringLiteral("last")), &results->at(2));
    EXPECT_EQ(pal::findCheck(*results, QStringLiteral("roles")), nullptr);
}

TEST_F(ChecksTest, ACancelledRunEndsOnceWithTheRestCancelled)
{
    m_network.handler = [](const pal::test::RecordedRequest &) {
        pal::test::FakeResponse a;
        a.hang = true;
        return a;
    };
    pal::LinkCheck link;
    ScriptedCheck after(QStringLiteral("after"));
    int calls = 0;
    std::optional<QList<CheckResult>> results;
    const pal::CallHandle handle =
        pal::CheckRun::run({&link, &after}, m_subject, m_services.get(), &m_context, [&](const QList<CheckResult> &r) {
            ++calls;
            results = r;
        });
    ASSERT_TRUE(handle.isRunning());
    ASSERT_TRUE(pal::test::waitUntil([&] { return !m_network.requests.isEmpty(); }));
    handle.cancel();
    ASSERT_TRUE(pal::test::waitUntil([&] { return results.has_value(); }));
    EXPECT_EQ(calls, 1);
    ASSERT_EQ(results->size(), 2);
    EXPECT_EQ(results->at(0).as<pal::LinkFinding>()->state.error->kind, AzureError::Kind::Cancelled);
    EXPECT_EQ(results->at(1).stateName(), QStringLiteral("cancelled"));
    EXPECT_EQ(after.runs, 0);
}

TEST(AccountServicesPoolTest, NoServicesForAnAccountNotSignedIn)
{
    pal::test::FakeNetwork network;
    pal::AccountServicesPool pool(&network, nullptr);
    pal::Account nobody;
    nobody.id = QStringLiteral("nobody");
    EXPECT_EQ(pool.forAccount(nobody, pal::CloudEnvironment::azureCloud()), nullptr);
}
