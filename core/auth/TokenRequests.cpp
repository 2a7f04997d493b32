#include "TokenRequests.h"

#include "EntraError.h"
#include "Wipe.h"

namespace pal {

QStringList userScopes(const QString &armScope)
{
    return {armScope, QStringLiteral("openid"), QStringLiteral("profile"), QStringLiteral("offline_access")};
}

QNetworkReply *postTokenRequest(QNetworkAccessManager *network, const QUrl &tokenEndpoint, const FormFields &fields,
                                TokenResponse::Expect expect, const QString &tenantForErrors, QObject *context,
                                Completion<TokenResponse> done, std::chrono::milliseconds timeout)
{
    return postForm(
        network, tokenEndpoint, fields, context,
        [=](const HttpAnswer &answer) {
            if (answer.status == 0)
                return done(transportError(answer, tokenEndpoint));
            if (answer.status != 200)
                return done(entraError(answer.status, answer.body, tenantForErrors));
            done(TokenResponse::parse(answer.body, expect));
        },
        timeout);
}

QNetworkReply *requestClientCredentialToken(QNetworkAccessManager *network, const QUrl &tokenEndpoint,
                                            const QString &clientId, const QString &scope,
                                            const ClientCredential &credential, const QDateTime &now,
                                            const QString &tenantForErrors, QObject *context,
                                            Completion<TokenResponse> done)
{
    FormFields fields{{QStringLiteral("client_id"), clientId},
                      {QStringLiteral("grant_type"), QStringLiteral("client_credentials")},
                      {QStringLiteral("scope"), scope}};
    if (const auto *secret = std::get_if<QByteArray>(&credential)) {
        fields.append({QStringLiteral("client_secret"), QString::fromUtf8(*secret)});
    } else {
        const auto &certificate = std::get<CertificateCredential>(credential);
        const QByteArray assertion = certificate.createAssertion(clientId, tokenEndpoint, now);
        if (assertion.isEmpty()) {
            done(AzureError::make(
                AzureError::Kind::InvalidInput,
                QStringLiteral("The certificate %1 could not sign the client assertion.").arg(certificate.path())));
            return nullptr;
        }
        fields.append({QStringLiteral("client_assertion_type"),
                       QStringLiteral("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")});
        fields.append({QStringLiteral("client_assertion"), QString::fromLatin1(assertion)});
    }
    QNetworkReply *reply = postTokenRequest(network, tokenEndpoint, fields, TokenResponse::Expect::AccessTokenOnly,
                                            tenantForErrors, context, std::move(done));
    for (auto &field : fields) // the request has its own copy of the form now
        if (field.first == QLatin1String("client_secret"))
            wipe(field.second);
    return reply;
}

QNetworkReply *redeemRefreshToken(QNetworkAccessManager *network, const QUrl &tokenEndpoint, const QString &clientId,
                                  const QByteArray &refreshToken, const QStringList &scopes,
                                  const QString &tenantForErrors, QObject *context, Completion<TokenResponse> done)
{
    const FormFields fields{{QStringLiteral("client_id"), clientId},
                            {QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                            {QStringLiteral("refresh_token"), QString::fromUtf8(refreshToken)},
                            {QStringLiteral("scope"), scopes.join(QLatin1Char(' '))},
                            {QStringLiteral("client_info"), QStringLiteral("1")}};
    return postTokenRequest(network, tokenEndpoint, fields, TokenResponse::Expect::AccessTokenOnly, tenantForErrors,
                            context, std::move(done));
}

} // namespace pal
