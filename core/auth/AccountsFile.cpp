#include "AccountsFile.h"

#include "AzureError.h"
#include "ConfigLock.h"
#include "JsonFile.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

namespace pal {

const QString AccountsFile::FileName = QStringLiteral("accounts.json");

namespace {

AzureError fileError(const QString &path, const QString &why)
{
    return AzureError::make(AzureError::Kind::InvalidInput, QStringLiteral("%1: %2").arg(path, why),
                            QStringLiteral("InvalidConfiguration"));
}

Expected<QJsonObject> parseRoot(const QByteArray &bytes, const QString &path)
{
    if (bytes.trimmed().isEmpty())
        return QJsonObject{{QStringLiteral("version"), 1}, {QStringLiteral("accounts"), QJsonArray()}};
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError)
        return parseJson(bytes, path, QStringLiteral("InvalidConfiguration")).error();
    if (!doc.isObject() || !doc.object().value(QLatin1String("accounts")).isArray())
        return fileError(path, QStringLiteral("not a PAL Desk accounts file (no \"accounts\" list)."));
    return doc.object();
}

const QLatin1String PendingField("pendingSignIns");

QJsonObject toJson(const PendingSignIn &p)
{
    return {{QStringLiteral("id"), p.accountId},
            {QStringLiteral("username"), p.username},
            {QStringLiteral("pid"), p.pid},
            {QStringLiteral("started"), p.started.toUTC().toString(Qt::ISODate)}};
}

// The pending records of `root` without those of `accountIds`.
QJsonArray pendingWithout(const QJsonObject &root, const QSet<QString> &accountIds)
{
    QJsonArray kept;
    for (const auto &v : root.value(PendingField).toArray())
        if (!accountIds.contains(v.toObject().value(QLatin1String("id")).toString()))
            kept.append(v);
    return kept;
}

void setPending(QJsonObject &root, const QJsonArray &pending)
{
    if (pending.isEmpty())
        root.remove(PendingField);
    else
        root.insert(PendingField, pending);
}

} // namespace

AccountsFile::AccountsFile(ConfigLock *lock)
    : m_lock(lock)
{}

QString AccountsFile::path() const
{
    return QDir(m_lock->directory()).filePath(FileName);
}

Expected<QList<Account>> AccountsFile::parse(const QByteArray &bytes, const QString &path)
{
    const auto root = parseRoot(bytes, path);
    if (!root)
        return root.error();
    QList<Account> accounts;
    for (const auto &v : root->value(QLatin1String("accounts")).toArray()) {
        const Account a = Account::fromStorage(v.toObject());
        if (!a.id.isEmpty())
            accounts.append(a);
    }
    return accounts;
}

Expected<QList<Account>> AccountsFile::load() const
{
    const auto bytes = m_lock->read(FileName);
    if (!bytes)
        return bytes.error();
    return parse(bytes.value(), path());
}

Expected<std::optional<Account>> AccountsFile::find(const QString &accountId) const
{
    const auto accounts = load();
    if (!accounts)
        return accounts.error();
    for (const Account &a : accounts.value())
        if (a.id == accountId)
            return std::optional<Account>(a);
    return std::optional<Account>();
}

Expected<QList<Account>> AccountsFile::update(const std::function<void(QList<Account> &)> &change)
{
    QList<Account> result;
    const QString file = path();
    const auto written = m_lock->update(FileName, [&](const QByteArray &current) -> Expected<QByteArray> {
        const auto root = parseRoot(current, file);
        if (!root)
            return root.error();
        // Entries as they are on disk, so fields of other versions survive this change.
        QHash<QString, QJsonObject> raw;
        QList<Account> accounts;
        for (const auto &v : root->value(QLatin1String("accounts")).toArray()) {
            const Account a = Account::fromStorage(v.toObject());
            if (a.id.isEmpty())
                continue;
            raw.insert(a.id, v.toObject());
            accounts.append(a);
        }
        change(accounts);
        QJsonArray list;
        for (const Account &a : accounts) {
            if (!a.remembered)
                continue;
            QJsonObject entry = raw.value(a.id);
            const QJsonObject known = a.toStorage();
            for (const QString &key :
                 {QStringLiteral("certificatePath"), QStringLiteral("cloud"), QStringLiteral("signIn")})
                if (!known.contains(key))
                    entry.remove(key);
            for (auto it = known.begin(); it != known.end(); ++it)
                entry.insert(it.key(), it.value());
            list.append(entry);
            result.append(a);
        }
        QJsonObject out = root.value();
        out.insert(QStringLiteral("version"), 1);
        out.insert(QStringLiteral("accounts"), list);
        // A listed account's sign-in is complete: its pending record goes.
        QSet<QString> listed;
        for (const Account &a : std::as_const(result))
            listed.insert(a.id);
        setPending(out, pendingWithout(out, listed));
        return QJsonDocument(out).toJson();
    });
    if (!written)
        return written.error();
    return result;
}

} // namespace pal

namespace pal {

Expected<QList<PendingSignIn>> AccountsFile::pending() const
{
    const auto bytes = m_lock->read(FileName);
    if (!bytes)
        return bytes.error();
    const auto root = parseRoot(bytes.value(), path());
    if (!root)
        return root.error();
    QList<PendingSignIn> list;
    for (const auto &v : root->value(PendingField).toArray()) {
        const QJsonObject o = v.toObject();
        PendingSignIn p;
        p.accountId = o.value(QLatin1String("id")).toString();
        p.username = o.value(QLatin1String("username")).toString();
        p.pid = o.value(QLatin1String("pid")).toInteger();
        p.started = QDateTime::fromString(o.value(QLatin1String("started")).toString(), Qt::ISODate);
        if (!p.accountId.isEmpty())
            list.append(p);
    }
    return list;
}

Expected<Done> AccountsFile::addPending(const PendingSignIn &signIn)
{
    const QString file = path();
    return m_lock->update(FileName, [&](const QByteArray &current) -> Expected<QByteArray> {
        auto root = parseRoot(current, file);
        if (!root)
            return root.error();
        QJsonArray pending = pendingWithout(root.value(), {signIn.accountId});
        pending.append(toJson(signIn));
        setPending(root.value(), pending);
        if (!root->contains(QLatin1String("version")))
            root.value().insert(QStringLiteral("version"), 1);
        return QJsonDocument(root.value()).toJson();
    });
}

Expected<Done> AccountsFile::removePending(const QStringList &accountIds)
{
    const QString file = path();
    return m_lock->locked([&]() -> Expected<Done> {
        const auto current = m_lock->read(FileName);
        if (!current)
            return current.error();
        auto root = parseRoot(current.value(), file);
        if (!root)
            return root.error();
        const QJsonArray kept = pendingWithout(root.value(), QSet<QString>(accountIds.begin(), accountIds.end()));
        if (kept.size() == root->value(PendingField).toArray().size())
            return Done{}; // no record of these: nothing to write
        setPending(root.value(), kept);
        // Nothing left but an empty list (the record of a first sign-in that failed made the file): no file.
        QJsonObject rest = root.value();
        rest.remove(QStringLiteral("version"));
        if (rest.size() == 1 && rest.value(QLatin1String("accounts")).toArray().isEmpty()) {
            if (QFile::exists(file) && !QFile::remove(file))
                return fileError(file, QStringLiteral("cannot be removed."));
            return Done{};
        }
        return ConfigLock::writePrivateFile(m_lock->directory(), FileName, QJsonDocument(root.value()).toJson());
    });
}

} // namespace pal
