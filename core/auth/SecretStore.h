#pragma once
// SecretStore: where refresh tokens, client secrets and certificate passwords live, and nowhere
// else. KeychainSecretStore uses the OS keychain through QtKeychain (never its insecure plaintext
// fallback); MemorySecretStore keeps secrets for this process only (tests, or when no keychain is
// reachable: then the user is told that nothing will be remembered).
// Every operation is asynchronous and completes exactly once; failures are Kind::Keychain.

#include "AzureError.h"
#include "Expected.h"

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QString>

namespace pal {

class SecretStore
{
public:
    virtual ~SecretStore() = default;
    // The largest item this store keeps, in bytes; 0: no limit that matters (Secret Service, macOS
    // Keychain). Larger values are split by the caller (CacheSecret), only where a limit forces it.
    virtual int maxItemBytes() const { return 0; }
    virtual bool isPersistent() const = 0;   // false: secrets vanish when the process ends
    virtual QString description() const = 0; // e.g. "Secret Service (gnome-keyring)" or "memory only"

    // UTF-8 text is stored as text (any Secret Service client reads it as it is); other bytes as binary.
    virtual void write(const QString &key, const QByteArray &secret, QObject *context, Completion<Done> done) = 0;
    // NotFound-free: a missing key completes with an empty QByteArray.
    virtual void read(const QString &key, QObject *context, Completion<QByteArray> done) = 0;
    // Removing a missing key is success.
    virtual void remove(const QString &key, QObject *context, Completion<Done> done) = 0;
    // Whether the store is reachable now (the keychain: write, read back and delete an item of its
    // own); a store in memory always is.
    virtual void probe(QObject *context, Completion<Done> done);
};

class MemorySecretStore final : public SecretStore
{
public:
    // `maxItemBytes` > 0 refuses larger items, as a keychain with a size limit does (tests).
    explicit MemorySecretStore(int maxItemBytes = 0)
        : m_maxItemBytes(maxItemBytes)
    {}
    bool isPersistent() const override { return false; }
    int maxItemBytes() const override { return m_maxItemBytes; }
    QString description() const override { return QStringLiteral("memory only (nothing is remembered)"); }
    void write(const QString &key, const QByteArray &secret, QObject *context, Completion<Done> done) override;
    void read(const QString &key, QObject *context, Completion<QByteArray> done) override;
    void remove(const QString &key, QObject *context, Completion<Done> done) override;
    const QHash<QString, QByteArray> &items() const { return m_items; } // for tests
    QHash<QString, QByteArray> &items() { return m_items; }             // for tests: damage an item

private:
    int m_maxItemBytes = 0;
    QHash<QString, QByteArray> m_items;
};

} // namespace pal
