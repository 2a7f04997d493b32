// palctl inventory import | export | list, verify-all --all-accounts with an inventory, and
// verify-all --compare, as processes against the test's sandbox. The service principal signs in
// for each run from the environment (no keychain needed); the two-user case (admin and guest) is
// in KeychainTest.cpp, where sign-ins outlive a process.

#include "PalctlRunner.h"
#include "TestFiles.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>

#include <sys/stat.h>

using namespace palctltest;

namespace {

const QByteArray Header = "directory,account,expectedPartnerId,notes\r\n";

} // namespace

class InventoryCommandsTest : public PalctlTest
{
protected:
    QString write(const QString &name, const QByteArray &bytes)
    {
        QFile file(path(name));
        EXPECT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(bytes);
        return file.fileName();
    }
    Outcome sp(const QStringList &arguments) { return palctl(arguments, {}, servicePrincipal()); }
    Outcome list() { return palctl({QStringLiteral("inventory"), QStringLiteral("list")}); }
    static QJsonObject row(const QJsonArray &rows, const QString &tenantId, const QString &account)
    {
        for (const QJsonValue &v : rows)
            if (v.toObject().value(QLatin1String("tenantId")).toString() == tenantId &&
                v.toObject().value(QLatin1String("account")).toString() == account)
                return v.toObject();
        return {};
    }
};

TEST_F(InventoryCommandsTest, ImportListAndExportRoundTrip)
{
    // By ID, BOM and CRLF, quoted notes with a line break and a comma, a formula-looking note.
    const QString csv = write(QStringLiteral("inventory.csv"),
                              "\xEF\xBB\xBF" + Header + HomeTenant.toUtf8() + "," + AdminUser.toUtf8() +
                                  ",1234567,\"Contoso, the partner itself\nsecond line\"\r\n" +
                                  FabrikamTenant.toUtf8() + "," + SpClientId.toUtf8() + ",,=SUM(A1)\r\n");
    Outcome run = palctl({QStringLiteral("inventory"), QStringLiteral("import"), csv});
    ASSERT_EQ(run.exitCode, 0) << run;
    EXPECT_EQ(run.json().toArray().size(), 2) << run;
    EXPECT_EQ(sandbox->requestCount(), 0) << "tenant IDs need no directory list";
    const QFileInfo stored(path(QStringLiteral("config/inventory.json")));
    ASSERT_TRUE(stored.exists());
    EXPECT_EQ(stored.permissions() & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
              QFile::Permissions{})
        << "mode 0600";

    run = list();
    ASSERT_EQ(run.exitCode, 0) << run;
    const QJsonArray rows = run.json().toArray();
    ASSERT_EQ(rows.size(), 2);
    EXPECT_EQ(rows.at(0).toObject().value(QLatin1String("directory")).toString(), HomeTenant);
    EXPECT_EQ(rows.at(0).toObject().value(QLatin1String("expectedPartnerId")).toString(), QStringLiteral("1234567"));
    EXPECT_EQ(rows.at(0).toObject().value(QLatin1String("notes")).toString(),
              QStringLiteral("Contoso, the partner itself\nsecond line"));
    EXPECT_TRUE(rows.at(1).toObject().value(QLatin1String("expectedPartnerId")).isNull());

    const QString exported = path(QStringLiteral("exported.csv"));
    run = palctl({QStringLiteral("inventory"), QStringLiteral("export"), exported});
    ASSERT_EQ(run.exitCode, 0) << run;
    QFile file(exported);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    EXPECT_TRUE(bytes.startsWith("directory,account,expectedPartnerId,notes")) << bytes.constData();
    EXPECT_FALSE(bytes.contains(",=SUM")) << "a formula cell is neutralised: " << bytes.constData();
    // The export imports back to the same rows.
    run = palctl({QStringLiteral("inventory"), QStringLiteral("import"), exported});
    ASSERT_EQ(run.exitCode, 0) << run;
    EXPECT_EQ(list().json().toArray(), rows);
}

