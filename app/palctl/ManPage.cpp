#include "ManPage.h"

#include "Cli.h"

namespace palctl {

namespace {

// Text for roff: backslashes shown as such, hyphens as the minus sign they are in options and
// commands, and no line that starts with a control character.
QString roff(const QString &text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\e")).replace(QLatin1Char('-'), QLatin1String("\\-"));
    QStringList lines = escaped.split(QLatin1Char('\n'));
    for (QString &line : lines)
        if (line.startsWith(QLatin1Char('.')) || line.startsWith(QLatin1Char('\'')))
            line.prepend(QLatin1String("\\&"));
    return lines.join(QLatin1Char('\n'));
}

QString optionTerm(const QCommandLineOption &option)
{
    QStringList names;
    for (const QString &n : option.names())
        names << QLatin1String("\\fB") + roff((n.size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + n) +
                     QLatin1String("\\fR");
    QString term = names.join(QLatin1String(", "));
    if (!option.valueName().isEmpty())
        term += QLatin1String(" \\fI") + roff(option.valueName()) + QLatin1String("\\fR");
    return term;
}

QString options(const QList<QCommandLineOption> &list)
{
    QString text;
    for (const QCommandLineOption &o : list)
        if (!(o.flags() & QCommandLineOption::HiddenFromHelp))
            text +=
                QLatin1String(".TP\n") + optionTerm(o) + QLatin1Char('\n') + roff(o.description()) + QLatin1Char('\n');
    return text;
}

QString command(const Command &c)
{
    const QString name = c.words.join(QLatin1Char(' '));
    QString text = QLatin1String(".SS \"palctl ") + roff(name) + QLatin1String("\"\n.B palctl ") + roff(name);
    if (!c.options.isEmpty())
        text += QLatin1String("\n[\\fIoptions\\fR]");
    if (!c.arguments.isEmpty())
        text += QLatin1String("\n\\fI") + roff(c.arguments) + QLatin1String("\\fR");
    text += QLatin1String("\n.PP\n") + roff(c.summary) + QLatin1Char('\n');
    if (!c.details.isEmpty())
        text += QLatin1String(".PP\n") + roff(c.details) + QLatin1Char('\n');
    if (!c.options.isEmpty())
        text += QLatin1String(".PP\nOptions:\n.RS\n") + options(c.options) + QLatin1String(".RE\n");
    if (!c.examples.isEmpty()) {
        text += QLatin1String(".PP\nExample") + (c.examples.size() > 1 ? QStringLiteral("s") : QString()) +
                QLatin1String(":\n.RS\n.nf\n");
        for (const QString &e : c.examples)
            text += roff(e) + QLatin1Char('\n');
        text += QLatin1String(".fi\n.RE\n");
    }
    return text;
}

QString entries(const QList<HelpEntry> &list)
{
    QString text;
    for (const HelpEntry &e : list)
        text += QLatin1String(".TP\n.B ") + roff(e.name) + QLatin1Char('\n') + roff(e.text) + QLatin1Char('\n');
    return text;
}

} // namespace

QString manPage()
{
    const QList<Command> commands = allCommands();
    QString page = QLatin1String(".\\\" palctl(1), generated from palctl's command tables by palctl-man: do not edit.\n"
                                 ".TH PALCTL 1 \"\" \"PAL Desk ") +
                   QStringLiteral(PALDESK_VERSION) +
                   QLatin1String("\" \"User Commands\"\n"
                                 ".SH NAME\n"
                                 "palctl \\- link a Microsoft partner ID (Partner Admin Link) in your customers' "
                                 "directories\n"
                                 ".SH SYNOPSIS\n"
                                 ".B palctl\n"
                                 "[\\fIglobal options\\fR] \\fICOMMAND\\fR [\\fIoptions\\fR] [\\fIarguments\\fR]\n"
                                 ".SH DESCRIPTION\n"
                                 "\\fBpalctl\\fR is PAL Desk on the command line: it signs in to customers' Entra ID "
                                 "directories, links, changes and removes your Microsoft partner ID in each "
                                 "(Partner Admin Link), verifies every directory at once and checks attribution. "
                                 "Results go to stdout (a table on a terminal, JSON otherwise); messages for people "
                                 "go to stderr.\n"
                                 ".PP\n"
                                 "\\fBpalctl \\fICOMMAND\\fB \\-\\-help\\fR shows the same text for one command.\n"
                                 ".SH \"GLOBAL OPTIONS\"\n");
    page += options(globalOptions());
    page += QLatin1String(".SH COMMANDS\n");
    for (const Command &c : commands)
        page += command(c);
    page += QLatin1String(".SH \"EXIT STATUS\"\n") + entries(exitCodeHelp());
    page += QLatin1String(".SH ENVIRONMENT\n") + entries(environmentHelp());
    page += QLatin1String(".SH \"SEE ALSO\"\n.BR paldesk (1),\n.BR pal\\-sandbox (1)\n");
    return page;
}

} // namespace palctl
