// AttributionCheck against the in-process sandbox over loopback, with tokens minted for each
// requested scope (as a scoped refresh gives them): the default scenario's credited and other
// resources per product, paging, throttling, one product failing alone, and what an ARM token
// for the wrong audience gets.
#include "AttributionCheck.h"
#include "SandboxCloud.h"
#include "SandboxFixture.h"
#include "ScenarioIds.h"
#include "Wait.h"

#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QTimer>

using namespace std::chrono_literals;
using pal::AttributedProduct;
using pal::ProductAttribution;
namespace scenario = pal::test::scenario;

namespace {

// Tokens for the requested scope's audience ("<audience>/.default"), ARM's when none is named.
class ScopedSandboxTokens final : public pal::AccessTokenProvider
{
public:
    ScopedSandboxTokens(palsandbox::SandboxServer *sandbox, QString user)
        : m_sandbox(sandbox)
        , m_user(std::move(user))
    {}
    bool ignoreScope = false; // what a provider that only knows ARM does
    QStringList scopes;

    void requestToken(const pal::TokenRequest &request, QObject *context,
                      pal::Completion<pal::AccessToken> done) override
    {
        scopes << request.scope;
        QString audience = request.scope;
        if (audience.endsWith(QLatin1String("/.default")))
            audience.chop(int(qstrlen("/.default")));
        pal::AccessToken token;
        token.tenantId = request.tenantId;
        token.token = audience.isEmpty() || ignoreScope ? m_sandbox->issueArmToken(m_user, request.tenantId)
                                                        : m_sandbox->issueToken(m_user, request.tenantId, audience);
        const QJsonObject claims = QJsonDocument::fromJson(QByteArray::fromBase64(token.token.split('.').value(1),
                                                                                  QByteArray::Base64UrlEncoding))
                                       .object();
        token.objectId = claims.value(QStringLiteral("oid")).toString();
        token.expiresOn = QDateTime::currentDateTimeUtc().addSecs(3600);
        QPointer<QObject> guard(context);
        QTimer::singleShot(0, context, [guard, done, token] {
            if (guard)
                done(token);
        });
    }

private:
    palsandbox::SandboxServer *m_sandbox;
    QString m_user;
};

QStringList names(const QList<pal::AttributionItem> &items)
{
    QStringList out;
    for (const auto &i : items)
        out << i.name;
    out.sort();
    return out;
}

class AttributionSandboxTest : public pal::test::SandboxFixture
{
protected:
    void SetUp() override
    {
        SandboxFixture::SetUp();
        if (HasFatalFailure())
            return;
        const auto cloud = pal::test::sandboxCloud(*sandbox);
        ASSERT_TRUE(cloud) << qPrintable(cloud.error().message);
        m_cloud = cloud.value();
        m_tokens = std::make_unique<ScopedSandboxTokens>(sandbox.get(), scenario::Admin.username);
        m_policy.baseDelay = 1ms;
        m_policy.maxDelay = 5ms;
    }
    void TearDown() override
    {
        m_network.clearConnectionCache();
        SandboxFixture::TearDown();
    }

    pal::AttributionReport run(const QString &tenant = scenario::ContosoPartner.tenantId)
    {
        pal::AttributionCheck check(&m_network, m_tokens.get(), m_cloud, m_policy);
        pal::AttributionIdentity me;
        me.username = scenario::Admin.username;
        me.clientId = scenario::AzureCliClientId;
        auto r = pal::test::await<pal::AttributionReport>(
            [&](auto done) { check.run(tenant, QString(), me, &m_context, done); }, 20000);
        EXPECT_TRUE(r.has_value());
        EXPECT_TRUE(*r);
        return r->value();
    }

    QObject m_context;
    QNetworkAccessManager m_network;
    pal::CloudEnvironment m_cloud;
    std::unique_ptr<ScopedSandboxTokens> m_tokens;
    pal::RetryPolicy m_policy;
};

} // namespace

