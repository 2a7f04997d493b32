#include "FleetReport.h"

#include "CsvCell.h"
#include "PrivateFile.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace pal {

namespace {

QString isoTime(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QJsonObject errorJson(const AzureError &e)
{
    return QJsonObject{{QStringLiteral("kind"), e.kindName()},     {QStringLiteral("httpStatus"), e.httpStatus},
                       {QStringLiteral("code"), e.code},           {QStringLiteral("message"), e.message},
                       {QStringLiteral("requestId"), e.requestId}, {QStringLiteral("correlationId"), e.correlationId}};
}

} // namespace

std::optional<FleetReport::Format> FleetReport::formatFor(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("csv"))
        return Format::Csv;
    if (suffix == QLatin1String("json"))
        return Format::Json;
    return std::nullopt;
}

QByteArray FleetReport::csv(const QList<FleetResult> &results)
{
    const QStringList header{QStringLiteral("tenantId"),
                             QStringLiteral("directory"),
                             QStringLiteral("defaultDomain"),
                             QStringLiteral("outcome"),
                             QStringLiteral("partnerId"),
                             QStringLiteral("partnerName"),
                             QStringLiteral("expectedPartnerId"),
                             QStringLiteral("matchesExpected"),
                             QStringLiteral("state"),
                             QStringLiteral("objectId"),
                             QStringLiteral("errorKind"),
                             QStringLiteral("httpStatus"),
                             QStringLiteral("errorCode"),
                             QStringLiteral("errorMessage"),
                             QStringLiteral("requestId"),
                             QStringLiteral("checkedAt"),
                             QStringLiteral("elapsedMs"),
                             QStringLiteral("account"),
                             QStringLiteral("finding"),
                             QStringLiteral("notes")};
    QString out = header.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    for (const FleetResult &r : results) {
        const LinkState &s = r.state;
        const PartnerLink link = s.isLinked() ? s.link.value_or(PartnerLink{}) : PartnerLink{};
        const AzureError error = s.error.value_or(AzureError{});
        const bool failed = s.error.has_value();
        const QStringList row{
            r.directory.tenantId,
            r.directory.displayName,
            r.directory.defaultDomain,
            r.outcome(),
            link.partnerId,
            link.partnerName,
            s.expectedPartnerId,
            s.isLinked() ? (s.matchesExpected() ? QStringLiteral("yes") : QStringLiteral("no")) : QString(),
            link.state,
            link.objectId,
            failed ? error.kindName() : QString(),
            failed && error.httpStatus ? QString::number(error.httpStatus) : QString(),
            error.code,
            error.message,
            error.requestId,
            isoTime(s.checkedAt),
            QString::number(r.elapsedMs),
            r.accountName,
            findingName(findingOf(r)),
            r.notes,
        };
        QStringList cells;
        cells.reserve(row.size());
        for (const QString &f : row)
            cells.append(CsvCell::write(f));
        out += cells.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    }
    return out.toUtf8();
}

QByteArray FleetReport::json(const QList<FleetResult> &results)
{
    return QJsonDocument(jsonArray(results)).toJson(QJsonDocument::Indented);
}

QJsonArray FleetReport::jsonArray(const QList<FleetResult> &results)
{
    QJsonArray array;
    for (const FleetResult &r : results) {
        const LinkState &s = r.state;
        QJsonObject o{
            {QStringLiteral("tenantId"), r.directory.tenantId},
            {QStringLiteral("directory"), r.directory.displayName},
            {QStringLiteral("defaultDomain"), r.directory.defaultDomain},
            {QStringLiteral("outcome"), r.outcome()},
            {QStringLiteral("finding"), findingName(findingOf(r))},
            {QStringLiteral("accountId"), r.accountId},
            {QStringLiteral("account"), r.accountName},
            {QStringLiteral("checkedAt"), isoTime(s.checkedAt)},
            {QStringLiteral("elapsedMs"), r.elapsedMs},
        };
        o.insert(QStringLiteral("link"),
                 s.isLinked() && s.link ? QJsonValue(s.link->toJson()) : QJsonValue(QJsonValue::Null));
        if (!s.expectedPartnerId.isEmpty()) {
            o.insert(QStringLiteral("expectedPartnerId"), s.expectedPartnerId);
            o.insert(QStringLiteral("matchesExpected"), s.matchesExpected());
        }
        if (r.inInventory) {
            o.insert(QStringLiteral("inInventory"), true);
            o.insert(QStringLiteral("notes"), r.notes);
        }
        o.insert(QStringLiteral("error"), s.error ? QJsonValue(errorJson(*s.error)) : QJsonValue(QJsonValue::Null));
        if (const QJsonObject checks = r.otherChecksJson(); !checks.isEmpty()) // --checks beyond the link's
            o.insert(QStringLiteral("checks"), checks);
        array.append(o);
    }
    return array;
}

QByteArray FleetReport::render(Format format, const QList<FleetResult> &results)
{
    return format == Format::Csv ? csv(results) : json(results);
}

Expected<Done> FleetReport::write(const QString &path, const QList<FleetResult> &results)
{
    const std::optional<Format> format = formatFor(path);
    if (!format)
        return AzureError::make(AzureError::Kind::InvalidInput,
                                QStringLiteral("A report is a .csv or .json file, not %1.").arg(path));
    // It lists tenants, object ids and user names: for its owner's eyes (0600).
    if (const auto written = writePrivateFile(path, render(*format, results)); !written)
        return AzureError::make(AzureError::Kind::InvalidInput,
                                QStringLiteral("Could not write %1: %2").arg(path, written.error()));
    return Done{};
}

} // namespace pal
