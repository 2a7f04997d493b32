#include "SecretStore.h"

#include <QTimer>

namespace pal {

void SecretStore::probe(QObject *context, Completion<Done> done)
{
    QTimer::singleShot(0, context, [done = std::move(done)] { done(Done{}); });
}

// Completions are queued, like the keychain's, so callers never see a re-entrant completion.
void MemorySecretStore::write(const QString &key, const QByteArray &secret, QObject *context, Completion<Done> done)
{
    if (m_maxItemBytes > 0 && secret.size() > m_maxItemBytes) {
        const AzureError e = AzureError::make(AzureError::Kind::Keychain,
                                              QStringLiteral("The keychain item \"%1\" would be %2 bytes, over the "
                                                             "%3-byte limit.")
                                                  .arg(key)
                                                  .arg(secret.size())
                                                  .arg(m_maxItemBytes));
        QTimer::singleShot(0, context, [e, done = std::move(done)] { done(e); });
        return;
    }
    m_items.insert(key, secret);
    QTimer::singleShot(0, context, [done = std::move(done)] { done(Done{}); });
}

void MemorySecretStore::read(const QString &key, QObject *context, Completion<QByteArray> done)
{
    const QByteArray value = m_items.value(key);
    QTimer::singleShot(0, context, [value, done = std::move(done)] { done(value); });
}

void MemorySecretStore::remove(const QString &key, QObject *context, Completion<Done> done)
{
    m_items.remove(key);
    QTimer::singleShot(0, context, [done = std::move(done)] { done(Done{}); });
}

} // namespace pal
