#pragma once
// TrayNotifier: PAL Desk's tray icon and its balloon messages (DesktopNotifier). Build it only
// where QSystemTrayIcon::isSystemTrayAvailable(). Its menu opens the window or quits; a click on
// the icon or a message opens the window too (openRequested).

#include "DesktopNotifier.h"

#include <QObject>
#include <memory>

class QMenu;
class QSystemTrayIcon;

namespace pal {

class TrayNotifier final : public QObject, public DesktopNotifier
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrayNotifier)
public:
    explicit TrayNotifier(QObject *parent = nullptr);
    ~TrayNotifier() override;

    bool isAvailable() const override;
    void notify(const QString &title, const QString &message) override;

Q_SIGNALS:
    void openRequested();
    void quitRequested();

private:
    std::unique_ptr<QMenu> m_menu;
    QSystemTrayIcon *m_icon;
};

} // namespace pal
