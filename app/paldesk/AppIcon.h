#pragma once
// appIcon(): PAL Desk's window icon, from the PNGs rendered from resources/icons/paldesk.svg at build
// time (resources/CMakeLists.txt) and compiled into the app (:/paldesk/icons/<size>.png). Qt reads
// the SVG itself only with the qt6-svg plugin, which PAL Desk does not depend on: without it an
// icon made from the SVG is empty and the window has none.

#include <QDir>
#include <QIcon>

inline QIcon appIcon()
{
    QIcon icon;
    const QDir dir(QStringLiteral(":/paldesk/icons"));
    for (const QString &file : dir.entryList({QStringLiteral("*.png")}, QDir::Files))
        icon.addFile(dir.filePath(file)); // each file's size is read from it
    return icon;
}
