#pragma once
// The seam between the apps and the sandbox module (paldesk-sandbox.so, SandboxPlugin.cpp): the
// emulator, and cpp-httplib with it, is loaded only when a sandbox is asked for (paldesk --sandbox,
// "Try the sandbox", palctl --sandbox), not mapped into every palctl run: linked in, it cost 2.4 ms
// of every start (bench/README.md). InProcessSandbox loads the module; nothing else includes this.

#include <QByteArray>
#include <QString>
#include <QUrl>
#include <QtPlugin>

#include <memory>

// One emulator serving on a random loopback port, stopped by stop() or its destruction.
class RunningSandbox
{
public:
    virtual ~RunningSandbox() = default;
    virtual QUrl baseUrl() const = 0;         // http://127.0.0.1:PORT (no trailing slash)
    virtual QByteArray cloudJson() const = 0; // its cloud (CloudEnvironment JSON)
    // Sign-ins are approved at once as the scenario's auto-approve user (else its first user).
    virtual void approveSignIns() = 0;
    virtual void stop() = 0;
};

struct SandboxStart
{
    std::unique_ptr<RunningSandbox> sandbox; // null when it could not start
    QString error;                           // why, then
};

class SandboxModule
{
public:
    virtual ~SandboxModule() = default;
    // Starts an emulator with the scenario shipped with the sandbox (sandbox/scenarios/default.json).
    virtual SandboxStart start() = 0;
};

#define PalDeskSandboxModule_iid "org.paldesk.SandboxModule/1"
Q_DECLARE_INTERFACE(SandboxModule, PalDeskSandboxModule_iid)
