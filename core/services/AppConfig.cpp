#include "AppConfig.h"

#include "ConfigLock.h"
#include "JsonFile.h"
#include "Logging.h"
#include "PartnerId.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QStandardPaths>

namespace pal {

namespace {

const QString FileName = QStringLiteral("settings.json");
const QString DefaultCloud = QStringLiteral("AzureCloud");

// Keys of settings.json; anything else found in the file is kept as it was.
const QString KeyCloud = QStringLiteral("cloud");
const QString KeyCustomClouds = QStringLiteral("customClouds");
const QString KeyClientId = QStringLiteral("clientId");
const QString KeyCurrentAccount = QStringLiteral("currentAccount");
const QString KeyCurrentDirectories = QStringLiteral("currentDirectories");
const QString KeyWatch = QStringLiteral("watch");
const QString KeyPartnerId = QStringLiteral("partnerId");
const QString KeyPartnerIds = QStringLiteral("partnerIdByAccount");
const QString KeyCurrentDirectoryNames = QStringLiteral("currentDirectoryNames"); // account id -> display name

AzureError configError(const QString &text)
{
    return AzureError::make(AzureError::Kind::InvalidInput, text, QStringLiteral("InvalidConfiguration"));
}

} // namespace

AppConfig::AppConfig(QString directory, QObject *parent)
    : QObject(parent)
    , m_directory(std::move(directory))
    , m_lock(std::make_shared<ConfigLock>(m_directory))
{
    m_state.currentCloud = DefaultCloud;
}

AppConfig::~AppConfig() = default;

bool AppConfig::Changes::isEmpty() const
{
    return !currentCloud && !clientId && !currentAccount && directories.isEmpty() && customClouds.isEmpty() &&
           !partnerId && partnerIds.isEmpty() && !watchInterval && !keepRunningInTray;
}

QString AppConfig::defaultDirectory()
{
    QString fromEnvironment = qEnvironmentVariable("PALDESK_CONFIG_DIR"); // not const: moved out
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    return standardDirectory();
}

QString AppConfig::standardDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) + QStringLiteral("/paldesk");
}

QString AppConfig::inProcessSandboxName()
{
    return QStringLiteral("PalDeskSandbox");
}

std::optional<AzureError> AppConfig::checkCustomCloudName(const QString &name)
{
    if (CloudEnvironment::findBuiltIn(name))
        return AzureError::make(AzureError::Kind::InvalidInput,
                                QStringLiteral("\"%1\" is a built-in cloud; choose another name.").arg(name));
    if (name.trimmed().compare(inProcessSandboxName(), Qt::CaseInsensitive) == 0)
        return AzureError::make(AzureError::Kind::InvalidInput,
                                QStringLiteral("\"%1\" is the name of the sandbox PAL Desk starts by itself "
                                               "(--sandbox); choose another name, e.g. LocalSandbox.")
                                    .arg(name));
    return std::nullopt;
}

QString AppConfig::filePath() const
{
    return QDir(m_directory).filePath(FileName);
}