TEST_F(InventoryCommandsTest, ABadFileImportsNothingAndNamesEveryBadRow)
{
    const QString good =
        write(QStringLiteral("good.csv"), Header + HomeTenant.toUtf8() + "," + AdminUser.toUtf8() + ",,\r\n");
    ASSERT_EQ(palctl({QStringLiteral("inventory"), QStringLiteral("import"), good}).exitCode, 0);
    const QString bad = write(QStringLiteral("bad.csv"), Header + FabrikamTenant.toUtf8() + "," + AdminUser.toUtf8() +
                                                             ",1234567,fine\r\n" + FabrikamTenant.toUtf8() +
                                                             ",nobody,,bad account\r\n" + HomeTenant.toUtf8() + "," +
                                                             AdminUser.toUtf8() + ",12x,bad partner ID\r\n");
    const Outcome run = palctl({QStringLiteral("inventory"), QStringLiteral("import"), bad});
    EXPECT_EQ(run.exitCode, 2) << run;
    EXPECT_TRUE(run.errText().contains(bad + QStringLiteral(":3: "))) << run;
    EXPECT_TRUE(run.errText().contains(bad + QStringLiteral(":4: "))) << run;
    EXPECT_FALSE(run.errText().contains(bad + QStringLiteral(":2: "))) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("Nothing was imported"))) << run;
    const QJsonArray rows = list().json().toArray();
    ASSERT_EQ(rows.size(), 1) << "the inventory is as it was";
    EXPECT_EQ(rows.first().toObject().value(QLatin1String("directory")).toString(), HomeTenant);

    EXPECT_EQ(
        palctl({QStringLiteral("inventory"), QStringLiteral("import"), path(QStringLiteral("missing.csv"))}).exitCode,
        2);
}

TEST_F(InventoryCommandsTest, NamesAndDomainsResolveAgainstTheSignedInAccountsDirectories)
{
    const QString csv =
        write(QStringLiteral("names.csv"), Header + "contoso partner," + SpClientId.toUtf8() + ",1234567,by name\r\n" +
                                               "contoso-partner.example," + AdminUser.toUtf8() + ",,by domain\r\n");
    Outcome run = sp({QStringLiteral("inventory"), QStringLiteral("import"), csv});
    ASSERT_EQ(run.exitCode, 0) << run;
    const QJsonArray rows = run.json().toArray();
    ASSERT_EQ(rows.size(), 2);
    EXPECT_EQ(rows.at(0).toObject().value(QLatin1String("directory")).toString(), HomeTenant);
    EXPECT_EQ(rows.at(0).toObject().value(QLatin1String("directoryName")).toString(),
              QStringLiteral("Contoso Partner"));
    EXPECT_EQ(rows.at(1).toObject().value(QLatin1String("directory")).toString(), HomeTenant);

    // A name only others reach does not resolve: the service principal reaches its own directory only.
    const QString unknown = write(QStringLiteral("unknown.csv"), Header + "Fabrikam," + AdminUser.toUtf8() + ",,\r\n");
    run = sp({QStringLiteral("inventory"), QStringLiteral("import"), unknown});
    EXPECT_EQ(run.exitCode, 2) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral(":2: no signed-in account reaches a directory \"Fabrikam\"")))
        << run;
    // Without any account, names cannot resolve and say why.
    run = palctl({QStringLiteral("inventory"), QStringLiteral("import"), csv});
    EXPECT_EQ(run.exitCode, 2) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("no account is signed in"))) << run;
}

