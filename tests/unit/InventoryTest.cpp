// Inventory: the CSV import is all or nothing with every bad row named; directories by id, domain
// or name (ambiguous names refused); export round-trips, formula cells included; the file is 0600.
#include "Inventory.h"
#include "Account.h"
#include "TestFiles.h"

#include <QFile>
#include <QTemporaryDir>
#include <gtest/gtest.h>

using pal::Directory;
using pal::Inventory;
using pal::InventoryRow;

namespace {

const QString Contoso = QStringLiteral("7d3c1b2a-0f4e-4c6d-9a8b-1e2f3a4b5c6d");
const QString Fabrikam = QStringLiteral("2f6e8a10-3b7c-4d21-9e55-6a1c0b9d4e01");
const QString FabrikamTwin = QStringLiteral("3a9d2c44-7e1f-4b08-a6c3-5d2e8f7b9c02");
const QString Unknown = QStringLiteral("9f9f9f9f-0000-4000-8000-000000000001");

QList<Directory> known()
{
    Directory a, b, c;
    a.tenantId = Contoso;
    a.displayName = QStringLiteral("Contoso");
    a.defaultDomain = QStringLiteral("contoso.example");
    a.domains = {QStringLiteral("contoso.example"), QStringLiteral("contoso.onmicrosoft.example")};
    b.tenantId = Fabrikam;
    b.displayName = QStringLiteral("Fabrikam");
    b.defaultDomain = QStringLiteral("fabrikam.example");
    c.tenantId = FabrikamTwin;
    c.displayName = QStringLiteral("fabrikam");
    c.defaultDomain = QStringLiteral("fabrikam-eu.example");
    // The same directory reached by a second account is listed twice: still one directory.
    return {a, b, c, a};
}

} // namespace

TEST(Inventory, ImportsDirectoriesByIdDomainAndName)
{
    const QByteArray csv = "directory,account,expectedPartnerId,notes\r\n"
                           "7D3C1B2A-0F4E-4C6D-9A8B-1E2F3A4B5C6D,admin@contoso.example,1234567,by id\r\n"
                           "contoso.onmicrosoft.example,pat@tailspin.example,,by domain\r\n"
                           "CONTOSO,8f2c6a1e-5b3d-4e7f-9a0c-2d4b6e8f0a11, 7654321 ,\"by name, with a comma\"\r\n"
                           "{9f9f9f9f-0000-4000-8000-000000000001},admin@contoso.example,,nobody reaches it\r\n";
    const auto rows = Inventory::parseCsv(csv, known());
    ASSERT_TRUE(rows) << qPrintable(rows.error().first().message);
    ASSERT_EQ(rows.value().size(), 4);
    EXPECT_EQ(rows.value().at(0).tenantId, Contoso);
    EXPECT_EQ(rows.value().at(0).directoryName, QStringLiteral("Contoso"));
    EXPECT_EQ(rows.value().at(0).expectedPartnerId, QStringLiteral("1234567"));
    EXPECT_EQ(rows.value().at(1).tenantId, Contoso);
    EXPECT_TRUE(rows.value().at(1).expectedPartnerId.isEmpty()) << "my partner ID applies";
    EXPECT_EQ(rows.value().at(2).tenantId, Contoso);
    EXPECT_EQ(rows.value().at(2).expectedPartnerId, QStringLiteral("7654321"));
    EXPECT_EQ(rows.value().at(2).notes, QStringLiteral("by name, with a comma"));
    EXPECT_EQ(rows.value().at(3).tenantId, Unknown) << "an ID is taken as it is, reachable or not";
    EXPECT_TRUE(rows.value().at(3).directoryName.isEmpty());
}

TEST(Inventory, HeaderInAnyOrderAndCaseWithExtraColumnsIgnored)
{
    const QByteArray csv = "Notes,EXPECTEDPARTNERID,owner,Account,Directory\n"
                           "hello,1234567,Alex,admin@contoso.example,fabrikam.example\n";
    const auto rows = Inventory::parseCsv(csv, known());
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows.value().size(), 1);
    EXPECT_EQ(rows.value().first().tenantId, Fabrikam);
    EXPECT_EQ(rows.value().first().notes, QStringLiteral("hello"));
    EXPECT_EQ(rows.value().first().account, QStringLiteral("admin@contoso.example"));
}

