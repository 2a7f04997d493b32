#pragma once
// ScreenshotTour: the hidden `--screenshot-tour DIR` of paldesk. It drives the real window
// through the sandbox the way a new user would (sign in, link, validate, switch directory, meet
// MFA, change, remove, verify all, check attribution, read the guide, settings) and saves each view with
// QWidget::grab() into DIR. Steps wait on what the user would wait for, polled by a timer.

#include "Interaction.h"
#include "UiContext.h"

#include <QObject>
#include <QString>
#include <QTimer>
#include <functional>

namespace pal {
class MainWindow;
}

// Answers every question "yes" and opens nothing, so the tour never blocks.
class TourInteraction final : public pal::Interaction
{
public:
    bool confirm(QWidget *, const QString &, const QString &, const QString &) override { return true; }
    QString saveFileName(QWidget *, const QString &, const QString &, const QString &) override { return {}; }
    QString openFileName(QWidget *, const QString &, const QString &) override { return {}; }
    void openUrl(const QUrl &) override {}
    void copyToClipboard(const QString &) override {}
};

class ScreenshotTour final : public QObject
{
    Q_OBJECT
public:
    ScreenshotTour(pal::MainWindow *window, const pal::UiContext &ui, QString directory, QObject *parent = nullptr);
    void start();

Q_SIGNALS:
    void finished(int exitCode);

private:
    using Step = std::function<void()>;
    void next();
    // Runs the next step once `ready` holds (checked every 100 ms), or fails the tour after 20 s.
    void waitFor(const QString &what, std::function<bool()> ready);
    void shoot(const QString &name);
    template <typename T> T *find(const char *name) const;

    pal::MainWindow *m_window;
    pal::UiContext m_ui;
    QString m_directory;
    QList<Step> m_steps;
    int m_index = 0;
    QTimer m_poll;
    std::function<bool()> m_ready;
    QString m_waitingFor;
    int m_waitedMs = 0;
};
