// FleetComparison: every before/after pair of link states, what counts as worse (the exit code of
// verify-all --compare), and reports that are not reports.
#include "FleetComparison.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <gtest/gtest.h>

using pal::FleetChange;
using pal::FleetComparison;
using pal::ReportEntry;

namespace {

const QString T1 = QStringLiteral("7d3c1b2a-0f4e-4c6d-9a8b-1e2f3a4b5c6d");

ReportEntry entry(const QString &state, const QString &partnerId = {}, const QString &accountId = QStringLiteral("a"))
{
    return ReportEntry{T1,       QStringLiteral("Contoso"), accountId, QStringLiteral("admin@contoso.example"), state,
                       partnerId};
}

struct Pair
{
    ReportEntry before;
    ReportEntry after;
    bool changed;
    bool worse;
};

} // namespace

TEST(FleetComparison, EveryBeforeAfterPair)
{
    const ReportEntry linkedA = entry(QStringLiteral("linked"), QStringLiteral("1234567"));
    const ReportEntry linkedB = entry(QStringLiteral("linked"), QStringLiteral("7654321"));
    const ReportEntry notLinked = entry(QStringLiteral("not linked"));
    const ReportEntry signIn = entry(QStringLiteral("sign-in needed"));
    const ReportEntry error = entry(QStringLiteral("error"));
    const ReportEntry notSignedIn = entry(QStringLiteral("identity not signed in"));
    const ReportEntry unreachable = entry(QStringLiteral("directory not reachable"));
    const QList<ReportEntry> all{linkedA, linkedB, notLinked, signIn, error, notSignedIn, unreachable};
    for (const ReportEntry &before : all) {
        for (const ReportEntry &after : all) {
            const QList<FleetChange> changes = FleetComparison::compare({before}, {after});
            const bool same = before.linkState == after.linkState && before.partnerId == after.partnerId;
            const bool lost = before.linkState == QLatin1String("linked") &&
                              (after.linkState == QLatin1String("not linked") ||
                               (after.linkState == QLatin1String("linked") && after.partnerId != before.partnerId));
            SCOPED_TRACE(qPrintable(before.linkState + before.partnerId + QStringLiteral(" -> ") + after.linkState +
                                    after.partnerId));
            ASSERT_EQ(changes.size(), same ? 0 : 1);
            EXPECT_EQ(FleetComparison::anyWorse(changes), lost);
            if (!same) {
                ASSERT_TRUE(changes.first().before && changes.first().after);
                EXPECT_EQ(changes.first().before->linkState, before.linkState);
                EXPECT_EQ(changes.first().after->partnerId, after.partnerId);
            }
        }
    }
}

TEST(FleetComparison, DirectoriesNewOrGoneAreChangesNeverWorse)
{
    const ReportEntry linked = entry(QStringLiteral("linked"), QStringLiteral("1234567"));
    ReportEntry other = linked;
    other.tenantId = QStringLiteral("2f6e8a10-3b7c-4d21-9e55-6a1c0b9d4e01");
    const QList<FleetChange> changes = FleetComparison::compare({linked}, {other});
    ASSERT_EQ(changes.size(), 2);
    EXPECT_FALSE(changes.at(0).before) << "new in this check";
    EXPECT_FALSE(changes.at(1).after) << "gone from this check";
    EXPECT_FALSE(FleetComparison::anyWorse(changes));
    const QJsonObject gone = changes.at(1).toJson();
    EXPECT_TRUE(gone.value(QLatin1String("after")).isNull());
    EXPECT_EQ(gone.value(QLatin1String("before")).toObject().value(QLatin1String("partnerId")).toString(),
              QStringLiteral("1234567"));
}

TEST(FleetComparison, RowsMatchByDirectoryAndAccountOrDirectoryAloneInOldReports)
{
    const ReportEntry adminLinked = entry(QStringLiteral("linked"), QStringLiteral("1234567"), QStringLiteral("admin"));
    const ReportEntry guestNotLinked = entry(QStringLiteral("not linked"), {}, QStringLiteral("guest"));
    EXPECT_TRUE(FleetComparison::compare({adminLinked, guestNotLinked}, {guestNotLinked, adminLinked}).isEmpty())
        << "the same directory for two accounts: two rows, each compared with its own";
    const ReportEntry old = entry(QStringLiteral("linked"), QStringLiteral("1234567"), QString());
    EXPECT_TRUE(FleetComparison::compare({old}, {adminLinked}).isEmpty()) << "a report without account IDs";
}

