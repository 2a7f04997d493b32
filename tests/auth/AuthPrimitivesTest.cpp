// Unit tests of the sign-in building blocks: PKCE, Entra error mapping, tenant validation,
// OIDC documents, token answers, the MSAL token cache and the sign-in state machine
// (the keychain layout of the cache: IdentityStoreTest.cpp).
#include "EntraError.h"
#include "FakeEntra.h"
#include "OidcDiscovery.h"
#include "Pkce.h"
#include "SecretStore.h"
#include "SignInState.h"
#include "TokenCache.h"
#include "TokenResponse.h"
#include "Wait.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <gtest/gtest.h>

using namespace pal;
using namespace pal::test;

// ---- PKCE ----

TEST(Pkce, MatchesRfc7636AppendixB)
{
    EXPECT_EQ(Pkce::challengeFor("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
              QByteArray("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
}

TEST(Pkce, GeneratedVerifierIsRandomAndWellFormed)
{
    const Pkce a = Pkce::generate();
    const Pkce b = Pkce::generate();
    EXPECT_TRUE(Pkce::isValidVerifier(a.verifier)) << a.verifier.constData();
    EXPECT_EQ(a.verifier.size(), 43);
    EXPECT_NE(a.verifier, b.verifier);
    EXPECT_EQ(a.challenge, Pkce::challengeFor(a.verifier));
    EXPECT_FALSE(a.challenge.contains('='));
}

TEST(Pkce, RejectsVerifiersOutsideTheRfc)
{
    EXPECT_FALSE(Pkce::isValidVerifier(QByteArray(42, 'a')));
    EXPECT_FALSE(Pkce::isValidVerifier(QByteArray(129, 'a')));
    EXPECT_FALSE(Pkce::isValidVerifier(QByteArray(43, 'a') + '+'));
    EXPECT_TRUE(Pkce::isValidVerifier(QByteArray(128, '~')));
}

// ---- Entra errors ----

TEST(EntraError, MfaCodeBecomesInteractionRequiredNamingTheDirectory)
{
    const AzureError e = entraError(400,
                                    FakeEntra::error(QStringLiteral("invalid_grant"), 50076,
                                                     QStringLiteral("AADSTS50076: Due to a configuration change")),
                                    QStringLiteral("tenant-x"));
    EXPECT_EQ(e.kind, AzureError::Kind::InteractionRequired);
    EXPECT_EQ(e.code, QStringLiteral("AADSTS50076"));
    EXPECT_EQ(e.tenantId, QStringLiteral("tenant-x"));
    EXPECT_TRUE(e.message.startsWith(QStringLiteral("Directory tenant-x requires multi-factor authentication")))
        << e.message.toStdString();
    EXPECT_TRUE(e.message.contains(QStringLiteral("Due to a configuration change")));
    EXPECT_FALSE(e.message.contains(QStringLiteral("Trace ID")));
    EXPECT_EQ(e.correlationId, QStringLiteral("c-1"));
    EXPECT_FALSE(needsFullSignIn(e));
}

TEST(EntraError, EveryInteractionCodeIsTyped)
{
    for (int code : {50076, 50079, 50158, 53003, 65001, 50078, 50074, 53000, 90094}) {
        const AzureError e =
            entraError(400, FakeEntra::error(QStringLiteral("invalid_grant"), code), QStringLiteral("t"));
        EXPECT_EQ(e.kind, AzureError::Kind::InteractionRequired) << code;
        EXPECT_EQ(e.code, QStringLiteral("AADSTS%1").arg(code));
    }
}

TEST(EntraError, InteractionRequiredErrorWithoutKnownCode)
{
    const AzureError e =
        entraError(400, FakeEntra::error(QStringLiteral("interaction_required"), 12345), QStringLiteral("t"));
    EXPECT_EQ(e.kind, AzureError::Kind::InteractionRequired);
}

TEST(EntraError, ExpiredOrRevokedGrantNeedsAFullSignIn)
{
    for (int code : {700082, 50173, 70008}) {
        const AzureError e =
            entraError(400, FakeEntra::error(QStringLiteral("invalid_grant"), code), QStringLiteral("t"));
        EXPECT_EQ(e.kind, AzureError::Kind::InteractionRequired) << code;
        EXPECT_TRUE(needsFullSignIn(e)) << code;
        EXPECT_TRUE(e.message.contains(QStringLiteral("sign in again"))) << e.message.toStdString();
    }
}

TEST(EntraError, ReactsOnCodesNotOnDescriptionText)
{
    // The description mentions MFA, the code says bad secret: the code wins.
    const AzureError e = entraError(401,
                                    FakeEntra::error(QStringLiteral("invalid_client"), 7000215,
                                                     QStringLiteral("AADSTS7000215: multi-factor mention")),
                                    QStringLiteral("t"));
    EXPECT_EQ(e.kind, AzureError::Kind::SignInFailed);
    EXPECT_EQ(e.code, QStringLiteral("AADSTS7000215"));
}

TEST(EntraError, NotAMemberAndUnknownTenantAreSaidPlainly)
{
    AzureError e = entraError(400, FakeEntra::error(QStringLiteral("invalid_grant"), 50020), QStringLiteral("t-9"));
    EXPECT_EQ(e.kind, AzureError::Kind::SignInFailed);
    EXPECT_TRUE(e.message.startsWith(QStringLiteral("The account is not a member or guest of directory t-9")));
    e = entraError(400, FakeEntra::error(QStringLiteral("invalid_request"), 90002), QStringLiteral("t-9"));
    EXPECT_EQ(e.kind, AzureError::Kind::InvalidInput);
    EXPECT_TRUE(e.message.contains(QStringLiteral("does not exist")));
}

TEST(EntraError, NonJsonAndServerErrors)
{
    EXPECT_EQ(entraError(502, "<html>bad gateway</html>", {}).kind, AzureError::Kind::Server);
    EXPECT_EQ(entraError(400, "not json", {}).kind, AzureError::Kind::BadResponse);
    EXPECT_EQ(entraError(429, "", {}).kind, AzureError::Kind::Throttled);
    EXPECT_EQ(entraError(503, FakeEntra::error(QStringLiteral("temporarily_unavailable"), 0), {}).kind,
              AzureError::Kind::Server);
}

// ---- tenants and discovery ----

TEST(Tenant, AcceptsKnownShapesAndRejectsOthers)
{
    EXPECT_EQ(normalizeTenant(QStringLiteral(" Organizations ")).value(), QStringLiteral("organizations"));
    EXPECT_TRUE(normalizeTenant(QStringLiteral("common")));
    EXPECT_TRUE(normalizeTenant(QStringLiteral("72F988BF-86F1-41AF-91AB-2D7CD011DB47")));
    EXPECT_TRUE(normalizeTenant(QStringLiteral("contoso.onmicrosoft.com")));
    for (const char *bad : {"", "contoso", "../etc", "a b.com", "72f988bf-86f1-41af-91ab", "x.com/evil", "x.com?q=1"}) {
        auto r = normalizeTenant(QString::fromLatin1(bad));
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error().kind, AzureError::Kind::InvalidInput);
        EXPECT_TRUE(r.error().message.contains(QStringLiteral("is not valid"))) << bad;
    }
}

TEST(Discovery, DocumentUrlFollowsEntraShape)
{
    auto cloud = CloudEnvironment::create(QStringLiteral("T"), QStringLiteral("https://login.test/"),
                                          QStringLiteral("https://arm.test"));
    EXPECT_EQ(OidcDiscovery::documentUrl(cloud.value(), QStringLiteral("organizations")).toString(),
              QStringLiteral("https://login.test/organizations/v2.0/.well-known/openid-configuration"));
}

TEST(Discovery, MissingEndpointsAreNamed)
{
    const QUrl doc(QStringLiteral("https://login.test/t/v2.0/.well-known/openid-configuration"));
    const QUrl authority(QStringLiteral("https://login.test/t"));
    auto r = OidcDiscovery::parse(R"({"authorization_endpoint":"https://login.test/a"})", authority, doc);
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("token_endpoint")));
    r = OidcDiscovery::parse(R"({"authorization_endpoint":"http://evil.example/a","token_endpoint":"https://x/t"})",
                             authority, doc);
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("authorization_endpoint")));
    r = OidcDiscovery::parse("[]", authority, doc);
    ASSERT_FALSE(r);
    r = OidcDiscovery::parse(FakeEntra::discovery(QStringLiteral("t"), false), authority, doc);
    ASSERT_TRUE(r) << r.error().message.toStdString();
    EXPECT_TRUE(r->deviceAuthorizationEndpoint.isEmpty());
    EXPECT_EQ(r->tokenEndpoint.toString(), QStringLiteral("https://login.test/t/oauth2/v2.0/token"));
}

