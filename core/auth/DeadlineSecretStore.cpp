#include "DeadlineSecretStore.h"

#include "Logging.h"

#include <QTimer>
#include <optional>

namespace pal {

namespace {

// `done` once: with the operation's answer, or with the timeout when the deadline comes first
// (which also expires the store, so the section's later steps fail at once).
template <typename T>
Completion<T> withDeadline(std::chrono::milliseconds deadline, const std::shared_ptr<bool> &expired, QObject *context,
                           Completion<T> done)
{
    auto pending = std::make_shared<std::optional<Completion<T>>>(std::move(done));
    QTimer::singleShot(deadline, context, [pending, expired, deadline] {
        if (!*pending)
            return;
        qCWarning(lcCache) << "the keychain did not answer in" << deadline.count() << "ms";
        *expired = true;
        const Completion<T> d = std::move(**pending);
        pending->reset();
        d(DeadlineSecretStore::timedOut(deadline));
    });
    return [pending](const Expected<T> &result) {
        if (!*pending)
            return; // answered after its deadline: dropped
        const Completion<T> d = std::move(**pending);
        pending->reset();
        d(result);
    };
}

template <typename T>
bool failIfExpired(bool expired, std::chrono::milliseconds deadline, QObject *context, Completion<T> &done)
{
    if (!expired)
        return false;
    QTimer::singleShot(0, context,
                       [deadline, done = std::move(done)] { done(DeadlineSecretStore::timedOut(deadline)); });
    return true;
}

} // namespace

DeadlineSecretStore::DeadlineSecretStore(SecretStore *inner, std::chrono::milliseconds deadline)
    : m_inner(inner)
    , m_deadline(deadline)
{}

AzureError DeadlineSecretStore::timedOut(std::chrono::milliseconds deadline)
{
    const auto seconds = std::max<qint64>(1, (deadline.count() + 999) / 1000);
    return AzureError::make(AzureError::Kind::Keychain,
                            QStringLiteral("The keychain did not answer in %1 s: is it locked or waiting for a "
                                           "password? Unlock it (or answer its prompt) and try again.")
                                .arg(seconds),
                            QStringLiteral("keychain_timeout"));
}

bool DeadlineSecretStore::isTimeout(const AzureError &error)
{
    return error.kind == AzureError::Kind::Keychain && error.code == QLatin1String("keychain_timeout");
}

void DeadlineSecretStore::write(const QString &key, const QByteArray &secret, QObject *context, Completion<Done> done)
{
    if (failIfExpired(*m_expired, m_deadline, context, done))
        return;
    m_inner->write(key, secret, context, withDeadline(m_deadline, m_expired, context, std::move(done)));
}

void DeadlineSecretStore::read(const QString &key, QObject *context, Completion<QByteArray> done)
{
    if (failIfExpired(*m_expired, m_deadline, context, done))
        return;
    m_inner->read(key, context, withDeadline(m_deadline, m_expired, context, std::move(done)));
}

void DeadlineSecretStore::remove(const QString &key, QObject *context, Completion<Done> done)
{
    if (failIfExpired(*m_expired, m_deadline, context, done))
        return;
    m_inner->remove(key, context, withDeadline(m_deadline, m_expired, context, std::move(done)));
}

} // namespace pal
