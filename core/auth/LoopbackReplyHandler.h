#pragma once
// LoopbackReplyHandler: where the browser brings the authorization answer back (RFC 8252 §7.3).
//
// Why not Qt 6.4's QOAuthHttpServerReplyHandler: it advertises http://127.0.0.1:PORT/, which Entra
// ID treats as a different redirect URI from the http://localhost that the Azure CLI's client and
// partners' app registrations have (AADSTS50011); it listens on one address only; and it answers
// every request with its page and hands each one to the flow, so a browser's /favicon.ico, or any
// stray request, ends the sign-in.
//
// This handler advertises http://localhost:PORT/ (what MSAL and the Azure CLI send) and listens on
// 127.0.0.1 and, where the machine has it, ::1, on the same port, since a browser may resolve
// localhost to either. Loopback only. The one GET / that carries our `state` gets a page saying
// what happened, is handed on through redirectReceived(), and the listeners close. Anything else
// (a favicon, no state, another state, an error redirect without our state) gets a 404 and is
// otherwise ignored: it neither ends nor spoils the sign-in.
//
// HTTP is parsed by QtHttpServer's QAbstractHttpServer (Qt 6.4): no HTTP parser of our own, and,
// unlike QOAuthHttpServerReplyHandler's, it lets us answer with a status other than 200 and bind
// several QTcpServers (one per address) to one handler.
//
// It is a QAbstractOAuthReplyHandler so that QOAuth2AuthorizationCodeFlow puts callback() into the
// authorization request as redirect_uri. The code is not redeemed through Qt (see BrowserSignIn).

#include <QAbstractOAuthReplyHandler>
#include <QString>
#include <QVariantMap>
#include <memory>

namespace pal {

class LoopbackReplyHandler final : public QAbstractOAuthReplyHandler
{
    Q_OBJECT
public:
    explicit LoopbackReplyHandler(QObject *parent = nullptr);
    ~LoopbackReplyHandler() override;

    // Listens on 127.0.0.1 (and [::1] when available) on one random port. False, with why, when
    // no loopback port could be had.
    [[nodiscard]] bool listen(QString *why);
    bool isListening() const;
    bool listensOnIpv6() const;
    quint16 port() const;
    // Stops listening. A page already being sent is still sent.
    void close();

    // The state the answer must carry; requests without it get a 404.
    void setExpectedState(const QString &state);

    // http://localhost:PORT/
    QString callback() const override;
    // Not used: BrowserSignIn redeems the code itself. Qt's flow calls this only from
    // requestAccessToken/refreshAccessToken, which PAL Desk never calls.
    void networkReplyFinished(QNetworkReply *reply) override;

    // The text of the pages the browser shows.
    static QString finishedPageText();
    static QString failedPageText(const QString &why);

Q_SIGNALS:
    // The answer with our state (code, or error and error_description), percent-decoded; once.
    void redirectReceived(const QVariantMap &values);

private:
    class Server;
    std::unique_ptr<Server> m_server;
    QString m_expectedState;
    quint16 m_port = 0;
    bool m_ipv6 = false;
    bool m_answered = false;
};

} // namespace pal
