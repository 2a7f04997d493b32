// The "All directories" view as accounts × directories: two signed-in users, the inventory's
// expectations and notes, its import and export through the interaction port, the state filters,
// and the watch: a scheduled check (a fake clock moves it), the "changed since the last check"
// mark, the desktop notification port (a fake tray) or the in-app banner, and closing to the tray.
#include "UiFixture.h"

#include "AccountManager.h"
#include "AccountServicesPool.h"
#include "Clock.h"
#include "CloseToTray.h"
#include "DesktopNotifier.h"
#include "FleetTableModel.h"
#include "FleetView.h"
#include "FleetWatch.h"
#include "Inventory.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>

using namespace sandboxids;
using Column = pal::FleetTableModel::Column;

namespace {

const QString Guest = QStringLiteral("pat@tailspintoys.example");

class FakeNotifier final : public pal::DesktopNotifier
{
public:
    bool available = true;
    QStringList titles;
    QStringList messages;
    bool isAvailable() const override { return available; }
    void notify(const QString &title, const QString &message) override
    {
        titles << title;
        messages << message;
    }
};

} // namespace

class AllDirectoriesTest : public UiFixture
{
protected:
    void SetUp() override
    {
        ui.notifier = &notifier;
        ui.clock = &clock;
        UiFixture::SetUp();
    }

    // The admin through "Try the sandbox", then the guest as a second account.
    void signInBoth()
    {
        signInToSandbox();
        sandbox->setAutoApproveUser(Guest);
        pal::SignInOptions options;
        options.cloud = *workspace->cloud();
        options.remember = false;
        bool done = false;
        accounts->signInWithBrowser(options, window.get(), [&done](const pal::Expected<pal::Account> &r) {
            EXPECT_TRUE(r.hasValue()) << (r ? "" : qPrintable(r.error().message));
            done = true;
        });
        ASSERT_TRUE(waitFor([&done] { return done; }, 15000));
        ASSERT_EQ(accounts->accountsOnCloud(workspace->cloud()->name).size(), 2);
    }
    pal::FleetWatch *watch() const { return window->findChild<pal::FleetView *>()->watch(); }
    QTableView *table() const { return find<QTableView>("fleetTable"); }
    QString cell(int row, int column) const { return table()->model()->index(row, column).data().toString(); }
    int rowOf(const QString &tenantId, const QString &account) const
    {
        for (int row = 0; row < table()->model()->rowCount(); ++row)
            if (cell(row, Column::Id) == tenantId && cell(row, Column::Account) == account)
                return row;
        return -1;
    }
    bool verifyAndWait()
    {
        QTest::mouseClick(find<QPushButton>("verifyAll"), Qt::LeftButton);
        return waitFor([this] { return !watch()->isChecking() && find<QPushButton>("verifyAll")->isEnabled(); }, 20000);
    }
    void choose(const QString &filterText)
    {
        auto *filter = find<QComboBox>("fleetFilter");
        const int index = filter->findText(filterText);
        ASSERT_GE(index, 0) << qPrintable(filterText);
        filter->setCurrentIndex(index);
    }
    QString writeCsv(const QByteArray &bytes)
    {
        QFile file(configDir.filePath(QStringLiteral("import.csv")));
        EXPECT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(bytes);
        return file.fileName();
    }

    // Returns once what is already posted (a zero-delay quit among it) has run.
    void afterPostedEvents()
    {
        bool ran = false;
        QTimer::singleShot(0, window.get(), [&ran] { ran = true; });
        ASSERT_TRUE(waitFor([&ran] { return ran; }));
    }

    FakeNotifier notifier;
    pal::ManualClock clock{QDateTime::currentDateTimeUtc()};
};

TEST_F(AllDirectoriesTest, RowsAreAccountsTimesDirectories)
{
    signInBoth();
    window->showPage(pal::MainWindow::Fleet);
    ASSERT_TRUE(verifyAndWait());
    EXPECT_EQ(table()->model()->rowCount(), 11) << "nine directories of the admin, two of the guest";
    const int adminHome = rowOf(Home, User);
    const int guestHome = rowOf(Home, Guest);
    ASSERT_GE(adminHome, 0);
    ASSERT_GE(guestHome, 0) << "the same directory again, for the guest: another principal, another link";
    EXPECT_EQ(cell(guestHome, Column::Name), QStringLiteral("Contoso Partner"));
    EXPECT_GE(rowOf(Tailspin, Guest), 0);
    EXPECT_TRUE(labelText("fleetSummary").startsWith(QStringLiteral("Done:"))) << qPrintable(labelText("fleetSummary"));
}

