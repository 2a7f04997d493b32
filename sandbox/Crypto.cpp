#include "Crypto.h"

#include <QJsonDocument>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <ctime>

namespace palsandbox::crypto {

namespace {

QString openSslError()
{
    const unsigned long code = ERR_get_error();
    if (code == 0)
        return QStringLiteral("unknown OpenSSL error");
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    ERR_clear_error();
    return QString::fromLatin1(buffer);
}

QByteArray digest(const EVP_MD *md, const QByteArray &data)
{
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(data.constData(), size_t(data.size()), out, &length, md, nullptr) != 1)
        return {};
    return QByteArray(reinterpret_cast<const char *>(out), int(length));
}

QByteArray bigNumber(EVP_PKEY *key, const char *name)
{
    BIGNUM *bn = nullptr;
    if (EVP_PKEY_get_bn_param(key, name, &bn) != 1)
        return {};
    QByteArray out(BN_num_bytes(bn), '\0');
    BN_bn2bin(bn, reinterpret_cast<unsigned char *>(out.data()));
    BN_free(bn);
    return out;
}

QDateTime fromAsn1(const ASN1_TIME *time)
{
    struct tm tm = {};
    if (!time || ASN1_TIME_to_tm(time, &tm) != 1)
        return {};
    return QDateTime::fromSecsSinceEpoch(qint64(timegm(&tm)), Qt::UTC);
}

bool verifyWith(EVP_PKEY *key, JwsAlgorithm alg, const QByteArray &data, const QByteArray &signature)
{
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    EVP_PKEY_CTX *pctx = nullptr;
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), &pctx, EVP_sha256(), nullptr, key) != 1)
        return false;
    if (alg == JwsAlgorithm::PS256) {
        // RFC 7518 3.5: MGF1 with SHA-256 and a salt as long as the digest; strict, as JOSE verifiers are.
        if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
            EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) != 1 ||
            EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) != 1)
            return false;
    }
    const int ok = EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char *>(signature.constData()),
                                    size_t(signature.size()), reinterpret_cast<const unsigned char *>(data.constData()),
                                    size_t(data.size()));
    ERR_clear_error();
    return ok == 1;
}

} // namespace

QByteArray base64Url(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

std::optional<QByteArray> fromBase64Url(const QByteArray &text)
{
    auto result =
        QByteArray::fromBase64Encoding(text, QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!result)
        return std::nullopt;
    return result.decoded;
}

QByteArray sha256(const QByteArray &data)
{
    return digest(EVP_sha256(), data);
}

QByteArray sha1(const QByteArray &data)
{
    return digest(EVP_sha1(), data);
}

QByteArray randomBytes(int count)
{
    QByteArray out(count, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char *>(out.data()), count) != 1)
        qFatal("pal-sandbox: OpenSSL RAND_bytes failed");
    return out;
}

QString randomToken(int bytes)
{
    return QString::fromLatin1(base64Url(randomBytes(bytes)));
}

bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    return a.size() == b.size() && CRYPTO_memcmp(a.constData(), b.constData(), size_t(a.size())) == 0;
}

std::optional<SigningKey> SigningKey::generate(QString *error)
{
    EVP_PKEY *raw = EVP_RSA_gen(2048);
    if (!raw) {
        if (error)
            *error = QStringLiteral("cannot generate the token signing key: ") + openSslError();
        return std::nullopt;
    }
    SigningKey key;
    key.m_key = KeyPtr(raw, EVP_PKEY_free);
    unsigned char *der = nullptr;
    const int length = i2d_PUBKEY(raw, &der);
    key.m_keyId = QString::fromLatin1(base64Url(sha1(QByteArray(reinterpret_cast<char *>(der), length))));
    OPENSSL_free(der);
    return key;
}

