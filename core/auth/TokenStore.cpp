#include "TokenStore.h"

#include "AccountsFile.h"
#include "CacheSecret.h"
#include "ConfigLock.h"
#include "Logging.h"
#include "SecretStore.h"
#include "Wipe.h"

#include <QObject>

namespace pal {

TokenStore::TokenStore(SecretStore *secrets, ConfigLock *lock, AccountsFile *accounts, std::function<QDateTime()> now)
    : m_secrets(secrets)
    , m_lock(lock)
    , m_accounts(accounts)
    , m_now(std::move(now))
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

void TokenStore::load(const QString &accountId, QObject *context, Completion<TokenCache> done) const
{
    CacheSecret::read(m_secrets, cacheKey(accountId), context, [done](const Expected<QByteArray> &data) {
        if (!data)
            return done(data.error());
        QByteArray bytes = data.value();
        if (bytes.isEmpty())
            return done(TokenCache());
        auto cache = TokenCache::fromJson(bytes);
        wipe(bytes);
        done(cache);
    });
}

void TokenStore::mergeAndWrite(const QString &accountId, const TokenCache &mine, QObject *context,
                               Completion<TokenCache> done) const
{
    // A copy: the store may be a temporary of its caller, gone before the keychain answers.
    const TokenStore self = *this;
    load(accountId, context, [=](const Expected<TokenCache> &stored) {
        TokenCache onDisk;
        if (stored) {
            onDisk = stored.value();
        } else if (stored.error().code != QLatin1String("damaged_cache")) {
            return done(stored.error()); // the keychain failed: nothing is written
        } else {
            qCWarning(lcCache) << "replacing a damaged token cache of account" << accountId;
        }
        const TokenCache merged = TokenCache::merged(onDisk, mine, self.m_now());
        auto json = std::make_shared<QByteArray>(merged.toJson());
        CacheSecret::write(self.m_secrets, cacheKey(accountId), *json, context,
                           [json, merged, done](const Expected<Done> &written) {
                               wipe(*json);
                               if (!written)
                                   return done(written.error());
                               done(merged);
                           });
    });
}

void TokenStore::save(const Account &account, const TokenCache &mine, QObject *context,
                      Completion<TokenCache> done) const
{
    if (!account.remembered || !m_lock)
        return mergeAndWrite(account.id, mine, context, std::move(done));
    const TokenStore self = *this;
    m_lock->acquire(context, [=](const Expected<std::shared_ptr<ConfigLock::Hold>> &hold) {
        if (!hold)
            return done(hold.error());
        // Checked with the lock held, so a sign-out either happened before (and we write nothing)
        // or waits until this write is done (and then removes it).
        if (self.isSignedOut(account))
            return done(signedOut(account));
        // Copies of this completion live on in the keychain steps: release the lock explicitly.
        auto held = std::make_shared<std::shared_ptr<ConfigLock::Hold>>(hold.value());
        self.mergeAndWrite(account.id, mine, context, [held, done](const Expected<TokenCache> &merged) {
            held->reset();
            done(merged);
        });
    });
}

} // namespace pal
