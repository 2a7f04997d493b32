// Does the link earn the credit? Partner Center's eligible-roles table as shipped, the session kind
// from the sign-in's signals, and the verdict in issue 18's order, with palctl's JSON. Pure
// functions: no network, no clock.
#include "CreditVerdict.h"
#include "EligibleRoles.h"
#include "SessionKind.h"
#include "Wait.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <gtest/gtest.h>

using namespace pal;

namespace {

const QString Home = QStringLiteral("11111111-1111-4111-8111-111111111111");
const QString Customer = QStringLiteral("22222222-2222-4222-8222-222222222222");
const QString HomeOid = QStringLiteral("aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa");
const QString GuestOid = QStringLiteral("bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb");
const QString Owner = QStringLiteral("8e3af657-a8ff-443c-a75c-2fe8c4bcb635");
const QString Contributor = QStringLiteral("b24988ac-6180-42a0-ab88-20f7382dd24c");
const QString Reader = QStringLiteral("acdd72a7-3385-48ef-bd42-f606fba81ae7");

CreditAssignment role(const char *name, AssignmentSource source, std::optional<bool> earns, bool custom = false)
{
    CreditAssignment a;
    a.scope = QStringLiteral("/subscriptions/33333333-3333-4333-8333-333333333333");
    a.roleDefinitionId = a.scope + QStringLiteral("/providers/Microsoft.Authorization/roleDefinitions/") + Contributor;
    a.roleName = QString::fromLatin1(name);
    a.source = source;
    a.earnsCredit = earns;
    a.customRole = custom;
    return a;
}

RolesResult roles(RolesState state, QList<CreditAssignment> list = {})
{
    RolesResult r;
    r.state = state;
    r.assignments = std::move(list);
    r.subscriptionCount = state == RolesState::NoSubscriptions ? 0 : 1;
    return r;
}

LinkFact linked()
{
    return LinkFact{LinkFactState::Linked, QStringLiteral("1234567"), QStringLiteral("1234567"), {}};
}

SessionAssessment homeSession()
{
    return SessionAssessment{SessionKind::Home, QStringLiteral("home")};
}

CreditDecision decide(const RolesResult &r, const LinkFact &link = linked(), SessionAssessment s = homeSession())
{
    return decideCredit(s, link, r);
}

SessionSignals signalsFor(const QString &tenant, const QString &tokenOid)
{
    SessionSignals s;
    s.homeObjectId = HomeOid;
    s.homeTenantId = Home;
    s.tenantId = tenant;
    s.tokenObjectId = tokenOid;
    return s;
}

} // namespace

// ---- the published table ----

TEST(EligibleRoles, TheShippedTableIsPartnerCentersWholeTable)
{
    const EligibleRoles table = EligibleRoles::published();
    EXPECT_EQ(table.size(), 122);
    EXPECT_EQ(table.eligibleCount(), 98);
    EXPECT_EQ(table.sourceUrl(),
              QStringLiteral("https://learn.microsoft.com/partner-center/billing/azure-roles-perms-pec"));
    EXPECT_FALSE(table.articleDate().isEmpty());
    for (const char *guid : {"8e3af657-a8ff-443c-a75c-2fe8c4bcb635",  // Owner
                             "b24988ac-6180-42a0-ab88-20f7382dd24c",  // Contributor
                             "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",  // User Access Administrator
                             "cfd33db0-3dd1-45e3-aa9d-cdbdf3b6f24e"}) // Support Request Contributor
        EXPECT_TRUE(table.isEligible(QString::fromLatin1(guid))) << guid;
    ASSERT_NE(table.find(Reader), nullptr);
    EXPECT_FALSE(table.find(Reader)->pecEligible);
    EXPECT_EQ(table.find(QStringLiteral("{8E3AF657-A8FF-443C-A75C-2FE8C4BCB635}"))->roleName, QStringLiteral("Owner"));
    EXPECT_EQ(table.find(QStringLiteral("f58310d9-a9f6-439a-9e8d-f62e7b41a168")),
              nullptr); // RBAC Administrator: not listed
}

TEST(EligibleRoles, NoReaderRoleEarnsCredit)
{
    QFile file(QStringLiteral(PAL_TEST_DATA_DIR "/../../core/credit/EligibleRoles.json"));
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    const QJsonArray rows = QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("roles")).toArray();
    int readers = 0;
    for (const QJsonValue &v : rows) {
        const QString name = v.toObject().value(QStringLiteral("roleName")).toString();
        if (name.endsWith(QLatin1String("Reader")) || name.endsWith(QLatin1String("Reader Role")) ||
            name.contains(QLatin1String("Reader (Preview)"))) {
            ++readers;
            EXPECT_FALSE(v.toObject().value(QStringLiteral("pecEligible")).toBool()) << qPrintable(name);
        }
    }
    EXPECT_GT(readers, 15);
}

