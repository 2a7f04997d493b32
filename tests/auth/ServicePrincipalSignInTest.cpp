// Service principal sign-in (client secret, certificate) through AccountManager.
#include "SignInFixture.h"

using namespace signintest;

TEST_F(SignInFlows, BlankSecretIsRejectedAndNothingIsSent)
{
    for (const QByteArray &secret : {QByteArray(), QByteArray("   \t\n")}) {
        auto r = await<Account>([&](Completion<Account> done) {
            manager->signInWithClientSecret(options(kHome, QStringLiteral("app-1")), secret, manager.get(), done);
        });
        ASSERT_TRUE(r && !*r);
        EXPECT_EQ(r->error().kind, AzureError::Kind::InvalidInput);
        EXPECT_TRUE(r->error().message.contains(QStringLiteral("client secret is empty")));
    }
    auto r = await<Account>([&](Completion<Account> done) {
        manager->signInWithClientSecret(options(QStringLiteral("organizations"), QStringLiteral("app-1")), "s3cr3t",
                                        manager.get(), done);
    });
    ASSERT_TRUE(r && !*r);
    EXPECT_EQ(r->error().kind, AzureError::Kind::InvalidInput);
    EXPECT_TRUE(network.requests.isEmpty());
    EXPECT_TRUE(secrets.items().isEmpty());
}

TEST_F(SignInFlows, ClientSecretSignInStoresTheSecretOnlyInTheStore)
{
    auto r = await<Account>([&](Completion<Account> done) {
        manager->signInWithClientSecret(options(kHome, QStringLiteral("app-1")), "s3cr3t+/=", manager.get(), done);
    });
    ASSERT_TRUE(r && *r) << (r ? r->error().message.toStdString() : "timeout");
    EXPECT_EQ(r->value().id, QStringLiteral("app-1.") + kHome);
    EXPECT_EQ(r->value().objectId, QStringLiteral("sp-oid"));
    const RecordedRequest call = network.requests.last();
    EXPECT_EQ(call.url.toString(), QStringLiteral("https://login.test/%1/oauth2/v2.0/token").arg(kHome));
    EXPECT_EQ(call.field(QStringLiteral("client_secret")), QStringLiteral("s3cr3t+/="));
    EXPECT_EQ(call.field(QStringLiteral("scope")), QStringLiteral("https://arm.test/.default"));
    EXPECT_EQ(secrets.items().value(AccountTokenProvider::credentialKey(r->value().id)), QByteArray("s3cr3t+/="));
    EXPECT_FALSE(accountsFile().contains("s3cr3t"));

    // Silent: other directories are refused, its own is served again by client credentials.
    auto other = token(r->value().id, kOther);
    ASSERT_FALSE(other);
    EXPECT_TRUE(other.error().message.contains(QStringLiteral("cannot get tokens for directory")));
    const int before = network.count(QStringLiteral("/token"));
    clock.advance(3600);
    auto again = token(r->value().id, kHome);
    ASSERT_TRUE(again) << again.error().message.toStdString();
    EXPECT_EQ(network.count(QStringLiteral("/token")), before + 1);
    EXPECT_EQ(network.requests.last().field(QStringLiteral("client_secret")), QStringLiteral("s3cr3t+/="));
}

TEST_F(SignInFlows, CertificateSignInSendsAVerifiableAssertion)
{
    const TestCertificate cert = makeTestCertificate(dir.path(), QStringLiteral("sp"));
    auto r = await<Account>([&](Completion<Account> done) {
        manager->signInWithCertificate(options(kHome, QStringLiteral("app-2")), cert.pkcs12, "pfx-pass", manager.get(),
                                       done);
    });
    ASSERT_TRUE(r && *r) << (r ? r->error().message.toStdString() : "timeout");
    EXPECT_EQ(r->value().kind, SignInKind::ClientCertificate);
    EXPECT_EQ(r->value().certificatePath, cert.pkcs12);
    const RecordedRequest call = network.requests.last();
    EXPECT_EQ(call.field(QStringLiteral("client_assertion_type")),
              QStringLiteral("urn:ietf:params:oauth:client-assertion-type:jwt-bearer"));
    const QByteArray assertion = call.field(QStringLiteral("client_assertion")).toLatin1();
    EXPECT_TRUE(verifyJwtSignature(assertion, cert.certificatePem));
    const QJsonObject claims =
        QJsonDocument::fromJson(QByteArray::fromBase64(assertion.split('.').at(1), QByteArray::Base64UrlEncoding))
            .object();
    EXPECT_EQ(claims.value(QLatin1String("aud")).toString(), call.url.toString());
    EXPECT_FALSE(call.body.contains("client_secret"));
    EXPECT_EQ(secrets.items().value(AccountTokenProvider::credentialKey(r->value().id)), QByteArray("pfx-pass"));
}

TEST_F(SignInFlows, UnusableCertificateFailsBeforeAnythingIsSent)
{
    const TestCertificate expired = makeTestCertificate(dir.path(), QStringLiteral("old"), -1);
    auto r = await<Account>([&](Completion<Account> done) {
        manager->signInWithCertificate(options(kHome, QStringLiteral("app-2")), expired.pemWithKey, {}, manager.get(),
                                       done);
    });
    ASSERT_TRUE(r && !*r);
    EXPECT_EQ(r->error().kind, AzureError::Kind::InvalidInput);
    EXPECT_TRUE(r->error().message.contains(QStringLiteral("expired")));
    EXPECT_TRUE(network.requests.isEmpty());
    EXPECT_TRUE(secrets.items().isEmpty());
}
