#include "AccountManager.h"

#include "AbandonedSignIns.h"
#include "AccountTokenProvider.h"
#include "AccountsFile.h"
#include "AuthorityMetadata.h"
#include "BrowserSignIn.h"
#include "CacheSecret.h"
#include "ClientCredentialSignIn.h"
#include "ConfigLock.h"
#include "DeadlineSecretStore.h"
#include "DeviceCodeSignIn.h"
#include "JsonFile.h"
#include "Logging.h"
#include "SecretStore.h"
#include "SignInSession.h"
#include "TokenStore.h"
#include "UnusableAccount.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTimer>
#include <QUuid>

namespace pal {

// Azure CLI's public client: Microsoft first-party, pre-authorized for ARM in every tenant, so
// customer directories need no consent for it (see README "Client ID").
QString defaultClientId()
{
    return QStringLiteral("04b07795-8ddb-461a-bbee-02f9e1bf7b46");
}

class AccountManager::Private
{
public:
    explicit Private(const QString &dir)
        : configDir(dir)
        , lock(dir)
        , accountsFile(&lock)
    {}

    AccountManager *q = nullptr;
    AuthEnvironment env;
    SystemClock systemClock;
    MemorySecretStore memoryOnly;
    bool fellBackToMemory = false;
    QString configDir;
    ConfigLock lock;
    AccountsFile accountsFile;
    std::unique_ptr<AuthorityMetadata> metadata;
    QList<Account> accounts;  // as in accounts.json when this process last read or wrote it
    QList<Account> ephemeral; // this process only
    QHash<QString, AccountTokenProvider *> providers;
    std::chrono::milliseconds keychainDeadline = DeadlineSecretStore::DefaultDeadline;
    QStringList swept; // sign-ins cut short whose keychain items were removed
    // Test hook (README "Tests"): a sign-in waits this long between its keychain writes and
    // accounts.json, so a test can kill the process there.
    const int pauseBeforeAccounts = qEnvironmentVariableIntValue("PALDESK_TEST_PAUSE_BEFORE_ACCOUNTS_MS");
    // Handed out for accounts that cannot get tokens; kept, as callers may hold them.
    QHash<QString, std::shared_ptr<UnusableAccount>> unusable;

