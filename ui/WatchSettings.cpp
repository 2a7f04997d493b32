#include "WatchSettings.h"

#include "AppConfig.h"
#include "DesktopNotifier.h"
#include "InlineMessage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace pal {

WatchSettings::WatchSettings(const UiContext &ui, QWidget *parent)
    : QGroupBox(tr("Automatic check of all directories"), parent)
    , m_ui(ui)
{
    setObjectName(QStringLiteral("watchSettings"));
    auto *layout = new QVBoxLayout(this);
    auto *note = new QLabel(tr("PAL Desk can verify every directory of every signed-in account on a schedule, and "
                               "tell you when a partner link disappears or points to another partner ID."),
                            this);
    note->setWordWrap(true);
    layout->addWidget(note);
    auto *form = new QFormLayout;
    m_interval = new QComboBox(this);
    m_interval->setObjectName(QStringLiteral("watchInterval"));
    m_interval->setAccessibleName(tr("Check all directories automatically"));
    m_interval->addItem(tr("Off"), int(WatchInterval::Off));
    m_interval->addItem(tr("Every hour"), int(WatchInterval::Hourly));
    m_interval->addItem(tr("Every day"), int(WatchInterval::Daily));
    m_interval->setCurrentIndex(m_interval->findData(int(m_ui.config->watchInterval())));
    form->addRow(tr("C&heck automatically:"), m_interval);
    layout->addLayout(form);
    m_keepRunning = new QCheckBox(tr("&Keep running in the tray when the window is closed"), this);
    m_keepRunning->setObjectName(QStringLiteral("keepRunningInTray"));
    m_keepRunning->setChecked(m_ui.config->keepRunningInTray());
    const bool tray = m_ui.notifier && m_ui.notifier->isAvailable();
    m_keepRunning->setEnabled(tray);
    if (!tray)
        m_keepRunning->setToolTip(tr("This desktop shows no tray icons: closing the window quits PAL Desk."));
    layout->addWidget(m_keepRunning);
    m_message = new InlineMessage(QStringLiteral("watchSettingsMessage"), m_ui.interaction, this);
    layout->addWidget(m_message);
    connect(m_interval, &QComboBox::currentIndexChanged, this, &WatchSettings::save);
    connect(m_keepRunning, &QCheckBox::toggled, this, &WatchSettings::save);
}

void WatchSettings::save()
{
    const auto interval = m_ui.config->setWatchInterval(WatchInterval(m_interval->currentData().toInt()));
    const auto saved = interval ? m_ui.config->setKeepRunningInTray(m_keepRunning->isChecked()) : interval;
    if (!saved) {
        m_message->showError(saved.error(), tr("The setting could not be saved."));
        return;
    }
    m_message->clear();
}

} // namespace pal
