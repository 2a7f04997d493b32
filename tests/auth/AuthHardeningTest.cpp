// What a server (or someone posing as one) sends cannot steer the sign-in: no redirect is followed,
// every request has a deadline, discovered endpoints stay on the login host, the ID token must be
// for our client, issuer and directory; secrets we own are wiped.
#include "AuthHttp.h"
#include "FakeEntra.h"
#include "OidcDiscovery.h"
#include "TokenResponse.h"
#include "Wait.h"
#include "Wipe.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <gtest/gtest.h>

using namespace pal;
using namespace pal::test;

namespace {

const QString kClient = QStringLiteral("04b07795-8ddb-461a-bbee-02f9e1bf7b46");
const QString kTenant = QStringLiteral("11111111-1111-1111-1111-111111111111");
const QString kOther = QStringLiteral("22222222-2222-2222-2222-222222222222");

IdTokenExpectation expectation(const QString &tenant = QStringLiteral("organizations"),
                               const QString &discoveredIssuer = {})
{
    return {kClient, QUrl(QStringLiteral("https://login.test")), tenant, discoveredIssuer};
}

QJsonObject claims()
{
    return FakeEntra::idTokenClaims(QStringLiteral("oid"), kTenant, QStringLiteral("a@b.c"), kClient);
}

QJsonObject with(QJsonObject o, const QString &key, const QJsonValue &value)
{
    if (value.isUndefined())
        o.remove(key);
    else
        o.insert(key, value);
    return o;
}

HttpAnswer fetch(FakeNetwork &network, bool post, std::chrono::milliseconds timeout = authRequestTimeout)
{
    QObject context;
    std::optional<HttpAnswer> answer;
    const QUrl url(QStringLiteral("https://login.test/t/oauth2/v2.0/token"));
    if (post)
        postForm(
            &network, url, {{QStringLiteral("code"), QStringLiteral("secret-code")}}, &context,
            [&](const HttpAnswer &a) { answer = a; }, timeout);
    else
        getUrl(
            &network, url, &context, [&](const HttpAnswer &a) { answer = a; }, timeout);
    EXPECT_TRUE(waitUntil([&] { return answer.has_value(); }));
    return answer.value_or(HttpAnswer{});
}

} // namespace

// ---- ID token claims ----

TEST(IdTokenClaims, TheRightTokenPasses)
{
    EXPECT_TRUE(checkIdTokenClaims(claims(), expectation()));
    EXPECT_TRUE(checkIdTokenClaims(claims(), expectation(kTenant)));
    EXPECT_TRUE(checkIdTokenClaims(with(claims(), QStringLiteral("aud"), QJsonArray{kClient}), expectation()));
    EXPECT_TRUE(checkIdTokenClaims(claims(), expectation(QStringLiteral("contoso.example"),
                                                         QStringLiteral("https://login.test/%1/v2.0").arg(kTenant))));
    EXPECT_TRUE(checkIdTokenClaims(
        claims(), expectation(QStringLiteral("organizations"), QStringLiteral("https://login.test/{tenantid}/v2.0"))));
}