TEST_F(AllDirectoriesTest, TheFleetChecksEachAccountOnTheSessionTheWorkspaceUses)
{
    signInBoth();
    pal::AccountServices *workspaceSession = workspace->accountServices();
    ASSERT_NE(workspaceSession, nullptr);
    // One set of services per account: the fleet builds only the guest's, and only once.
    QSignalSpy created(services->accountServices(), &pal::AccountServicesPool::servicesCreated);
    window->showPage(pal::MainWindow::Fleet);
    ASSERT_TRUE(verifyAndWait());
    ASSERT_TRUE(verifyAndWait());
    EXPECT_EQ(created.size(), 1) << "the admin's session is the workspace's; the guest's is built once";
    EXPECT_EQ(services->accountServices()->forAccount(*workspace->account(), *workspace->cloud()), workspaceSession);
    EXPECT_EQ(table()->model()->rowCount(), 11);
}

TEST_F(AllDirectoriesTest, TheInventorysExpectationsNotesAndFindingsShowAndFilter)
{
    signInBoth();
    window->showPage(pal::MainWindow::Fleet);
    // Names resolve against what the accounts list: verify once so both accounts' lists are known.
    ASSERT_TRUE(verifyAndWait());
    interaction.open = writeCsv("directory,account,expectedPartnerId,notes\n"
                                "Adventure Works,admin@contoso-partner.example,7654321,kept by the old partner\n"
                                "Fabrikam,admin@contoso-partner.example,1234567,\"must be ours, ask Alex\"\n"
                                "Tailspin Toys,pat@tailspintoys.example,1234567,guest's home\n"
                                "Fabrikam,pat@tailspintoys.example,1234567,the guest does not reach it\n"
                                "Northwind Traders,someone@northwind.example,1234567,not signed in here\n");
    QTest::mouseClick(find<QPushButton>("importInventory"), Qt::LeftButton);
    EXPECT_TRUE(messageText("fleetMessage").contains(QStringLiteral("Imported 5")))
        << qPrintable(messageText("fleetMessage"));
    EXPECT_EQ(labelText("inventorySummary"), QStringLiteral("Inventory: 5 row(s)"));
    ASSERT_TRUE(verifyAndWait());
    EXPECT_EQ(table()->model()->rowCount(), 13) << "eleven reached rows and two rows nobody can ask";

    const int adventure = rowOf(Adventure, User);
    ASSERT_GE(adventure, 0);
    EXPECT_EQ(cell(adventure, Column::Expected), QStringLiteral("7654321"));
    EXPECT_TRUE(cell(adventure, Column::Result).contains(QStringLiteral("Linked")));
    EXPECT_EQ(cell(adventure, Column::Notes), QStringLiteral("kept by the old partner"));
    const int fabrikam = rowOf(Fabrikam, User);
    EXPECT_EQ(cell(fabrikam, Column::Result), QStringLiteral("Not linked"));
    EXPECT_EQ(cell(fabrikam, Column::Notes), QStringLiteral("must be ours, ask Alex"));

    choose(QStringLiteral("Identity not signed in"));
    ASSERT_EQ(table()->model()->rowCount(), 1);
    EXPECT_EQ(cell(0, Column::Account), QStringLiteral("someone@northwind.example"));
    EXPECT_EQ(cell(0, Column::Id), Northwind);
    choose(QStringLiteral("Directory not reachable"));
    ASSERT_EQ(table()->model()->rowCount(), 1);
    EXPECT_EQ(cell(0, Column::Account), Guest);
    EXPECT_EQ(cell(0, Column::Id), Fabrikam);
    choose(QStringLiteral("Linked as expected"));
    ASSERT_EQ(table()->model()->rowCount(), 3) << "Adventure Works; Proseware and Fourth Coffee expect nothing";
    QStringList linked{cell(0, Column::Id), cell(1, Column::Id), cell(2, Column::Id)};
    linked.sort();
    QStringList expectedLinked{Adventure, scenario::Proseware.tenantId, scenario::FourthCoffee.tenantId};
    expectedLinked.sort();
    EXPECT_EQ(linked, expectedLinked);
    choose(QStringLiteral("Problems"));
    EXPECT_EQ(table()->model()->rowCount(), 10) << "everything but the three linked as expected";
    for (int row = 0; row < table()->model()->rowCount(); ++row)
        EXPECT_NE(cell(row, Column::Id), Adventure);
    choose(QStringLiteral("All directories"));
    EXPECT_EQ(table()->model()->rowCount(), 13);
}

