#pragma once
// AppServices: the composition root paldesk, palctl and the test fixtures share. It builds, in one
// place, the network access manager, the configuration (settings.json), the one secret-store
// policy, the accounts, the link history and (for paldesk) the workspace, and connects them: the
// history hears every link change, the workspace compares links with "my partner ID", another
// process's change of the configuration folder reaches this one. It starts the in-process sandbox
// through the starter app/ hands it (core never links the sandbox).
//
// Everything is built on first use, so palctl opens only what a command needs: `palctl cloud list`
// reads settings.json and nothing else; only what must know whether sign-ins are remembered
// (login, logout, a keychain error, paldesk's banner) probes the keychain (checkSecretStore()).
//
// The secret store policy, the same for both apps: PALDESK_SECRET_STORE=memory (or
// Options::memoryOnly) keeps secrets in memory for this process; otherwise the OS keychain, and
// when checkSecretStore() finds it unreachable, memory (whyNotPersistent() says why, the apps
// warn). Never a plaintext file. The keychain is seen through the configuration folder's namespace
// (FolderSecretStore): two folders never share an item.
//
// Life cycle: construct with Options; setBrowser() before the first accounts(); use; destroy
// (the workspace, history and accounts end before the network they use). One per process.

#include "AzureError.h"
#include "CloudEnvironment.h"
#include "Expected.h"
#include "RetryPolicy.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QString>
#include <functional>
#include <memory>
#include <optional>

class QFileSystemWatcher;
class QTemporaryDir;
class QTimer;

namespace pal {

class AccessTokenProvider;
class AccountManager;
class AccountServicesPool;
class AppConfig;
class CheckRegistry;
class BrowserOpener;
class LinkHistory;
class NetworkAccessPool;
class PartnerLinks;
class SecretStore;
class Workspace;

// Starts the in-process sandbox (once) and answers its cloud's JSON (CloudEnvironment::fromJson).
using SandboxStarter = std::function<Expected<QByteArray>()>;

class AppServices final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AppServices)
public:
    struct Options
    {
        QString appName;         // "paldesk" or "palctl": the history's "app"
        QString configDirectory; // empty: AppConfig::defaultDirectory()
        bool ephemeral = false;  // a temporary configuration folder, gone with this object (palctl --sandbox)
        bool memoryOnly = false; // secrets in memory for this process, whatever PALDESK_SECRET_STORE says
        SecretStore *secretStore = nullptr; // a store of the caller's (tests); replaces the policy
        RetryPolicy retry;                  // the workspace's
        bool watchConfiguration = false;    // follow other processes' changes of the folder (paldesk)
        SandboxStarter startSandbox;        // empty: no in-process sandbox
    };

    explicit AppServices(Options options, QObject *parent = nullptr);
    ~AppServices() override;

    // PALDESK_SECRET_STORE=memory: the environment asks for the memory store.
    static bool memoryStoreRequested();

    const Options &options() const { return m_options; }
    // A pool of managers: a fleet run really has its concurrency in flight to an HTTP/1.1 server.
    NetworkAccessPool *network() const { return m_network.get(); }
    // The port that opens sign-in pages; set before the first accounts().
    void setBrowser(BrowserOpener *browser) { m_browser = browser; }

    // Loaded on first use. A file that cannot be read leaves the defaults, and configError() says why.
    AppConfig *config();
    const std::optional<AzureError> &configError() const { return m_configError; }
    // Restored from accounts.json on first use (needs the configuration); accountsError() says
    // why when that failed (the manager is usable, without the accounts it could not read).
    AccountManager *accounts();
    const std::optional<AzureError> &accountsError() const { return m_accountsError; }
    // The accounts if something opened them, else null (nothing to flush at exit).
    AccountManager *openedAccounts() const { return m_accounts.get(); }
    QString secretStoreDescription() const;

    // Probes the keychain once (write, read back, delete an item); when it does not answer the
    // accounts keep secrets in memory and whyNotPersistent() says why. Memory stores answer at once.
    void checkSecretStore(QObject *context, Completion<Done> done);
    bool secretStoreChecked() const { return m_secretStoreChecked; }
    bool secretsPersist() const;
    // Empty while the secrets persist; else a phrase: "the memory store was chosen for this run".
    QString whyNotPersistent() const { return m_whyNotPersistent; }

    // $XDG_DATA_HOME/paldesk/history.jsonl, or beside the configuration when it was moved.
    LinkHistory *history();
    // Records every change and failed attempt `links` makes; `tokens` fills in the identity's object
    // id when the change could not see it (a failed create).
    void recordChanges(PartnerLinks *links, AccessTokenProvider *tokens);

    // The desktop app's workspace: its changes are recorded, its links compared with "my partner ID".
    Workspace *workspace();

    // One set of services per signed-in account (its ARM session, throttle, link policy and
    // attribution reader), shared by the workspace, the fleet, the watch and palctl; the changes
    // made through each account's link policy are recorded in the history.
    AccountServicesPool *accountServices();
    // The checks of one directory the apps run (core/checks): link, identity, attribution.
    const CheckRegistry &checks();

    bool canStartSandbox() const { return bool(m_options.startSandbox); }
    // Starts the in-process sandbox once and registers its cloud, named
    // AppConfig::inProcessSandboxName(), for this process only.
    Expected<CloudEnvironment> startSandbox();

private:
    QString configDirectory();
    void watchFolder(const QString &folder);
    void reloadFromDisk();
    void refreshLinkChangedElsewhere();

    Options m_options;
    std::unique_ptr<NetworkAccessPool> m_network;
    BrowserOpener *m_browser = nullptr;
    std::unique_ptr<QTemporaryDir> m_temporary;
    std::unique_ptr<AppConfig> m_config;
    std::optional<AzureError> m_configError;
    std::unique_ptr<SecretStore> m_keychain; // the OS keychain, seen through m_secrets
    std::unique_ptr<SecretStore> m_secrets;
    QString m_whyNotPersistent;
    bool m_secretStoreChecked = false;
    std::unique_ptr<AccountManager> m_accounts;
    std::optional<AzureError> m_accountsError;
    std::unique_ptr<LinkHistory> m_history;
    std::unique_ptr<CheckRegistry> m_checks;
    std::unique_ptr<AccountServicesPool> m_accountServices;
    std::unique_ptr<Workspace> m_workspace;
    std::optional<CloudEnvironment> m_sandboxCloud;
    QFileSystemWatcher *m_watcher = nullptr;    // a child
    QTimer *m_reload = nullptr;                 // a child: a burst of file events becomes one reload
    QHash<QString, QDateTime> m_lastChangeSeen; // directory -> the newest history entry seen for it
};

} // namespace pal
