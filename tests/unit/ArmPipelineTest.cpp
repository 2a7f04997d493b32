// The pipeline's request shaping, retries, token refresh, cancellation and error mapping, against
// a scripted QNetworkAccessManager (no sockets). Wire behaviour is in tests/integration.
#include "ArmPipeline.h"
#include "FakeNetwork.h"
#include "FakeTokens.h"
#include "Limits.h"
#include "ManagementPartnerClient.h"
#include "ServiceText.h"
#include "TenantsClient.h"
#include "Wait.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QUrlQuery>
#include <QUuid>
#include <gtest/gtest.h>

using namespace std::chrono_literals;
using pal::AzureError;
using pal::Expected;
using pal::test::FakeResponse;

namespace {

const QString Tenant = QStringLiteral("1b1121dd-6900-412a-af73-e8d44f81e1c1");

QByteArray fixture(const char *path)
{
    QFile f(QStringLiteral(PAL_SPEC_DIR "/") + QString::fromLatin1(path));
    f.open(QIODevice::ReadOnly);
    const QJsonObject body = QJsonDocument::fromJson(f.readAll())
                                 .object()
                                 .value(QStringLiteral("responses"))
                                 .toObject()
                                 .value(QStringLiteral("200"))
                                 .toObject()
                                 .value(QStringLiteral("body"))
                                 .toObject();
    return QJsonDocument(body).toJson();
}

FakeResponse ok(QByteArray body = fixture("managementpartner/preview/2018-02-01/examples/GetPartnerDetails.json"))
{
    FakeResponse a;
    a.body = std::move(body);
    a.headers = {{"x-ms-request-id", "srv-req-1"}, {"x-ms-correlation-request-id", "corr-1"}};
    return a;
}

FakeResponse status(int code, QByteArray body = {}, QList<QPair<QByteArray, QByteArray>> headers = {})
{
    FakeResponse a;
    a.status = code;
    a.body = std::move(body);
    a.headers = std::move(headers);
    return a;
}

class ArmPipelineTest : public ::testing::Test
{
protected:
    ArmPipelineTest()
    {
        m_policy.baseDelay = 5ms;
        m_policy.maxDelay = 20ms;
        m_pipeline =
            std::make_unique<pal::ArmPipeline>(&m_network, &m_tokens, pal::CloudEnvironment::azureCloud(), m_policy);
        m_client = std::make_unique<pal::ManagementPartnerClient>(m_pipeline.get());
    }
    pal::PartnerId id(const char *text = "123456") { return pal::PartnerId::parse(QString::fromLatin1(text)).value(); }

    Expected<pal::PartnerLink> getLink()
    {
        auto r = pal::test::await<pal::PartnerLink>([&](auto done) { m_client->get(Tenant, id(), &m_context, done); });
        EXPECT_TRUE(r.has_value());
        return *r;
    }

    QObject m_context;
    pal::test::FakeNetwork m_network;
    pal::test::FakeTokens m_tokens;
    pal::RetryPolicy m_policy;
    std::unique_ptr<pal::ArmPipeline> m_pipeline;
    std::unique_ptr<pal::ManagementPartnerClient> m_client;
};

} // namespace

TEST_F(ArmPipelineTest, SendsTheHeadersArmExpects)
{
    m_network.script = {ok(), ok()};
    ASSERT_TRUE(getLink());
    ASSERT_TRUE(getLink());
    ASSERT_EQ(m_network.requests.size(), 2);
    const auto &first = m_network.requests.at(0);
    EXPECT_EQ(first.method, "GET");
    EXPECT_EQ(first.url.host(), QStringLiteral("management.azure.com"));
    EXPECT_EQ(first.url.path(), QStringLiteral("/providers/Microsoft.ManagementPartner/partners/123456"));
    EXPECT_EQ(QUrlQuery(first.url).queryItemValue(QStringLiteral("api-version")), QStringLiteral("2018-02-01"));
    EXPECT_EQ(first.request.rawHeader("Authorization"), "Bearer token-0");
    EXPECT_EQ(first.request.rawHeader("Accept"), "application/json");
    EXPECT_TRUE(first.request.header(QNetworkRequest::UserAgentHeader)
                    .toByteArray()
                    .startsWith("PALDesk/" PALDESK_VERSION " ("));
    const QByteArray id1 = first.request.rawHeader("x-ms-client-request-id");
    const QByteArray id2 = m_network.requests.at(1).request.rawHeader("x-ms-client-request-id");
    EXPECT_FALSE(QUuid::fromString(QString::fromLatin1(id1)).isNull());
    EXPECT_NE(id1, id2); // fresh per request
    ASSERT_EQ(m_tokens.requests.size(), 2);
    EXPECT_EQ(m_tokens.requests.at(0).tenantId, Tenant);
    EXPECT_FALSE(m_tokens.requests.at(0).forceRefresh);
}

