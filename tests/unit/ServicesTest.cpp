// AppConfig (settings.json) and FleetVerifier (bounded concurrency, one result per directory,
// cancellation, CSV/JSON reports), against a scripted network.
#include "AppConfig.h"
#include "ArmPipeline.h"
#include "Await.h"
#include "FakeNetwork.h"
#include "FakeTokens.h"
#include "FleetVerifier.h"
#include "ManagementPartnerClient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <gtest/gtest.h>

using namespace std::chrono_literals;
using pal::AppConfig;
using pal::AzureError;
using pal::CloudEnvironment;
using pal::DirectoryVerification;
using pal::FleetVerifier;

namespace {

QByteArray readFile(const QString &path)
{
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    return f.readAll();
}

void writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(data);
}

CloudEnvironment sandboxCloud(const char *name = "Sandbox")
{
    return CloudEnvironment::create(QString::fromLatin1(name), QStringLiteral("http://127.0.0.1:8400"),
                                    QStringLiteral("http://127.0.0.1:8400"))
        .value();
}

} // namespace

TEST(AppConfig, MissingFileIsAnEmptyConfig)
{
    QTemporaryDir dir;
    AppConfig config(dir.path());
    ASSERT_TRUE(config.load());
    EXPECT_EQ(config.currentCloudName(), QStringLiteral("AzureCloud"));
    EXPECT_EQ(config.currentCloud().name, QStringLiteral("AzureCloud"));
    EXPECT_EQ(config.clouds().size(), 3);
    EXPECT_TRUE(config.clientId().isEmpty());
    EXPECT_TRUE(config.currentAccountId().isEmpty());
}

TEST(AppConfig, SaveAndLoadRoundTripAtomically)
{
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("nested/paldesk"));
    {
        AppConfig config(folder);
        ASSERT_TRUE(config.registerCloud(sandboxCloud()));
        ASSERT_TRUE(config.setCurrentCloud(QStringLiteral("sandbox")));
        config.setClientId(QStringLiteral(" 04b07795-8ddb-461a-bbee-02f9e1bf7b46 "));
        config.setCurrentAccountId(QStringLiteral("uid.utid"));
        config.setCurrentDirectory(QStringLiteral("uid.utid"), QStringLiteral("a70a1586-9c4a-4373-b907-1d310660dbd1"));
        ASSERT_TRUE(config.save());
    }
    EXPECT_TRUE(QFile::exists(folder + QStringLiteral("/settings.json")));
    EXPECT_EQ(QDir(folder).entryList(QDir::Files), QStringList{QStringLiteral("settings.json")}); // no temp left
    AppConfig loaded(folder);
    ASSERT_TRUE(loaded.load());
    EXPECT_EQ(loaded.currentCloudName(), QStringLiteral("Sandbox"));
    EXPECT_EQ(loaded.currentCloud().resourceManagerEndpoint, QUrl(QStringLiteral("http://127.0.0.1:8400")));
    EXPECT_EQ(loaded.clouds().size(), 4);
    EXPECT_EQ(loaded.clientId(), QStringLiteral("04b07795-8ddb-461a-bbee-02f9e1bf7b46"));
    EXPECT_EQ(loaded.currentAccountId(), QStringLiteral("uid.utid"));
    EXPECT_EQ(loaded.currentDirectory(QStringLiteral("uid.utid")),
              QStringLiteral("a70a1586-9c4a-4373-b907-1d310660dbd1"));
    loaded.forgetAccount(QStringLiteral("uid.utid"));
    EXPECT_TRUE(loaded.currentAccountId().isEmpty());
    EXPECT_TRUE(loaded.currentDirectory(QStringLiteral("uid.utid")).isEmpty());
}

