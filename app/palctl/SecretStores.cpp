#include "SecretStores.h"

#include "KeychainSecretStore.h"

namespace palctl {

SecretStoreChoice openSecretStore(bool forceMemory)
{
    SecretStoreChoice choice;
    if (forceMemory ||
        qEnvironmentVariable("PALDESK_SECRET_STORE").compare(QLatin1String("memory"), Qt::CaseInsensitive) == 0) {
        choice.store = std::make_unique<pal::MemorySecretStore>();
        choice.whyNotPersistent = QStringLiteral("the memory store was chosen for this run");
        return choice;
    }
    // Whether the keychain answers is checked by AccountManager::checkSecretStore, which falls back
    // to memory itself and says why.
    choice.store = std::make_unique<pal::KeychainSecretStore>();
    return choice;
}

} // namespace palctl
