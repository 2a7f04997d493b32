#include "AccountTokenProvider.h"

#include "ChunkedSecret.h"
#include "ClientCredentialSignIn.h"
#include "Logging.h"
#include "SecretStore.h"
#include "SignInSession.h"
#include "TokenRequests.h"

#include <QTimer>

namespace pal {

AccountTokenProvider::AccountTokenProvider(const AuthEnvironment *env, Account account, CloudEnvironment cloud,
                                           QObject *parent)
    : QObject(parent)
    , m_env(env)
    , m_account(std::move(account))
    , m_cloud(std::move(cloud))
{}

AccountTokenProvider::~AccountTokenProvider() = default;

QString AccountTokenProvider::cacheKey(const QString &accountId)
{
    return accountId + QStringLiteral("/tokencache");
}

QString AccountTokenProvider::credentialKey(const QString &accountId)
{
    return accountId + QStringLiteral("/client-credential");
}

QDateTime AccountTokenProvider::now() const
{
    return m_env->clock ? m_env->clock->now() : QDateTime::currentDateTimeUtc();
}

void AccountTokenProvider::setCache(const TokenCache &cache)
{
    m_cache = cache;
}

void AccountTokenProvider::replace(const Account &account, const TokenCache &cache)
{
    m_account = account;
    m_cache = cache;
}

void AccountTokenProvider::clear()
{
    ++m_generation;
    m_cache.reset();
    m_configs.clear();
    const QList<Pending> pending = std::exchange(m_queue, {});
    m_busy = false;
    for (const Pending &p : pending)
        deliver(p, AzureError::make(AzureError::Kind::Cancelled, QStringLiteral("The account was signed out.")));
}

void AccountTokenProvider::requestToken(const TokenRequest &request, QObject *context, Completion<AccessToken> done)
{
    m_queue.append(Pending{request, context, std::move(done)});
    if (!m_busy)
        QTimer::singleShot(0, this, &AccountTokenProvider::processNext);
}

void AccountTokenProvider::deliver(const Pending &p, const Expected<AccessToken> &result)
{
    if (!p.context)
        return;
    QMetaObject::invokeMethod(
        p.context.data(), [done = p.done, result] { done(result); }, Qt::QueuedConnection);
}

void AccountTokenProvider::finishCurrent(const Expected<AccessToken> &result)
{
    if (m_queue.isEmpty())
        return;
    const Pending p = m_queue.takeFirst();
    m_busy = false;
    deliver(p, result);
    if (!m_queue.isEmpty())
        QTimer::singleShot(0, this, &AccountTokenProvider::processNext);
}

void AccountTokenProvider::processNext()
{
    if (m_busy || m_queue.isEmpty())
        return;
    m_busy = true;
    serve(m_queue.first());
}

void AccountTokenProvider::withCache(std::function<void(const std::optional<AzureError> &)> next)
{
    if (m_cache)
        return next(std::nullopt);
    const quint64 generation = m_generation;
    ChunkedSecret::read(m_env->secrets, cacheKey(m_account.id), this,
                        [this, generation, next](const Expected<QByteArray> &data) {
                            if (generation != m_generation)
                                return;
                            if (!data)
                                return next(data.error());
                            if (data.value().isEmpty()) {
                                m_cache = TokenCache();
                                return next(std::nullopt);
                            }
                            auto cache = TokenCache::fromJson(data.value());
                            if (!cache)
                                return next(cache.error());
                            m_cache = cache.value();
                            next(std::nullopt);
                        });
}

void AccountTokenProvider::withConfig(const QString &tenant, Completion<OidcConfiguration> next)
{
    if (m_configs.contains(tenant))
        return next(m_configs.value(tenant));
    OidcDiscovery::fetch(m_env->network, m_cloud, tenant, this,
                         [this, tenant, next](const Expected<OidcConfiguration> &config) {
                             if (config)
                                 m_configs.insert(tenant, config.value());
                             next(config);
                         });
}

AccessToken AccountTokenProvider::describe(const QByteArray &token, const QDateTime &expiresOn,
                                           const QString &tenant) const
{
    AccessToken t;
    t.token = token;
    t.expiresOn = expiresOn;
    const QJsonObject claims = jwtClaims(token);
    t.tenantId = claims.value(QLatin1String("tid")).toString();
    if (t.tenantId.isEmpty())
        t.tenantId = tenant;
    t.objectId = claims.value(QLatin1String("oid")).toString();
    if (t.objectId.isEmpty() && tenant.compare(m_account.homeTenantId, Qt::CaseInsensitive) == 0)
        t.objectId = m_account.objectId;
    return t;
}

void AccountTokenProvider::serve(const Pending &p)
{
    const quint64 generation = m_generation;
    auto tenantResult = normalizeTenant(p.request.tenantId.isEmpty() ? m_account.homeTenantId : p.request.tenantId);
    if (!tenantResult)
        return finishCurrent(tenantResult.error());
    const QString tenant = tenantResult.value();
    if (auto e = ClientCredentialSignIn::checkTenant(tenant))
        return finishCurrent(*e);

    withCache([=, this](const std::optional<AzureError> &cacheError) {
        if (generation != m_generation)
            return;
        if (cacheError)
            return finishCurrent(*cacheError);
        const bool sp = m_account.isServicePrincipal();
        const QString home = sp ? QString() : m_account.id;
        const QStringList scopes{m_cloud.armScope};
        if (p.request.forceRefresh) {
            m_cache->removeAccessTokens(tenant);
        } else if (auto at = m_cache->findAccessToken(home, m_cloud.loginHost(), m_account.clientId, tenant, scopes,
                                                      now(), minimumValiditySeconds)) {
            qCDebug(lcCache) << "access token from the cache for directory" << tenant;
            return finishCurrent(describe(at->secret, at->expiresOn, tenant));
        }

        if (sp) {
            if (tenant.compare(m_account.homeTenantId, Qt::CaseInsensitive) != 0)
                return finishCurrent(AzureError::make(
                    AzureError::Kind::InvalidInput,
                    QStringLiteral("Service principal %1 belongs to directory %2 and cannot get tokens for directory "
                                   "%3.")
                        .arg(m_account.clientId, m_account.homeTenantId, tenant)));
            m_env->secrets->read(credentialKey(m_account.id), this, [=, this](const Expected<QByteArray> &secret) {
                if (generation != m_generation)
                    return;
                if (!secret)
                    return finishCurrent(secret.error());
                std::optional<ClientCredential> credential;
                if (m_account.kind == SignInKind::ClientSecret) {
                    if (secret.value().isEmpty()) {
                        AzureError e = AzureError::make(
                            AzureError::Kind::InteractionRequired,
                            QStringLiteral("The client secret of %1 is not in the keychain any more; sign in again.")
                                .arg(m_account.clientId));
                        e.tenantId = tenant;
                        return finishCurrent(e);
                    }
                    credential = secret.value();
                } else {
                    auto certificate = CertificateCredential::load(m_account.certificatePath, secret.value(), now());
                    if (!certificate)
                        return finishCurrent(certificate.error());
                    credential = certificate.value();
                }
                withConfig(tenant, [=, this](const Expected<OidcConfiguration> &config) {
                    if (generation != m_generation)
                        return;
                    if (!config)
                        return finishCurrent(config.error());
                    requestClientCredentialToken(m_env->network, config->tokenEndpoint, m_account.clientId,
                                                 m_cloud.armScope, *credential, now(), tenant, this,
                                                 [=, this](const Expected<TokenResponse> &tokens) {
                                                     if (generation != m_generation)
                                                         return;
                                                     if (!tokens)
                                                         return finishCurrent(tokens.error());
                                                     storeAndDeliver(tokens.value(), tenant, Identity{});
                                                 });
                });
            });
            return;
        }

        const auto refreshToken = m_cache->findRefreshToken(m_account.id, m_cloud.loginHost(), m_account.clientId);
        if (!refreshToken) {
            AzureError e = AzureError::make(
                AzureError::Kind::InteractionRequired,
                QStringLiteral("No saved sign-in for %1 was found; sign in again.").arg(m_account.username));
            e.tenantId = tenant;
            return finishCurrent(e);
        }
        withConfig(tenant, [=, this](const Expected<OidcConfiguration> &config) {
            if (generation != m_generation)
                return;
            if (!config)
                return finishCurrent(config.error());
            qCInfo(lcAuth) << "redeeming the refresh token for directory" << tenant;
            redeemRefreshToken(m_env->network, config->tokenEndpoint, m_account.clientId, *refreshToken,
                               userScopes(m_cloud.armScope), tenant, this,
                               [=, this](const Expected<TokenResponse> &tokens) {
                                   if (generation != m_generation)
                                       return;
                                   if (!tokens)
                                       return finishCurrent(tokens.error());
                                   Identity identity;
                                   identity.homeAccountId = m_account.id;
                                   const QJsonObject claims = jwtClaims(tokens->idToken);
                                   identity.objectId = claims.value(QLatin1String("oid")).toString();
                                   identity.tenantId = tenant;
                                   identity.username = claims.value(QLatin1String("preferred_username")).toString();
                                   if (identity.username.isEmpty())
                                       identity.username = m_account.username;
                                   storeAndDeliver(tokens.value(), tenant, identity);
                               });
        });
    });
}

void AccountTokenProvider::storeAndDeliver(const TokenResponse &tokens, const QString &tenant, const Identity &identity)
{
    const quint64 generation = m_generation;
    TokenCache::Context c;
    c.environment = m_cloud.loginHost();
    c.clientId = m_account.clientId;
    c.realm = tenant;
    c.scopes = m_account.isServicePrincipal() ? QStringList{m_cloud.armScope} : userScopes(m_cloud.armScope);
    c.identity = identity;
    c.now = now();
    m_cache->add(tokens, c);
    const AccessToken token = describe(tokens.accessToken, c.now.addSecs(tokens.expiresIn), tenant);
    // The rotated refresh token must reach the keychain; a failure is the caller's to see.
    ChunkedSecret::write(m_env->secrets, cacheKey(m_account.id), m_cache->toJson(), this,
                         [=, this](const Expected<Done> &stored) {
                             if (generation != m_generation)
                                 return;
                             if (!stored)
                                 return finishCurrent(stored.error());
                             finishCurrent(token);
                         });
}

} // namespace pal
