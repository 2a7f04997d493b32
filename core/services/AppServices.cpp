#include "AppServices.h"

#include "AccountManager.h"
#include "AccountServices.h"
#include "AccountServicesPool.h"
#include "AppConfig.h"
#include "CheckRegistry.h"
#include "FolderSecretStore.h"
#include "KeychainSecretStore.h"
#include "LinkHistory.h"
#include "Logging.h"
#include "NetworkAccessPool.h"
#include "PartnerLinks.h"
#include "SecretStore.h"
#include "Workspace.h"

#include <QDir>
#include <QFileSystemWatcher>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTimer>

namespace pal {

namespace {

// Several events (the lock file, settings.json's temporary file, its rename) come with one save.
constexpr int ReloadDelayMs = 50;

} // namespace

AppServices::AppServices(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_network(std::make_unique<NetworkAccessPool>())
{}

AppServices::~AppServices()
{
    // Users of the network and the secret store first.
    m_workspace.reset();
    m_accountServices.reset();
    m_history.reset();
    m_accounts.reset();
    m_network->clearConnectionCache();
}

bool AppServices::memoryStoreRequested()
{
    return qEnvironmentVariable("PALDESK_SECRET_STORE")
               .trimmed()
               .compare(QLatin1String("memory"), Qt::CaseInsensitive) == 0;
}

QString AppServices::configDirectory()
{
    if (m_options.ephemeral) {
        if (!m_temporary)
            m_temporary = std::make_unique<QTemporaryDir>();
        return m_temporary->path();
    }
    return m_options.configDirectory.isEmpty() ? AppConfig::defaultDirectory() : m_options.configDirectory;
}

AppConfig *AppServices::config()
{
    if (m_config)
        return m_config.get();
    m_config = std::make_unique<AppConfig>(configDirectory());
    if (const auto loaded = m_config->load(); !loaded) {
        m_configError = loaded.error();
        qCWarning(lcServices).noquote() << "settings not read:" << loaded.error().message;
    }
    if (m_options.watchConfiguration)
        watchFolder(m_config->directory());
    return m_config.get();
}

AccountManager *AppServices::accounts()
{
    if (m_accounts)
        return m_accounts.get();
    AppConfig *configuration = config();
    SecretStore *store = m_options.secretStore;
    if (!store) {
        if (m_options.memoryOnly || memoryStoreRequested()) {
            m_secrets = std::make_unique<MemorySecretStore>();
            m_whyNotPersistent = QStringLiteral("the memory store was chosen for this run");
        } else {
            m_keychain = std::make_unique<KeychainSecretStore>();
            m_secrets = std::make_unique<FolderSecretStore>(
                m_keychain.get(),
                FolderSecretStore::prefixFor(configuration->directory(), AppConfig::standardDirectory()));
        }
        store = m_secrets.get();
    } else if (!store->isPersistent()) {
        m_whyNotPersistent = QStringLiteral("the memory store was chosen for this run");
    }
    // Nothing to probe in a memory store: it is known not to persist.
    m_secretStoreChecked = !m_whyNotPersistent.isEmpty();
    m_accounts = std::make_unique<AccountManager>(m_network.get(), store, configuration->directory(), m_browser);
    if (const auto restored = m_accounts->restore(); !restored) {
        m_accountsError = restored.error();
        qCWarning(lcServices).noquote() << "accounts not read:" << restored.error().message;
    }
    return m_accounts.get();
}

QString AppServices::secretStoreDescription() const
{
    return m_accounts ? m_accounts->secretStoreDescription() : QString();
}

void AppServices::checkSecretStore(QObject *context, Completion<Done> done)
{
    AccountManager *manager = accounts();
    if (m_secretStoreChecked) {
        QTimer::singleShot(0, context, [done = std::move(done)] { done(Done{}); });
        return;
    }
    m_secretStoreChecked = true;
    manager->checkSecretStore(context, [this, done = std::move(done)](const Expected<Done> &checked) {
        if (!checked) {
            m_whyNotPersistent = QStringLiteral("the keychain is not reachable (%1)").arg(checked.error().message);
            qCWarning(lcServices).noquote() << "secrets are kept in memory only:" << m_whyNotPersistent;
        }
        done(checked);
    });
}

bool AppServices::secretsPersist() const
{
    return m_accounts && m_accounts->secretsPersist();
}

LinkHistory *AppServices::history()
{
    if (m_history)
        return m_history.get();
    AppConfig *configuration = config();
    // Beside the configuration when it was moved (PALDESK_CONFIG_DIR, a test's or --sandbox's
    // folder), so such a run keeps its history to itself; else in the user's data folder.
    const bool moved = m_options.ephemeral || !m_options.configDirectory.isEmpty() ||
                       !qEnvironmentVariable("PALDESK_CONFIG_DIR").isEmpty();
    const QString path =
        moved ? QDir(configuration->directory()).filePath(LinkHistory::fileName()) : LinkHistory::defaultPath();
    m_history = std::make_unique<LinkHistory>(path, configuration->directory(), m_options.appName);
    if (m_watcher)
        watchFolder(QFileInfo(path).absolutePath());
    return m_history.get();
}

void AppServices::recordChanges(PartnerLinks *links, AccessTokenProvider *tokens)
{
    LinkHistory *h = history();
    connect(links, &PartnerLinks::linkChanged, h, [h, tokens](const LinkChange &c) { h->record(c, tokens); });
    connect(links, &PartnerLinks::linkChangeFailed, h, [h, tokens](const LinkChange &c) { h->record(c, tokens); });
}

AccountServicesPool *AppServices::accountServices()
{
    if (m_accountServices)
        return m_accountServices.get();
    m_accountServices = std::make_unique<AccountServicesPool>(m_network.get(), accounts(), m_options.retry);
    connect(m_accountServices.get(), &AccountServicesPool::servicesCreated, this,
            [this](AccountServices *services) { recordChanges(&services->links(), services->tokens()); });
    return m_accountServices.get();
}

const CheckRegistry &AppServices::checks()
{
    if (!m_checks)
        m_checks = CheckRegistry::standard();
    return *m_checks;
}

Workspace *AppServices::workspace()
{
    if (m_workspace)
        return m_workspace.get();
    m_workspace = std::make_unique<Workspace>(accounts(), config(), accountServices());
    LinkHistory *h = history();
    // The workspace's PartnerLinks change with the account: it forwards their signals.
    const auto record = [this, h](const LinkChange &c) {
        const std::optional<Account> &account = m_workspace->account();
        h->record(c, account ? m_accounts->tokenProvider(account->id) : nullptr);
    };
    connect(m_workspace.get(), &Workspace::linkChanged, h, record);
    connect(m_workspace.get(), &Workspace::linkChangeFailed, h, record);
    // This process's own changes are already shown: only another process's make it read again.
    connect(h, &LinkHistory::appended, this,
            [this](const HistoryEntry &e) { m_lastChangeSeen.insert(e.tenantId, e.time); });
    return m_workspace.get();
}

Expected<CloudEnvironment> AppServices::startSandbox()
{
    if (m_sandboxCloud)
        return *m_sandboxCloud;
    if (!m_options.startSandbox)
        return AzureError::make(AzureError::Kind::InvalidInput,
                                QStringLiteral("This build of PAL Desk has no sandbox."));
    const Expected<QByteArray> json = m_options.startSandbox();
    if (!json)
        return json.error();
    QJsonObject o = QJsonDocument::fromJson(json.value()).object();
    // Named so that no cloud a user registers can be mistaken for it.
    o.insert(QStringLiteral("name"), AppConfig::inProcessSandboxName());
    const Expected<CloudEnvironment> cloud = CloudEnvironment::fromJson(o);
    if (!cloud)
        return AzureError::make(AzureError::Kind::BadResponse,
                                QStringLiteral("The sandbox's cloud is not usable: %1").arg(cloud.error().message));
    m_sandboxCloud = cloud.value();
    config()->registerSessionCloud(*m_sandboxCloud);
    return *m_sandboxCloud;
}

void AppServices::watchFolder(const QString &folder)
{
    if (!m_watcher) {
        m_watcher = new QFileSystemWatcher(this);
        m_reload = new QTimer(this);
        m_reload->setSingleShot(true);
        m_reload->setInterval(ReloadDelayMs);
        connect(m_watcher, &QFileSystemWatcher::directoryChanged, m_reload, qOverload<>(&QTimer::start));
        connect(m_reload, &QTimer::timeout, this, &AppServices::reloadFromDisk);
    }
    // A folder that does not exist yet (nothing saved so far) is created, as the first save would.
    QDir().mkpath(folder);
    if (!m_watcher->directories().contains(folder) && !m_watcher->addPath(folder))
        qCWarning(lcServices).noquote() << "changes by other processes will not be seen: cannot watch" << folder;
}

void AppServices::reloadFromDisk()
{
    // Each reload emits only what differs from what this process already holds.
    if (m_config) {
        if (const auto reloaded = m_config->reload(); !reloaded)
            qCWarning(lcServices).noquote() << "settings not reloaded:" << reloaded.error().message;
    }
    if (m_accounts) {
        if (const auto reloaded = m_accounts->reload(); !reloaded)
            qCWarning(lcServices).noquote() << "accounts not reloaded:" << reloaded.error().message;
    }
    if (m_history) {
        m_history->noticeChange();
        refreshLinkChangedElsewhere();
    }
}

void AppServices::refreshLinkChangedElsewhere()
{
    // A `palctl partner create` (or another paldesk) changed the link in the directory this one
    // shows: read it again, so the blade and the validation view do not offer a stale answer.
    if (!m_workspace || m_workspace->currentDirectoryId().isEmpty())
        return;
    const auto last = m_history->lastChange(m_workspace->currentDirectoryId());
    if (!last || !last.value())
        return;
    const QDateTime when = last.value()->time;
    const bool seen = m_lastChangeSeen.value(m_workspace->currentDirectoryId()) >= when;
    m_lastChangeSeen.insert(m_workspace->currentDirectoryId(), when);
    if (!seen)
        m_workspace->refreshLink();
}

} // namespace pal
