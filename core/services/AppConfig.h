#pragma once
// AppConfig: PAL Desk's non-secret configuration in one folder: $PALDESK_CONFIG_DIR, else
// QStandardPaths' AppConfigLocation ("~/.config/paldesk"). settings.json holds the chosen cloud,
// custom clouds, the client id, the current account and each account's current directory.
// Never a token or secret. Several processes (paldesk, palctl) share the file: save() applies only
// what this object changed since load() (or the last save) onto what is on disk now, under the
// configuration's ConfigLock, and then holds the merged result; a long-running paldesk keeps what
// a `palctl cloud register` or `palctl login` wrote meanwhile. Writes are atomic (QSaveFile, 0600).
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
#include <QString>
#include <memory>
#include <optional>

namespace pal {

class ConfigLock;

class AppConfig
{
public:
    explicit AppConfig(QString directory);
    static QString defaultDirectory(); // honours PALDESK_CONFIG_DIR
    // "PalDeskSandbox": the cloud of the sandbox paldesk --sandbox and palctl --sandbox start inside themselves.
    static QString inProcessSandboxName();
    // Built-in names and the in-process sandbox's: InvalidInput saying so, for a custom cloud of that name.
    static std::optional<AzureError> checkCustomCloudName(const QString &name);

    const QString &directory() const { return m_directory; }
    QString filePath() const; // {directory}/settings.json
    Expected<Done> load();    // a missing file is an empty config; a malformed one names file/position/problem
    // Applies this object's changes onto settings.json as it is now (see above); a malformed file
    // on disk is reported, never overwritten.
    Expected<Done> save();

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
    void setClientId(const QString &clientId);

    QString currentAccountId() const;
    void setCurrentAccountId(const QString &id);
    QString currentDirectory(const QString &accountId) const;
    void setCurrentDirectory(const QString &accountId, const QString &tenantId);
    void forgetAccount(const QString &accountId);

    // paldesk's scheduled fleet check ("watch": {"interval", "keepRunningInTray"}): off by default;
    // keepRunningInTray: closing the window leaves paldesk in the tray (where there is one).
    WatchInterval watchInterval() const { return m_state.watchInterval; }
    void setWatchInterval(WatchInterval interval);
    bool keepRunningInTray() const { return m_state.keepRunningInTray; }
    void setKeepRunningInTray(bool keep);

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
        QJsonObject unknown; // keys this version does not know, kept across load/save
    };
    // What this object changed since it last read or wrote the file.
    struct Changes
    {
        std::optional<QString> currentCloud;
        std::optional<QString> clientId;
        std::optional<QString> currentAccount;
        QHash<QString, std::optional<QString>> directories;           // account id -> directory (nullopt: removed)
        QHash<QString, std::optional<CloudEnvironment>> customClouds; // lower-case name -> cloud (nullopt: removed)
        std::optional<WatchInterval> watchInterval;
        std::optional<bool> keepRunningInTray;
    };
    static Expected<State> parse(const QByteArray &bytes, const QString &path);
    static QByteArray serialize(const State &state);
    static void apply(State &state, const Changes &changes);
    static std::optional<AzureError> parseWatch(const QJsonObject &o, const QString &path, State &state);
    std::optional<CloudEnvironment> storedCloud(const State &state, const QString &name) const;

    QString m_directory;
    std::shared_ptr<ConfigLock> m_lock;
    State m_state;
    Changes m_changes;
    QList<CloudEnvironment> m_sessionClouds;
    bool m_currentIsSession = false;
};

} // namespace pal
