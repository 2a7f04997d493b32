// AttributionCheck against a scripted network (no sockets): the requests it sends (hosts, paths,
// filters, token scopes), paging (nextLink, @odata.nextLink, continuationToken), unknown shapes,
// throttling, and one product's failure or missing consent staying with that product.
#include "AttributionCheck.h"
#include "FakeNetwork.h"
#include "Wait.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QTimer>
#include <QUrlQuery>
#include <gtest/gtest.h>

using namespace std::chrono_literals;
using pal::AttributedProduct;
using pal::AzureError;
using pal::ProductAttribution;
using FakeAnswer = pal::test::FakeResponse;
using SentRequest = pal::test::RecordedRequest;

namespace {

const QString Tenant = QStringLiteral("7d3c1b2a-0f4e-4c6d-9a8b-1e2f3a4b5c6d");
const QString Me = QStringLiteral("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d");
const QString Pat = QStringLiteral("0b1c2d3e-0000-4000-8000-00000000000a");

// Tokens per scope; an error can be scripted for one scope.
class ScopedTokens final : public pal::AccessTokenProvider
{
public:
    QHash<QString, AzureError> errors; // by scope ("" = ARM)
    QList<pal::TokenRequest> requests;

    void requestToken(const pal::TokenRequest &request, QObject *context,
                      pal::Completion<pal::AccessToken> done) override
    {
        requests << request;
        QPointer<QObject> guard(context);
        const std::optional<AzureError> failure =
            errors.contains(request.scope) ? std::optional(errors.value(request.scope)) : std::nullopt;
        QTimer::singleShot(0, context, [guard, done, failure, request] {
            if (!guard)
                return;
            if (failure)
                return done(*failure);
            pal::AccessToken t;
            t.token = "token-for-" + request.scope.toLatin1();
            t.tenantId = request.tenantId;
            t.objectId = Me;
            t.expiresOn = QDateTime::currentDateTimeUtc().addSecs(3600);
            done(t);
        });
    }
    QStringList scopes() const
    {
        QStringList out;
        for (const auto &r : requests)
            if (!out.contains(r.scope))
                out << r.scope;
        return out;
    }
};

FakeAnswer jsonAnswer(const QJsonObject &o, int status = 200)
{
    FakeAnswer a;
    a.status = status;
    a.body = QJsonDocument(o).toJson();
    a.headers = {{"x-ms-request-id", "rid-" + QByteArray::number(qHash(a.body) % 1000)}};
    return a;
}

QJsonObject list(QJsonArray value, const char *linkKey = nullptr, const QString &link = {})
{
    QJsonObject o{{QStringLiteral("value"), value}};
    if (linkKey)
        o.insert(QLatin1String(linkKey), link);
    return o;
}

QJsonObject env(const char *name, const char *display)
{
    return {{QStringLiteral("name"), QLatin1String(name)},
            {QStringLiteral("properties"), QJsonObject{{QStringLiteral("displayName"), QLatin1String(display)}}}};
}

QJsonObject app(const char *name, const char *display, const QString &owner)
{
    return {{QStringLiteral("name"), QLatin1String(name)},
            {QStringLiteral("properties"),
             QJsonObject{{QStringLiteral("displayName"), QLatin1String(display)},
                         {QStringLiteral("owner"), QJsonObject{{QStringLiteral("id"), owner}}}}}};
}

QJsonObject flow(const char *name, const QString &creator)
{
    return {{QStringLiteral("name"), QLatin1String(name)},
            {QStringLiteral("properties"),
             QJsonObject{{QStringLiteral("displayName"), QLatin1String(name)},
                         {QStringLiteral("creator"), QJsonObject{{QStringLiteral("objectId"), creator}}}}}};
}

QJsonObject dataset(const char *id, const char *by)
{
    return {{QStringLiteral("id"), QLatin1String(id)},
            {QStringLiteral("name"), QLatin1String(id)},
            {QStringLiteral("configuredBy"), QLatin1String(by)}};
}

class AttributionCheckTest : public ::testing::Test
{
protected:
    AttributionCheckTest()
    {
        m_policy.baseDelay = 1ms;
        m_policy.maxDelay = 5ms;
        m_network.handler = [this](const SentRequest &r) { return answer(r); };
    }