TEST_F(ArmPipelineTest, WriteOperationsUseTheirVerbsAndNoBody)
{
    m_network.script = {ok(), ok(), status(200)};
    ASSERT_TRUE(*pal::test::await<pal::PartnerLink>([&](auto d) { m_client->create(Tenant, id(), &m_context, d); }));
    ASSERT_TRUE(*pal::test::await<pal::PartnerLink>([&](auto d) { m_client->update(Tenant, id(), &m_context, d); }));
    // DELETE answers 200 with an empty body and no content type: that is success.
    const auto removed = pal::test::await<pal::Done>([&](auto d) { m_client->remove(Tenant, id(), &m_context, d); });
    ASSERT_TRUE(removed && *removed);
    ASSERT_EQ(m_network.requests.size(), 3);
    EXPECT_EQ(m_network.requests[0].method, "PUT");
    EXPECT_EQ(m_network.requests[1].method, "PATCH");
    EXPECT_EQ(m_network.requests[2].method, "DELETE");
    for (const auto &s : m_network.requests)
        EXPECT_FALSE(s.request.header(QNetworkRequest::ContentTypeHeader).isValid());
}

TEST_F(ArmPipelineTest, A401RefreshesTheTokenOnceAndRetries)
{
    m_network.script = {status(401, R"({"error":{"code":"ExpiredAuthenticationToken","message":"expired"}})"), ok()};
    const auto link = getLink();
    ASSERT_TRUE(link) << qPrintable(link.error().message);
    ASSERT_EQ(m_network.requests.size(), 2);
    EXPECT_EQ(m_network.requests[1].request.rawHeader("Authorization"), "Bearer token-1");
    ASSERT_EQ(m_tokens.requests.size(), 2);
    EXPECT_TRUE(m_tokens.requests[1].forceRefresh);
}

TEST_F(ArmPipelineTest, ASecond401IsUnauthorized)
{
    m_network.script = {status(401, R"({"error":{"code":"InvalidAuthenticationToken","message":"bad token"}})")};
    const auto link = getLink();
    ASSERT_FALSE(link);
    EXPECT_EQ(link.error().kind, AzureError::Kind::Unauthorized);
    EXPECT_EQ(link.error().code, QStringLiteral("InvalidAuthenticationToken"));
    EXPECT_EQ(m_network.requests.size(), 2);
    EXPECT_EQ(m_tokens.refreshes, 1);
}

TEST_F(ArmPipelineTest, ServerErrorsAreRetriedThenSucceed)
{
    m_network.script = {status(503), status(500), ok()};
    ASSERT_TRUE(getLink());
    EXPECT_EQ(m_network.requests.size(), 3);
}

TEST_F(ArmPipelineTest, ThrottlingWaitsForRetryAfter)
{
    m_network.script = {status(429, {}, {{"Retry-After", "1"}}), ok()};
    QElapsedTimer clock;
    clock.start();
    ASSERT_TRUE(getLink());
    EXPECT_GE(clock.elapsed(), 950);
    EXPECT_EQ(m_network.requests.size(), 2);
}

TEST_F(ArmPipelineTest, RetriesAreBoundedAndTheLastErrorIsReported)
{
    m_network.script = {status(429, R"({"error":{"code":"TooManyRequests","message":"slow down"}})",
                               {{"Retry-After", "0"}, {"x-ms-request-id", "srv-429"}})};
    const auto link = getLink();
    ASSERT_FALSE(link);
    EXPECT_EQ(link.error().kind, AzureError::Kind::Throttled);
    EXPECT_EQ(link.error().retryAfter, std::chrono::seconds(0));
    EXPECT_EQ(link.error().requestId, QStringLiteral("srv-429"));
    EXPECT_EQ(m_network.requests.size(), 1 + m_policy.maxRetries);
}

TEST_F(ArmPipelineTest, ClientErrorsAreNotRetried)
{
    m_network.script = {status(403, R"({"code":"AuthorizationFailed","message":"no role"})")};
    const auto link = getLink();
    ASSERT_FALSE(link);
    EXPECT_EQ(link.error().kind, AzureError::Kind::Forbidden);
    EXPECT_EQ(link.error().message, QStringLiteral("no role"));
    EXPECT_EQ(link.error().tenantId, Tenant);
    // No x-ms-request-id from the server: our client request id is what the user can quote.
    EXPECT_EQ(link.error().requestId,
              QString::fromLatin1(m_network.requests[0].request.rawHeader("x-ms-client-request-id")));
    EXPECT_FALSE(link.error().correlationId.isEmpty());
    EXPECT_EQ(m_network.requests.size(), 1);
}

