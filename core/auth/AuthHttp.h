#pragma once
// AuthHttp: the few HTTP exchanges sign-in makes with Entra ID (discovery GET, form POSTs to the
// token and devicecode endpoints), over the injected QNetworkAccessManager. Logs name the URL
// without its query and never a body. The caller gets the status and body once, on `context`.
//
// Hardening: no redirect is ever followed (a code, verifier, refresh token or client secret is
// never re-sent to another URL; a 3xx is an error naming where it pointed), and every request has
// a deadline for the whole exchange (not Qt's transfer timeout, which a server trickling bytes
// keeps alive), after which it is aborted and reported as Kind::Timeout, whatever status line came
// before. An answer larger than limits::MaxSignInAnswerBytes is cut off the same way (BadResponse).

#include "AzureError.h"

#include <QByteArray>
#include <QList>
#include <QNetworkReply>
#include <QPair>
#include <QString>
#include <QUrl>
#include <chrono>
#include <functional>

class QNetworkAccessManager;

namespace pal {

struct HttpAnswer
{
    int status = 0; // 0: no HTTP answer
    QByteArray body;
    QNetworkReply::NetworkError networkError = QNetworkReply::NoError;
    QString networkErrorText;
    bool aborted = false;  // the request was cancelled by us
    bool timedOut = false; // the deadline passed (status is then 0)
    bool tooLarge = false; // the body passed limits::MaxSignInAnswerBytes (status is then 0)
    QUrl redirectedTo;     // the server answered 3xx (status is then 0): not followed
};

using FormFields = QList<QPair<QString, QString>>;
using HttpCallback = std::function<void(const HttpAnswer &)>;

// application/x-www-form-urlencoded with every reserved character percent-encoded ('+' included).
QByteArray encodeForm(const FormFields &fields);

// The whole exchange must end within this (Entra answers in well under a second).
constexpr std::chrono::milliseconds authRequestTimeout{30'000};
constexpr int authTransferTimeoutMs = int(authRequestTimeout.count());

// The reply is owned by Qt and deleted after completion; keep a QPointer to abort() it.
QNetworkReply *postForm(QNetworkAccessManager *network, const QUrl &url, const FormFields &fields, QObject *context,
                        HttpCallback done, std::chrono::milliseconds timeout = authRequestTimeout);
QNetworkReply *getUrl(QNetworkAccessManager *network, const QUrl &url, QObject *context, HttpCallback done,
                      std::chrono::milliseconds timeout = authRequestTimeout);

// A transport failure (no HTTP answer: network, deadline, a refused redirect) as an AzureError.
AzureError transportError(const HttpAnswer &answer, const QUrl &url);

} // namespace pal