    // One small world: two environments, apps (one paged), flows, a workspace and My workspace.
    virtual FakeAnswer answer(const SentRequest &r)
    {
        const QString host = r.url.host();
        const QString path = r.url.path();
        const QUrlQuery q(r.url);
        if (auto it = m_overrides.find(path); it != m_overrides.end())
            return it.value()(r);
        if (host == QLatin1String("api.bap.microsoft.com"))
            return jsonAnswer(list({env("env-1", "Production"), env("env-2", "Default")}));
        if (host == QLatin1String("api.powerapps.com") && path.endsWith(QLatin1String("/permissions")))
            return jsonAnswer(
                list({QJsonObject{{QStringLiteral("properties"),
                                   QJsonObject{{QStringLiteral("roleName"), QStringLiteral("CanEdit")},
                                               {QStringLiteral("principal"),
                                                QJsonObject{{QStringLiteral("id"), Me},
                                                            {QStringLiteral("type"), QStringLiteral("User")}}}}}}}));
        if (host == QLatin1String("api.powerapps.com")) {
            const QString filter = q.queryItemValue(QStringLiteral("$filter"), QUrl::FullyDecoded);
            if (filter == QLatin1String("environment eq 'env-1'"))
                return jsonAnswer(list({app("a1", "Mine", Me)}));
            return jsonAnswer(list({app("a2", "Pat's, co-owned", Pat)}));
        }
        if (host == QLatin1String("api.flow.microsoft.com"))
            return jsonAnswer(list(path.contains(QLatin1String("env-1")) ? QJsonArray{flow("f1", Me), flow("f2", Pat)}
                                                                         : QJsonArray{}));
        if (host == QLatin1String("api.powerbi.com") && path == QLatin1String("/v1.0/myorg/groups"))
            return jsonAnswer(list({QJsonObject{{QStringLiteral("id"), QStringLiteral("w1")},
                                                {QStringLiteral("name"), QStringLiteral("Finance")}}}));
        if (host == QLatin1String("api.powerbi.com"))
            return jsonAnswer(list(path.contains(QLatin1String("w1"))
                                       ? QJsonArray{dataset("d1", "admin@contoso-partner.example"),
                                                    dataset("d2", "pat@tailspintoys.example")}
                                       : QJsonArray{dataset("d3", "admin@contoso-partner.example")}));
        return jsonAnswer(
            QJsonObject{{QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), QStringLiteral("NotFound")}}}},
            404);
    }

    pal::AttributionIdentity identity(bool servicePrincipal = false)
    {
        pal::AttributionIdentity i;
        i.username = QStringLiteral("admin@contoso-partner.example");
        i.clientId = QStringLiteral("04b07795-8ddb-461a-bbee-02f9e1bf7b46");
        i.servicePrincipal = servicePrincipal;
        return i;
    }

    pal::AttributionReport run(const pal::CloudEnvironment &cloud = pal::CloudEnvironment::azureCloud(),
                               bool servicePrincipal = false)
    {
        pal::AttributionCheck check(&m_network, &m_tokens, cloud, m_policy);
        QObject::connect(&check, &pal::AttributionCheck::productChecked, &check,
                         [this](const QString &, const ProductAttribution &p) { m_announced << p.product; });
        auto r = pal::test::await<pal::AttributionReport>([&](auto done) {
            check.run(Tenant, QStringLiteral("Contoso Partner"), identity(servicePrincipal), &m_context, done);
        });
        EXPECT_TRUE(r.has_value());
        EXPECT_TRUE(*r) << (*r ? "" : qPrintable(r->error().message));
        return r->value();
    }

    static const ProductAttribution &product(const pal::AttributionReport &report, AttributedProduct which)
    {
        const ProductAttribution *p = report.product(which);
        EXPECT_NE(p, nullptr);
        return *p;
    }

    static QStringList names(const QList<pal::AttributionItem> &items)
    {
        QStringList out;
        for (const auto &i : items)
            out << i.name;
        return out;
    }

    int sentTo(const QString &pathPart) const
    {
        int n = 0;
        for (const SentRequest &r : m_network.requests)
            n += r.url.toString().contains(pathPart);
        return n;
    }

    QObject m_context;
    pal::test::FakeNetwork m_network;
    ScopedTokens m_tokens;
    pal::RetryPolicy m_policy;
    QHash<QString, std::function<FakeAnswer(const SentRequest &)>> m_overrides;
    QList<AttributedProduct> m_announced;
};

} // namespace