Expected<AppConfig::State> AppConfig::parse(const QByteArray &bytes, const QString &path)
{
    State loaded;
    loaded.currentCloud = DefaultCloud;
    if (bytes.trimmed().isEmpty())
        return loaded;
    const auto read = parseJson(bytes, path, QStringLiteral("InvalidConfiguration"));
    if (!read)
        return read.error();
    const QJsonDocument &doc = read.value();
    if (!doc.isObject())
        return configError(QStringLiteral("%1: line 1, column 1: expected a JSON object of settings.").arg(path));

    QJsonObject o = doc.object();
    auto wrongType = [&path](const QString &key, const char *expected) {
        return configError(QStringLiteral("%1: \"%2\" must be %3.").arg(path, key, QLatin1String(expected)));
    };
    for (const QString &key : {KeyCloud, KeyClientId, KeyCurrentAccount, KeyPartnerId})
        if (o.contains(key) && !o.value(key).isString())
            return wrongType(key, "a string");
    if (o.contains(KeyPartnerIds) && !o.value(KeyPartnerIds).isObject())
        return wrongType(KeyPartnerIds, "an object mapping account ids to partner IDs");
    if (o.contains(KeyCustomClouds) && !o.value(KeyCustomClouds).isArray())
        return wrongType(KeyCustomClouds, "an array of cloud objects");
    if (o.contains(KeyCurrentDirectories) && !o.value(KeyCurrentDirectories).isObject())
        return wrongType(KeyCurrentDirectories, "an object mapping account ids to directory ids");

    const QJsonArray clouds = o.value(KeyCustomClouds).toArray();
    for (qsizetype i = 0; i < clouds.size(); ++i) {
        if (!clouds.at(i).isObject())
            return configError(
                QStringLiteral("%1: \"%2\" entry %3 is not an object.").arg(path, KeyCustomClouds).arg(i + 1));
        auto cloud = CloudEnvironment::fromJson(clouds.at(i).toObject());
        if (!cloud)
            return configError(QStringLiteral("%1: \"%2\" entry %3: %4")
                                   .arg(path, KeyCustomClouds)
                                   .arg(i + 1)
                                   .arg(cloud.error().message));
        if (CloudEnvironment::findBuiltIn(cloud->name))
            return configError(QStringLiteral("%1: \"%2\" entry %3: \"%4\" is the name of a built-in cloud.")
                                   .arg(path, KeyCustomClouds)
                                   .arg(i + 1)
                                   .arg(cloud->name));
        loaded.customClouds.append(cloud.value());
    }
    const QJsonObject directories = o.value(KeyCurrentDirectories).toObject();
    for (auto it = directories.begin(); it != directories.end(); ++it) {
        if (!it.value().isString())
            return configError(QStringLiteral("%1: \"%2\".\"%3\" must be a directory id string.")
                                   .arg(path, KeyCurrentDirectories, it.key()));
        loaded.currentDirectoryByAccount.insert(it.key(), it.value().toString());
    }
    const QJsonObject names = o.value(KeyCurrentDirectoryNames).toObject();
    for (auto it = names.begin(); it != names.end(); ++it)
        if (it.value().isString() && loaded.currentDirectoryByAccount.contains(it.key()))
            loaded.currentDirectoryNameByAccount.insert(it.key(), it.value().toString());
    loaded.currentCloud = o.value(KeyCloud).toString(DefaultCloud);
    bool known = bool(CloudEnvironment::findBuiltIn(loaded.currentCloud));
    for (const CloudEnvironment &c : loaded.customClouds)
        known = known || c.name.compare(loaded.currentCloud, Qt::CaseInsensitive) == 0;
    if (!known)
        return configError(
            QStringLiteral("%1: \"%2\" names the unknown cloud \"%3\".").arg(path, KeyCloud, loaded.currentCloud));
    loaded.clientId = o.value(KeyClientId).toString();
    loaded.currentAccount = o.value(KeyCurrentAccount).toString();
    if (const auto watchError = parseWatch(o, path, loaded))
        return *watchError;
    if (o.contains(KeyPartnerId)) {
        const auto id = PartnerId::parse(o.value(KeyPartnerId).toString());
        if (!id)
            return configError(QStringLiteral("%1: \"%2\": %3").arg(path, KeyPartnerId, id.error().message));
        loaded.partnerId = id->toString();
    }
    const QJsonObject partnerIds = o.value(KeyPartnerIds).toObject();
    for (auto it = partnerIds.begin(); it != partnerIds.end(); ++it) {
        const auto id = PartnerId::parse(it.value().toString());
        if (!it.value().isString() || !id)
            return configError(QStringLiteral("%1: \"%2\".\"%3\": %4")
                                   .arg(path, KeyPartnerIds, it.key(),
                                        id ? QStringLiteral("must be a partner ID string") : id.error().message));
        loaded.partnerIdByAccount.insert(it.key(), id->toString());
    }

    for (const QString &key : {KeyCloud, KeyCustomClouds, KeyClientId, KeyCurrentAccount, KeyCurrentDirectories,
                               KeyCurrentDirectoryNames, KeyPartnerId, KeyPartnerIds, KeyWatch})
        o.remove(key);
    loaded.unknown = o; // settings of newer versions survive a save by this one
    return loaded;
}

