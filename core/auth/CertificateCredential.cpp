#include "CertificateCredential.h"

#include "AzureError.h"
#include "Pkce.h"
#include "Wipe.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScopeGuard>
#include <QUuid>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

namespace pal {

namespace {

AzureError invalid(const QString &path, const QString &why)
{
    return AzureError::make(AzureError::Kind::InvalidInput,
                            QStringLiteral("The certificate file %1 %2").arg(path, why));
}

void loadProviders()
{
    // Default first, then legacy (RC2-40/3DES PKCS#12 files); loaded once for the process.
    static const bool loaded = [] {
        OSSL_PROVIDER_load(nullptr, "default");
        OSSL_PROVIDER_load(nullptr, "legacy");
        return true;
    }();
    Q_UNUSED(loaded);
}

struct BioDeleter
{
    void operator()(BIO *b) const { BIO_free(b); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;

int passwordCallback(char *buf, int size, int, void *userdata)
{
    const auto *password = static_cast<const QByteArray *>(userdata);
    const int n = std::min<int>(size, int(password->size()));
    memcpy(buf, password->constData(), size_t(n));
    return n;
}

QDateTime asn1ToDateTime(const ASN1_TIME *t)
{
    struct tm tmv = {};
    if (ASN1_TIME_to_tm(t, &tmv) != 1)
        return {};
    return QDateTime(QDate(tmv.tm_year + 1900, tmv.tm_mon + 1, tmv.tm_mday), QTime(tmv.tm_hour, tmv.tm_min, tmv.tm_sec),
                     Qt::UTC);
}

QByteArray digest(X509 *cert, const EVP_MD *md)
{
    unsigned char buf[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (X509_digest(cert, md, buf, &len) != 1)
        return {};
    return QByteArray(reinterpret_cast<const char *>(buf), int(len));
}

} // namespace

Expected<CertificateCredential> CertificateCredential::load(const QString &path, const QByteArray &password,
                                                            const QDateTime &now)
{
    loadProviders();
    ERR_clear_error();
    const QFileInfo info(path);
    if (path.trimmed().isEmpty())
        return AzureError::make(AzureError::Kind::InvalidInput, QStringLiteral("No certificate file was given."));
    if (!info.exists())
        return invalid(path, QStringLiteral("does not exist."));
    QFile file(path);
    // Unbuffered: the file's bytes (a private key) are read into `data` only, which is wiped below.
    if (!info.isFile() || !file.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return invalid(path, QStringLiteral("cannot be read (%1).").arg(file.errorString()));
    QByteArray data = file.readAll();
    const auto wipeData = qScopeGuard([&data] { wipe(data); });
    if (data.isEmpty())
        return invalid(path, QStringLiteral("is empty."));

    EVP_PKEY *key = nullptr;
    X509 *cert = nullptr;
    if (data.contains("-----BEGIN")) {
        BioPtr bio(BIO_new_mem_buf(data.constData(), int(data.size())));
        cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr);
        if (!cert)
            return invalid(path, QStringLiteral("is PEM but holds no certificate."));
        BioPtr keyBio(BIO_new_mem_buf(data.constData(), int(data.size())));
        QByteArray pw = password;
        key = PEM_read_bio_PrivateKey(keyBio.get(), nullptr, passwordCallback, &pw);
        if (!key) {
            X509_free(cert);
            const bool encrypted = data.contains("ENCRYPTED");
            if (encrypted)
                return invalid(path, password.isEmpty()
                                         ? QStringLiteral("holds an encrypted private key; give its password.")
                                         : QStringLiteral("holds a private key the password does not open (wrong "
                                                          "password)."));
            return invalid(path, QStringLiteral("holds no private key; the PEM file needs the certificate and its "
                                                "private key."));
        }
    } else {
        BioPtr bio(BIO_new_mem_buf(data.constData(), int(data.size())));
        PKCS12 *p12 = d2i_PKCS12_bio(bio.get(), nullptr);
        if (!p12)
            return invalid(path, QStringLiteral("is neither PEM nor PKCS#12 (.pfx/.p12)."));
        const QByteArray &pw = password;
        if (PKCS12_verify_mac(p12, pw.constData(), int(pw.size())) != 1 &&
            !(pw.isEmpty() && PKCS12_verify_mac(p12, nullptr, 0) == 1)) {
            PKCS12_free(p12);
            return invalid(path, QStringLiteral("could not be opened: the password is wrong."));
        }
        const char *pass = pw.isEmpty() && PKCS12_verify_mac(p12, nullptr, 0) == 1 ? nullptr : pw.constData();
        const int ok = PKCS12_parse(p12, pass, &key, &cert, nullptr);
        PKCS12_free(p12);
        if (ok != 1) {
            char buf[256];
            ERR_error_string_n(ERR_get_error(), buf, sizeof buf);
            return invalid(path, QStringLiteral("could not be decoded (%1).").arg(QString::fromLatin1(buf)));
        }
        // Without a key OpenSSL files the certificate under "other certificates": check the key first.
        if (!key) {
            X509_free(cert);
            return invalid(path, QStringLiteral("holds no private key; export it with its private key."));
        }
        if (!cert) {
            EVP_PKEY_free(key);
            return invalid(path, QStringLiteral("holds no certificate."));
        }
    }

    CertificateCredential c;
    c.m_key.reset(key, EVP_PKEY_free);
    c.m_cert.reset(cert, X509_free);
    c.m_path = path;
    ERR_clear_error();
    if (X509_check_private_key(cert, key) != 1)
        return invalid(path, QStringLiteral("holds a private key that does not belong to its certificate."));
    if (!EVP_PKEY_is_a(key, "RSA"))
        return invalid(path, QStringLiteral("holds a key that is not RSA; Entra ID needs an RSA certificate."));
    const QDateTime notBefore = asn1ToDateTime(X509_get0_notBefore(cert));
    const QDateTime notAfter = asn1ToDateTime(X509_get0_notAfter(cert));
    if (notAfter.isValid() && notAfter < now)
        return invalid(path,
                       QStringLiteral("holds a certificate that expired on %1.").arg(notAfter.toString(Qt::ISODate)));
    if (notBefore.isValid() && notBefore > now)
        return invalid(
            path,
            QStringLiteral("holds a certificate that is not valid before %1.").arg(notBefore.toString(Qt::ISODate)));
    return c;
}

QByteArray CertificateCredential::thumbprintSha1() const
{
    return digest(m_cert.get(), EVP_sha1());
}

QByteArray CertificateCredential::thumbprintSha256() const
{
    return digest(m_cert.get(), EVP_sha256());
}

QDateTime CertificateCredential::notAfter() const
{
    return asn1ToDateTime(X509_get0_notAfter(m_cert.get()));
}

QByteArray CertificateCredential::certificatePem() const
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(bio.get(), m_cert.get());
    char *ptr = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &ptr);
    return QByteArray(ptr, int(len));
}

QByteArray CertificateCredential::createAssertion(const QString &clientId, const QUrl &audience, const QDateTime &now,
                                                  AssertionAlgorithm algorithm) const
{
    QJsonObject header{{QStringLiteral("typ"), QStringLiteral("JWT")}};
    if (algorithm == AssertionAlgorithm::PS256) {
        header.insert(QStringLiteral("alg"), QStringLiteral("PS256"));
        header.insert(QStringLiteral("x5t#S256"), QString::fromLatin1(base64Url(thumbprintSha256())));
    } else {
        header.insert(QStringLiteral("alg"), QStringLiteral("RS256"));
        header.insert(QStringLiteral("x5t"), QString::fromLatin1(base64Url(thumbprintSha1())));
    }
    const qint64 t = now.toSecsSinceEpoch();
    const QJsonObject claims{{QStringLiteral("aud"), audience.toString()},
                             {QStringLiteral("iss"), clientId},
                             {QStringLiteral("sub"), clientId},
                             {QStringLiteral("jti"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
                             {QStringLiteral("iat"), t},
                             {QStringLiteral("nbf"), t},
                             {QStringLiteral("exp"), t + assertionLifetimeSeconds}};
    const QByteArray signingInput = base64Url(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.' +
                                    base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact));

    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = nullptr;
    QByteArray signature;
    if (EVP_DigestSignInit(ctx, &pctx, EVP_sha256(), nullptr, m_key.get()) == 1) {
        bool ok = true;
        if (algorithm == AssertionAlgorithm::PS256)
            ok = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
                 EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) == 1;
        size_t len = 0;
        const auto *in = reinterpret_cast<const unsigned char *>(signingInput.constData());
        if (ok && EVP_DigestSign(ctx, nullptr, &len, in, size_t(signingInput.size())) == 1) {
            signature.resize(qsizetype(len));
            if (EVP_DigestSign(ctx, reinterpret_cast<unsigned char *>(signature.data()), &len, in,
                               size_t(signingInput.size())) == 1)
                signature.resize(qsizetype(len));
            else
                signature.clear();
        }
    }
    EVP_MD_CTX_free(ctx);
    if (signature.isEmpty())
        return {};
    return signingInput + '.' + base64Url(signature);
}

} // namespace pal