// Issue 17: a server's very long error message is cut where the error is made, so the GUI, palctl
// and the history never carry it whole.
TEST_F(ArmPipelineTest, AVeryLongServerMessageIsCutWhereTheErrorIsMade)
{
    const QByteArray longText(30 * 1024, 'x');
    m_network.script = {status(403, R"({"code":"AuthorizationFailed","message":")" + longText + R"("})")};
    const auto link = getLink();
    ASSERT_FALSE(link);
    EXPECT_EQ(link.error().kind, AzureError::Kind::Forbidden);
    EXPECT_LE(link.error().message.size(), pal::MaxServiceText + 64) << link.error().message.size();
    EXPECT_TRUE(link.error().message.contains(QStringLiteral("(cut, 30720 bytes)")))
        << qPrintable(link.error().message.right(80));
    EXPECT_EQ(link.error().code, QStringLiteral("AuthorizationFailed"));
}

TEST_F(ArmPipelineTest, ConnectionResetIsRetriedRefusedIsNot)
{
    FakeResponse reset;
    reset.status = 0;
    reset.error = QNetworkReply::RemoteHostClosedError;
    m_network.script = {reset, ok()};
    ASSERT_TRUE(getLink());
    EXPECT_EQ(m_network.requests.size(), 2);

    m_network.requests.clear();
    FakeResponse refused;
    refused.status = 0;
    refused.error = QNetworkReply::ConnectionRefusedError;
    m_network.script = {refused};
    const auto link = getLink();
    ASSERT_FALSE(link);
    EXPECT_EQ(link.error().kind, AzureError::Kind::Network);
    EXPECT_EQ(link.error().httpStatus, 0);
    EXPECT_FALSE(link.error().requestId.isEmpty());
    EXPECT_EQ(m_network.requests.size(), 1);
}

TEST_F(ArmPipelineTest, NonJsonSuccessIsABadResponseWithTheRequestId)
{
    FakeResponse html = ok("<html>maintenance</html>");
    html.contentType = "text/html";
    m_network.script = {html};
    auto link = getLink();
    ASSERT_FALSE(link);
    EXPECT_EQ(link.error().kind, AzureError::Kind::BadResponse);
    EXPECT_EQ(link.error().requestId, QStringLiteral("srv-req-1"));
    EXPECT_EQ(link.error().tenantId, Tenant);

    m_network.requests.clear();
    m_network.script = {ok(R"({"id":"x","properties":{"partnerId":"123456"}})")};
    link = getLink();
    ASSERT_FALSE(link);
    EXPECT_EQ(link.error().kind, AzureError::Kind::BadResponse);
    EXPECT_TRUE(link.error().message.contains(QStringLiteral("tenantId")));
}

TEST_F(ArmPipelineTest, ACutOffAnswerIsRetriedForGetButNotForWrites)
{
    FakeResponse cut = ok();
    cut.error = QNetworkReply::RemoteHostClosedError;
    m_network.script = {cut, ok()};
    ASSERT_TRUE(getLink());
    EXPECT_EQ(m_network.requests.size(), 2);

    m_network.requests.clear();
    m_network.script = {cut};
    auto link = getLink();
    ASSERT_FALSE(link);
    EXPECT_EQ(link.error().kind, AzureError::Kind::BadResponse); // retries exhausted, never half a link
    EXPECT_TRUE(link.error().message.contains(QStringLiteral("cut off")));
    EXPECT_EQ(m_network.requests.size(), 1 + m_policy.maxRetries);

    m_network.requests.clear();
    const auto created =
        pal::test::await<pal::PartnerLink>([&](auto d) { m_client->create(Tenant, id(), &m_context, d); });
    ASSERT_TRUE(created && !*created);
    EXPECT_EQ(created->error().kind, AzureError::Kind::BadResponse);
    EXPECT_TRUE(created->error().message.contains(QStringLiteral("may have been made")));
    EXPECT_EQ(m_network.requests.size(), 1); // a PUT is never repeated blindly

    m_network.requests.clear();
    FakeResponse reset;
    reset.status = 0;
    reset.error = QNetworkReply::RemoteHostClosedError;
    m_network.script = {reset};
    const auto removed = pal::test::await<pal::Done>([&](auto d) { m_client->remove(Tenant, id(), &m_context, d); });
    ASSERT_TRUE(removed && !*removed);
    EXPECT_EQ(removed->error().kind, AzureError::Kind::Network);
    EXPECT_EQ(m_network.requests.size(), 1);
}

TEST_F(ArmPipelineTest, TokenProblemsPassThroughAndNothingIsSent)
{
    AzureError mfa = AzureError::make(AzureError::Kind::InteractionRequired, QStringLiteral("MFA needed"),
                                      QStringLiteral("AADSTS50076"));
    m_tokens.error = mfa;
    const auto link = getLink();
    ASSERT_FALSE(link);
    EXPECT_EQ(link.error().kind, AzureError::Kind::InteractionRequired);
    EXPECT_EQ(link.error().code, QStringLiteral("AADSTS50076"));
    EXPECT_EQ(link.error().tenantId, Tenant);
    EXPECT_TRUE(m_network.requests.isEmpty());
}

