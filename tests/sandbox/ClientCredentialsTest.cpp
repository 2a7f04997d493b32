// Service principal sign-in against the sandbox: client secrets and certificate client assertions
// (RS256 + x5t, PS256 + x5t#S256), with a throwaway certificate made here with OpenSSL.
#include "SandboxTestSupport.h"

#include <QUuid>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

using namespace sandboxtest;

namespace {

struct TestCertificate
{
    std::shared_ptr<EVP_PKEY> key;
    QByteArray pem;
    QByteArray der;
};

// A self-signed RSA certificate valid from notBeforeDays to notAfterDays (relative to now).
TestCertificate makeCertificate(long notBeforeDays = -1, long notAfterDays = 30)
{
    TestCertificate out;
    out.key = std::shared_ptr<EVP_PKEY>(EVP_RSA_gen(2048), EVP_PKEY_free);
    std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 42);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), notBeforeDays * 86400);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), notAfterDays * 86400);
    X509_set_pubkey(cert.get(), out.key.get());
    X509_NAME *name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char *>("pal-sandbox-test"),
                               -1, -1, 0);
    X509_set_issuer_name(cert.get(), name);
    X509_sign(cert.get(), out.key.get(), EVP_sha256());
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    PEM_write_bio_X509(bio.get(), cert.get());
    char *data = nullptr;
    const long length = BIO_get_mem_data(bio.get(), &data);
    out.pem = QByteArray(data, int(length));
    unsigned char *der = nullptr;
    const int derLength = i2d_X509(cert.get(), &der);
    out.der = QByteArray(reinterpret_cast<char *>(der), derLength);
    OPENSSL_free(der);
    return out;
}

QByteArray b64u(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray sign(EVP_PKEY *key, bool pss, const QByteArray &input)
{
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    EVP_PKEY_CTX *pctx = nullptr;
    EVP_DigestSignInit(ctx.get(), &pctx, EVP_sha256(), nullptr, key);
    if (pss) {
        EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING);
        EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST);
    }
    size_t length = 0;
    EVP_DigestSign(ctx.get(), nullptr, &length, reinterpret_cast<const unsigned char *>(input.constData()),
                   size_t(input.size()));
    QByteArray signature(int(length), '\0');
    EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char *>(signature.data()), &length,
                   reinterpret_cast<const unsigned char *>(input.constData()), size_t(input.size()));
    signature.truncate(int(length));
    return signature;
}

struct Assertion
{
    bool pss = true;
    QString audience;
    QString issuer = scenario::PalAutomation.clientId;
    QString subject = scenario::PalAutomation.clientId;
    qint64 expOffset = 600;
    QString jti = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QByteArray thumbprintDer; // the certificate the header names (default: the signing one)
};

