#pragma once
// ChunkedSecret: a value larger than one keychain item (SecretStore::MaxItemBytes), kept as
// `{key}.0` .. `{key}.{n-1}` plus a small manifest item `{key}` = {"chunks":n,"bytes":size}.
// Writing replaces the old value and removes chunks it no longer needs; reading checks the
// length; removing deletes every chunk and the manifest. Each completes once.

#include "Expected.h"

#include <QByteArray>
#include <QString>

class QObject;

namespace pal {

class SecretStore;

namespace ChunkedSecret {
constexpr int ChunkBytes = 16 * 1024; // well under the 18,944-byte limit
void write(SecretStore *store, const QString &key, const QByteArray &value, QObject *context, Completion<Done> done);
// A missing value completes with an empty QByteArray.
void read(SecretStore *store, const QString &key, QObject *context, Completion<QByteArray> done);
void remove(SecretStore *store, const QString &key, QObject *context, Completion<Done> done);
} // namespace ChunkedSecret

} // namespace pal