TEST_F(ArmPipelineTest, InvalidTenantIdIsRejectedBeforeAnything)
{
    const auto r = pal::test::await<pal::PartnerLink>(
        [&](auto d) { m_client->get(QStringLiteral("contoso.com/../x"), id(), &m_context, d); });
    ASSERT_TRUE(r && !*r);
    EXPECT_EQ(r->error().kind, AzureError::Kind::InvalidInput);
    EXPECT_TRUE(m_tokens.requests.isEmpty());
    EXPECT_TRUE(m_network.requests.isEmpty());
}

TEST_F(ArmPipelineTest, NextLinkOffTheArmHostIsRefused)
{
    for (const char *url : {"https://evil.example.com/tenants?api-version=2022-12-01&$skiptoken=1",
                            "http://management.azure.com/tenants?page=2", "https://management.azure.com:8443/tenants",
                            "/tenants?page=2"}) {
        m_network.requests.clear();
        pal::ArmRequest req;
        req.absoluteUrl = QUrl(QString::fromLatin1(url));
        req.apiVersion = QStringLiteral("2022-12-01");
        const auto r = pal::test::await<pal::ArmResponse>([&](auto d) { m_pipeline->send(req, &m_context, d); });
        ASSERT_TRUE(r && !*r) << url;
        // The link came from the service: its fault (exit 1), not the user's input (exit 2).
        EXPECT_EQ(r->error().kind, AzureError::Kind::BadResponse) << url;
        EXPECT_TRUE(m_network.requests.isEmpty()) << url;
    }
}

TEST_F(ArmPipelineTest, CancelCompletesOnceWithCancelledAndAbortsTheRequest)
{
    FakeResponse hang;
    hang.hang = true;
    m_network.script = {hang};
    pal::CallHandle handle;
    const auto r = pal::test::await<pal::PartnerLink>([&](auto d) {
        handle = m_client->get(Tenant, id(), &m_context, d);
        QTimer::singleShot(50, &m_context, [&handle] { handle.cancel(); });
    });
    ASSERT_TRUE(r && !*r);
    EXPECT_EQ(r->error().kind, AzureError::Kind::Cancelled);
    ASSERT_EQ(m_network.aborted.size(), 1);
    EXPECT_TRUE(*m_network.aborted[0]);
    handle.cancel(); // a second cancel is harmless
}

TEST_F(ArmPipelineTest, NoCallbackAfterTheContextIsGone)
{
    FakeResponse hang;
    hang.hang = true;
    m_network.script = {hang};
    int calls = 0;
    auto *context = new QObject;
    m_client->get(Tenant, id(), context, [&calls](const auto &) { ++calls; });
    ASSERT_TRUE(pal::test::waitUntil([&] { return m_network.aborted.size() == 1; }));
    delete context;
    QEventLoop loop;
    QTimer::singleShot(50, &loop, &QEventLoop::quit);
    loop.exec();
    EXPECT_EQ(calls, 0);
    EXPECT_TRUE(*m_network.aborted[0]);
}

TEST_F(ArmPipelineTest, DestroyingThePipelineCancelsCallsInFlight)
{
    FakeResponse hang;
    hang.hang = true;
    m_network.script = {hang};
    std::optional<Expected<pal::PartnerLink>> result;
    m_client->get(Tenant, id(), &m_context, [&result](const auto &r) { result.emplace(r); });
    QEventLoop loop;
    QTimer::singleShot(30, &loop, &QEventLoop::quit);
    loop.exec();
    m_client.reset();
    m_pipeline.reset();
    ASSERT_TRUE(result.has_value());
    EXPECT_EQ(result->error().kind, AzureError::Kind::Cancelled);
}

TEST_F(ArmPipelineTest, CurrentLinkIsOneGetWithTheTrailingSlash)
{
    const QByteArray noPartnerId =
        fixture("managementpartner/preview/2018-02-01/examples/GetPartnerDetailsNoPartnerId.json");
    m_network.script = {ok(noPartnerId)};
    auto r = pal::test::await<pal::PartnerLink>([&](auto d) { m_client->current(Tenant, &m_context, d); });
    ASSERT_TRUE(r && *r);
    EXPECT_EQ((*r)->partnerId, QStringLiteral("123456"));
    ASSERT_EQ(m_network.requests.size(), 1);
    EXPECT_EQ(m_network.requests[0].url.path(), QStringLiteral("/providers/Microsoft.ManagementPartner/partners/"));

    // Not linked: the one 404 is the answer, as the Azure CLI and PowerShell read it.
    m_network.requests.clear();
    m_network.script = {status(404, R"({"error":{"code":"NotFound","message":"no link"}})")};
    r = pal::test::await<pal::PartnerLink>([&](auto d) { m_client->current(Tenant, &m_context, d); });
    ASSERT_TRUE(r && !*r);
    EXPECT_EQ(r->error().kind, AzureError::Kind::NotFound);
    EXPECT_EQ(m_network.requests.size(), 1);

    // Other errors are the answer too.
    m_network.requests.clear();
    m_network.script = {status(403)};
    r = pal::test::await<pal::PartnerLink>([&](auto d) { m_client->current(Tenant, &m_context, d); });
    ASSERT_TRUE(r && !*r);
    EXPECT_EQ(r->error().kind, AzureError::Kind::Forbidden);
    EXPECT_EQ(m_network.requests.size(), 1);
}

