#pragma once
// SandboxBrowser: a headless "browser" for integration tests. It GETs the authorize URL with a
// QNetworkAccessManager and follows redirects by hand until the loopback listener answers, so
// a test can tamper with what a real browser would carry (the PKCE challenge, the state).

#include "AccountManager.h"

#include <QNetworkAccessManager>
#include <QUrl>

namespace pal::test {

class SandboxBrowser final : public pal::BrowserOpener
{
public:
    enum class Tamper { None, Challenge, State };
    Tamper tamper = Tamper::None;
    // Before it follows the redirect to the loopback listener, request what a real browser or
    // another program may: /favicon.ico and the redirect without its state.
    bool strays = false;
    QList<int> strayStatuses;
    QUrl opened;                 // the authorize URL as PAL Desk built it
    QByteArray page;             // what the loopback listener showed
    QList<QByteArray> codesSeen; // authorization codes that passed through (for secret scans)
    int opens = 0;

    void openUrl(const QUrl &url) override;
    void closeConnections() { m_network.clearConnectionCache(); }

private:
    void follow(const QUrl &url, int hops);
    void sendStrays(QList<QUrl> pending, const QUrl &then, int hops);
    QNetworkAccessManager m_network;
};

} // namespace pal::test
