#pragma once
// SandboxBrowser: the BrowserOpener paldesk gives AccountManager. Sign-in pages of the in-process
// sandbox cloud are followed with QNetworkAccessManager (redirects on), the way a browser would
// after the sandbox auto-approves the scenario's user, so the sandbox needs no real browser; every
// other address opens in the system browser through QDesktopServices.

#include "AccountManager.h"
#include "FollowingBrowser.h"

#include <QUrl>
#include <functional>

class QNetworkAccessManager;

class SandboxBrowser final : public pal::BrowserOpener
{
public:
    // `sandboxBase` answers the running sandbox's base URL, or an empty URL when none runs.
    SandboxBrowser(QNetworkAccessManager *network, std::function<QUrl()> sandboxBase);
    void openUrl(const QUrl &url) override;

private:
    pal::FollowingBrowser m_follower;
    std::function<QUrl()> m_sandboxBase;
};
