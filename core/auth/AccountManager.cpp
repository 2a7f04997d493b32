#include "AccountManager.h"

#include "AccountTokenProvider.h"
#include "BrowserSignIn.h"
#include "ChunkedSecret.h"
#include "ClientCredentialSignIn.h"
#include "DeviceCodeSignIn.h"
#include "JsonFile.h"
#include "KeychainSecretStore.h"
#include "Logging.h"
#include "SecretStore.h"
#include "SignInSession.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QSaveFile>

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
    AccountManager *q = nullptr;
    AuthEnvironment env;
    SystemClock systemClock;
    MemorySecretStore memoryOnly;
    bool fellBackToMemory = false;
    QString configDir;
    QList<Account> accounts;
    QHash<QString, AccountTokenProvider *> providers;

    QString accountsFile() const { return QDir(configDir).filePath(QStringLiteral("accounts.json")); }
    Expected<Done> save() const;
    std::optional<CloudEnvironment> cloudFor(const Account &account) const;
    AccountTokenProvider *providerFor(const Account &account);
    void store(const SignInResult &result, Completion<Account> done);
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
    SignInSession::StoreStep storeStep()
    {
        return [this](const SignInResult &r, Completion<Account> done) { store(r, std::move(done)); };
    }
};

Expected<Done> AccountManager::Private::save() const
{
    QJsonArray list;
    for (const Account &a : accounts)
        list.append(a.toStorage());
    const QJsonObject root{{QStringLiteral("version"), 1}, {QStringLiteral("accounts"), list}};
    if (!QDir().mkpath(configDir))
        return AzureError::make(AzureError::Kind::InvalidInput,
                                QStringLiteral("The configuration folder %1 cannot be created.").arg(configDir));
    QSaveFile file(accountsFile());
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(root).toJson()) < 0 || !file.commit())
        return AzureError::make(AzureError::Kind::InvalidInput,
                                QStringLiteral("%1 cannot be written: %2").arg(accountsFile(), file.errorString()));
    return Done{};
}

std::optional<CloudEnvironment> AccountManager::Private::cloudFor(const Account &account) const
{
    if (auto builtIn = CloudEnvironment::findBuiltIn(account.cloudName))
        return builtIn;
    auto custom = CloudEnvironment::fromJson(account.cloudDefinition);
    if (custom)
        return custom.value();
    return std::nullopt;
}

AccountTokenProvider *AccountManager::Private::providerFor(const Account &account)
{
    if (auto *p = providers.value(account.id))
        return p;
    const auto cloud = cloudFor(account);
    if (!cloud)
        return nullptr;
    auto *provider = new AccountTokenProvider(&env, account, *cloud, q);
    providers.insert(account.id, provider);
    return provider;
}

