// palctl partner show | create | update | delete

#include "Command.h"
#include "TerminalText.h"

#include "PartnerId.h"
#include "PartnerLinks.h"

#include <QJsonObject>
#include <QTextStream>

#include <cstdio>
#include <unistd.h>

namespace palctl {

using pal::Account;
using pal::AzureError;
using pal::Directory;
using pal::PartnerId;
using pal::PartnerLink;

namespace {

const QStringList linkColumns{QStringLiteral("partnerId"),   QStringLiteral("partnerName"), QStringLiteral("tenantId"),
                              QStringLiteral("objectId"),    QStringLiteral("state"),       QStringLiteral("version"),
                              QStringLiteral("createdTime"), QStringLiteral("updatedTime")};

QString directoryLabel(const Directory &d)
{
    // The name comes from the server: one line of stderr, whatever it holds.
    return oneLine(d.displayName.isEmpty() ? d.tenantId : QStringLiteral("%1 (%2)").arg(d.displayName, d.tenantId));
}

// Everything a partner command works with, resolved before the first ManagementPartner request.
struct Target
{
    Account account;
    Directory directory;
    std::optional<PartnerId> partnerId;
    bool fromSettings = false; // partnerId is "my partner ID", not --partner-id
};

// Whether --partner-id may be left out: create and update then use "my partner ID".
enum class IdOption { Optional, Required, OrMine };

QString commandName(Invocation &in)
{
    return in.parser.positionalArguments().value(1);
}

Result<std::optional<PartnerId>> partnerIdOption(Invocation &in, IdOption need)
{
    if (!in.parser.isSet(QStringLiteral("partner-id"))) {
        if (need == IdOption::Required)
            return Failure{Usage, QStringLiteral("'partner %1' needs --partner-id ID.").arg(commandName(in))};
        if (need == IdOption::OrMine) {
            // Said before anything is sent: neither --partner-id nor a partner ID in the settings.
            const auto config = in.context.config();
            if (!config)
                return config.error();
            if (config.value()->partnerId().isEmpty() && config.value()->partnerIdOverrides().isEmpty())
                return Failure{Usage, QStringLiteral("'partner %1' needs --partner-id ID, or set your partner ID "
                                                     "once: palctl settings set partner-id ID")
                                          .arg(commandName(in))};
        }
        return std::optional<PartnerId>();
    }
    const auto id = PartnerId::parse(in.parser.value(QStringLiteral("partner-id")));
    if (!id)
        return Failure{Usage, QStringLiteral("Invalid partner ID \"%1\": %2")
                                  .arg(in.parser.value(QStringLiteral("partner-id")), id.error().message)};
    return std::optional<PartnerId>(id.value());
}

Result<Target> resolve(Invocation &in, IdOption need)
{
    const auto id = partnerIdOption(in, need);
    if (!id)
        return id.error();
    const auto account = in.context.signedInAccount();
    if (!account)
        return account.error();
    Target target{account.value(), {}, id.value()};
    // No --partner-id: "my partner ID" for this account (its own, else the one for all accounts).
    if (!target.partnerId) {
        const QString mine = in.context.myPartnerId(account.value());
        if (!mine.isEmpty()) {
            target.partnerId = PartnerId::parse(mine).value(); // AppConfig keeps only valid ones
            target.fromSettings = true;
        } else if (need == IdOption::OrMine) {
            return Failure{Usage, QStringLiteral("'partner %1' needs --partner-id ID: no partner ID is set for %2. "
                                                 "Set one with: palctl settings set partner-id ID --account %2")
                                      .arg(commandName(in), identityLabel(account.value()))};
        }
    }
    const auto directory = in.context.directoryFor(account.value(), in.parser.value(QStringLiteral("directory")));
    if (!directory)
        return directory.error();
    target.directory = directory.value();
    return target;
}

// The link's state, read through the one policy; compared with --partner-id when given.
pal::LinkState readState(Invocation &in, const Target &t)
{
    const pal::LinkState state = in.context.awaitCall<pal::LinkState>([&](QObject *ctx, pal::LinkStateDone done) {
        return in.context.partnerLinks(t.account).read(t.directory, ctx, std::move(done));
    });
    return t.partnerId ? state.comparedWith(t.partnerId->toString()) : state;
}

using LinkOperation = pal::CallHandle (pal::PartnerLinks::*)(const Directory &, const PartnerId &, QObject *,
                                                             pal::LinkChangeDone);

pal::LinkChange change(Invocation &in, const Target &t, LinkOperation operation)
{
    // The history names the directory: one GET /tenants when only its id is known (the current one).
    Directory where = t.directory;
    if (where.displayName.isEmpty())
        if (const auto all = in.context.listDirectories(t.account))
            for (const Directory &d : all.value())
                if (d.tenantId.compare(where.tenantId, Qt::CaseInsensitive) == 0)
                    where = d;
    // Ctrl-C cancels it: before the write nothing is sent; after, it may have been made (and is recorded).
    pal::LinkChange c = in.context.awaitCall<pal::LinkChange>([&](QObject *ctx, pal::LinkChangeDone done) {
        return (in.context.partnerLinks(t.account).*operation)(where, *t.partnerId, ctx, std::move(done));
    });
    in.context.waitForHistory(); // the change is in history.jsonl before palctl ends
    return c;
}

// The directory's name for a message. The current directory's name is kept from the switch
// (AppConfig::currentDirectoryName), so a directory with no link costs one GET; only a directory
// never switched to (right after login, or a service principal from the environment) is looked
// up in GET /tenants, on this failure path.
QString directoryName(Invocation &in, const Target &t)
{
    if (!t.directory.displayName.isEmpty())
        return directoryLabel(t.directory);
    if (const auto all = in.context.listDirectories(t.account)) {
        for (const Directory &d : all.value())
            if (d.tenantId.compare(t.directory.tenantId, Qt::CaseInsensitive) == 0)
                return directoryLabel(d);
    }
    return t.directory.tenantId;
}

QString notLinked(Invocation &in, const Target &t)
{
    return QStringLiteral("No partner ID is linked in directory %1 for identity %2.")
        .arg(directoryName(in, t), identityLabel(t.account));
}

// "Not linked to N": says which ID is linked instead, when one is (`state` as last read).
Failure notLinkedTo(Invocation &in, const Target &t, const pal::LinkState &state)
{
    if (state.isLinked())
        return Failure{
            NotFound,
            QStringLiteral("Partner ID %1 is not linked in directory %2 for identity %3; the linked "
                           "partner ID is %4.")
                .arg(t.partnerId->toString(), directoryName(in, t), identityLabel(t.account), state.partnerId())};
    return Failure{NotFound, notLinked(in, t)};
}

// A change that ended without what was asked, for reasons other than the link's state.
Failure changeFailed(Invocation &in, const Target &t, const pal::LinkChange &c)
{
    const AzureError error = c.error.value_or(AzureError::make(AzureError::Kind::Network, {}));
    if (c.outcome == pal::LinkChange::Outcome::MayBeDone && error.kind == AzureError::Kind::Cancelled)
        return Failure{ServiceFailed,
                       QStringLiteral("The %1 of the partner link in directory %2 may have been made: palctl was "
                                      "interrupted after sending it, before its answer came. It is recorded in the "
                                      "link history. Check with: palctl partner show --directory %3")
                           .arg(c.actionName(), directoryName(in, t), t.directory.tenantId)};
    if (c.outcome == pal::LinkChange::Outcome::MayBeDone)
        return Failure{
            ServiceFailed,
            QStringLiteral("The %1 of the partner link in directory %2 may have been made: %3 Reading the "
                           "link afterwards failed too, so PAL Desk cannot tell. Check with: palctl partner "
                           "show --directory %4")
                .arg(c.actionName(), directoryName(in, t), oneLine(error.userMessage()), t.directory.tenantId)};
    Failure f = in.context.failure(error, Activity::Partner, t.directory.tenantId);
    if (c.readAgain)
        f.message += QStringLiteral(" Reading the link afterwards shows nothing was changed.");
    return f;
}

void printLink(Invocation &in, const PartnerLink &link)
{
    in.context.output().printObject(link.toJson(), linkColumns);
}

// partner show's record: the link, and whether it is to the partner ID expected (--partner-id,
// else my partner ID; null when neither is there).
void printShown(Invocation &in, const Target &t, const pal::LinkState &state)
{
    QJsonObject o = state.link->toJson();
    o.insert(QStringLiteral("expected"),
             t.partnerId ? QJsonValue(state.matchesExpected()) : QJsonValue(QJsonValue::Null));
    o.insert(QStringLiteral("expectedPartnerId"),
             t.partnerId ? QJsonValue(t.partnerId->toString()) : QJsonValue(QJsonValue::Null));
    in.context.output().printObject(o, linkColumns + QStringList{QStringLiteral("expected")});
}

Result<pal::Done> show(Invocation &in)
{
    const auto target = resolve(in, IdOption::Optional);
    if (!target)
        return target.error();
    const Target &t = target.value();
    const pal::LinkState state = readState(in, t);
    switch (state.kind) {
    case pal::LinkState::Kind::Linked:
        printShown(in, t, state);
        return pal::Done{};
    case pal::LinkState::Kind::LinkedToOther:
        if (!t.fromSettings) // --partner-id asked for that one: exit 4, as always
            return notLinkedTo(in, t, state);
        printShown(in, t, state);
        in.context.note(
            QStringLiteral("palctl: warning: directory %1 links identity %2 to partner ID %3%4, not to your partner "
                           "ID %5; Microsoft credits that partner for your work there. If the credit should be "
                           "yours, run: palctl partner update --directory %6")
                .arg(directoryName(in, t), identityLabel(t.account), state.partnerId(),
                     state.link->partnerName.isEmpty() ? QString()
                                                       : QStringLiteral(" (%1)").arg(state.link->partnerName),
                     t.partnerId->toString(), t.directory.tenantId));
        return pal::Done{};
    case pal::LinkState::Kind::NotLinked:
        return Failure{NotFound, notLinked(in, t)};
    default:
        return in.context.failure(state.error.value_or(AzureError{}), Activity::Partner, t.directory.tenantId);
    }
}

Result<pal::Done> create(Invocation &in)
{
    const auto target = resolve(in, IdOption::OrMine);
    if (!target)
        return target.error();
    const Target &t = target.value();
    const QString wanted = t.partnerId->toString();
    // PartnerLinks reads first: the service refuses a second link, and reading says which one is there.
    const pal::LinkChange c = change(in, t, &pal::PartnerLinks::create);
    switch (c.outcome) {
    case pal::LinkChange::Outcome::Done:
        printLink(in, *c.after.link);
        return pal::Done{};
    case pal::LinkChange::Outcome::Unchanged:
        printLink(in, *c.after.link);
        in.context.note(QStringLiteral("Partner ID %1 was already linked; nothing changed.").arg(wanted));
        return pal::Done{};
    case pal::LinkChange::Outcome::NotDone:
        if (c.error && c.error->kind == AzureError::Kind::Conflict) {
            QString message = QStringLiteral("Partner ID %1 is already linked in directory %2 for identity %3. To "
                                             "change it, run: palctl partner update --partner-id %4")
                                  .arg(c.after.isLinked() ? c.after.partnerId() : QStringLiteral("(unknown)"),
                                       directoryName(in, t), identityLabel(t.account), wanted);
            if (c.writeSent) // the service's own words, when it was the one that refused
                message += QStringLiteral(" (%1)").arg(oneLine(c.error->userMessage()));
            return Failure{ServiceFailed, message};
        }
        break;
    case pal::LinkChange::Outcome::MayBeDone:
        break;
    }
    return changeFailed(in, t, c);
}

Result<pal::Done> update(Invocation &in)
{
    const auto target = resolve(in, IdOption::OrMine);
    if (!target)
        return target.error();
    const Target &t = target.value();
    const pal::LinkChange c = change(in, t, &pal::PartnerLinks::update);
    if (c.succeeded()) {
        printLink(in, *c.after.link);
        if (c.outcome == pal::LinkChange::Outcome::Unchanged)
            in.context.note(
                QStringLiteral("Partner ID %1 was already linked; nothing changed.").arg(t.partnerId->toString()));
        return pal::Done{};
    }
    if (c.outcome == pal::LinkChange::Outcome::NotDone && c.error && c.error->kind == AzureError::Kind::NotFound)
        return Failure{NotFound, notLinked(in, t) + QStringLiteral(" To link one, run: palctl partner create "
                                                                   "--partner-id %1")
                                                        .arg(t.partnerId->toString())};
    return changeFailed(in, t, c);
}

Result<pal::Done> remove(Invocation &in)
{
    const bool confirmed = in.parser.isSet(QStringLiteral("yes"));
    const bool terminal = ::isatty(STDIN_FILENO);
    if (const auto id = partnerIdOption(in, IdOption::Required); !id)
        return id.error();
    if (!confirmed && !terminal)
        return Failure{Usage, QStringLiteral("'partner delete' asks for confirmation, and stdin is not a terminal: add "
                                             "--yes to delete without asking.")};
    const auto target = resolve(in, IdOption::Required);
    if (!target)
        return target.error();
    const Target &t = target.value();
    if (!confirmed) {
        in.context.err() << "Remove the link to partner ID " << t.partnerId->toString() << " in directory "
                         << directoryName(in, t) << " for identity " << identityLabel(t.account) << "? [y/N] ";
        in.context.err().flush();
        QTextStream input(stdin);
        const QString answer = input.readLine().trimmed().toLower();
        if (answer != QLatin1String("y") && answer != QLatin1String("yes"))
            return Failure{Usage, QStringLiteral("Not confirmed; nothing was removed.")};
    }
    const pal::LinkChange c = change(in, t, &pal::PartnerLinks::remove);
    switch (c.outcome) {
    case pal::LinkChange::Outcome::Done:
        in.context.note(QStringLiteral("Removed the link to partner ID %1 in directory %2 for identity %3.")
                            .arg(t.partnerId->toString(), directoryLabel(t.directory), identityLabel(t.account)));
        return pal::Done{};
    case pal::LinkChange::Outcome::Unchanged: // nothing linked: nothing to remove
        return notLinkedTo(in, t, c.after);
    case pal::LinkChange::Outcome::NotDone:
        if (c.error && c.error->kind == AzureError::Kind::NotFound)
            return notLinkedTo(in, t, c.after);
        break;
    case pal::LinkChange::Outcome::MayBeDone:
        break;
    }
    return changeFailed(in, t, c);
}

QCommandLineOption partnerIdOption(const QString &text)
{
    return {QStringLiteral("partner-id"), text, QStringLiteral("ID")};
}

QCommandLineOption directoryOption()
{
    return {QStringLiteral("directory"),
            QStringLiteral("The directory (id, domain or display name); default: the current directory."),
            QStringLiteral("TENANT")};
}

} // namespace

QList<Command> partnerCommands()
{
    QList<Command> list;
    list << Command{
        {QStringLiteral("partner"), QStringLiteral("show")},
        QStringLiteral("Show the partner ID linked for you in a directory."),
        {},
        0,
        0,
        {partnerIdOption(QStringLiteral("Show the link only if it is to this partner ID.")), directoryOption()},
        QStringLiteral("Exit 4 when no partner ID is linked (or not the one given). \"expected\" says whether the "
                       "link is to --partner-id, else to my partner ID (palctl settings), null with neither; a link "
                       "to another ID than mine is shown with a warning on stderr."),
        {QStringLiteral("palctl partner show"),
         QStringLiteral("palctl partner show --partner-id 1234567 --directory contoso.onmicrosoft.com")},
        show};
    list << Command{
        {QStringLiteral("partner"), QStringLiteral("create")},
        QStringLiteral("Link a partner ID for you in a directory."),
        {},
        0,
        0,
        {partnerIdOption(QStringLiteral("The partner ID (Associated Partner ID, digits); default: my partner ID.")),
         directoryOption()},
        QStringLiteral("If another partner ID is linked already, says which and suggests 'partner update'."),
        {QStringLiteral("palctl partner create --partner-id 1234567"),
         QStringLiteral("palctl settings set partner-id 1234567 && palctl partner create")},
        create};
    list << Command{{QStringLiteral("partner"), QStringLiteral("update")},
                    QStringLiteral("Change the linked partner ID in a directory."),
                    {},
                    0,
                    0,
                    {partnerIdOption(QStringLiteral("The new partner ID; default: my partner ID.")), directoryOption()},
                    QStringLiteral("If nothing is linked yet, says so (exit 4) and suggests 'partner create'."),
                    {QStringLiteral("palctl partner update --partner-id 7654321 --directory \"Fabrikam Ltd\"")},
                    update};
    list << Command{
        {QStringLiteral("partner"), QStringLiteral("delete")},
        QStringLiteral("Remove the partner link in a directory."),
        {},
        0,
        0,
        {partnerIdOption(QStringLiteral("The linked partner ID to remove.")),
         directoryOption(),
         {QStringLiteral("yes"), QStringLiteral("Do not ask for confirmation (required without a terminal).")}},
        QStringLiteral("On a terminal palctl asks before removing; in scripts pass --yes."),
        {QStringLiteral("palctl partner delete --partner-id 1234567 --yes")},
        remove};
    return list;
}

} // namespace palctl
