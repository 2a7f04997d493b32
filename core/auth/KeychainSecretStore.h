#pragma once
// KeychainSecretStore: secrets in the OS keychain through QtKeychain (Secret Service on Linux,
// Keychain on macOS, Credential Manager on Windows), service "PAL Desk". The insecure plaintext
// fallback of QtKeychain is never enabled. Text (valid UTF-8, e.g. the token cache's JSON) is stored
// in QtKeychain's text mode, so `secret-tool lookup` and MSAL-based tools read it as it is. probe() tells whether a
// keychain is reachable now (write, read back and delete a throwaway item); errors are Kind::Keychain with QtKeychain's
// text.
//
// Reads on Linux ask the Secret Service directly first (SecretServiceReader: about 15 ms less per
// process than libsecret's first lookup) and QtKeychain whenever that cannot tell; a key this store
// is still writing or removing is always read through QtKeychain, whose queue keeps the order.

#include "SecretStore.h"

#include <memory>

namespace pal {

class SecretServiceReader;

class KeychainSecretStore final : public SecretStore
{
public:
    // Windows Credential Manager keeps at most 2,560 bytes a credential (CRED_MAX_CREDENTIAL_BLOB_SIZE);
    // Secret Service and the macOS Keychain have no limit that matters here.
    static int platformItemLimit();
    enum class Reads { DirectWherePossible, QtKeychainOnly };
    // `maxItemBytes` (tests): refuse larger items, as a platform with a limit would.
    explicit KeychainSecretStore(QString service = QStringLiteral("PAL Desk"), int maxItemBytes = platformItemLimit(),
                                 Reads reads = Reads::DirectWherePossible);
    ~KeychainSecretStore() override;
    Q_DISABLE_COPY_MOVE(KeychainSecretStore)
    bool isPersistent() const override { return true; }
    int maxItemBytes() const override { return m_maxItemBytes; }
    QString description() const override;
    void write(const QString &key, const QByteArray &secret, QObject *context, Completion<Done> done) override;
    void read(const QString &key, QObject *context, Completion<QByteArray> done) override;
    void remove(const QString &key, QObject *context, Completion<Done> done) override;

    // A throwaway item of its own ("probe-{uuid}"), so processes probing at once do not spoil each other's.
    void probe(QObject *context, Completion<Done> done) override;
    const QString &service() const { return m_service; }
    // Whether reads ask the Secret Service directly first (Linux, not where QtKeychain uses KWallet).
    bool readsDirectly() const { return bool(m_direct); }

private:
    QString m_service;
    int m_maxItemBytes = 0;
    std::unique_ptr<SecretServiceReader> m_direct;
    // Keys with a write or delete under way (counted), shared with the jobs' completions.
    std::shared_ptr<QHash<QString, int>> m_changing = std::make_shared<QHash<QString, int>>();
};

} // namespace pal
