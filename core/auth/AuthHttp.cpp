#include "AuthHttp.h"

#include "Limits.h"
#include "Logging.h"
#include "ReplyLimits.h"

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
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("x-client-SKU", "PALDesk");
    return request;
}

QNetworkReply *track(QNetworkReply *reply, const QUrl &url, QObject *context, HttpCallback done,
                     std::chrono::milliseconds timeout)
{
    limitReply(reply, limits::MaxSignInAnswerBytes, timeout);
    QObject::connect(reply, &QNetworkReply::finished, context, [reply, url, done = std::move(done)] {
        reply->deleteLater();
        HttpAnswer answer;
        // Cut off at a bound: whatever status line came first, there is no answer to read (status 0).
        const ReplyOverrun overrun = replyOverrun(reply);
        answer.timedOut = overrun == ReplyOverrun::PastDeadline;
        answer.tooLarge = overrun == ReplyOverrun::TooLarge;
        if (overrun == ReplyOverrun::None) {
            answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            answer.body = reply->readAll();
        }
        answer.networkError = reply->error();
        answer.networkErrorText = reply->errorString();
        answer.aborted = overrun == ReplyOverrun::None && reply->error() == QNetworkReply::OperationCanceledError &&
                         answer.status == 0;
        if (answer.status >= 300 && answer.status < 400) {
            // ManualRedirectPolicy hands the 3xx to us; it is refused, never followed.
            answer.redirectedTo = url.resolved(QUrl::fromEncoded(reply->rawHeader("Location")));
            answer.status = 0;
            answer.body.clear();
        }
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
                        HttpCallback done, std::chrono::milliseconds timeout)
{
    QNetworkRequest request = makeRequest(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    qCDebug(lcAuth) << "POST" << loggableUrl(url);
    return track(network->post(request, encodeForm(fields)), url, context, std::move(done), timeout);
}

QNetworkReply *getUrl(QNetworkAccessManager *network, const QUrl &url, QObject *context, HttpCallback done,
                      std::chrono::milliseconds timeout)
{
    qCDebug(lcAuth) << "GET" << loggableUrl(url);
    return track(network->get(makeRequest(url)), url, context, std::move(done), timeout);
}

AzureError transportError(const HttpAnswer &answer, const QUrl &url)
{
    if (!answer.redirectedTo.isEmpty())
        return AzureError::make(
            AzureError::Kind::BadResponse,
            QStringLiteral("%1 answered with a redirect to %2. Sign-in requests are never sent on to another address, "
                           "so nothing more was sent; check the cloud's login endpoint.")
                .arg(loggableUrl(url), loggableUrl(answer.redirectedTo)),
            QStringLiteral("redirect_refused"));
    if (answer.tooLarge)
        return AzureError::make(AzureError::Kind::BadResponse,
                                answerTooLargeMessage(loggableUrl(url), limits::MaxSignInAnswerBytes) +
                                    QStringLiteral(" Check the cloud's login endpoint."),
                                QStringLiteral("answer_too_large"));
    if (answer.timedOut)
        return AzureError::make(AzureError::Kind::Timeout,
                                QStringLiteral("%1 did not answer in time. Check the network connection (and any "
                                               "proxy), then try again.")
                                    .arg(loggableUrl(url)));
    if (answer.aborted)
        return AzureError::make(AzureError::Kind::Cancelled, QStringLiteral("The sign-in was cancelled."));
    const bool timeout = answer.networkError == QNetworkReply::TimeoutError;
    return AzureError::make(timeout ? AzureError::Kind::Timeout : AzureError::Kind::Network,
                            QStringLiteral("Could not reach %1: %2").arg(loggableUrl(url), answer.networkErrorText));
}

} // namespace pal
