// palctl: PAL Desk's command line. A thin shell over core/: see app/palctl/README.md.

#include "Cli.h"
#include "ProcessHardening.h"
#include "TerminalText.h"

#include <QCoreApplication>
#include <QFile>
#include <QTextStream>

#include <cstdio>

int main(int argc, char *argv[])
{
    // Before any token or secret is in memory: no core file may carry them to disk.
    QString whyDumpable;
    const bool noCoreDumps = pal::disableCoreDumps(&whyDumpable);

    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("paldesk"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PALDESK_VERSION));
    QTextStream out(stdout);
    // Everything for people on stderr (notes, errors, logs) goes out without a server's control
    // characters; stdout's tables and JSON are made safe by Output.
    QFile stderrFile;
    stderrFile.open(stderr, QIODevice::WriteOnly | QIODevice::Unbuffered, QFileDevice::DontCloseHandle);
    palctl::TerminalSafeDevice safeStderr(&stderrFile);
    QTextStream err(&safeStderr);
    qInstallMessageHandler(palctl::terminalSafeMessageHandler);
    if (!noCoreDumps)
        err << "palctl: warning: core dumps could not be switched off (" << whyDumpable << ")\n";
    return palctl::runCli(QCoreApplication::arguments(), out, err);
}
