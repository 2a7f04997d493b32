#include "UiFixture.h"

#include "AccountManager.h"
#include "DirectorySwitcher.h"
#include "FleetTableModel.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPushButton>
#include <QSet>
#include <QTableView>
#include <QTreeView>

using namespace sandboxids;

namespace {

QString cell(QTableView *table, int row, int column)
{
    return table->model()->index(row, column).data().toString();
}

int rowOf(QTableView *table, const QString &tenantId)
{
    for (int row = 0; row < table->model()->rowCount(); ++row) {
        if (cell(table, row, pal::FleetTableModel::Id) == tenantId)
            return row;
    }
    return -1;
}

} // namespace

TEST_F(UiFixture, VerifyAllDirectoriesFillsTheTableAndExports)
{
    signInToSandbox();
    ASSERT_TRUE(waitFor([this] { return workspace->directories().size() == 9; }));
    window->showPage(pal::MainWindow::Fleet);
    auto *exportCsv = find<QPushButton>("exportCsv");
    EXPECT_FALSE(exportCsv->isEnabled()) << "nothing to export yet";
    QTest::keyClicks(find<QLineEdit>("expectedPartnerId"), QStringLiteral("1234567"));
    QTest::mouseClick(find<QPushButton>("verifyAll"), Qt::LeftButton);
    auto *table = find<QTableView>("fleetTable");
    ASSERT_TRUE(waitFor(
        [table, this] { return table->model()->rowCount() == 9 && !find<QPushButton>("cancelVerifyAll")->isEnabled(); },
        20000));
    EXPECT_TRUE(labelText("fleetSummary").startsWith(QStringLiteral("Done:"))) << qPrintable(labelText("fleetSummary"));
    const int adventure = rowOf(table, Adventure);
    ASSERT_GE(adventure, 0);
    EXPECT_TRUE(cell(table, adventure, pal::FleetTableModel::Result).contains(QStringLiteral("Other partner")));
    EXPECT_EQ(cell(table, adventure, pal::FleetTableModel::Partner), QStringLiteral("7654321"));
    const int woodgrove = rowOf(table, Woodgrove);
    ASSERT_GE(woodgrove, 0);
    EXPECT_TRUE(cell(table, woodgrove, pal::FleetTableModel::Result).contains(QStringLiteral("Sign-in needed")));
    const int fabrikam = rowOf(table, Fabrikam);
    ASSERT_GE(fabrikam, 0);
    EXPECT_EQ(cell(table, fabrikam, pal::FleetTableModel::Result), QStringLiteral("Not linked"));

    // The directory list now knows each directory's status.
    window->directorySwitcher()->openPicker();
    auto *list = find<QTreeView>("directoryList");
    QTest::keyClicks(find<QLineEdit>("directoryFilter"), QStringLiteral("adventure"));
    ASSERT_EQ(list->model()->rowCount(), 1);
    EXPECT_TRUE(list->model()->index(0, 3).data().toString().contains(QStringLiteral("7654321")));
    window->directorySwitcher()->closePicker();

    // Export: cancelling the file dialog writes nothing; a path writes the report.
    ASSERT_TRUE(exportCsv->isEnabled());
    interaction.saveAs.clear();
    QTest::mouseClick(exportCsv, Qt::LeftButton);
    EXPECT_TRUE(messageText("fleetMessage").isEmpty());
    interaction.saveAs = configDir.filePath(QStringLiteral("report.csv"));
    QTest::mouseClick(exportCsv, Qt::LeftButton);
    QFile csv(interaction.saveAs);
    ASSERT_TRUE(csv.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = csv.readAll().trimmed().split('\n');
    EXPECT_EQ(lines.size(), 10) << "a header and one line per directory";
    EXPECT_TRUE(messageText("fleetMessage").contains(QStringLiteral("report.csv")));

    interaction.saveAs = configDir.filePath(QStringLiteral("report.json"));
    QTest::mouseClick(find<QPushButton>("exportJson"), Qt::LeftButton);
    QFile json(interaction.saveAs);
    ASSERT_TRUE(json.open(QIODevice::ReadOnly));
    EXPECT_EQ(QJsonDocument::fromJson(json.readAll()).array().size(), 9);
}

TEST_F(UiFixture, ExportToAnUnwritablePlaceSaysSo)
{
    signInToSandbox();
    ASSERT_TRUE(waitFor([this] { return workspace->directories().size() == 9; }));
    window->showPage(pal::MainWindow::Fleet);
    QTest::mouseClick(find<QPushButton>("verifyAll"), Qt::LeftButton);
    ASSERT_TRUE(waitFor([this] { return find<QPushButton>("exportCsv")->isEnabled(); }, 20000));
    interaction.saveAs = QStringLiteral("/nonexistent-folder/report.csv");
    QTest::mouseClick(find<QPushButton>("exportCsv"), Qt::LeftButton);
    EXPECT_TRUE(messageText("fleetMessage").contains(QStringLiteral("Could not write")))
        << qPrintable(messageText("fleetMessage"));
}

TEST_F(UiFixture, AnInvalidExpectedPartnerIdIsRefusedBeforeAnyCall)
{
    signInToSandbox();
    window->showPage(pal::MainWindow::Fleet);
    QTest::keyClicks(find<QLineEdit>("expectedPartnerId"), QStringLiteral("12x"));
    const int before = int(sandbox->requests().size());
    QTest::mouseClick(find<QPushButton>("verifyAll"), Qt::LeftButton);
    EXPECT_TRUE(messageText("fleetMessage").contains(QStringLiteral("not valid")));
    EXPECT_EQ(int(sandbox->requests().size()), before);
}

TEST_F(UiFixture, TheResultsSortByAColumnAndFilterByState)
{
    signInToSandbox();
    ASSERT_TRUE(waitFor([this] { return workspace->directories().size() == 9; }));
    window->showPage(pal::MainWindow::Fleet);
    QTest::keyClicks(find<QLineEdit>("expectedPartnerId"), QStringLiteral("1234567"));
    QTest::mouseClick(find<QPushButton>("verifyAll"), Qt::LeftButton);
    auto *table = find<QTableView>("fleetTable");
    ASSERT_TRUE(waitFor([this] { return find<QPushButton>("exportCsv")->isEnabled(); }, 20000));
    ASSERT_EQ(table->model()->rowCount(), 9);

    // A click on "Directory" sorts by name; a second click reverses it.
    QHeaderView *header = table->horizontalHeader();
    const auto clickHeader = [header](int section) {
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {},
                          QPoint(header->sectionViewportPosition(section) + 10, header->height() / 2));
    };
    clickHeader(0);
    QStringList names;
    for (int row = 0; row < 9; ++row)
        names << cell(table, row, 0);
    QStringList sorted = names;
    std::sort(sorted.begin(), sorted.end(),
              [](const QString &a, const QString &b) { return a.compare(b, Qt::CaseInsensitive) < 0; });
    EXPECT_EQ(names, sorted);
    clickHeader(0);
    EXPECT_EQ(cell(table, 0, 0), sorted.last());

    // Show only one state: linked to another partner ID is Adventure Works and Proseware; "not linked" has no other.
    auto *filter = find<QComboBox>("fleetFilter");
    filter->setCurrentIndex(filter->findText(QStringLiteral("Linked to another partner ID")));
    ASSERT_EQ(table->model()->rowCount(), 2);
    EXPECT_EQ((QSet<QString>{cell(table, 0, pal::FleetTableModel::Id), cell(table, 1, pal::FleetTableModel::Id)}),
              (QSet<QString>{Adventure, scenario::Proseware.tenantId}));
    filter->setCurrentIndex(filter->findText(QStringLiteral("Not linked")));
    ASSERT_GE(table->model()->rowCount(), 1);
    for (int row = 0; row < table->model()->rowCount(); ++row)
        EXPECT_EQ(cell(table, row, pal::FleetTableModel::Result), QStringLiteral("Not linked"));
    filter->setCurrentIndex(filter->findText(QStringLiteral("Sign-in needed")));
    ASSERT_EQ(table->model()->rowCount(), 1);
    EXPECT_EQ(cell(table, 0, pal::FleetTableModel::Id), Woodgrove);
    filter->setCurrentIndex(0);
    EXPECT_EQ(table->model()->rowCount(), 9);
}