TEST(IdTokenClaims, EachMismatchIsRefusedNamingTheClaim)
{
    struct Case
    {
        const char *why;
        QJsonObject claims;
        IdTokenExpectation expected;
        QString says;
    };
    const QString evil = QStringLiteral("99999999-9999-9999-9999-999999999999");
    const QList<Case> cases{
        {"another client", with(claims(), QStringLiteral("aud"), evil), expectation(), QStringLiteral("another app")},
        {"no aud", with(claims(), QStringLiteral("aud"), QJsonValue::Undefined), expectation(),
         QStringLiteral("another app")},
        {"several audiences, azp another", with(claims(), QStringLiteral("aud"), QJsonArray{kClient, evil}),
         expectation(), QStringLiteral("another app")},
        {"no tid", with(claims(), QStringLiteral("tid"), QJsonValue::Undefined), expectation(),
         QStringLiteral("names no directory")},
        {"tid not a GUID", with(claims(), QStringLiteral("tid"), QStringLiteral("contoso")), expectation(),
         QStringLiteral("names no directory")},
        {"another directory than asked", claims(), expectation(kOther), QStringLiteral("is for directory")},
        {"issuer on another host",
         with(claims(), QStringLiteral("iss"), QStringLiteral("https://evil.example/%1/v2.0").arg(kTenant)),
         expectation(), QStringLiteral("issuer")},
        {"issuer for another directory",
         with(claims(), QStringLiteral("iss"), QStringLiteral("https://login.test/%1/v2.0").arg(kOther)), expectation(),
         QStringLiteral("issuer")},
        {"v1 issuer", with(claims(), QStringLiteral("iss"), QStringLiteral("https://sts.windows.net/%1/").arg(kTenant)),
         expectation(), QStringLiteral("issuer")},
        {"domain resolved to another directory", claims(),
         expectation(QStringLiteral("contoso.example"), QStringLiteral("https://login.test/%1/v2.0").arg(kOther)),
         QStringLiteral("is for directory")},
        {"not a JWT", QJsonObject(), expectation(), QStringLiteral("not a readable JWT")}};
    for (const Case &c : cases) {
        const auto r = checkIdTokenClaims(c.claims, c.expected);
        ASSERT_FALSE(r) << c.why;
        EXPECT_EQ(r.error().kind, AzureError::Kind::BadResponse) << c.why;
        EXPECT_EQ(r.error().code, QStringLiteral("id_token_mismatch")) << c.why;
        EXPECT_TRUE(r.error().message.contains(c.says)) << c.why << ": " << r.error().message.toStdString();
    }
}

// ---- discovery stays on the login host ----

TEST(Discovery, EndpointsOffTheLoginHostAreRefused)
{
    const QUrl authority(QStringLiteral("https://login.test/organizations"));
    const QUrl doc(QStringLiteral("https://login.test/organizations/v2.0/.well-known/openid-configuration"));
    auto document = [](const QString &token, const QString &device = QStringLiteral("https://login.test/o/device")) {
        return QJsonDocument(QJsonObject{{QStringLiteral("authorization_endpoint"),
                                          QStringLiteral("https://login.test/o/oauth2/v2.0/authorize")},
                                         {QStringLiteral("token_endpoint"), token},
                                         {QStringLiteral("device_authorization_endpoint"), device}})
            .toJson();
    };
    EXPECT_TRUE(
        OidcDiscovery::parse(document(QStringLiteral("https://LOGIN.test/o/oauth2/v2.0/token")), authority, doc));
    for (const QString &token :
         {QStringLiteral("https://evil.example/o/oauth2/v2.0/token"), QStringLiteral("https://login.test:8443/o/token"),
          QStringLiteral("https://login.test.evil.example/o/token"),
          QStringLiteral("https://sub.login.test/o/token")}) {
        const auto r = OidcDiscovery::parse(document(token), authority, doc);
        ASSERT_FALSE(r) << token.toStdString();
        EXPECT_TRUE(r.error().message.contains(QStringLiteral("not the cloud's login host")))
            << r.error().message.toStdString();
    }
    const auto device = OidcDiscovery::parse(
        document(QStringLiteral("https://login.test/o/token"), QStringLiteral("https://evil.example/device")),
        authority, doc);
    ASSERT_FALSE(device);
    EXPECT_TRUE(device.error().message.contains(QStringLiteral("device_authorization_endpoint")));
}

