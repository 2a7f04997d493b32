#include "AbandonedSignIns.h"

#include "AccountsFile.h"
#include "CacheSecret.h"
#include "ConfigLock.h"
#include "DeadlineSecretStore.h"
#include "Logging.h"
#include "TokenStore.h"

#include <QCoreApplication>
#include <QSet>
#include <QTimer>
#include <memory>
#ifdef Q_OS_UNIX
#include <cerrno>
#include <csignal>
#endif

namespace pal::AbandonedSignIns {

bool processIsAlive(qint64 pid)
{
    if (pid <= 0)
        return false;
#ifdef Q_OS_UNIX
    return ::kill(pid_t(pid), 0) == 0 || errno == EPERM;
#else
    return false; // the lock alone keeps a live sign-in out of the sweep
#endif
}

namespace {

struct Sweep
{
    std::shared_ptr<DeadlineSecretStore> secrets;
    std::shared_ptr<std::shared_ptr<ConfigLock::Hold>> held;
    AccountsFile *accounts = nullptr;
    QObject *context = nullptr;
    QList<PendingSignIn> abandoned;
    QStringList settled; // records to drop: completed, or their items removed
    QStringList removed; // what to tell the user
    Completion<QStringList> done;
};

void finish(const std::shared_ptr<Sweep> &s, const std::optional<AzureError> &error)
{
    if (!s->settled.isEmpty())
        if (const auto dropped = s->accounts->removePending(s->settled); !dropped && !error) {
            s->held->reset();
            return s->done(dropped.error());
        }
    s->held->reset();
    if (error)
        return s->done(*error);
    s->done(s->removed);
}

// One abandoned sign-in after the other: its token cache, its credential, then the next.
void removeNext(const std::shared_ptr<Sweep> &s)
{
    if (s->abandoned.isEmpty())
        return finish(s, std::nullopt);
    const PendingSignIn p = s->abandoned.takeFirst();
    CacheSecret::remove(s->secrets.get(), TokenStore::cacheKey(p.accountId), s->context,
                        [s, p](const Expected<Done> &cache) {
                            if (!cache)
                                return finish(s, cache.error());
                            s->secrets->remove(TokenStore::credentialKey(p.accountId), s->context,
                                               [s, p](const Expected<Done> &credential) {
                                                   if (!credential)
                                                       return finish(s, credential.error());
                                                   qCInfo(lcAuth) << "removed the keychain items of a sign-in cut "
                                                                     "short, account"
                                                                  << p.accountId;
                                                   s->settled << p.accountId;
                                                   s->removed << (p.username.isEmpty() ? p.accountId : p.username);
                                                   removeNext(s);
                                               });
                        });
}

} // namespace

void discard(SecretStore *secrets, AccountsFile *accounts, const QString &accountId, QObject *context,
             Completion<Done> done)
{
    CacheSecret::remove(secrets, TokenStore::cacheKey(accountId), context, [=](const Expected<Done> &cache) {
        if (!cache)
            return done(cache.error());
        secrets->remove(TokenStore::credentialKey(accountId), context, [=](const Expected<Done> &credential) {
            if (!credential)
                return done(credential.error());
            done(accounts->removePending({accountId}));
        });
    });
}

void sweep(SecretStore *secrets, ConfigLock *lock, AccountsFile *accounts, std::chrono::milliseconds keychainDeadline,
           QObject *context, Completion<QStringList> done)
{
    // Cheap when there is nothing to sweep (the usual case): one small file read, no lock.
    const auto pending = accounts->pending();
    if (pending && pending->isEmpty())
        return QTimer::singleShot(0, context, [done = std::move(done)] { done(QStringList()); });
    lock->acquire(context, [=](const Expected<std::shared_ptr<ConfigLock::Hold>> &hold) {
        if (!hold)
            return done(hold.error());
        auto s = std::make_shared<Sweep>();
        s->held = std::make_shared<std::shared_ptr<ConfigLock::Hold>>(hold.value());
        s->secrets = std::make_shared<DeadlineSecretStore>(secrets, keychainDeadline);
        s->accounts = accounts;
        s->context = context;
        s->done = done;
        const auto records = accounts->pending();
        const auto listed = accounts->load();
        if (!records)
            return finish(s, records.error());
        if (!listed)
            return finish(s, listed.error());
        QSet<QString> ids;
        for (const Account &a : listed.value())
            ids.insert(a.id);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (const PendingSignIn &p : records.value()) {
            if (ids.contains(p.accountId)) {
                s->settled << p.accountId;
                continue;
            }
            const bool recent = p.started.isValid() && p.started.secsTo(now) < qint64(StaleAfter.count()) * 60;
            if (p.pid != QCoreApplication::applicationPid() && recent && processIsAlive(p.pid))
                continue;
            s->abandoned << p;
        }
        removeNext(s);
    });
}

} // namespace pal::AbandonedSignIns