TEST_F(AllDirectoriesTest, ABadInventoryImportsNothingAndExportWritesTheRows)
{
    signInToSandbox();
    window->showPage(pal::MainWindow::Fleet);
    EXPECT_FALSE(find<QPushButton>("exportInventory")->isEnabled()) << "nothing to export yet";
    interaction.open = writeCsv("directory,account,expectedPartnerId,notes\n" + Home.toUtf8() +
                                ",admin@contoso-partner.example,1234567,\"=HYPERLINK(\"\"x\"\")\"\n");
    QTest::mouseClick(find<QPushButton>("importInventory"), Qt::LeftButton);
    ASSERT_EQ(pal::Inventory(configDir.path()).load().value().size(), 1);

    interaction.open = writeCsv("directory,account,expectedPartnerId,notes\n" + Home.toUtf8() +
                                ",admin@contoso-partner.example,1234567,fine\n"
                                "Nowhere Ltd,admin@contoso-partner.example,,\n" +
                                Fabrikam.toUtf8() + ",admin@contoso-partner.example,12x,\n");
    QTest::mouseClick(find<QPushButton>("importInventory"), Qt::LeftButton);
    const QString message = messageText("fleetMessage");
    EXPECT_TRUE(message.contains(QStringLiteral("Nothing was imported"))) << qPrintable(message);
    EXPECT_TRUE(message.contains(QStringLiteral("line 3"))) << qPrintable(message);
    EXPECT_TRUE(message.contains(QStringLiteral("line 4"))) << qPrintable(message);
    const auto kept = pal::Inventory(configDir.path()).load();
    ASSERT_EQ(kept.value().size(), 1) << "the inventory is as it was";
    EXPECT_EQ(kept.value().first().notes, QStringLiteral("=HYPERLINK(\"x\")"));

    interaction.open.clear(); // the user cancels the file dialog: nothing happens
    QTest::mouseClick(find<QPushButton>("importInventory"), Qt::LeftButton);
    EXPECT_EQ(messageText("fleetMessage"), message);

    interaction.saveAs = configDir.filePath(QStringLiteral("exported"));
    QTest::mouseClick(find<QPushButton>("exportInventory"), Qt::LeftButton);
    QFile exported(interaction.saveAs + QStringLiteral(".csv"));
    ASSERT_TRUE(exported.open(QIODevice::ReadOnly)) << "the suffix is added";
    const QByteArray bytes = exported.readAll();
    EXPECT_TRUE(bytes.contains(Home.toUtf8()));
    EXPECT_TRUE(bytes.contains("\"'=HYPERLINK(\"\"x\"\")\"")) << "neutralised: " << bytes.constData();
}

