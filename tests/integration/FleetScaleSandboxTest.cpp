// A fleet of generated directories against the in-process sandbox: the requests in flight really
// reach the concurrency over HTTP/1.1 (NetworkAccessPool), and a sandbox that meters ARM's token
// bucket sees every directory verified without one request beyond its limit.
#include "ArmSessionFixture.h"
#include "FleetRun.h"
#include "NetworkAccessPool.h"

#include <QJsonArray>
#include <QSignalSpy>

using namespace pal::test;
using palsandbox::Fault;

namespace {

const QString Admin = QStringLiteral("admin@fleet.example");

QString tenant(int i)
{
    return QStringLiteral("00000000-0000-4000-8000-%1").arg(i, 12, 10, QLatin1Char('0'));
}

// One admin in `directories` directories, every third one linked.
QByteArray fleetScenario(int directories)
{
    QJsonArray dirs;
    QJsonArray memberOf;
    QJsonArray links;
    for (int i = 0; i < directories; ++i) {
        dirs.append(QJsonObject{{QStringLiteral("tenantId"), tenant(i)},
                                {QStringLiteral("displayName"), QStringLiteral("Customer %1").arg(i)},
                                {QStringLiteral("defaultDomain"), QStringLiteral("customer%1.example").arg(i)}});
        memberOf.append(tenant(i));
        if (i % 3 == 0)
            links.append(QJsonObject{{QStringLiteral("tenantId"), tenant(i)},
                                     {QStringLiteral("principal"), Admin},
                                     {QStringLiteral("partnerId"), QStringLiteral("1234567")}});
    }
    return QJsonDocument(
               QJsonObject{
                   {QStringLiteral("directories"), dirs},
                   {QStringLiteral("users"), QJsonArray{QJsonObject{{QStringLiteral("username"), Admin},
                                                                    {QStringLiteral("homeTenantId"), tenant(0)},
                                                                    {QStringLiteral("memberOf"), memberOf}}}},
                   {QStringLiteral("partners"),
                    QJsonObject{{QStringLiteral("1234567"), QStringLiteral("Fleet Partner")}}},
                   {QStringLiteral("links"), links},
               })
        .toJson(QJsonDocument::Compact);
}

class FleetScale : public ::testing::Test
{
protected:
    static constexpr int Directories = 60;

    void SetUp() override
    {
        QString error;
        m_sandbox = palsandbox::SandboxServer::create(fleetScenario(Directories), &error);
        ASSERT_TRUE(m_sandbox) << qPrintable(error);
        ASSERT_TRUE(m_sandbox->start(0, &error)) << qPrintable(error);
        m_cloud = pal::CloudEnvironment::fromJson(QJsonDocument::fromJson(m_sandbox->cloudJson()).object()).value();
        m_tokens = std::make_unique<FixedTokenProvider>(m_sandbox.get(), Admin, tenant(0));
        for (int i = 0; i < Directories; ++i) {
            pal::Directory d;
            d.tenantId = tenant(i);
            m_directories << d;
        }
    }

    void TearDown() override
    {
        m_pool.clearConnectionCache();
        m_plain.clearConnectionCache();
        m_sandbox->stop();
    }

    // Runs a fleet verification to the end; every directory must end linked or not linked.
    void verifyAll(QNetworkAccessManager *network, int concurrency, pal::RetryPolicy policy = {})
    {
        pal::ArmSession session(network, m_tokens.get(), m_cloud, policy);
        pal::FleetRun run;
        run.setConcurrency(concurrency);
        QSignalSpy finished(&run, &pal::FleetRun::finished);
        run.start(pal::FleetRun::targets(&session.partners(), m_directories));
        ASSERT_TRUE(finished.wait(30000));
        ASSERT_EQ(run.results().size(), Directories);
        for (const auto &r : run.results())
            EXPECT_NE(r.state.kind, pal::LinkState::Kind::Failed)
                << qPrintable(r.directory.tenantId) << " "
                << qPrintable(r.state.error ? r.state.error->userMessage() : QString());
        EXPECT_EQ(run.summary().linked, (Directories + 2) / 3);
    }

