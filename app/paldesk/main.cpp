// paldesk: wires the core services, the keychain, the optional in-process sandbox and the
// widgets together. Nothing else lives here.

#include "AccountManager.h"
#include "AppConfig.h"
#include "FirstFrame.h"
#include "Interaction.h"
#include "KeychainSecretStore.h"
#include "MainWindow.h"
#include "NetworkAccessPool.h"
#include "ProcessHardening.h"
#include "SandboxBrowser.h"
#include "SandboxServer.h"
#include "ScreenshotTour.h"
#include "SecretStore.h"
#include "SignInPage.h"
#include "UiContext.h"
#include "Workspace.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QEventLoop>
#include <QIcon>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
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

    pal::NetworkAccessPool network; // more than six requests in flight to an HTTP/1.1 server
    pal::AppConfig config(pal::AppConfig::defaultDirectory());
    if (const auto loaded = config.load(); !loaded)
        std::fprintf(stderr, "paldesk: %s (starting with default settings)\n",
                     qPrintable(loaded.error().userMessage()));

    // The keychain is probed after the window is up (below), not before: the probe's write, read
    // and delete took 20-50 ms of D-Bus round trips, a third of the time to the first frame.
    pal::KeychainSecretStore keychain;

    std::unique_ptr<palsandbox::SandboxServer> sandbox;
    SandboxBrowser browser(&network, [&sandbox] { return sandbox ? sandbox->baseUrl() : QUrl(); });
    pal::AccountManager accounts(&network, &keychain, config.directory(), &browser);
    if (const auto restored = accounts.restore(); !restored)
        std::fprintf(stderr, "paldesk: %s\n", qPrintable(restored.error().userMessage()));
    // No account is ever signed out here by itself: the in-process sandbox's accounts are never
    // saved (SignInOptions::remember), so nothing of an earlier run's sandbox is left to clean up.

    pal::Workspace workspace(&accounts, &config, &network);
    pal::QtInteraction qtInteraction;
    TourInteraction tourInteraction;

    pal::UiContext ui;
    ui.accounts = &accounts;
    ui.config = &config;
    ui.workspace = &workspace;
    ui.network = &network;
    ui.interaction = tour ? static_cast<pal::Interaction *>(&tourInteraction) : &qtInteraction;
    ui.startSandbox = [&sandbox]() -> pal::Expected<QByteArray> {
        if (!sandbox) {
            QString error;
            sandbox = palsandbox::SandboxServer::create(palsandbox::SandboxServer::defaultScenario(), &error);
            if (sandbox && !sandbox->start(0, &error))
                sandbox.reset();
            if (!sandbox)
                return pal::AzureError::make(pal::AzureError::Kind::Network, error);
            qCInfo(lcApp) << "sandbox cloud started at" << sandbox->baseUrl().toString();
        }
        // Named so that no cloud a user registers can be mistaken for it.
        QJsonObject cloud = QJsonDocument::fromJson(sandbox->cloudJson()).object();
        cloud.insert(QStringLiteral("name"), pal::AppConfig::inProcessSandboxName());
        return QJsonDocument(cloud).toJson(QJsonDocument::Compact);
    };

    pal::MainWindow window(ui);
    std::unique_ptr<ScreenshotTour> screenshotTour;
    if (tour) {
        window.resize(1180, 760);
        window.move(0, 0);
        screenshotTour = std::make_unique<ScreenshotTour>(&window, ui, parser.value(tourOption));
        QObject::connect(screenshotTour.get(), &ScreenshotTour::finished, &app, &QApplication::exit);
    }
    window.show();
    // No keychain (no Secret Service, locked): the manager keeps secrets in memory from then on and
    // says so (secretStoreChanged), and the window shows its banner.
    accounts.checkSecretStore(&window, [](const pal::Expected<pal::Done> &probed) {
        if (!probed)
            qCWarning(lcApp) << "no keychain:" << probed.error().message;
    });
    if (tour)
        screenshotTour->start();
    else if (parser.isSet(sandboxOption))
        window.signInPage()->startSandbox();
    else
        window.start();
    const int code = app.exec();
    // Token providers write behind their answers: what they still hold goes to the keychain before
    // the process ends (the event loop runs again only for that; the window is gone).
    {
        QEventLoop loop;
        bool flushed = false;
        accounts.flush(&loop, [&](const pal::Expected<pal::Done> &r) {
            if (!r)
                qCWarning(lcApp) << "new tokens not saved to the keychain:" << r.error().message;
            flushed = true;
            loop.quit();
        });
        if (!flushed)
            loop.exec();
    }
    network.clearConnectionCache(); // idle keep-alive connections would hold the sandbox's stop()
    if (sandbox)
        sandbox->stop();
    return code;
}