void AccountManager::Private::store(const SignInResult &r, Completion<Account> done)
{
    const Account account = r.account;
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

    SecretStore *secrets = env.secrets;
    ChunkedSecret::write(secrets, AccountTokenProvider::cacheKey(account.id), cache.toJson(), q,
                         [this, secrets, account, cache, r, done](const Expected<Done> &written) {
                             if (!written)
                                 return done(written.error());
                             auto finish = [this, account, cache, done](const Expected<Done> &credentialStored) {
                                 if (!credentialStored)
                                     return done(credentialStored.error());
                                 // Replace an earlier sign-in of the same account.
                                 for (qsizetype i = 0; i < accounts.size(); ++i)
                                     if (accounts.at(i).id == account.id)
                                         accounts.removeAt(i--);
                                 accounts.append(account);
                                 const auto saved = save();
                                 if (!saved)
                                     return done(saved.error());
                                 // Callers may hold the provider: keep it, with the new sign-in.
                                 if (auto *existing = providers.value(account.id))
                                     existing->replace(account, cache);
                                 else if (auto *provider = providerFor(account))
                                     provider->setCache(cache);
                                 qCInfo(lcAuth) << "signed in account" << account.id;
                                 Q_EMIT q->accountsChanged();
                                 done(account);
                             };
                             if (account.isServicePrincipal() && !r.credential.isEmpty())
                                 secrets->write(AccountTokenProvider::credentialKey(account.id), r.credential, q,
                                                finish);
                             else
                                 finish(Done{});
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
    , d(std::make_unique<Private>())
{
    d->q = this;
    d->env.network = network;
    d->env.secrets = secrets ? secrets : &d->memoryOnly;
    d->env.clock = clock ? clock : &d->systemClock;
    d->env.browser = browser;
    d->configDir = std::move(configDir);
}

AccountManager::~AccountManager() = default;

Expected<Done> AccountManager::restore()
{
    const QString path = d->accountsFile();
    if (!QFile::exists(path))
        return Done{};
    const auto read = readJsonFile(path);
    if (!read)
        return read.error();
    const QJsonDocument &doc = read.value();
    if (!doc.isObject() || !doc.object().value(QLatin1String("accounts")).isArray())
        return AzureError::make(AzureError::Kind::InvalidInput,
                                QStringLiteral("%1: not a PAL Desk accounts file (no \"accounts\" list).").arg(path));
    QList<Account> restored;
    for (const QJsonValue &v : doc.object().value(QLatin1String("accounts")).toArray()) {
        const Account a = Account::fromStorage(v.toObject());
        if (!a.id.isEmpty())
            restored.append(a);
    }
    d->accounts = restored;
    Q_EMIT accountsChanged();
    return Done{};
}

QList<Account> AccountManager::accounts() const
{
    return d->accounts;
}

std::optional<Account> AccountManager::account(const QString &id) const
{
    for (const Account &a : d->accounts)
        if (a.id == id)
            return a;
    return std::nullopt;
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
    auto *keychain = dynamic_cast<KeychainSecretStore *>(d->env.secrets);
    if (!keychain) {
        QMetaObject::invokeMethod(
            context, [done] { done(Done{}); }, Qt::QueuedConnection);
        return;
    }
    keychain->probe(context, [this, done](const Expected<Done> &probed) {
        if (!probed) {
            qCWarning(lcCache) << "no usable keychain; secrets are kept for this session only";
            d->env.secrets = &d->memoryOnly;
            d->fellBackToMemory = true;
            Q_EMIT secretStoreChanged();
        }
        done(probed);
    });
}

CallHandle AccountManager::signInWithBrowser(const SignInOptions &options, QObject *context, Completion<Account> done)
{
    return d->launch(
        new BrowserSignIn(&d->env, options, d->storeStep(), Private::bound(context, std::move(done)), this));
}

CallHandle AccountManager::signInWithDeviceCode(const SignInOptions &options,
                                                std::function<void(const DeviceCodePrompt &)> prompt, QObject *context,
                                                Completion<Account> done)
{
    return d->launch(new DeviceCodeSignIn(&d->env, options, std::move(prompt), d->storeStep(),
                                          Private::bound(context, std::move(done)), this));
}

CallHandle AccountManager::signInWithClientSecret(const SignInOptions &options, const QByteArray &secret,
                                                  QObject *context, Completion<Account> done)
{
    return d->launch(new ClientCredentialSignIn(&d->env, options, secret, d->storeStep(),
                                                Private::bound(context, std::move(done)), this));
}

CallHandle AccountManager::signInWithCertificate(const SignInOptions &options, const QString &certificatePath,
                                                 const QByteArray &password, QObject *context, Completion<Account> done)
{
    return d->launch(new ClientCredentialSignIn(
        &d->env, options,
        certificatePath.trimmed().isEmpty() ? certificatePath : QFileInfo(certificatePath).absoluteFilePath(), password,
        d->storeStep(), Private::bound(context, std::move(done)), this));
}

void AccountManager::signOut(const QString &accountId, QObject *context, Completion<Done> done)
{
    const auto found = account(accountId);
    if (!found) {
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
    SecretStore *secrets = d->env.secrets;
    ChunkedSecret::remove(secrets, AccountTokenProvider::cacheKey(accountId), context,
                          [this, secrets, accountId, context, done](const Expected<Done> &removed) {
                              if (!removed)
                                  return done(removed.error());
                              secrets->remove(AccountTokenProvider::credentialKey(accountId), context,
                                              [this, accountId, done](const Expected<Done> &credentialRemoved) {
                                                  if (!credentialRemoved)
                                                      return done(credentialRemoved.error());
                                                  for (qsizetype i = 0; i < d->accounts.size(); ++i)
                                                      if (d->accounts.at(i).id == accountId)
                                                          d->accounts.removeAt(i--);
                                                  if (auto *provider = d->providers.take(accountId))
                                                      provider->deleteLater();
                                                  const auto saved = d->save();
                                                  qCInfo(lcAuth) << "signed out account" << accountId;
                                                  Q_EMIT accountsChanged();
                                                  done(saved);
                                              });
                          });
}

AccessTokenProvider *AccountManager::tokenProvider(const QString &accountId)
{
    const auto found = account(accountId);
    if (!found)
        return nullptr;
    return d->providerFor(*found);
}

} // namespace pal
