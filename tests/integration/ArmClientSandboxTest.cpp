// The core ARM client against the in-process sandbox over loopback: every operation, every error
// kind, every injected fault, token refresh, paging, and that nothing is left half-done.
#include "ArmSessionFixture.h"
#include "FleetReport.h"
#include "FleetRun.h"
#include "Limits.h"
#include "Wait.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QUuid>

using namespace pal::test;
using pal::AzureError;
using pal::Expected;
using pal::PartnerLink;
using palsandbox::Fault;
using K = AzureError::Kind;

namespace {

const QString Partners = QStringLiteral("/providers/Microsoft.ManagementPartner/partners");

Fault fault(Fault::Kind kind, const QString &method, int times = 1, int status = 503)
{
    Fault f;
    f.kind = kind;
    f.method = method;
    f.pathPrefix = Partners;
    f.times = times;
    f.status = status;
    return f;
}

} // namespace

class ArmClientSandbox : public ArmSessionFixture
{
protected:
    Expected<PartnerLink> current(const QString &tenant)
    {
        return *await<PartnerLink>([&](auto d) { m_session->partners().current(tenant, &m_context, d); });
    }
    Expected<PartnerLink> get(const QString &tenant, const QString &partner)
    {
        return *await<PartnerLink>([&](auto d) { m_session->partners().get(tenant, id(partner), &m_context, d); });
    }
    Expected<PartnerLink> create(const QString &tenant, const QString &partner)
    {
        return *await<PartnerLink>([&](auto d) { m_session->partners().create(tenant, id(partner), &m_context, d); });
    }
    Expected<PartnerLink> update(const QString &tenant, const QString &partner)
    {
        return *await<PartnerLink>([&](auto d) { m_session->partners().update(tenant, id(partner), &m_context, d); });
    }
    Expected<pal::Done> remove(const QString &tenant, const QString &partner)
    {
        return *await<pal::Done>([&](auto d) { m_session->partners().remove(tenant, id(partner), &m_context, d); });
    }
    QList<int> statuses() const
    {
        QList<int> s;
        for (const auto &r : sandbox->requests())
            s << r.status;
        return s;
    }
};

TEST_F(ArmClientSandbox, LinkLifeCycleInOneDirectory)
{
    auto link = current(scenario::Fabrikam.tenantId);
    ASSERT_FALSE(link);
    EXPECT_EQ(link.error().kind, K::NotFound);

    link = create(scenario::Fabrikam.tenantId, scenario::ContosoPartnerServices.id);
    ASSERT_TRUE(link) << qPrintable(link.error().userMessage());
    EXPECT_EQ(link->partnerId, scenario::ContosoPartnerServices.id);
    EXPECT_EQ(link->partnerName, scenario::ContosoPartnerServices.name);
    EXPECT_EQ(link->tenantId, scenario::Fabrikam.tenantId);
    EXPECT_FALSE(link->objectId.isEmpty());
    EXPECT_TRUE(link->isActive());
    EXPECT_TRUE(link->createdTime.isValid());
    const PartnerLink created = link.value();

    link = get(scenario::Fabrikam.tenantId, scenario::ContosoPartnerServices.id);
    ASSERT_TRUE(link);
    EXPECT_EQ(link->version, created.version);
    link = current(scenario::Fabrikam.tenantId);
    ASSERT_TRUE(link);
    EXPECT_EQ(link->partnerId, scenario::ContosoPartnerServices.id);

    link = update(scenario::Fabrikam.tenantId, scenario::FabrikamCloudSolutionsLtd.id);
    ASSERT_TRUE(link) << qPrintable(link.error().userMessage());
    EXPECT_EQ(link->partnerId, scenario::FabrikamCloudSolutionsLtd.id);
    EXPECT_EQ(link->partnerName, scenario::FabrikamCloudSolutionsLtd.name);
    EXPECT_EQ(link->createdTime, created.createdTime); // kept on update
    EXPECT_EQ(link->version, created.version + 1);

    link = get(scenario::Fabrikam.tenantId, scenario::ContosoPartnerServices.id); // no longer linked to that ID
    ASSERT_FALSE(link);
    EXPECT_EQ(link.error().kind, K::NotFound);

    ASSERT_TRUE(remove(scenario::Fabrikam.tenantId, scenario::FabrikamCloudSolutionsLtd.id));
    link = current(scenario::Fabrikam.tenantId);
    ASSERT_FALSE(link);
    EXPECT_EQ(link.error().kind, K::NotFound);

    // Every request carried what ARM expects.
    QSet<QByteArray> clientIds;
    for (const auto &r : sandbox->requests()) {
        EXPECT_TRUE(r.hadBearerToken);
        EXPECT_TRUE(r.query.contains(QStringLiteral("api-version=2018-02-01"))) << qPrintable(r.query);
        EXPECT_TRUE(r.userAgent.startsWith("PALDesk/" PALDESK_VERSION)) << r.userAgent.constData();
        EXPECT_FALSE(QUuid::fromString(QString::fromLatin1(r.clientRequestId)).isNull());
        clientIds.insert(r.clientRequestId);
    }
    EXPECT_EQ(clientIds.size(), sandbox->requests().size());
}

