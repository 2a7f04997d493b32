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
    // Each item stays below the Windows credential size limit (18,944 bytes), so the same cache
    // works where QtKeychain uses the Windows Credential Manager; larger values are split by the caller.
    static constexpr int MaxItemBytes = 18'944;

    virtual ~SecretStore() = default;
    virtual bool isPersistent() const = 0;   // false: secrets vanish when the process ends
    virtual QString description() const = 0; // e.g. "Secret Service (gnome-keyring)" or "memory only"

    virtual void write(const QString &key, const QByteArray &secret, QObject *context, Completion<Done> done) = 0;
    // NotFound-free: a missing key completes with an empty QByteArray.
    virtual void read(const QString &key, QObject *context, Completion<QByteArray> done) = 0;
    // Removing a missing key is success.
    virtual void remove(const QString &key, QObject *context, Completion<Done> done) = 0;
};

class MemorySecretStore final : public SecretStore
{
public:
    bool isPersistent() const override { return false; }
    QString description() const override { return QStringLiteral("memory only (nothing is remembered)"); }
    void write(const QString &key, const QByteArray &secret, QObject *context, Completion<Done> done) override;
    void read(const QString &key, QObject *context, Completion<QByteArray> done) override;
    void remove(const QString &key, QObject *context, Completion<Done> done) override;
    const QHash<QString, QByteArray> &items() const { return m_items; } // for tests

private:
    QHash<QString, QByteArray> m_items;
};

} // namespace pal
