// palctl history list | export

#include "Command.h"
#include "TerminalText.h"

#include "LinkHistory.h"

#include <QJsonObject>

namespace palctl {

namespace {

const QStringList historyColumns{QStringLiteral("time"),      QStringLiteral("app"),      QStringLiteral("action"),
                                 QStringLiteral("directory"), QStringLiteral("username"), QStringLiteral("change"),
                                 QStringLiteral("result"),    QStringLiteral("error")};

Result<pal::LinkHistory::Page> readHistory(Invocation &in, int limit)
{
    const auto history = in.context.history();
    if (!history)
        return history.error();
    pal::LinkHistory::Filter filter;
    filter.directory = in.parser.value(QStringLiteral("directory")).trimmed();
    filter.limit = limit;
    const auto page = history.value()->read(filter);
    if (!page)
        return Failure{ServiceFailed, oneLine(page.error().userMessage())};
    if (page->damaged > 0)
        in.context.note(QStringLiteral("palctl: warning: %1 damaged line(s) of %2 were skipped; the other entries "
                                       "are shown.")
                            .arg(page->damaged)
                            .arg(history.value()->filePath()));
    return page.value();
}

Result<pal::Done> listHistory(Invocation &in)
{
    int limit = 0;
    if (in.parser.isSet(QStringLiteral("limit"))) {
        bool ok = false;
        limit = in.parser.value(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 1)
            return Failure{Usage, QStringLiteral("--limit must be a positive number.")};
    }
    const auto page = readHistory(in, limit);
    if (!page)
        return page.error();
    QList<QJsonObject> records;
    const bool json = in.context.output().format() == OutputFormat::Json;
    for (const pal::HistoryEntry &e : page->entries) {
        if (json) {
            records << e.toJson();
            continue;
        }
        records << QJsonObject{
            {QStringLiteral("time"), e.time.toString(Qt::ISODate)},
            {QStringLiteral("app"), e.app},
            {QStringLiteral("action"), e.action},
            {QStringLiteral("directory"), e.displayName.isEmpty() ? e.tenantId : e.displayName},
            {QStringLiteral("username"), e.username},
            {QStringLiteral("change"), e.changeSummary()},
            {QStringLiteral("result"), e.ok ? QStringLiteral("ok") : QStringLiteral("failed")},
            {QStringLiteral("error"), e.ok ? QString() : QStringLiteral("%1: %2").arg(e.errorCode, e.errorMessage)}};
    }
    in.context.output().printList(records, historyColumns);
    return pal::Done{};
}

Result<pal::Done> exportCsv(Invocation &in)
{
    const QString path = in.arguments.first();
    if (!path.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive))
        return Failure{Usage, QStringLiteral("The history is exported as CSV: name a .csv file.")};
    const auto page = readHistory(in, 0);
    if (!page)
        return page.error();
    if (const auto written = pal::LinkHistory::writeCsv(path, page->entries); !written)
        return Failure{ServiceFailed, oneLine(written.error().userMessage())};
    in.context.note(QStringLiteral("Wrote %1 change(s) to %2.").arg(page->entries.size()).arg(path));
    return pal::Done{};
}

QCommandLineOption directoryFilter()
{
    return {QStringLiteral("directory"), QStringLiteral("Only this directory (its id or display name)."),
            QStringLiteral("TENANT")};
}

} // namespace

QList<Command> historyCommands()
{
    using O = QCommandLineOption;
    QList<Command> list;
    list << Command{
        {QStringLiteral("history"), QStringLiteral("list")},
        QStringLiteral("List the partner link changes made from this computer, newest first."),
        {},
        0,
        0,
        {directoryFilter(), O(QStringLiteral("limit"), QStringLiteral("At most N changes."), QStringLiteral("N"))},
        QStringLiteral("Every create, update and delete from paldesk or palctl, failed attempts too, with "
                       "who made it and what was linked before and after. Needs no sign-in."),
        {QStringLiteral("palctl history list --limit 20 -o table"),
         QStringLiteral("palctl history list --directory \"Fabrikam Ltd\"")},
        listHistory};
    list << Command{{QStringLiteral("history"), QStringLiteral("export")},
                    QStringLiteral("Write the link history to a CSV file (oldest first)."),
                    QStringLiteral("FILE.csv"),
                    1,
                    1,
                    {directoryFilter()},
                    QStringLiteral("Cells a spreadsheet would run as a formula are kept as text."),
                    {QStringLiteral("palctl history export pal-history.csv")},
                    exportCsv};
    return list;
}

} // namespace palctl
