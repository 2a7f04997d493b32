#pragma once
// Command: one palctl command (`partner show`, `cloud register`, ...), what --help says about it
// and the function that runs it. Each command group builds its list in its own file.

#include "CliContext.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QList>
#include <QStringList>
#include <functional>

namespace palctl {

struct Invocation
{
    CliContext &context;
    const QCommandLineParser &parser;
    QStringList arguments; // positional arguments after the command's words
};

struct Command
{
    QStringList words; // e.g. {"partner", "show"}
    QString summary;   // one line, for the command list
    QString arguments; // positional syntax for the usage line, e.g. "TENANT" or "[NAME]"
    int minArguments = 0;
    int maxArguments = 0;
    QList<QCommandLineOption> options;
    QString details;      // a paragraph for --help
    QStringList examples; // shown by --help
    std::function<Result<pal::Done>(Invocation &)> run;
};

QList<Command> cloudCommands();
QList<Command> accountCommands(); // login, logout, account ...
QList<Command> directoryCommands();
QList<Command> partnerCommands();
QList<Command> settingsCommands();    // settings show | set | unset
QList<Command> historyCommands();     // history list | export
QList<Command> attributionCommands(); // attribution show

// Helpers the command files share.
Result<pal::Done> fail(int exitCode, const QString &message);
QJsonObject accountRecord(const pal::Account &account, bool current);
QString identityLabel(const pal::Account &account);
// An account by id or username; several accounts with the username is exit 2 with the ids.
Result<pal::Account> findAccount(const QList<pal::Account> &accounts, const QString &text);

} // namespace palctl
