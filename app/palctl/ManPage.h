#pragma once
// palctl(1): the manual page, in roff, rendered from the tables `palctl --help` prints (Cli.h):
// every command with its options, details and examples, the global options, the exit codes and
// the environment. palctl-man writes it at build time; installer/ gzips and installs it.

#include <QString>

namespace palctl {

QString manPage();

} // namespace palctl
