#include "ChunkedSecret.h"

#include "AzureError.h"
#include "SecretStore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <memory>

namespace pal::ChunkedSecret {

namespace {

QString chunkKey(const QString &key, int index)
{
    return key + QLatin1Char('.') + QString::number(index);
}

struct Manifest
{
    int chunks = 0;
    qint64 bytes = 0;
    bool valid = false;
};

Manifest parseManifest(const QByteArray &data)
{
    Manifest m;
    const QJsonObject o = QJsonDocument::fromJson(data).object();
    if (!o.value(QLatin1String("chunks")).isDouble())
        return m;
    m.chunks = o.value(QLatin1String("chunks")).toInt();
    m.bytes = qint64(o.value(QLatin1String("bytes")).toDouble());
    m.valid = m.chunks >= 0 && m.chunks < 10'000;
    return m;
}

// Removes chunks [from, to) one after the other, then calls done.
void removeRange(SecretStore *store, const QString &key, int from, int to, QObject *context, Completion<Done> done)
{
    if (from >= to)
        return done(Done{});
    store->remove(chunkKey(key, from), context, [=](const Expected<Done> &r) {
        if (!r)
            return done(r.error());
        removeRange(store, key, from + 1, to, context, done);
    });
}

void writeChunks(SecretStore *store, const QString &key, std::shared_ptr<const QByteArray> value, int index, int count,
                 QObject *context, Completion<Done> done)
{
    if (index >= count)
        return done(Done{});
    const QByteArray piece = value->mid(qsizetype(index) * ChunkBytes, ChunkBytes);
    store->write(chunkKey(key, index), piece, context, [=](const Expected<Done> &r) {
        if (!r)
            return done(r.error());
        writeChunks(store, key, value, index + 1, count, context, done);
    });
}

void readChunks(SecretStore *store, const QString &key, std::shared_ptr<QByteArray> out, int index, Manifest m,
                QObject *context, Completion<QByteArray> done)
{
    if (index >= m.chunks) {
        if (out->size() != m.bytes)
            return done(AzureError::make(AzureError::Kind::Keychain,
                                         QStringLiteral("The keychain item \"%1\" is incomplete (%2 of %3 bytes).")
                                             .arg(key)
                                             .arg(out->size())
                                             .arg(m.bytes)));
        return done(*out);
    }
    store->read(chunkKey(key, index), context, [=](const Expected<QByteArray> &r) {
        if (!r)
            return done(r.error());
        out->append(r.value());
        readChunks(store, key, out, index + 1, m, context, done);
    });
}

} // namespace

void write(SecretStore *store, const QString &key, const QByteArray &value, QObject *context, Completion<Done> done)
{
    store->read(key, context, [=](const Expected<QByteArray> &old) {
        if (!old)
            return done(old.error());
        const Manifest previous = parseManifest(old.value());
        const int count = int((value.size() + ChunkBytes - 1) / ChunkBytes);
        auto shared = std::make_shared<const QByteArray>(value);
        writeChunks(store, key, shared, 0, count, context, [=](const Expected<Done> &written) {
            if (!written)
                return done(written.error());
            const QByteArray manifest =
                QJsonDocument(QJsonObject{{QStringLiteral("chunks"), count}, {QStringLiteral("bytes"), value.size()}})
                    .toJson(QJsonDocument::Compact);
            store->write(key, manifest, context, [=](const Expected<Done> &r) {
                if (!r)
                    return done(r.error());
                removeRange(store, key, count, previous.valid ? previous.chunks : 0, context, done);
            });
        });
    });
}

void read(SecretStore *store, const QString &key, QObject *context, Completion<QByteArray> done)
{
    store->read(key, context, [=](const Expected<QByteArray> &manifestData) {
        if (!manifestData)
            return done(manifestData.error());
        if (manifestData.value().isEmpty())
            return done(QByteArray());
        const Manifest m = parseManifest(manifestData.value());
        if (!m.valid)
            return done(
                AzureError::make(AzureError::Kind::Keychain,
                                 QStringLiteral("The keychain item \"%1\" is not a PAL Desk manifest.").arg(key)));
        readChunks(store, key, std::make_shared<QByteArray>(), 0, m, context, done);
    });
}

void remove(SecretStore *store, const QString &key, QObject *context, Completion<Done> done)
{
    store->read(key, context, [=](const Expected<QByteArray> &manifestData) {
        if (!manifestData)
            return done(manifestData.error());
        const Manifest m = parseManifest(manifestData.value());
        removeRange(store, key, 0, m.valid ? m.chunks : 0, context, [=](const Expected<Done> &r) {
            if (!r)
                return done(r.error());
            store->remove(key, context, done);
        });
    });
}

} // namespace pal::ChunkedSecret