TEST_F(ArmClientSandbox, CurrentLinkOfTheScenario)
{
    const auto link = current(scenario::AdventureWorks.tenantId);
    ASSERT_TRUE(link) << qPrintable(link.error().userMessage());
    EXPECT_EQ(link->partnerId, scenario::PreviousPartnerInc.id);
    EXPECT_EQ(link->partnerName, scenario::PreviousPartnerInc.name);
    EXPECT_EQ(sandbox->requests().last().path, Partners + QLatin1Char('/'));
}

TEST_F(ArmClientSandbox, ConflictAndNotLinkedAnswers)
{
    auto link = create(scenario::AdventureWorks.tenantId, scenario::ContosoPartnerServices.id);
    ASSERT_FALSE(link);
    EXPECT_EQ(link.error().kind, K::Conflict);
    EXPECT_EQ(link.error().httpStatus, 409);
    EXPECT_EQ(link.error().code, QStringLiteral("Conflict"));
    EXPECT_TRUE(link.error().message.contains(scenario::PreviousPartnerInc.id)) << qPrintable(link.error().message);
    EXPECT_FALSE(link.error().requestId.isEmpty());
    EXPECT_FALSE(link.error().correlationId.isEmpty());
    EXPECT_EQ(link.error().tenantId, scenario::AdventureWorks.tenantId);

    link = update(scenario::NorthwindTraders.tenantId, scenario::ContosoPartnerServices.id);
    ASSERT_FALSE(link);
    EXPECT_EQ(link.error().kind, K::NotFound);

    const auto removed = remove(scenario::NorthwindTraders.tenantId, scenario::ContosoPartnerServices.id);
    ASSERT_FALSE(removed);
    EXPECT_EQ(removed.error().kind, K::NotFound);

    link = create(scenario::NorthwindTraders.tenantId, QStringLiteral("99999")); // well-formed, but no such partner
    ASSERT_FALSE(link);
    EXPECT_EQ(link.error().kind, K::BadRequest);
    EXPECT_EQ(link.error().httpStatus, 400);
    EXPECT_TRUE(current(scenario::NorthwindTraders.tenantId).error().kind == K::NotFound); // nothing was linked
}

TEST_F(ArmClientSandbox, OperationsList)
{
    const auto ops = *await<QList<pal::ProviderOperation>>(
        [&](auto d) { m_session->partners().operations(scenario::ContosoPartner.tenantId, &m_context, d); });
    ASSERT_TRUE(ops) << qPrintable(ops.error().userMessage());
    ASSERT_EQ(ops->size(), 4);
    EXPECT_EQ(ops->at(0).name, QStringLiteral("Microsoft.ManagementPartner/partners/read"));
}

TEST_F(ArmClientSandbox, TenantsFollowEveryPage)
{
    const auto dirs = *await<QList<pal::Directory>>([&](auto d) { m_session->tenants().list({}, &m_context, d); });
    ASSERT_TRUE(dirs) << qPrintable(dirs.error().userMessage());
    ASSERT_EQ(dirs->size(), 9);
    QStringList names;
    for (const auto &d : *dirs)
        names << d.displayName;
    EXPECT_TRUE(names.contains(scenario::WoodgroveBank.displayName));
    EXPECT_TRUE(names.contains(scenario::ContosoPartner.displayName));
    EXPECT_EQ(sandbox->requestCount(QStringLiteral("/tenants")), 5); // page size 2
}

