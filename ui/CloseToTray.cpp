#include "CloseToTray.h"

#include "AppConfig.h"
#include "DesktopNotifier.h"

#include <QEvent>
#include <QTimer>
#include <QWidget>

namespace pal {

CloseToTray::CloseToTray(QWidget *window, AppConfig *config, DesktopNotifier *notifier, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_config(config)
    , m_notifier(notifier)
{
    m_window->installEventFilter(this);
}

bool CloseToTray::keepsRunning() const
{
    return m_notifier && m_notifier->isAvailable() && m_config->keepRunningInTray();
}

bool CloseToTray::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_window || event->type() != QEvent::Close)
        return false;
    // The window's own closeEvent still runs (it remembers its size); then this decides.
    if (keepsRunning()) {
        if (!m_told && m_notifier) {
            m_told = true;
            m_notifier->notify(tr("PAL Desk keeps running"),
                               tr("PAL Desk goes on checking your partner links in the tray. Quit it from the "
                                  "tray icon's menu, or switch this off in Settings."));
        }
        Q_EMIT keptRunning();
        return false;
    }
    QTimer::singleShot(0, this, &CloseToTray::quitRequested);
    return false;
}

} // namespace pal
