// The History page: every link change made here (and by palctl) newest first, failed attempts
// too; filtered by directory; exported as CSV; read again when another process appends.
#include "UiFixture.h"

#include "HistoryPage.h"
#include "OffThread.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QTableView>

using namespace sandboxids;

class HistoryPageTest : public UiFixture
{
protected:
    QAbstractItemModel *rows() const { return find<QTableView>("historyTable")->model(); }
    QString cell(int row, int column) const { return rows()->index(row, column).data().toString(); }
    void linkInCurrentDirectory(const char *id)
    {
        window->showPage(pal::MainWindow::Link);
        auto *field = find<QLineEdit>("partnerIdField");
        field->selectAll();
        QTest::keyClicks(field, QString::fromLatin1(id));
        auto *button = find<QPushButton>("linkButton")->isVisible() ? find<QPushButton>("linkButton")
                                                                    : find<QPushButton>("changeButton");
        QTest::mouseClick(button, Qt::LeftButton);
        ASSERT_TRUE(waitFor([this] { return !messageText("linkResult").isEmpty(); }));
        ASSERT_TRUE(waitSettled());
    }
};

TEST_F(HistoryPageTest, ListsEveryChangeNewestFirstFiltersAndExports)
{
    signInToSandbox();
    window->showPage(pal::MainWindow::History);
    EXPECT_TRUE(find<QLabel>("historyEmpty")->isVisible());
    EXPECT_FALSE(find<QPushButton>("historyExport")->isEnabled());

    linkInCurrentDirectory("1234567"); // Contoso Partner: linked
    workspace->switchDirectory(Adventure);
    ASSERT_TRUE(waitForDirectory(Adventure));
    linkInCurrentDirectory("1234567"); // Adventure Works: 7654321 changed to 1234567
    window->showPage(pal::MainWindow::History);
    ASSERT_EQ(rows()->rowCount(), 2);
    EXPECT_EQ(cell(0, pal::HistoryPage::Action), QStringLiteral("Changed"));
    EXPECT_EQ(cell(0, pal::HistoryPage::Directory), QStringLiteral("Adventure Works"));
    EXPECT_EQ(cell(0, pal::HistoryPage::Before), QStringLiteral("7654321 (Previous Partner Inc.)"));
    EXPECT_EQ(cell(0, pal::HistoryPage::After), QStringLiteral("1234567 (Contoso Partner Services)"));
    EXPECT_EQ(cell(0, pal::HistoryPage::App), QStringLiteral("paldesk"));
    EXPECT_EQ(cell(0, pal::HistoryPage::Identity), User);
    EXPECT_TRUE(cell(0, pal::HistoryPage::Result).contains(QStringLiteral("Done")));
    EXPECT_EQ(cell(1, pal::HistoryPage::Action), QStringLiteral("Linked"));
    EXPECT_EQ(cell(1, pal::HistoryPage::Before), QStringLiteral("none"));

    // Filter by directory.
    auto *filter = find<QComboBox>("historyDirectory");
    const int contoso = filter->findText(QStringLiteral("Contoso Partner"));
    ASSERT_GE(contoso, 0);
    filter->setCurrentIndex(contoso);
    Q_EMIT filter->activated(contoso);
    ASSERT_EQ(rows()->rowCount(), 1);
    EXPECT_EQ(cell(0, pal::HistoryPage::Directory), QStringLiteral("Contoso Partner"));

    // Export what is shown, as CSV.
    interaction.saveAs = configDir.filePath(QStringLiteral("export"));
    QTest::mouseClick(find<QPushButton>("historyExport"), Qt::LeftButton);
    QFile csv(configDir.filePath(QStringLiteral("export.csv")));
    ASSERT_TRUE(csv.open(QIODevice::ReadOnly)) << qPrintable(messageText("historyMessage"));
    const QStringList lines = QString::fromUtf8(csv.readAll()).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
    ASSERT_EQ(lines.size(), 2);
    EXPECT_TRUE(lines.at(1).contains(QStringLiteral(",paldesk,create,") + Home)) << qPrintable(lines.at(1));
    EXPECT_TRUE(messageText("historyMessage").contains(QStringLiteral("export.csv")));
}