TEST(AppConfig, KeepsSettingsItDoesNotKnowAndNeverASecret)
{
    QTemporaryDir dir;
    writeFile(dir.filePath(QStringLiteral("settings.json")), R"({"cloud":"AzureCloud","theme":"dark"})");
    AppConfig config(dir.path());
    ASSERT_TRUE(config.load());
    config.setCurrentAccountId(QStringLiteral("someone"));
    ASSERT_TRUE(config.save());
    const QJsonObject saved = QJsonDocument::fromJson(readFile(dir.filePath(QStringLiteral("settings.json")))).object();
    EXPECT_EQ(saved.value(QStringLiteral("theme")).toString(), QStringLiteral("dark"));
    EXPECT_EQ(saved.value(QStringLiteral("currentAccount")).toString(), QStringLiteral("someone"));
    const QByteArray text = readFile(dir.filePath(QStringLiteral("settings.json"))).toLower();
    EXPECT_FALSE(text.contains("token"));
    EXPECT_FALSE(text.contains("secret"));
}

TEST(AppConfig, CloudRegistrationRules)
{
    QTemporaryDir dir;
    AppConfig config(dir.path());
    auto shadow = sandboxCloud("AzureCloud");
    auto r = config.registerCloud(shadow);
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("built-in")));
    ASSERT_TRUE(config.registerCloud(sandboxCloud()));
    ASSERT_TRUE(config.registerCloud(sandboxCloud())); // again: updated, not duplicated
    EXPECT_EQ(config.clouds().size(), 4);
    r = config.unregisterCloud(QStringLiteral("AzureChinaCloud"));
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("cannot be removed")));
    r = config.unregisterCloud(QStringLiteral("Nowhere"));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, AzureError::Kind::InvalidInput);
    r = config.setCurrentCloud(QStringLiteral("Nowhere"));
    ASSERT_FALSE(r);
    ASSERT_TRUE(config.setCurrentCloud(QStringLiteral("Sandbox")));
    ASSERT_TRUE(config.unregisterCloud(QStringLiteral("Sandbox")));
    EXPECT_EQ(config.currentCloudName(), QStringLiteral("AzureCloud")); // back to the default
}

TEST(AppConfig, MalformedFileNamesFileLineColumnAndProblem)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("settings.json"));
    writeFile(path, "{\n  \"cloud\": \"AzureCloud\",\n  \"clientId\": ,\n}\n");
    AppConfig config(dir.path());
    auto r = config.load();
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().message.startsWith(path + QStringLiteral(": line 3, column 15: ")))
        << qPrintable(r.error().message);

    writeFile(
        path,
        R"({"customClouds":[{"name":"X","loginEndpoint":"http://example.com","resourceManagerEndpoint":"https://a"}]})");
    r = config.load();
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("customClouds\" entry 1"))) << qPrintable(r.error().message);
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("not loopback")));

    writeFile(path, R"({"cloud":42})");
    r = config.load();
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("\"cloud\" must be a string")));

    writeFile(path, R"({"cloud":"Atlantis"})");
    r = config.load();
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("Atlantis")));

    writeFile(path, "[]");
    r = config.load();
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("expected a JSON object")));
}

TEST(AppConfig, DefaultDirectoryHonoursTheEnvironment)
{
    const QByteArray before = qgetenv("PALDESK_CONFIG_DIR");
    qputenv("PALDESK_CONFIG_DIR", "/tmp/pal-config-test");
    EXPECT_EQ(AppConfig::defaultDirectory(), QStringLiteral("/tmp/pal-config-test"));
    qunsetenv("PALDESK_CONFIG_DIR");
    EXPECT_TRUE(AppConfig::defaultDirectory().endsWith(QStringLiteral("/paldesk")));
    if (!before.isEmpty())
        qputenv("PALDESK_CONFIG_DIR", before);
}

