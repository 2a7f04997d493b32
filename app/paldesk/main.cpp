// paldesk: the composition root (pal::AppServices, shared with palctl and the tests) with the
// keychain policy, the optional in-process sandbox and the widgets. Nothing else lives here.

#include "AccountManager.h"
#include "AppIcon.h"
#include "AppServices.h"
#include "CloseToTray.h"
#include "FirstFrame.h"
#include "InProcessSandbox.h"
#include "Interaction.h"
#include "MainWindow.h"
#include "NetworkAccessPool.h"
#include "ProcessHardening.h"
#include "SandboxBrowser.h"
#include "ScreenshotTour.h"
#include "SignInPage.h"
#include "TrayNotifier.h"
#include "UiContext.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QEventLoop>
#include <QIcon>
#include <QLoggingCategory>
#include <QSystemTrayIcon>
#include <cstdio>
#include <memory>

Q_LOGGING_CATEGORY(lcApp, "paldesk.app")

int main(int argc, char *argv[])
{
    // Before any token or secret is in memory: no core file may carry them to disk.
    QString whyDumpable;
    const bool noCoreDumps = pal::disableCoreDumps(&whyDumpable);
    QApplication app(argc, argv);
    if (!noCoreDumps)
        qCWarning(lcApp) << "core dumps could not be switched off:" << whyDumpable;
    QApplication::setApplicationName(QStringLiteral("paldesk"));
    QApplication::setApplicationDisplayName(QStringLiteral("PAL Desk"));
    QApplication::setApplicationVersion(QStringLiteral(PALDESK_VERSION));
    QApplication::setDesktopFileName(QStringLiteral(PALDESK_APP_ID)); // <id>.desktop (CMakeLists.txt)
    QApplication::setWindowIcon(appIcon());
    FirstFrame firstFrame; // bench/run.py: start-up to the first frame
    if (qEnvironmentVariableIsSet("PALDESK_BENCH_FIRST_FRAME"))
        app.installEventFilter(&firstFrame);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("PAL Desk: link and verify your Microsoft partner ID."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption sandboxOption(QStringLiteral("sandbox"),
                                           QStringLiteral("Start in the built-in sandbox cloud (no Azure account)."));
    QCommandLineOption tourOption(QStringLiteral("screenshot-tour"),
                                  QStringLiteral("Walk every view in the sandbox and save screenshots to DIR."),
                                  QStringLiteral("DIR"));
    tourOption.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(sandboxOption);
    parser.addOption(tourOption);
    parser.process(app);
    const bool tour = parser.isSet(tourOption);

    InProcessSandbox sandbox; // stopped after the services (and their network) are gone
    pal::AppServices::Options options;
    options.appName = QStringLiteral("paldesk");
    options.watchConfiguration = true; // a `palctl cloud register` while paldesk runs shows here
    options.startSandbox = sandbox.starter();
    pal::AppServices services(options);
    SandboxBrowser browser(services.network(), [&sandbox] { return sandbox.baseUrl(); });
    services.setBrowser(&browser);
    if (const auto &error = services.configError())
        std::fprintf(stderr, "paldesk: %s (starting with default settings)\n", qPrintable(error->userMessage()));
    services.accounts();
    if (const auto &error = services.accountsError())
        std::fprintf(stderr, "paldesk: %s\n", qPrintable(error->userMessage()));
    // No account is ever signed out here by itself: the in-process sandbox's accounts are never
    // saved (SignInOptions::remember), so nothing of an earlier run's sandbox is left to clean up.

    pal::QtInteraction qtInteraction;
    TourInteraction tourInteraction;
    pal::UiContext ui =
        pal::UiContext::from(services, tour ? static_cast<pal::Interaction *>(&tourInteraction) : &qtInteraction);

    // The tray, where the desktop has one: the watch's notifications, and (when chosen in
    // Settings) where paldesk keeps running once the window is closed.
    std::unique_ptr<pal::TrayNotifier> tray;
    if (!tour && QSystemTrayIcon::isSystemTrayAvailable())
        tray = std::make_unique<pal::TrayNotifier>();
    ui.notifier = tray.get();

    pal::MainWindow window(ui);
    QApplication::setQuitOnLastWindowClosed(false); // CloseToTray decides
    pal::CloseToTray closeToTray(&window, services.config(), tray.get());
    QObject::connect(&closeToTray, &pal::CloseToTray::quitRequested, &app, &QApplication::quit);
    if (tray) {
        QObject::connect(tray.get(), &pal::TrayNotifier::openRequested, &window, [&window] {
            window.showNormal();
            window.raise();
            window.activateWindow();
        });
        QObject::connect(tray.get(), &pal::TrayNotifier::quitRequested, &app, &QApplication::quit);
    }
    std::unique_ptr<ScreenshotTour> screenshotTour;
    if (tour) {
        window.resize(1180, 760);
        window.move(0, 0);
        screenshotTour = std::make_unique<ScreenshotTour>(&window, ui, parser.value(tourOption));
        QObject::connect(screenshotTour.get(), &ScreenshotTour::finished, &app, &QApplication::exit);
    }
    window.show();
    const bool startInSandbox = parser.isSet(sandboxOption);
    // The keychain is probed before anything is read from it; when it does not answer, secrets
    // stay in memory and the window's banner says so (AccountManager::secretStoreChanged).
    QObject context;
    services.checkSecretStore(&context, [&](const pal::Expected<pal::Done> &probed) {
        if (!probed)
            qCWarning(lcApp) << "no keychain:" << probed.error().message;
        if (tour)
            screenshotTour->start();
        else if (startInSandbox)
            window.signInPage()->startSandbox();
        else
            window.start();
    });
    const int code = app.exec();
    // Token providers write behind their answers: what they still hold goes to the keychain before
    // the process ends (the event loop runs again only for that; the window is gone).
    if (pal::AccountManager *accounts = services.openedAccounts()) {
        QEventLoop loop;
        bool flushed = false;
        accounts->flush(&loop, [&](const pal::Expected<pal::Done> &r) {
            if (!r)
                qCWarning(lcApp) << "new tokens not saved to the keychain:" << r.error().message;
            flushed = true;
            loop.quit();
        });
        if (!flushed)
            loop.exec();
    }
    services.network()->clearConnectionCache(); // idle keep-alive connections would hold the sandbox's stop()
    sandbox.stop();
    return code;
}
