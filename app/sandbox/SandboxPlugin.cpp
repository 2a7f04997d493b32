// paldesk-sandbox.so: the sandbox module InProcessSandbox loads on demand (SandboxModule.h). It
// wraps the emulator library (sandbox/, pal_sandbox) and nothing else.
#include "SandboxModule.h"
#include "SandboxServer.h"

#include <QObject>

namespace {

class ServerSandbox final : public RunningSandbox
{
public:
    explicit ServerSandbox(std::unique_ptr<palsandbox::SandboxServer> server)
        : m_server(std::move(server))
    {}
    ~ServerSandbox() override { stop(); }
    QUrl baseUrl() const override { return m_server ? m_server->baseUrl() : QUrl(); }
    QByteArray cloudJson() const override { return m_server ? m_server->cloudJson() : QByteArray(); }
    void approveSignIns() override
    {
        if (m_server)
            m_server->approveSignInsAsScenarioUser();
    }
    void stop() override
    {
        if (m_server)
            m_server->stop();
        m_server.reset();
    }

private:
    std::unique_ptr<palsandbox::SandboxServer> m_server;
};

} // namespace

class SandboxPlugin final : public QObject, public SandboxModule
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID PalDeskSandboxModule_iid)
    Q_INTERFACES(SandboxModule)

public:
    SandboxStart start() override
    {
        QString error;
        auto server = palsandbox::SandboxServer::create(palsandbox::SandboxServer::defaultScenario(), &error);
        if (server && !server->start(0, &error))
            server.reset();
        if (!server)
            return {nullptr, error};
        return {std::make_unique<ServerSandbox>(std::move(server)), QString()};
    }
};

#include "SandboxPlugin.moc"
