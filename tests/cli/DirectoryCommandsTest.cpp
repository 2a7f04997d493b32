// palctl directory list | show | switch | verify-all; the user's directories are exercised with
// --sandbox (one process signs in and acts), the service principal's against the test's sandbox.

#include "PalctlRunner.h"

#include "CliContext.h"

#include <QFile>
#include <QJsonDocument>

using namespace palctltest;

class DirectoryCommandsTest : public PalctlTest
{
protected:
    Outcome inSandbox(QStringList arguments)
    {
        arguments.prepend(QStringLiteral("--sandbox"));
        return palctl(arguments);
    }
    static QJsonObject byName(const QJsonArray &list, const QString &name)
    {
        for (const QJsonValue &v : list)
            if (v.toObject().value(QLatin1String("displayName")).toString() == name)
                return v.toObject();
        return {};
    }
};

TEST_F(DirectoryCommandsTest, ListShowsEveryDirectoryWithItsLinkState)
{
    const Outcome run = inSandbox({QStringLiteral("directory"), QStringLiteral("list")});
    ASSERT_EQ(run.exitCode, 0) << run;
    const QJsonArray list = run.json().toArray();
    EXPECT_EQ(list.size(), 9) << run;
    const QJsonObject home = byName(list, QStringLiteral("Contoso Partner"));
    EXPECT_EQ(home.value(QLatin1String("tenantId")).toString(), HomeTenant);
    EXPECT_EQ(home.value(QLatin1String("defaultDomain")).toString(), QStringLiteral("contoso-partner.example"));
    EXPECT_TRUE(home.value(QLatin1String("current")).toBool());
    EXPECT_EQ(home.value(QLatin1String("linkState")).toString(), QStringLiteral("not linked"));
    const QJsonObject linked = byName(list, QStringLiteral("Adventure Works"));
    EXPECT_EQ(linked.value(QLatin1String("linkState")).toString(), QStringLiteral("linked"));
    EXPECT_EQ(linked.value(QLatin1String("partnerId")).toString(), QStringLiteral("7654321"));
    EXPECT_EQ(linked.value(QLatin1String("tenantCategory")).toString(), QStringLiteral("ProjectedBy"));
    EXPECT_FALSE(linked.value(QLatin1String("current")).toBool());
    EXPECT_EQ(byName(list, QStringLiteral("Woodgrove Bank")).value(QLatin1String("linkState")).toString(),
              QStringLiteral("sign-in needed"));
}

TEST_F(DirectoryCommandsTest, ShowIsTheCurrentDirectory)
{
    const Outcome run = inSandbox({QStringLiteral("directory"), QStringLiteral("show")});
    ASSERT_EQ(run.exitCode, 0) << run;
    const QJsonObject d = run.json().toObject();
    EXPECT_EQ(d.value(QLatin1String("tenantId")).toString(), HomeTenant);
    EXPECT_EQ(d.value(QLatin1String("displayName")).toString(), QStringLiteral("Contoso Partner"));
    EXPECT_TRUE(d.value(QLatin1String("current")).toBool());
    for (const char *key : {"tenantId", "displayName", "defaultDomain", "tenantCategory", "current", "linkState"})
        EXPECT_TRUE(d.contains(QLatin1String(key))) << key;
}

TEST_F(DirectoryCommandsTest, SwitchByDomainIdOrNameAndActThere)
{
    Outcome run =
        inSandbox({QStringLiteral("directory"), QStringLiteral("switch"), QStringLiteral("fabrikam.example")});
    ASSERT_EQ(run.exitCode, 0) << run;
    EXPECT_EQ(run.json().toObject().value(QLatin1String("tenantId")).toString(), FabrikamTenant);
    run = inSandbox({QStringLiteral("directory"), QStringLiteral("switch"), AdventureWorksTenant});
    ASSERT_EQ(run.exitCode, 0) << run;
    run = inSandbox({QStringLiteral("directory"), QStringLiteral("switch"), QStringLiteral("northwind traders")});
    ASSERT_EQ(run.exitCode, 0) << run;
    run = inSandbox({QStringLiteral("partner"), QStringLiteral("show"), QStringLiteral("--directory"),
                     QStringLiteral("Adventure Works")});
    ASSERT_EQ(run.exitCode, 0) << run;
    EXPECT_EQ(run.json().toObject().value(QLatin1String("partnerId")).toString(), QStringLiteral("7654321"));
    EXPECT_EQ(run.json().toObject().value(QLatin1String("tenantId")).toString(), AdventureWorksTenant);
    run = inSandbox({QStringLiteral("partner"), QStringLiteral("create"), QStringLiteral("--directory"),
                     QStringLiteral("Fabrikam"), QStringLiteral("--partner-id"), QStringLiteral("1234567")});
    ASSERT_EQ(run.exitCode, 0) << run;
    EXPECT_EQ(run.json().toObject().value(QLatin1String("tenantId")).toString(), FabrikamTenant);
}

