#pragma once
// TokenRequests: the POSTs to Entra's token endpoint shared by the sign-in flows and the silent
// token provider: client credentials (secret or certificate assertion) and refresh-token
// redemption. Failures are mapped by EntraError; successes are checked by TokenResponse::parse.

#include "AuthHttp.h"
#include "CertificateCredential.h"
#include "TokenResponse.h"

#include <QStringList>
#include <variant>

namespace pal {

QNetworkReply *postTokenRequest(QNetworkAccessManager *network, const QUrl &tokenEndpoint, const FormFields &fields,
                                TokenResponse::Expect expect, const QString &tenantForErrors, QObject *context,
                                Completion<TokenResponse> done, std::chrono::milliseconds timeout = authRequestTimeout);

// One of: the client secret, or the loaded certificate.
using ClientCredential = std::variant<QByteArray, CertificateCredential>;

QNetworkReply *requestClientCredentialToken(QNetworkAccessManager *network, const QUrl &tokenEndpoint,
                                            const QString &clientId, const QString &scope,
                                            const ClientCredential &credential, const QDateTime &now,
                                            const QString &tenantForErrors, QObject *context,
                                            Completion<TokenResponse> done);

QNetworkReply *redeemRefreshToken(QNetworkAccessManager *network, const QUrl &tokenEndpoint, const QString &clientId,
                                  const QByteArray &refreshToken, const QStringList &scopes,
                                  const QString &tenantForErrors, QObject *context, Completion<TokenResponse> done);

// The scopes PAL Desk asks for a user: the cloud's ARM scope plus openid profile offline_access.
QStringList userScopes(const QString &armScope);

} // namespace pal
