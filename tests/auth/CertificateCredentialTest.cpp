// Certificate credentials: every accepted file shape, every bad input named, and the client
// assertion JWT checked claim by claim and by signature with OpenSSL.
#include "CertificateCredential.h"
#include "Pkce.h"
#include "TestCertificates.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QUuid>
#include <gtest/gtest.h>

using namespace pal;
using namespace pal::test;

namespace {

class CertificateTest : public ::testing::Test
{
protected:
    static void SetUpTestSuite()
    {
        s_dir = new QTemporaryDir;
        s_valid = new TestCertificate(makeTestCertificate(s_dir->path(), QStringLiteral("valid")));
        s_expired = new TestCertificate(makeTestCertificate(s_dir->path(), QStringLiteral("expired"), -2));
    }
    static void TearDownTestSuite()
    {
        delete s_valid;
        delete s_expired;
        delete s_dir;
    }
    static QDateTime now() { return QDateTime::currentDateTimeUtc(); }
    static QJsonObject part(const QByteArray &jwt, int index)
    {
        return QJsonDocument::fromJson(QByteArray::fromBase64(jwt.split('.').at(index), QByteArray::Base64UrlEncoding))
            .object();
    }
    static std::string why(const Expected<CertificateCredential> &r)
    {
        return r ? std::string("loaded") : r.error().message.toStdString();
    }

    static inline QTemporaryDir *s_dir = nullptr;
    static inline TestCertificate *s_valid = nullptr;
    static inline TestCertificate *s_expired = nullptr;
};

const QUrl audience(QStringLiteral("https://login.test/tenant-a/oauth2/v2.0/token"));

} // namespace

TEST_F(CertificateTest, Ps256AssertionCarriesEntrasClaimsAndVerifies)
{
    auto cred = CertificateCredential::load(s_valid->pemWithKey, {}, now());
    ASSERT_TRUE(cred) << why(cred);
    const QDateTime t = now();
    const QByteArray jwt = cred->createAssertion(QStringLiteral("client-1"), audience, t);
    const QJsonObject header = part(jwt, 0);
    EXPECT_EQ(header.value(QLatin1String("alg")).toString(), QStringLiteral("PS256"));
    EXPECT_EQ(header.value(QLatin1String("typ")).toString(), QStringLiteral("JWT"));
    EXPECT_EQ(header.value(QLatin1String("x5t#S256")).toString().toLatin1(), base64Url(s_valid->sha256));
    EXPECT_FALSE(header.contains(QLatin1String("x5t")));
    const QJsonObject claims = part(jwt, 1);
    EXPECT_EQ(claims.value(QLatin1String("aud")).toString(), audience.toString());
    EXPECT_EQ(claims.value(QLatin1String("iss")).toString(), QStringLiteral("client-1"));
    EXPECT_EQ(claims.value(QLatin1String("sub")).toString(), QStringLiteral("client-1"));
    EXPECT_FALSE(QUuid::fromString(claims.value(QLatin1String("jti")).toString()).isNull());
    EXPECT_EQ(qint64(claims.value(QLatin1String("iat")).toDouble()), t.toSecsSinceEpoch());
    EXPECT_EQ(qint64(claims.value(QLatin1String("nbf")).toDouble()), t.toSecsSinceEpoch());
    EXPECT_EQ(qint64(claims.value(QLatin1String("exp")).toDouble()), t.toSecsSinceEpoch() + 600);
    EXPECT_TRUE(verifyJwtSignature(jwt, s_valid->certificatePem));
    // A tampered payload no longer verifies.
    QList<QByteArray> parts = jwt.split('.');
    parts[1] = base64Url(R"({"aud":"x"})");
    EXPECT_FALSE(verifyJwtSignature(parts.join('.'), s_valid->certificatePem));
    // Every assertion has its own jti.
    EXPECT_NE(part(cred->createAssertion(QStringLiteral("client-1"), audience, t), 1).value(QLatin1String("jti")),
              claims.value(QLatin1String("jti")));
}

TEST_F(CertificateTest, Rs256AssertionUsesSha1Thumbprint)
{
    auto cred = CertificateCredential::load(s_valid->pemWithKey, {}, now());
    ASSERT_TRUE(cred);
    const QByteArray jwt =
        cred->createAssertion(QStringLiteral("client-1"), audience, now(), AssertionAlgorithm::RS256);
    EXPECT_EQ(part(jwt, 0).value(QLatin1String("alg")).toString(), QStringLiteral("RS256"));
    EXPECT_EQ(part(jwt, 0).value(QLatin1String("x5t")).toString().toLatin1(), base64Url(s_valid->sha1));
    EXPECT_TRUE(verifyJwtSignature(jwt, s_valid->certificatePem));
}

TEST_F(CertificateTest, Pkcs12WithPasswordModernAndLegacy)
{
    for (const QString &path : {s_valid->pkcs12, s_valid->pkcs12Legacy}) {
        auto cred = CertificateCredential::load(path, "pfx-pass", now());
        ASSERT_TRUE(cred) << path.toStdString() << ": " << why(cred);
        EXPECT_EQ(cred->thumbprintSha256(), s_valid->sha256);
        EXPECT_TRUE(
            verifyJwtSignature(cred->createAssertion(QStringLiteral("c"), audience, now()), s_valid->certificatePem));
    }
}

TEST_F(CertificateTest, BadInputIsNamed)
{
    struct Case
    {
        QString path;
        QByteArray password;
        QString expected;
    };
    const QString garbage = s_dir->filePath(QStringLiteral("garbage.bin"));
    {
        QFile f(garbage);
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write("this is not a certificate at all");
    }
    const QList<Case> cases{
        {s_dir->filePath(QStringLiteral("missing.pem")), {}, QStringLiteral("does not exist")},
        {s_dir->path(), {}, QStringLiteral("cannot be read")},
        {garbage, {}, QStringLiteral("neither PEM nor PKCS#12")},
        {s_valid->pemCertOnly, {}, QStringLiteral("no private key")},
        {s_valid->pkcs12NoKey, "pfx-pass", QStringLiteral("no private key")},
        {s_valid->pkcs12, "wrong", QStringLiteral("password is wrong")},
        {s_valid->pkcs12Legacy, "", QStringLiteral("password is wrong")},
        {s_expired->pemWithKey, {}, QStringLiteral("expired on")},
        {s_expired->pkcs12, "pfx-pass", QStringLiteral("expired on")},
    };
    for (const Case &c : cases) {
        auto r = CertificateCredential::load(c.path, c.password, now());
        ASSERT_FALSE(r) << c.path.toStdString();
        EXPECT_EQ(r.error().kind, AzureError::Kind::InvalidInput);
        EXPECT_TRUE(r.error().message.contains(c.expected))
            << c.path.toStdString() << " -> " << r.error().message.toStdString();
        EXPECT_TRUE(r.error().message.contains(c.path)) << r.error().message.toStdString();
    }
}
