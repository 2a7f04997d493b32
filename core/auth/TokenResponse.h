#pragma once
// TokenResponse: what Entra's token endpoint answers on success, checked against what was asked
// for, and the identity it carries (client_info and id_token claims, MSAL's way).

#include "Expected.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QUrl>

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

// What a sign-in's ID token must say (OIDC Core 3.1.3.7).
struct IdTokenExpectation
{
    QString clientId;         // aud (or one of aud, with azp = clientId)
    QUrl loginEndpoint;       // iss = {loginEndpoint}/{tid}/v2.0, Entra's v2 issuer template
    QString tenant;           // normalized authority tenant: a GUID must equal tid
    QString discoveredIssuer; // the discovery document's issuer; unless a {tenantid} template, iss equals it
};
// aud, iss and tid checked. The signature is deliberately not: OIDC Core 3.1.3.7 (6) lets a client
// rely on TLS instead for an ID token it received directly from the token endpoint, which is the
// only way PAL Desk receives one (and the identity is only read from it, never sent on).
// Errors are BadResponse "id_token_mismatch" naming the claim; nothing is stored then.
Expected<Done> checkIdTokenClaims(const QJsonObject &claims, const IdTokenExpectation &expected);
// base64url-decoded client_info JSON.
QJsonObject decodeClientInfo(const QByteArray &clientInfo);
// Identity from client_info + id_token (user flows). Errors name what is missing.
Expected<Identity> identityFrom(const TokenResponse &response);

} // namespace pal
