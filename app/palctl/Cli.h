#pragma once
// Cli: reads palctl's command line, finds the command, checks its options, and runs it.
// Usage mistakes are exit 2 before anything is opened or sent.

#include "Command.h"

#include <QStringList>
#include <QTextStream>

namespace palctl {

// What `palctl --help` lists. palctl(1) is rendered from the same tables (ManPage.h), so the two
// cannot drift apart.
QList<QCommandLineOption> globalOptions();
QList<Command> allCommands();
struct HelpEntry
{
    QString name; // an exit code or an environment variable
    QString text;
};
QList<HelpEntry> exitCodeHelp();
QList<HelpEntry> environmentHelp();

// Runs palctl with `arguments` (argv, program name first); returns the exit code.
int runCli(const QStringList &arguments, QTextStream &out, QTextStream &err);

} // namespace palctl
