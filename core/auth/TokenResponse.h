#pragma once
// TokenResponse: what Entra's token endpoint answers on success, checked against what was asked
// for, and the identity it carries (client_info and id_token claims, MSAL's way).

#include "Expected.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace pal {

struct Identity
{
    QString homeAccountId; // "{uid}.{utid}" from client_info, else id_token sub
    QString objectId;      // oid: the principal in the directory the token is for
    QString tenantId;      // tid: the directory the token is for
    QString homeObjectId;  // uid of client_info (the home directory's oid), else oid
    QString homeTenantId;  // utid of client_info (the home directory), else tid
    QString username;      // preferred_username, else upn
};

struct TokenResponse
{
    QByteArray accessToken;
    QByteArray refreshToken;
    QByteArray idToken;
    QByteArray clientInfo;
    QString tokenType;
    QString scope;
    qint64 expiresIn = 0;
    qint64 extExpiresIn = 0;
    qint64 refreshIn = 0;
    QString familyId; // "foci"
    QJsonObject raw;  // every field, for fields we do not use

    enum class Expect { AccessTokenOnly, UserTokens };
    // UserTokens also requires refresh_token, id_token and client_info (openid + offline_access +
    // client_info=1 were asked for). Errors are BadResponse naming the missing field.
    static Expected<TokenResponse> parse(const QByteArray &json, Expect expect);
};

// The payload of a JWT (no signature check: Entra's tokens are opaque to clients; identity is
// read from them as MSAL does). Empty object when it is not a JWT.
QJsonObject jwtClaims(const QByteArray &jwt);
// base64url-decoded client_info JSON.
QJsonObject decodeClientInfo(const QByteArray &clientInfo);
// Identity from client_info + id_token (user flows). Errors name what is missing.
Expected<Identity> identityFrom(const TokenResponse &response);

} // namespace pal