TEST_F(InventoryCommandsTest, VerifyAllAccountsReportsEachRowAsExpectedVsFound)
{
    Outcome run = sp({QStringLiteral("partner"), QStringLiteral("create"), QStringLiteral("--partner-id"),
                      QStringLiteral("1234567")});
    ASSERT_EQ(run.exitCode, 0) << run;
    const QString csv = write(QStringLiteral("roster.csv"),
                              Header + HomeTenant.toUtf8() + "," + SpClientId.toUtf8() + ",1234567,automation\r\n" +
                                  FabrikamTenant.toUtf8() + "," + SpClientId.toUtf8() + ",,not its directory\r\n" +
                                  AdventureWorksTenant.toUtf8() + "," + AdminUser.toUtf8() + ",7654321,admin's\r\n");
    ASSERT_EQ(palctl({QStringLiteral("inventory"), QStringLiteral("import"), csv}).exitCode, 0);

    run = sp({QStringLiteral("directory"), QStringLiteral("verify-all"), QStringLiteral("--all-accounts")});
    EXPECT_EQ(run.exitCode, 3) << "an inventory identity is not signed in\n" << run;
    const QJsonArray rows = run.json().toArray();
    ASSERT_EQ(rows.size(), 3) << run;
    const QJsonObject home = row(rows, HomeTenant, SpClientId);
    EXPECT_EQ(home.value(QLatin1String("finding")).toString(), QStringLiteral("linked as expected")) << run;
    EXPECT_EQ(home.value(QLatin1String("notes")).toString(), QStringLiteral("automation"));
    EXPECT_TRUE(home.value(QLatin1String("inInventory")).toBool());
    EXPECT_EQ(row(rows, FabrikamTenant, SpClientId).value(QLatin1String("finding")).toString(),
              QStringLiteral("directory not reachable"));
    const QJsonObject admin = row(rows, AdventureWorksTenant, AdminUser);
    EXPECT_EQ(admin.value(QLatin1String("finding")).toString(), QStringLiteral("identity not signed in"));
    EXPECT_EQ(admin.value(QLatin1String("expectedPartnerId")).toString(), QStringLiteral("7654321"));

    // --partner-id is the expectation where the inventory names none ("my partner ID" stand-in).
    const QString other =
        write(QStringLiteral("other.csv"), Header + HomeTenant.toUtf8() + "," + SpClientId.toUtf8() + ",,\r\n");
    ASSERT_EQ(palctl({QStringLiteral("inventory"), QStringLiteral("import"), other}).exitCode, 0);
    run = sp({QStringLiteral("directory"), QStringLiteral("verify-all"), QStringLiteral("--all-accounts"),
              QStringLiteral("--partner-id"), QStringLiteral("5127255")});
    EXPECT_EQ(run.exitCode, 4) << run;
    EXPECT_EQ(row(run.json().toArray(), HomeTenant, SpClientId).value(QLatin1String("finding")).toString(),
              QStringLiteral("linked to another ID"))
        << run;

    // Without --partner-id, "my partner ID" (palctl settings) is the expectation.
    ASSERT_EQ(palctl({QStringLiteral("settings"), QStringLiteral("set"), QStringLiteral("partner-id"),
                      QStringLiteral("5127255")})
                  .exitCode,
              0);
    run = sp({QStringLiteral("directory"), QStringLiteral("verify-all"), QStringLiteral("--all-accounts")});
    EXPECT_EQ(run.exitCode, 4) << run;
    const QJsonObject mine = row(run.json().toArray(), HomeTenant, SpClientId);
    EXPECT_EQ(mine.value(QLatin1String("expectedPartnerId")).toString(), QStringLiteral("5127255")) << run;
    EXPECT_EQ(mine.value(QLatin1String("finding")).toString(), QStringLiteral("linked to another ID")) << run;
}

TEST_F(InventoryCommandsTest, CompareExitsFourAfterALinkIsRemovedAndZeroOtherwise)
{
    ASSERT_EQ(sp({QStringLiteral("partner"), QStringLiteral("create"), QStringLiteral("--partner-id"),
                  QStringLiteral("1234567")})
                  .exitCode,
              0);
    const QString earlier = path(QStringLiteral("earlier.json"));
    Outcome run = sp({QStringLiteral("directory"), QStringLiteral("verify-all"), QStringLiteral("--report"), earlier});
    ASSERT_EQ(run.exitCode, 0) << run;

    run = sp({QStringLiteral("directory"), QStringLiteral("verify-all"), QStringLiteral("--compare"), earlier});
    EXPECT_EQ(run.exitCode, 0) << run;
    EXPECT_EQ(run.json().toArray().size(), 0) << "nothing changed" << run;

    ASSERT_EQ(sp({QStringLiteral("partner"), QStringLiteral("delete"), QStringLiteral("--partner-id"),
                  QStringLiteral("1234567"), QStringLiteral("--yes")})
                  .exitCode,
              0);
    const QString later = path(QStringLiteral("later.json"));
    run = sp({QStringLiteral("directory"), QStringLiteral("verify-all"), QStringLiteral("--compare"), earlier,
              QStringLiteral("--report"), later});
    EXPECT_EQ(run.exitCode, 4) << run;
    const QJsonArray changes = run.json().toArray();
    ASSERT_EQ(changes.size(), 1) << run;
    const QJsonObject c = changes.first().toObject();
    EXPECT_EQ(c.value(QLatin1String("tenantId")).toString(), HomeTenant);
    EXPECT_EQ(c.value(QLatin1String("displayName")).toString(), QStringLiteral("Contoso Partner"));
    EXPECT_EQ(c.value(QLatin1String("before")).toObject().value(QLatin1String("linkState")).toString(),
              QStringLiteral("linked"));
    EXPECT_EQ(c.value(QLatin1String("before")).toObject().value(QLatin1String("partnerId")).toString(),
              QStringLiteral("1234567"));
    EXPECT_EQ(c.value(QLatin1String("after")).toObject().value(QLatin1String("linkState")).toString(),
              QStringLiteral("not linked"));
    EXPECT_TRUE(c.value(QLatin1String("after")).toObject().value(QLatin1String("partnerId")).isNull());

    // Linking again is a change that is not worse: exit 0. As a table, too.
    ASSERT_EQ(sp({QStringLiteral("partner"), QStringLiteral("create"), QStringLiteral("--partner-id"),
                  QStringLiteral("1234567")})
                  .exitCode,
              0);
    run = sp({QStringLiteral("directory"), QStringLiteral("verify-all"), QStringLiteral("--compare"), later,
              QStringLiteral("-o"), QStringLiteral("table")});
    EXPECT_EQ(run.exitCode, 0) << run;
    EXPECT_TRUE(run.outText().contains(QStringLiteral("linked 1234567"))) << run;
    EXPECT_TRUE(run.outText().contains(QStringLiteral("not linked"))) << run;
}