    int answered(int status) const
    {
        int n = 0;
        for (const auto &r : m_sandbox->requests())
            n += r.status == status;
        return n;
    }

    std::unique_ptr<palsandbox::SandboxServer> m_sandbox;
    pal::CloudEnvironment m_cloud;
    std::unique_ptr<FixedTokenProvider> m_tokens;
    QList<pal::Directory> m_directories;
    pal::NetworkAccessPool m_pool;
    QNetworkAccessManager m_plain;
};

Fault slowArm(int latencyMs)
{
    Fault f;
    f.kind = Fault::Kind::Latency;
    f.pathPrefix = QStringLiteral("/providers/");
    f.latencyMs = latencyMs;
    return f;
}

} // namespace

TEST_F(FleetScale, ThePoolPutsAsManyRequestsOnTheWireAsTheConcurrency)
{
    m_sandbox->addFault(slowArm(300));
    verifyAll(&m_pool, 24);
    // Every directory once: one GET each, linked or not.
    EXPECT_EQ(m_sandbox->requestCount(QStringLiteral("/providers/")), Directories);
    // Never more than the concurrency, and beyond one manager's six connections. Not exactly 24:
    // under ctest -j2 on a loaded 2-core machine the first requests of a wave are answered before
    // its last connections open (18-24 measured; not yet understood why it is often 18, three
    // lanes' worth, though four lanes are open); bench/ measures the real figures.
    EXPECT_LE(m_sandbox->peakConcurrentRequests(), 24);
    EXPECT_GT(m_sandbox->peakConcurrentRequests(), 2 * pal::NetworkAccessPool::ConnectionsPerLane);
    EXPECT_GE(m_pool.laneCount(), 4); // 24 / 6 connections per lane
}

TEST_F(FleetScale, APlainManagerStopsAtSixConnections)
{
    // Why the pool exists: Qt 6.4 queues the rest of the requests inside the manager.
    m_sandbox->addFault(slowArm(300));
    verifyAll(&m_plain, 24);
    EXPECT_LE(m_sandbox->peakConcurrentRequests(), pal::NetworkAccessPool::ConnectionsPerLane);
}

TEST_F(FleetScale, AThrottlingArmSeesNoRequestBeyondItsLimit)
{
    // ARM's bucket, small: 20 reads, refilled at 25 a second, 429 + Retry-After beyond that.
    Fault bucket;
    bucket.kind = Fault::Kind::Throttle;
    bucket.method = QStringLiteral("GET");
    bucket.pathPrefix = QStringLiteral("/providers/");
    bucket.limit = 20;
    bucket.refillPerSecond = 25;
    m_sandbox->addFault(bucket);
    m_sandbox->addFault(slowArm(20));
    verifyAll(&m_pool, 16); // the policy's defaults: ARM's documented 25 a second
    EXPECT_EQ(answered(429), 0) << "a request went beyond ARM's limit";
    EXPECT_EQ(m_sandbox->requestCount(QStringLiteral("/providers/")), Directories);
}

TEST_F(FleetScale, ARetryAfterHoldsTheFleetAndEveryDirectoryIsStillVerified)
{
    // A bucket that refills slower than the pipeline assumes: ARM has to say 429 (with Retry-After),
    // the whole run waits, and no directory ends as an error.
    Fault bucket;
    bucket.kind = Fault::Kind::Throttle;
    bucket.method = QStringLiteral("GET");
    bucket.pathPrefix = QStringLiteral("/providers/");
    bucket.limit = 30;
    bucket.refillPerSecond = 20;
    bucket.retryAfterSeconds = 1;
    m_sandbox->addFault(bucket);
    pal::RetryPolicy policy;
    policy.maxRetries = 6;
    policy.rateLimitRefillPerSecond = 1000; // believes ARM refills at once
    verifyAll(&m_pool, 16, policy);
    EXPECT_GT(answered(429), 0);
}
