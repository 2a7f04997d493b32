#include "SandboxFixture.h"

#include <QJsonDocument>

namespace pal::test {

void SandboxFixture::startSandbox(const QByteArray &scenarioJson)
{
    sandbox.reset();
    QString error;
    sandbox = palsandbox::SandboxServer::create(scenarioJson, &error);
    ASSERT_TRUE(sandbox) << qPrintable(error);
    ASSERT_TRUE(sandbox->start(0, &error)) << qPrintable(error);
}

QByteArray SandboxFixture::defaultScenarioWith(const QJsonObject &changes)
{
    QJsonObject root = QJsonDocument::fromJson(palsandbox::SandboxServer::defaultScenario()).object();
    for (auto it = changes.begin(); it != changes.end(); ++it)
        root.insert(it.key(), it.value());
    return QJsonDocument(root).toJson();
}

} // namespace pal::test