TEST(EligibleRoles, TheCompiledTableIsTheFileInTheRepository)
{
    QFile file(QStringLiteral(PAL_TEST_DATA_DIR "/../../core/credit/EligibleRoles.json"));
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    const auto fromFile = EligibleRoles::fromJson(file.readAll());
    ASSERT_TRUE(fromFile) << qPrintable(fromFile.error().message);
    EXPECT_EQ(fromFile->size(), EligibleRoles::published().size());
    EXPECT_EQ(fromFile->eligibleCount(), EligibleRoles::published().eligibleCount());
}

TEST(EligibleRoles, ABrokenTableIsRefusedWithAReason)
{
    EXPECT_FALSE(EligibleRoles::fromJson("[]"));
    EXPECT_FALSE(EligibleRoles::fromJson(R"({"source":"x","roles":[]})"));
    const auto noGuid =
        EligibleRoles::fromJson(R"({"source":"x","roles":[{"id":"Owner","roleName":"Owner","pecEligible":true}]})");
    ASSERT_FALSE(noGuid);
    EXPECT_TRUE(noGuid.error().message.contains(QStringLiteral("Owner")));
    EXPECT_FALSE(EligibleRoles::fromJson(
        R"({"roles":[{"id":"8e3af657-a8ff-443c-a75c-2fe8c4bcb635","roleName":"Owner","pecEligible":true}]})"));
    const QByteArray twice =
        R"({"source":"x","roles":[{"id":"8e3af657-a8ff-443c-a75c-2fe8c4bcb635","roleName":"Owner","pecEligible":true},)"
        R"({"id":"8E3AF657-A8FF-443C-A75C-2FE8C4BCB635","roleName":"Owner","pecEligible":false}]})";
    EXPECT_FALSE(EligibleRoles::fromJson(twice));
}

// ---- the session kind ----

TEST(SessionKind, TheHomeDirectoryIsHome)
{
    const auto s = classifySession(signalsFor(Home, HomeOid));
    EXPECT_EQ(s.kind, SessionKind::Home);
    EXPECT_EQ(sessionKindName(s.kind), QStringLiteral("home"));
}

TEST(SessionKind, AnObjectOfItsOwnElsewhereIsAGuest)
{
    const auto s = classifySession(signalsFor(Customer, GuestOid));
    EXPECT_EQ(s.kind, SessionKind::Guest);
    EXPECT_TRUE(s.why.contains(GuestOid));
}

TEST(SessionKind, TheHomeObjectInAnotherDirectoryIsAForeignPrincipal)
{
    const auto s = classifySession(signalsFor(Customer, HomeOid.toUpper()));
    EXPECT_EQ(s.kind, SessionKind::ForeignPrincipal);
    EXPECT_EQ(sessionKindName(s.kind), QStringLiteral("foreignPrincipal"));
    EXPECT_TRUE(s.why.contains(QStringLiteral("CSP/GDAP")));
}

TEST(SessionKind, ProjectedByTenantsOrSubscriptionsIsLighthouse)
{
    SessionSignals byTenants = signalsFor(Customer, {});
    byTenants.tenantCategory = QStringLiteral("ProjectedBy");
    EXPECT_EQ(classifySession(byTenants).kind, SessionKind::Lighthouse);
    SessionSignals bySubscriptions = signalsFor(Customer, {});
    bySubscriptions.projectedToHome = true;
    const auto s = classifySession(bySubscriptions);
    EXPECT_EQ(s.kind, SessionKind::Lighthouse);
    EXPECT_EQ(sessionKindName(s.kind), QStringLiteral("lighthouse"));
    EXPECT_TRUE(s.why.contains(QStringLiteral("Lighthouse")));
}

