#pragma once
// AccountTokenProvider: silent tokens for one signed-in account, in any directory it belongs to and
// for any resource (TokenRequest::scope; empty = the cloud's ARM scope). Owns the account's
// TokenCache (read lazily through its TokenStore, saved back merged with what other processes
// wrote). For a directory and resource it answers:
//   1. a cached access token for that target valid for at least 5 more minutes (unless forceRefresh);
//   2. users: the refresh token (not tied to a tenant or resource) redeemed at the directory's token
//      endpoint (derived from the cloud's OpenID metadata, fetched once: AuthorityMetadata);
//      service principals: client credentials again, own directory only;
//   3. otherwise the error Entra gave, mapped by EntraError (InteractionRequired for MFA,
//      conditional access, consent and expired grants, with tenantId, the resource and the code).
// Requests are served in parallel (Entra keeps a redeemed refresh token valid; the newest one is
// kept); requests for the same directory and resource share one network call. Refreshes that
// finish together are saved with one keychain write, and each answer is delivered once its tokens
// are saved. An account signed out elsewhere (accounts.json) answers "signed out" and writes nothing.

#include "AccessTokenProvider.h"
#include "Account.h"
#include "CloudEnvironment.h"
#include "TokenCache.h"
#include "TokenStore.h"

#include <QHash>
#include <QList>
#include <QPointer>

namespace pal {

struct AuthEnvironment;
class AuthorityMetadata;

class AccountTokenProvider final : public QObject, public AccessTokenProvider
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AccountTokenProvider)
public:
    AccountTokenProvider(const AuthEnvironment *env, AuthorityMetadata *metadata, TokenStore store, Account account,
                         CloudEnvironment cloud, QObject *parent);
    ~AccountTokenProvider() override;

    void requestToken(const TokenRequest &request, QObject *context, Completion<AccessToken> done) override;

    const Account &account() const { return m_account; }
    // After an interactive sign-in: the fresh cache (already stored).
    void setCache(const TokenCache &cache);
    // The same account signed in again: new metadata and cache, same provider (callers keep it).
    void replace(const Account &account, const TokenCache &cache);
    // The cache in memory, if it has been read or set (a new sign-in of the account adds to it).
    const std::optional<TokenCache> &cache() const { return m_cache; }
    // Sign-out: pending requests end Cancelled and the in-memory tokens are dropped.
    void clear();

    static QString cacheKey(const QString &accountId) { return TokenStore::cacheKey(accountId); }
    static QString credentialKey(const QString &accountId) { return TokenStore::credentialKey(accountId); }
    static constexpr int minimumValiditySeconds = 300;

Q_SIGNALS:
    // accounts.json no longer names this sign-in: another process signed the account out.
    void signedOutElsewhere(const QString &accountId);

private:
    struct Waiter
    {
        QPointer<QObject> context;
        Completion<AccessToken> done;
    };
    struct Target
    {
        QString tenant;
        QStringList scopes; // what the cache is searched with and the token is asked for
        QString resource;   // for messages: e.g. https://management.azure.com/
        QString key() const;
    };
    struct Unsaved
    {
        QString key;
        AccessToken token;
    };

    void serve(const Target &target, bool forceRefresh, Waiter waiter);
    void fetch(const Target &target);
    void redeem(const Target &target);
    void clientCredentials(const Target &target);
    void received(const Target &target, const TokenResponse &tokens, const Identity &identity);
    void failFetch(const Target &target, AzureError error);
    void scheduleSave();
    void save();
    void withCache(std::function<void(const std::optional<AzureError> &)> next);
    bool checkSignedIn();
    void deliver(const Waiter &w, const Expected<AccessToken> &result);
    AccessToken describe(const QByteArray &token, const QDateTime &expiresOn, const QString &tenant) const;
    QDateTime now() const;

    const AuthEnvironment *m_env;
    AuthorityMetadata *m_metadata;
    TokenStore m_store;
    Account m_account;
    CloudEnvironment m_cloud;
    std::optional<TokenCache> m_cache;
    QList<std::function<void(const std::optional<AzureError> &)>> m_loading; // waiting for the first read
    QHash<QString, QList<Waiter>> m_fetches;                                 // target key -> its callers
    QList<Unsaved> m_unsaved;                                                // answers waiting for a save
    bool m_saving = false;
    bool m_saveScheduled = false;
    bool m_signedOut = false;
    quint64 m_generation = 0; // bumped by clear(): late answers of a signed-out account are dropped
};

} // namespace pal
