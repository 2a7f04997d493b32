#pragma once
// AuthHttp: the few HTTP exchanges sign-in makes with Entra ID (discovery GET, form POSTs to the
// token and devicecode endpoints), over the injected QNetworkAccessManager. Logs name the URL
// without its query and never a body. The caller gets the status and body once, on `context`.

#include "AzureError.h"

#include <QByteArray>
#include <QList>
#include <QNetworkReply>
#include <QPair>
#include <QString>
#include <QUrl>
#include <functional>

class QNetworkAccessManager;

namespace pal {

struct HttpAnswer
{
    int status = 0; // 0: no HTTP answer
    QByteArray body;
    QNetworkReply::NetworkError networkError = QNetworkReply::NoError;
    QString networkErrorText;
    bool aborted = false; // the request was cancelled by us
};

using FormFields = QList<QPair<QString, QString>>;
using HttpCallback = std::function<void(const HttpAnswer &)>;

// application/x-www-form-urlencoded with every reserved character percent-encoded ('+' included).
QByteArray encodeForm(const FormFields &fields);

// The reply is owned by Qt and deleted after completion; keep a QPointer to abort() it.
QNetworkReply *postForm(QNetworkAccessManager *network, const QUrl &url, const FormFields &fields, QObject *context,
                        HttpCallback done);
QNetworkReply *getUrl(QNetworkAccessManager *network, const QUrl &url, QObject *context, HttpCallback done);

// A transport failure (no HTTP answer) as an AzureError.
AzureError transportError(const HttpAnswer &answer, const QUrl &url);

constexpr int authTransferTimeoutMs = 30'000;

} // namespace pal
