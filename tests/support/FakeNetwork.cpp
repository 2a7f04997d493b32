#include "FakeNetwork.h"

#include <QTimer>
#include <cstring>

namespace pal::test {

namespace {

// The error QNetworkAccessManager reports for an HTTP error status (qnetworkreplyhttpimpl.cpp).
QNetworkReply::NetworkError errorForStatus(int status)
{
    switch (status) {
    case 400:
    case 418:
        return QNetworkReply::ProtocolInvalidOperationError;
    case 401:
        return QNetworkReply::AuthenticationRequiredError;
    case 403:
        return QNetworkReply::ContentAccessDenied;
    case 404:
        return QNetworkReply::ContentNotFoundError;
    case 405:
        return QNetworkReply::ContentOperationNotPermittedError;
    case 407:
        return QNetworkReply::ProxyAuthenticationRequiredError;
    case 409:
        return QNetworkReply::ContentConflictError;
    case 410:
        return QNetworkReply::ContentGoneError;
    case 500:
        return QNetworkReply::InternalServerError;
    case 501:
        return QNetworkReply::OperationNotImplementedError;
    case 503:
        return QNetworkReply::ServiceUnavailableError;
    default:
        if (status > 500)
            return QNetworkReply::UnknownServerError;
        return status >= 400 ? QNetworkReply::UnknownContentError : QNetworkReply::NoError;
    }
}

class FakeReply final : public QNetworkReply
{
public:
    FakeReply(QNetworkAccessManager::Operation op, const QByteArray &method, const QNetworkRequest &request,
              const FakeResponse &response, std::shared_ptr<bool> aborted, QObject *parent)
        : QNetworkReply(parent)
        , m_aborted(std::move(aborted))
        , m_data(response.body)
    {
        setRequest(request);
        setUrl(request.url());
        setOperation(op);
        if (op == QNetworkAccessManager::CustomOperation)
            setAttribute(QNetworkRequest::CustomVerbAttribute, method);
        open(QIODevice::ReadOnly | QIODevice::Unbuffered);
        if (response.hang)
            return;
        QTimer::singleShot(0, this, [this, response] { deliver(response); });
    }
    void abort() override
    {
        if (isFinished())
            return;
        *m_aborted = true;
        setAttribute(QNetworkRequest::HttpStatusCodeAttribute, QVariant());
        m_data.clear();
        setError(OperationCanceledError, QStringLiteral("Operation canceled"));
        setFinished(true);
        Q_EMIT errorOccurred(OperationCanceledError);
        Q_EMIT finished();
    }
    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override { return m_data.size() - m_pos + QIODevice::bytesAvailable(); }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        const qint64 n = std::min<qint64>(maxSize, m_data.size() - m_pos);
        if (n <= 0)
            return isFinished() ? -1 : 0;
        std::memcpy(data, m_data.constData() + m_pos, size_t(n));
        m_pos += n;
        return n;
    }

private:
    void deliver(const FakeResponse &response)
    {
        if (isFinished())
            return;
        if (response.status) {
            setAttribute(QNetworkRequest::HttpStatusCodeAttribute, response.status);
            if (!response.contentType.isEmpty())
                setHeader(QNetworkRequest::ContentTypeHeader, response.contentType);
            if (!response.location.isEmpty())
                setRawHeader("Location", response.location);
            for (const auto &[name, value] : response.headers)
                setRawHeader(name, value);
            Q_EMIT metaDataChanged();
        }
        const NetworkError error = response.error != NoError ? response.error : errorForStatus(response.status);
        if (error != NoError)
            setError(error, response.error != NoError ? QStringLiteral("fake transport failure")
                                                      : QStringLiteral("HTTP error %1").arg(response.status));
        Q_EMIT readyRead();
        setFinished(true);
        if (error != NoError)
            Q_EMIT errorOccurred(error);
        Q_EMIT finished();
    }

    std::shared_ptr<bool> m_aborted; // outlives the reply, which the code under test deletes
    QByteArray m_data;
    qint64 m_pos = 0;
};

QByteArray methodOf(QNetworkAccessManager::Operation op, const QNetworkRequest &request)
{
    switch (op) {
    case QNetworkAccessManager::GetOperation:
        return "GET";
    case QNetworkAccessManager::PutOperation:
        return "PUT";
    case QNetworkAccessManager::PostOperation:
        return "POST";
    case QNetworkAccessManager::DeleteOperation:
        return "DELETE";
    case QNetworkAccessManager::HeadOperation:
        return "HEAD";
    default:
        return request.attribute(QNetworkRequest::CustomVerbAttribute).toByteArray();
    }
}

} // namespace

QUrlQuery RecordedRequest::form() const
{
    QUrlQuery q;
    q.setQuery(QString::fromUtf8(body));
    return q;
}

QString RecordedRequest::field(const QString &name) const
{
    return form().queryItemValue(name, QUrl::FullyDecoded);
}

int FakeNetwork::count(const QString &pathSuffix) const
{
    int n = 0;
    for (const RecordedRequest &r : requests)
        if (r.url.path().endsWith(pathSuffix))
            ++n;
    return n;
}

QNetworkReply *FakeNetwork::createRequest(Operation op, const QNetworkRequest &request, QIODevice *outgoingData)
{
    RecordedRequest recorded;
    recorded.method = methodOf(op, request);
    recorded.url = request.url();
    recorded.request = request;
    if (outgoingData)
        recorded.body = outgoingData->readAll();
    requests.append(recorded);
    FakeResponse response{404, {}};
    if (handler)
        response = handler(recorded);
    else if (!script.isEmpty())
        response = script.at(std::min<qsizetype>(requests.size() - 1, script.size() - 1));
    aborted.append(std::make_shared<bool>(false));
    return new FakeReply(op, recorded.method, request, response, aborted.last(), this);
}

} // namespace pal::test
