#include "SandboxBrowser.h"

#include <QDesktopServices>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

SandboxBrowser::SandboxBrowser(QNetworkAccessManager *network, std::function<QUrl()> sandboxBase)
    : m_network(network)
    , m_sandboxBase(std::move(sandboxBase))
{}

void SandboxBrowser::openUrl(const QUrl &url)
{
    const QUrl base = m_sandboxBase ? m_sandboxBase() : QUrl();
    if (base.isEmpty() || url.host() != base.host() || url.port() != base.port()) {
        QDesktopServices::openUrl(url);
        return;
    }
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    QNetworkReply *reply = m_network->get(request);
    QObject::connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
}