TEST(Discovery, MissingDocumentIsAClearError)
{
    FakeNetwork network;
    network.handler = [](const RecordedRequest &) {
        return FakeResponse{400, FakeEntra::error(QStringLiteral("invalid_tenant"), 90002,
                                                  QStringLiteral("AADSTS90002: Tenant 'nope.com' not found."))};
    };
    auto cloud =
        CloudEnvironment::create(QStringLiteral("T"), FakeEntra::loginBase(), QStringLiteral("https://arm.test"));
    QObject context;
    auto r = await<OidcConfiguration>([&](Completion<OidcConfiguration> done) {
        OidcDiscovery::fetch(&network, cloud.value(), QStringLiteral("nope.com"), &context, done);
    });
    ASSERT_TRUE(r && !*r);
    EXPECT_EQ(r->error().kind, AzureError::Kind::InvalidInput);
    EXPECT_TRUE(r->error().message.contains(QStringLiteral("No OpenID configuration for directory \"nope.com\"")))
        << r->error().message.toStdString();
    EXPECT_TRUE(r->error().message.contains(QStringLiteral("not found")));
}

// ---- token answers ----

TEST(TokenResponse, UserAnswerNeedsEveryPromisedField)
{
    auto ok = TokenResponse::parse(FakeEntra::userTokens(QStringLiteral("oid1"), QStringLiteral("tid1"),
                                                         QStringLiteral("a@b.c"), QStringLiteral("rt")),
                                   TokenResponse::Expect::UserTokens);
    ASSERT_TRUE(ok);
    auto id = identityFrom(ok.value());
    ASSERT_TRUE(id);
    EXPECT_EQ(id->homeAccountId, QStringLiteral("oid1.tid1"));
    EXPECT_EQ(id->username, QStringLiteral("a@b.c"));

    for (const char *field : {"access_token", "refresh_token", "id_token", "client_info", "expires_in"}) {
        QJsonObject o = QJsonDocument::fromJson(FakeEntra::userTokens(QStringLiteral("o"), QStringLiteral("t"),
                                                                      QStringLiteral("u"), QStringLiteral("r")))
                            .object();
        o.remove(QString::fromLatin1(field));
        auto r = TokenResponse::parse(QJsonDocument(o).toJson(), TokenResponse::Expect::UserTokens);
        ASSERT_FALSE(r) << field;
        EXPECT_EQ(r.error().kind, AzureError::Kind::BadResponse);
        EXPECT_TRUE(r.error().message.contains(QString::fromLatin1(field))) << r.error().message.toStdString();
    }
}

