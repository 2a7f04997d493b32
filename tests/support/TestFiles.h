#pragma once
// Files in tests: readFile() is what a file holds now, empty when it is missing or unreadable;
// modeOf() its permission bits (-1 when it is missing); formulaParts() what a spreadsheet would
// run in a CSV file, whatever separator it splits on.

#include <QByteArray>
#include <QFile>
#include <QString>
#include <QStringList>

#include <sys/stat.h>

namespace pal::test {

inline QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

inline int modeOf(const QString &path)
{
    struct stat st = {};
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 07777) : -1;
}

// Every part of `csv` that a reader splitting lines on "," or ";" or tab (quotes honoured only
// where they open its own field, as spreadsheets do) would see start with = + - @ tab or CR.
inline QStringList formulaParts(const QByteArray &csv)
{
    QStringList found;
    const QString text = QString::fromUtf8(csv);
    for (const QChar separator : {QLatin1Char(','), QLatin1Char(';'), QLatin1Char('\t')}) {
        for (QString line : text.split(QLatin1Char('\n'))) {
            if (line.endsWith(QLatin1Char('\r'))) // the line break is CRLF
                line.chop(1);
            for (QString part : line.split(separator)) {
                if (part.startsWith(QLatin1Char('"'))) // a field of its own: the reader unquotes it
                    part.remove(0, 1);
                if (!part.isEmpty() && QStringLiteral("=+-@\t\r").contains(part.at(0)))
                    found << QStringLiteral("[%1] %2").arg(separator).arg(part);
            }
        }
    }
    return found;
}

} // namespace pal::test
