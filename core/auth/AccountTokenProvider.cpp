#include "AccountTokenProvider.h"

#include "AuthorityMetadata.h"
#include "ClientCredentialSignIn.h"
#include "Logging.h"
#include "SecretStore.h"
#include "SignInSession.h"
#include "TokenRequests.h"
#include "Wipe.h"

#include <QTimer>

namespace pal {

namespace {

const QStringList ReservedScopes{QStringLiteral("openid"), QStringLiteral("profile"), QStringLiteral("offline_access")};

// "https://service.powerapps.com//.default" -> "https://service.powerapps.com/"
QString resourceOf(const QStringList &scopes)
{
    QString first = scopes.value(0);
    if (first.endsWith(QLatin1String("/.default")))
        first.chop(int(qstrlen(".default")));
    return first;
}

} // namespace

QString AccountTokenProvider::Target::key() const
{
    return tenant.toLower() + QLatin1Char('|') + TokenCache::target(scopes).toLower();
}

AccountTokenProvider::AccountTokenProvider(const AuthEnvironment *env, AuthorityMetadata *metadata, TokenStore store,
                                           Account account, CloudEnvironment cloud, QObject *parent)
    : QObject(parent)
    , m_env(env)
    , m_metadata(metadata)
    , m_store(std::move(store))
    , m_account(std::move(account))
    , m_cloud(std::move(cloud))
{
    m_saveTimer.setSingleShot(true);
    connect(&m_saveTimer, &QTimer::timeout, this, &AccountTokenProvider::save);
}

AccountTokenProvider::~AccountTokenProvider() = default;

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
    m_signedOut = false;
    ++m_refreshEpoch; // redemptions of the previous refresh token still on their way keep none
}

void AccountTokenProvider::takeStoredRefreshToken(const TokenCache &stored, int signIns)
{
    if (m_cache) {
        m_cache->removeRefreshTokens(m_account.id, m_account.clientId);
        m_cache->absorb(stored, now());
    }
    m_account.signIns = std::max(m_account.signIns, signIns);
    ++m_refreshEpoch;
}

void AccountTokenProvider::clear()
{
    ++m_generation;
    m_cache.reset();
    const AzureError cancelled =
        AzureError::make(AzureError::Kind::Cancelled, QStringLiteral("The account was signed out."));
    const auto loading = std::exchange(m_loading, {});
    const auto fetches = std::exchange(m_fetches, {});
    m_unsaved = 0;
    m_saving = false;
    m_saveTimer.stop();
    m_lastSaveError.reset();
    settleFlushes(std::nullopt); // nothing of the account is to be written any more
    for (const QList<Waiter> &waiters : fetches)
        for (const Waiter &w : waiters)
            deliver(w, cancelled);
    for (const auto &next : loading)
        next(std::nullopt); // each sees the new generation and answers Cancelled
}

void AccountTokenProvider::deliver(const Waiter &w, const Expected<AccessToken> &result)
{
    if (!w.context)
        return;
    QMetaObject::invokeMethod(
        w.context.data(), [done = w.done, result] { done(result); }, Qt::QueuedConnection);
}

bool AccountTokenProvider::checkSignedIn()
{
    if (m_signedOut)
        return false;
    if (!m_store.isSignedOut(m_account))
        return true;
    qCInfo(lcAuth) << "account" << m_account.id << "was signed out elsewhere; its tokens are dropped";
    m_signedOut = true;
    m_cache.reset();
    QTimer::singleShot(0, this, [this] { Q_EMIT signedOutElsewhere(m_account.id); });
    return false;
}

void AccountTokenProvider::requestToken(const TokenRequest &request, QObject *context, Completion<AccessToken> done)
{
    Waiter waiter{context, std::move(done)};
    auto tenantResult = normalizeTenant(request.tenantId.isEmpty() ? m_account.homeTenantId : request.tenantId);
    if (!tenantResult)
        return deliver(waiter, tenantResult.error());
    Target target;
    target.tenant = tenantResult.value();
    if (auto e = ClientCredentialSignIn::checkTenant(target.tenant))
        return deliver(waiter, *e);
    target.scopes = request.scope.trimmed().isEmpty() ? QStringList{m_cloud.armScope}
                                                      : request.scope.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (const QString &reserved : ReservedScopes)
        target.scopes.removeAll(reserved);
    if (target.scopes.isEmpty())
        return deliver(
            waiter,
            AzureError::make(AzureError::Kind::InvalidInput,
                             QStringLiteral("The token request names no resource scope (\"%1\").").arg(request.scope)));
    target.resource = resourceOf(target.scopes);
    serve(target, request.forceRefresh, std::move(waiter));
}

