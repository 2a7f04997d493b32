#pragma once
// KeychainSecretStore: secrets in the OS keychain through QtKeychain (Secret Service on Linux,
// Keychain on macOS, Credential Manager on Windows), service "PAL Desk". The insecure plaintext
// fallback of QtKeychain is never enabled. Text (valid UTF-8, e.g. the token cache's JSON) is stored
// in QtKeychain's text mode, so `secret-tool lookup` and MSAL-based tools read it as it is. probe() tells whether a
// keychain is reachable now (write, read back and delete a throwaway item); errors are Kind::Keychain with QtKeychain's
// text.

#include "SecretStore.h"

namespace pal {

class KeychainSecretStore final : public SecretStore
{
public:
    // Windows Credential Manager keeps at most 2,560 bytes a credential (CRED_MAX_CREDENTIAL_BLOB_SIZE);
    // Secret Service and the macOS Keychain have no limit that matters here.
    static int platformItemLimit();
    // `maxItemBytes` (tests): refuse larger items, as a platform with a limit would.
    explicit KeychainSecretStore(QString service = QStringLiteral("PAL Desk"), int maxItemBytes = platformItemLimit());
    bool isPersistent() const override { return true; }
    int maxItemBytes() const override { return m_maxItemBytes; }
    QString description() const override;
    void write(const QString &key, const QByteArray &secret, QObject *context, Completion<Done> done) override;
    void read(const QString &key, QObject *context, Completion<QByteArray> done) override;
    void remove(const QString &key, QObject *context, Completion<Done> done) override;

    void probe(QObject *context, Completion<Done> done);
    const QString &service() const { return m_service; }

private:
    QString m_service;
    int m_maxItemBytes = 0;
};

} // namespace pal
