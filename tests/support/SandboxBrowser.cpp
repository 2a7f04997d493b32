#include "SandboxBrowser.h"

#include "Pkce.h"

#include <QNetworkReply>
#include <QUrlQuery>

namespace pal::test {

void SandboxBrowser::openUrl(const QUrl &url)
{
    ++opens;
    opened = url;
    QUrl first = url;
    if (tamper == Tamper::Challenge) {
        QUrlQuery q(url);
        q.removeAllQueryItems(QStringLiteral("code_challenge"));
        q.addQueryItem(QStringLiteral("code_challenge"), QString::fromLatin1(pal::Pkce::generate().challenge));
        first.setQuery(q);
    }
    follow(first, 0);
}

void SandboxBrowser::follow(const QUrl &url, int hops)
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply *reply = m_network.get(request);
    QObject::connect(reply, &QNetworkReply::finished, &m_network, [this, reply, url, hops] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->readAll();
        if (status >= 300 && status < 400 && hops < 10) {
            QUrl next = url.resolved(QUrl::fromEncoded(reply->rawHeader("Location")));
            QUrlQuery q(next);
            if (q.hasQueryItem(QStringLiteral("code")))
                codesSeen.append(q.queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded).toUtf8());
            if (tamper == Tamper::State && q.hasQueryItem(QStringLiteral("state"))) {
                q.removeAllQueryItems(QStringLiteral("state"));
                q.addQueryItem(QStringLiteral("state"), QStringLiteral("forged-state"));
                next.setQuery(q);
            }
            if (strays && strayStatuses.isEmpty() && next.host() == QLatin1String("localhost")) {
                QUrl favicon = next.resolved(QUrl(QStringLiteral("/favicon.ico")));
                QUrl noState = next;
                QUrlQuery without(next);
                without.removeAllQueryItems(QStringLiteral("state"));
                noState.setQuery(without);
                return sendStrays({favicon, noState}, next, hops + 1);
            }
            return follow(next, hops + 1);
        }
        page = body;
    });
}

void SandboxBrowser::sendStrays(QList<QUrl> pending, const QUrl &then, int hops)
{
    if (pending.isEmpty())
        return follow(then, hops);
    QNetworkReply *reply = m_network.get(QNetworkRequest(pending.takeFirst()));
    QObject::connect(reply, &QNetworkReply::finished, &m_network, [this, reply, pending, then, hops] {
        reply->deleteLater();
        strayStatuses.append(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt());
        sendStrays(pending, then, hops);
    });
}

} // namespace pal::test