TEST(SessionKind, DisagreeingSignalsAreUnknownWithTheReason)
{
    SessionSignals guestAndProjected = signalsFor(Customer, GuestOid);
    guestAndProjected.tenantCategory = QStringLiteral("ProjectedBy");
    const auto a = classifySession(guestAndProjected);
    EXPECT_EQ(a.kind, SessionKind::Unknown);
    EXPECT_TRUE(a.why.contains(QStringLiteral("guest"))) << qPrintable(a.why);
    EXPECT_TRUE(a.why.contains(QStringLiteral("ProjectedBy"))) << qPrintable(a.why);

    SessionSignals foreignAndProjected = signalsFor(Customer, HomeOid);
    foreignAndProjected.projectedToHome = true;
    EXPECT_EQ(classifySession(foreignAndProjected).kind, SessionKind::Unknown);

    const auto strangeHome = classifySession(signalsFor(Home, GuestOid));
    EXPECT_EQ(strangeHome.kind, SessionKind::Unknown);
    EXPECT_TRUE(strangeHome.why.contains(GuestOid));

    SessionSignals homeProjected = signalsFor(Home, HomeOid);
    homeProjected.tenantCategory = QStringLiteral("ProjectedBy");
    EXPECT_EQ(classifySession(homeProjected).kind, SessionKind::Unknown);
}

TEST(SessionKind, MissingSignalsAreUnknownWithTheReason)
{
    SessionSignals noClientInfo = signalsFor(Customer, GuestOid);
    noClientInfo.homeObjectId.clear();
    const auto a = classifySession(noClientInfo);
    EXPECT_EQ(a.kind, SessionKind::Unknown);
    EXPECT_TRUE(a.why.contains(QStringLiteral("client_info")));
    const auto noToken = classifySession(signalsFor(Customer, {}));
    EXPECT_EQ(noToken.kind, SessionKind::Unknown);
    EXPECT_TRUE(noToken.why.contains(QStringLiteral("No token")));
    SessionSignals notProjected = signalsFor(Customer, {});
    notProjected.projectedToHome = false;
    EXPECT_EQ(classifySession(notProjected).kind, SessionKind::Unknown);
}

// ---- the verdict, in the issue's order ----

TEST(CreditVerdict, AForeignPrincipalCannotLinkWhateverElseIsTrue)
{
    const auto d = decide(roles(RolesState::Checked, {role("Owner", AssignmentSource::Active, true)}), linked(),
                          {SessionKind::ForeignPrincipal, QStringLiteral("csp")});
    EXPECT_EQ(d.verdict, CreditVerdict::CannotLink);
    EXPECT_EQ(creditVerdictName(d.verdict), QStringLiteral("cannotLink"));
    EXPECT_TRUE(d.advice.contains(QStringLiteral("admin on behalf of")));
    EXPECT_TRUE(d.advice.contains(QStringLiteral("ask the customer to create an account")));
    EXPECT_FALSE(d.advice.contains(QStringLiteral("Nothing to do")));
}

TEST(CreditVerdict, LighthouseLinksInTheHomeDirectory)
{
    const auto d =
        decide(roles(RolesState::Checked, {role("Owner", AssignmentSource::Active, true)}),
               LinkFact{LinkFactState::NotLinked, {}, {}, {}}, {SessionKind::Lighthouse, QStringLiteral("lh")});
    EXPECT_EQ(d.verdict, CreditVerdict::LinkInHomeTenant);
    EXPECT_EQ(creditVerdictName(d.verdict), QStringLiteral("linkInHomeTenant"));
    EXPECT_TRUE(d.advice.contains(QStringLiteral("your own organization's directory")));
    EXPECT_TRUE(d.advice.contains(QStringLiteral("permanent")));
}

TEST(CreditVerdict, TheLinkComesBeforeTheRoles)
{
    const RolesResult owner = roles(RolesState::Checked, {role("Owner", AssignmentSource::Active, true)});
    const auto notLinked = decide(owner, LinkFact{LinkFactState::NotLinked, {}, QStringLiteral("1234567"), {}});
    EXPECT_EQ(notLinked.verdict, CreditVerdict::NotLinked);
    EXPECT_EQ(creditVerdictName(notLinked.verdict), QStringLiteral("notLinked"));
    EXPECT_TRUE(notLinked.advice.contains(QStringLiteral("link your partner ID")));

    const auto other =
        decide(owner, LinkFact{LinkFactState::LinkedToOther, QStringLiteral("7654321"), QStringLiteral("1234567"), {}});
    EXPECT_EQ(other.verdict, CreditVerdict::LinkedToOther);
    EXPECT_EQ(creditVerdictName(other.verdict), QStringLiteral("linkedToOther"));
    EXPECT_TRUE(other.advice.contains(QStringLiteral("7654321")));
    EXPECT_TRUE(other.advice.contains(QStringLiteral("1234567")));

    const auto failed = decide(owner, LinkFact{LinkFactState::Failed, {}, {}, QStringLiteral("Network down.")});
    EXPECT_EQ(failed.verdict, CreditVerdict::CannotTell);
    EXPECT_TRUE(failed.advice.contains(QStringLiteral("Network down.")));
}

