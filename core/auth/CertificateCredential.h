#pragma once
// CertificateCredential: a service principal's certificate and private key, read from a PEM file
// (certificate + key, the key optionally encrypted with the password) or a PKCS#12 file with a
// password (OpenSSL 3; the legacy provider is loaded too, for RC2/3DES files exported by Windows).
// It signs the client assertion JWT Entra ID expects instead of a secret:
//   header {alg: PS256, typ: JWT, x5t#S256} (default) or {alg: RS256, typ: JWT, x5t} (legacy)
//   claims {aud: token endpoint, iss = sub = client id, jti: new UUID, iat = nbf = now, exp = now+600}

#include "AzureError.h"
#include "Expected.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QUrl>
#include <memory>

typedef struct evp_pkey_st EVP_PKEY;
typedef struct x509_st X509;

namespace pal {

enum class AssertionAlgorithm { PS256, RS256 };

class CertificateCredential
{
public:
    // Errors are InvalidInput naming the file and the problem: missing, unreadable, not PEM or
    // PKCS#12, wrong password, no private key, key not matching, not RSA, expired or not yet valid.
    static Expected<CertificateCredential> load(const QString &path, const QByteArray &password, const QDateTime &now);

    QByteArray createAssertion(const QString &clientId, const QUrl &audience, const QDateTime &now,
                               AssertionAlgorithm algorithm = AssertionAlgorithm::PS256) const;

    QByteArray thumbprintSha1() const;   // raw bytes
    QByteArray thumbprintSha256() const; // raw bytes
    QByteArray certificatePem() const;
    QDateTime notAfter() const;
    QString path() const { return m_path; }

    static constexpr int assertionLifetimeSeconds = 600;

private:
    std::shared_ptr<EVP_PKEY> m_key;
    std::shared_ptr<X509> m_cert;
    QString m_path;
};

} // namespace pal
