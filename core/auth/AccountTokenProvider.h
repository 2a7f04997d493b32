#pragma once
// AccountTokenProvider: silent tokens for one signed-in account, in any directory it belongs to.
// Owns the account's TokenCache (read lazily from the SecretStore, written back after every
// change). For a directory it answers:
//   1. a cached access token valid for at least 5 more minutes (unless forceRefresh);
//   2. users: the refresh token (not tied to a tenant) redeemed at {login}/{tenantId}, the new RT
//      replacing the old; service principals: client credentials again, own directory only;
//   3. otherwise the error Entra gave, mapped by EntraError (InteractionRequired for MFA,
//      conditional access, consent and expired grants, with tenantId and code).
// Requests are served one at a time, so a rotated refresh token is never used twice.

#include "AccessTokenProvider.h"
#include "Account.h"
#include "CloudEnvironment.h"
#include "OidcDiscovery.h"
#include "TokenCache.h"

#include <QHash>
#include <QList>
#include <QPointer>

namespace pal {

struct AuthEnvironment;

class AccountTokenProvider final : public QObject, public AccessTokenProvider
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AccountTokenProvider)
public:
    AccountTokenProvider(const AuthEnvironment *env, Account account, CloudEnvironment cloud, QObject *parent);
    ~AccountTokenProvider() override;

    void requestToken(const TokenRequest &request, QObject *context, Completion<AccessToken> done) override;

    // After an interactive sign-in: the fresh cache (already stored).
    void setCache(const TokenCache &cache);
    // The same account signed in again: new metadata and cache, same provider (callers keep it).
    void replace(const Account &account, const TokenCache &cache);
    // The cache in memory, if it has been read or set (a new sign-in of the account adds to it).
    const std::optional<TokenCache> &cache() const { return m_cache; }
    // Sign-out: pending requests end Cancelled and the in-memory tokens are dropped.
    void clear();

    static QString cacheKey(const QString &accountId);      // SecretStore key of the chunked cache
    static QString credentialKey(const QString &accountId); // client secret / certificate password
    static constexpr int minimumValiditySeconds = 300;

private:
    struct Pending
    {
        TokenRequest request;
        QPointer<QObject> context;
        Completion<AccessToken> done;
    };
    void processNext();
    void serve(const Pending &p);
    void deliver(const Pending &p, const Expected<AccessToken> &result);
    void finishCurrent(const Expected<AccessToken> &result);
    void withCache(std::function<void(const std::optional<AzureError> &)> next);
    void withConfig(const QString &tenant, Completion<OidcConfiguration> next);
    void storeAndDeliver(const TokenResponse &tokens, const QString &tenant, const Identity &identity);
    AccessToken describe(const QByteArray &token, const QDateTime &expiresOn, const QString &tenant) const;
    QDateTime now() const;

    const AuthEnvironment *m_env;
    Account m_account;
    CloudEnvironment m_cloud;
    std::optional<TokenCache> m_cache;
    QHash<QString, OidcConfiguration> m_configs;
    QList<Pending> m_queue;
    bool m_busy = false;
    quint64 m_generation = 0; // bumped by clear(): late answers of a signed-out account are dropped
};

} // namespace pal
