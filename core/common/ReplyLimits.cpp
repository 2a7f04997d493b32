#include "ReplyLimits.h"

#include "Limits.h"
#include "Logging.h"

#include <QNetworkReply>
#include <QTimer>

namespace pal {

namespace {

const char *const overrunProperty = "palReplyOverrun";

class ReplyLimiter final : public QObject
{
public:
    ReplyLimiter(QNetworkReply *reply, qint64 maxBodyBytes, std::chrono::milliseconds deadline)
        : QObject(reply)
        , m_reply(reply)
        , m_maxBodyBytes(maxBodyBytes)
    {
        connect(reply, &QNetworkReply::metaDataChanged, this, [this] {
            bool known = false;
            const qint64 length = m_reply->header(QNetworkRequest::ContentLengthHeader).toLongLong(&known);
            if (known && length > m_maxBodyBytes)
                overrun(ReplyOverrun::TooLarge);
        });
        connect(reply, &QNetworkReply::downloadProgress, this, [this](qint64 received, qint64) {
            if (received > m_maxBodyBytes)
                overrun(ReplyOverrun::TooLarge);
        });
        if (deadline.count() > 0) {
            m_deadline.setSingleShot(true);
            connect(&m_deadline, &QTimer::timeout, this, [this] { overrun(ReplyOverrun::PastDeadline); });
            m_deadline.start(deadline);
        }
    }

private:
    void overrun(ReplyOverrun why)
    {
        if (m_reply->isFinished() || m_reply->property(overrunProperty).isValid())
            return;
        m_deadline.stop();
        qCInfo(lcHttp).noquote() << loggableUrl(m_reply->url())
                                 << (why == ReplyOverrun::TooLarge ? "answer larger than the bound, aborted"
                                                                   : "past its deadline, aborted");
        m_reply->setProperty(overrunProperty, int(why));
        m_reply->abort();
    }

    QNetworkReply *m_reply;
    qint64 m_maxBodyBytes;
    QTimer m_deadline;
};

} // namespace

void limitReply(QNetworkReply *reply, qint64 maxBodyBytes, std::chrono::milliseconds deadline)
{
    new ReplyLimiter(reply, maxBodyBytes, deadline);
}

ReplyOverrun replyOverrun(const QNetworkReply *reply)
{
    const QVariant value = reply->property(overrunProperty);
    return value.isValid() ? ReplyOverrun(value.toInt()) : ReplyOverrun::None;
}

QString answerTooLargeMessage(const QString &service, qint64 maxBodyBytes)
{
    return QStringLiteral("The answer from %1 was larger than %2, more than PAL Desk accepts from it; it was cut "
                          "off and nothing of it was used. If this repeats, the service (or a proxy before it) is "
                          "misbehaving.")
        .arg(service, limits::megabytes(maxBodyBytes));
}

} // namespace pal