TEST(FleetComparison, ReadsItsOwnReportsAndTheWatchsFile)
{
    const QByteArray report = R"([
      {"tenantId":"7d3c1b2a-0f4e-4c6d-9a8b-1e2f3a4b5c6d","directory":"Contoso","outcome":"linked",
       "link":{"partnerId":"1234567"},"accountId":"a","account":"admin@contoso.example"},
      {"tenantId":"2f6e8a10-3b7c-4d21-9e55-6a1c0b9d4e01","directory":"Fabrikam","outcome":"not linked","link":null}])";
    const auto entries = FleetComparison::parseReport(report, QStringLiteral("r.json"));
    ASSERT_TRUE(entries) << qPrintable(entries.error().message);
    ASSERT_EQ(entries.value().size(), 2);
    EXPECT_EQ(entries.value().at(0).partnerId, QStringLiteral("1234567"));
    EXPECT_EQ(entries.value().at(1).linkState, QStringLiteral("not linked"));
    const QByteArray watch = "{\"version\":1,\"lastRun\":\"2026-01-01T00:00:00Z\",\"results\":" + report + "}";
    EXPECT_EQ(FleetComparison::parseReport(watch, QStringLiteral("w.json")).value().size(), 2);
    EXPECT_TRUE(FleetComparison::parseReport("[]", QStringLiteral("empty.json")).hasValue());
}

TEST(FleetComparison, MalformedOrForeignFilesSayWhy)
{
    struct Case
    {
        QByteArray bytes;
        const char *says;
    };
    for (const Case &c : {Case{"[{\"tenantId\":", "r.json"}, Case{"tenantId,outcome\n", "r.json"},
                          Case{"{\"value\":[]}", "no array of directories"}, Case{"[1,2]", "entry 1 is not an object"},
                          Case{"[{\"name\":\"x\",\"outcome\":\"linked\"}]", "entry 1 has no tenantId"},
                          Case{"[{\"tenantId\":\"7d3c1b2a-0f4e-4c6d-9a8b-1e2f3a4b5c6d\",\"outcome\":\"Succeeded\"}]",
                               "no known outcome"},
                          Case{"[{\"tenantId\":\"7d3c1b2a-0f4e-4c6d-9a8b-1e2f3a4b5c6d\",\"outcome\":\"linked\"}]",
                               "without a partnerId"}}) {
        const auto parsed = FleetComparison::parseReport(c.bytes, QStringLiteral("r.json"));
        ASSERT_FALSE(parsed) << c.bytes.constData();
        EXPECT_EQ(parsed.error().kind, pal::AzureError::Kind::InvalidInput);
        EXPECT_TRUE(parsed.error().message.contains(QLatin1String(c.says))) << qPrintable(parsed.error().message);
    }
}

TEST(FleetComparison, TheJsonShapeScriptsRead)
{
    const QList<FleetChange> changes = FleetComparison::compare(
        {entry(QStringLiteral("linked"), QStringLiteral("1234567"))}, {entry(QStringLiteral("not linked"))});
    const QJsonArray json = FleetComparison::toJson(changes);
    ASSERT_EQ(json.size(), 1);
    const QJsonObject c = json.first().toObject();
    EXPECT_EQ(c.value(QLatin1String("tenantId")).toString(), T1);
    EXPECT_EQ(c.value(QLatin1String("displayName")).toString(), QStringLiteral("Contoso"));
    EXPECT_EQ(c.value(QLatin1String("before")).toObject().value(QLatin1String("linkState")).toString(),
              QStringLiteral("linked"));
    EXPECT_EQ(c.value(QLatin1String("after")).toObject().value(QLatin1String("linkState")).toString(),
              QStringLiteral("not linked"));
    EXPECT_TRUE(c.value(QLatin1String("after")).toObject().value(QLatin1String("partnerId")).isNull());
    EXPECT_TRUE(c.value(QLatin1String("worse")).toBool());
}