// Issue 17: an account whose saved cloud no longer validates (an earlier version's, accounts.json
// edited by hand) is named with what to do; verifying all directories does not crash on it.
TEST_F(UiFixture, AnAccountWhoseSavedCloudIsInvalidIsNamedInsteadOfCrashingTheFleet)
{
    signInToSandbox();
    ASSERT_TRUE(waitFor([this] { return workspace->directories().size() == 9; }));
    const QString cloudName = workspace->cloud()->name;
    QFile file(QDir(configDir.path()).filePath(QStringLiteral("accounts.json")));
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    QJsonObject broken = pal::Account{QStringLiteral("o.t"), QStringLiteral("ops@broken.example"),
                                      QStringLiteral("t"),   QStringLiteral("o"),
                                      QStringLiteral("c"),   cloudName}
                             .toStorage();
    broken.insert(QStringLiteral("cloud"), QJsonObject()); // edited by hand
    file.write(
        QJsonDocument(QJsonObject{{QStringLiteral("version"), 1}, {QStringLiteral("accounts"), QJsonArray{broken}}})
            .toJson());
    file.close();
    ASSERT_TRUE(accounts->reload());

    window->showPage(pal::MainWindow::Fleet);
    QTest::mouseClick(find<QPushButton>("verifyAll"), Qt::LeftButton);
    ASSERT_TRUE(waitFor([this] { return !messageText("fleetMessage").isEmpty(); }, 20000));
    const QString shown = messageText("fleetMessage");
    EXPECT_TRUE(shown.contains(QStringLiteral("ops@broken.example"))) << qPrintable(shown);
    EXPECT_TRUE(shown.contains(QStringLiteral("cloud register --force"))) << qPrintable(shown);
}