TEST_F(AttributionSandboxTest, TheDefaultScenarioCreditsSomeResourcesAndNotOthers)
{
    const pal::AttributionReport report = run();
    EXPECT_EQ(report.objectId, scenario::Admin.objectId);

    const ProductAttribution &apps = *report.product(AttributedProduct::PowerApps);
    ASSERT_EQ(apps.state, ProductAttribution::State::Checked) << qPrintable(apps.message);
    EXPECT_EQ(names(apps.credited), (QStringList{QStringLiteral("Expense Tracker"), QStringLiteral("Field Inspections"),
                                                 QStringLiteral("Holiday Planner")}));
    EXPECT_EQ(names(apps.others), QStringList{QStringLiteral("Visitor Log")});
    EXPECT_EQ(apps.others.at(0).ownerName, scenario::Pat.displayName);
    EXPECT_EQ(apps.others.at(0).container, QStringLiteral("Contoso Production"));

    const ProductAttribution &flows = *report.product(AttributedProduct::PowerAutomate);
    ASSERT_EQ(flows.state, ProductAttribution::State::Checked) << qPrintable(flows.message);
    EXPECT_EQ(names(flows.credited),
              (QStringList{QStringLiteral("Approve expenses"), QStringLiteral("Sync inspections")}))
        << "the solution flow too";
    EXPECT_EQ(names(flows.others), QStringList{QStringLiteral("Notify new visitors")})
        << "co-owning a flow is not creating it";

    const ProductAttribution &bi = *report.product(AttributedProduct::PowerBI);
    ASSERT_EQ(bi.state, ProductAttribution::State::Checked) << qPrintable(bi.message);
    EXPECT_EQ(names(bi.credited), (QStringList{QStringLiteral("Expenses"), QStringLiteral("Inspections model")}));
    EXPECT_EQ(names(bi.others), QStringList{QStringLiteral("Budget 2026")});
    EXPECT_EQ(bi.others.at(0).ownerName, QStringLiteral("pat@tailspintoys.example"));

    EXPECT_EQ(report.product(AttributedProduct::CustomerInsights)->state, ProductAttribution::State::NotAvailable);
    EXPECT_GE(sandbox->requestCount(QStringLiteral("/powerapps/")), 3) << "apps pages and co-owners";
}

TEST_F(AttributionSandboxTest, AnotherDirectoryShowsItsOwnResources)
{
    const pal::AttributionReport report = run(scenario::Fabrikam.tenantId);
    const ProductAttribution &apps = *report.product(AttributedProduct::PowerApps);
    EXPECT_EQ(names(apps.credited), QStringList{QStringLiteral("Order Desk")}) << "co-owner of Dana's app";
    EXPECT_EQ(report.product(AttributedProduct::PowerBI)->verdict(), ProductAttribution::Verdict::NothingToCredit);
}

TEST_F(AttributionSandboxTest, ThrottlingIsWaitedOutAndAFailingServiceFailsAlone)
{
    palsandbox::Fault throttle;
    throttle.pathPrefix = QStringLiteral("/powerapps/");
    throttle.status = 429;
    throttle.retryAfterSeconds = 0;
    throttle.times = 2;
    sandbox->addFault(throttle);
    palsandbox::Fault broken;
    broken.pathPrefix = QStringLiteral("/flow/");
    broken.status = 500;
    sandbox->addFault(broken);

    const pal::AttributionReport report = run();
    EXPECT_EQ(report.product(AttributedProduct::PowerApps)->state, ProductAttribution::State::Checked);
    EXPECT_EQ(report.product(AttributedProduct::PowerApps)->credited.size(), 3);
    const ProductAttribution &flows = *report.product(AttributedProduct::PowerAutomate);
    EXPECT_EQ(flows.state, ProductAttribution::State::Error);
    ASSERT_TRUE(flows.error);
    EXPECT_EQ(flows.error->httpStatus, 500);
    EXPECT_FALSE(flows.error->requestId.isEmpty());
    EXPECT_EQ(report.product(AttributedProduct::PowerBI)->state, ProductAttribution::State::Checked);
}

TEST_F(AttributionSandboxTest, AMalformedAnswerIsAnErrorForThatProductOnly)
{
    palsandbox::Fault malformed;
    malformed.kind = palsandbox::Fault::Kind::MalformedJson;
    malformed.pathPrefix = QStringLiteral("/powerbi/v1.0/myorg/groups");
    sandbox->addFault(malformed);
    const pal::AttributionReport report = run();
    const ProductAttribution &bi = *report.product(AttributedProduct::PowerBI);
    EXPECT_EQ(bi.state, ProductAttribution::State::Error);
    EXPECT_EQ(bi.error->kind, pal::AzureError::Kind::BadResponse);
    EXPECT_TRUE(bi.credited.isEmpty() && bi.others.isEmpty()) << "nothing half-read is shown";
    EXPECT_EQ(report.product(AttributedProduct::PowerApps)->state, ProductAttribution::State::Checked);
}

TEST_F(AttributionSandboxTest, AnArmTokenIsRefusedByEveryServiceAndSaysSo)
{
    m_tokens->ignoreScope = true;
    const pal::AttributionReport report = run();
    for (AttributedProduct p :
         {AttributedProduct::PowerApps, AttributedProduct::PowerAutomate, AttributedProduct::PowerBI}) {
        const ProductAttribution &r = *report.product(p);
        EXPECT_EQ(r.state, ProductAttribution::State::Error);
        EXPECT_EQ(r.error->httpStatus, 401);
        EXPECT_TRUE(r.message.contains(QLatin1String("powerPlatformAudiences"))) << qPrintable(r.message);
    }
    EXPECT_TRUE(m_tokens->scopes.contains(QStringLiteral("https://service.powerapps.com//.default")));
}