TEST_F(ArmPipelineTest, CurrentLinkTriesTheSpecShapeOnlyWhenTheSlashIsRefused)
{
    const QByteArray noPartnerId =
        fixture("managementpartner/preview/2018-02-01/examples/GetPartnerDetailsNoPartnerId.json");
    m_network.script = {status(400), ok(noPartnerId)};
    const auto r = pal::test::await<pal::PartnerLink>([&](auto d) { m_client->current(Tenant, &m_context, d); });
    ASSERT_TRUE(r && *r);
    EXPECT_EQ((*r)->partnerId, QStringLiteral("123456"));
    ASSERT_EQ(m_network.requests.size(), 2);
    EXPECT_EQ(m_network.requests[0].url.path(), QStringLiteral("/providers/Microsoft.ManagementPartner/partners/"));
    EXPECT_EQ(m_network.requests[1].url.path(), QStringLiteral("/providers/Microsoft.ManagementPartner/partners"));
}

TEST_F(ArmPipelineTest, CancellingTheCurrentLinkDuringTheFallback)
{
    FakeResponse hang;
    hang.hang = true;
    m_network.script = {status(400), hang};
    pal::CallHandle handle;
    const auto r = pal::test::await<pal::PartnerLink>([&](auto d) {
        handle = m_client->current(Tenant, &m_context, d);
        QTimer::singleShot(80, &m_context, [&handle] { handle.cancel(); });
    });
    ASSERT_TRUE(r && !*r);
    EXPECT_EQ(r->error().kind, AzureError::Kind::Cancelled);
    EXPECT_EQ(m_network.requests.size(), 2);
}

TEST_F(ArmPipelineTest, OperationsListFromTheSpecExample)
{
    m_network.script = {ok(fixture("managementpartner/preview/2018-02-01/examples/GetOperations.json"))};
    const auto r =
        pal::test::await<QList<pal::ProviderOperation>>([&](auto d) { m_client->operations(Tenant, &m_context, d); });
    ASSERT_TRUE(r && *r);
    ASSERT_EQ((*r)->size(), 4);
    EXPECT_EQ((*r)->at(0).name, QStringLiteral("Microsoft.ManagementPartner/partners/read"));
    EXPECT_EQ((*r)->at(3).operation, QStringLiteral("Delete ManagementPartner"));
    EXPECT_EQ((*r)->at(1).description, QStringLiteral("Create any ManagementPartner"));
    EXPECT_EQ(m_network.requests[0].url.path(), QStringLiteral("/providers/Microsoft.ManagementPartner/operations"));
}

TEST_F(ArmPipelineTest, TenantsFollowNextLinkOnTheArmHost)
{
    QJsonObject page1 = QJsonDocument::fromJson(fixture("resources/2022-12-01/examples/GetTenants.json")).object();
    page1.insert(QStringLiteral("nextLink"),
                 QStringLiteral("https://management.azure.com/tenants?api-version=2022-12-01&%24skiptoken=abc"));
    const QByteArray page2 =
        R"({"value":[{"id":"/tenants/0f0e0d0c-0b0a-4009-8007-060504030201","tenantId":"0f0e0d0c-0b0a-4009-8007-060504030201","displayName":"Fabrikam"}]})";
    m_network.script = {ok(QJsonDocument(page1).toJson()), ok(page2)};
    pal::TenantsClient tenants(m_pipeline.get());
    const auto r = pal::test::await<QList<pal::Directory>>([&](auto d) { tenants.list({}, &m_context, d); });
    ASSERT_TRUE(r && *r) << qPrintable(r->error().message);
    ASSERT_EQ((*r)->size(), 4);
    EXPECT_EQ((*r)->at(3).displayName, QStringLiteral("Fabrikam"));
    ASSERT_EQ(m_network.requests.size(), 2);
    EXPECT_EQ(QUrlQuery(m_network.requests[0].url).queryItemValue(QStringLiteral("api-version")),
              QStringLiteral("2022-12-01"));
    EXPECT_TRUE(m_network.requests[1].url.query().contains(QStringLiteral("skiptoken=abc")));
    EXPECT_EQ(m_tokens.requests[0].tenantId, QString());
}

