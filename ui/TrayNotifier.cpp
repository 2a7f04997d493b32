#include "TrayNotifier.h"

#include <QApplication>
#include <QMenu>
#include <QSystemTrayIcon>

namespace pal {

TrayNotifier::TrayNotifier(QObject *parent)
    : QObject(parent)
    , m_menu(std::make_unique<QMenu>())
    , m_icon(new QSystemTrayIcon(QApplication::windowIcon(), this))
{
    m_icon->setToolTip(tr("PAL Desk"));
    m_menu->addAction(tr("Open PAL Desk"), this, &TrayNotifier::openRequested);
    m_menu->addSeparator();
    m_menu->addAction(tr("Quit"), this, &TrayNotifier::quitRequested);
    m_icon->setContextMenu(m_menu.get());
    connect(m_icon, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
            Q_EMIT openRequested();
    });
    connect(m_icon, &QSystemTrayIcon::messageClicked, this, &TrayNotifier::openRequested);
    m_icon->show();
}

TrayNotifier::~TrayNotifier() = default;

bool TrayNotifier::isAvailable() const
{
    return m_icon->isVisible() && QSystemTrayIcon::isSystemTrayAvailable();
}

void TrayNotifier::notify(const QString &title, const QString &message)
{
    m_icon->showMessage(title, message, QSystemTrayIcon::Warning);
}

} // namespace pal