TEST(CreditVerdict, AnActiveEligibleRoleEarnsCreditEvenWhenAnotherReadFailed)
{
    RolesResult r = roles(RolesState::CannotRead, {role("Reader", AssignmentSource::Active, false),
                                                   role("Contributor", AssignmentSource::Active, true)});
    const auto d = decide(r);
    EXPECT_EQ(d.verdict, CreditVerdict::EarnsCredit);
    EXPECT_EQ(creditVerdictName(d.verdict), QStringLiteral("earnsCredit"));
    EXPECT_TRUE(d.advice.startsWith(QStringLiteral("Nothing to do")));
    EXPECT_TRUE(d.advice.contains(QStringLiteral("Contributor")));
}

TEST(CreditVerdict, APermanentLighthouseAuthorizationEarnsCredit)
{
    const auto d = decide(roles(RolesState::Checked, {role("Contributor", AssignmentSource::Lighthouse, true)}));
    EXPECT_EQ(d.verdict, CreditVerdict::EarnsCredit);
    EXPECT_TRUE(d.advice.contains(QStringLiteral("Lighthouse")));
}

TEST(CreditVerdict, AReadThatFailedOrWasForbiddenIsCannotTell)
{
    for (RolesState state : {RolesState::CannotRead, RolesState::Failed}) {
        RolesResult r = roles(state, {role("Owner", AssignmentSource::Eligible, true)});
        RolesProblem p;
        p.what = QStringLiteral("role assignments of subscription Prod");
        p.cannotRead = state == RolesState::CannotRead;
        p.error = AzureError::make(AzureError::Kind::Server, QStringLiteral("ARM failed."));
        r.problems.append(p);
        const auto d = decide(r);
        EXPECT_EQ(d.verdict, CreditVerdict::CannotTell) << qPrintable(rolesStateName(state));
        EXPECT_EQ(creditVerdictName(d.verdict), QStringLiteral("cannotTell"));
        EXPECT_TRUE(d.advice.contains(QStringLiteral("subscription Prod")));
        EXPECT_FALSE(d.advice.contains(QStringLiteral("Nothing to do")));
    }
}

TEST(CreditVerdict, APimEligibleOrJustInTimeRoleIsEligibleOnly)
{
    const auto pim = decide(roles(RolesState::Checked, {role("Reader", AssignmentSource::Active, false),
                                                        role("Contributor", AssignmentSource::Eligible, true)}));
    EXPECT_EQ(pim.verdict, CreditVerdict::EligibleOnly);
    EXPECT_EQ(creditVerdictName(pim.verdict), QStringLiteral("eligibleOnly"));
    EXPECT_TRUE(pim.advice.contains(QStringLiteral("PIM-eligible")));
    EXPECT_TRUE(pim.advice.contains(QStringLiteral("activated")));
    const auto jit =
        decide(roles(RolesState::Checked, {role("Contributor", AssignmentSource::LighthouseEligible, true)}));
    EXPECT_EQ(jit.verdict, CreditVerdict::EligibleOnly);
    EXPECT_TRUE(jit.advice.contains(QStringLiteral("just-in-time")));
    // A subscription where the identity is only eligible is not listed: no subscriptions, yet eligible only.
    const auto unlisted = decide(roles(RolesState::NoSubscriptions, {role("Owner", AssignmentSource::Eligible, true)}));
    EXPECT_EQ(unlisted.verdict, CreditVerdict::EligibleOnly);
}

TEST(CreditVerdict, OnlyCustomRolesIsCannotTellNeverEarnsCredit)
{
    const auto d =
        decide(roles(RolesState::Checked, {role("Partner Operator", AssignmentSource::Active, std::nullopt, true)}));
    EXPECT_EQ(d.verdict, CreditVerdict::CannotTell);
    EXPECT_TRUE(d.advice.contains(QStringLiteral("Partner Operator")));
    EXPECT_TRUE(d.advice.contains(QStringLiteral("write actions usually count")));
    // With a read-only built-in role beside it, the custom role still decides: it might count.
    const auto withReader =
        decide(roles(RolesState::Checked, {role("Reader", AssignmentSource::Active, false),
                                           role("Ops", AssignmentSource::Active, std::nullopt, true)}));
    EXPECT_EQ(withReader.verdict, CreditVerdict::CannotTell);
    // A permanent Lighthouse grant to another principal (maybe a group): cannot tell either.
    CreditAssignment group = role("Contributor", AssignmentSource::Lighthouse, std::nullopt);
    group.otherPrincipal = true;
    EXPECT_EQ(decide(roles(RolesState::Checked, {group})).verdict, CreditVerdict::CannotTell);
}