TEST_F(ArmPipelineTest, TenantsWithTheSpecsPlaceholderNextLinkFailWhole)
{
    // The spec example's nextLink is "...", which is no URL on the ARM host: no half list.
    m_network.script = {ok(fixture("resources/2022-12-01/examples/GetTenants.json"))};
    pal::TenantsClient tenants(m_pipeline.get());
    const auto r = pal::test::await<QList<pal::Directory>>([&](auto d) { tenants.list({}, &m_context, d); });
    ASSERT_TRUE(r && !*r);
    EXPECT_EQ(r->error().kind, AzureError::Kind::BadResponse);
    EXPECT_EQ(m_network.requests.size(), 1);
}

TEST_F(ArmPipelineTest, TenantsPagingLoopIsBounded)
{
    const QByteArray loop =
        R"({"value":[],"nextLink":"https://management.azure.com/tenants?api-version=2022-12-01&%24skiptoken=same"})";
    m_network.script = {ok(loop)};
    pal::TenantsClient tenants(m_pipeline.get());
    const auto r = pal::test::await<QList<pal::Directory>>([&](auto d) { tenants.list({}, &m_context, d); }, 60000);
    ASSERT_TRUE(r && !*r);
    EXPECT_EQ(r->error().kind, AzureError::Kind::BadResponse);
    EXPECT_EQ(m_network.requests.size(), pal::TenantsClient::MaxPages);
}

// ---- writes are never sent twice when their outcome is unknown (issue 8) ----

TEST_F(ArmPipelineTest, AWriteAnswered5xxIsNotSentAgainAndItsOutcomeIsUnknown)
{
    for (int code : {500, 502, 503, 504}) {
        m_network.requests.clear();
        m_network.script = {
            status(code, R"({"error":{"code":"GatewayTimeout","message":"gateway"}})", {{"Retry-After", "0"}}), ok()};
        const auto created =
            pal::test::await<pal::PartnerLink>([&](auto d) { m_client->create(Tenant, id(), &m_context, d); });
        ASSERT_TRUE(created && !*created) << code;
        EXPECT_EQ(created->error().kind, AzureError::Kind::Server) << code;
        EXPECT_EQ(created->error().httpStatus, code);
        EXPECT_TRUE(created->error().outcomeUnknown) << code;
        EXPECT_TRUE(created->error().message.contains(QStringLiteral("may have been made"))) << code;
        EXPECT_EQ(m_network.requests.size(), 1) << code; // the PUT went once: no "already linked" after a 504
    }
    for (const char *verb : {"PATCH", "DELETE"}) {
        m_network.requests.clear();
        m_network.script = {status(504), ok()};
        std::optional<AzureError> error;
        if (QByteArray(verb) == "PATCH") {
            const auto r =
                pal::test::await<pal::PartnerLink>([&](auto d) { m_client->update(Tenant, id(), &m_context, d); });
            ASSERT_TRUE(r && !*r);
            error = r->error();
        } else {
            const auto r = pal::test::await<pal::Done>([&](auto d) { m_client->remove(Tenant, id(), &m_context, d); });
            ASSERT_TRUE(r && !*r);
            error = r->error();
        }
        EXPECT_TRUE(error->outcomeUnknown) << verb;
        ASSERT_EQ(m_network.requests.size(), 1) << verb;
        EXPECT_EQ(m_network.requests[0].method, QByteArray(verb));
    }
}

TEST_F(ArmPipelineTest, AWriteThatTimesOutIsNotSentAgain)
{
    m_pipeline.reset();
    pal::RetryPolicy quick = m_policy;
    quick.requestTimeout = 100ms;
    m_pipeline = std::make_unique<pal::ArmPipeline>(&m_network, &m_tokens, pal::CloudEnvironment::azureCloud(), quick);
    m_client = std::make_unique<pal::ManagementPartnerClient>(m_pipeline.get());
    FakeResponse timedOut;
    timedOut.status = 0;
    timedOut.error = QNetworkReply::OperationCanceledError; // what the transfer timeout ends a reply with
    m_network.script = {timedOut, ok()};
    const auto created =
        pal::test::await<pal::PartnerLink>([&](auto d) { m_client->create(Tenant, id(), &m_context, d); });
    ASSERT_TRUE(created && !*created);
    EXPECT_EQ(created->error().kind, AzureError::Kind::Timeout);
    EXPECT_TRUE(created->error().outcomeUnknown);
    EXPECT_EQ(m_network.requests.size(), 1);

    // The same for a read is repeated: reading twice changes nothing.
    m_network.requests.clear();
    m_network.script = {timedOut, ok()};
    ASSERT_TRUE(getLink());
    EXPECT_EQ(m_network.requests.size(), 2);
}

