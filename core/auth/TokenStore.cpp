#include "TokenStore.h"

#include "AccountsFile.h"
#include "CacheSecret.h"
#include "ConfigLock.h"
#include "DeadlineSecretStore.h"
#include "Logging.h"
#include "OffThread.h"
#include "SecretStore.h"
#include "Wipe.h"

#include <QObject>

namespace pal {

TokenStore::TokenStore(SecretStore *secrets, ConfigLock *lock, AccountsFile *accounts, std::function<QDateTime()> now,
                       std::chrono::milliseconds keychainDeadline)
    : m_secrets(secrets)
    , m_lock(lock)
    , m_accounts(accounts)
    , m_now(std::move(now))
    , m_keychainDeadline(keychainDeadline)
{}

QString TokenStore::cacheKey(const QString &accountId)
{
    return accountId + QStringLiteral("/tokencache");
}

QString TokenStore::credentialKey(const QString &accountId)
{
    return accountId + QStringLiteral("/client-credential");
}

AzureError TokenStore::signedOut(const Account &account)
{
    AzureError e = AzureError::make(AzureError::Kind::InteractionRequired,
                                    QStringLiteral("%1 was signed out (in this or another PAL Desk or palctl); sign "
                                                   "in again to use it.")
                                        .arg(account.username.isEmpty() ? account.id : account.username),
                                    QStringLiteral("signed_out"));
    return e;
}

bool TokenStore::isSignedOutError(const AzureError &error)
{
    return error.kind == AzureError::Kind::InteractionRequired && error.code == QLatin1String("signed_out");
}

bool TokenStore::isSignedOut(const Account &account) const
{
    if (!account.remembered || !m_accounts)
        return false;
    const auto onDisk = m_accounts->find(account.id);
    if (!onDisk) // unreadable for a moment (e.g. edited by hand): not a sign-out
        return false;
    return !onDisk.value() || onDisk.value()->signInId != account.signInId;
}

int TokenStore::signInsOnDisk(const Account &account) const
{
    if (!account.remembered || !m_accounts)
        return account.signIns;
    const auto onDisk = m_accounts->find(account.id);
    return onDisk && onDisk.value() ? onDisk.value()->signIns : account.signIns;
}

void TokenStore::load(const QString &accountId, QObject *context, Completion<TokenCache> done) const
{
    CacheSecret::read(m_secrets, cacheKey(accountId), context, [context, done](const Expected<QByteArray> &data) {
        if (!data)
            return done(data.error());
        if (data.value().isEmpty())
            return done(TokenCache());
        runOffThreadIfLarge(
            data.value().size(), context,
            [bytes = data.value()]() mutable {
                auto cache = TokenCache::fromJson(bytes);
                wipe(bytes);
                return cache;
            },
            done);
    });
}

void TokenStore::mergeAndWrite(const QString &accountId, const TokenCache &mine, QObject *context,
                               Completion<TokenCache> done) const
{
    write(accountId, mine, std::nullopt, context, [done](const Expected<Saved> &saved) {
        if (!saved)
            return done(saved.error());
        done(saved.value().merged);
    });
}

void TokenStore::write(const QString &accountId, const TokenCache &mine,
                       const std::optional<Account> &replaceRefreshTokensOf, QObject *context,
                       Completion<Saved> done) const
{
    // A copy: the store may be a temporary of its caller, gone before the keychain answers.
    const TokenStore self = *this;
    CacheSecret::read(m_secrets, cacheKey(accountId), context, [=](const Expected<QByteArray> &stored) {
        const bool damaged = !stored && stored.error().code == QLatin1String("damaged_cache");
        if (!stored && !damaged)
            return done(stored.error()); // the keychain failed: nothing is written
        QByteArray bytes = stored ? stored.value() : QByteArray();
        const QDateTime now = self.m_now();
        struct Merge
        {
            Saved saved;
            QByteArray json;
        };
        // The stored copy parsed, merged into mine and written out: the work grows with the cache.
        const qsizetype size = std::max(bytes.size(), mine.accessTokenCount() * qsizetype(4096));
        runOffThreadIfLarge(
            size, context,
            [bytes, mine, now, damaged, accountId, replaceRefreshTokensOf]() mutable {
                TokenCache onDisk;
                bool replaced = damaged;
                if (!bytes.isEmpty()) {
                    const auto parsed = TokenCache::fromJson(bytes);
                    wipe(bytes);
                    if (parsed)
                        onDisk = parsed.value();
                    else
                        replaced = true;
                }
                if (replaced)
                    qCWarning(lcCache) << "replacing a damaged token cache of account" << accountId;
                Merge m;
                m.saved.merged = mine;
                if (replaceRefreshTokensOf &&
                    !onDisk.json().value(QLatin1String("RefreshToken")).toObject().isEmpty()) {
                    // Signed in again elsewhere: the stored RT is that sign-in's; ours are older.
                    m.saved.merged.removeRefreshTokens(replaceRefreshTokensOf->id, replaceRefreshTokensOf->clientId);
                    m.saved.refreshTokenReplaced = true;
                }
                m.saved.fromStore = m.saved.merged.absorb(onDisk, now);
                m.json = m.saved.merged.toJson();
                return m;
            },
            [self, accountId, context, done](Merge m) {
                auto json = std::make_shared<QByteArray>(std::exchange(m.json, {}));
                CacheSecret::write(self.m_secrets, cacheKey(accountId), *json, context,
                                   [json, saved = m.saved, done](const Expected<Done> &written) {
                                       wipe(*json);
                                       if (!written)
                                           return done(written.error());
                                       done(saved);
                                   });
            });
    });
}

void TokenStore::save(const Account &account, const TokenCache &mine, QObject *context, Completion<Saved> done) const
{
    if (!account.remembered || !m_lock)
        return write(account.id, mine, std::nullopt, context, std::move(done));
    const TokenStore self = *this;
    m_lock->acquire(context, [=](const Expected<std::shared_ptr<ConfigLock::Hold>> &hold) {
        if (!hold)
            return done(hold.error());
        // Checked with the lock held, so a sign-out either happened before (and we write nothing)
        // or waits until this write is done (and then removes it).
        if (self.isSignedOut(account))
            return done(signedOut(account));
        const int signIns = self.signInsOnDisk(account);
        const bool signedInAgain = signIns > account.signIns;
        // Copies of this completion live on in the keychain steps: release the lock explicitly.
        auto held = std::make_shared<std::shared_ptr<ConfigLock::Hold>>(hold.value());
        auto timed = std::make_shared<DeadlineSecretStore>(self.m_secrets, self.m_keychainDeadline);
        TokenStore locked = self;
        locked.m_secrets = timed.get();
        locked.write(account.id, mine, signedInAgain ? std::optional<Account>(account) : std::nullopt, context,
                     [held, timed, signIns, done](const Expected<Saved> &saved) {
                         held->reset();
                         if (!saved)
                             return done(saved.error());
                         Saved result = saved.value();
                         result.signIns = signIns;
                         done(result);
                     });
    });
}

} // namespace pal
