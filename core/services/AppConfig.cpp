#include "AppConfig.h"

#include "JsonFile.h"
#include "Logging.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
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

AzureError configError(const QString &text)
{
    return AzureError::make(AzureError::Kind::InvalidInput, text, QStringLiteral("InvalidConfiguration"));
}

} // namespace

AppConfig::AppConfig(QString directory)
    : m_directory(std::move(directory))
    , m_currentCloud(DefaultCloud)
{}

QString AppConfig::defaultDirectory()
{
    const QString fromEnvironment = qEnvironmentVariable("PALDESK_CONFIG_DIR");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) + QStringLiteral("/paldesk");
}

QString AppConfig::filePath() const
{
    return QDir(m_directory).filePath(FileName);
}

Expected<Done> AppConfig::load()
{
    const QString path = filePath();
    if (!QFile::exists(path)) {
        *this = AppConfig(m_directory);
        return Done{};
    }
    const auto read = readJsonFile(path, QStringLiteral("InvalidConfiguration"));
    if (!read)
        return read.error();
    const QJsonDocument &doc = read.value();
    if (!doc.isObject())
        return configError(QStringLiteral("%1: line 1, column 1: expected a JSON object of settings.").arg(path));

    QJsonObject o = doc.object();
    auto wrongType = [&path](const QString &key, const char *expected) {
        return configError(QStringLiteral("%1: \"%2\" must be %3.").arg(path, key, QLatin1String(expected)));
    };
    for (const QString &key : {KeyCloud, KeyClientId, KeyCurrentAccount})
        if (o.contains(key) && !o.value(key).isString())
            return wrongType(key, "a string");
    if (o.contains(KeyCustomClouds) && !o.value(KeyCustomClouds).isArray())
        return wrongType(KeyCustomClouds, "an array of cloud objects");
    if (o.contains(KeyCurrentDirectories) && !o.value(KeyCurrentDirectories).isObject())
        return wrongType(KeyCurrentDirectories, "an object mapping account ids to directory ids");

    AppConfig loaded(m_directory);
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
        loaded.m_customClouds.append(cloud.value());
    }
    const QJsonObject directories = o.value(KeyCurrentDirectories).toObject();
    for (auto it = directories.begin(); it != directories.end(); ++it) {
        if (!it.value().isString())
            return configError(QStringLiteral("%1: \"%2\".\"%3\" must be a directory id string.")
                                   .arg(path, KeyCurrentDirectories, it.key()));
        loaded.m_currentDirectoryByAccount.insert(it.key(), it.value().toString());
    }
    loaded.m_currentCloud = o.value(KeyCloud).toString(DefaultCloud);
    if (!loaded.cloud(loaded.m_currentCloud))
        return configError(
            QStringLiteral("%1: \"%2\" names the unknown cloud \"%3\".").arg(path, KeyCloud, loaded.m_currentCloud));
    loaded.m_clientId = o.value(KeyClientId).toString();
    loaded.m_currentAccount = o.value(KeyCurrentAccount).toString();

    for (const QString &key : {KeyCloud, KeyCustomClouds, KeyClientId, KeyCurrentAccount, KeyCurrentDirectories})
        o.remove(key);
    loaded.m_unknown = o; // settings of newer versions survive a save by this one
    *this = std::move(loaded);
    return Done{};
}

Expected<Done> AppConfig::save() const
{
    QJsonObject o = m_unknown;
    o.insert(KeyCloud, m_currentCloud);
    QJsonArray clouds;
    for (const CloudEnvironment &c : m_customClouds)
        clouds.append(c.toJson());
    o.insert(KeyCustomClouds, clouds);
    if (!m_clientId.isEmpty())
        o.insert(KeyClientId, m_clientId);
    if (!m_currentAccount.isEmpty())
        o.insert(KeyCurrentAccount, m_currentAccount);
    QJsonObject directories;
    for (auto it = m_currentDirectoryByAccount.begin(); it != m_currentDirectoryByAccount.end(); ++it)
        directories.insert(it.key(), it.value());
    o.insert(KeyCurrentDirectories, directories);

    const QString path = filePath();
    if (!QDir().mkpath(m_directory))
        return configError(QStringLiteral("%1: the folder cannot be created.").arg(m_directory));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return configError(QStringLiteral("%1: cannot be written (%2).").arg(path, file.errorString()));
    file.write(QJsonDocument(o).toJson(QJsonDocument::Indented));
    if (!file.commit())
        return configError(QStringLiteral("%1: cannot be written (%2).").arg(path, file.errorString()));
    qCDebug(lcServices).noquote() << "settings saved to" << path;
    return Done{};
}