TEST_F(ArmPipelineTest, AWriteThatNeverLeftIsAKnownFailure)
{
    FakeResponse refused;
    refused.status = 0;
    refused.error = QNetworkReply::ConnectionRefusedError;
    m_network.script = {refused};
    const auto created =
        pal::test::await<pal::PartnerLink>([&](auto d) { m_client->create(Tenant, id(), &m_context, d); });
    ASSERT_TRUE(created && !*created);
    EXPECT_EQ(created->error().kind, AzureError::Kind::Network);
    EXPECT_FALSE(created->error().outcomeUnknown); // refused: nothing reached ARM
    EXPECT_EQ(m_network.requests.size(), 1);

    // A 409 or 404 is an answer, not an unknown outcome.
    m_network.requests.clear();
    m_network.script = {status(409, R"({"error":{"code":"Conflict","message":"already linked"}})")};
    const auto again =
        pal::test::await<pal::PartnerLink>([&](auto d) { m_client->create(Tenant, id(), &m_context, d); });
    ASSERT_TRUE(again && !*again);
    EXPECT_EQ(again->error().kind, AzureError::Kind::Conflict);
    EXPECT_FALSE(again->error().outcomeUnknown);
}

TEST_F(ArmPipelineTest, AThrottledWriteIsSentAgainAfterRetryAfter)
{
    // ARM: a throttled request "isn't processed", so the PUT may go again once told when.
    m_network.script = {status(429, {}, {{"Retry-After", "0"}}), ok()};
    const auto created =
        pal::test::await<pal::PartnerLink>([&](auto d) { m_client->create(Tenant, id(), &m_context, d); });
    ASSERT_TRUE(created && *created);
    ASSERT_EQ(m_network.requests.size(), 2);
    EXPECT_EQ(m_network.requests[1].method, "PUT");
}

// ---- throttling slows the directory ARM throttled, not the others ----

namespace {

const QString OtherTenant = QStringLiteral("2f6e8a10-3b7c-4d21-9e55-6a1c0b9d4e01");

} // namespace

TEST_F(ArmPipelineTest, ARetryAfterHoldsEveryRequestOfThatDirectory)
{
    QElapsedTimer clock;
    clock.start();
    QList<qint64> sentAt;
    m_network.handler = [&](const pal::test::RecordedRequest &) {
        sentAt.append(clock.elapsed());
        return sentAt.size() == 1 ? status(429, {}, {{"Retry-After", "1"}}) : ok();
    };
    int finished = 0;
    QObject context;
    m_client->get(Tenant, id(), &context, [&](const Expected<pal::PartnerLink> &) { ++finished; });
    // Two more requests, for the same directory (ARM's bucket: principal and tenant), after the 429.
    ASSERT_TRUE(pal::test::waitUntil([&] { return sentAt.size() == 1; }));
    QTimer::singleShot(100, &context, [&] {
        for (int i = 0; i < 2; ++i)
            m_client->get(Tenant, id(), &context, [&](const Expected<pal::PartnerLink> &) { ++finished; });
    });
    ASSERT_TRUE(pal::test::waitUntil([&] { return finished == 3; }, 5000));
    ASSERT_EQ(sentAt.size(), 4); // the throttled one again, and the two others once each
    for (int i = 1; i < sentAt.size(); ++i)
        EXPECT_GE(sentAt[i], 950) << "request " << i << " went before Retry-After was over";
}

TEST_F(ArmPipelineTest, ARetryAfterDoesNotHoldAnotherDirectory)
{
    m_tokens.tokenNamesTenant = true;
    QStringList sentTo; // the directory of each request, in the order sent
    m_network.handler = [&](const pal::test::RecordedRequest &r) {
        const QByteArray auth = r.request.rawHeader("Authorization");
        sentTo.append(QString::fromLatin1(auth.mid(auth.indexOf('@') + 1)));
        return sentTo.size() == 1 ? status(429, {}, {{"Retry-After", "1"}}) : ok();
    };
    int finished = 0;
    QObject context;
    m_client->get(Tenant, id(), &context, [&](const Expected<pal::PartnerLink> &) { ++finished; });
    ASSERT_TRUE(pal::test::waitUntil([&] { return sentTo.size() == 1; }));
    const pal::ArmThrottle::BucketId throttled{QString(), Tenant};
    ASSERT_TRUE(pal::test::waitUntil([&] { return m_pipeline->throttle().holdFor(throttled).count() > 0; }));
    for (int i = 0; i < 2; ++i)
        m_client->get(OtherTenant, id(), &context, [&](const Expected<pal::PartnerLink> &) { ++finished; });
    // The other directory's two reads are answered while the throttled one still waits for its turn.
    ASSERT_TRUE(pal::test::waitUntil([&] { return finished >= 2; }, 5000));
    EXPECT_GT(m_pipeline->throttle().holdFor(throttled).count(), 0) << "they waited for the other's Retry-After";
    EXPECT_EQ(sentTo.mid(1, 2), (QStringList{OtherTenant, OtherTenant}));
    EXPECT_EQ(m_pipeline->throttle().holdFor(pal::ArmThrottle::BucketId{QString(), OtherTenant}).count(), 0);
    ASSERT_TRUE(pal::test::waitUntil([&] { return finished == 3; }, 5000));
    EXPECT_EQ(sentTo, (QStringList{Tenant, OtherTenant, OtherTenant, Tenant}));
}

