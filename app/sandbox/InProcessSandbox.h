#pragma once
// InProcessSandbox: the sandbox cloud an app runs inside itself, on a random loopback port, with
// the scenario shipped with the sandbox. Started on first request (AppServices calls starter()),
// stopped when the app ends. Its cloud is named AppConfig::inProcessSandboxName() by AppServices.
// The scenario's user approves sign-ins without a person (approveSignIns()), as a test fixture
// would; paldesk and palctl then follow the authorize page themselves.
//
// The emulator lives in a module loaded on the first start() (SandboxModule.h says why), found
// through $PALDESK_SANDBOX_MODULE if set, else beside the installed apps
// (<bindir>/../<libdir>/paldesk/paldesk-sandbox.so), else in the build tree.

#include "AppServices.h"

#include <QStringList>
#include <QUrl>
#include <memory>

class QPluginLoader;
class RunningSandbox;

class InProcessSandbox final
{
public:
    InProcessSandbox();
    ~InProcessSandbox(); // stops it
    Q_DISABLE_COPY_MOVE(InProcessSandbox)

    // Starts the sandbox once; answers its cloud's JSON (CloudEnvironment).
    pal::Expected<QByteArray> start();
    pal::SandboxStarter starter()
    {
        return [this] { return start(); };
    }
    bool isRunning() const { return bool(m_sandbox); }
    QUrl baseUrl() const; // empty when it does not run
    // Sign-ins are approved at once as the scenario's auto-approve user (else its first user).
    void approveSignIns();
    // Close the network's kept-alive connections first, or stop() waits them out.
    void stop();

    // Where the module is looked for, in order.
    static QStringList modulePaths();

private:
    std::unique_ptr<QPluginLoader> m_module; // never unloaded: the process ends first
    std::unique_ptr<RunningSandbox> m_sandbox;
};
