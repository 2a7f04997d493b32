#pragma once
// KeychainSecretStore: secrets in the OS keychain through QtKeychain (Secret Service on Linux,
// Keychain on macOS, Credential Manager on Windows), service "PAL Desk". The insecure plaintext
// fallback of QtKeychain is never enabled. probe() tells whether a keychain is reachable now
// (write, read back and delete a throwaway item); errors are Kind::Keychain with QtKeychain's text.

#include "SecretStore.h"

namespace pal {

class KeychainSecretStore final : public SecretStore
{
public:
    explicit KeychainSecretStore(QString service = QStringLiteral("PAL Desk"));
    bool isPersistent() const override { return true; }
    QString description() const override;
    void write(const QString &key, const QByteArray &secret, QObject *context, Completion<Done> done) override;
    void read(const QString &key, QObject *context, Completion<QByteArray> done) override;
    void remove(const QString &key, QObject *context, Completion<Done> done) override;

    void probe(QObject *context, Completion<Done> done);
    const QString &service() const { return m_service; }

private:
    QString m_service;
};

} // namespace pal
