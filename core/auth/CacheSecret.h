#pragma once
// CacheSecret: where an account's token cache lives in the SecretStore, and how it gets there
// safely. See README "Where things are kept".
//
// - No item limit (Secret Service, macOS Keychain): one item `{key}` holding the whole MSAL JSON
//   document as UTF-8 text, so any Secret Service client (secret-tool, MSAL-based tools) reads it
//   as it is. Never split.
// - A store with an item limit (Windows Credential Manager: 2,560 bytes): the document in pieces
//   `{key}.g{G}.{i}` of generation G, and `{key}` a small pointer
//   {"paldeskSplit":1,"generation":G,"pieces":n,"bytes":b,"sha256":hex}. A write puts the new
//   generation's pieces first, switches the pointer last and deletes the old generation after, so
//   a write cut short leaves the previous document whole.
// - The first version's layout (manifest {"chunks":n,"bytes":b} in `{key}`, base64 chunks
//   `{key}.0..n-1`) is still read; the next write replaces it and removes its chunks.
//
// A missing document reads as empty. A damaged or half-written one (bad JSON, missing piece, wrong
// hash) is InteractionRequired "sign in again" (code damaged_cache), never a keychain error, so
// later runs do not break on it; the next sign-in replaces it. An item larger than any pointer
// (4 KB) is the document, returned unparsed: its JSON is checked where it is parsed anyway
// (TokenCache::fromJson answers damaged_cache as well). remove() deletes every item the
// account may have, whatever the pointer or manifest says. Each operation completes once.

#include "AzureError.h"
#include "Expected.h"

#include <QByteArray>
#include <QString>

class QObject;

namespace pal {

class SecretStore;

namespace CacheSecret {
void read(SecretStore *store, const QString &key, QObject *context, Completion<QByteArray> done);
void write(SecretStore *store, const QString &key, const QByteArray &document, QObject *context, Completion<Done> done);
void remove(SecretStore *store, const QString &key, QObject *context, Completion<Done> done);

// The error a damaged or incomplete cache reads as.
AzureError damaged(const QString &why);
// The keys of generation `generation`'s pieces, and the first version's chunks (for tests).
QString pieceKey(const QString &key, int generation, int index);
QString legacyChunkKey(const QString &key, int index);
} // namespace CacheSecret

} // namespace pal