void AccountTokenProvider::serve(const Target &target, bool forceRefresh, Waiter waiter)
{
    if (!checkSignedIn())
        return deliver(waiter, TokenStore::signedOut(m_account));
    const quint64 generation = m_generation;
    withCache([=, this](const std::optional<AzureError> &cacheError) {
        if (generation != m_generation)
            return deliver(
                waiter, AzureError::make(AzureError::Kind::Cancelled, QStringLiteral("The account was signed out.")));
        if (cacheError)
            return deliver(waiter, *cacheError);
        const QString home = m_account.isServicePrincipal() ? QString() : m_account.id;
        const QString key = target.key();
        if (!forceRefresh) {
            if (auto at = m_cache->findAccessToken(home, m_cloud.loginHost(), m_account.clientId, target.tenant,
                                                   target.scopes, now(), minimumValiditySeconds)) {
                qCDebug(lcCache) << "access token from the cache for directory" << target.tenant;
                return deliver(waiter, describe(at->secret, at->expiresOn, target.tenant));
            }
        }
        QList<Waiter> &waiting = m_fetches[key];
        waiting.append(waiter);
        if (waiting.size() > 1)
            return; // the same directory and resource is on its way: share it
        if (forceRefresh)
            m_cache->removeAccessTokens(target.tenant, target.scopes);
        fetch(target);
    });
}

void AccountTokenProvider::withCache(std::function<void(const std::optional<AzureError> &)> next)
{
    if (m_cache)
        return next(std::nullopt);
    m_loading.append(std::move(next));
    if (m_loading.size() > 1)
        return;
    const quint64 generation = m_generation;
    // Read before the cache: a sign-in writes its cache before it is counted in accounts.json, so
    // the cache read next holds that sign-in's refresh token, or a newer one.
    const int signIns = m_store.signInsOnDisk(m_account);
    m_store.load(m_account.id, this, [this, generation, signIns](const Expected<TokenCache> &cache) {
        if (generation != m_generation)
            return;
        if (cache) {
            m_cache = cache.value();
            m_account.signIns = std::max(m_account.signIns, signIns);
        }
        const auto waiting = std::exchange(m_loading, {});
        const std::optional<AzureError> error =
            cache ? std::nullopt : std::optional<AzureError>(cache.error()); // damaged: read again next time
        for (const auto &waiter : waiting)
            waiter(error);
    });
}

void AccountTokenProvider::fetch(const Target &target)
{
    if (m_account.isServicePrincipal())
        clientCredentials(target);
    else
        redeem(target);
}

void AccountTokenProvider::failFetch(const Target &target, AzureError error)
{
    // Typed per directory and resource: another resource or directory is not affected.
    if (error.tenantId.isEmpty())
        error.tenantId = target.tenant;
    error.resource = target.resource;
    if (error.kind == AzureError::Kind::InteractionRequired && !TokenStore::isSignedOutError(error) &&
        target.scopes.value(0).compare(m_cloud.armScope, Qt::CaseInsensitive) != 0)
        error.message += QStringLiteral(" (This was for %1.)").arg(target.resource);
    for (const Waiter &w : m_fetches.take(target.key()))
        deliver(w, error);
}

void AccountTokenProvider::clientCredentials(const Target &target)
{
    const quint64 generation = m_generation;
    if (target.tenant.compare(m_account.homeTenantId, Qt::CaseInsensitive) != 0)
        return failFetch(target, AzureError::make(AzureError::Kind::InvalidInput,
                                                  QStringLiteral("Service principal %1 belongs to directory %2 and "
                                                                 "cannot get tokens for directory %3.")
                                                      .arg(m_account.clientId, m_account.homeTenantId, target.tenant)));
    m_store.secrets()->read(credentialKey(m_account.id), this, [=, this](const Expected<QByteArray> &secret) {
        if (generation != m_generation)
            return;
        if (!secret)
            return failFetch(target, secret.error());
        QByteArray material = secret.value();
        std::optional<ClientCredential> credential;
        if (m_account.kind == SignInKind::ClientSecret) {
            if (material.isEmpty()) {
                AzureError e = AzureError::make(
                    AzureError::Kind::InteractionRequired,
                    QStringLiteral("The client secret of %1 is not in the keychain any more; sign in again.")
                        .arg(m_account.clientId));
                return failFetch(target, e);
            }
            credential = material;
        } else {
            auto certificate = CertificateCredential::load(m_account.certificatePath, material, now());
            if (!certificate) {
                wipe(material);
                return failFetch(target, certificate.error());
            }
            credential = certificate.value();
        }
        wipe(material);
        m_metadata->tokenEndpoint(
            m_cloud, m_account.homeTenantId, target.tenant, this,
            [=, this, credential = std::move(credential)](const Expected<QUrl> &endpoint) mutable {
                if (generation != m_generation)
                    return;
                if (!endpoint)
                    return failFetch(target, endpoint.error());
                requestClientCredentialToken(m_env->network, endpoint.value(), m_account.clientId,
                                             target.scopes.join(QLatin1Char(' ')), *credential, now(), target.tenant,
                                             this, [=, this](const Expected<TokenResponse> &tokens) {
                                                 if (generation != m_generation)
                                                     return;
                                                 if (!tokens)
                                                     return failFetch(target, tokens.error());
                                                 received(target, tokens.value(), Identity{}, m_refreshEpoch);
                                             });
                if (auto *secretBytes = std::get_if<QByteArray>(&*credential))
                    wipe(*secretBytes); // the request has its own copy now
            });
    });
}

