#include "PalctlRunner.h"

#include <QFile>
#include <QRegularExpression>

namespace palctltest {

QJsonValue Outcome::json() const
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(out, &error);
    if (error.error != QJsonParseError::NoError)
        return QJsonValue(QJsonValue::Undefined);
    return doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
}

std::ostream &operator<<(std::ostream &os, const Outcome &run)
{
    return os << "exit " << run.exitCode << "\n--- stdout\n"
              << run.out.constData() << "\n--- stderr\n"
              << run.err.constData();
}

void PalctlTest::SetUp()
{
    ASSERT_TRUE(home.isValid());
    SandboxFixture::SetUp();
    if (HasFatalFailure())
        return;

    QFile cloud(path(QStringLiteral("sandbox-cloud.json")));
    ASSERT_TRUE(cloud.open(QIODevice::WriteOnly));
    cloud.write(sandbox->cloudJson());
    cloud.close();
    QFile secret(path(QStringLiteral("sp-secret")));
    ASSERT_TRUE(secret.open(QIODevice::WriteOnly));
    secret.write(SpSecret + '\n');
    secret.close();

    const Outcome registered =
        palctl({QStringLiteral("cloud"), QStringLiteral("register"), QStringLiteral("--file"), cloud.fileName()});
    ASSERT_EQ(registered.exitCode, 0) << registered;
    const Outcome set = palctl({QStringLiteral("cloud"), QStringLiteral("set"), QStringLiteral("Sandbox")});
    ASSERT_EQ(set.exitCode, 0) << set;
    sandbox->clearRequests();
}

QProcessEnvironment PalctlTest::environment(const QProcessEnvironment &extra) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // No keychain, no display, no browser, nothing of the user's own configuration.
    for (const QString &name : env.keys())
        if (name.startsWith(QLatin1String("PALDESK_")) || name == QLatin1String("DBUS_SESSION_BUS_ADDRESS") ||
            name == QLatin1String("DISPLAY") || name == QLatin1String("WAYLAND_DISPLAY") ||
            name == QLatin1String("BROWSER") || name == QLatin1String("QT_LOGGING_RULES"))
            env.remove(name);
    env.insert(QStringLiteral("HOME"), home.path());
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), path(QStringLiteral("xdg")));
    env.insert(QStringLiteral("PALDESK_CONFIG_DIR"), path(QStringLiteral("config")));
    env.insert(QStringLiteral("PALDESK_SECRET_STORE"), QStringLiteral("memory"));
    env.insert(QStringLiteral("BROWSER"), QStringLiteral("true")); // never a real browser
    for (const QString &name : extra.keys())
        env.insert(name, extra.value(name));
    return env;
}

QProcessEnvironment PalctlTest::servicePrincipal()
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("PALDESK_CLIENT_ID"), SpClientId);
    env.insert(QStringLiteral("PALDESK_TENANT_ID"), HomeTenant);
    env.insert(QStringLiteral("PALDESK_CLIENT_SECRET_FILE"), path(QStringLiteral("sp-secret")));
    return env;
}

std::unique_ptr<QProcess> PalctlTest::startPalctl(const QStringList &arguments, const QProcessEnvironment &extra)
{
    auto process = std::make_unique<QProcess>();
    process->setProcessEnvironment(environment(extra));
    process->setProgram(QStringLiteral(PALCTL_PATH));
    process->setArguments(arguments);
    process->start();
    process->waitForStarted(10'000);
    return process;
}

Outcome PalctlTest::finish(QProcess &process)
{
    Outcome run;
    if (!process.waitForFinished(60'000)) {
        process.kill();
        process.waitForFinished(5'000);
    }
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return run;
}

Outcome PalctlTest::deviceCodeLogin(const QString &username, const QProcessEnvironment &extra)
{
    auto process = startPalctl({QStringLiteral("login"), QStringLiteral("--device-code")}, extra);
    QByteArray stderrText;
    QString userCode;
    const QRegularExpression codePattern(QStringLiteral("code ([A-Z0-9-]{4,})"));
    for (int i = 0; i < 100 && userCode.isEmpty() && process->state() != QProcess::NotRunning; ++i) {
        process->waitForReadyRead(200);
        stderrText += process->readAllStandardError();
        const auto match = codePattern.match(QString::fromUtf8(stderrText));
        if (match.hasMatch())
            userCode = match.captured(1);
    }
    EXPECT_FALSE(userCode.isEmpty()) << "no user code in: " << stderrText.constData();
    if (!userCode.isEmpty()) {
        const bool answered =
            username.isEmpty() ? sandbox->declineDeviceCode(userCode) : sandbox->approveDeviceCode(userCode, username);
        EXPECT_TRUE(answered);
    }
    Outcome run = finish(*process);
    run.err.prepend(stderrText);
    return run;
}

Outcome PalctlTest::palctl(const QStringList &arguments, const QByteArray &input, const QProcessEnvironment &extra)
{
    std::unique_ptr<QProcess> process = startPalctl(arguments, extra);
    if (!input.isEmpty())
        process->write(input);
    process->closeWriteChannel();
    return finish(*process);
}

} // namespace palctltest
