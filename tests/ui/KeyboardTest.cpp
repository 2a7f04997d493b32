// Every page walked with Tab and Shift+Tab alone (KeyboardWalk), and the values a user quotes
// (the header's directory, the Validation view's facts) copied by keyboard.
#include "KeyboardWalk.h"
#include "UiFixture.h"

#include "DirectorySwitcher.h"

#include <QApplication>
#include <QFile>
#include <QPushButton>

using namespace sandboxids;
using keyboardwalk::expectWalkable;
using keyboardwalk::Scope;

namespace {

QWidget *page(pal::MainWindow *window, const char *name)
{
    auto *w = window->findChild<QWidget *>(QLatin1String(name));
    EXPECT_NE(w, nullptr) << "no page named " << name;
    return w;
}

} // namespace

class KeyboardTest : public UiFixture
{
protected:
    // Reaches `widget` with Tab from the navigation, as a user would, presses Ctrl+C there and
    // answers what reached the clipboard ("" when the widget was never reached).
    QString copyByKeyboard(QWidget *widget)
    {
        interaction.clipboard.clear();
        QWidget *nav = find<QWidget>("navigation");
        nav->setFocus(Qt::TabFocusReason);
        for (int press = 0; press < 200 && QApplication::focusWidget() != widget; ++press)
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        if (QApplication::focusWidget() != widget)
            return {};
        QTest::keyClick(widget, Qt::Key_C, Qt::ControlModifier);
        return interaction.clipboard;
    }
};

TEST_F(KeyboardTest, CtrlAndANumberOpensAPageOnceItIsAvailable)
{
    window->showPage(pal::MainWindow::Guide);
    QTest::keyClick(window.get(), Qt::Key_3, Qt::ControlModifier); // Validation needs an account
    EXPECT_EQ(window->currentPage(), pal::MainWindow::Guide);
    QTest::keyClick(window.get(), Qt::Key_1, Qt::ControlModifier);
    ASSERT_EQ(window->currentPage(), pal::MainWindow::SignIn);
    ASSERT_NO_FATAL_FAILURE(signInToSandbox());
    QTest::keyClick(window.get(), Qt::Key_3, Qt::ControlModifier);
    EXPECT_EQ(window->currentPage(), pal::MainWindow::Validation);
    EXPECT_EQ(QApplication::focusWidget(), find<QWidget>("navigation"));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    EXPECT_EQ(QApplication::focusWidget(), find<QWidget>("validationHeadline")) << "Tab goes on into the page";
    QTest::keyClick(window.get(), Qt::Key_5, Qt::ControlModifier);
    EXPECT_EQ(window->currentPage(), pal::MainWindow::Attribution);
    QTest::keyClick(window.get(), Qt::Key_6, Qt::ControlModifier);
    EXPECT_EQ(window->currentPage(), pal::MainWindow::History);
    QTest::keyClick(window.get(), Qt::Key_8, Qt::ControlModifier);
    EXPECT_EQ(window->currentPage(), pal::MainWindow::Settings) << "Settings is the eighth page";
}

TEST_F(KeyboardTest, TheSignInPageIsWalkedByKeyboard)
{
    window->showPage(pal::MainWindow::SignIn);
    expectWalkable(page(window.get(), "signInPage"));
    // With the service principal form open too.
    QTest::mouseClick(find<QPushButton>("showServicePrincipal"), Qt::LeftButton);
    ASSERT_TRUE(find<QWidget>("servicePrincipalPanel")->isVisible());
    expectWalkable(page(window.get(), "signInPage"));
}

TEST_F(KeyboardTest, TheAccountsPageIsWalkedByKeyboard)
{
    signInToSandbox();
    window->showPage(pal::MainWindow::SignIn);
    expectWalkable(page(window.get(), "signInPage"));
}

TEST_F(KeyboardTest, TheHeaderIsWalkedAndItsValuesCopiedByKeyboard)
{
    signInToSandbox();
    expectWalkable(page(window.get(), "directorySwitcher"));
    EXPECT_EQ(copyByKeyboard(find<QWidget>("currentDirectoryName")), QStringLiteral("Contoso Partner"));
    // The details line reads "domain · Directory ID …": Ctrl+C copies the id a user quotes.
    EXPECT_EQ(copyByKeyboard(find<QWidget>("currentDirectoryDetails")), Home);
}

TEST_F(KeyboardTest, TheValidationViewIsWalkedAndEachValueCopiedByKeyboard)
{
    signInToSandbox();
    window->showPage(pal::MainWindow::Validation);
    expectWalkable(page(window.get(), "validationView"));
    for (const char *name :
         {"validationHeadline", "validationPartnerName", "validationPartnerId", "validationDirectoryName",
          "validationDirectoryId", "validationIdentity", "validationObjectId", "validationLinkState",
          "validationCreated", "validationUpdated", "validationChecked"}) {
        QLabel *value = find<QLabel>(name);
        ASSERT_NE(value, nullptr);
        EXPECT_FALSE(value->text().isEmpty()) << name;
        EXPECT_EQ(copyByKeyboard(value), value->text()) << name << " is not copied by Tab and Ctrl+C";
        EXPECT_FALSE(keyboardwalk::accessibleName(value).isEmpty()) << name;
    }
    EXPECT_EQ(keyboardwalk::accessibleName(find<QLabel>("validationDirectoryId")), QStringLiteral("Directory ID"));
}