TEST_F(AttributionCheckTest, ReadsEachProductByTheArticlesRule)
{
    const pal::AttributionReport report = run();
    EXPECT_EQ(report.objectId, Me) << "from the directory's token";
    const ProductAttribution &apps = product(report, AttributedProduct::PowerApps);
    EXPECT_EQ(apps.state, ProductAttribution::State::Checked);
    EXPECT_EQ(names(apps.credited), (QStringList{QStringLiteral("Mine"), QStringLiteral("Pat's, co-owned")}));
    EXPECT_EQ(apps.credited.at(1).why, QStringLiteral("co-owner"));
    EXPECT_EQ(apps.credited.at(0).container, QStringLiteral("Production"));
    const ProductAttribution &flows = product(report, AttributedProduct::PowerAutomate);
    EXPECT_EQ(names(flows.credited), QStringList{QStringLiteral("f1")});
    EXPECT_EQ(names(flows.others), QStringList{QStringLiteral("f2")});
    const ProductAttribution &bi = product(report, AttributedProduct::PowerBI);
    EXPECT_EQ(names(bi.credited), (QStringList{QStringLiteral("d1"), QStringLiteral("d3")}));
    EXPECT_EQ(bi.credited.at(1).container, QStringLiteral("My workspace"));
    EXPECT_EQ(names(bi.others), QStringList{QStringLiteral("d2")});
    EXPECT_EQ(bi.others.at(0).ownerName, QStringLiteral("pat@tailspintoys.example"));
    const ProductAttribution &ci = product(report, AttributedProduct::CustomerInsights);
    EXPECT_EQ(ci.state, ProductAttribution::State::NotAvailable);
    EXPECT_TRUE(ci.message.contains(QLatin1String("any active user"))) << qPrintable(ci.message);
    EXPECT_EQ(m_announced.size(), 4) << "every product is announced once";
}

