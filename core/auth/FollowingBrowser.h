#pragma once
// FollowingBrowser: a BrowserOpener for clouds that approve a sign-in without a person, such as
// the sandbox cloud with its auto-approve user. It GETs the authorize URL and follows the redirects
// to the loopback listener, as a browser would after the user approved. Never for real Entra ID.

#include "AccountManager.h"

class QNetworkAccessManager;

namespace pal {

class FollowingBrowser final : public BrowserOpener
{
public:
    explicit FollowingBrowser(QNetworkAccessManager *network)
        : m_network(network)
    {}
    void openUrl(const QUrl &url) override;

private:
    QNetworkAccessManager *m_network;
};

} // namespace pal
