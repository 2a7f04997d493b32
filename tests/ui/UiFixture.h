#pragma once
// UiFixture: the sandbox fixture (tests/support) and a whole PAL Desk window wired by the same
// composition root as app/paldesk (pal::AppServices), but with an in-memory secret store, a
// private config folder (the history beside it), no retries, a "browser" that follows the
// sandbox's authorize page, and FakeInteraction. Helpers find widgets by objectName and wait on
// what a user waits for (the one wait helper, Wait.h).

#include "AccountManager.h"
#include "AppConfig.h"
#include "AppServices.h"
#include "FakeInteraction.h"
#include "LinkHistory.h"
#include "MainWindow.h"
#include "SandboxFixture.h"
#include "ScenarioIds.h"
#include "SecretStore.h"
#include "Wait.h"
#include "Workspace.h"

#include <QLabel>
#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QTest>
#include <functional>
#include <gtest/gtest.h>
#include <memory>

namespace scenario = pal::test::scenario; // the default scenario's facts (ScenarioIds.h)

// The short names the widget tests use, for the facts in ScenarioIds.h.
namespace sandboxids {
inline const QString &Home = scenario::ContosoPartner.tenantId;
inline const QString &Fabrikam = scenario::Fabrikam.tenantId;
inline const QString &Northwind = scenario::NorthwindTraders.tenantId;
inline const QString &Adventure = scenario::AdventureWorks.tenantId; // linked to 7654321
inline const QString &Tailspin = scenario::TailspinToys.tenantId;
inline const QString &Woodgrove = scenario::WoodgroveBank.tenantId; // demands MFA
inline const QString &User = scenario::Admin.username;
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

class UiFixture : public pal::test::SandboxFixture
{
protected:
    void SetUp() override;
    void TearDown() override;

    // Clicks "Try the sandbox" and waits until the home directory's link has been read.
    void signInToSandbox();
    // Waits until the current directory is `tenantId` and its link is known.
    bool waitForDirectory(const QString &tenantId, int timeoutMs = 10000);
    bool waitSettled(int timeoutMs = 10000);
    static bool waitFor(const std::function<bool()> &condition, int timeoutMs = 10000)
    {
        return pal::test::waitUntil(condition, timeoutMs);
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
