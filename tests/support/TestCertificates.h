#pragma once
// Throwaway RSA certificates made with OpenSSL inside the tests: PEM (cert + key), PEM without
// key, PKCS#12 (modern AES or legacy RC2/3DES), expired, and JWT signature checks.

#include <QByteArray>
#include <QString>

namespace pal::test {

struct TestCertificate
{
    QString pemWithKey;   // certificate + private key
    QString pemCertOnly;  // certificate only
    QString pkcs12;       // AES-256 PKCS#12, password "pfx-pass"
    QString pkcs12Legacy; // RC2-40 / 3DES PKCS#12, password "pfx-pass"
    QString pkcs12NoKey;  // certificate only, password "pfx-pass"
    QByteArray certificatePem;
    QByteArray sha1; // raw thumbprints
    QByteArray sha256;
};

// Writes the files into `dir`. `validDays` < 0 makes an expired certificate.
TestCertificate makeTestCertificate(const QString &dir, const QString &name, int validDays = 30);
// Verifies a compact JWS (PS256 or RS256) against the certificate's public key.
bool verifyJwtSignature(const QByteArray &jwt, const QByteArray &certificatePem);

} // namespace pal::test