TEST_F(ArmClientSandbox, ExpiredTokenIsRefreshedOnce)
{
    m_tokens->expireFirst = true;
    const auto link = current(scenario::AdventureWorks.tenantId);
    ASSERT_TRUE(link) << qPrintable(link.error().userMessage());
    EXPECT_EQ(m_tokens->forcedRefreshes, 1);
    EXPECT_EQ(statuses(), (QList<int>{401, 200}));
}

TEST_F(ArmClientSandbox, RejectedTokenIsUnauthorizedAfterOneRefresh)
{
    m_tokens->garbage = true;
    const auto link = get(scenario::Fabrikam.tenantId, scenario::ContosoPartnerServices.id);
    ASSERT_FALSE(link);
    EXPECT_EQ(link.error().kind, K::Unauthorized);
    EXPECT_EQ(link.error().httpStatus, 401);
    EXPECT_EQ(link.error().code, QStringLiteral("InvalidAuthenticationToken"));
    EXPECT_EQ(m_tokens->forcedRefreshes, 1);
    EXPECT_EQ(statuses(), (QList<int>{401, 401}));
}

TEST_F(ArmClientSandbox, InteractionRequiredSendsNothing)
{
    m_tokens->interactionRequired.insert(scenario::WoodgroveBank.tenantId);
    const auto link = current(scenario::WoodgroveBank.tenantId);
    ASSERT_FALSE(link);
    EXPECT_EQ(link.error().kind, K::InteractionRequired);
    EXPECT_EQ(link.error().tenantId, scenario::WoodgroveBank.tenantId);
    EXPECT_TRUE(link.error().userMessage().contains(scenario::WoodgroveBank.tenantId));
    EXPECT_EQ(sandbox->requestCount(), 0);
}

TEST_F(ArmClientSandbox, InvalidInputIsRejectedBeforeAnyRequest)
{
    const auto link = *await<PartnerLink>(
        [&](auto d) { m_session->partners().current(QStringLiteral("fabrikam.example"), &m_context, d); });
    ASSERT_FALSE(link);
    EXPECT_EQ(link.error().kind, K::InvalidInput);
    EXPECT_FALSE(pal::PartnerId::parse(QStringLiteral("12ab")));
    EXPECT_EQ(sandbox->requestCount(), 0);
    EXPECT_EQ(m_tokens->requests, 0);
}

TEST_F(ArmClientSandbox, ForbiddenFromTheService)
{
    sandbox->addFault(fault(Fault::Kind::Status, QStringLiteral("PUT"), 1, 403));
    const auto link = create(scenario::Fabrikam.tenantId, scenario::ContosoPartnerServices.id);
    ASSERT_FALSE(link);
    EXPECT_EQ(link.error().kind, K::Forbidden);
    EXPECT_EQ(link.error().httpStatus, 403);
    EXPECT_EQ(sandbox->requestCount(), 1); // not retried
}

TEST_F(ArmClientSandbox, ThrottlingHonoursRetryAfterThenSucceeds)
{
    Fault f = fault(Fault::Kind::Status, QStringLiteral("GET"), 1, 429);
    f.retryAfterSeconds = 1;
    sandbox->addFault(f);
    QElapsedTimer clock;
    clock.start();
    const auto link = current(scenario::AdventureWorks.tenantId);
    ASSERT_TRUE(link) << qPrintable(link.error().userMessage());
    EXPECT_GE(clock.elapsed(), 950);
    EXPECT_EQ(statuses(), (QList<int>{429, 200}));
}

TEST_F(ArmClientSandbox, ThrottlingThatOutlastsTheRetriesIsReported)
{
    Fault f = fault(Fault::Kind::Status, QStringLiteral("GET"), -1, 429);
    f.retryAfterSeconds = 0;
    sandbox->addFault(f);
    const auto link = get(scenario::AdventureWorks.tenantId, scenario::PreviousPartnerInc.id);
    ASSERT_FALSE(link);
    EXPECT_EQ(link.error().kind, K::Throttled);
    EXPECT_EQ(link.error().retryAfter, std::chrono::seconds(0));
    EXPECT_EQ(sandbox->requestCount(), 1 + m_policy.maxRetries);
}