QByteArray AppConfig::serialize(const State &state)
{
    QJsonObject o = state.unknown;
    o.insert(KeyCloud, state.currentCloud);
    QJsonArray clouds;
    for (const CloudEnvironment &c : state.customClouds)
        clouds.append(c.toJson());
    o.insert(KeyCustomClouds, clouds);
    if (!state.clientId.isEmpty())
        o.insert(KeyClientId, state.clientId);
    if (!state.currentAccount.isEmpty())
        o.insert(KeyCurrentAccount, state.currentAccount);
    QJsonObject directories;
    for (auto it = state.currentDirectoryByAccount.begin(); it != state.currentDirectoryByAccount.end(); ++it)
        directories.insert(it.key(), it.value());
    o.insert(KeyCurrentDirectories, directories);
    o.insert(KeyWatch, QJsonObject{{QStringLiteral("interval"), watchIntervalName(state.watchInterval)},
                                   {QStringLiteral("keepRunningInTray"), state.keepRunningInTray}});
    if (!state.partnerId.isEmpty())
        o.insert(KeyPartnerId, state.partnerId);
    if (!state.partnerIdByAccount.isEmpty()) {
        QJsonObject partnerIds;
        for (auto it = state.partnerIdByAccount.begin(); it != state.partnerIdByAccount.end(); ++it)
            partnerIds.insert(it.key(), it.value());
        o.insert(KeyPartnerIds, partnerIds);
    }
    QJsonObject names;
    for (auto it = state.currentDirectoryNameByAccount.begin(); it != state.currentDirectoryNameByAccount.end(); ++it)
        if (state.currentDirectoryByAccount.contains(it.key()))
            names.insert(it.key(), it.value());
    if (!names.isEmpty())
        o.insert(KeyCurrentDirectoryNames, names);
    return QJsonDocument(o).toJson(QJsonDocument::Indented);
}

void AppConfig::apply(State &state, const Changes &changes)
{
    for (auto it = changes.customClouds.begin(); it != changes.customClouds.end(); ++it) {
        qsizetype at = -1;
        for (qsizetype i = 0; i < state.customClouds.size(); ++i)
            if (state.customClouds.at(i).name.compare(it.key(), Qt::CaseInsensitive) == 0)
                at = i;
        if (it.value() && at >= 0)
            state.customClouds[at] = *it.value();
        else if (it.value())
            state.customClouds.append(*it.value());
        else if (at >= 0)
            state.customClouds.removeAt(at);
    }
    if (changes.currentCloud)
        state.currentCloud = *changes.currentCloud;
    if (changes.clientId)
        state.clientId = *changes.clientId;
    if (changes.currentAccount)
        state.currentAccount = *changes.currentAccount;
    for (auto it = changes.directories.begin(); it != changes.directories.end(); ++it) {
        if (it.value())
            state.currentDirectoryByAccount.insert(it.key(), *it.value());
        else
            state.currentDirectoryByAccount.remove(it.key());
        // The name travels with the directory it names.
        const QString name = changes.directoryNames.value(it.key());
        if (it.value() && !name.isEmpty())
            state.currentDirectoryNameByAccount.insert(it.key(), name);
        else
            state.currentDirectoryNameByAccount.remove(it.key());
    }
    if (changes.watchInterval)
        state.watchInterval = *changes.watchInterval;
    if (changes.keepRunningInTray)
        state.keepRunningInTray = *changes.keepRunningInTray;
    if (changes.partnerId)
        state.partnerId = *changes.partnerId;
    for (auto it = changes.partnerIds.begin(); it != changes.partnerIds.end(); ++it) {
        if (it.value())
            state.partnerIdByAccount.insert(it.key(), *it.value());
        else
            state.partnerIdByAccount.remove(it.key());
    }
    // Another process may have unregistered the cloud this one chose.
    bool known = bool(CloudEnvironment::findBuiltIn(state.currentCloud));
    for (const CloudEnvironment &c : state.customClouds)
        known = known || c.name.compare(state.currentCloud, Qt::CaseInsensitive) == 0;
    if (!known)
        state.currentCloud = DefaultCloud;
}