TEST(CreditVerdict, NoEligibleRoleSaysWhatToAskFor)
{
    const auto reader = decide(roles(RolesState::Checked, {role("Reader", AssignmentSource::Active, false)}));
    EXPECT_EQ(reader.verdict, CreditVerdict::NoEligibleRole);
    EXPECT_EQ(creditVerdictName(reader.verdict), QStringLiteral("noEligibleRole"));
    EXPECT_TRUE(reader.advice.contains(QStringLiteral("Reader")));
    EXPECT_TRUE(reader.advice.contains(QStringLiteral("Contributor")));
    EXPECT_FALSE(reader.advice.contains(QStringLiteral("Nothing to do")));

    const auto none = decide(roles(RolesState::Checked));
    EXPECT_EQ(none.verdict, CreditVerdict::NoEligibleRole);
    EXPECT_TRUE(none.advice.contains(QStringLiteral("no Azure role on the 1 subscription")));

    const auto noSubscriptions = decide(roles(RolesState::NoSubscriptions));
    EXPECT_EQ(noSubscriptions.verdict, CreditVerdict::NoEligibleRole);
    EXPECT_TRUE(noSubscriptions.advice.contains(QStringLiteral("no Azure subscription")));
    EXPECT_TRUE(noSubscriptions.advice.contains(QStringLiteral("attribution")));
}

TEST(CreditVerdict, GuestsAndUnknownSessionsGoOnToTheLinkAndRoles)
{
    const RolesResult owner = roles(RolesState::Checked, {role("Owner", AssignmentSource::Active, true)});
    EXPECT_EQ(decide(owner, linked(), {SessionKind::Guest, QStringLiteral("g")}).verdict, CreditVerdict::EarnsCredit);
    const auto unknown = decide(owner, linked(), {SessionKind::Unknown, QStringLiteral("signals disagree")});
    EXPECT_EQ(unknown.verdict, CreditVerdict::EarnsCredit);
    EXPECT_TRUE(unknown.reasons.join(QLatin1Char(' ')).contains(QStringLiteral("signals disagree")));
}

TEST(CreditVerdict, OnlyEarnsCreditSaysNothingToDo)
{
    const QList<CreditDecision> others = {
        decide(roles(RolesState::Checked), linked(), {SessionKind::ForeignPrincipal, {}}),
        decide(roles(RolesState::Checked), linked(), {SessionKind::Lighthouse, {}}),
        decide(roles(RolesState::Checked), LinkFact{LinkFactState::NotLinked, {}, {}, {}}),
        decide(roles(RolesState::Checked), LinkFact{LinkFactState::LinkedToOther, QStringLiteral("1"), {}, {}}),
        decide(roles(RolesState::Failed)),
        decide(roles(RolesState::Checked, {role("Owner", AssignmentSource::Eligible, true)})),
        decide(roles(RolesState::Checked, {role("X", AssignmentSource::Active, std::nullopt, true)})),
        decide(roles(RolesState::NoSubscriptions))};
    for (const CreditDecision &d : others) {
        EXPECT_NE(d.verdict, CreditVerdict::EarnsCredit);
        EXPECT_FALSE(d.advice.contains(QStringLiteral("othing to do"), Qt::CaseInsensitive)) << qPrintable(d.advice);
        EXPECT_FALSE(d.advice.isEmpty());
    }
}

