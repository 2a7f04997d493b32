#include "UiFixture.h"

#include "DirectorySwitcher.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTreeView>

using namespace sandboxids;

namespace {

int rowOf(QTableWidget *table, const QString &tenantId)
{
    for (int row = 0; row < table->rowCount(); ++row) {
        if (table->item(row, 4) && table->item(row, 4)->text() == tenantId)
            return row;
    }
    return -1;
}

} // namespace

TEST_F(UiFixture, VerifyAllDirectoriesFillsTheTableAndExports)
{
    signInToSandbox();
    ASSERT_TRUE(waitFor([this] { return workspace->directories().size() == 6; }));
    window->showPage(pal::MainWindow::Fleet);
    auto *exportCsv = find<QPushButton>("exportCsv");
    EXPECT_FALSE(exportCsv->isEnabled()) << "nothing to export yet";
    QTest::keyClicks(find<QLineEdit>("expectedPartnerId"), QStringLiteral("1234567"));
    QTest::mouseClick(find<QPushButton>("verifyAll"), Qt::LeftButton);
    auto *table = find<QTableWidget>("fleetTable");
    ASSERT_TRUE(waitFor(
        [table, this] { return table->rowCount() == 6 && !find<QPushButton>("cancelVerifyAll")->isEnabled(); }, 20000));
    EXPECT_TRUE(labelText("fleetSummary").startsWith(QStringLiteral("Done:"))) << qPrintable(labelText("fleetSummary"));
    const int adventure = rowOf(table, Adventure);
    ASSERT_GE(adventure, 0);
    EXPECT_TRUE(table->item(adventure, 1)->text().contains(QStringLiteral("Other partner")));
    EXPECT_EQ(table->item(adventure, 2)->text(), QStringLiteral("7654321"));
    const int woodgrove = rowOf(table, Woodgrove);
    ASSERT_GE(woodgrove, 0);
    EXPECT_TRUE(table->item(woodgrove, 1)->text().contains(QStringLiteral("Sign-in needed")));
    const int fabrikam = rowOf(table, Fabrikam);
    ASSERT_GE(fabrikam, 0);
    EXPECT_EQ(table->item(fabrikam, 1)->text(), QStringLiteral("Not linked"));

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
    EXPECT_EQ(lines.size(), 7) << "a header and one line per directory";
    EXPECT_TRUE(messageText("fleetMessage").contains(QStringLiteral("report.csv")));

    interaction.saveAs = configDir.filePath(QStringLiteral("report.json"));
    QTest::mouseClick(find<QPushButton>("exportJson"), Qt::LeftButton);
    QFile json(interaction.saveAs);
    ASSERT_TRUE(json.open(QIODevice::ReadOnly));
    EXPECT_EQ(QJsonDocument::fromJson(json.readAll()).array().size(), 6);
}

TEST_F(UiFixture, ExportToAnUnwritablePlaceSaysSo)
{
    signInToSandbox();
    ASSERT_TRUE(waitFor([this] { return workspace->directories().size() == 6; }));
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