TEST_F(InventoryCommandsTest, CompareWithABadFileIsExitTwoWithNothingSent)
{
    const QString notJson = write(QStringLiteral("report.json"), "tenantId,outcome\r\n");
    const QString foreign = write(QStringLiteral("foreign.json"), R"({"value":[{"id":"x"}]})");
    const QString noTenant = write(QStringLiteral("entries.json"), R"([{"directory":"x","outcome":"linked"}])");
    for (const QString &file : {notJson, foreign, noTenant, path(QStringLiteral("missing.json"))}) {
        const Outcome run =
            sp({QStringLiteral("directory"), QStringLiteral("verify-all"), QStringLiteral("--compare"), file});
        EXPECT_EQ(run.exitCode, 2) << run;
        EXPECT_TRUE(run.errText().contains(file)) << "the reason names the file\n" << run;
    }
    EXPECT_EQ(sandbox->requestCount(), 0);
}

TEST_F(InventoryCommandsTest, AnEmptyDamagedOrUnwritableInventorySaysSoAndChangesNothing)
{
    // No inventory yet: an empty list, and an export of just the header.
    Outcome run = list();
    ASSERT_EQ(run.exitCode, 0) << run;
    EXPECT_EQ(run.json().toArray().size(), 0) << run;
    const QString empty = path(QStringLiteral("empty.csv"));
    ASSERT_EQ(palctl({QStringLiteral("inventory"), QStringLiteral("export"), empty}).exitCode, 0);
    QFile emptyFile(empty);
    ASSERT_TRUE(emptyFile.open(QIODevice::ReadOnly));
    const QByteArray header = emptyFile.readAll().trimmed();
    EXPECT_TRUE(header.startsWith("directory,account,expectedPartnerId,notes")) << header.constData();
    EXPECT_FALSE(header.contains('\n')) << "the header alone: " << header.constData();

    // An export to a folder that does not exist is exit 1 naming the file, and writes nothing.
    const QString csv =
        write(QStringLiteral("roster.csv"), Header + HomeTenant.toUtf8() + "," + SpClientId.toUtf8() + ",,\r\n");
    ASSERT_EQ(palctl({QStringLiteral("inventory"), QStringLiteral("import"), csv}).exitCode, 0);
    const QString nowhere = path(QStringLiteral("no-such-folder/out.csv"));
    run = palctl({QStringLiteral("inventory"), QStringLiteral("export"), nowhere});
    EXPECT_EQ(run.exitCode, 1) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("Cannot write ") + nowhere)) << run;
    EXPECT_FALSE(QFileInfo::exists(nowhere));

    // A damaged inventory.json: list, export and verify-all --all-accounts name the file and stop
    // (exit 1, nothing sent); an import replaces it with good rows.
    const QString stored = path(QStringLiteral("config/inventory.json"));
    {
        QFile damaged(stored);
        ASSERT_TRUE(damaged.open(QIODevice::WriteOnly | QIODevice::Truncate));
        damaged.write("{\"version\":1,\"rows\":[{\"tenantId\":\"not-a-guid\"");
    }
    run = list();
    EXPECT_EQ(run.exitCode, 1) << run;
    EXPECT_TRUE(run.errText().contains(stored)) << run;
    const QString exported = path(QStringLiteral("exported.csv"));
    run = palctl({QStringLiteral("inventory"), QStringLiteral("export"), exported});
    EXPECT_EQ(run.exitCode, 1) << run;
    EXPECT_FALSE(QFileInfo::exists(exported)) << "nothing is written from a damaged inventory";
    run = sp({QStringLiteral("directory"), QStringLiteral("verify-all"), QStringLiteral("--all-accounts")});
    EXPECT_EQ(run.exitCode, 1) << run;
    EXPECT_TRUE(run.errText().contains(stored)) << run;
    EXPECT_EQ(sandbox->requestCount(PartnerPath), 0) << "no link was read";

    run = palctl({QStringLiteral("inventory"), QStringLiteral("import"), csv});
    ASSERT_EQ(run.exitCode, 0) << run;
    EXPECT_EQ(list().json().toArray().size(), 1);
}

