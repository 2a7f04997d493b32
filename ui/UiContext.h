#pragma once
// UiContext: what every page of the desktop app is handed: the core services it observes and acts
// through, the interaction port for dialogs, and (when app/ provides it) a way to start the
// built-in sandbox cloud. The ui never starts the sandbox itself: app/ owns it.

#include "Expected.h"

#include <QByteArray>
#include <functional>

class QNetworkAccessManager;

namespace pal {

class AccountManager;
class AppConfig;
class Interaction;
class Workspace;

// Starts the in-process sandbox cloud (once) and answers its CloudEnvironment JSON.
using SandboxStarter = std::function<Expected<QByteArray>()>;

struct UiContext
{
    AccountManager *accounts = nullptr;
    AppConfig *config = nullptr;
    Workspace *workspace = nullptr;
    Interaction *interaction = nullptr;
    QNetworkAccessManager *network = nullptr; // for pages that read more than ARM (Attribution)
    SandboxStarter startSandbox;              // empty: "Try the sandbox" is hidden
};

} // namespace pal