TEST(Inventory, NothingIsImportedWhenAnyRowIsBadAndEachBadRowIsNamed)
{
    const QByteArray csv = "directory,account,expectedPartnerId,notes\n"
                           "contoso.example,admin@contoso.example,1234567,good\n" // 2
                           "Fabrikam,admin@contoso.example,,ambiguous name\n"     // 3
                           "Nowhere Ltd,admin@contoso.example,,unknown\n"         // 4
                           "contoso.example,not an account,,bad account\n"        // 5
                           "contoso.example,pat@tailspin.example,12x,bad id\n"    // 6
                           ",admin@contoso.example,,no directory\n"               // 7
                           ",,,\n"                                                // 8: blank, skipped
                           "7d3c1b2a-0f4e-4c6d-9a8b-1e2f3a4b5c6d,ADMIN@contoso.example,,duplicate of 2\n"; // 9
    const auto rows = Inventory::parseCsv(csv, known());
    ASSERT_FALSE(rows);
    const QList<pal::InventoryProblem> &p = rows.error();
    ASSERT_EQ(p.size(), 6);
    EXPECT_EQ(p.at(0).line, 3);
    EXPECT_TRUE(p.at(0).message.contains(Fabrikam) && p.at(0).message.contains(FabrikamTwin))
        << "an ambiguous name lists its directories: " << qPrintable(p.at(0).message);
    EXPECT_EQ(p.at(1).line, 4);
    EXPECT_TRUE(p.at(1).message.contains(QStringLiteral("Nowhere Ltd")));
    EXPECT_EQ(p.at(2).line, 5);
    EXPECT_TRUE(p.at(2).message.contains(QStringLiteral("not an account")));
    EXPECT_EQ(p.at(3).line, 6);
    EXPECT_TRUE(p.at(3).message.contains(QStringLiteral("expectedPartnerId")));
    EXPECT_EQ(p.at(4).line, 7);
    EXPECT_TRUE(p.at(4).message.contains(QStringLiteral("directory is empty")));
    EXPECT_EQ(p.at(5).line, 9);
    EXPECT_TRUE(p.at(5).message.contains(QStringLiteral("line 2")));
}

TEST(Inventory, AHeaderWithoutTheColumnsOrAnEmptyFileIsRefused)
{
    const auto missing = Inventory::parseCsv("directory,account,notes\nx,y,z\n", known());
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().first().line, 1);
    EXPECT_TRUE(missing.error().first().message.contains(QStringLiteral("expectedPartnerId")));
    const auto empty = Inventory::parseCsv("", known());
    ASSERT_FALSE(empty);
    EXPECT_TRUE(empty.error().first().message.contains(QStringLiteral("empty")));
    const auto broken = Inventory::parseCsv("directory,account,expectedPartnerId,notes\n\"open,x,,\n", known());
    ASSERT_FALSE(broken);
    EXPECT_EQ(broken.error().first().line, 2);
}

TEST(Inventory, OnlyDomainsAndNamesNeedTheDirectoryLists)
{
    EXPECT_FALSE(Inventory::namesDirectories("directory,account,expectedPartnerId,notes\n" + Contoso.toUtf8() +
                                             ",a@b.example,,\n"));
    EXPECT_TRUE(
        Inventory::namesDirectories("directory,account,expectedPartnerId,notes\ncontoso.example,a@b.example,,\n"));
}

TEST(Inventory, ExportRoundTripsWithFormulaCellsNeutralised)
{
    const QList<InventoryRow> rows{
        {Contoso, QStringLiteral("Contoso"), QStringLiteral("admin@contoso.example"), QStringLiteral("1234567"),
         QStringLiteral("=HYPERLINK(\"http://evil\")")},
        {Fabrikam, QStringLiteral("+Fabrikam"), QStringLiteral("8f2c6a1e-5b3d-4e7f-9a0c-2d4b6e8f0a11"), QString(),
         QStringLiteral("two\nlines, \"quoted\"")},
        {Unknown, QString(), QStringLiteral("pat@tailspin.example"), QString(), QStringLiteral("-5 days")}};
    const QByteArray csv = Inventory::toCsv(rows);
    EXPECT_TRUE(csv.startsWith("directory,account,expectedPartnerId,notes,directoryName\r\n"));
    EXPECT_TRUE(csv.contains("\"'=HYPERLINK(\"\"http://evil\"\")\"")) << "no cell starts with =: " << csv.constData();
    EXPECT_FALSE(csv.contains(",=")) << csv.constData();
    EXPECT_FALSE(csv.contains(",-5")) << csv.constData();
    const auto back = Inventory::parseCsv(csv, {});
    ASSERT_TRUE(back) << qPrintable(back.error().first().message);
    ASSERT_EQ(back.value().size(), 3);
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(back.value().at(i).tenantId, rows.at(i).tenantId);
        EXPECT_EQ(back.value().at(i).account, rows.at(i).account);
        EXPECT_EQ(back.value().at(i).expectedPartnerId, rows.at(i).expectedPartnerId);
        EXPECT_EQ(back.value().at(i).notes, rows.at(i).notes) << i;
    }
}

