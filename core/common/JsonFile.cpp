#include "JsonFile.h"

#include <QFile>
#include <QJsonParseError>

namespace pal {

Expected<QJsonDocument> readJsonFile(const QString &path, const QString &errorCode)
{
    auto fail = [&](const QString &text) {
        return AzureError::make(AzureError::Kind::InvalidInput, QStringLiteral("%1: %2").arg(path, text), errorCode);
    };
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot be read (%1).").arg(file.errorString()));
    const QByteArray data = file.readAll();
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        // QJsonParseError::offset points just past the offending character.
        const qsizetype at = qMax(0, parseError.offset - 1);
        const QByteArray before = data.left(at);
        const qsizetype line = before.count('\n') + 1;
        const qsizetype column = at - (before.lastIndexOf('\n') + 1) + 1;
        return fail(QStringLiteral("line %1, column %2: %3.").arg(line).arg(column).arg(parseError.errorString()));
    }
    return doc;
}

} // namespace pal
