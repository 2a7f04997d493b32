#include "InProcessSandbox.h"

#include "Logging.h"
#include "SandboxModule.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QPluginLoader>

InProcessSandbox::InProcessSandbox() = default;

InProcessSandbox::~InProcessSandbox()
{
    stop();
}

QStringList InProcessSandbox::modulePaths()
{
    if (const QString chosen = qEnvironmentVariable("PALDESK_SANDBOX_MODULE"); !chosen.isEmpty())
        return {chosen};
    return {QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral(PALDESK_SANDBOX_MODULE_INSTALLED)),
            QStringLiteral(PALDESK_SANDBOX_MODULE_BUILT)};
}

pal::Expected<QByteArray> InProcessSandbox::start()
{
    if (m_sandbox)
        return m_sandbox->cloudJson();
    auto failed = [](pal::AzureError::Kind kind, const QString &why) {
        return pal::AzureError::make(kind, QStringLiteral("The sandbox cannot start: %1").arg(why));
    };
    if (!m_module) {
        const QStringList paths = modulePaths();
        QStringList tried;
        for (const QString &path : paths) {
            if (!QFileInfo::exists(path)) {
                tried << QStringLiteral("%1 (not there)").arg(QDir::toNativeSeparators(path));
                continue;
            }
            auto loader = std::make_unique<QPluginLoader>(path);
            if (qobject_cast<SandboxModule *>(loader->instance())) {
                m_module = std::move(loader);
                break;
            }
            tried << QStringLiteral("%1 (%2)").arg(QDir::toNativeSeparators(path), loader->errorString());
        }
        if (!m_module)
            return failed(pal::AzureError::Kind::NotFound,
                          QStringLiteral("its module was not loaded from %1. Reinstall PAL Desk, or set "
                                         "PALDESK_SANDBOX_MODULE to the path of paldesk-sandbox.so.")
                              .arg(tried.join(QStringLiteral("; "))));
    }
    SandboxStart started = qobject_cast<SandboxModule *>(m_module->instance())->start();
    if (!started.sandbox)
        return failed(pal::AzureError::Kind::Network, started.error);
    m_sandbox = std::move(started.sandbox);
    qCInfo(lcServices).noquote() << "sandbox cloud started at" << m_sandbox->baseUrl().toString();
    return m_sandbox->cloudJson();
}

QUrl InProcessSandbox::baseUrl() const
{
    return m_sandbox ? m_sandbox->baseUrl() : QUrl();
}

void InProcessSandbox::approveSignIns()
{
    if (m_sandbox)
        m_sandbox->approveSignIns();
}

void InProcessSandbox::stop()
{
    if (m_sandbox)
        m_sandbox->stop();
    m_sandbox.reset();
}