namespace {

QString tenant(int i)
{
    return QStringLiteral("00000000-0000-4000-8000-%1").arg(i, 12, 10, QLatin1Char('0'));
}

QList<pal::Directory> directories(int n)
{
    QList<pal::Directory> list;
    for (int i = 0; i < n; ++i) {
        pal::Directory d;
        d.tenantId = tenant(i);
        d.displayName = QStringLiteral("Customer %1").arg(i);
        d.defaultDomain = QStringLiteral("customer%1.onmicrosoft.com").arg(i);
        list.append(d);
    }
    return list;
}

QByteArray linkBody(const QString &tenantId, const char *partnerId)
{
    return QStringLiteral(
               R"({"id":"/providers/microsoft.managementpartner/partners/%2","type":"Microsoft.ManagementPartner/partners","name":"%2","etag":1,"properties":{"partnerId":"%2","partnerName":"Contoso Partner","tenantId":"%1","objectId":"11111111-1111-4111-8111-111111111111","version":1,"createdTime":"2026-01-01T00:00:00.1234567Z","updatedTime":"2026-01-01T00:00:00.1234567Z","state":"Active"}})")
        .arg(tenantId, QLatin1String(partnerId))
        .toUtf8();
}

class FleetVerifierTest : public ::testing::Test
{
protected:
    FleetVerifierTest()
    {
        m_tokens.tokenNamesTenant = true;
        pal::RetryPolicy policy = pal::RetryPolicy::none();
        m_pipeline = std::make_unique<pal::ArmPipeline>(&m_network, &m_tokens, CloudEnvironment::azureCloud(), policy);
        m_client = std::make_unique<pal::ManagementPartnerClient>(m_pipeline.get());
        // Directory i: i%4 == 0 linked to 1234567, 1 not linked, 2 forbidden, 3 linked to another ID.
        m_network.responder = [this](const paltest::SentRequest &s) {
            const QByteArray auth = s.request.rawHeader("Authorization");
            const QString t = QString::fromLatin1(auth.mid(auth.indexOf('@') + 1));
            const int i = t.right(12).toInt();
            if (s.url.path().endsWith(QLatin1Char('/'))) { // the first request for a directory
                ++m_inFlightNow;
                m_maxInFlight = std::max(m_maxInFlight, m_inFlightNow);
            }
            paltest::FakeAnswer a;
            a.hang = m_hang;
            switch (i % 4) {
            case 0:
                a.body = linkBody(t, "1234567");
                break;
            case 1:
                a.status = 404;
                a.body = R"({"error":{"code":"NotFound","message":"No partner link"}})";
                break;
            case 2:
                a.status = 403;
                a.body = R"({"error":{"code":"AuthorizationFailed","message":"No access, \"really\", none"}})";
                a.headers = {{"x-ms-request-id", "req-403"}};
                break;
            default:
                a.body = linkBody(t, "7654321");
            }
            return a;
        };
    }

    void runToEnd(FleetVerifier &verifier, const QList<pal::Directory> &dirs)
    {
        QObject::connect(&verifier, &FleetVerifier::directoryVerified, &verifier,
                         [this](const DirectoryVerification &) { --m_inFlightNow; });
        QSignalSpy finished(&verifier, &FleetVerifier::finished);
        verifier.start(dirs);
        ASSERT_TRUE(finished.wait(10000));
        EXPECT_EQ(finished.size(), 1);
    }

    paltest::FakeNetwork m_network;
    paltest::FakeTokens m_tokens;
    std::unique_ptr<pal::ArmPipeline> m_pipeline;
    std::unique_ptr<pal::ManagementPartnerClient> m_client;
    int m_inFlightNow = 0;
    int m_maxInFlight = 0;
    bool m_hang = false;
};

} // namespace

