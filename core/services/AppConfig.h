#pragma once
// AppConfig: PAL Desk's non-secret configuration in one folder: $PALDESK_CONFIG_DIR, else
// QStandardPaths' AppConfigLocation ("~/.config/paldesk"). settings.json holds the chosen cloud,
// custom clouds, the client id, the current account, each account's current directory and "my
// partner ID" (for all accounts, and per account). Never a token or secret.
//
// Observable: every change, made here or read from disk, is announced once by the signal of what
// changed (cloudsChanged, currentCloudChanged, clientIdChanged, currentAccountChanged,
// currentDirectoryChanged, partnerIdChanged), so views follow the configuration instead of
// refreshing each other.
//
// One save policy, for both apps: every setter saves at once. Several processes (paldesk, palctl)
// share the file, and a change saved at once is what the next `palctl` run sees; saving is a short
// locked read-merge-write of a small file, cheap next to anything a user waits for, so there is
// nothing to debounce. A save applies only what this object changed since load() (or the last save)
// onto what is on disk now, under the configuration's ConfigLock, and then holds the merged result:
// a long-running paldesk keeps what a `palctl cloud register` or `palctl login` wrote meanwhile.
// When a save fails (a malformed file on disk is reported, never overwritten; the lock stays
// taken) the change stays in memory, the setter returns the error, saveFailed() is emitted, and
// the next save tries again. Writes are atomic (QSaveFile, 0600). reload() reads the file again
// (another process wrote it; AppServices watches the folder) and announces what differs.
//
// Cloud names: the built-in clouds' and the in-process sandbox's (inProcessSandboxName()) are
// reserved. The in-process sandbox's cloud is registered for this process only
// (registerSessionCloud()): its port is gone when the process ends, so it is never saved.

#include "CloudEnvironment.h"
#include "Expected.h"
#include "WatchSchedule.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <memory>
#include <optional>

namespace pal {

class ConfigLock;

class AppConfig final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AppConfig)
public:
    explicit AppConfig(QString directory, QObject *parent = nullptr);
    ~AppConfig() override;
    static QString defaultDirectory();  // honours PALDESK_CONFIG_DIR
    static QString standardDirectory(); // the user's configuration folder, whatever PALDESK_CONFIG_DIR says
    // "PalDeskSandbox": the cloud of the sandbox paldesk --sandbox and palctl --sandbox start inside themselves.
    static QString inProcessSandboxName();
    // Built-in names and the in-process sandbox's: InvalidInput saying so, for a custom cloud of that name.
    static std::optional<AzureError> checkCustomCloudName(const QString &name);

    const QString &directory() const { return m_directory; }
    QString filePath() const; // {directory}/settings.json
    Expected<Done> load();    // a missing file is an empty config; a malformed one names file/position/problem
    // Reads settings.json again, keeps this object's unsaved changes on top, and emits what differs.
    // A malformed file is reported and changes nothing.
    Expected<Done> reload();
    // Applies this object's unsaved changes (after a failed save) onto settings.json as it is now
    // (see above); a malformed file on disk is reported, never overwritten. The setters call it.
    Expected<Done> save();
    bool hasUnsavedChanges() const;

    QList<CloudEnvironment> clouds() const; // built-in, then custom, then this process's
    std::optional<CloudEnvironment> cloud(const QString &name) const;
    // InvalidInput for a reserved name or an unusable endpoint; registering a name again updates it.
    Expected<Done> registerCloud(const CloudEnvironment &cloud);
    // A cloud for this process only (the in-process sandbox), never saved; replaces an earlier one of the name.
    void registerSessionCloud(const CloudEnvironment &cloud);
    bool isSessionCloud(const QString &name) const;
    Expected<Done> unregisterCloud(const QString &name); // InvalidInput for built-in / unknown
    QString currentCloudName() const;                    // default "AzureCloud"
    Expected<Done> setCurrentCloud(const QString &name);
    CloudEnvironment currentCloud() const;

    QString clientId() const; // empty: the default client id
    Expected<Done> setClientId(const QString &clientId);

    QString currentAccountId() const;
    Expected<Done> setCurrentAccountId(const QString &id);
    QString currentDirectory(const QString &accountId) const;
    // `displayName` (may be empty: unknown) is kept with the directory until the next switch, so
    // palctl names the current directory without GET /tenants.
    Expected<Done> setCurrentDirectory(const QString &accountId, const QString &tenantId,
                                       const QString &displayName = {});
    QString currentDirectoryName(const QString &accountId) const; // empty: not known
    // Forgets the account's current directory and partner ID override (and that it was current).
    Expected<Done> forgetAccount(const QString &accountId);

    // "My partner ID": the Associated Partner ID (the partner location ID) the user's links should
    // name, for all accounts, and per account where an account works for another partner location.
    QString partnerId() const; // for all accounts; empty: none set
    // Empty unsets it; else validated as every partner ID (PartnerId::parse): InvalidInput, nothing saved.
    Expected<Done> setPartnerId(const QString &partnerId);
    QString partnerIdOverride(const QString &accountId) const;
    QHash<QString, QString> partnerIdOverrides() const; // account id -> partner ID
    Expected<Done> setPartnerIdOverride(const QString &accountId, const QString &partnerId);
    // What links of `accountId` are compared with: its override, else the one for all accounts.
    QString partnerIdFor(const QString &accountId) const;