TEST_F(InventoryCommandsTest, AFileWithManyBadRowsListsTheFirstFiftyAndCountsTheRest)
{
    QByteArray csv = Header;
    for (int i = 0; i < 500; ++i)
        csv += HomeTenant.toUtf8() + ",nobody,,row " + QByteArray::number(i) + "\r\n";
    const QString bad = write(QStringLiteral("many-bad.csv"), csv);
    const Outcome run = palctl({QStringLiteral("inventory"), QStringLiteral("import"), bad});
    EXPECT_EQ(run.exitCode, 2) << run;
    EXPECT_EQ(run.errText().count(bad + QStringLiteral(":")), 51) << "50 problems and the count of the rest";
    EXPECT_TRUE(run.errText().contains(bad + QStringLiteral(":51: "))) << "line 51 is the 50th row";
    EXPECT_FALSE(run.errText().contains(bad + QStringLiteral(":52: ")));
    EXPECT_TRUE(run.errText().contains(bad + QStringLiteral(": and 450 more"))) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("500 rows of"))) << run;
    EXPECT_FALSE(QFileInfo::exists(path(QStringLiteral("config/inventory.json"))));
}

TEST_F(InventoryCommandsTest, AnImportFromAPipeStopsAtTheBoundAndChangesNothing)
{
    const QString fifo = path(QStringLiteral("inventory.fifo"));
    ASSERT_EQ(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    // 100 MB of rows into the pipe, from another process (its write fails once palctl stops reading).
    QProcess writer;
    writer.start(QStringLiteral("/bin/sh"),
                 {QStringLiteral("-c"),
                  QStringLiteral("{ printf 'directory,account,expectedPartnerId,notes\\r\\n'; yes '%1,%2,,note'; } "
                                 "| head -c 104857600 > '%3'")
                      .arg(HomeTenant, AdminUser, fifo)});
    ASSERT_TRUE(writer.waitForStarted());
    const Outcome run = palctl({QStringLiteral("inventory"), QStringLiteral("import"), fifo});
    EXPECT_EQ(run.exitCode, 2) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("larger than 64 MB"))) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("inventory is as it was"))) << run;
    EXPECT_FALSE(QFileInfo::exists(path(QStringLiteral("config/inventory.json"))));
    EXPECT_TRUE(writer.waitForFinished(10000));
}

// Issue 17: reports and exports list tenants, object ids and user names: 0600, whatever the umask
// (the test's is the usual 022) and whatever the mode of a file they replace.
TEST_F(InventoryCommandsTest, ReportsAndExportsAreWrittenForTheirOwnerOnly)
{
    const QString csv = write(QStringLiteral("inventory.csv"),
                              Header + HomeTenant.toUtf8() + "," + SpClientId.toUtf8() + ",1234567,notes\r\n");
    ASSERT_EQ(palctl({QStringLiteral("inventory"), QStringLiteral("import"), csv}).exitCode, 0);
    ASSERT_EQ(sp({QStringLiteral("partner"), QStringLiteral("create"), QStringLiteral("--partner-id"),
                  QStringLiteral("1234567")})
                  .exitCode,
              0);
    const QString inventory = path(QStringLiteral("exported.csv"));
    const QString history = path(QStringLiteral("history.csv"));
    const QString reportCsv = path(QStringLiteral("report.csv"));
    const QString reportJson = path(QStringLiteral("report.json"));
    // An earlier export, readable by everyone: replaced by an owner-only file.
    write(QStringLiteral("history.csv"), "old");
    ASSERT_TRUE(
        QFile::setPermissions(history, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther));
    Outcome run = palctl({QStringLiteral("inventory"), QStringLiteral("export"), inventory});
    ASSERT_EQ(run.exitCode, 0) << run;
    run = palctl({QStringLiteral("history"), QStringLiteral("export"), history});
    ASSERT_EQ(run.exitCode, 0) << run;
    for (const QString &report : {reportCsv, reportJson}) {
        run = sp({QStringLiteral("directory"), QStringLiteral("verify-all"), QStringLiteral("--report"), report});
        ASSERT_TRUE(QFile::exists(report)) << run;
    }
    for (const QString &file : {inventory, history, reportCsv, reportJson})
        EXPECT_EQ(pal::test::modeOf(file), 0600) << qPrintable(file);
}