// ---- token cache (MSAL schema) ----

namespace {
TokenCache::Context msalContext()
{
    TokenCache::Context c;
    c.environment = QStringLiteral("login.example.com");
    c.clientId = QStringLiteral("my_client_id");
    c.realm = QStringLiteral("contoso");
    c.scopes = {QStringLiteral("s2"), QStringLiteral("s1"), QStringLiteral("s3")};
    c.identity.homeAccountId = QStringLiteral("uid.utid");
    c.identity.objectId = QStringLiteral("object1234");
    c.identity.username = QStringLiteral("John Doe");
    c.now = QDateTime::fromSecsSinceEpoch(1000, Qt::UTC);
    return c;
}
TokenResponse msalResponse()
{
    TokenResponse r;
    r.accessToken = "an access token";
    r.refreshToken = "a refresh token";
    r.idToken = FakeEntra::jwt({{QStringLiteral("oid"), QStringLiteral("object1234")}});
    r.tokenType = QStringLiteral("some type");
    r.expiresIn = 3600;
    return r;
}
} // namespace

// The same input and expectations as MSAL Python's tests/test_token_cache.py testAddByAad.
TEST(TokenCache, MatchesMsalPythonAddByAad)
{
    TokenCache cache;
    cache.add(msalResponse(), msalContext());
    const QJsonObject root = cache.json();
    const QJsonObject at =
        root.value(QLatin1String("AccessToken"))
            .toObject()
            .value(QLatin1String("uid.utid-login.example.com-accesstoken-my_client_id-contoso-s1 s2 s3"))
            .toObject();
    EXPECT_EQ(at, (QJsonObject{{QStringLiteral("cached_at"), QStringLiteral("1000")},
                               {QStringLiteral("client_id"), QStringLiteral("my_client_id")},
                               {QStringLiteral("credential_type"), QStringLiteral("AccessToken")},
                               {QStringLiteral("environment"), QStringLiteral("login.example.com")},
                               {QStringLiteral("expires_on"), QStringLiteral("4600")},
                               {QStringLiteral("extended_expires_on"), QStringLiteral("4600")},
                               {QStringLiteral("home_account_id"), QStringLiteral("uid.utid")},
                               {QStringLiteral("realm"), QStringLiteral("contoso")},
                               {QStringLiteral("secret"), QStringLiteral("an access token")},
                               {QStringLiteral("target"), QStringLiteral("s1 s2 s3")},
                               {QStringLiteral("token_type"), QStringLiteral("some type")}}));
    const QJsonObject rt = root.value(QLatin1String("RefreshToken"))
                               .toObject()
                               .value(QLatin1String("uid.utid-login.example.com-refreshtoken-my_client_id--s1 s2 s3"))
                               .toObject();
    EXPECT_EQ(rt, (QJsonObject{{QStringLiteral("client_id"), QStringLiteral("my_client_id")},
                               {QStringLiteral("credential_type"), QStringLiteral("RefreshToken")},
                               {QStringLiteral("environment"), QStringLiteral("login.example.com")},
                               {QStringLiteral("home_account_id"), QStringLiteral("uid.utid")},
                               {QStringLiteral("last_modification_time"), QStringLiteral("1000")},
                               {QStringLiteral("secret"), QStringLiteral("a refresh token")},
                               {QStringLiteral("target"), QStringLiteral("s1 s2 s3")}}));
    EXPECT_EQ(root.value(QLatin1String("Account"))
                  .toObject()
                  .value(QLatin1String("uid.utid-login.example.com-contoso"))
                  .toObject(),
              (QJsonObject{{QStringLiteral("home_account_id"), QStringLiteral("uid.utid")},
                           {QStringLiteral("environment"), QStringLiteral("login.example.com")},
                           {QStringLiteral("realm"), QStringLiteral("contoso")},
                           {QStringLiteral("local_account_id"), QStringLiteral("object1234")},
                           {QStringLiteral("username"), QStringLiteral("John Doe")},
                           {QStringLiteral("authority_type"), QStringLiteral("MSSTS")}}));
    EXPECT_TRUE(root.value(QLatin1String("IdToken"))
                    .toObject()
                    .contains(QLatin1String("uid.utid-login.example.com-idtoken-my_client_id-contoso-")));
    EXPECT_EQ(root.value(QLatin1String("AppMetadata"))
                  .toObject()
                  .value(QLatin1String("appmetadata-login.example.com-my_client_id"))
                  .toObject(),
              (QJsonObject{{QStringLiteral("client_id"), QStringLiteral("my_client_id")},
                           {QStringLiteral("environment"), QStringLiteral("login.example.com")}}));
}