Expected<Done> AppConfig::load()
{
    const auto bytes = m_lock->read(FileName);
    if (!bytes)
        return bytes.error();
    const auto state = parse(bytes.value(), filePath());
    if (!state)
        return state.error();
    const Snapshot before = snapshot();
    m_state = state.value();
    m_changes = Changes();
    m_currentIsSession = false;
    m_lastBytes = bytes.value();
    announce(before);
    return Done{};
}

Expected<Done> AppConfig::reload()
{
    const auto bytes = m_lock->read(FileName);
    if (!bytes)
        return bytes.error();
    if (bytes.value() == m_lastBytes)
        return Done{}; // this object's own last write, or nothing new
    auto state = parse(bytes.value(), filePath());
    if (!state)
        return state.error();
    const Snapshot before = snapshot();
    const QString sessionCurrent = m_currentIsSession ? m_state.currentCloud : QString();
    apply(state.value(), m_changes); // what this object has not saved yet stays on top
    m_state = state.value();
    if (!sessionCurrent.isEmpty())
        m_state.currentCloud = sessionCurrent;
    m_lastBytes = bytes.value();
    qCDebug(lcServices).noquote() << "settings read again from" << filePath();
    announce(before);
    return Done{};
}

bool AppConfig::hasUnsavedChanges() const
{
    return !m_changes.isEmpty();
}

Expected<Done> AppConfig::save()
{
    return saveChange(snapshot());
}

Expected<Done> AppConfig::saveChange(const Snapshot &before)
{
    Expected<Done> saved = m_changes.isEmpty() ? Expected<Done>(Done{}) : commit(); // moved out
    announce(before);
    if (!saved)
        Q_EMIT saveFailed(saved.error());
    return saved;
}

Expected<Done> AppConfig::commit()
{
    State merged;
    QByteArray bytes;
    const QString path = filePath();
    const auto written = m_lock->update(FileName, [&](const QByteArray &current) -> Expected<QByteArray> {
        const auto onDisk = parse(current, path);
        if (!onDisk)
            return onDisk.error();
        merged = onDisk.value();
        apply(merged, m_changes);
        bytes = serialize(merged);
        return bytes;
    });
    if (!written) {
        qCWarning(lcServices).noquote() << "settings not saved:" << written.error().message;
        return written.error();
    }
    const QString sessionCurrent = m_currentIsSession ? m_state.currentCloud : QString();
    m_state = merged;
    m_changes = Changes();
    m_lastBytes = bytes;
    if (!sessionCurrent.isEmpty())
        m_state.currentCloud = sessionCurrent;
    qCDebug(lcServices).noquote() << "settings saved to" << path;
    return Done{};
}

AppConfig::Snapshot AppConfig::snapshot() const
{
    Snapshot s;
    QJsonArray clouds;
    for (const CloudEnvironment &c : this->clouds())
        clouds.append(c.toJson());
    s.clouds = QJsonDocument(clouds).toJson(QJsonDocument::Compact);
    s.currentCloud = currentCloudName();
    s.clientId = m_state.clientId;
    s.currentAccount = m_state.currentAccount;
    s.directories = m_state.currentDirectoryByAccount;
    s.partnerId = m_state.partnerId;
    s.partnerIds = m_state.partnerIdByAccount;
    return s;
}

