// pal_gui_bench: PAL Desk's window, wired as app/paldesk wires it (the real MainWindow, Workspace,
// AccountManager, NetworkAccessPool), against a pal-sandbox process that bench/run.py started.
// It signs in through "Try the sandbox" (the scenario auto-approves the user) with its secrets in
// memory, and measures what a user sees. One JSON object per line on stdout:
//
//   pal_gui_bench fleet CLOUD_JSON DIRECTORIES   "All directories" cold (first run after sign-in)
//                                                and warm, with the event loop's worst stall
//   pal_gui_bench scale CLOUD_JSON DIRECTORIES   RSS with the list loaded and with the switcher
//                                                open and typed in, each filter keystroke to the
//                                                repainted list, and the fleet table scrolled
//
// The event loop is never spun by hand: a 5 ms precise timer watches it (its late ticks are the
// stalls) and also notices when what is awaited has happened.
#include "AccountManager.h"
#include "AppConfig.h"
#include "AppServices.h"
#include "DirectorySwitcher.h"
#include "FollowingBrowser.h"
#include "Interaction.h"
#include "MainWindow.h"
#include "NetworkAccessPool.h"
#include "SecretStore.h"
#include "SignInPage.h"
#include "UiContext.h"
#include "Workspace.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QPushButton>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <functional>

namespace {

double median(QList<double> values)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

double rssMiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
    return 0;
}

// Runs the event loop until `done` holds (checked every 5 ms) or `timeoutMs`; returns the worst
// lateness of the 5 ms tick while waiting: how long the GUI thread was busy at a stretch.
struct Wait
{
    bool ok = false;
    double elapsedMs = 0;
    double worstStallMs = 0;
};

Wait waitFor(const std::function<bool()> &done, int timeoutMs)
{
    Wait w;
    QEventLoop loop;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    tick.setInterval(5);
    QElapsedTimer clock;
    QElapsedTimer sinceTick;
    clock.start();
    sinceTick.start();
    QObject::connect(&tick, &QTimer::timeout, &loop, [&] {
        w.worstStallMs = std::max(w.worstStallMs, double(sinceTick.nsecsElapsed()) / 1e6 - 5.0);
        sinceTick.restart();
        if (done()) {
            w.ok = true;
            loop.quit();
        } else if (clock.elapsed() > timeoutMs) {
            loop.quit();
        }
    });
    tick.start();
    if (done())
        w.ok = true;
    else
        loop.exec();
    w.elapsedMs = double(clock.nsecsElapsed()) / 1e6;
    return w;
}

