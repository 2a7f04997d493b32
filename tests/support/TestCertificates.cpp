#include "TestCertificates.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

namespace pal::test {

namespace {
void writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    if (f.open(QIODevice::WriteOnly))
        f.write(data);
}

QByteArray bioData(BIO *bio)
{
    char *ptr = nullptr;
    const long len = BIO_get_mem_data(bio, &ptr);
    return QByteArray(ptr, int(len));
}

QByteArray p12(EVP_PKEY *key, X509 *cert, int nidKey, int nidCert)
{
    PKCS12 *p = PKCS12_create("pfx-pass", "test", key, cert, nullptr, nidKey, nidCert, 0, 0, 0);
    BIO *bio = BIO_new(BIO_s_mem());
    i2d_PKCS12_bio(bio, p);
    const QByteArray out = bioData(bio);
    BIO_free(bio);
    PKCS12_free(p);
    return out;
}
} // namespace

TestCertificate makeTestCertificate(const QString &dir, const QString &name, int validDays)
{
    OSSL_PROVIDER_load(nullptr, "default");
    OSSL_PROVIDER_load(nullptr, "legacy");
    EVP_PKEY *key = EVP_RSA_gen(2048);
    X509 *cert = X509_new();
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    if (validDays >= 0) {
        X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
        X509_gmtime_adj(X509_getm_notAfter(cert), long(validDays) * 86400);
    } else {
        X509_gmtime_adj(X509_getm_notBefore(cert), -40L * 86400);
        X509_gmtime_adj(X509_getm_notAfter(cert), long(validDays) * 86400);
    }
    X509_set_pubkey(cert, key);
    X509_NAME *subject = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char *>("pal-test"), -1, -1,
                               0);
    X509_set_issuer_name(cert, subject);
    X509_sign(cert, key, EVP_sha256());

    TestCertificate t;
    BIO *certBio = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(certBio, cert);
    t.certificatePem = bioData(certBio);
    BIO_free(certBio);
    BIO *keyBio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(keyBio, key, nullptr, nullptr, 0, nullptr, nullptr);
    const QByteArray keyPem = bioData(keyBio);
    BIO_free(keyBio);

    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    X509_digest(cert, EVP_sha1(), md, &len);
    t.sha1 = QByteArray(reinterpret_cast<const char *>(md), int(len));
    X509_digest(cert, EVP_sha256(), md, &len);
    t.sha256 = QByteArray(reinterpret_cast<const char *>(md), int(len));

    const QDir d(dir);
    t.pemWithKey = d.filePath(name + QStringLiteral(".pem"));
    t.pemCertOnly = d.filePath(name + QStringLiteral("-cert.pem"));
    t.pkcs12 = d.filePath(name + QStringLiteral(".pfx"));
    t.pkcs12Legacy = d.filePath(name + QStringLiteral("-legacy.pfx"));
    t.pkcs12NoKey = d.filePath(name + QStringLiteral("-nokey.pfx"));
    writeFile(t.pemWithKey, t.certificatePem + keyPem);
    writeFile(t.pemCertOnly, t.certificatePem);
    writeFile(t.pkcs12, p12(key, cert, NID_aes_256_cbc, NID_aes_256_cbc));
    writeFile(t.pkcs12Legacy, p12(key, cert, NID_pbe_WithSHA1And3_Key_TripleDES_CBC, NID_pbe_WithSHA1And40BitRC2_CBC));
    writeFile(t.pkcs12NoKey, p12(nullptr, cert, NID_aes_256_cbc, NID_aes_256_cbc));
    X509_free(cert);
    EVP_PKEY_free(key);
    return t;
}

bool verifyJwtSignature(const QByteArray &jwt, const QByteArray &certificatePem)
{
    const QList<QByteArray> parts = jwt.split('.');
    if (parts.size() != 3)
        return false;
    const QJsonObject header =
        QJsonDocument::fromJson(QByteArray::fromBase64(parts[0], QByteArray::Base64UrlEncoding)).object();
    const QString alg = header.value(QLatin1String("alg")).toString();
    const QByteArray signature = QByteArray::fromBase64(parts[2], QByteArray::Base64UrlEncoding);
    const QByteArray input = parts[0] + '.' + parts[1];

    BIO *bio = BIO_new_mem_buf(certificatePem.constData(), int(certificatePem.size()));
    X509 *cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    if (!cert)
        return false;
    EVP_PKEY *pub = X509_get_pubkey(cert);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = nullptr;
    bool ok = EVP_DigestVerifyInit(ctx, &pctx, EVP_sha256(), nullptr, pub) == 1;
    if (ok && alg == QLatin1String("PS256"))
        ok = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
             EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) == 1;
    else if (ok && alg != QLatin1String("RS256"))
        ok = false;
    ok = ok &&
         EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char *>(signature.constData()), size_t(signature.size()),
                          reinterpret_cast<const unsigned char *>(input.constData()), size_t(input.size())) == 1;
    EVP_MD_CTX_free(ctx);
    EVP_PKEY_free(pub);
    X509_free(cert);
    return ok;
}

} // namespace pal::test
