#pragma once
// FakeEntra: the pieces of Entra ID the sign-in flows need, for a FakeNetwork handler: discovery
// documents, unsigned JWTs, ID tokens with `aud` and `iss`, token answers, AADSTS error bodies.

#include "FakeNetwork.h"

#include <QJsonObject>
#include <QString>

namespace pal::test {

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

} // namespace pal::test
