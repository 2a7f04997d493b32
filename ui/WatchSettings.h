#pragma once
// WatchSettings: the Settings group of the scheduled fleet check: how often (off, hourly, daily;
// off by default) and whether closing the window keeps paldesk running in the tray (only offered
// where the desktop has a tray). Each choice is saved in settings.json through AppConfig at once;
// the fleet watch reads the same AppConfig and follows within minutes (WatchSchedule::MaxWait).

#include "UiContext.h"

#include <QGroupBox>

class QCheckBox;
class QComboBox;

namespace pal {

class InlineMessage;

class WatchSettings final : public QGroupBox
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WatchSettings)
public:
    explicit WatchSettings(const UiContext &ui, QWidget *parent = nullptr);

private:
    void save();

    UiContext m_ui;
    QComboBox *m_interval;
    QCheckBox *m_keepRunning;
    InlineMessage *m_message;
};

} // namespace pal
