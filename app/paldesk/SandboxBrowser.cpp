#include "SandboxBrowser.h"

#include <QDesktopServices>

SandboxBrowser::SandboxBrowser(QNetworkAccessManager *network, std::function<QUrl()> sandboxBase)
    : m_follower(network)
    , m_sandboxBase(std::move(sandboxBase))
{}

void SandboxBrowser::openUrl(const QUrl &url)
{
    const QUrl base = m_sandboxBase ? m_sandboxBase() : QUrl();
    if (base.isEmpty() || url.host() != base.host() || url.port() != base.port()) {
        QDesktopServices::openUrl(url);
        return;
    }
    m_follower.openUrl(url);
}
