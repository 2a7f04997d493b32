#pragma once
// readAtMost: reads a file, pipe or FIFO to its end in chunks, stopping as soon as more than a bound
// has arrived. QFile::size() is 0 for a pipe, so a size check before reading bounds nothing there.

#include "AzureError.h"
#include "Expected.h"

#include <QByteArray>
#include <QString>

class QIODevice;

namespace pal {

// The device's bytes, or InvalidInput (`errorCode`) naming `path` and the bound once it holds more
// than `maxBytes`; at most maxBytes plus one chunk is ever read.
Expected<QByteArray> readAtMost(QIODevice &device, qint64 maxBytes, const QString &path, const QString &errorCode = {});
// The same for a file by name (missing or unreadable: InvalidInput naming it).
Expected<QByteArray> readFileAtMost(const QString &path, qint64 maxBytes, const QString &errorCode = {});

} // namespace pal
