#include "FleetComparison.h"

#include "JsonFile.h"
#include "TenantId.h"

#include <QHash>
#include <QJsonObject>
#include <QSet>

namespace pal {

namespace {

AzureError notAReport(const QString &path, const QString &why)
{
    return AzureError::make(
        AzureError::Kind::InvalidInput,
        QStringLiteral("%1 is not a report of palctl directory verify-all --report FILE.json: %2.").arg(path, why),
        QStringLiteral("InvalidReport"));
}

const QSet<QString> &knownStates()
{
    static const QSet<QString> names{QStringLiteral("linked"),
                                     QStringLiteral("not linked"),
                                     QStringLiteral("sign-in needed"),
                                     QStringLiteral("error"),
                                     QStringLiteral("unchecked"),
                                     QStringLiteral("checking"),
                                     QStringLiteral("identity not signed in"),
                                     QStringLiteral("directory not reachable")};
    return names;
}

QJsonValue sideJson(const std::optional<LinkSide> &side)
{
    if (!side)
        return QJsonValue::Null;
    return QJsonObject{{QStringLiteral("linkState"), side->linkState},
                       {QStringLiteral("partnerId"),
                        side->partnerId.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(side->partnerId)}};
}

LinkSide sideOf(const ReportEntry &e)
{
    return LinkSide{e.linkState, e.linkState == QLatin1String("linked") ? e.partnerId : QString()};
}

bool isWorse(const LinkSide &before, const LinkSide &after)
{
    if (before.linkState != QLatin1String("linked"))
        return false;
    if (after.linkState == QLatin1String("not linked"))
        return true;
    return after.linkState == QLatin1String("linked") && after.partnerId != before.partnerId;
}

} // namespace

QJsonObject FleetChange::toJson() const
{
    return QJsonObject{{QStringLiteral("tenantId"), tenantId},     {QStringLiteral("displayName"), displayName},
                       {QStringLiteral("account"), account},       {QStringLiteral("before"), sideJson(before)},
                       {QStringLiteral("after"), sideJson(after)}, {QStringLiteral("worse"), worse}};
}

Expected<QList<ReportEntry>> FleetComparison::parseReport(const QByteArray &bytes, const QString &path)
{
    const auto doc = parseJson(bytes, path, QStringLiteral("InvalidReport"));
    if (!doc)
        return doc.error();
    return parseReport(doc.value(), path);
}

Expected<QList<ReportEntry>> FleetComparison::parseReport(const QJsonDocument &doc, const QString &path)
{
    QJsonArray rows;
    if (doc.isArray())
        rows = doc.array();
    else if (doc.isObject() && doc.object().value(QLatin1String("results")).isArray())
        rows = doc.object().value(QLatin1String("results")).toArray(); // the watch's file
    else
        return notAReport(path, QStringLiteral("it holds no array of directories"));
    QList<ReportEntry> entries;
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const QString where = QStringLiteral("entry %1").arg(i + 1);
        if (!rows.at(i).isObject())
            return notAReport(path, QStringLiteral("%1 is not an object").arg(where));
        const QJsonObject o = rows.at(i).toObject();
        ReportEntry e;
        e.tenantId = o.value(QLatin1String("tenantId")).toString();
        if (!isTenantGuid(e.tenantId))
            return notAReport(path, QStringLiteral("%1 has no tenantId").arg(where));
        e.linkState = o.value(QLatin1String("outcome")).toString();
        if (!knownStates().contains(e.linkState))
            return notAReport(path, QStringLiteral("%1 has no known outcome").arg(where));
        const QJsonValue link = o.value(QLatin1String("link"));
        if (!link.isNull() && !link.isUndefined() && !link.isObject())
            return notAReport(path, QStringLiteral("%1 has a link that is not an object").arg(where));
        e.partnerId = link.toObject().value(QLatin1String("partnerId")).toString();
        if (e.linkState == QLatin1String("linked") && e.partnerId.isEmpty())
            return notAReport(path, QStringLiteral("%1 is linked without a partnerId").arg(where));
        e.displayName = o.value(QLatin1String("directory")).toString();
        e.accountId = o.value(QLatin1String("accountId")).toString();
        e.account = o.value(QLatin1String("account")).toString();
        entries.append(e);
    }
    return entries;
}

QList<ReportEntry> FleetComparison::entries(const QList<FleetResult> &results)
{
    QList<ReportEntry> list;
    list.reserve(results.size());
    for (const FleetResult &r : results)
        list.append(ReportEntry{r.directory.tenantId, r.directory.displayName, r.accountId, r.accountName, r.outcome(),
                                r.state.partnerId()});
    return list;
}

QList<FleetChange> FleetComparison::compare(const QList<ReportEntry> &before, const QList<ReportEntry> &after)
{
    const auto key = [](const ReportEntry &e) -> QString {
        return e.tenantId.toLower() + QLatin1Char('|') + e.accountId;
    };
    QHash<QString, qsizetype> byKey;
    for (qsizetype i = 0; i < before.size(); ++i)
        byKey.insert(key(before.at(i)), i);
    QList<bool> matched(before.size(), false);
    // An earlier row without an account ID matches this directory's row of any account.
    const auto find = [&](const ReportEntry &e) -> qsizetype {
        if (const auto it = byKey.constFind(key(e)); it != byKey.constEnd() && !matched.at(it.value()))
            return it.value();
        for (qsizetype i = 0; i < before.size(); ++i)
            if (!matched.at(i) && (before.at(i).accountId.isEmpty() || e.accountId.isEmpty()) &&
                before.at(i).tenantId.compare(e.tenantId, Qt::CaseInsensitive) == 0)
                return i;
        return -1;
    };

    QList<FleetChange> changes;
    for (const ReportEntry &now : after) {
        const qsizetype at = find(now);
        FleetChange c{now.tenantId, now.displayName, now.account, std::nullopt, sideOf(now), false};
        if (at >= 0) {
            matched[at] = true;
            c.before = sideOf(before.at(at));
            if (*c.before == *c.after)
                continue;
            if (c.displayName.isEmpty())
                c.displayName = before.at(at).displayName;
            c.worse = isWorse(*c.before, *c.after);
        }
        changes.append(c);
    }
    for (qsizetype i = 0; i < before.size(); ++i) {
        if (matched.at(i))
            continue;
        const ReportEntry &gone = before.at(i);
        changes.append(FleetChange{gone.tenantId, gone.displayName, gone.account, sideOf(gone), std::nullopt, false});
    }
    return changes;
}

bool FleetComparison::anyWorse(const QList<FleetChange> &changes)
{
    for (const FleetChange &c : changes)
        if (c.worse)
            return true;
    return false;
}

QJsonArray FleetComparison::toJson(const QList<FleetChange> &changes)
{
    QJsonArray array;
    for (const FleetChange &c : changes)
        array.append(c.toJson());
    return array;
}

} // namespace pal