TEST_F(ArmClientSandbox, TooLongRetryAfterFailsAtOnce)
{
    m_policy.maxRetryAfter = std::chrono::seconds(5);
    makeSession();
    Fault f = fault(Fault::Kind::Status, QStringLiteral("GET"), -1, 503);
    f.retryAfterSeconds = 60;
    sandbox->addFault(f);
    const auto link = get(scenario::AdventureWorks.tenantId, scenario::PreviousPartnerInc.id);
    ASSERT_FALSE(link);
    EXPECT_EQ(link.error().kind, K::Server);
    EXPECT_EQ(link.error().retryAfter, std::chrono::seconds(60));
    EXPECT_EQ(sandbox->requestCount(), 1);
}

TEST_F(ArmClientSandbox, ServerErrorsAreRetriedForReads)
{
    sandbox->addFault(fault(Fault::Kind::Status, QStringLiteral("GET"), 1, 500));
    sandbox->addFault(fault(Fault::Kind::Status, QStringLiteral("GET"), 1, 503));
    const auto link = current(scenario::AdventureWorks.tenantId);
    ASSERT_TRUE(link) << qPrintable(link.error().userMessage());
    EXPECT_EQ(statuses(), (QList<int>{500, 503, 200}));
}

TEST_F(ArmClientSandbox, AWriteAnswered504IsSentOnceAndReportedAsUnknown)
{
    // Before: the PUT went again after the 504 and the user read "already linked".
    sandbox->addFault(fault(Fault::Kind::Status, QStringLiteral("PUT"), 1, 504));
    const auto link = create(scenario::TailspinToys.tenantId, scenario::ContosoPartnerServices.id);
    ASSERT_FALSE(link);
    EXPECT_EQ(link.error().kind, K::Server);
    EXPECT_TRUE(link.error().outcomeUnknown);
    EXPECT_EQ(statuses(), (QList<int>{504}));
}

TEST_F(ArmClientSandbox, ServerErrorsBeyondTheRetriesAreReported)
{
    sandbox->addFault(fault(Fault::Kind::Status, QString(), -1, 500));
    const auto link = current(scenario::AdventureWorks.tenantId);
    ASSERT_FALSE(link);
    EXPECT_EQ(link.error().kind, K::Server);
    EXPECT_EQ(link.error().httpStatus, 500);
    EXPECT_FALSE(link.error().requestId.isEmpty());
    EXPECT_TRUE(link.error().userMessage().contains(link.error().requestId));
    EXPECT_EQ(sandbox->requestCount(), 1 + m_policy.maxRetries); // 500 is no reason to try the fallback
}

TEST_F(ArmClientSandbox, DroppedConnectionOnAReadIsRetried)
{
    sandbox->addFault(fault(Fault::Kind::Drop, QStringLiteral("GET")));
    const auto link = current(scenario::AdventureWorks.tenantId);
    ASSERT_TRUE(link) << qPrintable(link.error().userMessage());
    EXPECT_EQ(link->partnerId, scenario::PreviousPartnerInc.id);
    EXPECT_EQ(sandbox->requestCount(), 2);
}

TEST_F(ArmClientSandbox, DroppedConnectionOnAWriteIsNotRepeated)
{
    sandbox->addFault(fault(Fault::Kind::Drop, QStringLiteral("PUT")));
    const auto link = create(scenario::NorthwindTraders.tenantId, scenario::ContosoPartnerServices.id);
    ASSERT_FALSE(link);
    EXPECT_TRUE(link.error().kind == K::BadResponse || link.error().kind == K::Network)
        << qPrintable(AzureError::kindName(link.error().kind));
    EXPECT_TRUE(link.error().message.contains(QStringLiteral("may have been made")))
        << qPrintable(link.error().message);
    EXPECT_EQ(sandbox->requestCount(QStringLiteral("/providers")), 1);
    // What the service did is what the next look says; the client invented nothing in between.
    const auto now = current(scenario::NorthwindTraders.tenantId);
    ASSERT_TRUE(now) << qPrintable(now.error().userMessage());
    EXPECT_EQ(now->partnerId, scenario::ContosoPartnerServices.id);
}

