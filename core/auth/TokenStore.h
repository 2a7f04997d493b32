#pragma once
// TokenStore: an account's token cache as it is kept for every process: in the SecretStore
// (CacheSecret's layout), re-read, merged and written under the ConfigLock, and only while the
// account is still signed in. One per signed-in account, owned by its token provider.
//
//   load()  the cache as stored now (no lock: a write replaces the item in one step);
//   save()  lock -> accounts.json still names this sign-in? -> re-read the stored cache ->
//           TokenCache::merged(stored, mine) -> write -> unlock; completes with the merged cache
//           and what of it the stored copy added (another process's tokens).
//           A signed-out account (gone from accounts.json, or signed in again after a sign-out)
//           gets signedOut() and nothing is written. When accounts.json counts more sign-ins of
//           the account than `account` does (signed in again elsewhere, e.g. with MFA, since this
//           copy was read), the stored refresh token wins over every one of `mine`, however new:
//           those were redeemed from an older sign-in (Saved::refreshTokenReplaced).
// The keychain work under the lock has a deadline (DeadlineSecretStore), after which the section
// fails with keychain_timeout and the lock is released.
// An account signed in for this process only (Account::remembered false) keeps its cache in the
// memory store; there is no lock and no accounts.json to check.
// A large cache (an account in thousands of directories is megabytes of JSON) is parsed, merged
// and written out on a worker thread (runOffThread); the completions come on `context`'s thread.

#include "Account.h"
#include "Expected.h"
#include "TokenCache.h"

#include <QDateTime>
#include <chrono>
#include <functional>
#include <memory>

class QObject;

namespace pal {

class AccountsFile;
class ConfigLock;
class SecretStore;

class TokenStore
{
public:
    // `lock` and `accounts` may be null for an account of this process only.
    TokenStore(SecretStore *secrets, ConfigLock *lock, AccountsFile *accounts, std::function<QDateTime()> now,
               std::chrono::milliseconds keychainDeadline = std::chrono::milliseconds(5'000));

    // What a save wrote, and what of it came from the stored copy rather than from `mine` (tokens
    // another process wrote meanwhile; usually nothing): the copy in memory takes that in.
    struct Saved
    {
        TokenCache merged;
        TokenCache fromStore;
        // The account was signed in again since `account` was read: the stored refresh token
        // replaced this process's, and `signIns` is accounts.json's count.
        bool refreshTokenReplaced = false;
        int signIns = 0;
    };

    SecretStore *secrets() const { return m_secrets; }
    void load(const QString &accountId, QObject *context, Completion<TokenCache> done) const;
    void save(const Account &account, const TokenCache &mine, QObject *context, Completion<Saved> done) const;
    // With the lock already held (a sign-in, which also writes accounts.json in the same section):
    // re-read, merge and write. A damaged stored cache is replaced.
    void mergeAndWrite(const QString &accountId, const TokenCache &mine, QObject *context,
                       Completion<TokenCache> done) const;
    // True when accounts.json no longer names this sign-in of the account (cheap: one small file read).
    bool isSignedOut(const Account &account) const;
    // accounts.json's count of the account's sign-ins (Account::signIns); `account`'s own when the
    // file cannot tell (no file, not listed, unreadable, or an account of this process only).
    int signInsOnDisk(const Account &account) const;

    static QString cacheKey(const QString &accountId);      // SecretStore key of the cache
    static QString credentialKey(const QString &accountId); // client secret / certificate password
    static AzureError signedOut(const Account &account);
    static bool isSignedOutError(const AzureError &error);

private:
    // `replaceRefreshTokensOf`: the account whose RTs in `mine` give way to the stored one.
    void write(const QString &accountId, const TokenCache &mine, const std::optional<Account> &replaceRefreshTokensOf,
               QObject *context, Completion<Saved> done) const;

    SecretStore *m_secrets;
    ConfigLock *m_lock;
    AccountsFile *m_accounts;
    std::function<QDateTime()> m_now;
    std::chrono::milliseconds m_keychainDeadline;
};

} // namespace pal