QList<CloudEnvironment> AppConfig::clouds() const
{
    return CloudEnvironment::builtInClouds() + m_customClouds;
}

std::optional<CloudEnvironment> AppConfig::cloud(const QString &name) const
{
    if (auto builtIn = CloudEnvironment::findBuiltIn(name))
        return builtIn;
    for (const CloudEnvironment &c : m_customClouds)
        if (c.name.compare(name, Qt::CaseInsensitive) == 0)
            return c;
    return std::nullopt;
}

Expected<Done> AppConfig::registerCloud(const CloudEnvironment &cloud)
{
    if (CloudEnvironment::findBuiltIn(cloud.name))
        return AzureError::make(AzureError::Kind::InvalidInput,
                                QStringLiteral("\"%1\" is a built-in cloud; choose another name.").arg(cloud.name));
    QString why;
    if (!CloudEnvironment::isAcceptableEndpoint(cloud.resourceManagerEndpoint, &why) ||
        !CloudEnvironment::isAcceptableEndpoint(cloud.loginEndpoint, &why))
        return AzureError::make(AzureError::Kind::InvalidInput,
                                QStringLiteral("The cloud \"%1\" has an endpoint that %2.").arg(cloud.name, why));
    CloudEnvironment custom = cloud;
    custom.builtIn = false;
    for (CloudEnvironment &c : m_customClouds) {
        if (c.name.compare(cloud.name, Qt::CaseInsensitive) == 0) {
            c = custom; // registering again updates the definition
            return Done{};
        }
    }
    m_customClouds.append(custom);
    return Done{};
}

Expected<Done> AppConfig::unregisterCloud(const QString &name)
{
    if (CloudEnvironment::findBuiltIn(name))
        return AzureError::make(AzureError::Kind::InvalidInput,
                                QStringLiteral("\"%1\" is a built-in cloud and cannot be removed.").arg(name));
    for (qsizetype i = 0; i < m_customClouds.size(); ++i) {
        if (m_customClouds.at(i).name.compare(name, Qt::CaseInsensitive) == 0) {
            if (m_currentCloud.compare(name, Qt::CaseInsensitive) == 0)
                m_currentCloud = DefaultCloud;
            m_customClouds.removeAt(i);
            return Done{};
        }
    }
    return AzureError::make(AzureError::Kind::InvalidInput,
                            QStringLiteral("There is no cloud named \"%1\".").arg(name));
}

QString AppConfig::currentCloudName() const
{
    return m_currentCloud.isEmpty() ? DefaultCloud : m_currentCloud;
}

Expected<Done> AppConfig::setCurrentCloud(const QString &name)
{
    const auto c = cloud(name);
    if (!c)
        return AzureError::make(AzureError::Kind::InvalidInput,
                                QStringLiteral("There is no cloud named \"%1\".").arg(name));
    m_currentCloud = c->name;
    return Done{};
}

CloudEnvironment AppConfig::currentCloud() const
{
    return cloud(currentCloudName()).value_or(CloudEnvironment::azureCloud());
}

QString AppConfig::clientId() const
{
    return m_clientId;
}

void AppConfig::setClientId(const QString &clientId)
{
    m_clientId = clientId.trimmed();
}

QString AppConfig::currentAccountId() const
{
    return m_currentAccount;
}

void AppConfig::setCurrentAccountId(const QString &id)
{
    m_currentAccount = id;
}

QString AppConfig::currentDirectory(const QString &accountId) const
{
    return m_currentDirectoryByAccount.value(accountId);
}

void AppConfig::setCurrentDirectory(const QString &accountId, const QString &tenantId)
{
    if (tenantId.isEmpty())
        m_currentDirectoryByAccount.remove(accountId);
    else
        m_currentDirectoryByAccount.insert(accountId, tenantId);
}

void AppConfig::forgetAccount(const QString &accountId)
{
    m_currentDirectoryByAccount.remove(accountId);
    if (m_currentAccount == accountId)
        m_currentAccount.clear();
}

} // namespace pal
