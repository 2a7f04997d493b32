#pragma once
// DeadlineSecretStore: another SecretStore's operations, each with a deadline, for the keychain
// work done while the ConfigLock is held (a sign-in's, a save's, a sign-out's section). A keychain
// waiting on an unlock prompt would otherwise keep the lock, and with it every other writer of the
// configuration, for as long as the prompt stays open. An operation past its deadline completes
// with Kind::Keychain (code keychain_timeout, "the keychain did not answer in N s ..."), and so does
// every later operation through this object: the section fails and releases the lock. The late
// answer is dropped; the job itself cannot be cancelled, so a write may still land afterwards.
// Life cycle: one per locked section, shared (std::shared_ptr) by that section's steps.

#include "SecretStore.h"

#include <chrono>
#include <memory>

namespace pal {

class DeadlineSecretStore final : public SecretStore
{
public:
    static constexpr std::chrono::milliseconds DefaultDeadline{5'000};

    DeadlineSecretStore(SecretStore *inner, std::chrono::milliseconds deadline);
    int maxItemBytes() const override { return m_inner->maxItemBytes(); }
    bool isPersistent() const override { return m_inner->isPersistent(); }
    QString description() const override { return m_inner->description(); }
    void write(const QString &key, const QByteArray &secret, QObject *context, Completion<Done> done) override;
    void read(const QString &key, QObject *context, Completion<QByteArray> done) override;
    void remove(const QString &key, QObject *context, Completion<Done> done) override;
    void probe(QObject *context, Completion<Done> done) override { m_inner->probe(context, std::move(done)); }

    static AzureError timedOut(std::chrono::milliseconds deadline);
    static bool isTimeout(const AzureError &error);

private:
    SecretStore *m_inner;
    std::chrono::milliseconds m_deadline;
    std::shared_ptr<bool> m_expired = std::make_shared<bool>(false);
};

} // namespace pal
