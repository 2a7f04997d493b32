#include "JsonFile.h"

#include "BoundedRead.h"
#include "Limits.h"

#include <QJsonParseError>

namespace pal {

Expected<QJsonDocument> readJsonFile(const QString &path, const QString &errorCode)
{
    const auto bytes = readFileAtMost(path, limits::MaxConfigFileBytes, errorCode);
    if (!bytes)
        return bytes.error();
    return parseJson(bytes.value(), path, errorCode);
}

Expected<QJsonDocument> parseJson(const QByteArray &data, const QString &path, const QString &errorCode)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        // QJsonParseError::offset points just past the offending character.
        const qsizetype at = qMax(0, parseError.offset - 1);
        const QByteArray before = data.left(at);
        const qsizetype line = before.count('\n') + 1;
        const qsizetype column = at - (before.lastIndexOf('\n') + 1) + 1;
        return AzureError::make(
            AzureError::Kind::InvalidInput,
            QStringLiteral("%1: line %2, column %3: %4.").arg(path).arg(line).arg(column).arg(parseError.errorString()),
            errorCode);
    }
    return doc;
}

} // namespace pal