TEST(TokenCache, AccessTokenReusedUntilFiveMinutesBeforeExpiry)
{
    TokenCache cache;
    cache.add(msalResponse(), msalContext());
    const QStringList wanted{QStringLiteral("s1")};
    auto at = [&](qint64 now) {
        return cache.findAccessToken(QStringLiteral("uid.utid"), QStringLiteral("login.example.com"),
                                     QStringLiteral("my_client_id"), QStringLiteral("contoso"), wanted,
                                     QDateTime::fromSecsSinceEpoch(now, Qt::UTC));
    };
    EXPECT_TRUE(at(1000));
    EXPECT_TRUE(at(4600 - 300));
    EXPECT_FALSE(at(4600 - 299));
    EXPECT_FALSE(cache.findAccessToken(QStringLiteral("uid.utid"), QStringLiteral("login.example.com"),
                                       QStringLiteral("my_client_id"), QStringLiteral("fabrikam"), wanted,
                                       QDateTime::fromSecsSinceEpoch(1000, Qt::UTC)));
    // An expired token is purged on search, as MSAL does.
    at(5000);
    EXPECT_TRUE(cache.json().value(QLatin1String("AccessToken")).toObject().isEmpty());
}

TEST(TokenCache, RefreshTokenIsCrossTenantAndRotates)
{
    TokenCache cache;
    cache.add(msalResponse(), msalContext());
    TokenCache::Context other = msalContext();
    other.realm = QStringLiteral("fabrikam");
    other.now = other.now.addSecs(10);
    TokenResponse rotated = msalResponse();
    rotated.refreshToken = "rotated";
    cache.add(rotated, other);
    EXPECT_EQ(cache
                  .findRefreshToken(QStringLiteral("uid.utid"), QStringLiteral("login.example.com"),
                                    QStringLiteral("my_client_id"))
                  .value(),
              QByteArray("rotated"));
    EXPECT_EQ(cache.json().value(QLatin1String("RefreshToken")).toObject().size(), 1);
    EXPECT_EQ(cache.json().value(QLatin1String("AccessToken")).toObject().size(), 2);
}