TEST_F(HistoryPageTest, AFailedAttemptIsListedWithItsError)
{
    signInToSandbox();
    workspace->switchDirectory(Adventure);
    ASSERT_TRUE(waitForDirectory(Adventure));
    // A create where another ID is linked is refused before anything is sent; it is recorded.
    bool done = false;
    workspace->link(Adventure, pal::PartnerId::parse(QStringLiteral("1234567")).value(), window.get(),
                    [&done](const pal::LinkChange &) { done = true; });
    ASSERT_TRUE(waitFor([&] { return done; }));
    window->showPage(pal::MainWindow::History);
    ASSERT_TRUE(waitFor([this] { return rows()->rowCount() == 1; }));
    EXPECT_TRUE(cell(0, pal::HistoryPage::Result).contains(QStringLiteral("Failed"))) << qPrintable(cell(0, 7));
    EXPECT_FALSE(rows()->index(0, pal::HistoryPage::Result).data(Qt::ToolTipRole).toString().isEmpty());
}

TEST_F(HistoryPageTest, AnotherProcesssChangeShowsWithoutARefresh)
{
    window->showPage(pal::MainWindow::History);
    // palctl appends while paldesk shows the page (the root watches the history's folder).
    pal::LinkHistory palctl(history->filePath(), config->directory(), QStringLiteral("palctl"));
    pal::HistoryEntry e;
    e.time = QDateTime::currentDateTimeUtc();
    e.app = QStringLiteral("palctl");
    e.action = QStringLiteral("create");
    e.tenantId = Fabrikam;
    e.displayName = QStringLiteral("Fabrikam");
    e.after = pal::HistoryLink{QStringLiteral("1234567"), QStringLiteral("Contoso Partner Services")};
    e.ok = true;
    ASSERT_TRUE(palctl.append(e));
    ASSERT_TRUE(waitFor([this] { return rows()->rowCount() == 1; }, 5000));
    EXPECT_EQ(cell(0, pal::HistoryPage::App), QStringLiteral("palctl"));
}

TEST_F(HistoryPageTest, ALinkPalctlMakesInTheShownDirectoryIsReadAgain)
{
    signInToSandbox();
    ASSERT_TRUE(waitForDirectory(Home));
    ASSERT_TRUE(waitFor([this] { return workspace->currentLinkState().isAnswered(); }));
    ASSERT_FALSE(workspace->currentLinkState().isLinked());
    window->showPage(pal::MainWindow::Link);
    ASSERT_TRUE(find<QPushButton>("linkButton")->isVisible()) << "the blade offers to link";

    // palctl links the directory through ARM and appends to the history, as `partner create` does.
    QNetworkAccessManager otherProcess;
    QNetworkRequest put(
        QUrl(sandbox->baseUrl().toString() + QStringLiteral("/providers/Microsoft.ManagementPartner/partners/1234567"
                                                            "?api-version=2018-02-01")));
    put.setRawHeader("Authorization", "Bearer " + sandbox->issueArmToken(User, Home));
    put.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = otherProcess.put(put, QByteArrayLiteral("{}"));
    ASSERT_TRUE(waitFor([reply] { return reply->isFinished(); }));
    ASSERT_EQ(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200) << reply->readAll().constData();
    reply->deleteLater();
    pal::LinkHistory palctl(history->filePath(), config->directory(), QStringLiteral("palctl"));
    pal::HistoryEntry e;
    e.time = QDateTime::currentDateTimeUtc();
    e.app = QStringLiteral("palctl");
    e.action = QStringLiteral("create");
    e.tenantId = Home;
    e.after = pal::HistoryLink{QStringLiteral("1234567"), QStringLiteral("Contoso Partner Services")};
    e.ok = true;
    ASSERT_TRUE(palctl.append(e));

    // paldesk reads the link again: no stale "Link a partner ID" for a directory already linked.
    ASSERT_TRUE(waitFor([this] { return workspace->currentLinkState().isLinked(); }, 5000));
    EXPECT_EQ(workspace->currentLinkState().partnerId(), QStringLiteral("1234567"));
    EXPECT_FALSE(find<QPushButton>("linkButton")->isVisible());
}

TEST_F(HistoryPageTest, ExportToAnUnwritablePathSaysWhyAndWritesNothing)
{
    signInToSandbox();
    linkInCurrentDirectory("1234567");
    window->showPage(pal::MainWindow::History);
    ASSERT_TRUE(find<QPushButton>("historyExport")->isEnabled());
    const QString nowhere = configDir.filePath(QStringLiteral("no-such-folder/history.csv"));
    interaction.saveAs = nowhere;
    QTest::mouseClick(find<QPushButton>("historyExport"), Qt::LeftButton);
    const QString said = messageText("historyMessage");
    EXPECT_TRUE(said.startsWith(QStringLiteral("The history was not exported."))) << qPrintable(said);
    EXPECT_TRUE(said.contains(nowhere)) << qPrintable(said);
    EXPECT_FALSE(QFile::exists(nowhere));
    EXPECT_EQ(rows()->rowCount(), 1) << "the list stays";
}