TEST_F(AllDirectoriesTest, AScheduledCheckMarksChangesAndNotifiesALostLink)
{
    signInToSandbox();
    window->showPage(pal::MainWindow::Settings);
    auto *interval = find<QComboBox>("watchInterval");
    EXPECT_EQ(interval->currentText(), QStringLiteral("Off")) << "off by default";
    interval->setCurrentIndex(interval->findText(QStringLiteral("Every hour")));
    ASSERT_EQ(config->watchInterval(), pal::WatchInterval::Hourly);
    pal::AppConfig reread(configDir.path());
    ASSERT_TRUE(reread.load());
    EXPECT_EQ(reread.watchInterval(), pal::WatchInterval::Hourly) << "saved in settings.json";
    window->showPage(pal::MainWindow::Fleet);

    // Never run: the first scheduled check is due at once; it compares with nothing.
    QSignalSpy checked(watch(), &pal::FleetWatch::checked);
    watch()->wake();
    ASSERT_TRUE(checked.wait(20000));
    EXPECT_TRUE(notifier.messages.isEmpty());
    EXPECT_TRUE(labelText("watchStatus").contains(QStringLiteral("hourly"))) << qPrintable(labelText("watchStatus"));

    // Within the hour, nothing runs.
    clock.advance(30 * 60);
    watch()->wake();
    EXPECT_FALSE(watch()->isChecking());

    // The link in Adventure Works is removed; an hour after the last check, the watch finds it.
    bool removed = false;
    workspace->unlink(Adventure, *pal::PartnerId::parse(QStringLiteral("7654321")), window.get(),
                      [&removed](const pal::LinkChange &) { removed = true; });
    ASSERT_TRUE(waitFor([&removed] { return removed; }));
    clock.advance(31 * 60);
    watch()->wake();
    ASSERT_TRUE(watch()->isChecking());
    ASSERT_TRUE(checked.wait(20000));
    ASSERT_EQ(notifier.messages.size(), 1);
    EXPECT_TRUE(notifier.messages.first().contains(QStringLiteral("Adventure Works")))
        << qPrintable(notifier.messages.first());
    EXPECT_TRUE(messageText("fleetWatchBanner").isEmpty()) << "the tray told the user; no banner as well";
    int adventure = -1;
    for (int row = 0; row < table()->model()->rowCount(); ++row)
        if (cell(row, Column::Id) == Adventure)
            adventure = row;
    ASSERT_GE(adventure, 0);
    EXPECT_TRUE(cell(adventure, Column::Changed).contains(QStringLiteral("Link lost")));
    EXPECT_TRUE(labelText("fleetSummary").contains(QStringLiteral("changed since the last check")))
        << qPrintable(labelText("fleetSummary"));
    for (int row = 0; row < table()->model()->rowCount(); ++row) {
        if (row != adventure) {
            EXPECT_TRUE(cell(row, Column::Changed).isEmpty()) << row;
        }
    }

    // The results are kept for the next comparison (and for palctl --compare), with no secret in them.
    QFile kept(configDir.filePath(pal::FleetWatch::fileName()));
    ASSERT_TRUE(kept.open(QIODevice::ReadOnly));
    const QByteArray bytes = kept.readAll();
    EXPECT_TRUE(bytes.contains(Adventure.toUtf8()));
    EXPECT_FALSE(bytes.contains("eyJ")) << "no token";
}

TEST_F(AllDirectoriesTest, WithoutATrayALostLinkIsABannerInTheView)
{
    notifier.available = false;
    signInToSandbox();
    ASSERT_TRUE(config->setWatchInterval(pal::WatchInterval::Daily).hasValue());
    window->showPage(pal::MainWindow::Fleet);
    QSignalSpy checked(watch(), &pal::FleetWatch::checked);
    watch()->wake();
    ASSERT_TRUE(checked.wait(20000));
    bool removed = false;
    workspace->unlink(Adventure, *pal::PartnerId::parse(QStringLiteral("7654321")), window.get(),
                      [&removed](const pal::LinkChange &) { removed = true; });
    ASSERT_TRUE(waitFor([&removed] { return removed; }));
    clock.advance(23 * 3600);
    watch()->wake();
    EXPECT_FALSE(watch()->isChecking()) << "daily: not yet";
    clock.advance(3600);
    watch()->wake();
    ASSERT_TRUE(checked.wait(20000));
    EXPECT_TRUE(notifier.messages.isEmpty());
    EXPECT_TRUE(messageText("fleetWatchBanner").contains(QStringLiteral("Adventure Works")))
        << qPrintable(messageText("fleetWatchBanner"));
}

