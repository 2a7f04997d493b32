// The Entra ID v2.0 half of the sandbox (work in progress).
#include "SandboxPrivate.h"

#include <QJsonArray>
#include <QUuid>

namespace palsandbox {

QString currentCorrelationId();

Reply SandboxServer::Private::entraError(int status, const QString &error, int code, const QString &description,
                                         const QString &suberror) const
{
    const QString traceId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString correlationId = currentCorrelationId();
    const QString stamp =
        QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) + QStringLiteral("Z");
    QJsonObject body{{QStringLiteral("error"), error},
                     {QStringLiteral("error_description"),
                      QStringLiteral("AADSTS%1: %2\r\nTrace ID: %3\r\nCorrelation ID: %4\r\nTimestamp: %5")
                          .arg(code)
                          .arg(description, traceId, correlationId, stamp)},
                     {QStringLiteral("error_codes"), QJsonArray{code}},
                     {QStringLiteral("timestamp"), stamp},
                     {QStringLiteral("trace_id"), traceId},
                     {QStringLiteral("correlation_id"), correlationId},
                     {QStringLiteral("error_uri"), QString(base + QStringLiteral("/error?code=%1").arg(code))}};
    if (!suberror.isEmpty())
        body.insert(QStringLiteral("suberror"), suberror);
    Reply reply = Reply::json(status, body);
    reply.headers.emplace_back("x-ms-request-id", traceId.toStdString());
    return reply;
}

Reply SandboxServer::Private::entra(const httplib::Request &, const QString &, const QString &)
{
    return Reply::empty(0);
}

Reply SandboxServer::Private::deviceLogin(const httplib::Request &)
{
    return Reply::html(404, QStringLiteral("<html><body>Not yet</body></html>"));
}

} // namespace palsandbox
