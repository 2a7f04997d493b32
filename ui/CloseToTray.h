#pragma once
// CloseToTray: what closing the main window does. Where a tray icon is shown (DesktopNotifier) and
// the user chose "keep running in the tray" (AppConfig, Settings), the window only hides and the
// watch goes on; otherwise closing quits (quitRequested). The choice is read at each close, so a
// change in Settings holds at once. Install on the window; the app connects quitRequested to quit.

#include <QObject>

class QWidget;

namespace pal {

class AppConfig;
class DesktopNotifier;

class CloseToTray final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CloseToTray)
public:
    CloseToTray(QWidget *window, AppConfig *config, DesktopNotifier *notifier, QObject *parent = nullptr);
    bool keepsRunning() const;

Q_SIGNALS:
    void quitRequested();
    // The window went to the tray (the first time, the tray says so).
    void keptRunning();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QWidget *m_window;
    AppConfig *m_config;
    DesktopNotifier *m_notifier;
    bool m_told = false;
};

} // namespace pal
