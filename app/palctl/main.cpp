// palctl: PAL Desk's command line. A thin shell over core/: see app/palctl/README.md.

#include "Cli.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("paldesk"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PALDESK_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    return palctl::runCli(QCoreApplication::arguments(), out, err);
}