TEST_F(ArmClientSandbox, MalformedJsonIsABadResponseWithTheRequestId)
{
    sandbox->addFault(fault(Fault::Kind::MalformedJson, QStringLiteral("GET"), -1));
    const auto link = get(scenario::AdventureWorks.tenantId, scenario::PreviousPartnerInc.id);
    ASSERT_FALSE(link);
    EXPECT_EQ(link.error().kind, K::BadResponse);
    EXPECT_EQ(link.error().httpStatus, 200);
    EXPECT_FALSE(link.error().requestId.isEmpty());
    EXPECT_TRUE(link.error().userMessage().contains(QStringLiteral("Request id: ") + link.error().requestId));
}

TEST_F(ArmClientSandbox, MalformedJsonOnAWriteLeavesNoHalfResult)
{
    sandbox->addFault(fault(Fault::Kind::MalformedJson, QStringLiteral("PATCH")));
    const auto link = update(scenario::AdventureWorks.tenantId, scenario::ContosoPartnerServices.id);
    ASSERT_FALSE(link);
    EXPECT_EQ(link.error().kind, K::BadResponse);
    const auto now = current(scenario::AdventureWorks.tenantId);
    ASSERT_TRUE(now);
    EXPECT_EQ(now->partnerId, scenario::ContosoPartnerServices.id); // the service applied it; a fresh look says so
}

TEST_F(ArmClientSandbox, WrongContentTypeIsABadResponse)
{
    sandbox->addFault(fault(Fault::Kind::WrongContentType, QStringLiteral("GET"), -1));
    const auto link = current(scenario::AdventureWorks.tenantId);
    ASSERT_FALSE(link);
    EXPECT_EQ(link.error().kind, K::BadResponse);
    EXPECT_TRUE(link.error().message.contains(QStringLiteral("text/html"))) << qPrintable(link.error().message);
    EXPECT_FALSE(link.error().requestId.isEmpty());

    const auto tenants = *await<QList<pal::Directory>>([&](auto d) { m_session->tenants().list({}, &m_context, d); });
    ASSERT_TRUE(tenants); // the fault was on the partner path only
}

TEST_F(ArmClientSandbox, LatencyWithinTheTimeoutIsFine)
{
    Fault f = fault(Fault::Kind::Latency, QStringLiteral("GET"));
    f.latencyMs = 300;
    sandbox->addFault(f);
    ASSERT_TRUE(current(scenario::AdventureWorks.tenantId));
}

TEST_F(ArmClientSandbox, LatencyBeyondTheTimeoutIsATimeout)
{
    m_policy.requestTimeout = std::chrono::milliseconds(300);
    m_policy.maxRetries = 1;
    makeSession();
    Fault f = fault(Fault::Kind::Latency, QStringLiteral("GET"), -1);
    f.latencyMs = 800;
    sandbox->addFault(f);
    QElapsedTimer clock;
    clock.start();
    const auto link = get(scenario::AdventureWorks.tenantId, scenario::PreviousPartnerInc.id);
    ASSERT_FALSE(link);
    EXPECT_EQ(link.error().kind, K::Timeout);
    EXPECT_EQ(link.error().httpStatus, 0);
    EXPECT_LT(clock.elapsed(), 3000);
    EXPECT_TRUE(pal::test::waitUntil([&] { return sandbox->requestCount() == 2; })); // one retry after a timeout
}

TEST_F(ArmClientSandbox, CancelWhileTheServiceIsSlow)
{
    Fault f = fault(Fault::Kind::Latency, QStringLiteral("GET"));
    f.latencyMs = 1500;
    sandbox->addFault(f);
    pal::CallHandle handle;
    QElapsedTimer clock;
    clock.start();
    const auto link = *await<PartnerLink>([&](auto d) {
        handle = m_session->partners().current(scenario::AdventureWorks.tenantId, &m_context, d);
        QTimer::singleShot(200, &m_context, [&handle] { handle.cancel(); });
    });
    ASSERT_FALSE(link);
    EXPECT_EQ(link.error().kind, K::Cancelled);
    EXPECT_LT(clock.elapsed(), 1200);
    EXPECT_TRUE(pal::test::waitUntil([&handle] { return !handle.isRunning(); }));
}