TEST_F(FleetVerifierTest, EveryDirectoryGetsExactlyOneResultInInputOrder)
{
    FleetVerifier verifier(m_client.get());
    verifier.setConcurrency(3);
    verifier.setExpectedPartnerId(QStringLiteral("1234567"));
    QSignalSpy progress(&verifier, &FleetVerifier::progress);
    const auto dirs = directories(20);
    runToEnd(verifier, dirs);
    const auto &results = verifier.results();
    ASSERT_EQ(results.size(), 20);
    for (int i = 0; i < 20; ++i) {
        const DirectoryVerification &r = results[i];
        EXPECT_EQ(r.directory.tenantId, tenant(i));
        switch (i % 4) {
        case 0:
            EXPECT_EQ(r.outcome, DirectoryVerification::Outcome::Linked);
            EXPECT_TRUE(r.matchesExpected());
            EXPECT_EQ(r.link->tenantId, tenant(i));
            break;
        case 1:
            EXPECT_EQ(r.outcome, DirectoryVerification::Outcome::NotLinked);
            EXPECT_EQ(r.outcomeName(), QStringLiteral("not linked"));
            EXPECT_FALSE(r.error);
            break;
        case 2:
            EXPECT_EQ(r.outcome, DirectoryVerification::Outcome::Failed);
            EXPECT_EQ(r.error->kind, AzureError::Kind::Forbidden);
            break;
        default:
            EXPECT_EQ(r.outcome, DirectoryVerification::Outcome::Linked);
            EXPECT_FALSE(r.matchesExpected()); // linked, but to another partner ID
        }
        EXPECT_TRUE(r.checkedAt.isValid());
    }
    EXPECT_EQ(m_maxInFlight, 3);
    ASSERT_EQ(progress.size(), 20);
    EXPECT_EQ(progress.last().at(0).toInt(), 20);
    EXPECT_EQ(progress.last().at(1).toInt(), 20);
    EXPECT_FALSE(verifier.isRunning());
}

TEST_F(FleetVerifierTest, ConcurrencyIsClamped)
{
    FleetVerifier verifier(m_client.get());
    verifier.setConcurrency(1000);
    runToEnd(verifier, directories(80));
    EXPECT_EQ(m_maxInFlight, 64);
    EXPECT_EQ(verifier.results().size(), 80);
}

TEST_F(FleetVerifierTest, EmptyListFinishesAtOnce)
{
    FleetVerifier verifier(m_client.get());
    runToEnd(verifier, {});
    EXPECT_TRUE(verifier.results().isEmpty());
}

TEST_F(FleetVerifierTest, CancelEndsEveryDirectoryAsCancelled)
{
    m_hang = true;
    FleetVerifier verifier(m_client.get());
    verifier.setConcurrency(2);
    QSignalSpy finished(&verifier, &FleetVerifier::finished);
    verifier.start(directories(5));
    ASSERT_TRUE(paltest::waitUntil([this] { return m_network.sent.size() == 2; }));
    EXPECT_TRUE(verifier.isRunning());
    verifier.cancel();
    ASSERT_TRUE(finished.size() == 1 || finished.wait(2000));
    ASSERT_EQ(verifier.results().size(), 5);
    for (const auto &r : verifier.results()) {
        EXPECT_EQ(r.outcome, DirectoryVerification::Outcome::Failed);
        EXPECT_EQ(r.error->kind, AzureError::Kind::Cancelled);
    }
    EXPECT_EQ(m_network.sent.size(), 2); // nothing else was started
    for (const auto &aborted : m_network.aborted)
        EXPECT_TRUE(*aborted);
    EXPECT_FALSE(verifier.isRunning());
    QEventLoop settle;
    QTimer::singleShot(30, &settle, &QEventLoop::quit);
    settle.exec();
    EXPECT_EQ(finished.size(), 1);
}

TEST_F(FleetVerifierTest, InteractionRequiredIsAFailureNamingTheDirectory)
{
    m_tokens.error =
        AzureError::make(AzureError::Kind::InteractionRequired, QStringLiteral("MFA"), QStringLiteral("AADSTS50076"));
    FleetVerifier verifier(m_client.get());
    runToEnd(verifier, directories(2));
    ASSERT_EQ(verifier.results().size(), 2);
    EXPECT_EQ(verifier.results()[1].error->kind, AzureError::Kind::InteractionRequired);
    EXPECT_EQ(verifier.results()[1].error->tenantId, tenant(1));
    EXPECT_TRUE(m_network.sent.isEmpty());
}