// A fleet's cache: one access token per directory. Each directory gets its own, however the cache
// came to be (added here, read back, merged with another process's copy), and a new one replaces it.
TEST(TokenCache, EachDirectoryOfAManyDirectoryCacheGetsItsOwnAccessToken)
{
    TokenCache cache;
    const auto realm = [](int i) { return QStringLiteral("Directory-%1").arg(i); };
    for (int i = 0; i < 50; ++i) {
        TokenCache::Context c = msalContext();
        c.realm = realm(i);
        TokenResponse r = msalResponse();
        r.accessToken = "token of " + realm(i).toUtf8();
        r.expiresIn = 3600 + 100 * i;
        cache.add(r, c);
    }
    const auto secret = [&](TokenCache &of, const QString &directory, qint64 now = 1000) {
        const auto at = of.findAccessToken(QStringLiteral("uid.utid"), QStringLiteral("login.example.com"),
                                           QStringLiteral("my_client_id"), directory, {QStringLiteral("s1")},
                                           QDateTime::fromSecsSinceEpoch(now, Qt::UTC));
        return at ? at->secret : QByteArray();
    };
    for (int i = 0; i < 50; i += 7)
        EXPECT_EQ(secret(cache, realm(i)), "token of " + realm(i).toUtf8());
    EXPECT_EQ(secret(cache, realm(3).toUpper()), "token of " + realm(3).toUtf8()) << "directories match in any case";
    const auto stored = TokenCache::fromJson(cache.toJson());
    ASSERT_TRUE(stored);
    TokenCache read = stored.value();
    EXPECT_EQ(secret(read, realm(49)), "token of " + realm(49).toUtf8());
    TokenCache merged = TokenCache::merged(TokenCache(), read, QDateTime::fromSecsSinceEpoch(1000, Qt::UTC));
    EXPECT_EQ(secret(merged, realm(21)), "token of " + realm(21).toUtf8());

    TokenCache::Context again = msalContext();
    again.realm = realm(5).toUpper();
    again.now = again.now.addSecs(60);
    TokenResponse renewed = msalResponse();
    renewed.accessToken = "renewed";
    merged.add(renewed, again);
    EXPECT_EQ(secret(merged, realm(5)), QByteArray("renewed"));
    EXPECT_EQ(merged.json().value(QLatin1String("AccessToken")).toObject().size(), 50) << "replaced, not added";

    // Past the first directories' expiry only theirs are purged; the others are still found.
    EXPECT_EQ(secret(merged, realm(40), 5650), "token of " + realm(40).toUtf8());
    EXPECT_EQ(merged.json().value(QLatin1String("AccessToken")).toObject().size(), 39);
}

