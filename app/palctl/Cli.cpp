#include "Cli.h"

#include "Command.h"
#include "Interrupt.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QSet>
#include <cstdio>
#include <unistd.h>

namespace palctl {

namespace {

QString optionSyntax(const QCommandLineOption &option)
{
    QStringList names;
    for (const QString &n : option.names())
        names << (n.size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + n;
    QString text = names.join(QStringLiteral(", "));
    if (!option.valueName().isEmpty())
        text += QLatin1Char(' ') + option.valueName();
    return text;
}

void printOptions(QTextStream &out, const QList<QCommandLineOption> &options)
{
    qsizetype width = 0;
    for (const QCommandLineOption &o : options)
        width = std::max(width, optionSyntax(o).size());
    for (const QCommandLineOption &o : options)
        out << "  " << optionSyntax(o).leftJustified(width + 2) << o.description() << '\n';
}

QString commandName(const Command &c)
{
    return c.words.join(QLatin1Char(' '));
}

QString commandSyntax(const Command &c)
{
    return c.arguments.isEmpty() ? commandName(c) : QString(commandName(c) + QLatin1Char(' ') + c.arguments);
}

void printMainHelp(QTextStream &out, const QList<Command> &commands)
{
    out << "palctl " << QStringLiteral(PALDESK_VERSION)
        << ": link a Microsoft partner ID (Partner Admin Link) in your customers' directories.\n\n"
        << "Usage: palctl [global options] COMMAND [options]\n\nCommands:\n";
    qsizetype width = 0;
    for (const Command &c : commands)
        width = std::max(width, commandSyntax(c).size());
    for (const Command &c : commands)
        out << "  " << commandSyntax(c).leftJustified(width + 2) << c.summary << '\n';
    out << "\nGlobal options:\n";
    printOptions(out, globalOptions());
    out << "\nExit codes:\n";
    for (const HelpEntry &e : exitCodeHelp())
        out << "  " << e.name << "  " << e.text << '\n';
    out << "\nEnvironment:\n";
    for (const HelpEntry &e : environmentHelp())
        out << "  " << e.name << '\n' << "      " << e.text << '\n';
    out << "\nExample:\n  palctl login\n  palctl partner show\n"
           "\nRun 'palctl COMMAND --help' for a command's options and an example.\n";
    out.flush();
}

void printGroupHelp(QTextStream &out, const QString &group, const QList<Command> &commands)
{
    out << "Usage: palctl " << group << " SUBCOMMAND [options]\n\nSubcommands:\n";
    for (const Command &c : commands)
        if (c.words.first() == group)
            out << "  " << commandSyntax(c).leftJustified(34) << c.summary << '\n';
    out << "\nRun 'palctl " << group << " SUBCOMMAND --help' for details.\n";
    out.flush();
}

void printCommandHelp(QTextStream &out, const Command &c)
{
    out << "Usage: palctl " << commandName(c) << " [options]"
        << (c.arguments.isEmpty() ? QString() : QString(QLatin1Char(' ') + c.arguments)) << "\n\n"
        << c.summary << '\n';
    if (!c.details.isEmpty())
        out << '\n' << c.details << '\n';
    if (!c.options.isEmpty()) {
        out << "\nOptions:\n";
        printOptions(out, c.options);
    }
    out << "\nGlobal options:\n";
    printOptions(out, globalOptions());
    out << "\nExample" << (c.examples.size() > 1 ? "s" : "") << ":\n";
    for (const QString &e : c.examples)
        out << "  " << e << '\n';
    out.flush();
}

int usageError(QTextStream &err, const QString &message, const QString &helpFor)
{
    err << "palctl: " << message << '\n'
        << "Run 'palctl" << (helpFor.isEmpty() ? QString() : QString(QLatin1Char(' ') + helpFor))
        << " --help' for usage.\n";
    err.flush();
    return Usage;
}

// The command's words are the arguments that are neither options nor option values.
QStringList commandWords(const QStringList &arguments, const QSet<QString> &valueOptions)
{
    QStringList words;
    for (int i = 1; i < arguments.size(); ++i) {
        const QString &a = arguments.at(i);
        if (a == QLatin1String("--")) {
            break;
        }
        if (a.startsWith(QLatin1Char('-')) && a.size() > 1) {
            QString name = a.mid(a.startsWith(QLatin1String("--")) ? 2 : 1);
            if (!name.contains(QLatin1Char('=')) && valueOptions.contains(name))
                ++i; // its value follows
            continue;
        }
        words << a;
    }
    return words;
}

void configureLogging(bool verbose)
{
    // Core logs at info by default; palctl keeps stderr for its own messages unless --verbose.
    QLoggingCategory::setFilterRules(verbose ? QStringLiteral("paldesk.*=true")
                                             : QStringLiteral("paldesk.*.debug=false\npaldesk.*.info=false\n"
                                                              "paldesk.*.warning=false"));
    qSetMessagePattern(QStringLiteral("palctl [%{category}] %{message}"));
}

} // namespace

QList<QCommandLineOption> globalOptions()
{
    return {
        {QStringLiteral("cloud"), QStringLiteral("The cloud to use for this run (see: palctl cloud list)."),
         QStringLiteral("NAME")},
        {{QStringLiteral("o"), QStringLiteral("output")},
         QStringLiteral("Output format: json, table or tsv (default: table on a terminal, json otherwise)."),
         QStringLiteral("FORMAT")},
        {QStringLiteral("verbose"), QStringLiteral("Log what PAL Desk does on stderr (never tokens or secrets).")},
        {QStringLiteral("sandbox"),
         QStringLiteral("Run against an in-process sandbox cloud; nothing is kept after this run.")},
        {{QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show help for palctl or a command.")},
        {QStringLiteral("version"), QStringLiteral("Show palctl's version.")},
    };
}

QList<Command> allCommands()
{
    QList<Command> all;
    all << cloudCommands() << accountCommands() << directoryCommands() << partnerCommands() << inventoryCommands()
        << settingsCommands() << historyCommands() << attributionCommands();
    return all;
}

QList<HelpEntry> exitCodeHelp()
{
    return {
        {QStringLiteral("0"), QStringLiteral("done")},
        {QStringLiteral("1"), QStringLiteral("the service, the network or the keychain failed")},
        {QStringLiteral("2"), QStringLiteral("invalid input or usage (nothing was sent)")},
        {QStringLiteral("3"), QStringLiteral("sign-in needed")},
        {QStringLiteral("4"), QStringLiteral("not found (no partner link, or not linked to that partner ID)")},
    };
}

QList<HelpEntry> environmentHelp()
{
    return {
        {QStringLiteral("PALDESK_CONFIG_DIR"),
         QStringLiteral("moves PAL Desk's configuration (not its secrets) to this folder")},
        {QStringLiteral("PALDESK_CLIENT_ID"),
         QStringLiteral("with PALDESK_TENANT_ID and a secret or certificate file: sign in this service principal for "
                        "one run")},
        {QStringLiteral("PALDESK_TENANT_ID"), QStringLiteral("the service principal's tenant")},
        {QStringLiteral("PALDESK_CLIENT_SECRET_FILE"), QStringLiteral("a file holding the service principal's secret")},
        {QStringLiteral("PALDESK_CERTIFICATE_FILE"),
         QStringLiteral("the service principal's certificate (PEM or PKCS#12) instead of a secret")},
        {QStringLiteral("PALDESK_CERTIFICATE_PASSWORD_FILE"),
         QStringLiteral("a file holding that certificate's password")},
        {QStringLiteral("PALDESK_SECRET_STORE"), QStringLiteral("'memory' keeps this run's secrets off the keychain")},
    };
}

Result<pal::Done> fail(int exitCode, const QString &message)
{
    return Failure{exitCode, message};
}

int runCli(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    const QList<Command> commands = allCommands();
    QSet<QString> valueOptions;
    QSet<QString> groups;
    for (const QCommandLineOption &o : globalOptions())
        if (!o.valueName().isEmpty())
            for (const QString &n : o.names())
                valueOptions.insert(n);
    for (const Command &c : commands) {
        groups.insert(c.words.first());
        for (const QCommandLineOption &o : c.options)
            if (!o.valueName().isEmpty())
                for (const QString &n : o.names())
                    valueOptions.insert(n);
    }

    const QStringList words = commandWords(arguments, valueOptions);
    const bool wantsHelp = arguments.contains(QLatin1String("--help")) || arguments.contains(QLatin1String("-h"));

    const Command *command = nullptr;
    for (const Command &c : commands) {
        if (words.size() >= c.words.size() && words.mid(0, c.words.size()) == c.words &&
            (!command || c.words.size() > command->words.size()))
            command = &c;
    }
    if (!command) {
        if (words.isEmpty()) {
            if (arguments.contains(QLatin1String("--version"))) {
                out << "palctl " << QStringLiteral(PALDESK_VERSION) << '\n';
                out.flush();
                return Ok;
            }
            if (wantsHelp) {
                printMainHelp(out, commands);
                return Ok;
            }
            printMainHelp(err, commands);
            return Usage;
        }
        if (groups.contains(words.first())) {
            if (words.size() == 1 && wantsHelp) {
                printGroupHelp(out, words.first(), commands);
                return Ok;
            }
            if (words.size() == 1)
                return usageError(err, QStringLiteral("'%1' needs a subcommand.").arg(words.first()), words.first());
            return usageError(err, QStringLiteral("Unknown subcommand '%1 %2'.").arg(words.at(0), words.at(1)),
                              words.first());
        }
        return usageError(err, QStringLiteral("Unknown command '%1'.").arg(words.first()), {});
    }

    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOptions(globalOptions());
    parser.addOptions(command->options);
    const QString name = commandName(*command);
    if (!parser.parse(arguments))
        return usageError(err, parser.errorText(), name);
    if (parser.isSet(QStringLiteral("help"))) {
        printCommandHelp(out, *command);
        return Ok;
    }
    const QStringList rest = parser.positionalArguments().mid(command->words.size());
    if (rest.size() < command->minArguments)
        return usageError(err, QStringLiteral("'%1' needs %2.").arg(name, command->arguments), name);
    if (rest.size() > command->maxArguments)
        return usageError(err, QStringLiteral("Unexpected argument '%1'.").arg(rest.at(command->maxArguments)), name);

    GlobalOptions options;
    options.cloud = parser.value(QStringLiteral("cloud")).trimmed();
    options.verbose = parser.isSet(QStringLiteral("verbose"));
    options.sandbox = parser.isSet(QStringLiteral("sandbox"));
    options.output = defaultOutputFormat();
    if (parser.isSet(QStringLiteral("output"))) {
        const auto format = parseOutputFormat(parser.value(QStringLiteral("output")));
        if (!format)
            return usageError(err,
                              QStringLiteral("Unknown output format '%1'; use json, table or tsv.")
                                  .arg(parser.value(QStringLiteral("output"))),
                              name);
        options.output = *format;
    }
    if (options.sandbox && !options.cloud.isEmpty())
        return usageError(err, QStringLiteral("--sandbox and --cloud cannot be used together."), name);
    configureLogging(options.verbose);

    CliContext context(options, &out, &err);
    Invocation invocation{context, parser, rest};
    // Ctrl-C outside a sign-in's own watch cancels the command first: its calls end at once and
    // nothing new is sent (a partner change already sent ends as "may have been made" and is
    // recorded). The command returns as it would on an error; then the tokens received so far are
    // written to the keychain (they are written behind their answers), and palctl says whether
    // they were, and ends with exit 3.
    const InterruptWatch interrupt([&context] { context.interrupt(); });
    const Result<pal::Done> result = command->run(invocation);
    const bool tokensSaved = context.flushTokens(); // every exit, errors included
    if (result)
        return Ok; // Ctrl-C came after the last call: the command did all it had to
    if (!result.error().message.isEmpty())
        err << "palctl: " << result.error().message << '\n';
    if (context.interrupted()) {
        err << "palctl: interrupted (Ctrl-C)" << (tokensSaved ? "; the tokens received so far are saved.\n" : ".\n");
        err.flush();
        return SignInNeeded;
    }
    err.flush();
    return result.error().exitCode;
}

} // namespace palctl
