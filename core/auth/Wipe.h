#pragma once
// Wipe: clears a secret (code verifier, authorization code, client secret) from memory once it has
// been used, with OPENSSL_cleanse so the compiler cannot drop the write. Qt's containers share
// their data implicitly: the bytes are overwritten only when this is the last reference, because
// overwriting shared data would corrupt another holder's copy (for example the one a network
// request is still sending). Either way the variable is empty afterwards.

#include <QByteArray>
#include <QString>

namespace pal {

// True when the bytes were overwritten (this was the only reference), false when only this
// reference was dropped.
bool wipe(QByteArray &secret);
bool wipe(QString &secret);

} // namespace pal
