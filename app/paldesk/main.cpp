// paldesk: the composition root (pal::AppServices, shared with palctl and the tests) with the
// keychain policy, the optional in-process sandbox and the widgets. Nothing else lives here.

#include "AppServices.h"
#include "InProcessSandbox.h"
#include "Interaction.h"
#include "MainWindow.h"
#include "ProcessHardening.h"
#include "SandboxBrowser.h"
#include "ScreenshotTour.h"
#include "SignInPage.h"
#include "UiContext.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
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
    QApplication::setDesktopFileName(QStringLiteral("paldesk"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/paldesk/paldesk.svg")));

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
    const pal::UiContext ui =
        pal::UiContext::from(services, tour ? static_cast<pal::Interaction *>(&tourInteraction) : &qtInteraction);

    pal::MainWindow window(ui);
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
    services.network()->clearConnectionCache(); // idle keep-alive connections would hold the sandbox's stop()
    sandbox.stop();
    return code;
}