TEST_F(AttributionCheckTest, SendsWhatTheServicesExpectWithEachServicesScope)
{
    run();
    EXPECT_TRUE(m_tokens.scopes().contains(QStringLiteral("https://service.powerapps.com//.default")));
    EXPECT_TRUE(m_tokens.scopes().contains(QStringLiteral("https://service.flow.microsoft.com//.default")));
    EXPECT_TRUE(m_tokens.scopes().contains(QStringLiteral("https://analysis.windows.net/powerbi/api/.default")));
    for (const SentRequest &r : m_network.requests) {
        const QByteArray auth = r.request.rawHeader("Authorization");
        const QString host = r.url.host();
        const QUrlQuery q(r.url);
        if (host == QLatin1String("api.bap.microsoft.com")) {
            EXPECT_EQ(r.url.path(), QStringLiteral("/providers/Microsoft.BusinessAppPlatform/environments"));
            EXPECT_EQ(q.queryItemValue(QStringLiteral("api-version")), QStringLiteral("2020-10-01"));
            EXPECT_EQ(auth, "Bearer token-for-https://service.powerapps.com//.default");
        } else if (host == QLatin1String("api.powerapps.com")) {
            EXPECT_EQ(q.queryItemValue(QStringLiteral("api-version")), QStringLiteral("2016-11-01"));
            EXPECT_TRUE(q.queryItemValue(QStringLiteral("$filter"), QUrl::FullyDecoded)
                            .startsWith(QLatin1String("environment eq '")));
            EXPECT_EQ(auth, "Bearer token-for-https://service.powerapps.com//.default");
        } else if (host == QLatin1String("api.flow.microsoft.com")) {
            EXPECT_TRUE(r.url.path().startsWith(QLatin1String("/providers/Microsoft.ProcessSimple/environments/env-")));
            EXPECT_EQ(q.queryItemValue(QStringLiteral("include")), QStringLiteral("includeSolutionCloudFlows"));
            EXPECT_EQ(auth, "Bearer token-for-https://service.flow.microsoft.com//.default");
        } else if (host == QLatin1String("api.powerbi.com")) {
            EXPECT_TRUE(r.url.path().startsWith(QLatin1String("/v1.0/myorg/")));
            EXPECT_EQ(auth, "Bearer token-for-https://analysis.windows.net/powerbi/api/.default");
        } else {
            ADD_FAILURE() << "unexpected host " << qPrintable(host);
        }
        EXPECT_EQ(r.method, "GET") << "the check only reads";
    }
    EXPECT_EQ(sentTo(QStringLiteral("/permissions")), 1) << "co-owners are asked only for apps owned by others";
}

TEST_F(AttributionCheckTest, FollowsEveryPagingStyle)
{
    m_overrides[QStringLiteral("/providers/Microsoft.BusinessAppPlatform/environments")] = [](const SentRequest &r) {
        if (QUrlQuery(r.url).hasQueryItem(QStringLiteral("$skiptoken")))
            return jsonAnswer(list({env("env-2", "Default")}));
        return jsonAnswer(list({env("env-1", "Production")}, "nextLink",
                               QStringLiteral("https://api.bap.microsoft.com/providers/Microsoft.BusinessAppPlatform/"
                                              "environments?api-version=2020-10-01&$skiptoken=p2")));
    };
    m_overrides[QStringLiteral("/v1.0/myorg/groups")] = [](const SentRequest &r) {
        if (QUrlQuery(r.url).hasQueryItem(QStringLiteral("$skip")))
            return jsonAnswer(list({QJsonObject{{QStringLiteral("id"), QStringLiteral("w2")},
                                                {QStringLiteral("name"), QStringLiteral("Sales")}}}));
        return jsonAnswer(list({QJsonObject{{QStringLiteral("id"), QStringLiteral("w1")},
                                            {QStringLiteral("name"), QStringLiteral("Finance")}}},
                               "@odata.nextLink", QStringLiteral("https://api.powerbi.com/v1.0/myorg/groups?$skip=1")));
    };
    m_overrides[QStringLiteral("/providers/Microsoft.ProcessSimple/environments/env-1/flows")] =
        [](const SentRequest &r) {
            const QUrlQuery q(r.url);
            if (q.queryItemValue(QStringLiteral("$skiptoken")) == QLatin1String("next-please")) {
                EXPECT_EQ(q.queryItemValue(QStringLiteral("include")), QStringLiteral("includeSolutionCloudFlows"))
                    << "the first request's query is kept";
                return jsonAnswer(list({flow("f9", Me)}));
            }
            return jsonAnswer(list({flow("f1", Me)}, "continuationToken", QStringLiteral("next-please")));
        };
    const pal::AttributionReport report = run();
    EXPECT_EQ(product(report, AttributedProduct::PowerApps).containers, 2) << "both environment pages";
    EXPECT_EQ(names(product(report, AttributedProduct::PowerAutomate).credited),
              (QStringList{QStringLiteral("f1"), QStringLiteral("f9")}));
    EXPECT_EQ(product(report, AttributedProduct::PowerBI).containers, 3) << "two workspace pages and My workspace";
    EXPECT_EQ(sentTo(QStringLiteral("/groups/w2/datasets")), 1);
}