TEST_F(HistoryPageTest, ADamagedLineIsSkippedWithAWarningAndAnUnreadableFileIsSaid)
{
    signInToSandbox();
    linkInCurrentDirectory("1234567");
    {
        QFile f(history->filePath());
        ASSERT_TRUE(f.open(QIODevice::Append));
        f.write("{\"time\": \"half a line\n");
    }
    window->showPage(pal::MainWindow::History);
    QTest::mouseClick(find<QPushButton>("historyRefresh"), Qt::LeftButton);
    ASSERT_EQ(rows()->rowCount(), 1);
    EXPECT_TRUE(messageText("historyMessage").contains(QStringLiteral("1 line(s) of the history file are damaged")))
        << qPrintable(messageText("historyMessage"));

    // Unreadable (a folder where the file was): said on the page, and the validation view does not
    // claim that nothing was changed.
    ASSERT_TRUE(QFile::remove(history->filePath()));
    ASSERT_TRUE(QDir().mkpath(history->filePath()));
    QTest::mouseClick(find<QPushButton>("historyRefresh"), Qt::LeftButton);
    EXPECT_TRUE(messageText("historyMessage").startsWith(QStringLiteral("The history could not be read.")))
        << qPrintable(messageText("historyMessage"));
    EXPECT_FALSE(find<QTableView>("historyTable")->isVisible());
    EXPECT_FALSE(find<QPushButton>("historyExport")->isEnabled());
    window->showPage(pal::MainWindow::Validation);
    QTest::mouseClick(find<QPushButton>("verifyAgain"), Qt::LeftButton);
    ASSERT_TRUE(waitSettled());
    EXPECT_TRUE(labelText("validationHistory").contains(QStringLiteral("cannot be read")))
        << qPrintable(labelText("validationHistory"));
}

TEST_F(HistoryPageTest, AChangeTheHistoryCannotRecordIsMadeAndSaid)
{
    signInToSandbox();
    ASSERT_TRUE(QDir().mkpath(history->filePath())); // appending fails
    linkInCurrentDirectory("1234567");
    EXPECT_TRUE(messageText("linkResult").contains(QStringLiteral("is now linked")))
        << qPrintable(messageText("linkResult"));
    window->showPage(pal::MainWindow::History);
    const QString said = messageText("historyMessage");
    EXPECT_TRUE(said.contains(QStringLiteral("is not in the history"))) << qPrintable(said);
    EXPECT_TRUE(said.contains(history->filePath())) << qPrintable(said);
}

// Issue 17: paldesk reads the history again at every change of the configuration folder; a large
// file is read off the GUI thread, so the page fills after the reading's signal, not at once.
TEST_F(HistoryPageTest, ALargeHistoryIsReadOffTheGuiThread)
{
    int lines = 0;
    {
        QFile f(history->filePath());
        ASSERT_TRUE(QDir().mkpath(QFileInfo(f).absolutePath()));
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        pal::HistoryEntry e;
        e.time = QDateTime::currentDateTimeUtc();
        e.app = QStringLiteral("palctl");
        e.action = QStringLiteral("create");
        e.tenantId = Fabrikam;
        e.displayName = QStringLiteral("Fabrikam ") + QString(200, QLatin1Char('x'));
        e.after = pal::HistoryLink{QStringLiteral("1234567"), QStringLiteral("Contoso Partner Services")};
        e.ok = true;
        const QByteArray line = QJsonDocument(e.toJson()).toJson(QJsonDocument::Compact) + '\n';
        for (qsizetype written = 0; written < 2 * pal::LargeInputBytes; written += line.size(), ++lines)
            f.write(line);
    }
    window->showPage(pal::MainWindow::History);
    EXPECT_EQ(rows()->rowCount(), 0) << "read on the GUI thread: the page filled before showPage returned";
    const int expected = std::min(lines, pal::HistoryPage::MaxRows);
    ASSERT_TRUE(waitFor([&] { return rows()->rowCount() == expected; }, 10'000));
    EXPECT_EQ(cell(0, pal::HistoryPage::App), QStringLiteral("palctl"));
}
