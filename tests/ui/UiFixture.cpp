#include "UiFixture.h"

#include "InlineMessage.h"
#include "SignInPage.h"

#include <QNetworkReply>
#include <QPushButton>

void FollowingBrowser::openUrl(const QUrl &url)
{
    ++opened;
    last = url;
    if (!follow)
        return;
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    QNetworkReply *reply = m_network->get(request);
    QObject::connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
}

void UiFixture::SetUp()
{
    ASSERT_TRUE(configDir.isValid());
    SandboxFixture::SetUp();
    if (HasFatalFailure())
        return;
    pal::AppServices::Options options;
    options.appName = QStringLiteral("paldesk");
    options.configDirectory = configDir.path();
    options.secretStore = &secrets;
    options.watchConfiguration = true; // as paldesk: palctl's changes reach the window
    options.retry = pal::RetryPolicy::none();
    options.retry.requestTimeout = std::chrono::milliseconds(5000);
    palsandbox::SandboxServer *server = sandbox.get();
    options.startSandbox = [server]() -> pal::Expected<QByteArray> { return server->cloudJson(); };
    services = std::make_unique<pal::AppServices>(options);
    browser = std::make_unique<FollowingBrowser>(services->network());
    services->setBrowser(browser.get());
    // What a test set before SetUp (a fake tray, a fake clock) is kept.
    pal::DesktopNotifier *const notifier = ui.notifier;
    const pal::Clock *const clock = ui.clock;
    ui = pal::UiContext::from(*services, &interaction);
    ui.notifier = notifier;
    ui.clock = clock;
    ASSERT_FALSE(services->configError());
    ASSERT_FALSE(services->accountsError());
    config = ui.config;
    accounts = ui.accounts;
    workspace = ui.workspace;
    history = ui.history;
    window = std::make_unique<pal::MainWindow>(ui);
    window->resize(1180, 760);
    window->show();
    window->activateWindow();
    EXPECT_TRUE(QTest::qWaitForWindowActive(window.get()));
}

void UiFixture::TearDown()
{
    window.reset();
    // The root closes the network's idle keep-alive connections, which would hold the sandbox's stop().
    services.reset();
    SandboxFixture::TearDown();
}

bool UiFixture::waitSettled(int timeoutMs)
{
    return waitFor(
        [this] {
            const pal::LinkState s = workspace->currentLinkState();
            return workspace->switchingTo().isEmpty() && !workspace->currentDirectoryId().isEmpty() && !s.isPending() &&
                   !workspace->isBusy();
        },
        timeoutMs);
}

bool UiFixture::waitForDirectory(const QString &tenantId, int timeoutMs)
{
    return waitFor([this, tenantId] { return workspace->currentDirectoryId() == tenantId; }, timeoutMs) &&
           waitSettled(timeoutMs);
}

void UiFixture::signInToSandbox()
{
    QPushButton *trySandbox = find<QPushButton>("trySandbox");
    ASSERT_NE(trySandbox, nullptr);
    ASSERT_TRUE(trySandbox->isVisible());
    QTest::mouseClick(trySandbox, Qt::LeftButton);
    ASSERT_TRUE(waitFor([this] { return workspace->hasAccount(); }, 15000))
        << "sign-in message: " << qPrintable(messageText("signInMessage"));
    ASSERT_TRUE(waitForDirectory(scenario::ContosoPartner.tenantId, 15000));
}

QString UiFixture::messageText(const char *name) const
{
    auto *message = window->findChild<pal::InlineMessage *>(QLatin1String(name));
    return message ? message->text() : QString();
}
