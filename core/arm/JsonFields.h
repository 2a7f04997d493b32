#pragma once
// Internal helpers for reading ARM JSON tolerantly and reporting what was not as promised.
// Not part of the public contract.

#include "AzureError.h"

#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <optional>

namespace pal::json {

inline AzureError badResponse(const QString &what)
{
    return AzureError::make(AzureError::Kind::BadResponse, what, QStringLiteral("BadResponse"));
}

// A string field; nullopt (and *problem set) when present but not a string.
std::optional<QString> optionalString(const QJsonObject &o, const QString &key, QString *problem);
// An integer given as a JSON number or a string of digits ("3"); 0 when absent.
std::optional<qint64> flexibleInteger(const QJsonObject &o, const QString &key, QString *problem);
// ISO 8601 with any number of fractional digits (ARM sends 7) and Z or an offset; UTC.
std::optional<QDateTime> parseTimestamp(const QString &text);

} // namespace pal::json
