#pragma once
// InProcessSandbox: the sandbox cloud an app runs inside itself, on a random loopback port, with
// the scenario shipped with the sandbox. Started on first request (AppServices calls starter()),
// stopped when the app ends. Its cloud is named AppConfig::inProcessSandboxName() by AppServices.
// The scenario's user approves sign-ins without a person (approveSignIns()), as a test fixture
// would; paldesk and palctl then follow the authorize page themselves.

#include "AppServices.h"

#include <QUrl>
#include <memory>

namespace palsandbox {
class SandboxServer;
}

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
    bool isRunning() const { return bool(m_server); }
    QUrl baseUrl() const; // empty when it does not run
    // Sign-ins are approved at once as the scenario's auto-approve user (else its first user).
    void approveSignIns();
    // Close the network's kept-alive connections first, or stop() waits them out.
    void stop();

private:
    std::unique_ptr<palsandbox::SandboxServer> m_server;
};
