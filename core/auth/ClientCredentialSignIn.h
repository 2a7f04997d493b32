#pragma once
// ClientCredentialSignIn: a service principal signs in to its own directory with client
// credentials, a secret or a certificate (client assertion). Everything is checked before
// anything is sent: a blank secret, a certificate that cannot be used, or a tenant that is not a
// directory ID or domain (organizations/common cannot issue app-only tokens).

#include "SignInSession.h"
#include "TokenRequests.h"

namespace pal {

class ClientCredentialSignIn final : public SignInSession
{
    Q_OBJECT
public:
    // Secret sign-in.
    ClientCredentialSignIn(const AuthEnvironment *env, SignInOptions options, QByteArray secret, StoreStep store,
                           Completion<Account> done, QObject *parent);
    // Certificate sign-in.
    ClientCredentialSignIn(const AuthEnvironment *env, SignInOptions options, QString certificatePath,
                           QByteArray password, StoreStep store, Completion<Account> done, QObject *parent);

    // Shared with the silent path: service-principal input checks.
    static std::optional<AzureError> checkSecret(const QByteArray &secret);
    static std::optional<AzureError> checkTenant(const QString &tenant);
    // The account a client-credential token describes: "{clientId}.{tid}", oid from the token.
    static Account accountFor(const TokenResponse &tokens, const QString &clientId, const QString &tenant);
    ~ClientCredentialSignIn() override;

protected:
    std::optional<AzureError> validate() override;
    void startGrant(const OidcConfiguration &config) override;

private:
    bool m_useCertificate = false;
    QByteArray m_secret;
    QString m_certificatePath;
    QByteArray m_password;
    std::optional<ClientCredential> m_credential;

    // The secret, the password and the credential made of them, once they are of no more use.
    void wipeSecrets();
};

} // namespace pal
