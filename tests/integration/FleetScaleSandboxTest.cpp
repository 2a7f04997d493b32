// A fleet of generated directories against the in-process sandbox: the requests in flight really
// reach the concurrency over HTTP/1.1 (NetworkAccessPool), and a sandbox that meters ARM's token
// bucket (per principal and tenant, as ARM) sees every directory verified without one request
// beyond its limit; one directory's 429 or nearly empty bucket holds that directory only.
#include "ArmSessionFixture.h"
#include "FleetRun.h"
#include "NetworkAccessPool.h"
#include "Wait.h"

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
        m_sandbox = palsandbox::SandboxServer::create(fleetScenario(m_count), &error);
        ASSERT_TRUE(m_sandbox) << qPrintable(error);
        ASSERT_TRUE(m_sandbox->start(0, &error)) << qPrintable(error);
        m_cloud = pal::CloudEnvironment::fromJson(QJsonDocument::fromJson(m_sandbox->cloudJson()).object()).value();
        m_tokens = std::make_unique<FixedTokenProvider>(m_sandbox.get(), Admin, tenant(0));
        for (int i = 0; i < m_count; ++i) {
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
        ASSERT_EQ(run.results().size(), m_count);
        for (const auto &r : run.results())
            EXPECT_NE(r.state.kind, pal::LinkState::Kind::Failed)
                << qPrintable(r.directory.tenantId) << " "
                << qPrintable(r.state.error ? r.state.error->userMessage() : QString());
        EXPECT_EQ(run.summary().linked, (m_count + 2) / 3);
    }

    int answered(int status) const
    {
        int n = 0;
        for (const auto &r : m_sandbox->requests())
            n += r.status == status;
        return n;
    }

    int m_count = Directories; // directories in the scenario and the fleet
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
    // ARM's bucket, small: 20 reads, refilled at 25 a second, 429 + Retry-After beyond that. One per
    // principal and tenant, as ARM's: a fleet reads each once (ThousandDirectories reads one often).
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

TEST_F(FleetScale, ARetryAfterHoldsItsDirectoryAndEveryDirectoryIsStillVerified)
{
    // ARM says 429 (with Retry-After) to some directories' reads: each of them waits and is asked
    // again, and no directory ends as an error. (A shared bucket refilled slower than the pipeline
    // assumed did this before; ARM's buckets are per tenant, and a fleet reads each tenant once.)
    Fault tooMany;
    tooMany.method = QStringLiteral("GET");
    tooMany.pathPrefix = QStringLiteral("/providers/");
    tooMany.status = 429;
    tooMany.retryAfterSeconds = 1;
    tooMany.everyNth = 4;
    tooMany.times = 10;
    m_sandbox->addFault(tooMany);
    pal::RetryPolicy policy;
    policy.maxRetries = 6;
    verifyAll(&m_pool, 16, policy);
    EXPECT_GT(answered(429), 0);
}

namespace {

class ThousandDirectories : public FleetScale
{
protected:
    ThousandDirectories() { m_count = 1000; }
};

pal::ArmThrottle::BucketId bucketOf(const QString &tenantId)
{
    return pal::ArmThrottle::BucketId{QString(), tenantId}; // FixedTokenProvider's tokens name no oid
}

} // namespace

