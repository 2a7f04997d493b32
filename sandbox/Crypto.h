#pragma once
// The sandbox's cryptography, all through OpenSSL 3: base64url, digests, random bytes, the RSA key
// it signs tokens with (generated at start, published in its JWKS), certificates registered for
// service principals, and JSON Web Tokens (RS256 signing; RS256 and PS256 verification).

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <memory>
#include <optional>

typedef struct evp_pkey_st EVP_PKEY;

namespace palsandbox::crypto {

QByteArray base64Url(const QByteArray &data); // no padding
std::optional<QByteArray> fromBase64Url(const QByteArray &text);
QByteArray sha256(const QByteArray &data);
QByteArray sha1(const QByteArray &data);
QByteArray randomBytes(int count);
QString randomToken(int bytes = 32); // base64url of random bytes
bool constantTimeEquals(const QByteArray &a, const QByteArray &b);

using KeyPtr = std::shared_ptr<EVP_PKEY>;

enum class JwsAlgorithm { RS256, PS256 };

// The key the sandbox signs its tokens with. One per server, generated in memory.
class SigningKey
{
public:
    static std::optional<SigningKey> generate(QString *error);
    QByteArray sign(const QByteArray &data) const; // RS256
    bool verify(const QByteArray &data, const QByteArray &signature) const;
    QString keyId() const { return m_keyId; }
    QJsonObject jwk() const; // {kty,use,kid,n,e}

private:
    KeyPtr m_key;
    QString m_keyId;
};

// An X.509 certificate a service principal may sign client assertions with.
struct Certificate
{
    static std::optional<Certificate> fromPem(const QByteArray &pem, QString *error);
    bool verify(JwsAlgorithm alg, const QByteArray &data, const QByteArray &signature) const;

    QByteArray pem;
    QByteArray sha1Thumbprint;   // raw digest of the DER
    QByteArray sha256Thumbprint; // raw digest of the DER
    QDateTime notBefore;
    QDateTime notAfter;
    KeyPtr publicKey;
};

// A compact JWS split into its parts; nothing verified yet.
struct Jwt
{
    static std::optional<Jwt> parse(const QByteArray &compact);
    QJsonObject header;
    QJsonObject claims;
    QByteArray signingInput; // header.payload as sent
    QByteArray signature;    // raw
};

QByteArray signJwt(const SigningKey &key, const QJsonObject &claims);

} // namespace palsandbox::crypto
