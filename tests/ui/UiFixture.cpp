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
    network = std::make_unique<QNetworkAccessManager>();
    config = std::make_unique<pal::AppConfig>(configDir.path());
    browser = std::make_unique<FollowingBrowser>(network.get());
    accounts = std::make_unique<pal::AccountManager>(network.get(), &secrets, configDir.path(), browser.get());
    ASSERT_TRUE(accounts->restore().hasValue());
    pal::RetryPolicy noRetries = pal::RetryPolicy::none();
    noRetries.requestTimeout = std::chrono::milliseconds(5000);
    workspace = std::make_unique<pal::Workspace>(accounts.get(), config.get(), network.get(), noRetries);

    ui.accounts = accounts.get();
    ui.config = config.get();
    ui.workspace = workspace.get();
    ui.network = network.get();
    ui.interaction = &interaction;
    palsandbox::SandboxServer *server = sandbox.get();
    ui.startSandbox = [server]() -> pal::Expected<QByteArray> { return server->cloudJson(); };
    window = std::make_unique<pal::MainWindow>(ui);
    window->resize(1180, 760);
    window->show();
    window->activateWindow();
    EXPECT_TRUE(QTest::qWaitForWindowActive(window.get()));
}

void UiFixture::TearDown()
{
    window.reset();
    workspace.reset();
    accounts.reset();
    // Idle keep-alive connections would hold the sandbox's stop() until they time out.
    if (network)
        network->clearConnectionCache();
    network.reset();
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
