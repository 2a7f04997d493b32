// FleetRun (bounded concurrency, one result per directory, batches, counts, cancellation) and its
// reports (CSV that no spreadsheet runs as formulas, JSON), against a scripted network.
#include "FleetRun.h"
#include "ArmPipeline.h"
#include "CsvCell.h"
#include "FakeNetwork.h"
#include "FakeTokens.h"
#include "FleetReport.h"
#include "FleetVerifier.h"
#include "LinkCheck.h"
#include "ManagementPartnerClient.h"
#include "TestFiles.h"
#include "Wait.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <gtest/gtest.h>

using namespace std::chrono_literals;
using pal::AzureError;
using pal::CsvCell;
using pal::FleetReport;
using pal::FleetResult;
using pal::FleetRun;
using Kind = pal::LinkState::Kind;

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

class FleetRunTest : public ::testing::Test
{
protected:
    FleetRunTest()
    {
        m_tokens.tokenNamesTenant = true;
        m_pipeline = std::make_unique<pal::ArmPipeline>(&m_network, &m_tokens, pal::CloudEnvironment::azureCloud(),
                                                        pal::RetryPolicy::none());
        m_client = std::make_unique<pal::ManagementPartnerClient>(m_pipeline.get());
        // Directory i: i%4 == 0 linked to 1234567, 1 not linked, 2 forbidden, 3 linked to another ID.
        m_network.handler = [this](const pal::test::RecordedRequest &s) {
            const QByteArray auth = s.request.rawHeader("Authorization");
            const QString t = QString::fromLatin1(auth.mid(auth.indexOf('@') + 1));
            const int i = t.right(12).toInt();
            if (s.url.path().endsWith(QLatin1Char('/'))) { // the first request for a directory
                ++m_inFlightNow;
                m_maxInFlight = std::max(m_maxInFlight, m_inFlightNow);
            }
            pal::test::FakeResponse a;
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

    QList<pal::FleetTarget> targets(int n, const QString &expected = {})
    {
        return FleetRun::targets(m_client.get(), directories(n), expected);
    }

    // Runs to the end; returns the batches resultsArrived() handed on.
    QList<QList<FleetResult>> runToEnd(FleetRun &run, const QList<pal::FleetTarget> &list)
    {
        QList<QList<FleetResult>> batches;
        const auto collect = QObject::connect(&run, &FleetRun::resultsArrived, &run,
                                              [&batches](const QList<FleetResult> &batch) { batches << batch; });
        // In flight ends when the verifier has the answer (before FleetRun batches it).
        const auto count = QObject::connect(run.findChild<pal::FleetVerifier *>(), &pal::FleetVerifier::verified, &run,
                                            [this](const FleetResult &) { --m_inFlightNow; });
        QSignalSpy finished(&run, &FleetRun::finished);
        run.start(list);
        EXPECT_TRUE(finished.wait(10000));
        EXPECT_EQ(finished.size(), 1);
        QObject::disconnect(collect);
        QObject::disconnect(count);
        return batches;
    }

    pal::test::FakeNetwork m_network;
    pal::test::FakeTokens m_tokens;
    std::unique_ptr<pal::ArmPipeline> m_pipeline;
    std::unique_ptr<pal::ManagementPartnerClient> m_client;
    int m_inFlightNow = 0;
    int m_maxInFlight = 0;
    bool m_hang = false;
};

} // namespace

TEST_F(FleetRunTest, EveryDirectoryGetsExactlyOneResultInInputOrderAndTheCountsAddUp)
{
    FleetRun run;
    run.setConcurrency(3);
    QSignalSpy progress(&run, &FleetRun::progress);
    QSignalSpy finished(&run, &FleetRun::finished);
    const auto batches = runToEnd(run, targets(20, QStringLiteral("1234567")));
    const auto &results = run.results();
    ASSERT_EQ(results.size(), 20);
    for (int i = 0; i < 20; ++i) {
        const FleetResult &r = results[i];
        EXPECT_EQ(r.directory.tenantId, tenant(i));
        switch (i % 4) {
        case 0:
            EXPECT_EQ(r.state.kind, Kind::Linked);
            EXPECT_TRUE(r.state.matchesExpected());
            EXPECT_EQ(r.state.link->tenantId, tenant(i));
            break;
        case 1:
            EXPECT_EQ(r.state.kind, Kind::NotLinked);
            EXPECT_EQ(r.state.name(), QStringLiteral("not linked"));
            EXPECT_FALSE(r.state.error);
            break;
        case 2:
            EXPECT_EQ(r.state.kind, Kind::Failed);
            EXPECT_EQ(r.state.error->kind, AzureError::Kind::Forbidden);
            break;
        default:
            EXPECT_EQ(r.state.kind, Kind::LinkedToOther);
            EXPECT_EQ(r.state.partnerId(), QStringLiteral("7654321"));
        }
        EXPECT_TRUE(r.state.checkedAt.isValid());
    }
    EXPECT_EQ(m_maxInFlight, 3);
    int delivered = 0;
    for (const auto &batch : batches)
        delivered += int(batch.size());
    EXPECT_EQ(delivered, 20) << "every result handed on once";
    ASSERT_FALSE(progress.isEmpty());
    EXPECT_EQ(progress.last().at(0).toInt(), 20);
    EXPECT_EQ(progress.last().at(1).toInt(), 20);

    const pal::FleetSummary s = finished.first().first().value<pal::FleetSummary>();
    EXPECT_EQ(s.total, 20);
    EXPECT_EQ(s.done, 20);
    EXPECT_EQ(s.linked, 5);
    EXPECT_EQ(s.linkedToOther, 5);
    EXPECT_EQ(s.notLinked, 5);
    EXPECT_EQ(s.failed, 5);
    EXPECT_EQ(s.signInNeeded + s.cancelled, 0);
    EXPECT_EQ(s.missing(), 10);
    EXPECT_TRUE(s.isComplete());
    EXPECT_FALSE(run.isRunning());
}

TEST_F(FleetRunTest, AnswersWithinOneBatchIntervalArriveAsOneBatch)
{
    FleetRun run;
    run.setConcurrency(8);
    run.setBatchInterval(1h); // never fires during the run: everything is handed on at the end, at once
    const auto batches = runToEnd(run, targets(40));
    ASSERT_EQ(batches.size(), 1);
    EXPECT_EQ(batches.first().size(), 40);
}

TEST_F(FleetRunTest, ConcurrencyIsClamped)
{
    FleetRun run;
    run.setConcurrency(1000);
    runToEnd(run, targets(80));
    EXPECT_EQ(m_maxInFlight, pal::FleetVerifier::MaxConcurrency);
    EXPECT_EQ(run.results().size(), 80);
}

TEST_F(FleetRunTest, EmptyListFinishesAtOnce)
{
    FleetRun run;
    const auto batches = runToEnd(run, {});
    EXPECT_TRUE(run.results().isEmpty());
    EXPECT_TRUE(batches.isEmpty());
    EXPECT_EQ(run.summary().total, 0);
}

TEST_F(FleetRunTest, ARunCanBeStartedAgainAndCountsAfresh)
{
    FleetRun run;
    runToEnd(run, targets(4));
    EXPECT_EQ(run.summary().done, 4);
    QSignalSpy finished(&run, &FleetRun::finished);
    run.start(targets(2));
    ASSERT_TRUE(finished.wait(10000));
    EXPECT_EQ(run.summary().total, 2);
    EXPECT_EQ(run.summary().done, 2);
    EXPECT_EQ(run.results().size(), 2);
}

TEST_F(FleetRunTest, CancelEndsEveryDirectoryAsCancelled)
{
    m_hang = true;
    FleetRun run;
    run.setConcurrency(2);
    QSignalSpy finished(&run, &FleetRun::finished);
    run.start(targets(5));
    ASSERT_TRUE(pal::test::waitUntil([this] { return m_network.requests.size() == 2; }));
    EXPECT_TRUE(run.isRunning());
    run.cancel();
    ASSERT_TRUE(finished.size() == 1 || finished.wait(2000));
    ASSERT_EQ(run.results().size(), 5);
    for (const auto &r : run.results()) {
        EXPECT_EQ(r.state.kind, Kind::Failed);
        EXPECT_EQ(r.state.error->kind, AzureError::Kind::Cancelled);
    }
    EXPECT_EQ(run.summary().cancelled, 5);
    EXPECT_EQ(run.summary().failed, 0);
    EXPECT_EQ(m_network.requests.size(), 2); // nothing else was started
    for (const auto &aborted : m_network.aborted)
        EXPECT_TRUE(*aborted);
    EXPECT_FALSE(run.isRunning());
    EXPECT_EQ(finished.size(), 1);
}

TEST_F(FleetRunTest, TheNextDirectoriesTokensAreFetchedWhileTheFirstWaitOnArm)
{
    m_hang = true; // ARM never answers: only the first window is ever sent
    FleetRun run;
    run.setConcurrency(3);
    run.start(targets(10));
    ASSERT_TRUE(pal::test::waitUntil([this] { return m_network.requests.size() == 3; }));
    // The three in flight and the next three have their tokens; nothing beyond is asked for yet.
    QStringList asked;
    for (const pal::TokenRequest &r : m_tokens.requests)
        if (!asked.contains(r.tenantId))
            asked << r.tenantId;
    asked.sort();
    EXPECT_EQ(asked, (QStringList{tenant(0), tenant(1), tenant(2), tenant(3), tenant(4), tenant(5)}));
    EXPECT_EQ(m_network.requests.size(), 3) << "a token ahead sends nothing to ARM";
    run.cancel();
}

TEST_F(FleetRunTest, InteractionRequiredIsSignInNeededNamingTheDirectory)
{
    m_tokens.error =
        AzureError::make(AzureError::Kind::InteractionRequired, QStringLiteral("MFA"), QStringLiteral("AADSTS50076"));
    FleetRun run;
    runToEnd(run, targets(2));
    ASSERT_EQ(run.results().size(), 2);
    const pal::LinkState &s = run.results()[1].state;
    EXPECT_TRUE(s.needsSignIn());
    EXPECT_EQ(s.name(), QStringLiteral("sign-in needed"));
    EXPECT_EQ(s.error->tenantId, tenant(1));
    EXPECT_EQ(run.summary().signInNeeded, 2);
    EXPECT_TRUE(m_network.requests.isEmpty());
}

TEST_F(FleetRunTest, CsvReportIsRfc4180)
{
    FleetRun run;
    auto list = targets(4, QStringLiteral("1234567"));
    list[1].directory.displayName = QStringLiteral("=HYPERLINK(\"http://evil\")");
    runToEnd(run, list);
    const QString csv = QString::fromUtf8(FleetReport::csv(run.results()));
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

TEST(FleetReportCsv, NoCellRunsAsAFormulaInAnyLocale)
{
    // OWASP: a leading = + - @ tab or CR makes a formula; quote it and keep it text with a '.
    EXPECT_EQ(CsvCell::write(QStringLiteral("=1+1")), QStringLiteral("\"'=1+1\""));
    EXPECT_EQ(CsvCell::write(QStringLiteral("+1")), QStringLiteral("\"'+1\""));
    EXPECT_EQ(CsvCell::write(QStringLiteral("-2+3")), QStringLiteral("\"'-2+3\""));
    EXPECT_EQ(CsvCell::write(QStringLiteral("@SUM(A1)")), QStringLiteral("\"'@SUM(A1)\""));
    // (Changed by issue 17: a tab reader sees "=cmd" after the tab, so that part is neutralised too.)
    EXPECT_EQ(CsvCell::write(QStringLiteral("\t=cmd")), QStringLiteral("\"'\t'=cmd\""));
    EXPECT_EQ(CsvCell::write(QStringLiteral("\r=cmd")), QStringLiteral("\"'\r=cmd\""));
    // Any locale's separator inside a cell is quoted; a ";" reader ignores those quotes (they do not
    // open its own field), so the part after ";" is neutralised as well (changed by issue 17).
    EXPECT_EQ(CsvCell::write(QStringLiteral("Fabrikam;=cmd")), QStringLiteral("\"Fabrikam;'=cmd\""));
    EXPECT_EQ(CsvCell::write(QStringLiteral("a,b")), QStringLiteral("\"a,b\""));
    EXPECT_EQ(CsvCell::write(QStringLiteral("a\tb")), QStringLiteral("\"a\tb\""));
    EXPECT_EQ(CsvCell::write(QStringLiteral("say \"hi\"")), QStringLiteral("\"say \"\"hi\"\"\""));
    EXPECT_EQ(CsvCell::write(QStringLiteral("two\nlines")), QStringLiteral("\"two\nlines\""));
    // Plain text (and a formula character later in the text) stays as it is.
    EXPECT_EQ(CsvCell::write(QStringLiteral("Contoso Ltd")), QStringLiteral("Contoso Ltd"));
    EXPECT_EQ(CsvCell::write(QStringLiteral("a=b")), QStringLiteral("a=b"));
    EXPECT_EQ(CsvCell::write({}), QString());
}

// Issue 17: a spreadsheet in a ";" locale (or a paste split on tabs) runs every part after a
// separator that starts a formula, quoted or not.
TEST(FleetReportCsv, NoPartAfterAnySeparatorRunsAsAFormula)
{
    const QStringList hostile{QStringLiteral("Northwind;=1+1;@SUM(A1:A9)"), QStringLiteral("a,+1\t-2;\t=cmd"),
                              QStringLiteral("ok;'=still text"), QStringLiteral("line\n@one")};
    for (const QString &text : hostile) {
        const QString cell = CsvCell::write(text);
        EXPECT_TRUE(pal::test::formulaParts(cell.toUtf8()).isEmpty())
            << qPrintable(cell) << ": " << qPrintable(pal::test::formulaParts(cell.toUtf8()).join(QLatin1Char('|')));
        QString unquoted = cell.mid(1, cell.size() - 2);
        unquoted.replace(QStringLiteral("\"\""), QStringLiteral("\""));
        EXPECT_EQ(CsvCell::read(unquoted), text) << "read back as it was written";
    }
    EXPECT_EQ(CsvCell::write(QStringLiteral("Northwind;=1+1;@SUM(A1:A9)")),
              QStringLiteral("\"Northwind;'=1+1;'@SUM(A1:A9)\""));
    EXPECT_EQ(CsvCell::read(QStringLiteral("'=1")), QStringLiteral("=1"));
    EXPECT_EQ(CsvCell::read(QStringLiteral("it's;fine")), QStringLiteral("it's;fine"));

    pal::FleetResult r;
    r.directory.tenantId = tenant(1);
    r.directory.displayName = hostile.first();
    r.notes = hostile.at(1);
    r.state = pal::LinkState::notLinked(QDateTime::currentDateTimeUtc());
    const QByteArray csv = FleetReport::csv({r});
    EXPECT_TRUE(pal::test::formulaParts(csv).isEmpty())
        << csv.constData() << "\n"
        << qPrintable(pal::test::formulaParts(csv).join(QLatin1Char('|')));
}

// Issue 17: a report lists tenants, object ids and user names: 0600 (the umask would give 0644).
TEST(FleetReportFile, IsWrittenForItsOwnerOnly)
{
    QTemporaryDir dir;
    for (const char *name : {"report.csv", "report.json"}) {
        const QString path = dir.filePath(QString::fromLatin1(name));
        ASSERT_TRUE(FleetReport::write(path, {}));
        EXPECT_EQ(pal::test::modeOf(path), 0600) << name;
    }
}

TEST_F(FleetRunTest, JsonReportHasOneObjectPerDirectory)
{
    FleetRun run;
    runToEnd(run, targets(4, QStringLiteral("1234567")));
    const QJsonArray report = QJsonDocument::fromJson(FleetReport::json(run.results())).array();
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

TEST_F(FleetRunTest, WriteReportPicksTheFormatByItsSuffixAndSaysWhyItCannot)
{
    FleetRun run;
    runToEnd(run, targets(3));
    QTemporaryDir dir;
    const QString csv = dir.filePath(QStringLiteral("links.CSV"));
    ASSERT_TRUE(run.writeReport(csv));
    QFile csvFile(csv);
    ASSERT_TRUE(csvFile.open(QIODevice::ReadOnly));
    EXPECT_TRUE(csvFile.readAll().startsWith("tenantId,"));
    const QString json = dir.filePath(QStringLiteral("links.json"));
    ASSERT_TRUE(run.writeReport(json));
    QFile jsonFile(json);
    ASSERT_TRUE(jsonFile.open(QIODevice::ReadOnly));
    EXPECT_EQ(QJsonDocument::fromJson(jsonFile.readAll()).array().size(), 3);

    const auto txt = run.writeReport(dir.filePath(QStringLiteral("links.txt")));
    ASSERT_FALSE(txt);
    EXPECT_EQ(txt.error().kind, AzureError::Kind::InvalidInput);
    EXPECT_FALSE(QFile::exists(dir.filePath(QStringLiteral("links.txt"))));
    const auto nowhere = run.writeReport(QStringLiteral("/nonexistent-folder/links.csv"));
    ASSERT_FALSE(nowhere);
    EXPECT_TRUE(nowhere.error().message.contains(QStringLiteral("/nonexistent-folder/links.csv")));
}

namespace {

// A check after the link's: answers with the tenant it was asked about, or fails for every fourth.
struct TenantFinding final : pal::CheckFinding
{
    QString tenantId;
    QString stateName() const override { return QStringLiteral("seen"); }
    QJsonObject toJson() const override { return QJsonObject{{QStringLiteral("tenantId"), tenantId}}; }
};

class TenantCheck final : public pal::DirectoryCheck
{
public:
    QString name() const override { return QStringLiteral("tenant"); }
    QString description() const override { return QStringLiteral("Says which tenant it was asked about."); }
    pal::CallHandle run(const pal::CheckSubject &subject, pal::AccountServices *services, QObject *,
                        pal::Completion<pal::CheckResult> done) override
    {
        asked << subject.directory.tenantId;
        if (!services) {
            done(AzureError::make(AzureError::Kind::InvalidInput, QStringLiteral("no services")));
            return {};
        }
        if (subject.directory.tenantId.endsWith(QLatin1Char('3')))
            done(pal::CheckResult::failed(name(), AzureError::make(AzureError::Kind::Server, QStringLiteral("broke"))));
        else {
            auto found = std::make_shared<TenantFinding>();
            found->tenantId = subject.directory.tenantId;
            done(pal::CheckResult::of(name(), found));
        }
        return {};
    }
    QStringList asked;
};

} // namespace

TEST_F(FleetRunTest, TheChecksSetAreAskedOfEveryRowAfterTheLinkAndTheJsonReportCarriesThem)
{
    TenantCheck check;
    pal::LinkCheck link; // asked once whatever the list says: the run's own link check
    FleetRun run;
    run.setChecks({&link, &check});
    EXPECT_EQ(run.checkNames(), (QStringList{QStringLiteral("link"), QStringLiteral("tenant")}));
    runToEnd(run, targets(4, QStringLiteral("1234567")));
    ASSERT_EQ(run.results().size(), 4);
    EXPECT_EQ(check.asked.size(), 4);
    for (const FleetResult &r : run.results()) {
        ASSERT_EQ(r.checks.size(), 2);
        EXPECT_EQ(r.checks.at(0).check, QStringLiteral("link"));
        EXPECT_EQ(r.checks.at(0).as<pal::LinkFinding>()->state.kind, r.state.kind);
        EXPECT_EQ(r.checks.at(1).check, QStringLiteral("tenant"));
    }
    EXPECT_EQ(run.results().at(0).checks.at(1).as<TenantFinding>()->tenantId, tenant(0));
    EXPECT_EQ(run.results().at(3).checks.at(1).stateName(), QStringLiteral("error"));
    // The link's answer is the row's, whatever the other checks found.
    EXPECT_EQ(run.summary().linked, 1);
    EXPECT_EQ(run.summary().failed, 1);

    const QJsonArray report = QJsonDocument::fromJson(FleetReport::json(run.results())).array();
    const QJsonObject first = report[0].toObject().value(QStringLiteral("checks")).toObject();
    EXPECT_EQ(first.value(QStringLiteral("tenant")).toObject().value(QStringLiteral("state")).toString(),
              QStringLiteral("seen"));
    EXPECT_EQ(first.value(QStringLiteral("tenant")).toObject().value(QStringLiteral("tenantId")).toString(), tenant(0));
    EXPECT_FALSE(first.contains(QStringLiteral("link"))); // the link has its own fields
    const QJsonObject broken = report[3].toObject().value(QStringLiteral("checks")).toObject();
    EXPECT_EQ(broken.value(QStringLiteral("tenant"))
                  .toObject()
                  .value(QStringLiteral("error"))
                  .toObject()
                  .value(QStringLiteral("message")),
              QStringLiteral("broke"));
}

TEST_F(FleetRunTest, ALinkOnlyRunKeepsItsReportAsItWas)
{
    FleetRun run;
    runToEnd(run, targets(2));
    EXPECT_EQ(run.checkNames(), QStringList{QStringLiteral("link")});
    ASSERT_EQ(run.results().first().checks.size(), 1);
    const QJsonArray report = QJsonDocument::fromJson(FleetReport::json(run.results())).array();
    EXPECT_FALSE(report[0].toObject().contains(QStringLiteral("checks")));
}

TEST_F(FleetRunTest, ACancelledRunEndsTheOtherChecksAsCancelledToo)
{
    TenantCheck check;
    FleetRun run;
    run.setChecks({&check});
    m_hang = true;
    QSignalSpy finished(&run, &FleetRun::finished);
    run.start(targets(3));
    ASSERT_TRUE(pal::test::waitUntil([this] { return !m_network.requests.isEmpty(); }));
    run.cancel();
    ASSERT_TRUE(finished.size() == 1 || finished.wait(5000));
    ASSERT_EQ(run.results().size(), 3);
    for (const FleetResult &r : run.results()) {
        ASSERT_EQ(r.checks.size(), 2);
        EXPECT_EQ(r.checks.at(1).stateName(), QStringLiteral("cancelled"));
    }
    EXPECT_EQ(run.summary().cancelled, 3);
    EXPECT_TRUE(check.asked.isEmpty());
}
