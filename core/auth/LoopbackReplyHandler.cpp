#include "LoopbackReplyHandler.h"

#include "Limits.h"
#include "Logging.h"

#include <QAbstractHttpServer>
#include <QHostAddress>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QNetworkReply>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>
#include <functional>
#include <memory>

namespace pal {

namespace {

// How long an answered browser connection may take to receive its page before it is dropped.
constexpr int pageFlushMs = 10'000;
// Tries for a port free on both 127.0.0.1 and [::1].
constexpr int portAttempts = 8;

QByteArray page(const QString &title, const QString &text)
{
    // Self-contained: no scripts, images or links, so the page loads nothing and sends no Referer
    // carrying the code anywhere.
    return QStringLiteral("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>%1</title></head>\n"
                          "<body style=\"font-family:sans-serif;max-width:36em;margin:3em auto\">\n"
                          "<h1>%1</h1>\n<p>%2</p>\n</body></html>\n")
        .arg(title.toHtmlEscaped(), text.toHtmlEscaped())
        .toUtf8();
}

// A listening socket that counts what each connection sends before QAbstractHttpServer reads it
// (its readyRead slot is connected first), and drops a connection that sends more than a browser's
// redirect ever does: QtHttpServer would otherwise keep a request body of any size in memory.
class BoundedTcpServer final : public QTcpServer
{
public:
    using QTcpServer::QTcpServer;

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *socket = new QTcpSocket(this);
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            return;
        }
        auto received = std::make_shared<qint64>(0);
        connect(socket, &QTcpSocket::readyRead, socket, [socket, received] {
            *received += socket->bytesAvailable(); // the server reads all of it in its own slot
            if (*received > limits::MaxLoopbackRequestBytes) {
                qCWarning(lcAuth) << "loopback listener: a connection sent more than" << limits::MaxLoopbackRequestBytes
                                  << "bytes; dropped";
                socket->abort();
            }
        });
        addPendingConnection(socket);
    }
};

} // namespace

class LoopbackReplyHandler::Server final : public QAbstractHttpServer
{
public:
    std::function<void(const QHttpServerRequest &, QTcpSocket *, QHttpServerResponder &)> onRequest;

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        QHttpServerResponder responder = makeResponder(request, socket);
        onRequest(request, socket, responder);
        return true; // every request is answered, strays with a 404
    }
    void missingHandler(const QHttpServerRequest &, QTcpSocket *) override {}
};

LoopbackReplyHandler::LoopbackReplyHandler(QObject *parent)
    : QAbstractOAuthReplyHandler(parent)
    , m_server(std::make_unique<Server>())
{
    m_server->onRequest = [this](const QHttpServerRequest &request, QTcpSocket *socket,
                                 QHttpServerResponder &responder) {
        const QUrlQuery query = request.query();
        const QString state = query.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded);
        const bool ours = !m_answered && request.method() == QHttpServerRequest::Method::Get &&
                          request.url().path() == QLatin1String("/") && !m_expectedState.isEmpty() &&
                          state == m_expectedState;
        if (!ours) {
            // Never the query: it may hold a code meant for another sign-in.
            qCInfo(lcAuth) << "loopback listener: answered a stray request with 404:" << request.url().path();
            responder.write(page(QStringLiteral("Not found"), QStringLiteral("This address is PAL Desk's sign-in "
                                                                             "listener; there is nothing else here.")),
                            {{"Content-Type", "text/html; charset=utf-8"}, {"Cache-Control", "no-store"}},
                            QHttpServerResponder::StatusCode::NotFound);
            return;
        }
        m_answered = true;
        QVariantMap values;
        const auto items = query.queryItems(QUrl::FullyDecoded);
        for (const auto &[key, value] : items)
            if (!values.contains(key))
                values.insert(key, value);
        const QString error = values.value(QStringLiteral("error")).toString();
        QByteArray body;
        if (!error.isEmpty()) {
            const QString description = values.value(QStringLiteral("error_description")).toString();
            body =
                page(QStringLiteral("Sign-in did not finish"),
                     failedPageText(description.isEmpty() ? error : QStringLiteral("%1: %2").arg(error, description)));
        } else if (values.value(QStringLiteral("code")).toString().isEmpty()) {
            body = page(QStringLiteral("Sign-in did not finish"),
                        failedPageText(QStringLiteral("the answer carried no authorization code.")));
        } else {
            body = page(QStringLiteral("Sign-in finished"), finishedPageText());
        }
        responder.write(
            body,
            {{"Content-Type", "text/html; charset=utf-8"}, {"Cache-Control", "no-store"}, {"Connection", "close"}},
            QHttpServerResponder::StatusCode::Ok);
        // The socket outlives the listeners (closed below) until the page is out, then goes.
        socket->setParent(nullptr);
        QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        QTimer::singleShot(pageFlushMs, socket, [socket] {
            socket->abort();
            socket->deleteLater();
        });
        socket->disconnectFromHost();
        close();
        qCInfo(lcAuth) << "loopback listener: the sign-in's answer arrived; listener closed";
        Q_EMIT redirectReceived(values);
    };
}

