#include "FolderSecretStore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>

namespace pal {

FolderSecretStore::FolderSecretStore(SecretStore *inner, QString prefix)
    : m_inner(inner)
    , m_prefix(std::move(prefix))
{}

QString FolderSecretStore::canonicalFolder(const QString &folder)
{
    // The deepest part that exists is resolved (symbolic links, "..") and the rest appended, so a
    // folder gets the same name before and after it is created.
    QString path = QDir::cleanPath(QFileInfo(folder).absoluteFilePath());
    QStringList rest;
    while (!path.isEmpty() && !QFileInfo::exists(path)) {
        const QFileInfo info(path);
        rest.prepend(info.fileName());
        const QString parent = info.path();
        if (parent == path)
            break;
        path = parent;
    }
    QString canonical = QFileInfo(path).canonicalFilePath();
    if (canonical.isEmpty())
        canonical = path;
    for (const QString &part : std::as_const(rest))
        canonical = QDir(canonical).filePath(part);
    return QDir::cleanPath(canonical);
}

QString FolderSecretStore::prefixFor(const QString &folder, const QString &defaultFolder)
{
    const QString canonical = canonicalFolder(folder);
    if (canonical == canonicalFolder(defaultFolder))
        return {};
    const QByteArray hash = QCryptographicHash::hash(canonical.toUtf8(), QCryptographicHash::Sha256).toHex();
    return QStringLiteral("folder-") + QString::fromLatin1(hash.left(16)) + QLatin1Char('/');
}

void FolderSecretStore::write(const QString &key, const QByteArray &secret, QObject *context, Completion<Done> done)
{
    m_inner->write(m_prefix + key, secret, context, std::move(done));
}

void FolderSecretStore::read(const QString &key, QObject *context, Completion<QByteArray> done)
{
    m_inner->read(m_prefix + key, context, std::move(done));
}

void FolderSecretStore::remove(const QString &key, QObject *context, Completion<Done> done)
{
    m_inner->remove(m_prefix + key, context, std::move(done));
}

} // namespace pal
