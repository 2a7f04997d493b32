#pragma once
// AppConfig: PAL Desk's non-secret configuration in one folder: $PALDESK_CONFIG_DIR, else
// QStandardPaths' AppConfigLocation ("~/.config/paldesk"). settings.json holds the chosen cloud,
// custom clouds, the client id, the current account and each account's current directory.
// Never a token or secret. Writes are atomic (QSaveFile).

#include "CloudEnvironment.h"
#include "Expected.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

namespace pal {

class AppConfig
{
public:
    explicit AppConfig(QString directory);
    static QString defaultDirectory(); // honours PALDESK_CONFIG_DIR

    const QString &directory() const { return m_directory; }
    QString filePath() const; // {directory}/settings.json
    Expected<Done> load();    // a missing file is an empty config; a malformed one names file/position/problem
    Expected<Done> save() const;

    QList<CloudEnvironment> clouds() const; // built-in, then custom
    std::optional<CloudEnvironment> cloud(const QString &name) const;
    Expected<Done> registerCloud(const CloudEnvironment &cloud); // InvalidInput if it shadows a built-in
    Expected<Done> unregisterCloud(const QString &name);         // InvalidInput for built-in / unknown
    QString currentCloudName() const;                            // default "AzureCloud"
    Expected<Done> setCurrentCloud(const QString &name);
    CloudEnvironment currentCloud() const;

    QString clientId() const; // empty: the default client id
    void setClientId(const QString &clientId);

    QString currentAccountId() const;
    void setCurrentAccountId(const QString &id);
    QString currentDirectory(const QString &accountId) const;
    void setCurrentDirectory(const QString &accountId, const QString &tenantId);
    void forgetAccount(const QString &accountId);

private:
    QString m_directory;
    QList<CloudEnvironment> m_customClouds;
    QString m_currentCloud;
    QString m_clientId;
    QString m_currentAccount;
    QHash<QString, QString> m_currentDirectoryByAccount;
    QJsonObject m_unknown; // keys this version does not know, kept across load/save
};

} // namespace pal