void AccountTokenProvider::redeem(const Target &target, bool retried)
{
    const quint64 generation = m_generation;
    const quint64 epoch = m_refreshEpoch;
    auto refreshToken = m_cache->findRefreshToken(m_account.id, m_cloud.loginHost(), m_account.clientId);
    if (!refreshToken) {
        AzureError e = AzureError::make(
            AzureError::Kind::InteractionRequired,
            QStringLiteral("No saved sign-in for %1 was found; sign in again.").arg(m_account.username));
        return failFetch(target, e);
    }
    const QString authorityTenant =
        m_account.authorityTenant.isEmpty() ? QStringLiteral("organizations") : m_account.authorityTenant;
    m_metadata->tokenEndpoint(
        m_cloud, authorityTenant, target.tenant, this,
        [=, this, refreshToken = *refreshToken](const Expected<QUrl> &endpoint) mutable {
            if (generation != m_generation)
                return;
            if (!endpoint)
                return failFetch(target, endpoint.error());
            qCInfo(lcAuth) << "redeeming the refresh token for directory" << target.tenant;
            QStringList scopes = target.scopes + ReservedScopes;
            redeemRefreshToken(m_env->network, endpoint.value(), m_account.clientId, refreshToken, scopes,
                               target.tenant, this, [=, this](const Expected<TokenResponse> &tokens) {
                                   if (generation != m_generation)
                                       return;
                                   if (!tokens) {
                                       if (!retried && tokens.error().kind == AzureError::Kind::InteractionRequired &&
                                           m_store.signInsOnDisk(m_account) > m_account.signIns)
                                           return adoptStoredSignIn(target, tokens.error());
                                       return failFetch(target, tokens.error());
                                   }
                                   Identity identity;
                                   identity.homeAccountId = m_account.id;
                                   const QJsonObject claims = jwtClaims(tokens->idToken);
                                   identity.objectId = claims.value(QLatin1String("oid")).toString();
                                   identity.tenantId = target.tenant;
                                   identity.username = claims.value(QLatin1String("preferred_username")).toString();
                                   if (identity.username.isEmpty())
                                       identity.username = m_account.username;
                                   received(target, tokens.value(), identity, epoch);
                               });
            wipe(refreshToken);
        });
}

void AccountTokenProvider::adoptStoredSignIn(const Target &target, const AzureError &original)
{
    const quint64 generation = m_generation;
    qCInfo(lcAuth) << "account" << m_account.id << "was signed in again elsewhere; redeeming its refresh token";
    const int signIns = m_store.signInsOnDisk(m_account);
    m_store.load(m_account.id, this, [=, this](const Expected<TokenCache> &stored) {
        if (generation != m_generation)
            return;
        if (!m_cache || !stored || !stored->findRefreshToken(m_account.id, m_cloud.loginHost(), m_account.clientId))
            return failFetch(target, original);
        takeStoredRefreshToken(stored.value(), signIns);
        redeem(target, true);
    });
}

