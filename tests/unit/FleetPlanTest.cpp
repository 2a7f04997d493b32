// FleetPlan and FleetFinding: the fleet's rows (accounts × directories, the inventory's rows
// nobody can ask) and what each comes to, expected vs found.
#include "FleetPlan.h"
#include "FleetReport.h"
#include "FleetRun.h"
#include "Wait.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <gtest/gtest.h>

using pal::FleetFinding;
using pal::FleetPlan;
using pal::FleetReach;
using pal::FleetResult;
using pal::FleetTarget;
using pal::InventoryRow;

namespace {

const QString Contoso = QStringLiteral("7d3c1b2a-0f4e-4c6d-9a8b-1e2f3a4b5c6d");
const QString Fabrikam = QStringLiteral("2f6e8a10-3b7c-4d21-9e55-6a1c0b9d4e01");
const QString Tailspin = QStringLiteral("5c4a9e62-8d3b-4f17-8a25-9e4d2b7f1c04");
const QString Elsewhere = QStringLiteral("9f9f9f9f-0000-4000-8000-000000000001");

pal::Directory directory(const QString &id, const QString &name)
{
    pal::Directory d;
    d.tenantId = id;
    d.displayName = name;
    return d;
}

pal::Account account(const QString &id, const QString &username)
{
    pal::Account a;
    a.id = id;
    a.username = username;
    a.homeTenantId = Contoso;
    return a;
}

// Two accounts: the admin reaches Contoso and Fabrikam, the guest Contoso and its home, Tailspin.
QList<pal::AccountReach> twoAccounts()
{
    return {pal::AccountReach{
                account(QStringLiteral("admin"), QStringLiteral("admin@contoso.example")),
                nullptr,
                {directory(Contoso, QStringLiteral("Contoso")), directory(Fabrikam, QStringLiteral("Fabrikam"))},
                false},
            pal::AccountReach{
                account(QStringLiteral("guest"), QStringLiteral("pat@tailspin.example")),
                nullptr,
                {directory(Tailspin, QStringLiteral("Tailspin")), directory(Contoso, QStringLiteral("Contoso"))},
                false}};
}

const FleetTarget *find(const QList<FleetTarget> &targets, const QString &tenant, const QString &accountName)
{
    for (const FleetTarget &t : targets)
        if (t.directory.tenantId == tenant && t.accountName == accountName)
            return &t;
    return nullptr;
}

pal::PartnerLink link(const QString &partnerId)
{
    pal::PartnerLink l;
    l.partnerId = partnerId;
    return l;
}

} // namespace

TEST(FleetPlan, EveryDirectoryOfEveryAccountOncePerAccount)
{
    const QList<FleetTarget> targets = FleetPlan::targets(twoAccounts(), {}, {});
    ASSERT_EQ(targets.size(), 4) << "Contoso twice: once per account, a different principal each";
    EXPECT_NE(find(targets, Contoso, QStringLiteral("admin@contoso.example")), nullptr);
    EXPECT_NE(find(targets, Contoso, QStringLiteral("pat@tailspin.example")), nullptr);
    for (const FleetTarget &t : targets) {
        EXPECT_EQ(t.reach, FleetReach::Checked);
        EXPECT_FALSE(t.inInventory);
        EXPECT_TRUE(t.expectedPartnerId.isEmpty()) << "nothing expected";
    }
}