TEST_F(AttributionCheckTest, AListThatNeverEndsOrLeavesTheServiceIsAnErrorNotAHalfList)
{
    m_overrides[QStringLiteral("/v1.0/myorg/groups")] = [](const SentRequest &) {
        return jsonAnswer(
            list({}, "@odata.nextLink", QStringLiteral("https://api.powerbi.com/v1.0/myorg/groups?$skip=1")));
    };
    m_overrides[QStringLiteral("/providers/Microsoft.BusinessAppPlatform/environments")] = [](const SentRequest &) {
        return jsonAnswer(list({env("env-1", "Production")}, "nextLink",
                               QStringLiteral("https://attacker.example/steal?api-version=2020-10-01")));
    };
    const pal::AttributionReport report = run();
    const ProductAttribution &bi = product(report, AttributedProduct::PowerBI);
    EXPECT_EQ(bi.state, ProductAttribution::State::Error);
    EXPECT_EQ(bi.error->kind, AzureError::Kind::BadResponse) << "the same next page twice";
    const ProductAttribution &apps = product(report, AttributedProduct::PowerApps);
    EXPECT_EQ(apps.state, ProductAttribution::State::Error);
    EXPECT_EQ(apps.error->kind, AzureError::Kind::BadResponse) << qPrintable(apps.message); // the service's fault
    EXPECT_EQ(sentTo(QStringLiteral("attacker.example")), 0) << "no token goes to another host";
}

TEST_F(AttributionCheckTest, UnknownShapesAreCannotTellNeverNotCredited)
{
    m_overrides[QStringLiteral("/providers/Microsoft.ProcessSimple/environments/env-1/flows")] =
        [](const SentRequest &) {
            return jsonAnswer(QJsonObject{{QStringLiteral("flows"), QJsonArray{flow("f1", Me)}}});
        };
    m_overrides[QStringLiteral("/v1.0/myorg/groups/w1/datasets")] = [](const SentRequest &) {
        return jsonAnswer(list({QJsonObject{{QStringLiteral("id"), QStringLiteral("d1")},
                                            {QStringLiteral("name"), QStringLiteral("No publisher")}},
                                QStringLiteral("not an object")}));
    };
    const pal::AttributionReport report = run();
    const ProductAttribution &flows = product(report, AttributedProduct::PowerAutomate);
    EXPECT_EQ(flows.state, ProductAttribution::State::Error) << "a list without \"value\" cannot be read";
    EXPECT_EQ(flows.error->kind, AzureError::Kind::BadResponse);
    EXPECT_TRUE(flows.others.isEmpty());
    EXPECT_FALSE(flows.error->requestId.isEmpty()) << "its request id stays with it";
    const ProductAttribution &bi = product(report, AttributedProduct::PowerBI);
    EXPECT_EQ(bi.state, ProductAttribution::State::Checked);
    EXPECT_EQ(bi.cannotTell.size(), 2) << "the dataset without configuredBy and the entry that is not an object";
    EXPECT_TRUE(bi.others.isEmpty());
    EXPECT_EQ(bi.verdict(), ProductAttribution::Verdict::PartlyCredited) << "My workspace's dataset is credited";
}

TEST_F(AttributionCheckTest, HonoursThrottlingAndThenReads)
{
    int calls = 0;
    m_overrides[QStringLiteral("/v1.0/myorg/groups")] = [&calls](const SentRequest &) {
        if (++calls == 1) {
            FakeAnswer a =
                jsonAnswer(QJsonObject{{QStringLiteral("error"),
                                        QJsonObject{{QStringLiteral("code"), QStringLiteral("TooManyRequests")}}}},
                           429);
            a.headers << qMakePair(QByteArray("Retry-After"), QByteArray("0"));
            return a;
        }
        return jsonAnswer(list({}));
    };
    const pal::AttributionReport report = run();
    EXPECT_EQ(calls, 2) << "retried once after the 429";
    EXPECT_EQ(product(report, AttributedProduct::PowerBI).state, ProductAttribution::State::Checked);
}