TEST_F(DirectoryCommandsTest, SwitchToAnUnknownDirectoryIsExitTwo)
{
    const Outcome run =
        inSandbox({QStringLiteral("directory"), QStringLiteral("switch"), QStringLiteral("Nowhere Ltd")});
    EXPECT_EQ(run.exitCode, 2) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("Nowhere Ltd"))) << run;
}

TEST_F(DirectoryCommandsTest, SwitchToAnMfaDirectoryIsExitThreeNamingTheDirectory)
{
    const Outcome run =
        inSandbox({QStringLiteral("directory"), QStringLiteral("switch"), QStringLiteral("Woodgrove Bank")});
    EXPECT_EQ(run.exitCode, 3) << run;
    EXPECT_TRUE(run.errText().contains(WoodgroveTenant)) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("palctl login --tenant"))) << run;
}

TEST_F(DirectoryCommandsTest, SwitchPersistsAcrossRunsForTheSameAccount)
{
    // The service principal reaches only its own directory: switching to it sticks in the config.
    Outcome run = palctl({QStringLiteral("directory"), QStringLiteral("switch"), QStringLiteral("contoso partner")}, {},
                         servicePrincipal());
    ASSERT_EQ(run.exitCode, 0) << run;
    run =
        palctl({QStringLiteral("directory"), QStringLiteral("show"), QStringLiteral("--output"), QStringLiteral("tsv")},
               {}, servicePrincipal());
    ASSERT_EQ(run.exitCode, 0) << run;
    EXPECT_TRUE(run.outText().startsWith(QStringLiteral("Contoso Partner\tcontoso-partner.example\t") + HomeTenant))
        << run;
}

TEST_F(DirectoryCommandsTest, VerifyAllReportsEveryDirectoryAndWritesTheReport)
{
    const QString report = path(QStringLiteral("pal-report.csv"));
    const Outcome run =
        inSandbox({QStringLiteral("directory"), QStringLiteral("verify-all"), QStringLiteral("--partner-id"),
                   QStringLiteral("7654321"), QStringLiteral("--concurrency"), QStringLiteral("3"),
                   QStringLiteral("--report"), report});
    EXPECT_EQ(run.exitCode, 3) << "Woodgrove needs MFA\n" << run;
    const QJsonArray list = run.json().toArray();
    ASSERT_EQ(list.size(), 9) << run;
    EXPECT_EQ(byName(list, QStringLiteral("Adventure Works")).value(QLatin1String("outcome")).toString(),
              QStringLiteral("linked"));
    EXPECT_TRUE(byName(list, QStringLiteral("Adventure Works")).value(QLatin1String("matchesExpected")).toBool());
    EXPECT_EQ(byName(list, QStringLiteral("Fabrikam")).value(QLatin1String("outcome")).toString(),
              QStringLiteral("not linked"));
    // The same names as directory list's linkState, under that name too.
    const QJsonObject woodgrove = byName(list, QStringLiteral("Woodgrove Bank"));
    EXPECT_EQ(woodgrove.value(QLatin1String("outcome")).toString(), QStringLiteral("sign-in needed"));
    EXPECT_EQ(woodgrove.value(QLatin1String("linkState")).toString(), QStringLiteral("sign-in needed"));
    const QJsonObject home = byName(list, QStringLiteral("Contoso Partner"));
    EXPECT_FALSE(home.value(QLatin1String("matchesExpected")).toBool());
    EXPECT_EQ(home.value(QLatin1String("expectedPartnerId")).toString(), QStringLiteral("7654321"));
    QFile file(report);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    EXPECT_EQ(lines.size(), 10) << "a header and one row per directory";
    EXPECT_TRUE(lines.first().toLower().contains("tenant"));
    bool woodgroveRow = false;
    for (const QByteArray &line : lines)
        woodgroveRow = woodgroveRow || line.contains("Woodgrove Bank,woodgrovebank.example,sign-in needed,");
    EXPECT_TRUE(woodgroveRow) << "the report names states as palctl does";
}

TEST_F(DirectoryCommandsTest, VerifyAllRejectsBadOptionsWithNothingSent)
{
    const QProcessEnvironment sp = servicePrincipal();
    for (const QStringList &bad : {QStringList{QStringLiteral("--partner-id"), QStringLiteral("12x")},
                                   QStringList{QStringLiteral("--concurrency"), QStringLiteral("0")},
                                   QStringList{QStringLiteral("--concurrency"), QStringLiteral("many")},
                                   QStringList{QStringLiteral("--report"), QStringLiteral("report.txt")}}) {
        const Outcome run =
            palctl(QStringList{QStringLiteral("directory"), QStringLiteral("verify-all")} + bad, {}, sp);
        EXPECT_EQ(run.exitCode, 2) << run;
    }
    EXPECT_EQ(sandbox->requestCount(), 0);
}

