#pragma once
// Which SecretStore palctl uses: the OS keychain when it answers, else memory (and the user is told
// that nothing will be remembered). Never a file.

#include "SecretStore.h"

#include <memory>

namespace palctl {

struct SecretStoreChoice
{
    std::unique_ptr<pal::SecretStore> store;
    QString whyNotPersistent; // empty when the store persists
};

// PALDESK_SECRET_STORE=memory forces the memory store (tests, throw-away runs); otherwise the
// keychain store, to be checked with AccountManager::checkSecretStore.
SecretStoreChoice openSecretStore(bool forceMemory);

} // namespace palctl
