#pragma once
// FolderSecretStore: the keychain as one configuration folder (PALDESK_CONFIG_DIR) sees it. The lock,
// accounts.json and the sign-out record are per folder, so the keychain items are too: every key
// gets the folder's prefix, "folder-{16 hex digits of SHA-256 of its canonical path}/", and signing
// out in one folder never removes, nor lets a run write back, another folder's sign-in. The default
// folder's prefix is empty: its keys stay what they always were (`{accountId}/tokencache`), so
// existing sign-ins survive the upgrade and `secret-tool lookup server "PAL Desk" user
// ID/tokencache` (MSAL interop, README) still finds them. AppServices wraps the keychain in one.

#include "SecretStore.h"

namespace pal {

class FolderSecretStore final : public SecretStore
{
public:
    FolderSecretStore(SecretStore *inner, QString prefix);
    // "" for the default folder, else "folder-{hex}/"; paths are compared canonically (symbolic
    // links resolved, as far as the folder exists).
    static QString prefixFor(const QString &folder, const QString &defaultFolder);
    static QString canonicalFolder(const QString &folder);

    const QString &prefix() const { return m_prefix; }
    SecretStore *inner() const { return m_inner; }
    int maxItemBytes() const override { return m_inner->maxItemBytes(); }
    bool isPersistent() const override { return m_inner->isPersistent(); }
    QString description() const override { return m_inner->description(); }
    void write(const QString &key, const QByteArray &secret, QObject *context, Completion<Done> done) override;
    void read(const QString &key, QObject *context, Completion<QByteArray> done) override;
    void remove(const QString &key, QObject *context, Completion<Done> done) override;
    void probe(QObject *context, Completion<Done> done) override { m_inner->probe(context, std::move(done)); }

private:
    SecretStore *m_inner;
    QString m_prefix;
};

} // namespace pal
