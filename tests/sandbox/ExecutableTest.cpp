// The pal-sandbox executable: prints its URL first, serves until SIGTERM, rejects bad input with exit 2.
#include "SandboxServer.h"
#include "ScenarioIds.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QUrl>

#include <gtest/gtest.h>
#include <httplib.h>

namespace {

struct ProcessRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

ProcessRun runToEnd(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(PAL_SANDBOX_EXE), arguments);
    ProcessRun run;
    if (!process.waitForFinished(10000)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

TEST(SandboxExecutable, PrintsItsUrlServesAndStopsOnSigterm)
{
    QProcess process;
    process.start(QStringLiteral(PAL_SANDBOX_EXE), {QStringLiteral("--port"), QStringLiteral("0")});
    ASSERT_TRUE(process.waitForStarted(5000));
    QByteArray line;
    while (!line.contains('\n') && process.waitForReadyRead(10000))
        line += process.readAllStandardOutput();
    const QUrl url(QString::fromLatin1(line.trimmed()));
    EXPECT_EQ(url.scheme(), QStringLiteral("http"));
    EXPECT_EQ(url.host(), QStringLiteral("127.0.0.1"));
    ASSERT_GT(url.port(), 0) << line.constData();

    httplib::Client client("127.0.0.1", url.port());
    const auto discovery = client.Get("/organizations/v2.0/.well-known/openid-configuration");
    ASSERT_TRUE(discovery);
    EXPECT_EQ(discovery->status, 200);

    process.terminate(); // SIGTERM
    ASSERT_TRUE(process.waitForFinished(10000));
    EXPECT_EQ(process.exitStatus(), QProcess::NormalExit);
    EXPECT_EQ(process.exitCode(), 0);
}

TEST(SandboxExecutable, WritesTheCloudFileBeforePrintingItsUrl)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cloud.json"));
    QProcess process;
    process.start(QStringLiteral(PAL_SANDBOX_EXE), {QStringLiteral("--cloud-file"), path});
    QByteArray line;
    while (!line.contains('\n') && process.waitForReadyRead(10000))
        line += process.readAllStandardOutput();
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    const QJsonObject cloud = QJsonDocument::fromJson(file.readAll()).object();
    EXPECT_EQ(cloud.value(QStringLiteral("loginEndpoint")).toString(), QString::fromLatin1(line.trimmed()));
    EXPECT_EQ(cloud.value(QStringLiteral("resourceManagerEndpoint")).toString(), QString::fromLatin1(line.trimmed()));
    EXPECT_EQ(cloud.value(QStringLiteral("armScope")).toString(),
              QString::fromLatin1(line.trimmed()) + QStringLiteral("/.default"));
    process.terminate();
    EXPECT_TRUE(process.waitForFinished(10000));
}

TEST(SandboxExecutable, HelpAndDefaultScenario)
{
    const ProcessRun help = runToEnd({QStringLiteral("--help")});
    EXPECT_EQ(help.exitCode, 0);
    EXPECT_TRUE(help.out.contains("Usage: pal-sandbox"));
    EXPECT_TRUE(help.out.contains("--scenario"));
    const ProcessRun scenario = runToEnd({QStringLiteral("--print-default-scenario")});
    EXPECT_EQ(scenario.exitCode, 0);
    EXPECT_TRUE(scenario.out.contains(pal::test::scenario::Admin.username.toUtf8()));
}

TEST(SandboxExecutable, BadArgumentsExitTwo)
{
    const ProcessRun unknown = runToEnd({QStringLiteral("--bogus")});
    EXPECT_EQ(unknown.exitCode, 2);
    EXPECT_TRUE(unknown.err.contains("--bogus"));
    const ProcessRun port = runToEnd({QStringLiteral("--port"), QStringLiteral("http")});
    EXPECT_EQ(port.exitCode, 2);
    EXPECT_TRUE(port.err.contains("--port"));
    EXPECT_EQ(runToEnd({QStringLiteral("--scenario")}).exitCode, 2);
}

TEST(SandboxExecutable, BusyPortExitsOne)
{
    QString error;
    auto holder = palsandbox::SandboxServer::create(palsandbox::SandboxServer::defaultScenario(), &error);
    ASSERT_TRUE(holder && holder->start(0, &error)) << qPrintable(error);
    const ProcessRun run = runToEnd({QStringLiteral("--port"), QString::number(holder->baseUrl().port())});
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_TRUE(run.err.contains("cannot listen on 127.0.0.1:")) << run.err.constData();
    EXPECT_TRUE(run.out.isEmpty());
}

TEST(SandboxExecutable, MalformedScenarioExitsTwoNamingFileAndPosition)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("broken.json"));
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("{\n  \"directories\": [\n    {\"tenantId\": \"x\"}\n  ]\n}\n");
    file.close();
    const ProcessRun run = runToEnd({QStringLiteral("--scenario"), path});
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_TRUE(run.err.contains(path.toUtf8())) << run.err.constData();
    EXPECT_TRUE(run.err.contains("$.directories[0].tenantId")) << run.err.constData();
    EXPECT_TRUE(run.out.isEmpty());
}

} // namespace
