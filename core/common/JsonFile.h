#pragma once
// readJsonFile: PAL Desk's configuration files (clouds, settings, accounts) are read through one
// function, so every malformed file is reported the same way: the file, the line and column, and
// what is wrong there. Errors are Kind::InvalidInput with `code` set to the caller's. A file larger
// than limits::MaxConfigFileBytes is refused unread (so is one through ConfigLock::read).

#include "AzureError.h"
#include "Expected.h"

#include <QJsonDocument>
#include <QString>

namespace pal {

Expected<QJsonDocument> readJsonFile(const QString &path, const QString &errorCode = {});
// The same for bytes already read from `path` (e.g. under the ConfigLock).
Expected<QJsonDocument> parseJson(const QByteArray &data, const QString &path, const QString &errorCode = {});

} // namespace pal
