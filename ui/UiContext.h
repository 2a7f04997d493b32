#pragma once
// UiContext: what every page of the desktop app is handed: the core services it observes and acts
// through (from the composition root, AppServices), the interaction port for dialogs, and (when
// app/ provides it) a way to start the built-in sandbox cloud. The ui never starts the sandbox
// itself: app/ owns it and hands AppServices the starter.

#include "AppServices.h"
#include "Expected.h"
#include "NetworkAccessPool.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <functional>

class QNetworkAccessManager;

namespace pal {

class AccountManager;
class AppConfig;
class CheckRegistry;
class Clock;
class DesktopNotifier;
class Interaction;
class LinkHistory;
class Workspace;

struct UiContext
{
    AccountManager *accounts = nullptr;
    AppConfig *config = nullptr;
    Workspace *workspace = nullptr;
    LinkHistory *history = nullptr;
    Interaction *interaction = nullptr;
    QNetworkAccessManager *network = nullptr; // for pages that read more than ARM (Attribution)
    SandboxStarter startSandbox;              // empty: "Try the sandbox" is hidden
    DesktopNotifier *notifier = nullptr;      // the tray, where the desktop has one; null: in-app banners
    const Clock *clock = nullptr;             // what schedules ask (the fleet watch); null: the system clock
    const CheckRegistry *checks = nullptr;    // the directory checks (core/checks) the views run

    // Everything from the root, which builds what is not built yet.
    static UiContext from(AppServices &services, Interaction *interaction)
    {
        UiContext ui;
        ui.config = services.config();
        ui.accounts = services.accounts();
        ui.workspace = services.workspace();
        ui.history = services.history();
        ui.network = services.network();
        ui.checks = &services.checks();
        ui.interaction = interaction;
        if (services.canStartSandbox())
            ui.startSandbox = [&services]() -> Expected<QByteArray> {
                const Expected<CloudEnvironment> cloud = services.startSandbox();
                if (!cloud)
                    return cloud.error();
                return QJsonDocument(cloud->toJson()).toJson(QJsonDocument::Compact);
            };
        return ui;
    }
};

} // namespace pal
