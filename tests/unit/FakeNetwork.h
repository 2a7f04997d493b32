#pragma once
// A QNetworkAccessManager that answers from a script instead of the network, for unit tests of
// the pipeline's request shaping, retries and error mapping without sockets. HTTP behaviour on a
// real wire (timeouts, drops) is covered by the integration tests against the sandbox.

#include <QBuffer>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <functional>
#include <memory>

namespace paltest {

struct FakeAnswer
{
    int status = 200;
    QByteArray body;
    QByteArray contentType = "application/json; charset=utf-8";
    QList<QPair<QByteArray, QByteArray>> headers;
    QNetworkReply::NetworkError error = QNetworkReply::NoError; // with status 0: a transport failure
    bool hang = false;                                          // never answers (until aborted)
};

struct SentRequest
{
    QByteArray verb;
    QUrl url;
    QNetworkRequest request;
};

class FakeReply final : public QNetworkReply
{
    Q_OBJECT
public:
    FakeReply(const QNetworkRequest &request, const QByteArray &verb, const FakeAnswer &answer,
              std::shared_ptr<bool> aborted, QObject *parent)
        : QNetworkReply(parent)
        , m_aborted(std::move(aborted))
        , m_data(answer.body)
    {
        setRequest(request);
        setUrl(request.url());
        setOperation(QNetworkAccessManager::CustomOperation);
        setAttribute(QNetworkRequest::CustomVerbAttribute, verb);
        open(QIODevice::ReadOnly);
        if (answer.hang)
            return;
        QTimer::singleShot(0, this, [this, answer] {
            if (answer.status) {
                setAttribute(QNetworkRequest::HttpStatusCodeAttribute, answer.status);
                if (!answer.contentType.isEmpty())
                    setHeader(QNetworkRequest::ContentTypeHeader, answer.contentType);
                for (const auto &[name, value] : answer.headers)
                    setRawHeader(name, value);
                Q_EMIT metaDataChanged();
            }
            if (answer.error != QNetworkReply::NoError) {
                setError(answer.error, QStringLiteral("fake transport failure"));
                Q_EMIT errorOccurred(answer.error);
            }
            Q_EMIT readyRead();
            setFinished(true);
            Q_EMIT finished();
        });
    }
    void abort() override
    {
        if (isFinished())
            return;
        *m_aborted = true;
        setError(OperationCanceledError, QStringLiteral("aborted"));
        setFinished(true);
        Q_EMIT errorOccurred(OperationCanceledError);
        Q_EMIT finished();
    }
    qint64 bytesAvailable() const override { return m_data.size() - m_pos + QIODevice::bytesAvailable(); }
    bool isSequential() const override { return true; }
    std::shared_ptr<bool> m_aborted; // outlives the reply, which the pipeline deletes

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        const qint64 n = qMin(maxSize, qint64(m_data.size()) - m_pos);
        if (n <= 0)
            return -1;
        memcpy(data, m_data.constData() + m_pos, size_t(n));
        m_pos += n;
        return n;
    }

private:
    QByteArray m_data;
    qint64 m_pos = 0;
};

class FakeNetwork final : public QNetworkAccessManager
{
    Q_OBJECT
public:
    // Answers in order; the last answer repeats when the script runs out.
    QList<FakeAnswer> script;
    // When set, answers instead of the script.
    std::function<FakeAnswer(const SentRequest &)> responder;
    QList<SentRequest> sent;
    QList<std::shared_ptr<bool>> aborted; // one per reply created, in order

protected:
    QNetworkReply *createRequest(Operation op, const QNetworkRequest &request, QIODevice *) override
    {
        QByteArray verb;
        switch (op) {
        case GetOperation:
            verb = "GET";
            break;
        case PutOperation:
            verb = "PUT";
            break;
        case PostOperation:
            verb = "POST";
            break;
        case DeleteOperation:
            verb = "DELETE";
            break;
        case HeadOperation:
            verb = "HEAD";
            break;
        default:
            verb = request.attribute(QNetworkRequest::CustomVerbAttribute).toByteArray();
        }
        sent.append({verb, request.url(), request});
        const qsizetype index = qMin(sent.size() - 1, script.size() - 1);
        const FakeAnswer answer = responder ? responder(sent.last()) : index >= 0 ? script.at(index) : FakeAnswer{};
        aborted.append(std::make_shared<bool>(false));
        return new FakeReply(request, verb, answer, aborted.last(), this);
    }
};

} // namespace paltest