TEST_F(ArmClientSandbox, NetworkErrorWhenNobodyListens)
{
    sandbox->stop();
    const auto link = current(scenario::AdventureWorks.tenantId);
    ASSERT_FALSE(link);
    EXPECT_EQ(link.error().kind, K::Network);
    EXPECT_EQ(link.error().httpStatus, 0);
    EXPECT_FALSE(link.error().requestId.isEmpty());
}

TEST_F(ArmClientSandbox, FleetVerificationOverTheScenariosDirectories)
{
    m_tokens->interactionRequired.insert(scenario::WoodgroveBank.tenantId);
    const auto dirs = *await<QList<pal::Directory>>([&](auto d) { m_session->tenants().list({}, &m_context, d); });
    ASSERT_TRUE(dirs);
    ASSERT_TRUE(create(scenario::TailspinToys.tenantId, scenario::ContosoPartnerServices.id));

    pal::FleetRun run;
    run.setConcurrency(3);
    QSignalSpy finished(&run, &pal::FleetRun::finished);
    run.start(pal::FleetRun::targets(&m_session->partners(), *dirs, scenario::ContosoPartnerServices.id));
    ASSERT_TRUE(finished.wait(20000));
    ASSERT_EQ(run.results().size(), 9);
    QHash<QString, pal::LinkState> byTenant;
    for (const auto &r : run.results())
        byTenant.insert(r.directory.tenantId, r.state);
    ASSERT_EQ(byTenant.size(), 9); // exactly one result each
    using S = pal::LinkState::Kind;
    EXPECT_EQ(byTenant[scenario::TailspinToys.tenantId].kind, S::Linked);
    EXPECT_EQ(byTenant[scenario::AdventureWorks.tenantId].kind, S::LinkedToOther);
    EXPECT_EQ(byTenant[scenario::AdventureWorks.tenantId].partnerId(), scenario::PreviousPartnerInc.id);
    EXPECT_EQ(byTenant[scenario::Fabrikam.tenantId].kind, S::NotLinked);
    EXPECT_EQ(byTenant[scenario::ContosoPartner.tenantId].kind, S::NotLinked);
    EXPECT_EQ(byTenant[scenario::WoodgroveBank.tenantId].kind, S::Failed);
    EXPECT_TRUE(byTenant[scenario::WoodgroveBank.tenantId].needsSignIn());
    const pal::FleetSummary summary = run.summary();
    EXPECT_EQ(summary.linked, 2);        // Tailspin Toys, Fourth Coffee
    EXPECT_EQ(summary.linkedToOther, 2); // Adventure Works, Proseware
    EXPECT_EQ(summary.signInNeeded, 1);
    EXPECT_EQ(summary.notLinked, 4);
    const QString csv = QString::fromUtf8(pal::FleetReport::csv(run.results()));
    EXPECT_TRUE(csv.contains(QStringLiteral("Woodgrove Bank,woodgrovebank.example,sign-in needed,")))
        << qPrintable(csv);
}

TEST_F(ArmClientSandbox, FleetVerificationSurvivesFaults)
{
    sandbox->addFault([this] {
        Fault f = fault(Fault::Kind::Status, QStringLiteral("GET"), -1, 503);
        f.everyNth = 3;
        // Fewer faults than one directory's attempts: however the five interleave, none can meet a
        // 503 on every try (which would be a correct failure, and a flaky test).
        f.times = m_policy.maxRetries;
        return f;
    }());
    QList<pal::Directory> dirs;
    for (const QString &t :
         {scenario::ContosoPartner.tenantId, scenario::Fabrikam.tenantId, scenario::NorthwindTraders.tenantId,
          scenario::AdventureWorks.tenantId, scenario::TailspinToys.tenantId}) {
        pal::Directory d;
        d.tenantId = t;
        dirs << d;
    }
    pal::FleetRun run;
    run.setConcurrency(5);
    QSignalSpy finished(&run, &pal::FleetRun::finished);
    run.start(pal::FleetRun::targets(&m_session->partners(), dirs));
    ASSERT_TRUE(finished.wait(20000));
    ASSERT_EQ(run.results().size(), 5);
    for (const auto &r : run.results())
        EXPECT_NE(r.state.kind, pal::LinkState::Kind::Failed)
            << qPrintable(r.directory.tenantId) << " "
            << qPrintable(r.state.error ? r.state.error->userMessage() : QString());
}

