// paldesk shows its window before it knows whether a keychain answers (the probe's D-Bus round
// trips were a third of the time to the first frame); when the probe then fails, the banner says
// that nothing will be remembered, as it did when the probe ran first. The first frame has the
// sign-in page alone; the other pages follow it, or come at once when one is asked for.
#include "AccountManager.h"
#include "AppServices.h"
#include "FakeInteraction.h"
#include "KeychainSecretStore.h"
#include "MainWindow.h"
#include "SecretStore.h"
#include "UiContext.h"

#include <QLabel>
#include <QListWidget>
#include <QTemporaryDir>
#include <QTest>
#include <gtest/gtest.h>

TEST(Startup, TheKeychainBannerAppearsWhenTheProbeAfterTheFirstFrameFails)
{
    // No session bus to reach: the Secret Service cannot answer (platform-notes.md, error 7).
    QTemporaryDir runtime;
    qunsetenv("DBUS_SESSION_BUS_ADDRESS");
    qunsetenv("DISPLAY");
    qputenv("XDG_RUNTIME_DIR", runtime.path().toUtf8());

    QTemporaryDir configDir;
    pal::KeychainSecretStore keychain;
    pal::AppServices::Options options;
    options.appName = QStringLiteral("paldesk");
    options.configDirectory = configDir.path();
    options.secretStore = &keychain; // the real keychain store, whatever PALDESK_SECRET_STORE says
    pal::AppServices services(options);
    ASSERT_NE(services.accounts(), nullptr);
    ASSERT_FALSE(services.accountsError().has_value());
    FakeInteraction interaction;
    const pal::UiContext ui = pal::UiContext::from(services, &interaction);
    pal::MainWindow window(ui);
    window.show();
    auto *banner = window.findChild<QLabel *>(QStringLiteral("keychainBanner"));
    ASSERT_NE(banner, nullptr);
    EXPECT_FALSE(banner->isVisible()) << "nothing is known yet: no warning";

    bool probed = false;
    services.checkSecretStore(&window, [&](const pal::Expected<pal::Done> &r) {
        EXPECT_FALSE(r.hasValue());
        probed = true;
    });
    ASSERT_TRUE(QTest::qWaitFor([&] { return probed; }, 20000));
    EXPECT_FALSE(services.secretsPersist());
    EXPECT_TRUE(banner->isVisible());
    EXPECT_TRUE(banner->text().contains(QStringLiteral("No system keychain")));
}

namespace {

// paldesk's window without a keychain or a server: what start-up shows before any account opens.
struct Desk
{
    Desk()
    {
        options.appName = QStringLiteral("paldesk");
        options.configDirectory = configDir.path();
        options.secretStore = &secrets;
    }
    QTemporaryDir configDir;
    pal::MemorySecretStore secrets;
    pal::AppServices::Options options;
};

} // namespace

// The first frame shows the sign-in page alone; the others follow right after it, so the watch
// of All directories runs from start-up whether or not its page is ever opened.
TEST(Startup, EveryPageIsThereOnceTheWindowHasAppeared)
{
    Desk desk;
    pal::AppServices services(desk.options);
    FakeInteraction interaction;
    pal::MainWindow window(pal::UiContext::from(services, &interaction));
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    EXPECT_EQ(window.currentPage(), pal::MainWindow::SignIn);
    EXPECT_TRUE(QTest::qWaitFor([&] { return window.findChild<QWidget *>(QStringLiteral("fleetView")) != nullptr; }));
    EXPECT_TRUE(window.findChild<QWidget *>(QStringLiteral("settingsPage")));
}

// A page chosen in the navigation before the others were built is built and shown at once.
TEST(Startup, APageChosenBeforeTheOthersAreBuiltShows)
{
    Desk desk;
    pal::AppServices services(desk.options);
    FakeInteraction interaction;
    pal::MainWindow window(pal::UiContext::from(services, &interaction));
    auto *navigation = window.findChild<QListWidget *>(QStringLiteral("navigation"));
    ASSERT_NE(navigation, nullptr);
    navigation->setCurrentRow(pal::MainWindow::Settings);
    EXPECT_EQ(window.currentPage(), pal::MainWindow::Settings);
    auto *settings = window.findChild<QWidget *>(QStringLiteral("settingsPage"));
    ASSERT_NE(settings, nullptr);
    window.show();
    EXPECT_TRUE(settings->isVisible());
}
