// Fault injection, the request log, the life cycle of the server and scenario validation.
#include "SandboxTestSupport.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>

#include <atomic>
#include <thread>
#include <vector>

using namespace sandboxtest;
using palsandbox::Fault;
using palsandbox::SandboxServer;

namespace {

const QString kTenants = QStringLiteral("/tenants?api-version=2022-12-01");

class FaultsTest : public SandboxTest
{
protected:
    Response tenants() { return get(kTenants, bearer(userToken())); }
};

TEST_F(FaultsTest, StatusFaultWithRetryAfterOnArm)
{
    Fault f;
    f.kind = Fault::Kind::Status;
    f.pathPrefix = QStringLiteral("/tenants");
    f.status = 429;
    f.retryAfterSeconds = 7;
    sandbox->addFault(f);
    const Response r = tenants();
    expectArmError(r, 429, "TooManyRequests");
    EXPECT_EQ(r.header("Retry-After"), QStringLiteral("7"));
    EXPECT_EQ(tenants().status, 429); // unlimited by default
    sandbox->clearFaults();
    EXPECT_EQ(tenants().status, 200);
}

TEST_F(FaultsTest, StatusFaultOnTheTokenEndpointSpeaksEntra)
{
    Fault f;
    f.pathPrefix = QStringLiteral("/organizations/oauth2/v2.0/token");
    f.status = 503;
    f.times = 1;
    sandbox->addFault(f);
    const Response r = refresh(QStringLiteral("organizations"), QStringLiteral("x"));
    expectEntraError(r, 503, "temporarily_unavailable", 90033);
    EXPECT_FALSE(r.hasHeader("Retry-After"));
}

TEST_F(FaultsTest, HugeBodyIsTheNormalAnswerPaddedToTheSizeWithoutALength)
{
    const Response normal = tenants();
    Fault f;
    f.kind = Fault::Kind::HugeBody;
    f.pathPrefix = QStringLiteral("/tenants");
    f.bodyBytes = 3 * 1024 * 1024 + 5;
    sandbox->addFault(f);
    const Response r = tenants();
    EXPECT_EQ(r.status, 200);
    EXPECT_FALSE(r.hasHeader("Content-Length"));
    EXPECT_EQ(r.header("Transfer-Encoding"), QStringLiteral("chunked"));
    EXPECT_EQ(r.body.size(), f.bodyBytes);
    EXPECT_EQ(r.json().value(QStringLiteral("value")), normal.json().value(QStringLiteral("value")))
        << "still one JSON document: the answer, then whitespace";
    for (int i = 0; i < 100 && sandbox->faultBodyBytesSent() < f.bodyBytes; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_EQ(sandbox->faultBodyBytesSent(), f.bodyBytes);
}

TEST_F(FaultsTest, TrickleSendsTheNormalAnswerOneByteAtATime)
{
    const Response normal = tenants();
    Fault f;
    f.kind = Fault::Kind::Trickle;
    f.pathPrefix = QStringLiteral("/tenants");
    f.intervalMs = 2;
    sandbox->addFault(f);
    QElapsedTimer clock;
    clock.start();
    const Response r = tenants();
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.header("Content-Length"), QString::number(r.body.size()));
    EXPECT_EQ(r.json().value(QStringLiteral("value")), normal.json().value(QStringLiteral("value")));
    EXPECT_GE(clock.elapsed(), qint64(r.body.size()) * f.intervalMs);
    // The server counts a byte once its write returned, which may be after the client has it.
    for (int i = 0; i < 100 && sandbox->faultBodyBytesSent() < r.body.size(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_EQ(sandbox->faultBodyBytesSent(), r.body.size());
}

TEST_F(FaultsTest, EveryNthAndTimesAndMethodFilter)
{
    Fault f;
    f.method = QStringLiteral("GET");
    f.pathPrefix = QStringLiteral("/TENANTS"); // case-insensitive, like ARM paths
    f.status = 500;
    f.everyNth = 2;
    f.times = 2;
    sandbox->addFault(f);
    QList<int> statuses;
    for (int i = 0; i < 6; ++i)
        statuses << tenants().status;
    EXPECT_EQ(statuses, (QList<int>{200, 500, 200, 500, 200, 200}));
    // Another method is not matched.
    Fault put;
    put.method = QStringLiteral("PUT");
    put.pathPrefix = QStringLiteral("/providers/");
    put.status = 503;
    sandbox->addFault(put);
    EXPECT_EQ(get(QStringLiteral("/providers/Microsoft.ManagementPartner/partners/?api-version=2018-02-01"),
                  bearer(userToken(scenario::AdventureWorks.tenantId)))
                  .status,
              200);
    EXPECT_EQ(send("PUT",
                   QStringLiteral("/providers/Microsoft.ManagementPartner/partners/12345?api-version=2018-02-01"),
                   bearer(userToken()))
                  .status,
              503);
}

TEST_F(FaultsTest, DropClosesTheConnectionBeforeTheBody)
{
    Fault f;
    f.kind = Fault::Kind::Drop;
    f.pathPrefix = QStringLiteral("/tenants");
    f.times = 1;
    sandbox->addFault(f);
    const Response dropped = tenants();
    EXPECT_TRUE(dropped.status == -1 || dropped.json().isEmpty()) << dropped.status;
    EXPECT_EQ(tenants().status, 200);
}

TEST_F(FaultsTest, MalformedJsonAndWrongContentType)
{
    Fault malformed;
    malformed.kind = Fault::Kind::MalformedJson;
    malformed.pathPrefix = QStringLiteral("/tenants");
    malformed.times = 1;
    sandbox->addFault(malformed);
    const Response cut = tenants();
    EXPECT_EQ(cut.status, 200);
    QJsonParseError error;
    QJsonDocument::fromJson(cut.body, &error);
    EXPECT_NE(error.error, QJsonParseError::NoError);

    Fault html;
    html.kind = Fault::Kind::WrongContentType;
    html.pathPrefix = QStringLiteral("/tenants");
    html.times = 1;
    sandbox->addFault(html);
    const Response page = tenants();
    EXPECT_EQ(page.status, 200);
    EXPECT_TRUE(page.header("Content-Type").startsWith(QStringLiteral("text/html")));
    EXPECT_TRUE(page.body.startsWith("<!DOCTYPE html>"));
}

TEST_F(FaultsTest, LatencyDelaysTheAnswer)
{
    Fault f;
    f.kind = Fault::Kind::Latency;
    f.pathPrefix = QStringLiteral("/tenants");
    f.latencyMs = 300;
    f.times = 1;
    sandbox->addFault(f);
    QElapsedTimer timer;
    timer.start();
    EXPECT_EQ(tenants().status, 200);
    EXPECT_GE(timer.elapsed(), 300);
}

TEST_F(FaultsTest, ScenarioFaultsApply)
{
    startWith(
        defaultScenarioWith({{QStringLiteral("faults"),
                              QJsonArray{QJsonObject{{QStringLiteral("kind"), QStringLiteral("status")},
                                                     {QStringLiteral("pathPrefix"), QStringLiteral("/providers/")},
                                                     {QStringLiteral("status"), 503},
                                                     {QStringLiteral("retryAfterSeconds"), 2},
                                                     {QStringLiteral("times"), 1}}}}}));
    const Response r = get(QStringLiteral("/providers/Microsoft.ManagementPartner/operations?api-version=2018-02-01"),
                           bearer(userToken()));
    expectArmError(r, 503, "ServiceUnavailable");
    EXPECT_EQ(r.header("Retry-After"), QStringLiteral("2"));
}

TEST_F(FaultsTest, ThrottleMetersLikeArmsTokenBucket)
{
    // From a scenario: a bucket of 3 tenant reads, refilled at 1 a second.
    startWith(defaultScenarioWith(
        {{QStringLiteral("faults"), QJsonArray{QJsonObject{{QStringLiteral("kind"), QStringLiteral("throttle")},
                                                           {QStringLiteral("method"), QStringLiteral("GET")},
                                                           {QStringLiteral("pathPrefix"), QStringLiteral("/tenants")},
                                                           {QStringLiteral("limit"), 3},
                                                           {QStringLiteral("refillPerSecond"), 1}}}}}));
    // Within the limit: ARM's answer, saying what is left.
    for (const char *left : {"2", "1", "0"}) {
        const Response r = tenants();
        EXPECT_EQ(r.status, 200);
        EXPECT_EQ(r.header("x-ms-ratelimit-remaining-tenant-reads"), QLatin1String(left));
    }
    // Beyond it: 429, when to come back, and nothing left.
    const Response r = tenants();
    expectArmError(r, 429, "TenantRequestsThrottled");
    EXPECT_EQ(r.header("Retry-After"), QStringLiteral("1"));
    EXPECT_EQ(r.header("x-ms-ratelimit-remaining-tenant-reads"), QStringLiteral("0"));
    // Other paths are not metered by this bucket.
    EXPECT_EQ(get(QStringLiteral("/providers/Microsoft.ManagementPartner/operations?api-version=2018-02-01"),
                  bearer(userToken()))
                  .status,
              200);
}

TEST_F(FaultsTest, ThrottleKeepsOneBucketPerPrincipalAndTenant)
{
    // ARM meters per principal and tenant: the admin's empty bucket in its home directory leaves its
    // bucket in Fabrikam, and another principal's in the same directory, full.
    startWith(defaultScenarioWith(
        {{QStringLiteral("faults"), QJsonArray{QJsonObject{{QStringLiteral("kind"), QStringLiteral("throttle")},
                                                           {QStringLiteral("method"), QStringLiteral("GET")},
                                                           {QStringLiteral("pathPrefix"), QStringLiteral("/tenants")},
                                                           {QStringLiteral("limit"), 1},
                                                           {QStringLiteral("refillPerSecond"), 0.01}}}}}));
    EXPECT_EQ(tenants().status, 200);
    expectArmError(tenants(), 429, "TenantRequestsThrottled");
    for (const QByteArray &token : {userToken(scenario::Fabrikam.tenantId),
                                    userToken(scenario::ContosoPartner.tenantId, scenario::Pat.username)}) {
        const Response r = get(kTenants, bearer(token));
        EXPECT_EQ(r.status, 200);
        EXPECT_EQ(r.header("x-ms-ratelimit-remaining-tenant-reads"), QStringLiteral("0")); // a bucket of 1, used
    }
}

TEST_F(FaultsTest, AFaultForOneDirectoryLeavesTheOthersAlone)
{
    startWith(
        defaultScenarioWith({{QStringLiteral("faults"),
                              QJsonArray{QJsonObject{{QStringLiteral("kind"), QStringLiteral("status")},
                                                     {QStringLiteral("pathPrefix"), QStringLiteral("/tenants")},
                                                     {QStringLiteral("tenantId"), QStringLiteral("fabrikam.example")},
                                                     {QStringLiteral("status"), 429},
                                                     {QStringLiteral("retryAfterSeconds"), 3}}}}}));
    EXPECT_EQ(tenants().status, 200); // the admin's home directory
    const Response r = get(kTenants, bearer(userToken(scenario::Fabrikam.tenantId)));
    expectArmError(r, 429, "TooManyRequests");
    EXPECT_EQ(r.header("Retry-After"), QStringLiteral("3"));
}

TEST_F(FaultsTest, PeakConcurrentRequestsCountsWhatIsAnsweredAtOnce)
{
    Fault slow;
    slow.kind = Fault::Kind::Latency;
    slow.pathPrefix = QStringLiteral("/tenants");
    slow.latencyMs = 300;
    sandbox->addFault(slow);
    const QByteArray token = userToken();
    std::vector<std::thread> clients;
    for (int i = 0; i < 4; ++i)
        clients.emplace_back([this, token] {
            httplib::Client c("127.0.0.1", sandbox->baseUrl().port());
            c.Get(kTenants.toStdString(), {{"Authorization", "Bearer " + token.toStdString()}});
        });
    for (auto &c : clients)
        c.join();
    EXPECT_EQ(sandbox->peakConcurrentRequests(), 4);
    sandbox->clearRequests();
    EXPECT_EQ(sandbox->peakConcurrentRequests(), 0);
}

TEST_F(FaultsTest, RequestLogRecordsWhatWasAskedButNoSecrets)
{
    sandbox->clearRequests();
    const QByteArray token = userToken();
    get(kTenants, {{"Authorization", "Bearer " + token.toStdString()},
                   {"x-ms-client-request-id", "rid-1"},
                   {"User-Agent", "PalDesk-Test/1.0"}});
    get(QStringLiteral("/organizations/v2.0/.well-known/openid-configuration"));
    const QList<palsandbox::RecordedRequest> log = sandbox->requests();
    ASSERT_EQ(log.size(), 2);
    EXPECT_EQ(log[0].method, QStringLiteral("GET"));
    EXPECT_EQ(log[0].path, QStringLiteral("/tenants"));
    EXPECT_EQ(log[0].query, QStringLiteral("api-version=2022-12-01"));
    EXPECT_EQ(log[0].clientRequestId, QByteArray("rid-1"));
    EXPECT_EQ(log[0].userAgent, QByteArray("PalDesk-Test/1.0"));
    EXPECT_TRUE(log[0].hadBearerToken);
    EXPECT_EQ(log[0].status, 200);
    EXPECT_FALSE(log[1].hadBearerToken);
    EXPECT_EQ(sandbox->requestCount(QStringLiteral("/tenants")), 1);
    EXPECT_EQ(sandbox->requestCount(), 2);
    for (const auto &r : log) {
        EXPECT_FALSE(r.query.contains(QString::fromLatin1(token)));
        EXPECT_FALSE(r.clientRequestId.contains(token));
    }
    sandbox->clearRequests();
    EXPECT_EQ(sandbox->requestCount(), 0);
}

TEST_F(FaultsTest, ManyClientsAtOnceAreServed)
{
    // Twelve idle keep-alive connections (two Qt clients' worth) must not starve the next request.
    QElapsedTimer timer;
    timer.start();
    std::vector<std::unique_ptr<httplib::Client>> idle;
    for (int i = 0; i < 12; ++i) {
        auto c = std::make_unique<httplib::Client>("127.0.0.1", sandbox->baseUrl().port());
        c->set_keep_alive(true);
        ASSERT_TRUE(c->Get("/organizations/discovery/v2.0/keys"));
        idle.push_back(std::move(c));
    }
    EXPECT_EQ(tenants().status, 200);
    EXPECT_LT(timer.elapsed(), 2000);

    // Parallel writers and readers keep the shared state consistent.
    const QByteArray token = userToken(scenario::NorthwindTraders.tenantId);
    std::vector<std::thread> threads;
    std::atomic<int> created{0};
    std::atomic<int> conflicts{0};
    std::atomic<int> other{0};
    for (int i = 0; i < 16; ++i) {
        threads.emplace_back([&] {
            httplib::Client c("127.0.0.1", sandbox->baseUrl().port());
            const auto r = c.Put("/providers/Microsoft.ManagementPartner/partners/1234567?api-version=2018-02-01",
                                 {{"Authorization", "Bearer " + token.toStdString()}}, "", 0, "");
            const int status = r ? r->status : -1;
            (status == 200 ? created : status == 409 ? conflicts : other)++;
            c.Get("/tenants?api-version=2022-12-01", {{"Authorization", "Bearer " + token.toStdString()}});
        });
    }
    for (std::thread &t : threads)
        t.join();
    EXPECT_EQ(created.load(), 1);
    EXPECT_EQ(conflicts.load(), 15);
    EXPECT_EQ(other.load(), 0);
}

TEST_F(FaultsTest, CloudJsonDescribesTheSandbox)
{
    const QJsonObject cloud = QJsonDocument::fromJson(sandbox->cloudJson()).object();
    EXPECT_EQ(cloud.value(QStringLiteral("name")).toString(), QStringLiteral("Sandbox"));
    EXPECT_EQ(cloud.value(QStringLiteral("loginEndpoint")).toString(), m_base);
    EXPECT_EQ(cloud.value(QStringLiteral("resourceManagerEndpoint")).toString(), m_base);
    EXPECT_EQ(cloud.value(QStringLiteral("armScope")).toString(), m_base + QStringLiteral("/.default"));
    EXPECT_TRUE(m_base.startsWith(QStringLiteral("http://127.0.0.1:")));
}

TEST_F(FaultsTest, StopClosesThePortAndTwoServersRunSideBySide)
{
    QString error;
    auto second = SandboxServer::create(SandboxServer::defaultScenario(), &error);
    ASSERT_TRUE(second && second->start(0, &error)) << qPrintable(error);
    EXPECT_NE(second->baseUrl().port(), sandbox->baseUrl().port());
    const int port = second->baseUrl().port();
    second->stop();
    httplib::Client c("127.0.0.1", port);
    c.set_connection_timeout(1, 0);
    EXPECT_FALSE(c.Get("/organizations/v2.0/.well-known/openid-configuration"));
    EXPECT_EQ(get(QStringLiteral("/organizations/v2.0/.well-known/openid-configuration")).status, 200);
}

// ---- scenario validation ----

QString createError(const QByteArray &json)
{
    QString error;
    auto server = SandboxServer::create(json, &error);
    EXPECT_FALSE(server) << json.constData();
    return error;
}

QByteArray defaultChanged(const std::function<void(QJsonObject &)> &change)
{
    QJsonObject root = QJsonDocument::fromJson(SandboxServer::defaultScenario()).object();
    change(root);
    return QJsonDocument(root).toJson();
}

TEST(ScenarioValidation, TheDefaultScenarioIsValid)
{
    QString error;
    EXPECT_TRUE(SandboxServer::create(SandboxServer::defaultScenario(), &error)) << qPrintable(error);
    EXPECT_TRUE(error.isEmpty());
}

TEST(ScenarioValidation, SyntaxErrorsNameLineAndColumn)
{
    const QString error = createError("{\n  \"tenantsPageSize\": 2,\n  \"clients\": [,]\n}");
    EXPECT_TRUE(error.contains(QStringLiteral("line 3, column"))) << qPrintable(error);
    EXPECT_TRUE(createError("[1, 2]").contains(QStringLiteral("must be a JSON object")));
}

TEST(ScenarioValidation, ContentErrorsNameTheFieldAndTheProblem)
{
    struct Case
    {
        std::function<void(QJsonObject &)> change;
        const char *where;
        const char *what;
    };
    auto setIn = [](const char *array, int index, const char *key, QJsonValue value) {
        return [=](QJsonObject &root) {
            QJsonArray items = root.value(QLatin1String(array)).toArray();
            QJsonObject item = items[index].toObject();
            item.insert(QLatin1String(key), value);
            items[index] = item;
            root.insert(QLatin1String(array), items);
        };
    };
    const QList<Case> cases{
        {[](QJsonObject &r) { r.insert(QStringLiteral("tokenLifetime"), 5); }, "$", "unknown field \"tokenLifetime\""},
        {[](QJsonObject &r) { r.insert(QStringLiteral("tenantsPageSize"), 0); }, "$.tenantsPageSize", "between 1"},
        {[](QJsonObject &r) { r.insert(QStringLiteral("tokenLifetimeSeconds"), QStringLiteral("1h")); },
         "$.tokenLifetimeSeconds", "whole number"},
        {[](QJsonObject &r) { r.insert(QStringLiteral("clients"), QJsonArray{QStringLiteral("cli")}); }, "$.clients[0]",
         "not a GUID"},
        {[](QJsonObject &r) { r.insert(QStringLiteral("directories"), QJsonArray{}); }, "$.directories",
         "at least one"},
        {setIn("directories", 2, "tenantId", QStringLiteral("xyz")), "$.directories[2].tenantId", "not a GUID"},
        {setIn("directories", 1, "tenantCategory", QStringLiteral("Friend")), "$.directories[1].tenantCategory",
         "Home, ProjectedBy or ManagedBy"},
        {setIn("directories", 1, "defaultDomain", QStringLiteral("contoso-partner.example")),
         "$.directories[1].domains", "belongs to another directory"},
        {setIn("directories", 0, "mfaRequired", QStringLiteral("yes")), "$.directories[0].mfaRequired",
         "true or false"},
        {setIn("users", 0, "homeTenantId", QStringLiteral("00000000-0000-0000-0000-000000000000")),
         "$.users[0].homeTenantId", "no directory"},
        {setIn("users", 1, "username", scenario::Admin.username), "$.users[1].username", "listed twice"},
        {setIn("users", 0, "memberOf", QJsonArray{QStringLiteral("nowhere.example")}), "$.users[0].memberOf[0]",
         "no directory"},
        {setIn("servicePrincipals", 0, "certificates",
               QJsonArray{QStringLiteral("-----BEGIN CERTIFICATE-----\nAAAA\n")}),
         "$.servicePrincipals[0].certificates[0]", "not a PEM certificate"},
        {setIn("servicePrincipals", 0, "secrets",
               QJsonArray{QJsonObject{{QStringLiteral("value"), QStringLiteral(" ")}}}),
         "$.servicePrincipals[0].secrets[0].value", "empty"},
        {[](QJsonObject &r) {
             r.insert(QStringLiteral("partners"), QJsonObject{{QStringLiteral("12a"), QStringLiteral("X")}});
         },
         "$.partners.12a", "digits only"},
        {setIn("links", 0, "partnerId", QStringLiteral("9999999")), "$.links[0].partnerId", "not in $.partners"},
        {setIn("links", 0, "principal", QStringLiteral("ghost@example.com")), "$.links[0].principal",
         "neither a user nor"},
        {[](QJsonObject &r) {
             r.insert(QStringLiteral("faults"),
                      QJsonArray{QJsonObject{{QStringLiteral("kind"), QStringLiteral("explode")}}});
         },
         "$.faults[0].kind", "not one of status"},
        {[](QJsonObject &r) {
             r.insert(QStringLiteral("faults"),
                      QJsonArray{QJsonObject{{QStringLiteral("kind"), QStringLiteral("status")},
                                             {QStringLiteral("pathPrefix"), QStringLiteral("tenants")}}});
         },
         "$.faults[0].pathPrefix", "must start with /"},
        {[](QJsonObject &r) {
             r.insert(QStringLiteral("faults"),
                      QJsonArray{QJsonObject{{QStringLiteral("kind"), QStringLiteral("throttle")},
                                             {QStringLiteral("refillPerSecond"), 25}}});
         },
         "$.faults[0].limit", "bucket size"},
        {[](QJsonObject &r) {
             r.insert(QStringLiteral("faults"),
                      QJsonArray{QJsonObject{{QStringLiteral("kind"), QStringLiteral("throttle")},
                                             {QStringLiteral("limit"), 10},
                                             {QStringLiteral("refillPerSecond"), 0}}});
         },
         "$.faults[0].refillPerSecond", "above 0"},
        {[](QJsonObject &r) {
             r.insert(QStringLiteral("faults"),
                      QJsonArray{QJsonObject{{QStringLiteral("kind"), QStringLiteral("status")},
                                             {QStringLiteral("tenantId"), QStringLiteral("nowhere.example")}}});
         },
         "$.faults[0].tenantId", "no directory"},
        {[](QJsonObject &r) {
             r.insert(QStringLiteral("faults"),
                      QJsonArray{QJsonObject{{QStringLiteral("kind"), QStringLiteral("hugeBody")}}});
         },
         "$.faults[0].bodyBytes", "needs its size"},
        {[](QJsonObject &r) {
             r.insert(QStringLiteral("faults"),
                      QJsonArray{QJsonObject{{QStringLiteral("kind"), QStringLiteral("trickle")},
                                             {QStringLiteral("intervalMs"), 0}}});
         },
         "$.faults[0].intervalMs", "between 1"},
        {[](QJsonObject &r) { r.insert(QStringLiteral("autoApproveUser"), QStringLiteral("ghost@example.com")); },
         "$.autoApproveUser", "no user"},
    };
    for (const Case &c : cases) {
        const QString error = createError(defaultChanged(c.change));
        EXPECT_TRUE(error.contains(QStringLiteral("at ") + QLatin1String(c.where) + QStringLiteral(": ")))
            << qPrintable(error);
        EXPECT_TRUE(error.contains(QLatin1String(c.what))) << qPrintable(error);
    }
}

TEST(ScenarioValidation, FileErrorsNameTheFile)
{
    QString error;
    EXPECT_FALSE(SandboxServer::createFromFile(QStringLiteral("/nonexistent/scenario.json"), &error));
    EXPECT_TRUE(error.startsWith(QStringLiteral("/nonexistent/scenario.json: "))) << qPrintable(error);

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bad.json"));
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("{\"directories\": [}");
    file.close();
    EXPECT_FALSE(SandboxServer::createFromFile(path, &error));
    EXPECT_TRUE(error.startsWith(path + QStringLiteral(": "))) << qPrintable(error);
    EXPECT_TRUE(error.contains(QStringLiteral("line 1, column"))) << qPrintable(error);
}

} // namespace
