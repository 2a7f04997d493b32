#include "CacheSecret.h"

#include "AzureError.h"
#include "Logging.h"
#include "SecretStore.h"
#include "Wipe.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <memory>

namespace pal::CacheSecret {

namespace {

// The first version removed chunks [count, previous) one by one after writing, so a cut-short
// write can leave chunks behind a gap; sign-out looks this many missing indices past the last one.
constexpr int LegacyMissesToStop = 32;
const QString SplitMarker = QStringLiteral("paldeskSplit");

enum class Layout { None, Document, Split, Legacy, Damaged };

struct Item
{
    Layout layout = Layout::None;
    int generation = 0;
    int pieces = 0;
    qint64 bytes = 0;
    QByteArray sha256; // hex
    QString why;       // Damaged: what is wrong
};

// A pointer or a manifest is a few dozen bytes: a larger item is the document itself, and its
// reader parses it (TokenCache::fromJson, which tells a damaged one as damaged_cache too). Parsing
// it here as well would parse megabytes twice per read at thousands of directories.
constexpr qsizetype MaxPointerBytes = 4096;

Item classify(const QByteArray &data)
{
    Item item;
    if (data.isEmpty())
        return item;
    if (data.size() > MaxPointerBytes) {
        item.layout = Layout::Document;
        return item;
    }
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(data, &error);
    if (!doc.isObject()) {
        item.layout = Layout::Damaged;
        item.why = error.error != QJsonParseError::NoError ? error.errorString() : QStringLiteral("not a JSON object");
        return item;
    }
    const QJsonObject o = doc.object();
    if (o.contains(SplitMarker)) {
        item.layout = Layout::Split;
        item.generation = o.value(QLatin1String("generation")).toInt(-1);
        item.pieces = o.value(QLatin1String("pieces")).toInt(-1);
        item.bytes = qint64(o.value(QLatin1String("bytes")).toDouble(-1));
        item.sha256 = o.value(QLatin1String("sha256")).toString().toLatin1();
        if (item.generation < 1 || item.pieces < 1 || item.pieces > 100'000 || item.bytes < 0 ||
            item.sha256.size() != 64) {
            item.layout = Layout::Damaged;
            item.why = QStringLiteral("its piece list is incomplete");
        }
        return item;
    }
    if (o.size() == 2 && o.value(QLatin1String("chunks")).isDouble() && o.value(QLatin1String("bytes")).isDouble()) {
        item.layout = Layout::Legacy;
        item.pieces = o.value(QLatin1String("chunks")).toInt();
        item.bytes = qint64(o.value(QLatin1String("bytes")).toDouble());
        if (item.pieces < 0 || item.pieces > 10'000) {
            item.layout = Layout::Damaged;
            item.why = QStringLiteral("its chunk count is not possible");
        }
        return item;
    }
    item.layout = Layout::Document;
    return item;
}

QByteArray sha256Hex(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

// Reads `keys` in order and appends each value to *out; a missing piece is damage.
void readPieces(SecretStore *store, std::shared_ptr<const QStringList> keys, int index, std::shared_ptr<QByteArray> out,
                QObject *context, Completion<QByteArray> done)
{
    if (index >= keys->size())
        return done(*out);
    store->read(keys->at(index), context, [=](const Expected<QByteArray> &piece) {
        if (!piece)
            return done(piece.error());
        if (piece.value().isEmpty())
            return done(damaged(QStringLiteral("piece %1 of %2 is missing").arg(index + 1).arg(keys->size())));
        out->append(piece.value());
        readPieces(store, keys, index + 1, out, context, done);
    });
}

// Writes (key, value) pairs in order.
void writeAll(SecretStore *store, std::shared_ptr<const QList<std::pair<QString, QByteArray>>> items, int index,
              QObject *context, Completion<Done> done)
{
    if (index >= items->size())
        return done(Done{});
    store->write(items->at(index).first, items->at(index).second, context, [=](const Expected<Done> &r) {
        if (!r)
            return done(r.error());
        writeAll(store, items, index + 1, context, done);
    });
}

// Removes `keys` in order.
void removeAll(SecretStore *store, std::shared_ptr<const QStringList> keys, int index, QObject *context,
               Completion<Done> done)
{
    if (index >= keys->size())
        return done(Done{});
    store->remove(keys->at(index), context, [=](const Expected<Done> &r) {
        if (!r)
            return done(r.error());
        removeAll(store, keys, index + 1, context, done);
    });
}

// Removes keyAt(index), keyAt(index + 1), ... that exist, until `maxMisses` in a row are missing.
void sweep(SecretStore *store, std::function<QString(int)> keyAt, int index, int misses, int maxMisses,
           QObject *context, Completion<Done> done)
{
    if (misses >= maxMisses)
        return done(Done{});
    const QString key = keyAt(index);
    store->read(key, context, [=](const Expected<QByteArray> &value) {
        if (!value)
            return done(value.error());
        if (value.value().isEmpty())
            return sweep(store, keyAt, index + 1, misses + 1, maxMisses, context, done);
        store->remove(key, context, [=](const Expected<Done> &removed) {
            if (!removed)
                return done(removed.error());
            sweep(store, keyAt, index + 1, 0, maxMisses, context, done);
        });
    });
}

// Runs the steps one after the other; the first failure ends them.
void inOrder(std::shared_ptr<QList<std::function<void(Completion<Done>)>>> steps, int index, Completion<Done> done)
{
    if (index >= steps->size())
        return done(Done{});
    steps->at(index)([=](const Expected<Done> &r) {
        if (!r)
            return done(r.error());
        inOrder(steps, index + 1, done);
    });
}

QStringList pieceKeys(const QString &key, int generation, int from, int to, bool reverse)
{
    QStringList keys;
    for (int i = from; i < to; ++i)
        keys << pieceKey(key, generation, i);
    if (reverse)
        std::reverse(keys.begin(), keys.end());
    return keys;
}

// What a write leaves to delete after the pointer switched: the previous generation (newest piece
// first, so a cut-short delete leaves a run from index 0 that the next sign-out still finds), and
// the first version's chunks.
QList<std::function<void(Completion<Done>)>> cleanupAfterWrite(SecretStore *store, const QString &key, const Item &old,
                                                               int newGeneration, int newPieces, QObject *context)
{
    QList<std::function<void(Completion<Done>)>> steps;
    if (old.layout == Layout::Split && old.generation != newGeneration) {
        auto keys = std::make_shared<const QStringList>(pieceKeys(key, old.generation, 0, old.pieces, true));
        steps << [=](Completion<Done> next) { removeAll(store, keys, 0, context, next); };
    }
    if (newGeneration > 0) // leftovers of an earlier cut-short write of the same generation
        steps << [=](Completion<Done> next) {
            sweep(
                store, [=](int i) { return pieceKey(key, newGeneration, i); }, newPieces, 0, 1, context, next);
        };
    if (old.layout == Layout::Legacy)
        steps << [=](Completion<Done> next) {
            sweep(
                store, [=](int i) { return legacyChunkKey(key, i); }, 0, 0, LegacyMissesToStop, context, next);
        };
    return steps;
}

// A read item, by its layout: a document as it is, a pointer's or a manifest's pieces read and checked.
void readAs(SecretStore *store, const QString &key, const QByteArray &data, const Item &item, QObject *context,
            Completion<QByteArray> done)
{
    switch (item.layout) {
    case Layout::None:
    case Layout::Document:
        return done(data);
    case Layout::Damaged:
        return done(damaged(item.why));
    case Layout::Legacy: {
        QStringList keys;
        for (int i = 0; i < item.pieces; ++i)
            keys << legacyChunkKey(key, i);
        return readPieces(
            store, std::make_shared<const QStringList>(keys), 0, std::make_shared<QByteArray>(), context,
            [=](const Expected<QByteArray> &whole) {
                if (whole && whole.value().size() != item.bytes)
                    return done(damaged(QStringLiteral("%1 of %2 bytes").arg(whole.value().size()).arg(item.bytes)));
                done(whole);
            });
    }
    case Layout::Split:
        return readPieces(
            store, std::make_shared<const QStringList>(pieceKeys(key, item.generation, 0, item.pieces, false)), 0,
            std::make_shared<QByteArray>(), context, [=](const Expected<QByteArray> &whole) {
                if (whole && (whole.value().size() != item.bytes || sha256Hex(whole.value()) != item.sha256))
                    return done(damaged(QStringLiteral("its pieces do not match their hash")));
                done(whole);
            });
    }
}

} // namespace

AzureError damaged(const QString &why)
{
    return AzureError::make(AzureError::Kind::InteractionRequired,
                            QStringLiteral("The saved sign-in in the keychain is damaged or incomplete (%1); sign in "
                                           "again.")
                                .arg(why),
                            QStringLiteral("damaged_cache"));
}

QString pieceKey(const QString &key, int generation, int index)
{
    return QStringLiteral("%1.g%2.%3").arg(key).arg(generation).arg(index);
}

QString legacyChunkKey(const QString &key, int index)
{
    return key + QLatin1Char('.') + QString::number(index);
}

void read(SecretStore *store, const QString &key, QObject *context, Completion<QByteArray> done)
{
    store->read(key, context, [=](const Expected<QByteArray> &data) {
        if (!data)
            return done(data.error());
        readAs(store, key, data.value(), classify(data.value()), context, done);
    });
}

void write(SecretStore *store, const QString &key, const QByteArray &document, QObject *context, Completion<Done> done)
{
    store->read(key, context, [=](const Expected<QByteArray> &current) {
        if (!current)
            return done(current.error());
        const Item old = classify(current.value());
        const int limit = store->maxItemBytes();
        auto items = std::make_shared<QList<std::pair<QString, QByteArray>>>();
        int generation = 0;
        int pieces = 0;
        if (limit <= 0) {
            items->append({key, document}); // replaces whatever layout was there, in one step
        } else {
            generation = old.layout == Layout::Split ? old.generation + 1 : 1;
            pieces = int(qMax<qsizetype>(1, (document.size() + limit - 1) / limit));
            for (int i = 0; i < pieces; ++i)
                items->append({pieceKey(key, generation, i), document.mid(qsizetype(i) * limit, limit)});
            const QJsonObject pointer{{SplitMarker, 1},
                                      {QStringLiteral("generation"), generation},
                                      {QStringLiteral("pieces"), pieces},
                                      {QStringLiteral("bytes"), document.size()},
                                      {QStringLiteral("sha256"), QString::fromLatin1(sha256Hex(document))}};
            items->append({key, QJsonDocument(pointer).toJson(QJsonDocument::Compact)}); // switched last
        }
        const auto cleanup = std::make_shared<QList<std::function<void(Completion<Done>)>>>(
            cleanupAfterWrite(store, key, old, generation, pieces, context));
        writeAll(store, items, 0, context, [=](const Expected<Done> &written) {
            for (auto &item : *items)
                wipe(item.second); // our copies of the document's pieces
            if (!written)
                return done(written.error());
            inOrder(cleanup, 0, [=](const Expected<Done> &cleaned) {
                // The new document is in place; leftovers are only logged (sign-out sweeps them).
                if (!cleaned)
                    qCWarning(lcCache) << "old token cache items not removed:" << cleaned.error().message;
                done(Done{});
            });
        });
    });
}

void remove(SecretStore *store, const QString &key, QObject *context, Completion<Done> done)
{
    store->read(key, context, [=](const Expected<QByteArray> &current) {
        if (!current)
            return done(current.error());
        const Item item = classify(current.value());
        auto steps = std::make_shared<QList<std::function<void(Completion<Done>)>>>();
        // Every generation a cut-short write or delete may have left around the current one.
        QList<int> generations;
        if (item.layout == Layout::Split)
            generations << item.generation - 1 << item.generation << item.generation + 1;
        else if (store->maxItemBytes() > 0)
            generations << 1 << 2;
        for (int g : generations)
            if (g > 0)
                *steps << [=](Completion<Done> next) {
                    sweep(
                        store, [=](int i) { return pieceKey(key, g, i); }, 0, 0, 1, context, next);
                };
        // The first version's chunks, past whatever count a manifest gives.
        *steps << [=](Completion<Done> next) {
            sweep(
                store, [=](int i) { return legacyChunkKey(key, i); }, 0, 0, LegacyMissesToStop, context, next);
        };
        *steps << [=](Completion<Done> next) { store->remove(key, context, next); };
        inOrder(steps, 0, done);
    });
}

} // namespace pal::CacheSecret
