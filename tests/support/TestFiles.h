#pragma once
// Files in tests: readFile() is what a file holds now, empty when it is missing or unreadable.

#include <QByteArray>
#include <QFile>
#include <QString>

namespace pal::test {

inline QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace pal::test