// Hundreds of rows (here an inventory's rows for an identity not signed in): their file is written
// off the GUI thread, and it is still there for the next start to compare with.
TEST_F(AllDirectoriesTest, AFleetOfHundredsOfRowsIsKeptForTheNextStart)
{
    signInToSandbox();
    window->showPage(pal::MainWindow::Fleet);
    constexpr int Rows = 400;
    QByteArray csv = "directory,account,expectedPartnerId,notes\n";
    for (int i = 0; i < Rows; ++i)
        csv += QStringLiteral("00000000-0000-4000-8000-%1,someone@northwind.example,1234567,row %2\n")
                   .arg(i, 12, 10, QLatin1Char('0'))
                   .arg(i)
                   .toUtf8();
    interaction.open = writeCsv(csv);
    QTest::mouseClick(find<QPushButton>("importInventory"), Qt::LeftButton);
    ASSERT_EQ(labelText("inventorySummary"), QStringLiteral("Inventory: 400 row(s)"));
    ASSERT_TRUE(verifyAndWait());
    const int shown = table()->model()->rowCount();
    ASSERT_GT(shown, Rows);

    const QString kept = configDir.filePath(pal::FleetWatch::fileName());
    ASSERT_TRUE(waitFor([&] {
        QFile file(kept);
        return file.open(QIODevice::ReadOnly) && file.readAll().contains("00000000-0000-4000-8000-000000000399");
    }));
    pal::FleetWatch restarted(workspace->network(), accounts, config);
    EXPECT_EQ(restarted.lastResults().size(), shown) << "every row is remembered";
    EXPECT_TRUE(restarted.lastRun().isValid());
}

// A kept check that is not JSON, or not a report, is forgotten: the next start remembers nothing
// (and its first check says nothing changed) rather than comparing with half a memory.
TEST_F(AllDirectoriesTest, ADamagedMemoryOfTheLastCheckIsForgotten)
{
    const QByteArray damaged[] = {
        R"({"version": 1, "lastRun": "2026-12-01T10:00:00.000Z", "results": [)",
        R"({"version": 1, "lastRun": "2026-12-01T10:00:00.000Z", "results": [{"tenantId": "not-a-guid"}]})"};
    for (const QByteArray &bytes : damaged) {
        QFile file(configDir.filePath(pal::FleetWatch::fileName()));
        ASSERT_TRUE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(bytes);
        file.close();
        pal::FleetWatch restarted(workspace->network(), accounts, config);
        EXPECT_TRUE(restarted.lastResults().isEmpty()) << bytes.constData();
        EXPECT_FALSE(restarted.lastRun().isValid()) << bytes.constData();
    }
}

TEST_F(AllDirectoriesTest, AManualCheckMarksChangesButNeverNotifies)
{
    signInToSandbox();
    window->showPage(pal::MainWindow::Fleet);
    ASSERT_TRUE(verifyAndWait());
    bool removed = false;
    workspace->unlink(Adventure, *pal::PartnerId::parse(QStringLiteral("7654321")), window.get(),
                      [&removed](const pal::LinkChange &) { removed = true; });
    ASSERT_TRUE(waitFor([&removed] { return removed; }));
    ASSERT_TRUE(verifyAndWait());
    EXPECT_TRUE(notifier.messages.isEmpty()) << "the user is looking";
    bool marked = false;
    for (int row = 0; row < table()->model()->rowCount(); ++row)
        marked = marked || (cell(row, Column::Id) == Adventure &&
                            cell(row, Column::Changed).contains(QStringLiteral("Link lost")));
    EXPECT_TRUE(marked);
}

TEST_F(AllDirectoriesTest, ClosingKeepsRunningInTheTrayOnlyWhenChosen)
{
    pal::CloseToTray closeToTray(window.get(), config, &notifier);
    QSignalSpy quit(&closeToTray, &pal::CloseToTray::quitRequested);
    window->showPage(pal::MainWindow::Settings);
    auto *keep = find<QCheckBox>("keepRunningInTray");
    EXPECT_TRUE(keep->isEnabled()) << "the desktop has a tray";
    EXPECT_FALSE(keep->isChecked()) << "off by default";

    window->close();
    ASSERT_TRUE(quit.wait(2000)) << "closing quits unless the user chose otherwise";

    window->show();
    window->showPage(pal::MainWindow::Settings);
    keep->setChecked(true);
    ASSERT_TRUE(config->keepRunningInTray());
    quit.clear();
    window->close();
    EXPECT_FALSE(window->isVisible());
    afterPostedEvents();
    EXPECT_EQ(quit.count(), 0) << "paldesk keeps running in the tray";
    ASSERT_EQ(notifier.messages.size(), 1) << "the tray says so, once";
    window->show();
    window->close();
    EXPECT_EQ(notifier.messages.size(), 1);

    notifier.available = false; // no tray: closing quits whatever the setting
    window->show();
    window->close();
    EXPECT_TRUE(quit.wait(2000));
}
