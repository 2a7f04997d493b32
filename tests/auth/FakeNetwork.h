#pragma once
// FakeNetwork: a QNetworkAccessManager whose answers come from a handler in the test, for unit
// tests of the sign-in flows without any server. Every request is recorded. FakeEntra adds the
// pieces of Entra ID the flows need: discovery documents, JWTs, token answers, error bodies.

#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QUrl>
#include <QUrlQuery>
#include <functional>

namespace paltest {

struct FakeResponse
{
    int status = 200;
    QByteArray body;
    QByteArray location; // a Location header (for 3xx answers)
    bool hang = false;   // never answers (until aborted), like a server that went quiet
};

struct RecordedCall
{
    QByteArray method;
    QUrl url;
    QByteArray body;
    QNetworkRequest request; // as sent: attributes (redirect policy) included
    QUrlQuery form() const;  // the body as form fields (percent-decoded)
    QString field(const QString &name) const;
};

class FakeNetwork final : public QNetworkAccessManager
{
public:
    using Handler = std::function<FakeResponse(const RecordedCall &)>;
    explicit FakeNetwork(QObject *parent = nullptr)
        : QNetworkAccessManager(parent)
    {}
    Handler handler;
    QList<RecordedCall> calls;
    int count(const QString &pathSuffix) const;

protected:
    QNetworkReply *createRequest(Operation op, const QNetworkRequest &request, QIODevice *outgoingData) override;
};

namespace FakeEntra {
QString loginBase(); // https://login.test
QByteArray discovery(const QString &tenant, bool withDevice = true);
QByteArray jwt(const QJsonObject &claims);
QByteArray clientInfo(const QString &uid, const QString &utid);
// A user token answer (access, refresh, id token, client_info) for oid/tid. The ID token is for
// `audience` (default: PAL Desk's default client) from https://login.test/{tid}/v2.0.
QByteArray userTokens(const QString &oid, const QString &tid, const QString &username, const QString &refreshToken,
                      const QString &accessTokenTag = QStringLiteral("at"), int expiresIn = 3600,
                      const QString &homeTid = {}, const QString &homeOid = {}, const QString &audience = {});
// The ID token claims userTokens() uses, for tests that tamper with one.
QJsonObject idTokenClaims(const QString &oid, const QString &tid, const QString &username,
                          const QString &audience = {});
QByteArray appTokens(const QString &oid, const QString &tid, int expiresIn = 3600);
QByteArray error(const QString &error, int code, const QString &description = QStringLiteral("AADSTS: test"));
// Answers discovery for every tenant; other requests go to `next`.
FakeNetwork::Handler withDiscovery(FakeNetwork::Handler next, bool withDevice = true);
} // namespace FakeEntra

} // namespace paltest