TEST_F(ArmClientSandbox, CancellingAFleetRunEndsEveryDirectory)
{
    Fault f = fault(Fault::Kind::Latency, QStringLiteral("GET"), -1);
    f.latencyMs = 1000;
    sandbox->addFault(f);
    QList<pal::Directory> dirs;
    for (const QString &t : {scenario::ContosoPartner.tenantId, scenario::Fabrikam.tenantId,
                             scenario::NorthwindTraders.tenantId, scenario::AdventureWorks.tenantId}) {
        pal::Directory d;
        d.tenantId = t;
        dirs << d;
    }
    pal::FleetRun run;
    run.setConcurrency(2);
    QSignalSpy finished(&run, &pal::FleetRun::finished);
    run.start(pal::FleetRun::targets(&m_session->partners(), dirs));
    QTimer::singleShot(200, &run, [&run] { run.cancel(); });
    ASSERT_TRUE(finished.wait(5000));
    ASSERT_EQ(run.results().size(), 4);
    for (const auto &r : run.results())
        EXPECT_EQ(r.state.error->kind, K::Cancelled);
    EXPECT_EQ(run.summary().cancelled, 4);
    EXPECT_FALSE(run.isRunning());
}

// ---- bounds: the size of an answer, the whole time of an attempt ----

TEST_F(ArmClientSandbox, AnAnswerLargerThanTheBoundIsCutOffAndNotKept)
{
    Fault f;
    f.kind = Fault::Kind::HugeBody;
    f.pathPrefix = QStringLiteral("/tenants");
    f.bodyBytes = 200 * pal::limits::MiB;
    sandbox->addFault(f);
    const auto dirs = *await<QList<pal::Directory>>([&](auto d) { m_session->tenants().list({}, &m_context, d); });
    ASSERT_FALSE(dirs);
    EXPECT_EQ(dirs.error().kind, K::BadResponse);
    EXPECT_TRUE(dirs.error().message.contains(QStringLiteral("larger than 32 MB"))) << qPrintable(dirs.error().message);
    EXPECT_EQ(sandbox->requestCount(QStringLiteral("/tenants")), 1) << "the same answer again is not worth a retry";
    // The client stopped reading at the bound (plus what the sockets hold), nowhere near 200 MB.
    const qint64 sent = sandbox->faultBodyBytesSent();
    EXPECT_GT(sent, pal::limits::MaxServiceAnswerBytes);
    EXPECT_LT(sent, pal::limits::MaxServiceAnswerBytes + 16 * pal::limits::MiB) << sent;
}

TEST_F(ArmClientSandbox, AnAnswerTricklingInByteByByteMeetsTheAttemptsDeadline)
{
    // Every byte comes well within the transfer timeout, so only the total deadline can end it.
    m_policy.requestTimeout = std::chrono::milliseconds(5000);
    m_policy.attemptDeadline = std::chrono::milliseconds(800);
    m_policy.maxRetries = 1;
    makeSession();
    Fault f = fault(Fault::Kind::Trickle, QStringLiteral("GET"), -1);
    f.intervalMs = 100;
    sandbox->addFault(f);
    QElapsedTimer clock;
    clock.start();
    const auto link = get(scenario::AdventureWorks.tenantId, scenario::PreviousPartnerInc.id);
    ASSERT_FALSE(link);
    EXPECT_EQ(link.error().kind, K::Timeout);
    EXPECT_EQ(link.error().httpStatus, 0);
    EXPECT_TRUE(link.error().message.contains(QStringLiteral("did not finish answering within 0.8 s")))
        << qPrintable(link.error().message);
    EXPECT_LT(clock.elapsed(), 4000);              // two attempts of 0.8 s and a short backoff
    EXPECT_EQ(sandbox->requestCount(Partners), 2); // a GET is tried again after a timeout
    EXPECT_GT(sandbox->faultBodyBytesSent(), 2) << "the answer was on its way";
}
