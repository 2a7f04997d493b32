#pragma once
// FleetComparison: what changed between two fleet checks, for `verify-all --compare EARLIER.json`
// and the scheduled watch. A check is read back from its JSON report (FleetReport::json, what
// `--report FILE.json` writes; the watch's saved file holds the same array under "results").
// Rows are matched by directory and account (a report without account IDs, from before they were
// written, matches by directory). A row changes when its linkState or partnerId differs; it got
// worse when a link disappeared (linked, now not linked) or points to another ID now. A row that
// could not be checked now (error, sign-in needed, gone from the lists) is a change, never "worse":
// nothing was read that says the link is gone.

#include "Expected.h"
#include "FleetResult.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QList>
#include <QString>
#include <optional>

namespace pal {

// One row of a report, as far as a comparison needs it.
struct ReportEntry
{
    QString tenantId;
    QString displayName;
    QString accountId; // empty in reports written before it was
    QString account;
    QString linkState; // FleetResult::outcome(): "linked", "not linked", "sign-in needed", ...
    QString partnerId; // when linked
};

struct LinkSide
{
    QString linkState;
    QString partnerId;
    bool operator==(const LinkSide &) const = default;
};

struct FleetChange
{
    QString tenantId;
    QString displayName;
    QString account;
    std::optional<LinkSide> before; // nullopt: not in the earlier report
    std::optional<LinkSide> after;  // nullopt: not in this check
    bool worse = false;             // the link disappeared or points to another ID

    // {"tenantId","displayName","account","before":{"linkState","partnerId"}|null,"after":…,"worse"}
    QJsonObject toJson() const;
};

class FleetComparison
{
public:
    // A report's rows. InvalidInput with the reason for a file that is not JSON, or JSON that is
    // not a verify-all report (the path is named in the message).
    [[nodiscard]] static Expected<QList<ReportEntry>> parseReport(const QByteArray &bytes, const QString &path);
    // The same, from a document already parsed (the watch's file, whose lastRun is read too).
    [[nodiscard]] static Expected<QList<ReportEntry>> parseReport(const QJsonDocument &doc, const QString &path);
    static QList<ReportEntry> entries(const QList<FleetResult> &results);
    // The rows that changed, in the order of `after` (then those gone from it).
    static QList<FleetChange> compare(const QList<ReportEntry> &before, const QList<ReportEntry> &after);
    static bool anyWorse(const QList<FleetChange> &changes);
    static QJsonArray toJson(const QList<FleetChange> &changes);
};

} // namespace pal