TEST_F(AttributionCheckTest, OneProductsFailureStaysWithThatProduct)
{
    m_policy = pal::RetryPolicy::none();
    m_overrides[QStringLiteral("/v1.0/myorg/groups")] = [](const SentRequest &) {
        FakeAnswer a = jsonAnswer(QJsonObject{{QStringLiteral("error"),
                                               QJsonObject{{QStringLiteral("code"), QStringLiteral("InternalError")}}}},
                                  500);
        a.headers = {{"RequestId", "pbi-request-7"}};
        return a;
    };
    const pal::AttributionReport report = run();
    const ProductAttribution &bi = product(report, AttributedProduct::PowerBI);
    EXPECT_EQ(bi.state, ProductAttribution::State::Error);
    EXPECT_EQ(bi.error->requestId, QStringLiteral("pbi-request-7")) << "Power BI's RequestId header";
    EXPECT_TRUE(bi.message.contains(QLatin1String("Power BI"))) << qPrintable(bi.message);
    EXPECT_EQ(product(report, AttributedProduct::PowerApps).state, ProductAttribution::State::Checked);
    EXPECT_EQ(product(report, AttributedProduct::PowerAutomate).state, ProductAttribution::State::Checked);
}

TEST_F(AttributionCheckTest, MissingConsentNamesAClientThatCouldReadIt)
{
    AzureError consent =
        AzureError::make(AzureError::Kind::InteractionRequired, QStringLiteral("The directory has not consented."),
                         QStringLiteral("AADSTS65001"));
    m_tokens.errors.insert(QStringLiteral("https://analysis.windows.net/powerbi/api/.default"), consent);
    AzureError preauth = AzureError::make(
        AzureError::Kind::SignInFailed, QStringLiteral("Consent between first party…"), QStringLiteral("AADSTS65002"));
    m_tokens.errors.insert(QStringLiteral("https://service.flow.microsoft.com//.default"), preauth);
    const pal::AttributionReport report = run();
    const ProductAttribution &bi = product(report, AttributedProduct::PowerBI);
    EXPECT_EQ(bi.state, ProductAttribution::State::SignInNeeded);
    EXPECT_TRUE(bi.message.contains(QLatin1String("AADSTS65001"))) << qPrintable(bi.message);
    EXPECT_TRUE(bi.message.contains(QLatin1String("ea0616ba-638b-4df5-95b9-636659ae5121"))) << qPrintable(bi.message);
    EXPECT_TRUE(bi.message.contains(QLatin1String("Client ID"))) << "says where to set it";
    const ProductAttribution &flows = product(report, AttributedProduct::PowerAutomate);
    EXPECT_EQ(flows.state, ProductAttribution::State::SignInNeeded);
    EXPECT_TRUE(flows.message.contains(QLatin1String("1950a258-227b-4e31-a9cf-717495945fc2")))
        << qPrintable(flows.message);
    EXPECT_EQ(product(report, AttributedProduct::PowerApps).state, ProductAttribution::State::Checked);
    EXPECT_EQ(sentTo(QStringLiteral("api.powerbi.com")), 0) << "nothing is sent without a token";
}

TEST_F(AttributionCheckTest, WithoutADirectoryTokenEveryProductSaysSignInNeeded)
{
    m_tokens.errors.insert(QString(),
                           AzureError::make(AzureError::Kind::InteractionRequired,
                                            QStringLiteral("Directory requires MFA."), QStringLiteral("AADSTS50076")));
    const pal::AttributionReport report = run();
    for (AttributedProduct p :
         {AttributedProduct::PowerApps, AttributedProduct::PowerAutomate, AttributedProduct::PowerBI})
        EXPECT_EQ(product(report, p).state, ProductAttribution::State::SignInNeeded);
    EXPECT_TRUE(m_network.requests.isEmpty());
}