Q_SIGNALS:
    void cloudsChanged(); // a cloud registered, changed or removed (here, elsewhere, or this process's own)
    void currentCloudChanged(const QString &name);
    void clientIdChanged(const QString &clientId);
    void currentAccountChanged(const QString &accountId);
    void currentDirectoryChanged(const QString &accountId, const QString &tenantId);
    // "My partner ID" changed for `accountId` (its override), or for all accounts (empty id).
    void partnerIdChanged(const QString &accountId);
    void saveFailed(const pal::AzureError &error);

public:
    // paldesk's scheduled fleet check ("watch": {"interval", "keepRunningInTray"}): off by default;
    // keepRunningInTray: closing the window leaves paldesk in the tray (where there is one).
    WatchInterval watchInterval() const { return m_state.watchInterval; }
    [[nodiscard]] Expected<Done> setWatchInterval(WatchInterval interval); // saved at once
    bool keepRunningInTray() const { return m_state.keepRunningInTray; }
    [[nodiscard]] Expected<Done> setKeepRunningInTray(bool keep);

private:
    // What settings.json holds.
    struct State
    {
        QList<CloudEnvironment> customClouds;
        QString currentCloud;
        QString clientId;
        QString currentAccount;
        QHash<QString, QString> currentDirectoryByAccount;
        WatchInterval watchInterval = WatchInterval::Off;
        bool keepRunningInTray = false;
        QString partnerId;
        QHash<QString, QString> partnerIdByAccount;
        QHash<QString, QString> currentDirectoryNameByAccount; // only beside a current directory
        QJsonObject unknown;                                   // keys this version does not know, kept across load/save
    };
    // What this object changed since it last read or wrote the file.
    struct Changes
    {
        std::optional<QString> currentCloud;
        std::optional<QString> clientId;
        std::optional<QString> currentAccount;
        QHash<QString, std::optional<QString>> directories;           // account id -> directory (nullopt: removed)
        QHash<QString, QString> directoryNames;                       // with `directories`: its name (may be empty)
        QHash<QString, std::optional<CloudEnvironment>> customClouds; // lower-case name -> cloud (nullopt: removed)
        std::optional<WatchInterval> watchInterval;
        std::optional<bool> keepRunningInTray;
        std::optional<QString> partnerId;                  // empty: removed
        QHash<QString, std::optional<QString>> partnerIds; // account id -> ID (nullopt: removed)
        bool isEmpty() const;
    };
    // What the signals compare: the values as this process sees them.
    struct Snapshot
    {
        QByteArray clouds;
        QString currentCloud;
        QString clientId;
        QString currentAccount;
        QHash<QString, QString> directories;
        QString partnerId;
        QHash<QString, QString> partnerIds;
    };
    static Expected<State> parse(const QByteArray &bytes, const QString &path);
    static QByteArray serialize(const State &state);
    static void apply(State &state, const Changes &changes);
    static std::optional<AzureError> parseWatch(const QJsonObject &o, const QString &path, State &state);
    std::optional<CloudEnvironment> storedCloud(const State &state, const QString &name) const;
    Expected<Done> commit();
    // Saves after a setter changed m_state and m_changes, and announces what differs from `before`.
    Expected<Done> saveChange(const Snapshot &before);
    Snapshot snapshot() const;
    void announce(const Snapshot &before);

    QString m_directory;
    std::shared_ptr<ConfigLock> m_lock;
    State m_state;
    Changes m_changes;
    QByteArray m_lastBytes; // settings.json as this object last read or wrote it
    QList<CloudEnvironment> m_sessionClouds;
    bool m_currentIsSession = false;
};

} // namespace pal