TEST(CreditVerdict, ThePartnerCheckJsonHasPalctlsShape)
{
    PartnerCheck check;
    check.tenantId = Customer;
    check.displayName = QStringLiteral("Contoso");
    check.objectId = GuestOid;
    check.username = QStringLiteral("admin@partner.example");
    check.session = {SessionKind::Guest, QStringLiteral("g")};
    check.link = linked();
    CreditAssignment custom = role("Ops", AssignmentSource::Eligible, std::nullopt, true);
    check.roles = roles(RolesState::Checked, {role("Owner", AssignmentSource::Active, true), custom});
    check.decision = decideCredit(check.session, check.link, check.roles);
    const QJsonObject json = check.toJson();

    EXPECT_EQ(json.keys(), (QStringList{QStringLiteral("advice"), QStringLiteral("directory"),
                                        QStringLiteral("identity"), QStringLiteral("link"), QStringLiteral("roles"),
                                        QStringLiteral("session"), QStringLiteral("verdict")}));
    EXPECT_EQ(json.value(QStringLiteral("directory")).toObject(),
              (QJsonObject{{QStringLiteral("tenantId"), Customer},
                           {QStringLiteral("displayName"), QStringLiteral("Contoso")}}));
    EXPECT_EQ(json.value(QStringLiteral("identity")).toObject(),
              (QJsonObject{{QStringLiteral("objectId"), GuestOid},
                           {QStringLiteral("username"), QStringLiteral("admin@partner.example")}}));
    EXPECT_EQ(json.value(QStringLiteral("session")).toString(), QStringLiteral("guest"));
    EXPECT_EQ(json.value(QStringLiteral("link")).toObject(),
              (QJsonObject{{QStringLiteral("state"), QStringLiteral("linked")},
                           {QStringLiteral("partnerId"), QStringLiteral("1234567")}}));
    const QJsonObject r = json.value(QStringLiteral("roles")).toObject();
    EXPECT_EQ(r.keys(), (QStringList{QStringLiteral("assignments"), QStringLiteral("state")}));
    EXPECT_EQ(r.value(QStringLiteral("state")).toString(), QStringLiteral("checked"));
    const QJsonArray list = r.value(QStringLiteral("assignments")).toArray();
    ASSERT_EQ(list.size(), 2);
    const QJsonObject first = list.at(0).toObject();
    EXPECT_EQ(first.keys(),
              (QStringList{QStringLiteral("earnsCredit"), QStringLiteral("roleDefinitionId"),
                           QStringLiteral("roleName"), QStringLiteral("scope"), QStringLiteral("source")}));
    EXPECT_EQ(first.value(QStringLiteral("source")).toString(), QStringLiteral("active"));
    EXPECT_EQ(first.value(QStringLiteral("earnsCredit")), QJsonValue(true));
    EXPECT_TRUE(list.at(1).toObject().value(QStringLiteral("earnsCredit")).isNull()); // custom: null, not false
    EXPECT_EQ(list.at(1).toObject().value(QStringLiteral("source")).toString(), QStringLiteral("eligible"));
    EXPECT_EQ(json.value(QStringLiteral("verdict")).toString(), QStringLiteral("earnsCredit"));
    EXPECT_EQ(json.value(QStringLiteral("advice")).toString(), check.decision.advice);

    PartnerCheck notLinked = check;
    notLinked.link = LinkFact{LinkFactState::NotLinked, {}, {}, {}};
    EXPECT_TRUE(
        notLinked.toJson().value(QStringLiteral("link")).toObject().value(QStringLiteral("partnerId")).isNull());
}

TEST(CreditVerdict, EveryStateAndSourceHasItsJsonWord)
{
    EXPECT_EQ(rolesStateName(RolesState::Checked), QStringLiteral("checked"));
    EXPECT_EQ(rolesStateName(RolesState::NoSubscriptions), QStringLiteral("noSubscriptions"));
    EXPECT_EQ(rolesStateName(RolesState::CannotRead), QStringLiteral("cannotRead"));
    EXPECT_EQ(rolesStateName(RolesState::Failed), QStringLiteral("failed"));
    EXPECT_EQ(assignmentSourceName(AssignmentSource::Active), QStringLiteral("active"));
    EXPECT_EQ(assignmentSourceName(AssignmentSource::Eligible), QStringLiteral("eligible"));
    EXPECT_EQ(assignmentSourceName(AssignmentSource::Lighthouse), QStringLiteral("lighthouse"));
    EXPECT_EQ(assignmentSourceName(AssignmentSource::LighthouseEligible), QStringLiteral("lighthouseEligible"));
    EXPECT_EQ(linkFactStateName(LinkFactState::Linked), QStringLiteral("linked"));
    EXPECT_EQ(linkFactStateName(LinkFactState::LinkedToOther), QStringLiteral("linkedToOther"));
    EXPECT_EQ(linkFactStateName(LinkFactState::NotLinked), QStringLiteral("notLinked"));
    EXPECT_EQ(linkFactStateName(LinkFactState::Failed), QStringLiteral("failed"));
    EXPECT_EQ(sessionKindName(SessionKind::Unknown), QStringLiteral("unknown"));
}