void AppConfig::announce(const Snapshot &before)
{
    const Snapshot now = snapshot();
    if (now.clouds != before.clouds)
        Q_EMIT cloudsChanged();
    if (now.currentCloud.compare(before.currentCloud, Qt::CaseInsensitive) != 0)
        Q_EMIT currentCloudChanged(now.currentCloud);
    if (now.clientId != before.clientId)
        Q_EMIT clientIdChanged(now.clientId);
    if (now.currentAccount != before.currentAccount)
        Q_EMIT currentAccountChanged(now.currentAccount);
    QSet<QString> accounts;
    for (const QHash<QString, QString> *map :
         {&now.directories, &before.directories, &now.partnerIds, &before.partnerIds})
        for (auto it = map->begin(); it != map->end(); ++it)
            accounts.insert(it.key());
    for (const QString &account : std::as_const(accounts))
        if (now.directories.value(account) != before.directories.value(account))
            Q_EMIT currentDirectoryChanged(account, now.directories.value(account));
    if (now.partnerId != before.partnerId)
        Q_EMIT partnerIdChanged(QString());
    for (const QString &account : std::as_const(accounts))
        if (now.partnerIds.value(account) != before.partnerIds.value(account))
            Q_EMIT partnerIdChanged(account);
}

std::optional<CloudEnvironment> AppConfig::storedCloud(const State &state, const QString &name) const
{
    for (const CloudEnvironment &c : state.customClouds)
        if (c.name.compare(name, Qt::CaseInsensitive) == 0)
            return c;
    return std::nullopt;
}

QList<CloudEnvironment> AppConfig::clouds() const
{
    QList<CloudEnvironment> all = CloudEnvironment::builtInClouds();
    for (const CloudEnvironment &c : m_state.customClouds)
        if (!isSessionCloud(c.name))
            all.append(c);
    return all + m_sessionClouds;
}

std::optional<CloudEnvironment> AppConfig::cloud(const QString &name) const
{
    if (auto builtIn = CloudEnvironment::findBuiltIn(name))
        return builtIn;
    for (const CloudEnvironment &c : m_sessionClouds)
        if (c.name.compare(name, Qt::CaseInsensitive) == 0)
            return c;
    return storedCloud(m_state, name);
}

