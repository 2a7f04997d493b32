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
// kept); requests for the same directory and resource share one network call.
//
// Write-behind: a new token is answered from memory at once, and the cache is written to the
// keychain behind it: at most one write in flight and at most one pending; every token that arrives
// while a write is on its way joins the pending one. Each write is TokenStore::save (lock, re-read,
// merge, write), so what other processes wrote (rotated refresh tokens, sign-outs) still wins. A
// keychain write of a 200-directory cache takes tens of milliseconds; waiting for one per answer
// made a cold fleet run wait on ~160 of them. After a write the next one waits as long as that one
// took (a flush does not wait), so writing takes at most half the time whatever the cache's size:
// at 5,000 directories the cache is 17 MB of JSON and writes back to back kept a core busy for
// the whole fleet run. flush() is what a process calls before it exits.
// Entra keeps a redeemed refresh token valid, so a process killed before its flush loses only
// access tokens, never the sign-in. An account signed out elsewhere (accounts.json) answers "signed
// out" and writes nothing.
// Signed in again elsewhere (accounts.json counts more sign-ins than this copy, e.g. `palctl login`
// to a directory that wants MFA while paldesk runs): the stored refresh token is that sign-in's and
// wins over this process's older ones at the next save, refresh tokens from redemptions of the older
// one that are still on their way are dropped, and a redemption answered "interaction required" is
// tried once more with the stored refresh token.

#include "AccessTokenProvider.h"
#include "Account.h"
#include "CloudEnvironment.h"
#include "TokenCache.h"
#include "TokenStore.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QPointer>
#include <QTimer>

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
    // Sign-out: pending requests end Cancelled and the in-memory tokens are dropped, with the
    // pending keychain write (a write in flight holds the lock, so the sign-out's section follows it).
    void clear();
    // Completes once every token received so far is in the keychain (tokens that arrive later do
    // not hold it up); with the write's error if it failed. At once when nothing is unsaved.
    void flush(QObject *context, Completion<Done> done);
    bool hasUnsavedTokens() const { return m_unsaved > 0 || m_saving; }

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
    struct Flush
    {
        QPointer<QObject> context;
        Completion<Done> done;
        quint64 upTo = 0; // m_received when flush() was called
    };

    void serve(const Target &target, bool forceRefresh, Waiter waiter);
    void fetch(const Target &target);
    void redeem(const Target &target, bool retried = false);
    // Signed in again elsewhere: takes the stored refresh token instead of ours, then redeems again.
    void adoptStoredSignIn(const Target &target, const AzureError &original);
    void takeStoredRefreshToken(const TokenCache &stored, int signIns);
    void clientCredentials(const Target &target);
    void received(const Target &target, TokenResponse tokens, const Identity &identity, quint64 refreshEpoch);
    void failFetch(const Target &target, AzureError error);
    void scheduleSave();
    void save();
    // Completes the flushes whose tokens are written (all of them on an error or when idle).
    void settleFlushes(const std::optional<AzureError> &error, bool all = true);
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
    int m_unsaved = 0;      // tokens in m_cache not yet written (or whose write failed)
    quint64 m_received = 0; // tokens received, ever
    quint64 m_written = 0;  // m_received as of the start of the last write that succeeded
    QList<Flush> m_flushes; // waiting until m_unsaved is 0 and no write is in flight
    std::optional<AzureError> m_lastSaveError;
    bool m_saving = false;
    QTimer m_saveTimer;        // the next write: in this turn of the event loop, or after the pause
    QElapsedTimer m_sinceSave; // since the last write ended
    qint64 m_lastSaveMs = 0;   // how long it took
    bool m_signedOut = false;
    quint64 m_generation = 0; // bumped by clear(): late answers of a signed-out account are dropped
    // Bumped when a newer sign-in's refresh token replaces ours: the refresh tokens of redemptions
    // of the older one still on their way are not kept.
    quint64 m_refreshEpoch = 0;
};

} // namespace pal