// Issue 17: a ";" locale's spreadsheet splits inside quoted cells; no part it sees runs, and the
// import reads back exactly what was exported.
TEST(Inventory, ExportNeutralisesEveryPartASpreadsheetSplitsAndRoundTrips)
{
    const QList<InventoryRow> rows{{Contoso, QStringLiteral("Contoso"), QStringLiteral("admin@contoso.example"),
                                    QString(), QStringLiteral("Northwind;=1+1;@SUM(A1:A9)\t-2,+3 ''=x")}};
    const QByteArray csv = Inventory::toCsv(rows);
    EXPECT_TRUE(pal::test::formulaParts(csv).isEmpty())
        << csv.constData() << "\n"
        << qPrintable(pal::test::formulaParts(csv).join(QLatin1Char('|')));
    const auto back = Inventory::parseCsv(csv, {});
    ASSERT_TRUE(back) << qPrintable(back.error().first().message);
    ASSERT_EQ(back.value().size(), 1);
    EXPECT_EQ(back.value().first().notes, rows.first().notes);
}

TEST(Inventory, SavedPrivatelyAndLoadedBack)
{
    QTemporaryDir dir;
    Inventory inventory(dir.path());
    EXPECT_TRUE(inventory.load().value().isEmpty()) << "no file: an empty inventory";
    const QList<InventoryRow> rows{{Contoso, QStringLiteral("Contoso"), QStringLiteral("admin@contoso.example"),
                                    QStringLiteral("1234567"), QStringLiteral("notes")}};
    ASSERT_TRUE(inventory.save(rows));
    const QFile::Permissions mode = QFile::permissions(inventory.filePath());
    EXPECT_TRUE((mode & QFile::ReadOwner) && (mode & QFile::WriteOwner));
    EXPECT_FALSE(mode & (QFile::ReadGroup | QFile::WriteGroup | QFile::ReadOther | QFile::WriteOther)) << "mode 0600";
    EXPECT_EQ(Inventory(dir.path()).load().value(), rows);
    ASSERT_TRUE(inventory.save({}));
    EXPECT_TRUE(inventory.load().value().isEmpty());
}

TEST(Inventory, ADamagedFileIsAnErrorNamingIt)
{
    QTemporaryDir dir;
    QFile file(dir.filePath(Inventory::fileName()));
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(R"({"version":1,"rows":[{"tenantId":"nope","account":"a@b.example"}]})");
    file.close();
    const auto loaded = Inventory(dir.path()).load();
    ASSERT_FALSE(loaded);
    EXPECT_TRUE(loaded.error().message.contains(Inventory::fileName()));
    EXPECT_TRUE(loaded.error().message.contains(QStringLiteral("row 1")));
}

TEST(Inventory, RowsAreForTheirUserOrServicePrincipal)
{
    pal::Account user;
    user.id = QStringLiteral("oid.tid");
    user.username = QStringLiteral("Admin@Contoso.example");
    pal::Account sp;
    sp.kind = pal::SignInKind::ClientSecret;
    sp.username = QStringLiteral("8f2c6a1e-5b3d-4e7f-9a0c-2d4b6e8f0a11");
    sp.clientId = sp.username;
    InventoryRow row;
    row.account = QStringLiteral("admin@contoso.example");
    EXPECT_TRUE(row.isFor(user));
    EXPECT_FALSE(row.isFor(sp));
    row.account = QStringLiteral("{8F2C6A1E-5B3D-4E7F-9A0C-2D4B6E8F0A11}");
    EXPECT_TRUE(row.isFor(sp));
    EXPECT_FALSE(row.isFor(user));
}
