#include "Browser.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>

namespace palctl {

void SystemBrowser::openUrl(const QUrl &url)
{
    const QString text = url.toString(QUrl::FullyEncoded);
    *m_err << "To sign in, open this page in a browser (opening it now):\n  " << text << '\n'
           << "Waiting for the sign-in to finish in the browser (Ctrl-C cancels).\n";
    m_err->flush();

    QStringList command;
    const QString browser = qEnvironmentVariable("BROWSER");
    if (!browser.isEmpty()) {
        // $BROWSER may list several commands separated by ':'; the first one is used.
        command = QProcess::splitCommand(browser.section(QLatin1Char(':'), 0, 0));
        bool substituted = false;
        for (QString &part : command) {
            if (part.contains(QLatin1String("%s"))) {
                part.replace(QLatin1String("%s"), text);
                substituted = true;
            }
        }
        if (!substituted)
            command << text;
    } else {
#if defined(Q_OS_MACOS)
        command << QStringLiteral("open") << text;
#else
        command << QStringLiteral("xdg-open") << text;
#endif
    }
    if (command.isEmpty() || QStandardPaths::findExecutable(command.first()).isEmpty()) {
        *m_err << "(no browser could be started; open the page above yourself)\n";
        m_err->flush();
        return;
    }
    const QString program = command.takeFirst();
    QProcess::startDetached(program, command);
}

} // namespace palctl
