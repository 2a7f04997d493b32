#include "Wipe.h"

#include <openssl/crypto.h>

namespace pal {

bool wipe(QByteArray &secret)
{
    const bool only = secret.isDetached() && !secret.isEmpty();
    if (only)
        OPENSSL_cleanse(secret.data(), size_t(secret.size()));
    secret = QByteArray();
    return only;
}

bool wipe(QString &secret)
{
    const bool only = secret.isDetached() && !secret.isEmpty();
    if (only)
        OPENSSL_cleanse(secret.data(), size_t(secret.size()) * sizeof(QChar));
    secret = QString();
    return only;
}

} // namespace pal