TEST_F(DirectoryCommandsTest, VerifyAllWithChecksAddsEachChecksStateAndKeepsTheLinksExitCode)
{
    const QString report = path(QStringLiteral("checks.json"));
    const Outcome run =
        inSandbox({QStringLiteral("directory"), QStringLiteral("verify-all"), QStringLiteral("--checks"),
                   QStringLiteral("link,identity"), QStringLiteral("--report"), report});
    EXPECT_EQ(run.exitCode, 3) << "Woodgrove needs MFA, as without --checks\n" << run;
    const QJsonArray list = run.json().toArray();
    ASSERT_EQ(list.size(), 9) << run;
    const QJsonObject adventure = byName(list, QStringLiteral("Adventure Works"));
    EXPECT_EQ(adventure.value(QLatin1String("outcome")).toString(), QStringLiteral("linked"));
    EXPECT_EQ(adventure.value(QLatin1String("identity")).toString(), QStringLiteral("yours")) << run;
    const QJsonObject identity =
        adventure.value(QLatin1String("checks")).toObject().value(QLatin1String("identity")).toObject();
    EXPECT_EQ(identity.value(QLatin1String("owner")).toString(), QStringLiteral("yours"));
    EXPECT_EQ(identity.value(QLatin1String("partnerId")).toString(), QStringLiteral("7654321"));
    EXPECT_EQ(byName(list, QStringLiteral("Fabrikam")).value(QLatin1String("identity")).toString(),
              QStringLiteral("not linked"));
    EXPECT_EQ(byName(list, QStringLiteral("Woodgrove Bank")).value(QLatin1String("identity")).toString(),
              QStringLiteral("sign-in needed"));
    QFile file(report);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    const QJsonArray rows = QJsonDocument::fromJson(file.readAll()).array();
    ASSERT_EQ(rows.size(), 9);
    for (const QJsonValue &row : rows)
        EXPECT_TRUE(row.toObject().value(QLatin1String("checks")).toObject().contains(QLatin1String("identity")));
}

TEST_F(DirectoryCommandsTest, VerifyAllWithAnUnknownCheckIsExitTwoWithNothingSent)
{
    const QProcessEnvironment sp = servicePrincipal();
    for (const QString &checks : {QStringLiteral("link,roles"), QStringLiteral(" , ")}) {
        const Outcome run = palctl(
            {QStringLiteral("directory"), QStringLiteral("verify-all"), QStringLiteral("--checks"), checks}, {}, sp);
        EXPECT_EQ(run.exitCode, 2) << run;
    }
    const Outcome named = palctl({QStringLiteral("directory"), QStringLiteral("verify-all"), QStringLiteral("--checks"),
                                  QStringLiteral("roles")},
                                 {}, sp);
    EXPECT_TRUE(named.errText().contains(QStringLiteral("Known checks: link, identity, attribution"))) << named;
    EXPECT_EQ(sandbox->requestCount(), 0);
}

TEST_F(DirectoryCommandsTest, VerifyAllAsServicePrincipalFindsItsOneDirectoryUnlinked)
{
    const Outcome run = palctl({QStringLiteral("directory"), QStringLiteral("verify-all")}, {}, servicePrincipal());
    EXPECT_EQ(run.exitCode, 4) << run;
    ASSERT_EQ(run.json().toArray().size(), 1) << run;
}

// Directory matching is pure: checked in-process, including names several directories share.
TEST(DirectoryMatch, IdDomainNameAndAmbiguousNames)
{
    pal::Directory a, b, c;
    a.tenantId = HomeTenant;
    a.displayName = QStringLiteral("Contoso");
    a.defaultDomain = QStringLiteral("contoso.example");
    a.domains = {QStringLiteral("contoso.example"), QStringLiteral("contoso.onmicrosoft.example")};
    b.tenantId = FabrikamTenant;
    b.displayName = QStringLiteral("Shared Name");
    b.defaultDomain = QStringLiteral("fabrikam.example");
    c.tenantId = AdventureWorksTenant;
    c.displayName = QStringLiteral("Shared Name");
    c.defaultDomain = QStringLiteral("adventure.example");
    const QList<pal::Directory> all{a, b, c};

    using palctl::CliContext;
    EXPECT_EQ(CliContext::matchDirectory(all, HomeTenant.toUpper()).value().tenantId, HomeTenant);
    EXPECT_EQ(CliContext::matchDirectory(all, QStringLiteral("{%1}").arg(HomeTenant)).value().tenantId, HomeTenant);
    EXPECT_EQ(CliContext::matchDirectory(all, QStringLiteral("CONTOSO.onmicrosoft.example")).value().tenantId,
              HomeTenant);
    EXPECT_EQ(CliContext::matchDirectory(all, QStringLiteral("contoso")).value().tenantId, HomeTenant);
    EXPECT_EQ(CliContext::matchDirectory(all, QStringLiteral("adventure.example")).value().tenantId,
              AdventureWorksTenant);

    const auto ambiguous = CliContext::matchDirectory(all, QStringLiteral("shared name"));
    ASSERT_FALSE(ambiguous);
    EXPECT_EQ(ambiguous.error().exitCode, palctl::Usage);
    EXPECT_TRUE(ambiguous.error().message.contains(FabrikamTenant));
    EXPECT_TRUE(ambiguous.error().message.contains(AdventureWorksTenant));

    const auto unknown = CliContext::matchDirectory(all, QStringLiteral("Nowhere"));
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().exitCode, palctl::Usage);
}