    Expected<CloudEnvironment> cloudFor(const Account &account) const;
    AccessTokenProvider *unusableProvider(const QString &accountId, const AzureError &why);
    SecretStore *secretsFor(const Account &account)
    {
        return account.remembered ? env.secrets : static_cast<SecretStore *>(&memoryOnly);
    }
    TokenStore tokenStoreFor(const Account &account)
    {
        const Clock *clock = env.clock;
        return TokenStore(
            secretsFor(account), account.remembered ? &lock : nullptr, account.remembered ? &accountsFile : nullptr,
            [clock] { return clock->now(); }, keychainDeadline);
    }
    AccountTokenProvider *providerFor(const Account &account);
    void store(const SignInResult &result, bool remember, Completion<Account> done);
    void stored(const Account &account, const TokenCache &cache);
    void setAccounts(const QList<Account> &onDisk);
    CallHandle launch(SignInSession *session);
    // The caller's completion, dropped if its context dies first.
    static Completion<Account> bound(QObject *context, Completion<Account> done)
    {
        if (!context)
            return done;
        return [guard = QPointer<QObject>(context), done = std::move(done)](const Expected<Account> &r) {
            if (guard)
                done(r);
        };
    }
    SignInSession::StoreStep storeStep(bool remember)
    {
        return
            [this, remember](const SignInResult &r, Completion<Account> done) { store(r, remember, std::move(done)); };
    }
};

Expected<CloudEnvironment> AccountManager::Private::cloudFor(const Account &account) const
{
    if (auto builtIn = CloudEnvironment::findBuiltIn(account.cloudName))
        return *builtIn;
    const auto custom = CloudEnvironment::fromJson(account.cloudDefinition);
    if (custom)
        return custom;
    // Saved by an earlier version under rules since changed, or edited by hand.
    const QString who = account.username.isEmpty()
                            ? account.id
                            : account.username + QStringLiteral(" (") + account.id + QLatin1Char(')');
    const QString cloud = account.cloudName.isEmpty() ? QStringLiteral("that has no name")
                                                      : QStringLiteral("\"%1\"").arg(account.cloudName);
    return AzureError::make(
        AzureError::Kind::InvalidInput,
        QStringLiteral("The account %1 cannot be used: the cloud %2 saved for it in %3 is not valid: %4 Register "
                       "the cloud again (palctl cloud register --force, or Settings in PAL Desk), or sign out and "
                       "sign in again.")
            .arg(who, cloud, AccountsFile::FileName, custom.error().message),
        QStringLiteral("InvalidAccountCloud"));
}

AccessTokenProvider *AccountManager::Private::unusableProvider(const QString &accountId, const AzureError &why)
{
    auto &provider = unusable[accountId];
    if (provider)
        provider->setReason(why);
    else
        provider = std::make_shared<UnusableAccount>(why);
    return provider.get();
}

AccountTokenProvider *AccountManager::Private::providerFor(const Account &account)
{
    if (auto *p = providers.value(account.id))
        return p;
    const auto cloud = cloudFor(account);
    if (!cloud)
        return nullptr;
    auto *provider = new AccountTokenProvider(&env, metadata.get(), tokenStoreFor(account), account, *cloud, q);
    QObject::connect(provider, &AccountTokenProvider::signedOutElsewhere, q, [this] {
        // Unreadable accounts.json: keep the accounts as they are; the next token request says so.
        if (const auto reloaded = q->reload(); !reloaded)
            qCWarning(lcAuth) << "could not read the accounts again:" << reloaded.error().message;
    });
    providers.insert(account.id, provider);
    return provider;
}

void AccountManager::Private::setAccounts(const QList<Account> &onDisk)
{
    const bool changed = [&] {
        if (onDisk.size() != accounts.size())
            return true;
        for (qsizetype i = 0; i < onDisk.size(); ++i)
            if (onDisk.at(i).toStorage() != accounts.at(i).toStorage())
                return true;
        return false;
    }();
    accounts = onDisk;
    if (changed)
        Q_EMIT q->accountsChanged();
}

void AccountManager::Private::stored(const Account &account, const TokenCache &cache)
{
    // Callers may hold the provider: keep it, with the new sign-in.
    if (auto *existing = providers.value(account.id))
        existing->replace(account, cache);
    else if (auto *provider = providerFor(account))
        provider->setCache(cache);
    qCInfo(lcAuth) << "signed in account" << account.id << (account.remembered ? "" : "(this process only)");
}

void AccountManager::Private::store(const SignInResult &r, bool remember, Completion<Account> done)
{
    Account account = r.account;
    account.remembered = remember;
    // Signing in again (e.g. interactively to a directory that wants MFA) adds to what is cached.
    TokenCache cache;
    if (auto *existing = providers.value(account.id); existing && existing->cache())
        cache = *existing->cache();
    TokenCache::Context c;
    c.environment = r.environment;
    c.clientId = account.clientId;
    c.realm = r.realm;
    c.scopes = r.scopes;
    c.identity = r.identity;
    c.accountSource = r.accountSource;
    c.now = env.clock->now();
    cache.add(r.tokens, c);
    const QByteArray credential = account.isServicePrincipal() ? r.credential : QByteArray();

    if (!remember) {
        account.signInId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        TokenStore tokens = tokenStoreFor(account);
        tokens.mergeAndWrite(
            account.id, cache, q, [this, account, credential, done](const Expected<TokenCache> &merged) {
                if (!merged)
                    return done(merged.error());
                auto finish = [this, account, merged = merged.value(), done](const Expected<Done> &written) {
                    if (!written)
                        return done(written.error());
                    for (qsizetype i = 0; i < ephemeral.size(); ++i)
                        if (ephemeral.at(i).id == account.id)
                            ephemeral.removeAt(i--);
                    ephemeral.append(account);
                    stored(account, merged);
                    Q_EMIT q->accountsChanged();
                    done(account);
                };
                if (credential.isEmpty())
                    return finish(Done{});
                memoryOnly.write(TokenStore::credentialKey(account.id), credential, q, finish);
            });
        return;
    }

    // One section under the lock: the sign-in's generation, the merged cache, the credential and
    // accounts.json, with no other writer (a sign-out, say) in between.
    lock.acquire(q, [this, account, cache, credential, done](const Expected<std::shared_ptr<ConfigLock::Hold>> &hold) {
        if (!hold)
            return done(hold.error());
        auto held = std::make_shared<std::shared_ptr<ConfigLock::Hold>>(hold.value());
        Account signedIn = account;
        // Signed in already (here or elsewhere): the same sign-in goes on. Else a new one begins,
        // and a process still holding an earlier, signed-out copy of the account writes nothing.
        // (An account of the first version has no generation yet; it keeps none until a sign-out.)
        const auto onDisk = accountsFile.find(account.id);
        if (!onDisk) {
            held->reset();
            return done(onDisk.error());
        }
        signedIn.signInId =
            onDisk.value() ? onDisk.value()->signInId : QUuid::createUuid().toString(QUuid::WithoutBraces);
        // Counted, so processes holding refresh tokens of an earlier sign-in let this one's win.
        signedIn.signIns = (onDisk.value() ? onDisk.value()->signIns : 0) + 1;
        std::function<void(const AzureError &)> fail = [held, done](const AzureError &e) {
            held->reset();
            done(e);
        };
        auto timed = std::make_shared<DeadlineSecretStore>(env.secrets, keychainDeadline);
        // A new account is recorded as pending before its first keychain write: if this process
        // dies before accounts.json lists it, the items are swept (AbandonedSignIns); if the
        // keychain fails, they go now, with the record (kept for a sweep if that fails too).
        if (!onDisk.value()) {
            if (const auto recorded = accountsFile.addPending(
                    {signedIn.id, signedIn.username, QCoreApplication::applicationPid(), env.clock->now()});
                !recorded)
                return fail(recorded.error());
            fail = [this, timed, id = signedIn.id, fail](const AzureError &e) {
                // The completion keeps the store alive while the removals run.
                AbandonedSignIns::discard(timed.get(), &accountsFile, id, q,
                                          [fail, e, timed](const Expected<Done> &) { fail(e); });
            };
        }
        const Clock *clock = env.clock;
        TokenStore tokens(
            timed.get(), &lock, &accountsFile, [clock] { return clock->now(); }, keychainDeadline);
        tokens.mergeAndWrite(signedIn.id, cache, q,
                             [this, signedIn, credential, held, timed, done, fail](const Expected<TokenCache> &merged) {
                                 if (!merged)
                                     return fail(merged.error());
                                 auto listAccount = [this, signedIn, merged = merged.value(), held, done,
                                                     fail](const Expected<Done> &credentialStored) {
                                     if (!credentialStored)
                                         return fail(credentialStored.error());
                                     const auto written = accountsFile.update([&](QList<Account> &list) {
                                         for (qsizetype i = 0; i < list.size(); ++i)
                                             if (list.at(i).id == signedIn.id)
                                                 list.removeAt(i--);
                                         list.append(signedIn);
                                     });
                                     held->reset();
                                     if (!written)
                                         return done(written.error());
                                     stored(signedIn, merged);
                                     accounts = written.value();
                                     Q_EMIT q->accountsChanged(); // a sign-in is news even when nothing else changed
                                     done(signedIn);
                                 };
                                 auto finish = [this, listAccount](const Expected<Done> &credentialStored) {
                                     if (pauseBeforeAccounts <= 0 || !credentialStored)
                                         return listAccount(credentialStored);
                                     QTimer::singleShot(pauseBeforeAccounts, q, [listAccount] { listAccount(Done{}); });
                                 };
                                 if (credential.isEmpty())
                                     return finish(Done{});
                                 timed->write(TokenStore::credentialKey(signedIn.id), credential, q, finish);
                             });
    });
}

CallHandle AccountManager::Private::launch(SignInSession *session)
{
    QObject::connect(session, &SignInSession::stateChanged, q, &AccountManager::signInStateChanged);
    session->start();
    return CallHandle(session);
}

AccountManager::AccountManager(QNetworkAccessManager *network, SecretStore *secrets, QString configDir,
                               BrowserOpener *browser, const Clock *clock, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(configDir))
{
    d->q = this;
    d->env.network = network;
    d->env.secrets = secrets ? secrets : &d->memoryOnly;
    d->env.clock = clock ? clock : &d->systemClock;
    d->env.browser = browser;
    d->metadata = std::make_unique<AuthorityMetadata>(network, this);
}

AccountManager::~AccountManager() = default;

Expected<Done> AccountManager::restore()
{
    const auto restored = d->accountsFile.load();
    if (!restored)
        return restored.error();
    d->accounts = restored.value();
    Q_EMIT accountsChanged();
    return Done{};
}

Expected<Done> AccountManager::reload()
{
    const auto onDisk = d->accountsFile.load();
    if (!onDisk)
        return onDisk.error();
    d->setAccounts(onDisk.value());
    return Done{};
}

QList<Account> AccountManager::accounts() const
{
    QList<Account> all = d->accounts;
    for (const Account &a : d->ephemeral) {
        for (qsizetype i = 0; i < all.size(); ++i)
            if (all.at(i).id == a.id)
                all.removeAt(i--);
        all.append(a);
    }
    return all;
}

std::optional<Account> AccountManager::account(const QString &id) const
{
    for (const Account &a : accounts())
        if (a.id == id)
            return a;
    return std::nullopt;
}

QList<Account> AccountManager::accountsOnCloud(const QString &cloudName) const
{
    QList<Account> on;
    QList<Account> all = accounts();
    if (const auto onDisk = d->accountsFile.load())
        for (const Account &a : onDisk.value())
            if (!account(a.id))
                all.append(a);
    for (const Account &a : all)
        if (a.cloudName.compare(cloudName, Qt::CaseInsensitive) == 0)
            on.append(a);
    return on;
}

Expected<Done> AccountManager::updateCloud(const CloudEnvironment &cloud)
{
    const QJsonObject definition = cloud.toJson();
    const auto written = d->accountsFile.update([&](QList<Account> &list) {
        for (Account &a : list)
            if (a.cloudName.compare(cloud.name, Qt::CaseInsensitive) == 0 && !cloud.builtIn)
                a.cloudDefinition = definition;
    });
    if (!written)
        return written.error();
    for (Account &a : d->ephemeral)
        if (a.cloudName.compare(cloud.name, Qt::CaseInsensitive) == 0)
            a.cloudDefinition = definition;
    // Providers keep their cloud; accounts on the changed cloud get new ones on next use.
    for (auto it = d->providers.begin(); it != d->providers.end();) {
        if (it.value()->account().cloudName.compare(cloud.name, Qt::CaseInsensitive) == 0) {
            it.value()->clear();
            it.value()->deleteLater();
            it = d->providers.erase(it);
        } else {
            ++it;
        }
    }
    d->setAccounts(written.value());
    return Done{};
}

bool AccountManager::secretsPersist() const
{
    return d->env.secrets->isPersistent();
}

QString AccountManager::secretStoreDescription() const
{
    return d->env.secrets->description();
}

void AccountManager::setPollingTimeScale(double scale)
{
    d->env.timeScale = scale > 0 ? scale : 1.0;
}

void AccountManager::checkSecretStore(QObject *context, Completion<Done> done)
{
    if (!d->env.secrets->isPersistent()) {
        QMetaObject::invokeMethod(
            context, [done] { done(Done{}); }, Qt::QueuedConnection);
        return;
    }
    d->env.secrets->probe(context, [this, context, done](const Expected<Done> &probed) {
        if (!probed) {
            qCWarning(lcCache) << "no usable keychain; secrets are kept for this session only";
            d->env.secrets = &d->memoryOnly;
            d->fellBackToMemory = true;
            Q_EMIT secretStoreChanged();
            return done(probed);
        }
        // The keychain answers: the items of sign-ins cut short go now (start-up, login, logout).
        sweepAbandonedSignIns(context, [done](const Expected<QStringList> &swept) {
            if (!swept)
                qCWarning(lcAuth) << "sign-ins cut short were not swept:" << swept.error().message;
            done(Done{});
        });
    });
}

void AccountManager::sweepAbandonedSignIns(QObject *context, Completion<QStringList> done)
{
    if (!d->env.secrets->isPersistent()) // memory: the keychain's items are not ours to judge
        return QTimer::singleShot(0, context, [done = std::move(done)] { done(QStringList()); });
    AbandonedSignIns::sweep(d->env.secrets, &d->lock, &d->accountsFile, d->keychainDeadline, context,
                            [this, done](const Expected<QStringList> &swept) {
                                if (swept)
                                    d->swept << swept.value();
                                done(swept);
                            });
}

QStringList AccountManager::sweptSignIns() const
{
    return d->swept;
}

void AccountManager::setKeychainDeadline(std::chrono::milliseconds deadline)
{
    d->keychainDeadline = deadline;
}

CallHandle AccountManager::signInWithBrowser(const SignInOptions &options, QObject *context, Completion<Account> done)
{
    return d->launch(new BrowserSignIn(&d->env, options, d->storeStep(options.remember),
                                       Private::bound(context, std::move(done)), this));
}

CallHandle AccountManager::signInWithDeviceCode(const SignInOptions &options,
                                                std::function<void(const DeviceCodePrompt &)> prompt, QObject *context,
                                                Completion<Account> done)
{
    return d->launch(new DeviceCodeSignIn(&d->env, options, std::move(prompt), d->storeStep(options.remember),
                                          Private::bound(context, std::move(done)), this));
}

CallHandle AccountManager::signInWithClientSecret(const SignInOptions &options, const QByteArray &secret,
                                                  QObject *context, Completion<Account> done)
{
    return d->launch(new ClientCredentialSignIn(&d->env, options, secret, d->storeStep(options.remember),
                                                Private::bound(context, std::move(done)), this));
}

CallHandle AccountManager::signInWithCertificate(const SignInOptions &options, const QString &certificatePath,
                                                 const QByteArray &password, QObject *context, Completion<Account> done)
{
    return d->launch(new ClientCredentialSignIn(
        &d->env, options,
        certificatePath.trimmed().isEmpty() ? certificatePath : QFileInfo(certificatePath).absoluteFilePath(), password,
        d->storeStep(options.remember), Private::bound(context, std::move(done)), this));
}

void AccountManager::signOut(const QString &accountId, QObject *context, Completion<Done> done)
{
    const auto found = account(accountId);
    const auto stored = d->accountsFile.find(accountId);
    const bool onDisk = stored && stored.value().has_value();
    if (!found && !onDisk) {
        QMetaObject::invokeMethod(
            context,
            [done, accountId] {
                done(AzureError::make(AzureError::Kind::NotFound,
                                      QStringLiteral("No account \"%1\" is signed in.").arg(accountId)));
            },
            Qt::QueuedConnection);
        return;
    }
    // Tokens leave memory at once, whatever the keychain says.
    if (auto *provider = d->providers.value(accountId))
        provider->clear();
    auto forget = [this, accountId] {
        if (auto *provider = d->providers.take(accountId))
            provider->deleteLater();
        for (qsizetype i = 0; i < d->ephemeral.size(); ++i)
            if (d->ephemeral.at(i).id == accountId)
                d->ephemeral.removeAt(i--);
        qCInfo(lcAuth) << "signed out account" << accountId;
    };
    if (found && !found->remembered) {
        d->memoryOnly.remove(TokenStore::cacheKey(accountId), context,
                             [this, accountId, forget, context, done](const Expected<Done> &) {
                                 d->memoryOnly.remove(TokenStore::credentialKey(accountId), context,
                                                      [this, forget, done](const Expected<Done> &) {
                                                          forget();
                                                          Q_EMIT accountsChanged();
                                                          done(Done{});
                                                      });
                             });
        return;
    }
    // Its keychain work has a deadline (DeadlineSecretStore): a keychain waiting for a password
    // must not keep every other writer out.
    const auto timed = std::make_shared<DeadlineSecretStore>(d->env.secrets, d->keychainDeadline);
    SecretStore *secrets = timed.get();
    // One section under the lock, so no process writes the account's tokens back in between: every
    // keychain item of the account, then its entry in accounts.json (from then on a process still
    // holding the account finds it signed out). A keychain failure leaves the account listed, so
    // signing out can be tried again.
    d->lock.acquire(context, [this, timed, secrets, accountId, context, forget,
                              done](const Expected<std::shared_ptr<ConfigLock::Hold>> &hold) {
        if (!hold)
            return done(hold.error());
        auto held = std::make_shared<std::shared_ptr<ConfigLock::Hold>>(hold.value());
        auto fail = [held, timed, done](const AzureError &e) {
            held->reset();
            done(e);
        };
        CacheSecret::remove(
            secrets, TokenStore::cacheKey(accountId), context,
            [this, secrets, accountId, context, forget, held, done, fail](const Expected<Done> &removed) {
                if (!removed)
                    return fail(removed.error());
                secrets->remove(TokenStore::credentialKey(accountId), context,
                                [this, accountId, forget, held, done, fail](const Expected<Done> &credentialRemoved) {
                                    if (!credentialRemoved)
                                        return fail(credentialRemoved.error());
                                    const auto written = d->accountsFile.update([&](QList<Account> &list) {
                                        for (qsizetype i = 0; i < list.size(); ++i)
                                            if (list.at(i).id == accountId)
                                                list.removeAt(i--);
                                    });
                                    // Its items are gone: so is any record of a sign-in cut short.
                                    if (written)
                                        if (const auto dropped = d->accountsFile.removePending({accountId}); !dropped)
                                            qCWarning(lcAuth)
                                                << "pending sign-in record kept:" << dropped.error().message;
                                    held->reset();
                                    if (!written)
                                        return done(written.error());
                                    forget();
                                    d->setAccounts(written.value());
                                    done(Done{});
                                });
            });
    });
}

void AccountManager::flush(QObject *context, Completion<Done> done)
{
    struct Pending
    {
        int left = 0;
        std::optional<AzureError> error;
    };
    auto pending = std::make_shared<Pending>();
    const QList<AccountTokenProvider *> providers = d->providers.values();
    pending->left = int(providers.size()) + 1; // + 1: none completes before all are asked
    auto one = [pending, done](const Expected<Done> &r) {
        if (!r && !pending->error)
            pending->error = r.error();
        if (--pending->left == 0)
            done(pending->error ? Expected<Done>(*pending->error) : Expected<Done>(Done{}));
    };
    for (AccountTokenProvider *p : providers)
        p->flush(context, one);
    one(Done{});
}

AccessTokenProvider *AccountManager::tokenProvider(const QString &accountId)
{
    const auto found = account(accountId);
    if (!found)
        return d->unusableProvider(
            accountId, AzureError::make(AzureError::Kind::InteractionRequired,
                                        QStringLiteral("The account %1 is not signed in here.").arg(accountId),
                                        QStringLiteral("AccountNotSignedIn")));
    if (auto *provider = d->providerFor(*found))
        return provider;
    const auto cloud = d->cloudFor(*found);
    return d->unusableProvider(accountId,
                               cloud ? AzureError::make(AzureError::Kind::InvalidInput,
                                                        QStringLiteral("The account %1 cannot be used.").arg(accountId))
                                     : cloud.error());
}

Expected<CloudEnvironment> AccountManager::cloudOf(const QString &accountId) const
{
    const auto found = account(accountId);
    if (!found)
        return AzureError::make(AzureError::Kind::InteractionRequired,
                                QStringLiteral("The account %1 is not signed in here.").arg(accountId),
                                QStringLiteral("AccountNotSignedIn"));
    return d->cloudFor(*found);
}

} // namespace pal
