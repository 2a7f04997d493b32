// palctl login's waits: for the browser to come back (timeout, Ctrl-C) and for a device code
// (Ctrl-C). Each ends with exit 3 and a sentence, the loopback listener closed, nothing saved.

#include "PalctlRunner.h"

#include <QFile>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QUrlQuery>

#include <csignal>

using namespace palctltest;

namespace {

// Reads stderr until `pattern` appears (or palctl ends); returns what was read.
QByteArray readStderrUntil(QProcess &process, const QRegularExpression &pattern)
{
    QByteArray text;
    for (int i = 0; i < 150 && process.state() != QProcess::NotRunning; ++i) {
        if (pattern.match(QString::fromUtf8(text)).hasMatch())
            break;
        process.waitForReadyRead(200);
        text += process.readAllStandardError();
    }
    return text;
}

// The loopback port named in the authorize URL palctl printed.
quint16 redirectPort(const QByteArray &stderrText)
{
    const auto match = QRegularExpression(QStringLiteral("(http://\\S+/oauth2/v2.0/authorize\\S*)"))
                           .match(QString::fromUtf8(stderrText));
    if (!match.hasMatch())
        return 0;
    const QUrl redirect(
        QUrlQuery(QUrl(match.captured(1))).queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded));
    return quint16(redirect.port());
}

bool listening(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    return socket.waitForConnected(2000);
}

// "Max core file size  0  0  bytes" in /proc/PID/limits.
bool coreDumpsOff(qint64 pid)
{
    QFile limits(QStringLiteral("/proc/%1/limits").arg(pid));
    if (!limits.open(QIODevice::ReadOnly))
        return false;
    const QString text = QString::fromUtf8(limits.readAll());
    return QRegularExpression(QStringLiteral("Max core file size\\s+0\\s+0\\s")).match(text).hasMatch();
}

} // namespace

class LoginWaitTest : public PalctlTest
{};

TEST_F(LoginWaitTest, BrowserThatNeverComesBackEndsWithExit3AndSaysSo)
{
    // BROWSER=true: the page is "opened" and nobody ever signs in.
    const Outcome run = palctl({QStringLiteral("login"), QStringLiteral("--timeout"), QStringLiteral("1")});
    EXPECT_EQ(run.exitCode, 3) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("The browser did not come back within 1 second"))) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("Run: palctl login"))) << run;
    EXPECT_TRUE(run.out.isEmpty()) << run;
    EXPECT_TRUE(palctl({QStringLiteral("account"), QStringLiteral("list")}).json().toArray().isEmpty());
}

TEST_F(LoginWaitTest, BadTimeoutIsAUsageError)
{
    for (const char *bad : {"0", "-5", "soon", "100000"}) {
        const Outcome run = palctl({QStringLiteral("login"), QStringLiteral("--timeout"), QString::fromLatin1(bad)});
        EXPECT_EQ(run.exitCode, 2) << bad << "\n" << run;
        EXPECT_TRUE(run.errText().contains(QStringLiteral("--timeout"))) << run;
    }
    EXPECT_EQ(sandbox->requestCount(), 0);
}

TEST_F(LoginWaitTest, CtrlCWhileWaitingForTheBrowserEndsCleanly)
{
    auto process = startPalctl({QStringLiteral("login")});
    const QByteArray before = readStderrUntil(*process, QRegularExpression(QStringLiteral("authorize\\S*\\n")));
    const quint16 port = redirectPort(before);
    ASSERT_NE(port, 0) << before.constData();
    ASSERT_TRUE(listening(port)) << "palctl waits on its loopback listener";
    EXPECT_TRUE(coreDumpsOff(process->processId())) << "palctl switched core dumps off";

    ASSERT_EQ(::kill(pid_t(process->processId()), SIGINT), 0);
    ASSERT_TRUE(process->waitForFinished(10'000)) << "Ctrl-C must end the wait";
    Outcome run = finish(*process);
    run.err.prepend(before);
    EXPECT_EQ(run.exitCode, 3) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("Sign-in cancelled (Ctrl-C); nothing was saved."))) << run;
    EXPECT_FALSE(listening(port)) << "the listener is closed";
    EXPECT_TRUE(palctl({QStringLiteral("account"), QStringLiteral("list")}).json().toArray().isEmpty());
}

TEST_F(LoginWaitTest, CtrlCWhileWaitingForADeviceCodeEndsCleanly)
{
    auto process = startPalctl({QStringLiteral("login"), QStringLiteral("--device-code")});
    const QByteArray before = readStderrUntil(*process, QRegularExpression(QStringLiteral("code [A-Z0-9-]{4,}")));
    ASSERT_TRUE(before.contains("devicelogin")) << before.constData();
    ASSERT_EQ(::kill(pid_t(process->processId()), SIGINT), 0);
    ASSERT_TRUE(process->waitForFinished(10'000)) << "Ctrl-C must end the polling";
    Outcome run = finish(*process);
    run.err.prepend(before);
    EXPECT_EQ(run.exitCode, 3) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("Sign-in cancelled (Ctrl-C)"))) << run;
}