void print(const QJsonObject &o)
{
    std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

[[noreturn]] void fail(const char *what)
{
    std::fprintf(stderr, "pal_gui_bench: %s\n", what);
    std::exit(1);
}

class App
{
public:
    App(const QByteArray &cloudJson, int directories)
        : m_services(options(m_configDir.path(), &m_secrets, cloudJson))
        , m_browser(m_services.network())
        , m_directories(directories)
    {
        m_services.setBrowser(&m_browser);
        m_ui = pal::UiContext::from(m_services, &m_interaction);
        m_window = std::make_unique<pal::MainWindow>(m_ui);
        m_window->resize(1180, 760);
        m_window->show();
    }
    ~App()
    {
        m_window.reset();
        m_services.network()->clearConnectionCache();
    }

    // Signs in through "Try the sandbox" and waits for the whole directory list.
    double signIn()
    {
        QElapsedTimer clock;
        clock.start();
        m_window->signInPage()->startSandbox();
        const Wait w =
            waitFor([this] { return m_services.workspace()->directories().size() == m_directories; }, 120000);
        if (!w.ok)
            fail("the directory list did not load");
        return double(clock.nsecsElapsed()) / 1e6;
    }

    template <typename T> T *find(const char *name) const
    {
        T *widget = m_window->findChild<T *>(QLatin1String(name));
        if (!widget)
            fail(name);
        return widget;
    }

    // Clicks "Verify all" on the fleet page and waits until the run has ended.
    Wait verifyAll(int timeoutMs)
    {
        m_window->showPage(pal::MainWindow::Fleet);
        auto *start = find<QPushButton>("verifyAll");
        auto *cancel = find<QPushButton>("cancelVerifyAll");
        bool seenRunning = false;
        QTest::mouseClick(start, Qt::LeftButton);
        return waitFor(
            [&] {
                seenRunning = seenRunning || cancel->isEnabled();
                return seenRunning && !cancel->isEnabled();
            },
            timeoutMs);
    }

    pal::MainWindow *window() const { return m_window.get(); }

private:
    // As app/paldesk builds it, with secrets in memory and "Try the sandbox" on the bench's sandbox.
    static pal::AppServices::Options options(const QString &folder, pal::SecretStore *secrets,
                                             const QByteArray &cloudJson)
    {
        pal::AppServices::Options o;
        o.appName = QStringLiteral("paldesk");
        o.configDirectory = folder;
        o.secretStore = secrets;
        o.startSandbox = [cloudJson]() -> pal::Expected<QByteArray> { return cloudJson; };
        return o;
    }

    QTemporaryDir m_configDir;
    pal::MemorySecretStore m_secrets;
    pal::AppServices m_services;
    pal::FollowingBrowser m_browser;
    pal::QtInteraction m_interaction;
    pal::UiContext m_ui;
    std::unique_ptr<pal::MainWindow> m_window;
    int m_directories;
};

int fleet(App &app)
{
    const double signedIn = app.signIn();
    const Wait cold = app.verifyAll(300000);
    const Wait warm = app.verifyAll(300000);
    if (!cold.ok || !warm.ok)
        fail("a fleet run did not end");
    print(QJsonObject{{QStringLiteral("signInMs"), signedIn},
                      {QStringLiteral("coldMs"), cold.elapsedMs},
                      {QStringLiteral("coldStallMs"), cold.worstStallMs},
                      {QStringLiteral("warmMs"), warm.elapsedMs},
                      {QStringLiteral("warmStallMs"), warm.worstStallMs}});
    return 0;
}

int scale(App &app)
{
    const double signedIn = app.signIn();
    // Let the first link read and the layout settle, then measure.
    waitFor([] { return false; }, 500);
    const double loaded = rssMiB();
    app.window()->directorySwitcher()->openPicker();
    auto *filter = app.find<QLineEdit>("directoryFilter");
    auto *list = app.find<QAbstractItemView>("directoryList");
    waitFor([] { return false; }, 200);
    const double opened = rssMiB();
    // Each keystroke: the filter text changes, the proxy filters, the list repaints.
    QList<double> keystrokes;
    const QString typed = QStringLiteral("customer 4321");
    for (int round = 0; round < 3; ++round) {
        filter->clear();
        waitFor([] { return false; }, 50);
        for (const QChar c : typed) {
            QElapsedTimer clock;
            clock.start();
            QTest::keyClick(filter, c.toLatin1());
            list->viewport()->repaint();
            keystrokes << double(clock.nsecsElapsed()) / 1e6;
        }
    }
    const int shown = list->model()->rowCount();
    const double typedRss = rssMiB();
    filter->clear();
    app.window()->directorySwitcher()->closePicker();

    // The fleet view with every directory in it, scrolled a third of a page at a time.
    const Wait run = app.verifyAll(600000);
    if (!run.ok)
        fail("the fleet run did not end");
    auto *table = app.find<QAbstractItemView>("fleetTable");
    waitFor([] { return false; }, 200);
    QScrollBar *bar = table->verticalScrollBar();
    QList<double> frames;
    const int step = std::max(1, bar->pageStep() / 3);
    for (int i = 0; i < 300 && bar->value() < bar->maximum(); ++i) {
        QElapsedTimer clock;
        clock.start();
        bar->setValue(bar->value() + step);
        table->viewport()->repaint();
        frames << double(clock.nsecsElapsed()) / 1e6;
    }
    print(QJsonObject{{QStringLiteral("signInMs"), signedIn},
                      {QStringLiteral("rssLoadedMiB"), loaded},
                      {QStringLiteral("rssSwitcherOpenMiB"), opened},
                      {QStringLiteral("rssAfterTypingMiB"), typedRss},
                      {QStringLiteral("keystrokeMedianMs"), median(keystrokes)},
                      {QStringLiteral("keystrokeMaxMs"), *std::max_element(keystrokes.cbegin(), keystrokes.cend())},
                      {QStringLiteral("shownAfterTyping"), shown},
                      {QStringLiteral("fleetRunMs"), run.elapsedMs},
                      {QStringLiteral("fleetRunStallMs"), run.worstStallMs},
                      {QStringLiteral("scrollFrames"), int(frames.size())},
                      {QStringLiteral("scrollFrameMedianMs"), median(frames)},
                      {QStringLiteral("scrollFrameMaxMs"),
                       frames.isEmpty() ? 0.0 : *std::max_element(frames.cbegin(), frames.cend())},
                      {QStringLiteral("rssEndMiB"), rssMiB()}});
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("paldesk"));
    QLoggingCategory::setFilterRules(QStringLiteral("paldesk.*.info=false\npaldesk.*.debug=false"));
    const QStringList args = QApplication::arguments();
    if (args.size() != 4 || (args[1] != QLatin1String("fleet") && args[1] != QLatin1String("scale")))
        fail("usage: pal_gui_bench fleet|scale CLOUD_JSON DIRECTORIES");
    const QByteArray cloud = args[2].toUtf8();
    App bench(cloud, args[3].toInt());
    return args[1] == QLatin1String("fleet") ? fleet(bench) : scale(bench);
}