TEST(FleetPlan, TheExpectationIsTheRowsElseMyPartnerIdElseNone)
{
    const QList<InventoryRow> inventory{{Fabrikam, QStringLiteral("Fabrikam"), QStringLiteral("ADMIN@contoso.example"),
                                         QStringLiteral("7654321"), QStringLiteral("Fabrikam's note")},
                                        {Contoso, QStringLiteral("Contoso"), QStringLiteral("pat@tailspin.example"),
                                         QString(), QStringLiteral("guest")}};
    // "My partner ID": the guest's account has an override, the admin's none.
    const auto mine = [](const QString &accountId) {
        return accountId == QLatin1String("guest") ? QStringLiteral("5555555") : QString();
    };
    const QList<FleetTarget> targets = FleetPlan::targets(twoAccounts(), inventory, mine);
    ASSERT_EQ(targets.size(), 4);
    const FleetTarget *fabrikam = find(targets, Fabrikam, QStringLiteral("admin@contoso.example"));
    ASSERT_NE(fabrikam, nullptr);
    EXPECT_EQ(fabrikam->expectedPartnerId, QStringLiteral("7654321")) << "the inventory row's";
    EXPECT_TRUE(fabrikam->inInventory);
    EXPECT_EQ(fabrikam->notes, QStringLiteral("Fabrikam's note"));
    const FleetTarget *guestContoso = find(targets, Contoso, QStringLiteral("pat@tailspin.example"));
    ASSERT_NE(guestContoso, nullptr);
    EXPECT_EQ(guestContoso->expectedPartnerId, QStringLiteral("5555555")) << "the row has none: my partner ID";
    EXPECT_TRUE(guestContoso->inInventory);
    EXPECT_TRUE(find(targets, Contoso, QStringLiteral("admin@contoso.example"))->expectedPartnerId.isEmpty())
        << "no row, no partner ID of mine: nothing expected";
    EXPECT_FALSE(find(targets, Contoso, QStringLiteral("admin@contoso.example"))->inInventory);
}

TEST(FleetPlan, InventoryRowsNobodyCanAskAreRowsOfTheirOwn)
{
    const QList<InventoryRow> inventory{
        {Elsewhere, QStringLiteral("Elsewhere"), QStringLiteral("someone@else.example"), QStringLiteral("1234567"), {}},
        {Tailspin, QStringLiteral("Tailspin"), QStringLiteral("admin@contoso.example"), QString(),
         QStringLiteral("n")}};
    const QList<FleetTarget> targets = FleetPlan::targets(twoAccounts(), inventory, {});
    ASSERT_EQ(targets.size(), 6);
    const FleetTarget *notSignedIn = find(targets, Elsewhere, QStringLiteral("someone@else.example"));
    ASSERT_NE(notSignedIn, nullptr);
    EXPECT_EQ(notSignedIn->reach, FleetReach::NotSignedIn);
    EXPECT_EQ(notSignedIn->expectedPartnerId, QStringLiteral("1234567"));
    EXPECT_EQ(notSignedIn->directory.displayName, QStringLiteral("Elsewhere"));
    const FleetTarget *notReachable = find(targets, Tailspin, QStringLiteral("admin@contoso.example"));
    ASSERT_NE(notReachable, nullptr);
    EXPECT_EQ(notReachable->reach, FleetReach::NotReachable) << "the admin's list lacks Tailspin";
    EXPECT_EQ(notReachable->accountId, QStringLiteral("admin"));
}

TEST(FleetPlan, AnAccountWhoseListFailedIsStillAskedWhereItShouldBe)
{
    QList<pal::AccountReach> accounts = twoAccounts();
    accounts[0].directories.clear();
    accounts[0].listFailed = true;
    const QList<InventoryRow> inventory{
        {Fabrikam, QString(), QStringLiteral("admin@contoso.example"), QString(), QString()}};
    const QList<FleetTarget> targets = FleetPlan::targets(accounts, inventory, {});
    const FleetTarget *home = find(targets, Contoso, QStringLiteral("admin@contoso.example"));
    ASSERT_NE(home, nullptr) << "its home directory";
    EXPECT_EQ(home->reach, FleetReach::Checked);
    const FleetTarget *row = find(targets, Fabrikam, QStringLiteral("admin@contoso.example"));
    ASSERT_NE(row, nullptr);
    EXPECT_EQ(row->reach, FleetReach::Checked) << "a list that failed says nothing about reach";
}

