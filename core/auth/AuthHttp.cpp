#include "AuthHttp.h"

#include "Logging.h"

#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QPointer>

namespace pal {

QByteArray encodeForm(const FormFields &fields)
{
    QByteArray out;
    for (const auto &[key, value] : fields) {
        if (!out.isEmpty())
            out += '&';
        out += QUrl::toPercentEncoding(key) + '=' + QUrl::toPercentEncoding(value);
    }
    return out;
}

namespace {

QNetworkRequest makeRequest(const QUrl &url)
{
    QNetworkRequest request(url);
    request.setTransferTimeout(authTransferTimeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("x-client-SKU", "PALDesk");
    return request;
}

QNetworkReply *track(QNetworkReply *reply, const QUrl &url, QObject *context, HttpCallback done)
{
    QObject::connect(reply, &QNetworkReply::finished, context, [reply, url, done = std::move(done)] {
        reply->deleteLater();
        HttpAnswer answer;
        answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        answer.body = reply->readAll();
        answer.networkError = reply->error();
        answer.networkErrorText = reply->errorString();
        answer.aborted = reply->error() == QNetworkReply::OperationCanceledError && answer.status == 0;
        qCDebug(lcAuth) << "HTTP" << answer.status << loggableUrl(url);
        done(answer);
    });
    // If the context dies first: stop the request without calling back into the dying object.
    QPointer<QNetworkReply> guard(reply);
    QObject::connect(context, &QObject::destroyed, reply, [guard, context] {
        if (!guard)
            return;
        QObject::disconnect(guard.data(), nullptr, context, nullptr);
        guard->abort();
        guard->deleteLater();
    });
    return reply;
}

} // namespace

QNetworkReply *postForm(QNetworkAccessManager *network, const QUrl &url, const FormFields &fields, QObject *context,
                        HttpCallback done)
{
    QNetworkRequest request = makeRequest(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    qCDebug(lcAuth) << "POST" << loggableUrl(url);
    return track(network->post(request, encodeForm(fields)), url, context, std::move(done));
}

QNetworkReply *getUrl(QNetworkAccessManager *network, const QUrl &url, QObject *context, HttpCallback done)
{
    qCDebug(lcAuth) << "GET" << loggableUrl(url);
    return track(network->get(makeRequest(url)), url, context, std::move(done));
}

AzureError transportError(const HttpAnswer &answer, const QUrl &url)
{
    if (answer.aborted)
        return AzureError::make(AzureError::Kind::Cancelled, QStringLiteral("The sign-in was cancelled."));
    const bool timeout = answer.networkError == QNetworkReply::TimeoutError ||
                         answer.networkError == QNetworkReply::OperationCanceledError;
    return AzureError::make(timeout ? AzureError::Kind::Timeout : AzureError::Kind::Network,
                            QStringLiteral("Could not reach %1: %2").arg(loggableUrl(url), answer.networkErrorText));
}

} // namespace pal
