#include "SecretStores.h"

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
    // The keychain store arrives with core/auth's KeychainSecretStore; until then, memory.
    choice.store = std::make_unique<pal::MemorySecretStore>();
    choice.whyNotPersistent = QStringLiteral("no OS keychain support is available");
    return choice;
}

} // namespace palctl