TEST_F(ArmPipelineTest, RemainingReadsPaceTheReadsBeforeArmRunsOut)
{
    m_pipeline.reset();
    pal::RetryPolicy paced = m_policy;
    paced.rateLimitReserve = 1;
    paced.rateLimitRefillPerSecond = 4; // one token every 250 ms
    m_pipeline = std::make_unique<pal::ArmPipeline>(&m_network, &m_tokens, pal::CloudEnvironment::azureCloud(), paced);
    m_client = std::make_unique<pal::ManagementPartnerClient>(m_pipeline.get());
    // The fake meters like ARM: a bucket of 3, refilled at 4 a second, 429 when empty.
    QElapsedTimer clock;
    clock.start();
    double tokens = 3;
    qint64 last = 0;
    int overdrawn = 0;
    m_network.handler = [&](const pal::test::RecordedRequest &) {
        const qint64 now = clock.elapsed();
        tokens = std::min(3.0, tokens + 4.0 * double(now - last) / 1000.0);
        last = now;
        if (tokens < 1) {
            ++overdrawn;
            return status(429, {}, {{"Retry-After", "1"}});
        }
        tokens -= 1;
        FakeResponse a = ok();
        a.headers.append({"x-ms-ratelimit-remaining-tenant-reads", QByteArray::number(int(tokens))});
        return a;
    };
    ASSERT_TRUE(getLink()); // tells: 2 left
    // Eight at once: the pipeline sends while its estimate is above the reserve and holds the
    // rest until tokens are back, so ARM never has to say 429.
    int finished = 0;
    for (int i = 0; i < 8; ++i)
        m_client->get(Tenant, id(), &m_context, [&](const Expected<pal::PartnerLink> &r) {
            EXPECT_TRUE(r.hasValue());
            ++finished;
        });
    ASSERT_TRUE(pal::test::waitUntil([&] { return finished == 8; }, 8000));
    EXPECT_EQ(overdrawn, 0);
    EXPECT_EQ(m_network.requests.size(), 9);
}

TEST_F(ArmPipelineTest, RequestsAllowHttp2)
{
    m_network.script = {ok()};
    ASSERT_TRUE(getLink());
    ASSERT_EQ(m_network.requests.size(), 1);
    EXPECT_TRUE(m_network.requests[0].request.attribute(QNetworkRequest::Http2AllowedAttribute).toBool());
}

TEST_F(ArmPipelineTest, AnAnswerAnnouncingMoreThanTheBoundIsRefusedAtItsHeaders)
{
    FakeResponse huge = ok();
    huge.headers.append({"Content-Length", QByteArray::number(200 * pal::limits::MiB)});
    m_network.script = {huge};
    const auto r = pal::test::await<pal::PartnerLink>([&](auto d) { m_client->get(Tenant, id(), &m_context, d); });
    ASSERT_TRUE(r && !*r);
    EXPECT_EQ(r->error().kind, AzureError::Kind::BadResponse);
    EXPECT_TRUE(r->error().message.contains(QStringLiteral("larger than 32 MB"))) << qPrintable(r->error().message);
    EXPECT_EQ(r->error().requestId, QStringLiteral("srv-req-1")) << "what support needs is kept";
    EXPECT_EQ(m_network.requests.size(), 1) << "not asked again";
    ASSERT_EQ(m_network.aborted.size(), 1);
    EXPECT_TRUE(*m_network.aborted.at(0));
}

// Issue 17: a pipeline built without a token provider (an account that cannot get tokens) fails
// its calls with a sign-in error; it never dereferences the missing provider, and sends nothing.
TEST(ArmPipelineWithoutTokens, FailsEveryCallAndSendsNothing)
{
    QObject context;
    pal::test::FakeNetwork network;
    pal::ArmPipeline pipeline(&network, nullptr, pal::CloudEnvironment::azureCloud());
    pipeline.prepareToken(Tenant);
    pal::ArmRequest request;
    request.path = QStringLiteral("/providers/Microsoft.ManagementPartner/partners");
    request.apiVersion = QStringLiteral("2018-02-01");
    request.tenantId = Tenant;
    const auto r = pal::test::await<pal::ArmResponse>([&](auto done) { pipeline.send(request, &context, done); });
    ASSERT_TRUE(r.has_value());
    ASSERT_FALSE(*r);
    EXPECT_EQ(r->error().kind, AzureError::Kind::InteractionRequired);
    EXPECT_TRUE(r->error().message.contains(QStringLiteral("No account is signed in")))
        << qPrintable(r->error().message);
    EXPECT_TRUE(network.requests.isEmpty());
}
