#pragma once
// Pkce: the RFC 7636 proof key for one authorization-code sign-in. The verifier comes from the
// OpenSSL CSPRNG (32 bytes -> 43 base64url characters, all in the RFC's unreserved alphabet); the
// challenge is base64url(SHA-256(verifier)) without padding, method S256.

#include <QByteArray>

namespace pal {

struct Pkce
{
    QByteArray verifier;
    QByteArray challenge;
    static constexpr const char *method = "S256";

    static Pkce generate();
    static QByteArray challengeFor(const QByteArray &verifier);
    // 43..128 characters from [A-Za-z0-9-._~]
    static bool isValidVerifier(const QByteArray &verifier);
};

// base64url without padding, as JOSE and PKCE use it.
QByteArray base64Url(const QByteArray &data);
// Random bytes from OpenSSL's CSPRNG.
QByteArray secureRandomBytes(int count);

} // namespace pal
