#include "BoundedRead.h"

#include "Limits.h"

#include <QFile>

namespace pal {

namespace {
constexpr qint64 ChunkBytes = 64 * 1024;
}

Expected<QByteArray> readAtMost(QIODevice &device, qint64 maxBytes, const QString &path, const QString &errorCode)
{
    QByteArray data;
    for (;;) {
        const QByteArray chunk = device.read(ChunkBytes);
        if (chunk.isEmpty())
            break; // the end (files and pipes opened through QFile block until data or the end)
        data += chunk;
        if (data.size() > maxBytes)
            return AzureError::make(AzureError::Kind::InvalidInput,
                                    QStringLiteral("%1 is larger than %2, more than PAL Desk reads from such a file; "
                                                   "nothing of it was used.")
                                        .arg(path, limits::megabytes(maxBytes)),
                                    errorCode);
    }
    return data;
}

Expected<QByteArray> readFileAtMost(const QString &path, qint64 maxBytes, const QString &errorCode)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return AzureError::make(AzureError::Kind::InvalidInput,
                                QStringLiteral("%1 cannot be read (%2).").arg(path, file.errorString()), errorCode);
    return readAtMost(file, maxBytes, path, errorCode);
}

} // namespace pal
