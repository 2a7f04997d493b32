#include "UiFixture.h"

#include "InlineMessage.h"
#include "SignInPage.h"

#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QStackedWidget>
#include <QTcpSocket>
#include <QUrlQuery>

using namespace sandboxids;

TEST_F(UiFixture, TryTheSandboxSignsInAndOpensTheHomeDirectory)
{
    EXPECT_EQ(window->windowTitle(), QStringLiteral("PAL Desk"));
    EXPECT_EQ(window->currentPage(), pal::MainWindow::SignIn);
    signInToSandbox();

    EXPECT_EQ(browser->opened, 1) << "the sign-in went through the browser port";
    EXPECT_EQ(window->currentPage(), pal::MainWindow::Link);
    EXPECT_EQ(labelText("currentDirectoryName"), QStringLiteral("Contoso Partner"));
    EXPECT_TRUE(labelText("currentDirectoryDetails").contains(QStringLiteral("contoso-partner.example")));
    EXPECT_TRUE(labelText("currentDirectoryDetails").contains(Home));
    EXPECT_TRUE(labelText("currentAccount").contains(User));
    // Remembered for the next start, without any secret.
    EXPECT_EQ(config->currentAccountId(), workspace->account()->id);
    EXPECT_EQ(config->currentDirectory(workspace->account()->id), Home);
}

TEST_F(UiFixture, AccountsAlreadySignedInAreListedToContinue)
{
    signInToSandbox();
    const QString id = workspace->account()->id;
    workspace->closeAccount();
    window->showPage(pal::MainWindow::SignIn);
    auto *list = find<QListWidget>("existingAccounts");
    ASSERT_NE(list, nullptr);
    ASSERT_TRUE(list->isVisible());
    ASSERT_EQ(list->count(), 1);
    EXPECT_TRUE(list->item(0)->text().contains(User));
    QTest::mouseClick(find<QPushButton>("continueButton"), Qt::LeftButton);
    EXPECT_TRUE(waitForDirectory(Home));
    EXPECT_EQ(workspace->account()->id, id);
}

TEST_F(UiFixture, ServicePrincipalWithAWrongSecretSaysWhyAndKeepsNothing)
{
    window->signInPage()->startSandbox(); // registers the sandbox cloud and signs the user in
    ASSERT_TRUE(waitForDirectory(Home, 15000));
    window->showPage(pal::MainWindow::SignIn);
    QTest::mouseClick(find<QPushButton>("showServicePrincipal"), Qt::LeftButton);
    ASSERT_TRUE(find<QWidget>("servicePrincipalPanel")->isVisible());
    auto *signIn = find<QPushButton>("spSignIn");
    EXPECT_FALSE(signIn->isEnabled()) << "nothing typed yet";
    QTest::keyClicks(find<QLineEdit>("spClientId"), QStringLiteral("8f2c6a1e-5b3d-4e7f-9a0c-2d4b6e8f0a11"));
    QTest::keyClicks(find<QLineEdit>("spTenant"), Home);
    QTest::keyClicks(find<QLineEdit>("spSecret"), QStringLiteral("not-the-secret"));
    ASSERT_TRUE(signIn->isEnabled());
    const int before = int(accounts->accounts().size());
    QTest::mouseClick(signIn, Qt::LeftButton);
    ASSERT_TRUE(waitFor([this] { return !messageText("signInMessage").isEmpty(); }));
    EXPECT_TRUE(messageText("signInMessage").startsWith(QStringLiteral("Sign-in failed.")))
        << qPrintable(messageText("signInMessage"));
    EXPECT_EQ(accounts->accounts().size(), before);
}

TEST_F(UiFixture, ServicePrincipalWithTheRightSecretOpensItsDirectory)
{
    window->signInPage()->startSandbox();
    ASSERT_TRUE(waitForDirectory(Home, 15000));
    window->showPage(pal::MainWindow::SignIn);
    QTest::mouseClick(find<QPushButton>("showServicePrincipal"), Qt::LeftButton);
    QTest::keyClicks(find<QLineEdit>("spClientId"), QStringLiteral("8f2c6a1e-5b3d-4e7f-9a0c-2d4b6e8f0a11"));
    QTest::keyClicks(find<QLineEdit>("spTenant"), Home);
    QTest::keyClicks(find<QLineEdit>("spSecret"), QStringLiteral("sandbox-secret-not-for-production"));
    QTest::mouseClick(find<QPushButton>("spSignIn"), Qt::LeftButton);
    ASSERT_TRUE(waitFor([this] { return workspace->account() && workspace->account()->isServicePrincipal(); }))
        << qPrintable(messageText("signInMessage"));
    EXPECT_TRUE(waitForDirectory(Home));
    EXPECT_TRUE(labelText("currentAccount").contains(QStringLiteral("Service principal")));
    EXPECT_TRUE(find<QLineEdit>("spSecret")->text().isEmpty()) << "the secret does not linger in the form";
}

