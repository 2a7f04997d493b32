#include "PrivateFile.h"

#include <QSaveFile>

namespace pal {

Expected<Done, QString> writePrivateFile(const QString &path, const QByteArray &data)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return file.errorString();
    // QSaveFile gives its temporary file the mode of the file it replaces (or the umask's): set
    // ours before any byte is in it; the rename keeps it.
    if (!file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        const QString why = file.errorString();
        file.cancelWriting();
        return why.isEmpty() ? QStringLiteral("its mode cannot be set") : why;
    }
    if (file.write(data) != data.size() || !file.commit())
        return file.errorString();
    return Done{};
}

} // namespace pal
