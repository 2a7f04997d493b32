// Fleet verification of many directories, and one "show my partner link" round trip, through the
// real ArmPipeline against the in-process sandbox on loopback. The scenario is generated here:
// one admin who is a member of N directories, every other one linked to a partner ID.
#include "ArmSession.h"
#include "FleetRun.h"
#include "SandboxServer.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QTimer>
#include <benchmark/benchmark.h>

namespace {

const QString Admin = QStringLiteral("admin@bench-partner.example");

QString tenant(int i)
{
    return QStringLiteral("00000000-0000-4000-8000-%1").arg(i, 12, 10, QLatin1Char('0'));
}

QByteArray benchScenario(int directories)
{
    QJsonArray dirs;
    QJsonArray memberOf;
    QJsonArray links;
    for (int i = 0; i < directories; ++i) {
        dirs.append(QJsonObject{{QStringLiteral("tenantId"), tenant(i)},
                                {QStringLiteral("displayName"), QStringLiteral("Customer %1").arg(i)},
                                {QStringLiteral("defaultDomain"), QStringLiteral("customer%1.example").arg(i)}});
        if (i > 0)
            memberOf.append(tenant(i));
        if (i % 2 == 0)
            links.append(QJsonObject{{QStringLiteral("tenantId"), tenant(i)},
                                     {QStringLiteral("principal"), Admin},
                                     {QStringLiteral("partnerId"), QStringLiteral("1234567")}});
    }
    const QJsonObject root{
        {QStringLiteral("description"), QStringLiteral("pal_bench: generated")},
        {QStringLiteral("clients"), QJsonArray{QStringLiteral("04b07795-8ddb-461a-bbee-02f9e1bf7b46")}},
        {QStringLiteral("directories"), dirs},
        {QStringLiteral("users"), QJsonArray{QJsonObject{{QStringLiteral("username"), Admin},
                                                         {QStringLiteral("homeTenantId"), tenant(0)},
                                                         {QStringLiteral("memberOf"), memberOf}}}},
        {QStringLiteral("partners"), QJsonObject{{QStringLiteral("1234567"), QStringLiteral("Bench Partner")}}},
        {QStringLiteral("links"), links},
    };
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

// A provider that, like the real one, caches one token per directory; minting (RS256) is not
// what is measured.
class CachingSandboxTokens final : public pal::AccessTokenProvider
{
public:
    explicit CachingSandboxTokens(palsandbox::SandboxServer *sandbox)
        : m_sandbox(sandbox)
    {}
    void requestToken(const pal::TokenRequest &request, QObject *context,
                      pal::Completion<pal::AccessToken> done) override
    {
        const QString t = request.tenantId.isEmpty() ? tenant(0) : request.tenantId;
        auto it = m_cache.find(t);
        if (it == m_cache.end() || request.forceRefresh) {
            pal::AccessToken token;
            token.token = m_sandbox->issueArmToken(Admin, t);
            token.tenantId = t;
            it = m_cache.insert(t, token);
        }
        const pal::AccessToken token = it.value();
        QPointer<QObject> guard(context);
        QTimer::singleShot(0, context, [guard, done, token] {
            if (guard)
                done(token);
        });
    }

private:
    palsandbox::SandboxServer *m_sandbox;
    QHash<QString, pal::AccessToken> m_cache;
};

struct World
{
    explicit World(int directories)
    {
        QString error;
        sandbox = palsandbox::SandboxServer::create(benchScenario(directories), &error);
        if (!sandbox || !sandbox->start(0, &error))
            qFatal("sandbox: %s", qPrintable(error));
        cloud = pal::CloudEnvironment::fromJson(QJsonDocument::fromJson(sandbox->cloudJson()).object()).value();
        tokens = std::make_unique<CachingSandboxTokens>(sandbox.get());
        session = std::make_unique<pal::ArmSession>(&network, tokens.get(), cloud);
        for (int i = 0; i < directories; ++i) {
            pal::Directory d;
            d.tenantId = tenant(i);
            list.append(d);
        }
    }
    ~World()
    {
        session.reset();
        network.clearConnectionCache();
        sandbox->stop();
    }
    std::unique_ptr<palsandbox::SandboxServer> sandbox;
    pal::CloudEnvironment cloud;
    QNetworkAccessManager network;
    std::unique_ptr<CachingSandboxTokens> tokens;
    std::unique_ptr<pal::ArmSession> session;
    QList<pal::Directory> list;
};

void BM_FleetVerify(benchmark::State &state)
{
    const int directories = 200;
    const int concurrency = int(state.range(0));
    World world(directories);
    int linked = 0;
    for (auto _ : state) {
        pal::FleetRun run;
        run.setConcurrency(concurrency);
        QEventLoop loop;
        QObject::connect(&run, &pal::FleetRun::finished, &loop, &QEventLoop::quit);
        run.start(pal::FleetRun::targets(&world.session->partners(), world.list));
        loop.exec();
        if (run.summary().failed > 0)
            state.SkipWithError("a directory failed");
        linked = run.summary().linked;
    }
    state.counters["directories"] = directories;
    state.counters["linked"] = linked;
    state.counters["dirs_per_s"] =
        benchmark::Counter(double(directories) * double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_FleetVerify)->Arg(1)->Arg(8)->Arg(32)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);

void BM_PartnerShowRoundTrip(benchmark::State &state)
{
    World world(2);
    QObject context;
    for (auto _ : state) {
        QEventLoop loop;
        bool ok = false;
        world.session->partners().current(tenant(0), &context, [&](const pal::Expected<pal::PartnerLink> &r) {
            ok = r.hasValue();
            loop.quit();
        });
        loop.exec();
        if (!ok)
            state.SkipWithError("show failed");
    }
}
BENCHMARK(BM_PartnerShowRoundTrip)->Unit(benchmark::kMicrosecond)->UseRealTime()->MinTime(2.0);

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("paldesk.*.info=false\npaldesk.sandbox.debug=false"));
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