TEST_F(KeyboardTest, TheLinkBladeIsWalkedByKeyboard)
{
    signInToSandbox();
    window->showPage(pal::MainWindow::Link);
    expectWalkable(page(window.get(), "linkBlade"));
    // A directory with a link shows its values and the Remove button.
    workspace->switchDirectory(Adventure);
    ASSERT_TRUE(waitForDirectory(Adventure));
    ASSERT_TRUE(find<QWidget>("currentLink")->isVisible());
    expectWalkable(page(window.get(), "linkBlade"));
    EXPECT_EQ(copyByKeyboard(find<QWidget>("linkedPartnerId")), QStringLiteral("7654321"));
}

TEST_F(KeyboardTest, TheDirectorySwitcherOpensWalksAndClosesByKeyboard)
{
    signInToSandbox();
    ASSERT_TRUE(waitFor([this] { return workspace->directories().size() == 9; }));
    QTest::keyClick(window.get(), Qt::Key_D, Qt::ControlModifier);
    auto *switcher = window->directorySwitcher();
    ASSERT_TRUE(switcher->isPickerOpen());
    QWidget *picker = find<QWidget>("directoryPicker");
    EXPECT_EQ(QApplication::focusWidget(), find<QWidget>("directoryFilter"));
    expectWalkable(picker, Scope::Dialog);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
    EXPECT_FALSE(switcher->isPickerOpen());
    EXPECT_EQ(QApplication::focusWidget(), find<QWidget>("switchDirectoryButton"));
}

TEST_F(KeyboardTest, AllDirectoriesIsWalkedByKeyboardWithItsTable)
{
    signInToSandbox();
    ASSERT_TRUE(waitFor([this] { return workspace->directories().size() == 9; }));
    window->showPage(pal::MainWindow::Fleet);
    expectWalkable(page(window.get(), "fleetView"));

    // An error in place (its sentence, request id and Copy button) is walked too.
    find<QWidget>("expectedPartnerId")->setFocus(Qt::TabFocusReason);
    QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("12"));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_V, Qt::AltModifier);
    // A mnemonic "animates" the click: the button fires a moment later.
    ASSERT_TRUE(waitFor([this] { return !messageText("fleetMessage").isEmpty(); }))
        << "Alt+V went to " << qPrintable(keyboardwalk::describe(QApplication::focusWidget()));
    expectWalkable(page(window.get(), "fleetView"));
    QTest::keyClick(find<QWidget>("expectedPartnerId"), Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(find<QWidget>("expectedPartnerId"), Qt::Key_Delete);

    // Space on Verify: while it runs the focus is on Cancel, then back on Verify, never thrown
    // onto the navigation by a button that turned grey under it.
    auto *verify = find<QPushButton>("verifyAll");
    verify->setFocus(Qt::TabFocusReason);
    QTest::keyClick(verify, Qt::Key_Space);
    ASSERT_TRUE(waitFor([this] { return find<QPushButton>("exportCsv")->isEnabled(); }, 20000));
    EXPECT_EQ(QApplication::focusWidget(), verify) << qPrintable(keyboardwalk::describe(QApplication::focusWidget()));
    expectWalkable(page(window.get(), "fleetView"));
}

TEST_F(KeyboardTest, TheHistoryPageIsWalkedByKeyboardWithItsTable)
{
    window->showPage(pal::MainWindow::History);
    expectWalkable(page(window.get(), "historyPage")); // empty: the sentence, no table
    window->showPage(pal::MainWindow::SignIn);
    signInToSandbox();
    QTest::keyClicks(find<QWidget>("partnerIdField"), QStringLiteral("1234567"));
    QTest::mouseClick(find<QPushButton>("linkButton"), Qt::LeftButton);
    ASSERT_TRUE(waitFor([this] { return !messageText("linkResult").isEmpty(); }));
    window->showPage(pal::MainWindow::History);
    ASSERT_TRUE(find<QWidget>("historyTable")->isVisible());
    expectWalkable(page(window.get(), "historyPage"));
}

TEST_F(KeyboardTest, TheAttributionGuideIsWalkedByKeyboard)
{
    window->showPage(pal::MainWindow::Guide);
    expectWalkable(page(window.get(), "attributionGuide"));
}

TEST_F(KeyboardTest, SettingsIsWalkedByKeyboardAndItsCloudTableLeftWithTab)
{
    signInToSandbox();
    window->showPage(pal::MainWindow::Settings);
    expectWalkable(page(window.get(), "settingsPage"));
}

TEST_F(KeyboardTest, TheWatchSettingsAndAllDirectoriesWithAnInventoryAreWalkedByKeyboard)
{
    signInToSandbox();
    window->showPage(pal::MainWindow::Settings);
    expectWalkable(find<QWidget>("watchSettings"), Scope::Page);

    // The fleet view with an imported inventory, its results, a message in place and the watch's banner.
    QFile csv(configDir.filePath(QStringLiteral("inventory.csv")));
    ASSERT_TRUE(csv.open(QIODevice::WriteOnly));
    csv.write("directory,account,expectedPartnerId,notes\n" + sandboxids::Adventure.toUtf8() +
              ",admin@contoso-partner.example,7654321,kept\n");
    csv.close();
    interaction.open = csv.fileName();
    window->showPage(pal::MainWindow::Fleet);
    QTest::mouseClick(find<QPushButton>("importInventory"), Qt::LeftButton);
    ASSERT_FALSE(messageText("fleetMessage").isEmpty());
    QTest::mouseClick(find<QPushButton>("verifyAll"), Qt::LeftButton);
    ASSERT_TRUE(waitFor(
        [this] {
            return find<QPushButton>("exportInventory")->isEnabled() && find<QPushButton>("exportCsv")->isEnabled();
        },
        20000));
    expectWalkable(page(window.get(), "fleetView"));
}
