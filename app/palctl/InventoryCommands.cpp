// palctl inventory import | export | list, and the account helpers verify-all --all-accounts shares.

#include "Command.h"
#include "TerminalText.h"

#include "ArmSession.h"
#include "BoundedRead.h"
#include "Inventory.h"
#include "Limits.h"
#include "PrivateFile.h"

#include <QFile>

namespace palctl {

using pal::Account;
using pal::Directory;
using pal::Inventory;
using pal::InventoryRow;

namespace {

const QStringList inventoryColumns{QStringLiteral("directory"), QStringLiteral("directoryName"),
                                   QStringLiteral("account"), QStringLiteral("expectedPartnerId"),
                                   QStringLiteral("notes")};

QJsonObject rowRecord(const InventoryRow &r)
{
    return QJsonObject{{QStringLiteral("directory"), r.tenantId},
                       {QStringLiteral("directoryName"), r.directoryName},
                       {QStringLiteral("account"), r.account},
                       {QStringLiteral("expectedPartnerId"),
                        r.expectedPartnerId.isEmpty() ? QJsonValue() : QJsonValue(r.expectedPartnerId)},
                       {QStringLiteral("notes"), r.notes}};
}

Result<Inventory *> openInventory(CliContext &context, std::unique_ptr<Inventory> &holder)
{
    const auto config = context.config();
    if (!config)
        return config.error();
    holder = std::make_unique<Inventory>(config.value()->directory());
    return holder.get();
}

// Every directory the signed-in accounts reach, all together (the names an import resolves).
Result<QList<Directory>> knownDirectories(CliContext &context)
{
    const auto accounts = signedInAccounts(context);
    if (!accounts)
        return accounts.error();
    const auto cloud = context.cloud();
    if (!cloud)
        return cloud.error();
    QList<Directory> all;
    for (const Account &account : accounts.value()) {
        pal::ArmSession &arm = context.session(account);
        const auto listed = context.await<QList<Directory>>([&](QObject *ctx, pal::Completion<QList<Directory>> done) {
            arm.tenants().list(QString(), ctx, std::move(done));
        });
        if (!listed) {
            // One account's list missing only means fewer names resolve; the rows say which.
            context.note(QStringLiteral("palctl: the directories of %1 could not be listed (%2); names only it "
                                        "reaches will not resolve.")
                             .arg(account.username, oneLine(listed.error().userMessage())));
            continue;
        }
        all << listed.value();
    }
    return all;
}

Result<pal::Done> importInventory(Invocation &in)
{
    CliContext &context = in.context;
    const QString path = in.arguments.first();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Failure{Usage, QStringLiteral("Cannot read %1: %2.").arg(path, file.errorString())};
    // In chunks up to the bound: size() is 0 for a pipe or FIFO, so it bounds nothing there.
    const auto read = pal::readAtMost(file, pal::limits::MaxInventoryCsvBytes, path);
    if (!read)
        return Failure{Usage,
                       read.error().message + QStringLiteral(" Is it an inventory? The inventory is as it was.")};
    const QByteArray &csv = read.value();

    QList<Directory> known;
    if (Inventory::namesDirectories(csv)) {
        const auto listed = knownDirectories(context);
        if (!listed && listed.error().exitCode != SignInNeeded)
            return listed.error();
        if (!listed)
            context.note(QStringLiteral("palctl: no account is signed in, so directories named by domain or name "
                                        "cannot be resolved; give their tenant IDs, or sign in first."));
        else
            known = listed.value();
    }
    const auto rows = Inventory::parseCsv(csv, known);
    if (!rows) {
        for (const pal::InventoryProblem &p : rows.error().mid(0, pal::limits::MaxListedProblems))
            context.note(QStringLiteral("%1:%2: %3").arg(path).arg(p.line).arg(oneLine(p.message)));
        if (rows.error().size() > pal::limits::MaxListedProblems)
            context.note(
                QStringLiteral("%1: and %2 more").arg(path).arg(rows.error().size() - pal::limits::MaxListedProblems));
        return Failure{Usage,
                       QStringLiteral("Nothing was imported: %1 of %2 invalid (%3); the "
                                      "inventory is as it was.")
                           .arg(rows.error().size() == 1 ? QStringLiteral("1 row")
                                                         : QStringLiteral("%1 rows").arg(rows.error().size()),
                                path + (rows.error().size() == 1 ? QStringLiteral(" is") : QStringLiteral(" are")),
                                rows.error().size() > pal::limits::MaxListedProblems
                                    ? QStringLiteral("the first %1 listed above").arg(pal::limits::MaxListedProblems)
                                    : QStringLiteral("listed above"))};
    }
    std::unique_ptr<Inventory> holder;
    const auto inventory = openInventory(context, holder);
    if (!inventory)
        return inventory.error();
    if (const auto saved = inventory.value()->save(rows.value()); !saved)
        return Failure{ServiceFailed,
                       QStringLiteral("The inventory cannot be saved: %1").arg(oneLine(saved.error().userMessage()))};
    QList<QJsonObject> records;
    for (const InventoryRow &r : rows.value())
        records << rowRecord(r);
    context.output().printList(records, inventoryColumns);
    context.note(
        QStringLiteral("Imported %1 rows into %2.").arg(rows.value().size()).arg(inventory.value()->filePath()));
    return pal::Done{};
}

Result<QList<InventoryRow>> loadInventory(CliContext &context)
{
    std::unique_ptr<Inventory> holder;
    const auto inventory = openInventory(context, holder);
    if (!inventory)
        return inventory.error();
    const auto rows = inventory.value()->load();
    if (!rows)
        return Failure{ServiceFailed, oneLine(rows.error().userMessage())};
    return rows.value();
}

Result<pal::Done> exportInventory(Invocation &in)
{
    const auto rows = loadInventory(in.context);
    if (!rows)
        return rows.error();
    const QString path = in.arguments.first();
    // Tenants and user names: for its owner's eyes (0600).
    if (const auto written = pal::writePrivateFile(path, Inventory::toCsv(rows.value())); !written)
        return Failure{ServiceFailed, QStringLiteral("Cannot write %1: %2.").arg(path, written.error())};
    in.context.note(QStringLiteral("Exported %1 rows to %2.").arg(rows.value().size()).arg(path));
    return pal::Done{};
}

Result<pal::Done> listInventory(Invocation &in)
{
    const auto rows = loadInventory(in.context);
    if (!rows)
        return rows.error();
    QList<QJsonObject> records;
    for (const InventoryRow &r : rows.value())
        records << rowRecord(r);
    in.context.output().printList(records, inventoryColumns);
    return pal::Done{};
}

} // namespace

Result<QList<Account>> signedInAccounts(CliContext &context)
{
    const auto first = context.signedInAccount(); // this run's (environment, sandbox) or the current one
    if (!first)
        return first.error();
    const auto cloud = context.cloud();
    if (!cloud)
        return cloud.error();
    QList<Account> all{first.value()};
    for (const Account &a : context.accounts().value()->accounts())
        if (a.id != first.value().id && a.cloudName.compare(cloud.value().name, Qt::CaseInsensitive) == 0)
            all << a;
    return all;
}

QList<Command> inventoryCommands()
{
    QList<Command> list;
    list << Command{
        {QStringLiteral("inventory"), QStringLiteral("import")},
        QStringLiteral("Replace the inventory with a CSV file's rows (all or nothing)."),
        QStringLiteral("FILE.csv"),
        1,
        1,
        {},
        QStringLiteral(
            "The header is directory,account,expectedPartnerId,notes (any order; other columns are\n"
            "ignored). directory: a tenant ID, or a domain or name that the signed-in accounts' directory\n"
            "lists know (a name several directories share is refused: give the ID). account: a user name\n"
            "or a service principal's application (client) ID. expectedPartnerId: empty for my partner ID.\n"
            "Every row is checked first; when any is invalid, nothing is imported and each bad row is\n"
            "named as FILE:LINE on stderr (exit 2). RFC 4180 quoting, UTF-8 with or without BOM, CRLF or LF."),
        {QStringLiteral("palctl inventory import customers.csv")},
        importInventory};
    list << Command{{QStringLiteral("inventory"), QStringLiteral("export")},
                    QStringLiteral("Write the inventory as CSV (cells a spreadsheet would run are neutralised)."),
                    QStringLiteral("FILE.csv"),
                    1,
                    1,
                    {},
                    QStringLiteral("The file imports back as it is; a directoryName column is added for people."),
                    {QStringLiteral("palctl inventory export customers.csv")},
                    exportInventory};
    list << Command{{QStringLiteral("inventory"), QStringLiteral("list")},
                    QStringLiteral("List the inventory's rows."),
                    {},
                    0,
                    0,
                    {},
                    QStringLiteral("palctl directory verify-all --all-accounts checks each row: expected vs found."),
                    {QStringLiteral("palctl inventory list -o table")},
                    listInventory};
    return list;
}

} // namespace palctl