QByteArray SigningKey::sign(const QByteArray &data) const
{
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    size_t length = 0;
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, m_key.get()) != 1 ||
        EVP_DigestSign(ctx.get(), nullptr, &length, reinterpret_cast<const unsigned char *>(data.constData()),
                       size_t(data.size())) != 1)
        return {};
    QByteArray out(int(length), '\0');
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char *>(out.data()), &length,
                       reinterpret_cast<const unsigned char *>(data.constData()), size_t(data.size())) != 1)
        return {};
    out.truncate(int(length));
    return out;
}

bool SigningKey::verify(const QByteArray &data, const QByteArray &signature) const
{
    return verifyWith(m_key.get(), JwsAlgorithm::RS256, data, signature);
}

QJsonObject SigningKey::jwk() const
{
    return QJsonObject{
        {QStringLiteral("kty"), QStringLiteral("RSA")},
        {QStringLiteral("use"), QStringLiteral("sig")},
        {QStringLiteral("kid"), m_keyId},
        {QStringLiteral("x5t"), m_keyId},
        {QStringLiteral("n"), QString::fromLatin1(base64Url(bigNumber(m_key.get(), OSSL_PKEY_PARAM_RSA_N)))},
        {QStringLiteral("e"), QString::fromLatin1(base64Url(bigNumber(m_key.get(), OSSL_PKEY_PARAM_RSA_E)))}};
}

std::optional<Certificate> Certificate::fromPem(const QByteArray &pem, QString *error)
{
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.constData(), int(pem.size())), BIO_free);
    std::unique_ptr<X509, decltype(&X509_free)> cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr),
                                                     X509_free);
    if (!cert) {
        if (error)
            *error = QStringLiteral("not a PEM certificate (") + openSslError() + QLatin1Char(')');
        return std::nullopt;
    }
    EVP_PKEY *key = X509_get_pubkey(cert.get());
    if (!key || EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA) {
        if (key)
            EVP_PKEY_free(key);
        if (error)
            *error = QStringLiteral("the certificate has no RSA public key");
        return std::nullopt;
    }
    Certificate out;
    out.pem = pem;
    out.publicKey = KeyPtr(key, EVP_PKEY_free);
    unsigned char *der = nullptr;
    const int length = i2d_X509(cert.get(), &der);
    const QByteArray derBytes(reinterpret_cast<char *>(der), length);
    OPENSSL_free(der);
    out.sha1Thumbprint = sha1(derBytes);
    out.sha256Thumbprint = sha256(derBytes);
    out.notBefore = fromAsn1(X509_get0_notBefore(cert.get()));
    out.notAfter = fromAsn1(X509_get0_notAfter(cert.get()));
    return out;
}

bool Certificate::verify(JwsAlgorithm alg, const QByteArray &data, const QByteArray &signature) const
{
    return verifyWith(publicKey.get(), alg, data, signature);
}

std::optional<Jwt> Jwt::parse(const QByteArray &compact)
{
    const QList<QByteArray> parts = compact.split('.');
    if (parts.size() != 3)
        return std::nullopt;
    const auto header = fromBase64Url(parts[0]);
    const auto claims = fromBase64Url(parts[1]);
    const auto signature = fromBase64Url(parts[2]);
    if (!header || !claims || !signature)
        return std::nullopt;
    const QJsonDocument headerDoc = QJsonDocument::fromJson(*header);
    const QJsonDocument claimsDoc = QJsonDocument::fromJson(*claims);
    if (!headerDoc.isObject() || !claimsDoc.isObject())
        return std::nullopt;
    Jwt jwt;
    jwt.header = headerDoc.object();
    jwt.claims = claimsDoc.object();
    jwt.signingInput = parts[0] + '.' + parts[1];
    jwt.signature = *signature;
    return jwt;
}

QByteArray signJwt(const SigningKey &key, const QJsonObject &claims)
{
    const QJsonObject header{{QStringLiteral("typ"), QStringLiteral("JWT")},
                             {QStringLiteral("alg"), QStringLiteral("RS256")},
                             {QStringLiteral("kid"), key.keyId()}};
    const QByteArray input = base64Url(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.' +
                             base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    return input + '.' + base64Url(key.sign(input));
}

} // namespace palsandbox::crypto
