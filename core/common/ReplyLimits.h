#pragma once
// limitReply: bounds one QNetworkReply in size and time. The body may not pass `maxBodyBytes`: a
// Content-Length above it is refused when the headers arrive, and the bytes received are counted as
// they arrive (a chunked answer has no length). The whole exchange may not pass `deadline`, which,
// unlike Qt's transfer timeout, a server sending one byte at a time does not push back. Past either,
// the reply is aborted at once (finished() follows) and replyOverrun() says which bound it passed.
// The limiter is a child of the reply and ends with it.

#include <QString>
#include <chrono>

class QNetworkReply;

namespace pal {

enum class ReplyOverrun { None, TooLarge, PastDeadline };

// `deadline` <= 0: no deadline.
void limitReply(QNetworkReply *reply, qint64 maxBodyBytes, std::chrono::milliseconds deadline);
ReplyOverrun replyOverrun(const QNetworkReply *reply);

// "The answer from Azure Resource Manager was larger than 32 MB, ..." (`service`: a name or URL).
QString answerTooLargeMessage(const QString &service, qint64 maxBodyBytes);

} // namespace pal
