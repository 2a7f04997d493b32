#include "ClientCredentialSignIn.h"

#include "Logging.h"
#include "Wipe.h"

namespace pal {

ClientCredentialSignIn::ClientCredentialSignIn(const AuthEnvironment *env, SignInOptions options, QByteArray secret,
                                               StoreStep store, Completion<Account> done, QObject *parent)
    : SignInSession(env, std::move(options), std::move(store), std::move(done), parent)
    , m_secret(std::move(secret))
{}

ClientCredentialSignIn::ClientCredentialSignIn(const AuthEnvironment *env, SignInOptions options,
                                               QString certificatePath, QByteArray password, StoreStep store,
                                               Completion<Account> done, QObject *parent)
    : SignInSession(env, std::move(options), std::move(store), std::move(done), parent)
    , m_useCertificate(true)
    , m_certificatePath(std::move(certificatePath))
    , m_password(std::move(password))
{}

ClientCredentialSignIn::~ClientCredentialSignIn()
{
    wipeSecrets();
}

void ClientCredentialSignIn::wipeSecrets()
{
    wipe(m_secret);
    wipe(m_password);
    if (m_credential)
        if (auto *secret = std::get_if<QByteArray>(&*m_credential))
            wipe(*secret);
    m_credential.reset();
}

std::optional<AzureError> ClientCredentialSignIn::checkSecret(const QByteArray &secret)
{
    if (secret.trimmed().isEmpty())
        return AzureError::make(AzureError::Kind::InvalidInput,
                                QStringLiteral("The client secret is empty; paste the secret's value (not its ID)."));
    return std::nullopt;
}

std::optional<AzureError> ClientCredentialSignIn::checkTenant(const QString &tenant)
{
    if (tenant == QLatin1String("organizations") || tenant == QLatin1String("common") ||
        tenant == QLatin1String("consumers"))
        return AzureError::make(AzureError::Kind::InvalidInput,
                                QStringLiteral("A service principal signs in to one directory: give its directory ID "
                                               "(GUID) or domain, not \"%1\".")
                                    .arg(tenant));
    return std::nullopt;
}

std::optional<AzureError> ClientCredentialSignIn::validate()
{
    if (auto e = checkTenant(m_tenant))
        return e;
    if (m_options.clientId.trimmed().isEmpty())
        return AzureError::make(AzureError::Kind::InvalidInput,
                                QStringLiteral("A service principal sign-in needs the application (client) ID."));
    if (!m_useCertificate) {
        if (auto e = checkSecret(m_secret))
            return e;
        m_credential = m_secret;
        return std::nullopt;
    }
    auto certificate = CertificateCredential::load(m_certificatePath, m_password, now());
    if (!certificate)
        return certificate.error();
    m_credential = certificate.value();
    return std::nullopt;
}

Account ClientCredentialSignIn::accountFor(const TokenResponse &tokens, const QString &clientId, const QString &tenant)
{
    const QJsonObject claims = jwtClaims(tokens.accessToken);
    Account a;
    a.homeTenantId = claims.value(QLatin1String("tid")).toString();
    if (a.homeTenantId.isEmpty())
        a.homeTenantId = tenant;
    a.objectId = claims.value(QLatin1String("oid")).toString();
    a.clientId = clientId;
    a.username = clientId;
    a.id = clientId + QLatin1Char('.') + a.homeTenantId;
    return a;
}

void ClientCredentialSignIn::startGrant(const OidcConfiguration &config)
{
    if (!setState(SignInState::RedeemingGrant))
        return;
    m_reply = requestClientCredentialToken(
        m_env->network, config.tokenEndpoint, m_clientId, m_options.cloud.armScope, *m_credential, now(), m_tenant,
        this, [this](const Expected<TokenResponse> &tokens) {
            if (isFinal(state()))
                return;
            if (!tokens)
                return fail(tokens.error());
            SignInResult r;
            r.tokens = tokens.value();
            r.account = accountFor(tokens.value(), m_clientId, m_tenant);
            r.account.cloudName = m_options.cloud.name;
            r.account.authorityTenant = m_tenant;
            r.account.kind = m_useCertificate ? SignInKind::ClientCertificate : SignInKind::ClientSecret;
            r.account.certificatePath = m_certificatePath;
            r.realm = r.account.homeTenantId;
            r.scopes = {m_options.cloud.armScope};
            r.credential = m_useCertificate ? m_password : m_secret;
            wipeSecrets(); // the keychain step has its own reference; this session needs them no more
            succeed(std::move(r));
        });
}

} // namespace pal
