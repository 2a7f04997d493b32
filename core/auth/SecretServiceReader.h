#pragma once
// SecretServiceReader: reads an item QtKeychain stored (through libsecret) straight from the
// freedesktop.org Secret Service over QtDBus. KeychainSecretStore asks it first on Linux, and asks
// QtKeychain whenever it cannot tell.
//
// Why: every palctl run reads its token cache once, and libsecret's first lookup in a process costs
// 15-19 ms on a 2-core machine before the item arrives (measured: 5 ms to set up its D-Bus service
// proxy, 5.5 ms to negotiate an encrypted session with libgcrypt, 8 ms for the first search and
// item proxies), while the three D-Bus calls below take about 2 ms over a connection QtDBus sets up
// in about 2 ms. That was half of `palctl partner show` (bench/README.md).
//
// What it answers: the secret when exactly one *unlocked* item carries QtKeychain's attributes for
// (service, key) and was stored as text (QtKeychain's `type=plaintext`), which is how PAL Desk
// stores every token cache. Anything else answers std::nullopt ("cannot tell") and QtKeychain
// decides, as before: a missing item, a locked collection (libsecret prompts to unlock it), several
// matching items, binary items (`type=base64`), a Secret Service that is not there or errs.
// QtKeychain keeps every write and delete, and every other platform.
//
// The session uses the Secret Service's "plain" algorithm: the secret crosses the user's own
// session bus unencrypted, delivered by the bus to this process only, as QtKeychain's KWallet
// backend always sends it. Whoever could read it there could ask the service for it as well.
//
// Life cycle: one per KeychainSecretStore; the first read opens one session, later reads reuse it;
// the service closes it when this process leaves the bus. Calls time out after `timeoutMs`.

#include <QByteArray>
#include <QDBusObjectPath>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

class QObject;

namespace pal {

class SecretServiceReader final
{
public:
    using Answer = std::function<void(std::optional<QByteArray>)>;

    // `busName`: the Secret Service's well-known name on the session bus (tests run a fake one
    // under another name beside the real one).
    explicit SecretServiceReader(QString service, QString busName = QStringLiteral("org.freedesktop.secrets"),
                                 int timeoutMs = 5'000);
    ~SecretServiceReader();
    SecretServiceReader(const SecretServiceReader &) = delete;
    SecretServiceReader &operator=(const SecretServiceReader &) = delete;

    // Whether QtKeychain keeps this desktop's secrets in the Secret Service at all: not where it
    // picks KDE's KWallet (its own desktop detection: XDG_CURRENT_DESKTOP, DESKTOP_SESSION,
    // KDE_FULL_SESSION). There the reader must not answer, or it could read another store's item.
    static bool qtKeychainUsesSecretService();

    // Answers once, through `context`'s thread, unless `context` is gone first.
    void read(const QString &key, QObject *context, Answer answer);

    // For tests: the session object path in use (empty before the first read or after a failure).
    QString sessionPath() const;

private:
    struct State;
    std::shared_ptr<State> m_state;
};

} // namespace pal