TEST_F(FleetVerifierTest, CsvReportIsRfc4180)
{
    FleetVerifier verifier(m_client.get());
    verifier.setExpectedPartnerId(QStringLiteral("1234567"));
    auto dirs = directories(4);
    dirs[1].displayName = QStringLiteral("=HYPERLINK(\"http://evil\")");
    runToEnd(verifier, dirs);
    const QString csv = QString::fromUtf8(FleetVerifier::toCsv(verifier.results()));
    const QStringList lines = csv.split(QStringLiteral("\r\n"));
    ASSERT_EQ(lines.size(), 6); // header, 4 rows, empty after the last CRLF
    EXPECT_TRUE(lines[0].startsWith(QStringLiteral("tenantId,directory,defaultDomain,outcome,partnerId,partnerName")));
    EXPECT_TRUE(lines[1].startsWith(tenant(0) + QStringLiteral(",Customer 0,customer0.onmicrosoft.com,linked,1234567,"
                                                               "Contoso Partner,1234567,yes,Active,")))
        << qPrintable(lines[1]);
    EXPECT_TRUE(lines[2].contains(QStringLiteral(",\"'=HYPERLINK(\"\"http://evil\"\")\","))) << qPrintable(lines[2]);
    EXPECT_TRUE(lines[2].contains(QStringLiteral(",not linked,"))) << qPrintable(lines[2]);
    EXPECT_TRUE(lines[3].contains(QStringLiteral(",error,"))) << qPrintable(lines[3]);
    EXPECT_TRUE(lines[3].contains(
        QStringLiteral(",forbidden,403,AuthorizationFailed,\"No access, \"\"really\"\", none\",req-403,")))
        << qPrintable(lines[3]);
    EXPECT_TRUE(lines[4].contains(QStringLiteral(",linked,7654321,Contoso Partner,1234567,no,")))
        << qPrintable(lines[4]);
    EXPECT_TRUE(lines[5].isEmpty());
}

TEST_F(FleetVerifierTest, JsonReportHasOneObjectPerDirectory)
{
    FleetVerifier verifier(m_client.get());
    verifier.setExpectedPartnerId(QStringLiteral("1234567"));
    runToEnd(verifier, directories(4));
    const QJsonArray report = QJsonDocument::fromJson(FleetVerifier::toJson(verifier.results())).array();
    ASSERT_EQ(report.size(), 4);
    const QJsonObject linked = report[0].toObject();
    EXPECT_EQ(linked.value(QStringLiteral("outcome")).toString(), QStringLiteral("linked"));
    EXPECT_EQ(linked.value(QStringLiteral("link")).toObject().value(QStringLiteral("partnerId")).toString(),
              QStringLiteral("1234567"));
    EXPECT_TRUE(linked.value(QStringLiteral("matchesExpected")).toBool());
    EXPECT_TRUE(linked.value(QStringLiteral("error")).isNull());
    EXPECT_TRUE(linked.value(QStringLiteral("checkedAt")).toString().endsWith(QLatin1Char('Z')));
    const QJsonObject notLinked = report[1].toObject();
    EXPECT_EQ(notLinked.value(QStringLiteral("outcome")).toString(), QStringLiteral("not linked"));
    EXPECT_TRUE(notLinked.value(QStringLiteral("link")).isNull());
    const QJsonObject failed = report[2].toObject();
    EXPECT_EQ(failed.value(QStringLiteral("outcome")).toString(), QStringLiteral("error"));
    const QJsonObject error = failed.value(QStringLiteral("error")).toObject();
    EXPECT_EQ(error.value(QStringLiteral("kind")).toString(), QStringLiteral("forbidden"));
    EXPECT_EQ(error.value(QStringLiteral("httpStatus")).toInt(), 403);
    EXPECT_EQ(error.value(QStringLiteral("requestId")).toString(), QStringLiteral("req-403"));
    EXPECT_FALSE(report[3].toObject().value(QStringLiteral("matchesExpected")).toBool());
}
