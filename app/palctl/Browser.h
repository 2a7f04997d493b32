#pragma once
// The two ways palctl opens a sign-in page. SystemBrowser always prints the URL on stderr, then
// starts $BROWSER (a command; "%s" is replaced by the URL, else the URL is appended) or the
// system's opener (xdg-open). FollowingBrowser is for --sandbox: the sandbox approves the sign-in
// at once, so palctl follows the authorize URL itself with HTTP, redirects and all.

#include "AccountManager.h"

#include <QTextStream>

class QNetworkAccessManager;

namespace palctl {

class SystemBrowser final : public pal::BrowserOpener
{
public:
    explicit SystemBrowser(QTextStream *err)
        : m_err(err)
    {}
    void openUrl(const QUrl &url) override;

private:
    QTextStream *m_err;
};

class FollowingBrowser final : public pal::BrowserOpener
{
public:
    explicit FollowingBrowser(QNetworkAccessManager *network)
        : m_network(network)
    {}
    void openUrl(const QUrl &url) override;

private:
    QNetworkAccessManager *m_network;
};

} // namespace palctl
