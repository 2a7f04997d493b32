#include "InProcessSandbox.h"

#include "Logging.h"
#include "SandboxServer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

InProcessSandbox::InProcessSandbox() = default;

InProcessSandbox::~InProcessSandbox()
{
    stop();
}

pal::Expected<QByteArray> InProcessSandbox::start()
{
    if (!m_server) {
        QString error;
        auto server = palsandbox::SandboxServer::create(palsandbox::SandboxServer::defaultScenario(), &error);
        if (server && !server->start(0, &error))
            server.reset();
        if (!server)
            return pal::AzureError::make(pal::AzureError::Kind::Network,
                                         QStringLiteral("The sandbox cannot start: %1").arg(error));
        m_server = std::move(server);
        qCInfo(lcServices).noquote() << "sandbox cloud started at" << m_server->baseUrl().toString();
    }
    return m_server->cloudJson();
}

QUrl InProcessSandbox::baseUrl() const
{
    return m_server ? m_server->baseUrl() : QUrl();
}

void InProcessSandbox::approveSignIns()
{
    if (!m_server)
        return;
    const QJsonObject scenario = QJsonDocument::fromJson(palsandbox::SandboxServer::defaultScenario()).object();
    QString username = scenario.value(QLatin1String("autoApproveUser")).toString();
    if (username.isEmpty())
        username = scenario.value(QLatin1String("users"))
                       .toArray()
                       .first()
                       .toObject()
                       .value(QLatin1String("username"))
                       .toString();
    m_server->setAutoApproveUser(username);
}

void InProcessSandbox::stop()
{
    if (m_server)
        m_server->stop();
    m_server.reset();
}
