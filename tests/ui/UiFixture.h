#pragma once
// UiFixture: a whole PAL Desk window wired by the same composition root as app/paldesk
// (pal::AppServices), but with an in-memory secret store, a private config folder (the history
// beside it), no retries, a "browser" that follows the sandbox's authorize page, and
// FakeInteraction. Helpers find widgets by objectName and wait on what a user waits for.

#include "AccountManager.h"
#include "AppConfig.h"
#include "AppServices.h"
#include "FakeInteraction.h"
#include "LinkHistory.h"
#include "MainWindow.h"
#include "SandboxServer.h"
#include "SecretStore.h"
#include "Workspace.h"

#include <QLabel>
#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QTest>
#include <functional>
#include <gtest/gtest.h>
#include <memory>

namespace sandboxids {
inline const QString Home = QStringLiteral("7d3c1b2a-0f4e-4c6d-9a8b-1e2f3a4b5c6d");      // Contoso Partner
inline const QString Fabrikam = QStringLiteral("2f6e8a10-3b7c-4d21-9e55-6a1c0b9d4e01");  // Fabrikam
inline const QString Northwind = QStringLiteral("3a9d2c44-7e1f-4b08-a6c3-5d2e8f7b9c02"); // Northwind Traders
inline const QString Adventure = QStringLiteral("4b1e7f58-2c6a-4e93-b7d4-8c3f1a6e0d03"); // linked to 7654321
inline const QString Tailspin = QStringLiteral("5c4a9e62-8d3b-4f17-8a25-9e4d2b7f1c04");  // Tailspin Toys
inline const QString Woodgrove = QStringLiteral("6d7b1f73-9e4c-4a28-b936-0f5e3c8a2d05"); // demands MFA
inline const QString User = QStringLiteral("admin@contoso-partner.example");
} // namespace sandboxids

// Follows the sandbox's authorize URL like a browser would (the scenario auto-approves the user).
class FollowingBrowser final : public pal::BrowserOpener
{
public:
    explicit FollowingBrowser(QNetworkAccessManager *network)
        : m_network(network)
    {}
    void openUrl(const QUrl &url) override;
    int opened = 0;
    QUrl last;          // the authorize URL last opened
    bool follow = true; // false: a browser that never comes back

private:
    QNetworkAccessManager *m_network;
};

class UiFixture : public ::testing::Test
{
protected:
    void SetUp() override;
    void TearDown() override;
    // The sandbox's world; a fixture may change the default scenario.
    virtual QByteArray scenario() const { return palsandbox::SandboxServer::defaultScenario(); }

    // Clicks "Try the sandbox" and waits until the home directory's link has been read.
    void signInToSandbox();
    // Waits until the current directory is `tenantId` and its link is known.
    bool waitForDirectory(const QString &tenantId, int timeoutMs = 10000);
    bool waitSettled(int timeoutMs = 10000);
    static bool waitFor(const std::function<bool()> &condition, int timeoutMs = 10000)
    {
        return QTest::qWaitFor(condition, timeoutMs);
    }

    template <typename T> T *find(const char *name) const
    {
        T *widget = window->findChild<T *>(QLatin1String(name));
        EXPECT_NE(widget, nullptr) << "no widget named " << name;
        return widget;
    }
    QString labelText(const char *name) const
    {
        QLabel *l = find<QLabel>(name);
        return l ? l->text() : QString();
    }
    QString messageText(const char *name) const; // an InlineMessage's sentence ("" when hidden)

    QTemporaryDir configDir;
    std::unique_ptr<palsandbox::SandboxServer> sandbox;
    pal::MemorySecretStore secrets;
    std::unique_ptr<pal::AppServices> services;
    std::unique_ptr<FollowingBrowser> browser;
    // The root's, for the tests to look at and act through.
    pal::AppConfig *config = nullptr;
    pal::AccountManager *accounts = nullptr;
    pal::Workspace *workspace = nullptr;
    pal::LinkHistory *history = nullptr;
    FakeInteraction interaction;
    pal::UiContext ui;
    std::unique_ptr<pal::MainWindow> window;
};
