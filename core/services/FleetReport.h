#pragma once
// FleetReport: a fleet run's results as a file, the same from paldesk's Export and palctl's
// --report. CSV: RFC 4180 with a header row, one row per directory, and no cell a spreadsheet
// would run as a formula, whatever its separator (CsvCell). JSON: an array of one object per
// directory. Times are ISO 8601 UTC; state names are LinkState::name()'s.

#include "Expected.h"
#include "FleetResult.h"

#include <QByteArray>
#include <QJsonArray>
#include <QList>
#include <QString>
#include <optional>

namespace pal {

class FleetReport
{
public:
    enum class Format { Csv, Json };

    // By the file's suffix (.csv, .json, any case); nullopt for anything else.
    static std::optional<Format> formatFor(const QString &path);
    [[nodiscard]] static QByteArray csv(const QList<FleetResult> &results);
    [[nodiscard]] static QByteArray json(const QList<FleetResult> &results);
    [[nodiscard]] static QJsonArray jsonArray(const QList<FleetResult> &results); // what json() writes
    [[nodiscard]] static QByteArray render(Format format, const QList<FleetResult> &results);
    // Writes atomically (QSaveFile) in the format the suffix names. InvalidInput when the suffix
    // is neither, or the file cannot be written (the message names the file and why).
    [[nodiscard]] static Expected<Done> write(const QString &path, const QList<FleetResult> &results);
};

} // namespace pal