TEST_F(AttributionCheckTest, AServicePrincipalIsToldWhatItCanRead)
{
    const pal::AttributionReport report = run(pal::CloudEnvironment::azureCloud(), true);
    const ProductAttribution &apps = product(report, AttributedProduct::PowerApps);
    EXPECT_EQ(apps.state, ProductAttribution::State::NotAvailable);
    EXPECT_TRUE(apps.message.contains(QLatin1String("service principal"))) << qPrintable(apps.message);
    EXPECT_EQ(product(report, AttributedProduct::PowerAutomate).state, ProductAttribution::State::NotAvailable);
    EXPECT_EQ(sentTo(QStringLiteral("api.bap.microsoft.com")), 0);
    const ProductAttribution &bi = product(report, AttributedProduct::PowerBI);
    EXPECT_EQ(bi.state, ProductAttribution::State::Checked) << "workspaces it is a member of";
    EXPECT_EQ(sentTo(QStringLiteral("/v1.0/myorg/datasets")), 0) << "a service principal has no My workspace";
}

TEST_F(AttributionCheckTest, ACloudWithoutTheServicesSaysNotAvailableInThisCloud)
{
    const pal::AttributionReport report = run(pal::CloudEnvironment::azureUSGovernment());
    for (AttributedProduct p :
         {AttributedProduct::PowerApps, AttributedProduct::PowerAutomate, AttributedProduct::PowerBI}) {
        EXPECT_EQ(product(report, p).state, ProductAttribution::State::NotAvailable);
        EXPECT_TRUE(product(report, p).message.contains(QLatin1String("Not available in this cloud")));
    }
    EXPECT_TRUE(m_network.requests.isEmpty());
}

TEST_F(AttributionCheckTest, ACustomCloudsAudiencesAndHostsAreUsed)
{
    const auto cloud = pal::CloudEnvironment::fromJson(
        QJsonDocument::fromJson(
            R"({"name":"Lab","loginEndpoint":"https://login.lab","resourceManagerEndpoint":"https://arm.lab",
            "powerPlatformEndpoints":{"powerBi":"https://api.powerbi.com"},
            "powerPlatformAudiences":{"powerBi":"https://pbi.lab/api"}})")
            .object());
    ASSERT_TRUE(cloud);
    const pal::AttributionReport report = run(cloud.value());
    EXPECT_EQ(product(report, AttributedProduct::PowerApps).state, ProductAttribution::State::NotAvailable);
    EXPECT_EQ(product(report, AttributedProduct::PowerBI).state, ProductAttribution::State::Checked);
    EXPECT_TRUE(m_tokens.scopes().contains(QStringLiteral("https://pbi.lab/api/.default")));
}

TEST_F(AttributionCheckTest, CancellingEndsTheRunOnceWithCancelled)
{
    m_overrides[QStringLiteral("/v1.0/myorg/groups")] = [](const SentRequest &) {
        FakeAnswer a;
        a.hang = true;
        return a;
    };
    pal::AttributionCheck check(&m_network, &m_tokens, pal::CloudEnvironment::azureCloud(), m_policy);
    pal::CallHandle handle;
    auto r = pal::test::await<pal::AttributionReport>([&](auto done) {
        handle = check.run(Tenant, QString(), identity(), &m_context, done);
        QTimer::singleShot(50, &m_context, [handle] { handle.cancel(); });
    });
    ASSERT_TRUE(r.has_value());
    ASSERT_FALSE(*r);
    EXPECT_EQ(r->error().kind, AzureError::Kind::Cancelled);
    EXPECT_FALSE(handle.isRunning());
}
