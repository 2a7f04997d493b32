#pragma once
// DesktopNotifier: the port through which paldesk tells the desktop something while the user may
// be elsewhere (the watch found a lost link). TrayNotifier is the real one, a QSystemTrayIcon where
// the desktop has a tray (QSystemTrayIcon::isSystemTrayAvailable()); where none is handed in, the
// fleet view shows an in-app banner instead. Tests hand in a fake and read what it was told.

#include <QString>

namespace pal {

class DesktopNotifier
{
public:
    virtual ~DesktopNotifier() = default;
    // Can notifications reach the desktop now (a tray icon is shown)?
    virtual bool isAvailable() const = 0;
    virtual void notify(const QString &title, const QString &message) = 0;
};

} // namespace pal
