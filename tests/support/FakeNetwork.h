#pragma once
// FakeNetwork: a QNetworkAccessManager that answers from the test instead of the network, for unit
// tests of the ARM pipeline (request shaping, retries, error mapping) and of the sign-in flows
// (FakeEntra.h adds Entra's answers) without sockets. Every request is recorded, with its body.
// A reply behaves like Qt's HTTP replies: status, headers and Location on metaDataChanged, the
// NetworkError Qt maps an HTTP error status to, abort() as OperationCanceledError. HTTP behaviour on
// a real wire (timeouts, drops) is covered by the integration tests against the sandbox.

#include <QByteArray>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPair>
#include <QUrl>
#include <QUrlQuery>
#include <functional>
#include <memory>

namespace pal::test {

struct FakeResponse
{
    int status = 200; // 0 with `error`: a transport failure, no HTTP answer at all
    QByteArray body;
    QByteArray location; // a Location header (for 3xx answers)
    bool hang = false;   // never answers (until aborted), like a server that went quiet
    QByteArray contentType = "application/json; charset=utf-8"; // empty: no Content-Type
    QList<QPair<QByteArray, QByteArray>> headers;
    QNetworkReply::NetworkError error = QNetworkReply::NoError; // a transport error to report
};

struct RecordedRequest
{
    QByteArray method; // GET, PUT, PATCH, ...
    QUrl url;
    QByteArray body;
    QNetworkRequest request;                  // as sent: headers and attributes (redirect policy) included
    QUrlQuery form() const;                   // the body as form fields
    QString field(const QString &name) const; // one form field, percent-decoded
};

class FakeNetwork final : public QNetworkAccessManager
{
public:
    using Handler = std::function<FakeResponse(const RecordedRequest &)>;
    explicit FakeNetwork(QObject *parent = nullptr)
        : QNetworkAccessManager(parent)
    {}

    // When set, answers every request. Otherwise the script answers in order, its last answer
    // repeating when it runs out; with neither, every request gets a 404.
    Handler handler;
    QList<FakeResponse> script;

    QList<RecordedRequest> requests;      // every request, in order
    QList<std::shared_ptr<bool>> aborted; // one per reply, in order: true once the reply was aborted
    // How many requests went to a path ending in `pathSuffix`.
    int count(const QString &pathSuffix) const;

protected:
    QNetworkReply *createRequest(Operation op, const QNetworkRequest &request, QIODevice *outgoingData) override;
};

} // namespace pal::test