LoopbackReplyHandler::~LoopbackReplyHandler() = default;

bool LoopbackReplyHandler::listen(QString *why)
{
    for (int attempt = 0; attempt < portAttempts; ++attempt) {
        auto v4 = new BoundedTcpServer(m_server.get());
        if (!v4->listen(QHostAddress(QHostAddress::LocalHost), 0)) {
            if (why)
                *why = v4->errorString();
            delete v4;
            return false;
        }
        const quint16 port = v4->serverPort();
        auto v6 = new BoundedTcpServer(m_server.get());
        const bool ipv6 = v6->listen(QHostAddress(QHostAddress::LocalHostIPv6), port);
        if (!ipv6 && v6->serverError() == QAbstractSocket::AddressInUseError) {
            // Someone else has [::1] on this port: a browser choosing ::1 would reach them. Another port.
            delete v6;
            delete v4;
            continue;
        }
        m_server->bind(v4);
        if (ipv6)
            m_server->bind(v6);
        else
            delete v6; // no IPv6 loopback on this machine: browsers resolve localhost to 127.0.0.1 then
        m_port = port;
        m_ipv6 = ipv6;
        qCInfo(lcAuth) << "loopback listener on port" << port << (ipv6 ? "(127.0.0.1 and ::1)" : "(127.0.0.1)");
        return true;
    }
    if (why)
        *why = QStringLiteral("no port was free on both 127.0.0.1 and ::1");
    return false;
}

bool LoopbackReplyHandler::isListening() const
{
    const auto servers = m_server->servers();
    return std::any_of(servers.begin(), servers.end(), [](const QTcpServer *s) { return s->isListening(); });
}

bool LoopbackReplyHandler::listensOnIpv6() const
{
    return m_ipv6 && isListening();
}

quint16 LoopbackReplyHandler::port() const
{
    return m_port;
}

void LoopbackReplyHandler::close()
{
    for (QTcpServer *server : m_server->servers())
        server->close();
}

void LoopbackReplyHandler::setExpectedState(const QString &state)
{
    m_expectedState = state;
}

QString LoopbackReplyHandler::callback() const
{
    return QStringLiteral("http://localhost:%1/").arg(m_port);
}

void LoopbackReplyHandler::networkReplyFinished(QNetworkReply *reply)
{
    qCWarning(lcAuth) << "loopback listener: a token reply came through Qt's flow; ignored";
    reply->deleteLater();
}

QString LoopbackReplyHandler::finishedPageText()
{
    return QStringLiteral("Sign-in finished, you can close this tab and go back to PAL Desk.");
}

QString LoopbackReplyHandler::failedPageText(const QString &why)
{
    return QStringLiteral("The sign-in did not finish: %1 Go back to PAL Desk to see what to do next.")
        .arg(why.endsWith(QLatin1Char('.')) ? why : why + QLatin1Char('.'));
}

} // namespace pal