TEST(Discovery, RedirectIsRefused)
{
    FakeNetwork network;
    network.handler = [](const RecordedRequest &c) -> FakeResponse {
        if (c.url.host() == QLatin1String("login.test"))
            return {302, {}, "https://evil.example/organizations/v2.0/.well-known/openid-configuration"};
        return {200, FakeEntra::discovery(QStringLiteral("organizations"))};
    };
    auto cloud =
        CloudEnvironment::create(QStringLiteral("T"), FakeEntra::loginBase(), QStringLiteral("https://arm.test"));
    QObject context;
    auto r = await<OidcConfiguration>([&](Completion<OidcConfiguration> done) {
        OidcDiscovery::fetch(&network, cloud.value(), QStringLiteral("organizations"), &context, done);
    });
    ASSERT_TRUE(r && !*r);
    EXPECT_EQ(r->error().code, QStringLiteral("redirect_refused"));
    EXPECT_EQ(network.requests.size(), 1) << "evil.example was never asked";
}

// ---- AuthHttp: no redirects, a deadline on everything ----

TEST(AuthHttp, RedirectsAreNeverFollowed)
{
    for (const int status : {301, 302, 303, 307, 308}) {
        FakeNetwork network;
        network.handler = [status](const RecordedRequest &) {
            return FakeResponse{status, {}, "https://evil.example/steal"};
        };
        for (const bool post : {true, false}) {
            const HttpAnswer a = fetch(network, post);
            EXPECT_EQ(a.status, 0) << status;
            EXPECT_EQ(a.redirectedTo, QUrl(QStringLiteral("https://evil.example/steal"))) << status;
            const AzureError e = transportError(a, QUrl(QStringLiteral("https://login.test/t/oauth2/v2.0/token")));
            EXPECT_EQ(e.code, QStringLiteral("redirect_refused"));
            EXPECT_TRUE(e.message.contains(QStringLiteral("evil.example"))) << e.message.toStdString();
        }
        ASSERT_EQ(network.requests.size(), 2);
        for (const RecordedRequest &c : network.requests)
            EXPECT_EQ(c.request.attribute(QNetworkRequest::RedirectPolicyAttribute).toInt(),
                      int(QNetworkRequest::ManualRedirectPolicy));
    }
}

TEST(AuthHttp, ARequestThatNeverEndsTimesOut)
{
    FakeNetwork network;
    network.handler = [](const RecordedRequest &) { return FakeResponse{200, {}, {}, true}; };
    for (const bool post : {true, false}) {
        const HttpAnswer a = fetch(network, post, std::chrono::milliseconds(100));
        EXPECT_TRUE(a.timedOut);
        EXPECT_FALSE(a.aborted) << "a deadline is not a cancel";
        const AzureError e = transportError(a, QUrl(QStringLiteral("https://login.test/t/oauth2/v2.0/token")));
        EXPECT_EQ(e.kind, AzureError::Kind::Timeout);
        EXPECT_TRUE(e.message.contains(QStringLiteral("did not answer in time"))) << e.message.toStdString();
        EXPECT_FALSE(e.message.contains(QStringLiteral("secret-code")));
    }
}

TEST(AuthHttp, DefaultDeadlineIsSet)
{
    EXPECT_GT(authRequestTimeout.count(), 0);
    EXPECT_LE(authRequestTimeout, std::chrono::minutes(1));
}

// ---- wiping secrets ----

TEST(Wipe, OverwritesTheOnlyCopyAndNeverAnotherHoldersCopy)
{
    QByteArray only = QByteArray("verifier-") + QByteArray::number(42);
    EXPECT_TRUE(wipe(only));
    EXPECT_TRUE(only.isEmpty());

    QByteArray mine = QByteArray("code-") + QByteArray::number(7);
    const QByteArray theirs = mine; // shared, e.g. by a request still being sent
    EXPECT_FALSE(wipe(mine));
    EXPECT_TRUE(mine.isEmpty());
    EXPECT_EQ(theirs, QByteArray("code-7")) << "another holder's copy is left intact";

    QString text = QStringLiteral("secret-%1").arg(1);
    EXPECT_TRUE(wipe(text));
    EXPECT_TRUE(text.isEmpty());
}