void AccountTokenProvider::received(const Target &target, TokenResponse tokens, const Identity &identity,
                                    quint64 refreshEpoch)
{
    if (!m_cache) // signed out elsewhere while the request was on its way
        return failFetch(target, TokenStore::signedOut(m_account));
    if (refreshEpoch != m_refreshEpoch) // redeemed from a sign-in older than the one now kept
        wipe(tokens.refreshToken);
    TokenCache::Context c;
    c.environment = m_cloud.loginHost();
    c.clientId = m_account.clientId;
    c.realm = target.tenant;
    c.scopes = m_account.isServicePrincipal() ? target.scopes : target.scopes + ReservedScopes;
    c.identity = identity;
    c.now = now();
    m_cache->add(tokens, c);
    // Answered from memory at once; the keychain write follows (see the header: write-behind).
    const AccessToken token = describe(tokens.accessToken, c.now.addSecs(tokens.expiresIn), target.tenant);
    for (const Waiter &w : m_fetches.take(target.key()))
        deliver(w, token);
    ++m_unsaved;
    ++m_received;
    scheduleSave();
}

void AccountTokenProvider::scheduleSave()
{
    if (m_saving || m_saveTimer.isActive())
        return; // the write in flight is followed by one more with whatever arrived meanwhile
    // Answers that arrive in the same turn of the event loop share one keychain write; after a
    // write, the next waits as long as it took, unless a flush waits for it (see the header).
    qint64 pause = 0;
    if (m_flushes.isEmpty() && m_sinceSave.isValid())
        pause = std::max<qint64>(0, m_lastSaveMs - m_sinceSave.elapsed());
    m_saveTimer.start(int(std::min<qint64>(pause, 60'000)));
}

void AccountTokenProvider::save()
{
    if (m_saving)
        return;
    if (m_unsaved == 0 || !m_cache || m_signedOut)
        return settleFlushes(m_lastSaveError);
    m_saving = true;
    const quint64 generation = m_generation;
    const int batch = std::exchange(m_unsaved, 0);
    const quint64 upTo = m_received;
    qCDebug(lcCache) << "saving" << batch << "new token(s) of account" << m_account.id << "in one write";
    QElapsedTimer took;
    took.start();
    m_store.save(m_account, *m_cache, this, [=, this](const Expected<TokenStore::Saved> &saved) {
        if (generation != m_generation)
            return;
        m_saving = false;
        m_lastSaveMs = took.elapsed();
        m_sinceSave.start();
        if (saved) {
            m_lastSaveError.reset();
            m_written = upTo;
            // What other processes wrote, taken into what arrived here while the write was on its
            // way (only their entries: merging the whole cache again would cost the GUI thread
            // as much as the write did).
            if (saved->refreshTokenReplaced) {
                qCInfo(lcAuth) << "account" << m_account.id
                               << "was signed in again elsewhere; its refresh token is kept, not ours";
                takeStoredRefreshToken(saved->fromStore, saved->signIns);
            } else if (m_cache) {
                m_cache->absorb(saved.value().fromStore, now());
            }
        } else if (TokenStore::isSignedOutError(saved.error())) {
            // Signed out elsewhere while the tokens were on their way: nothing is written, ever.
            m_lastSaveError.reset();
            m_unsaved = 0;
            m_signedOut = true;
            m_cache.reset();
            QTimer::singleShot(0, this, [this] { Q_EMIT signedOutElsewhere(m_account.id); });
        } else {
            // The tokens stay in memory and unsaved: the next token or flush() tries again.
            qCWarning(lcCache) << "token cache of account" << m_account.id
                               << "not saved to the keychain:" << saved.error().message;
            m_lastSaveError = saved.error();
            m_unsaved += batch;
            return settleFlushes(m_lastSaveError);
        }
        if (m_unsaved > 0) {
            settleFlushes(std::nullopt, false); // those whose tokens this write carried
            return scheduleSave();
        }
        settleFlushes(std::nullopt);
    });
}

void AccountTokenProvider::settleFlushes(const std::optional<AzureError> &error, bool all)
{
    QList<Flush> settled;
    for (qsizetype i = 0; i < m_flushes.size(); ++i)
        if (all || m_flushes.at(i).upTo <= m_written)
            settled.append(m_flushes.takeAt(i--));
    for (const Flush &f : settled) {
        if (!f.context)
            continue;
        Expected<Done> result = error ? Expected<Done>(*error) : Expected<Done>(Done{});
        QMetaObject::invokeMethod(
            f.context.data(), [done = f.done, result] { done(result); }, Qt::QueuedConnection);
    }
}

void AccountTokenProvider::flush(QObject *context, Completion<Done> done)
{
    m_flushes.append(Flush{context, std::move(done), m_received});
    if (m_saving)
        return; // settled when the chain of writes ends
    if (m_saveTimer.isActive())
        return m_saveTimer.start(0); // no pause for a flush
    if (m_unsaved > 0 && m_cache && !m_signedOut)
        return scheduleSave(); // including tokens whose last write failed: try once more
    settleFlushes(std::nullopt);
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

} // namespace pal