TEST(TokenCache, UnknownSectionsAndFieldsSurviveARoundTrip)
{
    const QByteArray foreign = R"({"AccessToken":{},"RefreshToken":{"k":{"secret":"x","home_account_id":"h",
        "environment":"e","client_id":"c","credential_type":"RefreshToken","custom":"kept"}},
        "IdToken":{},"Account":{},"AppMetadata":{},"SomethingNew":{"a":1}})";
    auto cache = TokenCache::fromJson(foreign);
    ASSERT_TRUE(cache);
    auto again = TokenCache::fromJson(cache->toJson());
    ASSERT_TRUE(again);
    EXPECT_EQ(again->json().value(QLatin1String("SomethingNew")).toObject().value(QLatin1String("a")).toInt(), 1);
    EXPECT_EQ(again->json()[QLatin1String("RefreshToken")]
                  .toObject()[QLatin1String("k")]
                  .toObject()[QLatin1String("custom")]
                  .toString(),
              QStringLiteral("kept"));
    // Damaged: "sign in again" (exit 3), not a keychain failure (exit 1).
    EXPECT_EQ(TokenCache::fromJson("garbage").error().kind, AzureError::Kind::InteractionRequired);
    EXPECT_EQ(TokenCache::fromJson("garbage").error().code, QStringLiteral("damaged_cache"));
}

// ---- state machine ----

TEST(SignInState, OnlyDocumentedTransitionsAreAllowed)
{
    using S = SignInState;
    EXPECT_TRUE(isAllowedTransition(S::Idle, S::Discovering));
    EXPECT_TRUE(isAllowedTransition(S::Discovering, S::AwaitingBrowser));
    EXPECT_TRUE(isAllowedTransition(S::AwaitingBrowser, S::RedeemingGrant));
    EXPECT_TRUE(isAllowedTransition(S::AwaitingDeviceCode, S::Storing));
    EXPECT_TRUE(isAllowedTransition(S::Storing, S::SignedIn));
    EXPECT_FALSE(isAllowedTransition(S::Idle, S::SignedIn));
    EXPECT_FALSE(isAllowedTransition(S::Storing, S::Cancelled));
    EXPECT_FALSE(isAllowedTransition(S::SignedIn, S::Failed));
    EXPECT_FALSE(isAllowedTransition(S::Cancelled, S::Discovering));
    EXPECT_EQ(signInStateName(S::AwaitingDeviceCode), QStringLiteral("awaiting-device-code"));
}