QString makeAssertion(const TestCertificate &cert, Assertion a)
{
    const QByteArray der = a.thumbprintDer.isEmpty() ? cert.der : a.thumbprintDer;
    QJsonObject header{{QStringLiteral("typ"), QStringLiteral("JWT")}};
    if (a.pss) {
        header.insert(QStringLiteral("alg"), QStringLiteral("PS256"));
        header.insert(QStringLiteral("x5t#S256"),
                      QString::fromLatin1(b64u(QCryptographicHash::hash(der, QCryptographicHash::Sha256))));
    } else {
        header.insert(QStringLiteral("alg"), QStringLiteral("RS256"));
        header.insert(QStringLiteral("x5t"),
                      QString::fromLatin1(b64u(QCryptographicHash::hash(der, QCryptographicHash::Sha1))));
    }
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QJsonObject claims{{QStringLiteral("aud"), a.audience},
                             {QStringLiteral("iss"), a.issuer},
                             {QStringLiteral("sub"), a.subject},
                             {QStringLiteral("jti"), a.jti},
                             {QStringLiteral("iat"), now},
                             {QStringLiteral("nbf"), now},
                             {QStringLiteral("exp"), now + a.expOffset}};
    const QByteArray input = b64u(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.' +
                             b64u(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    return QString::fromLatin1(input + '.' + b64u(sign(cert.key.get(), a.pss, input)));
}

class ClientCredentialsTest : public SandboxTest
{
protected:
    QString tokenEndpoint(const QString &tenant = scenario::ContosoPartner.tenantId) const
    {
        return m_base + QLatin1Char('/') + tenant + QStringLiteral("/oauth2/v2.0/token");
    }
    Response
    withAssertion(const QString &assertion, const QString &tenant = scenario::ContosoPartner.tenantId,
                  const QString &type = QStringLiteral("urn:ietf:params:oauth:client-assertion-type:jwt-bearer"))
    {
        return postForm(QStringLiteral("/%1/oauth2/v2.0/token").arg(tenant),
                        {{QStringLiteral("client_id"), scenario::PalAutomation.clientId},
                         {QStringLiteral("grant_type"), QStringLiteral("client_credentials")},
                         {QStringLiteral("client_assertion_type"), type},
                         {QStringLiteral("client_assertion"), assertion},
                         {QStringLiteral("scope"), m_base + QStringLiteral("/.default")}});
    }
    Assertion assertion(bool pss = true) const
    {
        Assertion a;
        a.pss = pss;
        a.audience = tokenEndpoint();
        return a;
    }
};

TEST_F(ClientCredentialsTest, SecretGivesAnAppTokenThatArmAccepts)
{
    const Response r = clientSecret(scenario::ContosoPartner.tenantId, scenario::PalAutomation.secret);
    ASSERT_EQ(r.status, 200) << r.body.constData();
    const QJsonObject o = r.json();
    EXPECT_EQ(o.value(QStringLiteral("token_type")).toString(), QStringLiteral("Bearer"));
    EXPECT_EQ(o.value(QStringLiteral("expires_in")).toInt(), 3600);
    EXPECT_FALSE(o.contains(QStringLiteral("refresh_token")));
    EXPECT_FALSE(o.contains(QStringLiteral("id_token")));
    const QJsonObject claims = jwtClaims(o.value(QStringLiteral("access_token")).toString());
    EXPECT_EQ(claims.value(QStringLiteral("idtyp")).toString(), QStringLiteral("app"));
    EXPECT_EQ(claims.value(QStringLiteral("oid")).toString(), scenario::PalAutomation.objectId);
    EXPECT_EQ(claims.value(QStringLiteral("tid")).toString(), scenario::ContosoPartner.tenantId);
    EXPECT_EQ(claims.value(QStringLiteral("appid")).toString(), scenario::PalAutomation.clientId);
    EXPECT_FALSE(claims.contains(QStringLiteral("preferred_username")));
    const Response link =
        send("PUT", QStringLiteral("/providers/Microsoft.ManagementPartner/partners/1234567?api-version=2018-02-01"),
             bearer(o.value(QStringLiteral("access_token")).toString().toLatin1()));
    EXPECT_EQ(link.status, 200);
    EXPECT_EQ(link.json().value(QStringLiteral("properties")).toObject().value(QStringLiteral("objectId")).toString(),
              scenario::PalAutomation.objectId);
}

TEST_F(ClientCredentialsTest, SecretWorksAtTheDomainAuthorityAndThroughBasicAuth)
{
    EXPECT_EQ(clientSecret(QStringLiteral("contoso-partner.example"), scenario::PalAutomation.secret).status, 200);
    const std::string basic =
        "Basic " + (scenario::PalAutomation.clientId + QLatin1Char(':') + scenario::PalAutomation.secret)
                       .toLatin1()
                       .toBase64()
                       .toStdString();
    const Response r = postForm(QStringLiteral("/%1/oauth2/v2.0/token").arg(scenario::ContosoPartner.tenantId),
                                {{QStringLiteral("grant_type"), QStringLiteral("client_credentials")},
                                 {QStringLiteral("scope"), m_base + QStringLiteral("/.default")}},
                                {{"Authorization", basic}});
    EXPECT_EQ(r.status, 200) << r.body.constData();
}

TEST_F(ClientCredentialsTest, SecretProblems)
{
    expectEntraError(clientSecret(scenario::ContosoPartner.tenantId, QStringLiteral("wrong")), 401, "invalid_client",
                     7000215);
    expectEntraError(clientSecret(scenario::ContosoPartner.tenantId, scenario::PalAutomation.expiredSecret), 401,
                     "invalid_client", 7000222);
    expectEntraError(clientSecret(QStringLiteral("organizations"), scenario::PalAutomation.secret), 400,
                     "invalid_request", 90124);
    expectEntraError(clientSecret(scenario::Fabrikam.tenantId, scenario::PalAutomation.secret), 400,
                     "unauthorized_client", 700016);
    expectEntraError(clientSecret(scenario::ContosoPartner.tenantId, scenario::PalAutomation.secret,
                                  QStringLiteral("11111111-2222-3333-4444-555555555555")),
                     400, "unauthorized_client", 700016);
    expectEntraError(
        clientSecret(scenario::ContosoPartner.tenantId, scenario::PalAutomation.secret, scenario::AzureCliClientId),
        401, "invalid_client", 700025);
    expectEntraError(postForm(QStringLiteral("/%1/oauth2/v2.0/token").arg(scenario::ContosoPartner.tenantId),
                              {{QStringLiteral("client_id"), scenario::PalAutomation.clientId},
                               {QStringLiteral("grant_type"), QStringLiteral("client_credentials")},
                               {QStringLiteral("scope"), m_base + QStringLiteral("/.default")}}),
                     401, "invalid_client", 7000218);
    expectEntraError(postForm(QStringLiteral("/%1/oauth2/v2.0/token").arg(scenario::ContosoPartner.tenantId),
                              {{QStringLiteral("client_id"), scenario::AzureCliClientId},
                               {QStringLiteral("grant_type"), QStringLiteral("client_credentials")},
                               {QStringLiteral("scope"), m_base + QStringLiteral("/.default")}}),
                     401, "invalid_client", 7000218);
}

TEST_F(ClientCredentialsTest, ScopeMustBeOneResourceWithDotDefault)
{
    expectEntraError(clientSecret(scenario::ContosoPartner.tenantId, scenario::PalAutomation.secret,
                                  scenario::PalAutomation.clientId, m_base + QStringLiteral("/user_impersonation")),
                     400, "invalid_scope", 1002012);
    expectEntraError(clientSecret(scenario::ContosoPartner.tenantId, scenario::PalAutomation.secret,
                                  scenario::PalAutomation.clientId, m_base + QStringLiteral("/.default openid")),
                     400, "invalid_scope", 70011);
    expectEntraError(clientSecret(scenario::ContosoPartner.tenantId, scenario::PalAutomation.secret,
                                  scenario::PalAutomation.clientId,
                                  m_base + QStringLiteral("/.default https://graph.microsoft.com/.default")),
                     400, "invalid_scope", 700022);
    expectEntraError(clientSecret(scenario::ContosoPartner.tenantId, scenario::PalAutomation.secret,
                                  scenario::PalAutomation.clientId,
                                  QStringLiteral("https://management.azure.com/.default")),
                     400, "invalid_resource", 500011);
    const Response trailing = clientSecret(scenario::ContosoPartner.tenantId, scenario::PalAutomation.secret,
                                           scenario::PalAutomation.clientId, m_base + QStringLiteral("//.default"));
    ASSERT_EQ(trailing.status, 200);
    EXPECT_EQ(jwtClaims(trailing.json().value(QStringLiteral("access_token")).toString())
                  .value(QStringLiteral("aud"))
                  .toString(),
              m_base + QLatin1Char('/'));
}

TEST_F(ClientCredentialsTest, CertificateAssertionsVerifyWithBothAlgorithms)
{
    const TestCertificate cert = makeCertificate();
    ASSERT_TRUE(sandbox->registerCertificate(scenario::PalAutomation.clientId, cert.pem));
    const Response pss = withAssertion(makeAssertion(cert, assertion(true)));
    ASSERT_EQ(pss.status, 200) << pss.body.constData();
    EXPECT_EQ(
        jwtClaims(pss.json().value(QStringLiteral("access_token")).toString()).value(QStringLiteral("oid")).toString(),
        scenario::PalAutomation.objectId);
    const Response rs = withAssertion(makeAssertion(cert, assertion(false)));
    EXPECT_EQ(rs.status, 200) << rs.body.constData();
    Assertion byDomain = assertion();
    byDomain.audience = m_base + QStringLiteral("/contoso-partner.example/oauth2/v2.0/token");
    EXPECT_EQ(withAssertion(makeAssertion(cert, byDomain), QStringLiteral("contoso-partner.example")).status, 200);
}

TEST_F(ClientCredentialsTest, BadAssertionsAreRefused)
{
    const TestCertificate cert = makeCertificate();
    const TestCertificate other = makeCertificate();
    ASSERT_TRUE(sandbox->registerCertificate(scenario::PalAutomation.clientId, cert.pem));
    EXPECT_FALSE(sandbox->registerCertificate(scenario::PalAutomation.clientId, QByteArray("not a certificate")));
    EXPECT_FALSE(sandbox->registerCertificate(scenario::AzureCliClientId, cert.pem));

    const Assertion base = assertion();
    const QString once = makeAssertion(cert, base);
    ASSERT_EQ(withAssertion(once).status, 200);
    expectEntraError(withAssertion(once), 401, "invalid_client", 700027); // jti replayed

    Assertion wrongAudience = assertion();
    wrongAudience.audience = m_base + QStringLiteral("/organizations/oauth2/v2.0/token");
    expectEntraError(withAssertion(makeAssertion(cert, wrongAudience)), 401, "invalid_client", 700027);
    Assertion wrongIssuer = assertion();
    wrongIssuer.issuer = scenario::AzureCliClientId;
    expectEntraError(withAssertion(makeAssertion(cert, wrongIssuer)), 401, "invalid_client", 700027);
    Assertion expired = assertion();
    expired.expOffset = -60;
    expectEntraError(withAssertion(makeAssertion(cert, expired)), 401, "invalid_client", 700027);
    expectEntraError(withAssertion(makeAssertion(other, assertion())), 401, "invalid_client", 700027); // unregistered
    Assertion forged = assertion();
    forged.thumbprintDer = cert.der; // names the registered certificate, signed by another key
    expectEntraError(withAssertion(makeAssertion(other, forged)), 401, "invalid_client", 700027);
    expectEntraError(withAssertion(QStringLiteral("not.a.jwt")), 401, "invalid_client", 700027);
    expectEntraError(
        withAssertion(makeAssertion(cert, assertion()), scenario::ContosoPartner.tenantId, QStringLiteral("password")),
        401, "invalid_client", 700027);
}

TEST_F(ClientCredentialsTest, ExpiredCertificateIsRefused)
{
    const TestCertificate old = makeCertificate(-60, -1);
    ASSERT_TRUE(sandbox->registerCertificate(scenario::PalAutomation.clientId, old.pem));
    const Response r = withAssertion(makeAssertion(old, assertion()));
    expectEntraError(r, 401, "invalid_client", 700027);
    EXPECT_TRUE(
        r.json().value(QStringLiteral("error_description")).toString().contains(QStringLiteral("not valid now")));
}

TEST_F(ClientCredentialsTest, CertificatesCanComeFromTheScenario)
{
    const TestCertificate cert = makeCertificate();
    QJsonObject root = QJsonDocument::fromJson(palsandbox::SandboxServer::defaultScenario()).object();
    QJsonArray sps = root.value(QStringLiteral("servicePrincipals")).toArray();
    QJsonObject sp = sps[0].toObject();
    sp.insert(QStringLiteral("certificates"), QJsonArray{QString::fromLatin1(cert.pem)});
    sps[0] = sp;
    startWith(defaultScenarioWith({{QStringLiteral("servicePrincipals"), sps}}));
    EXPECT_EQ(withAssertion(makeAssertion(cert, assertion())).status, 200);
}

} // namespace