TEST_F(ThousandDirectories, OneDirectorysThrottlingHoldsThatDirectoryOnly)
{
    const QString throttled = tenant(7);   // ARM answers its first read 429 with Retry-After
    const QString nearlyEmpty = tenant(8); // its bucket is nearly empty when the run starts
    // ARM's documented bucket for tenant reads, one per principal and tenant: 250, 25 back a second.
    Fault arm;
    arm.kind = Fault::Kind::Throttle;
    arm.method = QStringLiteral("GET");
    arm.pathPrefix = QStringLiteral("/providers/");
    arm.limit = 250;
    arm.refillPerSecond = 25;
    m_sandbox->addFault(arm);
    Fault tooMany;
    tooMany.pathPrefix = QStringLiteral("/providers/");
    tooMany.tenantId = throttled;
    tooMany.status = 429;
    tooMany.retryAfterSeconds = 3;
    tooMany.times = 1;
    m_sandbox->addFault(tooMany);

    pal::ArmSession session(&m_pool, m_tokens.get(), m_cloud);
    const pal::ArmThrottle &throttle = session.pipeline().throttle();
    const pal::PartnerId partner = pal::PartnerId::parse(QStringLiteral("1234567")).value();
    QObject context;
    // Empty one directory's bucket with 300 reads of it: one to learn what is left, then 299 at once,
    // which the pipeline sends down to the reserve and then paces at ARM's refill.
    int drained = 0;
    auto count = [&](const pal::Expected<pal::PartnerLink> &r) {
        EXPECT_TRUE(r || r.error().kind == pal::AzureError::Kind::NotFound) << qPrintable(r.error().userMessage());
        ++drained;
    };
    session.partners().get(nearlyEmpty, partner, &context, count);
    ASSERT_TRUE(waitUntil([&] { return drained == 1; }));
    for (int i = 1; i < 300; ++i)
        session.partners().get(nearlyEmpty, partner, &context, count);
    ASSERT_TRUE(waitUntil([&] { return throttle.holdFor(bucketOf(nearlyEmpty)).count() > 0; }));

    // The fleet: each batch of results notes whether the two directories were held meanwhile, and
    // whether any other directory was.
    pal::FleetRun run;
    run.setConcurrency(32);
    int whileThrottledHeld = 0;
    int whileNearlyEmptyHeld = 0;
    int othersHeld = 0;
    QObject::connect(&run, &pal::FleetRun::resultsArrived, &context, [&](const QList<pal::FleetResult> &batch) {
        const bool throttledHeld = throttle.holdFor(bucketOf(throttled)).count() > 0;
        const bool nearlyEmptyHeld = throttle.holdFor(bucketOf(nearlyEmpty)).count() > 0;
        for (const pal::FleetResult &r : batch) {
            if (r.directory.tenantId == throttled || r.directory.tenantId == nearlyEmpty)
                continue;
            whileThrottledHeld += throttledHeld;
            whileNearlyEmptyHeld += nearlyEmptyHeld;
            othersHeld += throttle.holdFor(bucketOf(r.directory.tenantId)).count() > 0;
        }
    });
    QSignalSpy finished(&run, &pal::FleetRun::finished);
    run.start(pal::FleetRun::targets(&session.partners(), m_directories));
    ASSERT_TRUE(finished.wait(120000));
    ASSERT_TRUE(waitUntil([&] { return drained == 300; }, 30000));

    ASSERT_EQ(run.results().size(), m_count);
    for (const auto &r : run.results())
        EXPECT_NE(r.state.kind, pal::LinkState::Kind::Failed)
            << qPrintable(r.directory.tenantId) << " "
            << qPrintable(r.state.error ? r.state.error->userMessage() : QString());
    EXPECT_EQ(run.summary().linked, (m_count + 2) / 3);
    // Every directory once, the throttled one again, and the 300 reads: only the one 429 injected,
    // so no directory's bucket was ever run dry, the nearly empty one included.
    EXPECT_EQ(m_sandbox->requestCount(QStringLiteral("/providers/")), m_count + 1 + 300);
    EXPECT_EQ(answered(429), 1) << "a request went beyond its directory's bucket";
    // The rest went on while each of the two waited (with one hold for the whole pipeline, at most
    // the requests already in flight, 32, would be answered meanwhile), and none of them was held.
    EXPECT_GT(whileThrottledHeld, 2 * 32);
    EXPECT_GT(whileNearlyEmptyHeld, 2 * 32);
    EXPECT_EQ(othersHeld, 0);
}
