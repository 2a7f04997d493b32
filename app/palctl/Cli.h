#pragma once
// Cli: reads palctl's command line, finds the command, checks its options, and runs it.
// Usage mistakes are exit 2 before anything is opened or sent.

#include <QStringList>
#include <QTextStream>

namespace palctl {

// Runs palctl with `arguments` (argv, program name first); returns the exit code.
int runCli(const QStringList &arguments, QTextStream &out, QTextStream &err);

} // namespace palctl