TEST_F(UiFixture, KeychainBannerSaysNothingWillBeRemembered)
{
    // The fixture signs in with an in-memory store, as when no keychain is reachable.
    auto *banner = find<QLabel>("keychainBanner");
    ASSERT_NE(banner, nullptr);
    EXPECT_TRUE(banner->isVisible());
    EXPECT_TRUE(banner->text().contains(QStringLiteral("nothing will be remembered")));
}

TEST_F(UiFixture, DeviceCodeShowsTheCodeToCopyAndCanBeCancelled)
{
    window->signInPage()->startSandbox(); // registers the sandbox cloud (and signs in once)
    ASSERT_TRUE(waitForDirectory(Home, 15000));
    window->showPage(pal::MainWindow::SignIn);
    QTest::mouseClick(find<QPushButton>("signInDeviceCode"), Qt::LeftButton);
    auto *code = find<QLineEdit>("deviceCode");
    ASSERT_TRUE(waitFor([code] { return code->isVisible() && !code->text().isEmpty(); }));
    QTest::mouseClick(find<QPushButton>("copyDeviceCode"), Qt::LeftButton);
    EXPECT_EQ(interaction.clipboard, code->text());
    QTest::mouseClick(find<QPushButton>("openVerificationPage"), Qt::LeftButton);
    ASSERT_EQ(interaction.opened.size(), 1);
    EXPECT_EQ(interaction.opened.first().host(), QStringLiteral("127.0.0.1"));

    QTest::mouseClick(find<QPushButton>("cancelSignIn"), Qt::LeftButton);
    ASSERT_TRUE(waitFor([this] { return messageText("signInMessage") == QStringLiteral("Sign-in cancelled."); }));
    EXPECT_FALSE(code->isVisible());
    EXPECT_TRUE(find<QPushButton>("signInBrowser")->isEnabled());
}

TEST_F(UiFixture, ASandboxThatDoesNotStartIsReported)
{
    pal::UiContext failing = ui;
    failing.startSandbox = []() -> pal::Expected<QByteArray> {
        return pal::AzureError::make(pal::AzureError::Kind::Network, QStringLiteral("port 0 is taken"));
    };
    pal::SignInPage page(failing);
    page.show();
    auto *button = page.findChild<QPushButton *>(QStringLiteral("trySandbox"));
    ASSERT_NE(button, nullptr);
    QTest::mouseClick(button, Qt::LeftButton);
    auto *message = page.findChild<pal::InlineMessage *>(QStringLiteral("signInMessage"));
    ASSERT_NE(message, nullptr);
    EXPECT_TRUE(message->text().startsWith(QStringLiteral("The sandbox did not start.")));
    EXPECT_TRUE(message->text().contains(QStringLiteral("port 0 is taken")));
    EXPECT_TRUE(accounts->accounts().isEmpty());
}

TEST_F(UiFixture, BrowserSignInCanBeCancelledWhileTheBrowserIsOpen)
{
    window->signInPage()->startSandbox(); // registers the sandbox cloud (and signs in once)
    ASSERT_TRUE(waitForDirectory(Home, 15000));
    window->showPage(pal::MainWindow::SignIn);
    browser->follow = false; // the user never finishes in the browser
    QTest::mouseClick(find<QPushButton>("signInBrowser"), Qt::LeftButton);
    ASSERT_TRUE(waitFor([this] { return browser->opened == 2; }));
    EXPECT_EQ(labelText("signInStatus"), QStringLiteral("Finish the sign-in in your browser…"));
    auto *cancel = find<QPushButton>("cancelSignIn");
    ASSERT_TRUE(cancel->isVisible());
    EXPECT_FALSE(find<QPushButton>("signInBrowser")->isEnabled()) << "one sign-in at a time";
    const QUrl redirect(QUrlQuery(browser->last).queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded));
    ASSERT_GT(redirect.port(), 0);

    QTest::mouseClick(cancel, Qt::LeftButton);
    ASSERT_TRUE(waitFor([this] { return messageText("signInMessage") == QStringLiteral("Sign-in cancelled."); }));
    EXPECT_FALSE(cancel->isVisible());
    EXPECT_TRUE(find<QPushButton>("signInBrowser")->isEnabled());
    QTcpSocket socket;
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), quint16(redirect.port()));
    EXPECT_FALSE(socket.waitForConnected(2000)) << "the loopback listener closed with the cancel";
    EXPECT_EQ(accounts->accounts().size(), 1) << "nothing new was kept";
}