bool AppConfig::isSessionCloud(const QString &name) const
{
    for (const CloudEnvironment &c : m_sessionClouds)
        if (c.name.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

Expected<Done> AppConfig::registerCloud(const CloudEnvironment &cloud)
{
    if (const auto reserved = checkCustomCloudName(cloud.name))
        return *reserved;
    QString why;
    if (!CloudEnvironment::isAcceptableEndpoint(cloud.resourceManagerEndpoint, &why) ||
        !CloudEnvironment::isAcceptableEndpoint(cloud.loginEndpoint, &why))
        return AzureError::make(AzureError::Kind::InvalidInput,
                                QStringLiteral("The cloud \"%1\" has an endpoint that %2.").arg(cloud.name, why));
    const Snapshot before = snapshot();
    CloudEnvironment custom = cloud;
    custom.builtIn = false;
    bool updated = false;
    for (CloudEnvironment &c : m_state.customClouds) {
        if (c.name.compare(cloud.name, Qt::CaseInsensitive) == 0) {
            c = custom; // registering again updates the definition
            updated = true;
        }
    }
    if (!updated)
        m_state.customClouds.append(custom);
    m_changes.customClouds.insert(cloud.name.toLower(), custom);
    return saveChange(before);
}

void AppConfig::registerSessionCloud(const CloudEnvironment &cloud)
{
    const Snapshot before = snapshot();
    for (qsizetype i = 0; i < m_sessionClouds.size(); ++i)
        if (m_sessionClouds.at(i).name.compare(cloud.name, Qt::CaseInsensitive) == 0)
            m_sessionClouds.removeAt(i--);
    CloudEnvironment session = cloud;
    session.builtIn = false;
    m_sessionClouds.append(session);
    announce(before); // nothing to save: it is this process's only
}

Expected<Done> AppConfig::unregisterCloud(const QString &name)
{
    if (CloudEnvironment::findBuiltIn(name))
        return AzureError::make(AzureError::Kind::InvalidInput,
                                QStringLiteral("\"%1\" is a built-in cloud and cannot be removed.").arg(name));
    const Snapshot before = snapshot();
    const bool wasCurrent = m_state.currentCloud.compare(name, Qt::CaseInsensitive) == 0;
    bool found = false;
    for (qsizetype i = 0; i < m_sessionClouds.size() && !found; ++i) {
        if (m_sessionClouds.at(i).name.compare(name, Qt::CaseInsensitive) == 0) {
            m_sessionClouds.removeAt(i);
            found = true;
        }
    }
    for (qsizetype i = 0; i < m_state.customClouds.size() && !found; ++i) {
        if (m_state.customClouds.at(i).name.compare(name, Qt::CaseInsensitive) == 0) {
            m_changes.customClouds.insert(m_state.customClouds.at(i).name.toLower(), std::nullopt);
            m_state.customClouds.removeAt(i);
            found = true;
        }
    }
    if (!found)
        return AzureError::make(AzureError::Kind::InvalidInput,
                                QStringLiteral("There is no cloud named \"%1\".").arg(name));
    if (wasCurrent) {
        m_state.currentCloud = DefaultCloud;
        m_currentIsSession = false;
        m_changes.currentCloud = DefaultCloud;
    }
    return saveChange(before);
}

QString AppConfig::currentCloudName() const
{
    return m_state.currentCloud.isEmpty() ? DefaultCloud : m_state.currentCloud;
}

Expected<Done> AppConfig::setCurrentCloud(const QString &name)
{
    const auto c = cloud(name);
    if (!c)
        return AzureError::make(AzureError::Kind::InvalidInput,
                                QStringLiteral("There is no cloud named \"%1\".").arg(name));
    const Snapshot before = snapshot();
    m_state.currentCloud = c->name;
    // The process's own cloud is not written down: the next run would not find it.
    m_currentIsSession = isSessionCloud(c->name);
    if (m_currentIsSession)
        m_changes.currentCloud.reset();
    else
        m_changes.currentCloud = c->name;
    return saveChange(before);
}

CloudEnvironment AppConfig::currentCloud() const
{
    return cloud(currentCloudName()).value_or(CloudEnvironment::azureCloud());
}

QString AppConfig::clientId() const
{
    return m_state.clientId;
}

Expected<Done> AppConfig::setClientId(const QString &clientId)
{
    const Snapshot before = snapshot();
    m_state.clientId = clientId.trimmed();
    m_changes.clientId = m_state.clientId;
    return saveChange(before);
}

QString AppConfig::currentAccountId() const
{
    return m_state.currentAccount;
}

Expected<Done> AppConfig::setCurrentAccountId(const QString &id)
{
    const Snapshot before = snapshot();
    m_state.currentAccount = id;
    m_changes.currentAccount = id;
    return saveChange(before);
}

QString AppConfig::currentDirectory(const QString &accountId) const
{
    return m_state.currentDirectoryByAccount.value(accountId);
}

QString AppConfig::currentDirectoryName(const QString &accountId) const
{
    return m_state.currentDirectoryNameByAccount.value(accountId);
}

Expected<Done> AppConfig::setCurrentDirectory(const QString &accountId, const QString &tenantId,
                                              const QString &displayName)
{
    const Snapshot before = snapshot();
    if (tenantId.isEmpty()) {
        m_state.currentDirectoryByAccount.remove(accountId);
        m_changes.directories.insert(accountId, std::nullopt);
    } else {
        m_state.currentDirectoryByAccount.insert(accountId, tenantId);
        m_changes.directories.insert(accountId, tenantId);
    }
    const QString name = tenantId.isEmpty() ? QString() : displayName;
    m_changes.directoryNames.insert(accountId, name);
    if (name.isEmpty())
        m_state.currentDirectoryNameByAccount.remove(accountId);
    else
        m_state.currentDirectoryNameByAccount.insert(accountId, name);
    return saveChange(before);
}

std::optional<AzureError> AppConfig::parseWatch(const QJsonObject &o, const QString &path, State &state)
{
    if (!o.contains(KeyWatch))
        return std::nullopt;
    const QJsonObject watch = o.value(KeyWatch).toObject();
    const QJsonValue interval = watch.value(QLatin1String("interval"));
    const QJsonValue keep = watch.value(QLatin1String("keepRunningInTray"));
    const auto parsed = parseWatchInterval(interval.toString());
    if (!o.value(KeyWatch).isObject() || (!interval.isUndefined() && !parsed) ||
        (!keep.isUndefined() && !keep.isBool()))
        return configError(QStringLiteral("%1: \"%2\" must be {\"interval\": \"off\" | \"hourly\" | \"daily\", "
                                          "\"keepRunningInTray\": true | false}.")
                               .arg(path, KeyWatch));
    state.watchInterval = parsed.value_or(WatchInterval::Off);
    state.keepRunningInTray = keep.toBool(false);
    return std::nullopt;
}

Expected<Done> AppConfig::setWatchInterval(WatchInterval interval)
{
    const Snapshot before = snapshot();
    m_state.watchInterval = interval;
    m_changes.watchInterval = interval;
    return saveChange(before);
}

Expected<Done> AppConfig::setKeepRunningInTray(bool keep)
{
    const Snapshot before = snapshot();
    m_state.keepRunningInTray = keep;
    m_changes.keepRunningInTray = keep;
    return saveChange(before);
}

Expected<Done> AppConfig::forgetAccount(const QString &accountId)
{
    const Snapshot before = snapshot();
    m_state.currentDirectoryByAccount.remove(accountId);
    m_state.currentDirectoryNameByAccount.remove(accountId);
    m_changes.directories.insert(accountId, std::nullopt);
    m_changes.directoryNames.insert(accountId, QString());
    m_state.partnerIdByAccount.remove(accountId);
    m_changes.partnerIds.insert(accountId, std::nullopt);
    if (m_state.currentAccount == accountId) {
        m_state.currentAccount.clear();
        m_changes.currentAccount = QString();
    }
    return saveChange(before);
}

QString AppConfig::partnerId() const
{
    return m_state.partnerId;
}

namespace {

// Empty stays empty (unset); anything else must be a partner ID.
Expected<QString> checkedPartnerId(const QString &text)
{
    if (text.trimmed().isEmpty())
        return QString();
    const auto id = PartnerId::parse(text);
    if (!id)
        return id.error();
    return id->toString();
}

} // namespace

Expected<Done> AppConfig::setPartnerId(const QString &partnerId)
{
    const auto id = checkedPartnerId(partnerId);
    if (!id)
        return id.error();
    const Snapshot before = snapshot();
    m_state.partnerId = id.value();
    m_changes.partnerId = id.value();
    return saveChange(before);
}

QString AppConfig::partnerIdOverride(const QString &accountId) const
{
    return m_state.partnerIdByAccount.value(accountId);
}

QHash<QString, QString> AppConfig::partnerIdOverrides() const
{
    return m_state.partnerIdByAccount;
}

Expected<Done> AppConfig::setPartnerIdOverride(const QString &accountId, const QString &partnerId)
{
    const auto id = checkedPartnerId(partnerId);
    if (!id)
        return id.error();
    if (accountId.isEmpty())
        return AzureError::make(AzureError::Kind::InvalidInput, QStringLiteral("Name the account to set it for."));
    const Snapshot before = snapshot();
    if (id->isEmpty()) {
        m_state.partnerIdByAccount.remove(accountId);
        m_changes.partnerIds.insert(accountId, std::nullopt);
    } else {
        m_state.partnerIdByAccount.insert(accountId, id.value());
        m_changes.partnerIds.insert(accountId, id.value());
    }
    return saveChange(before);
}

QString AppConfig::partnerIdFor(const QString &accountId) const
{
    const QString own = m_state.partnerIdByAccount.value(accountId);
    return own.isEmpty() ? m_state.partnerId : own;
}

} // namespace pal