TEST(FleetFinding, ExpectedVsFound)
{
    const QDateTime at = QDateTime::currentDateTimeUtc();
    FleetResult r;
    r.state = pal::LinkState::linked(link(QStringLiteral("1234567")), QStringLiteral("1234567"), at);
    EXPECT_EQ(pal::findingOf(r), FleetFinding::LinkedAsExpected);
    r.state = pal::LinkState::linked(link(QStringLiteral("1234567")), QString(), at);
    EXPECT_EQ(pal::findingOf(r), FleetFinding::LinkedAsExpected) << "nothing expected: any link";
    r.state = pal::LinkState::linked(link(QStringLiteral("7654321")), QStringLiteral("1234567"), at);
    EXPECT_EQ(pal::findingOf(r), FleetFinding::LinkedToOther);
    r.state = pal::LinkState::notLinked(at);
    EXPECT_EQ(pal::findingOf(r), FleetFinding::NotLinked);
    pal::AzureError mfa = pal::AzureError::make(pal::AzureError::Kind::InteractionRequired, QStringLiteral("MFA"));
    r.state = pal::LinkState::failed(mfa, at);
    EXPECT_EQ(pal::findingOf(r), FleetFinding::SignInNeeded);
    r.state = pal::LinkState::failed(pal::AzureError::make(pal::AzureError::Kind::Forbidden, {}), at);
    EXPECT_EQ(pal::findingOf(r), FleetFinding::Failed);
    r.state = {};
    r.reach = FleetReach::NotSignedIn;
    EXPECT_EQ(pal::findingOf(r), FleetFinding::NotSignedIn);
    EXPECT_EQ(r.outcome(), QStringLiteral("identity not signed in"));
    r.reach = FleetReach::NotReachable;
    EXPECT_EQ(pal::findingOf(r), FleetFinding::NotReachable);
    EXPECT_EQ(r.outcome(), QStringLiteral("directory not reachable"));
    EXPECT_EQ(pal::findingName(FleetFinding::LinkedToOther), QStringLiteral("linked to another ID"));
}

TEST(FleetFinding, RowsNobodyCanAskAreAnsweredWithoutARequestAndCounted)
{
    const QList<InventoryRow> inventory{
        {Elsewhere, QStringLiteral("Elsewhere"), QStringLiteral("someone@else.example"), QStringLiteral("1234567"),
         QStringLiteral("=cmd")},
        {Tailspin, QStringLiteral("Tailspin"), QStringLiteral("admin@contoso.example"), QString(), QString()}};
    QList<pal::AccountReach> accounts = twoAccounts();
    accounts[0].directories.clear(); // only the inventory's rows are left to ask
    accounts.removeLast();
    const QList<FleetTarget> targets = FleetPlan::targets(accounts, inventory, {});
    ASSERT_EQ(targets.size(), 2);
    pal::FleetRun run;
    bool finished = false;
    QObject::connect(&run, &pal::FleetRun::finished, &run, [&finished] { finished = true; });
    run.start(targets);
    ASSERT_TRUE(pal::test::waitUntil([&finished] { return finished; }));
    const pal::FleetSummary s = run.summary();
    EXPECT_EQ(s.done, 2);
    EXPECT_EQ(s.notSignedIn, 1);
    EXPECT_EQ(s.notReachable, 1);
    EXPECT_EQ(s.problems(), 2);
    const QJsonArray report = QJsonDocument::fromJson(pal::FleetReport::json(run.results())).array();
    ASSERT_EQ(report.size(), 2);
    EXPECT_EQ(report.at(0).toObject().value(QLatin1String("outcome")).toString(),
              QStringLiteral("identity not signed in"));
    EXPECT_EQ(report.at(0).toObject().value(QLatin1String("account")).toString(),
              QStringLiteral("someone@else.example"));
    EXPECT_EQ(report.at(0).toObject().value(QLatin1String("notes")).toString(), QStringLiteral("=cmd"));
    EXPECT_EQ(report.at(1).toObject().value(QLatin1String("finding")).toString(),
              QStringLiteral("directory not reachable"));
    EXPECT_FALSE(pal::FleetReport::csv(run.results()).contains(",=cmd")) << "the CSV neutralises notes too";
}
