// palctl partner show | create | update | delete

#include "Command.h"

#include "PartnerId.h"

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
    return d.displayName.isEmpty() ? d.tenantId : QStringLiteral("%1 (%2)").arg(d.displayName, d.tenantId);
}

// Everything a partner command works with, resolved before the first ManagementPartner request.
struct Target
{
    Account account;
    Directory directory;
    std::optional<PartnerId> partnerId;
};

Result<std::optional<PartnerId>> partnerIdOption(Invocation &in, bool required)
{
    if (!in.parser.isSet(QStringLiteral("partner-id"))) {
        if (required)
            return Failure{
                Usage,
                QStringLiteral("'partner %1' needs --partner-id ID.").arg(in.parser.positionalArguments().value(1))};
        return std::optional<PartnerId>();
    }
    const auto id = PartnerId::parse(in.parser.value(QStringLiteral("partner-id")));
    if (!id)
        return Failure{Usage, QStringLiteral("Invalid partner ID \"%1\": %2")
                                  .arg(in.parser.value(QStringLiteral("partner-id")), id.error().message)};
    return std::optional<PartnerId>(id.value());
}

Result<Target> resolve(Invocation &in, bool idRequired)
{
    const auto id = partnerIdOption(in, idRequired);
    if (!id)
        return id.error();
    const auto account = in.context.signedInAccount();
    if (!account)
        return account.error();
    const auto directory = in.context.directoryFor(account.value(), in.parser.value(QStringLiteral("directory")));
    if (!directory)
        return directory.error();
    return Target{account.value(), directory.value(), id.value()};
}

pal::ManagementPartnerClient &partners(Invocation &in, const Target &t)
{
    return in.context.session(t.account).partners();
}

pal::Expected<PartnerLink> currentLink(Invocation &in, const Target &t)
{
    return in.context.await<PartnerLink>([&](QObject *ctx, pal::Completion<PartnerLink> done) {
        partners(in, t).current(t.directory.tenantId, ctx, std::move(done));
    });
}

// The directory's name for a message; on this failure path one GET /tenants is worth it.
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

// "Not linked to N": says which ID is linked instead, when one is.
Failure notLinkedTo(Invocation &in, const Target &t)
{
    const auto current = currentLink(in, t);
    if (current)
        return Failure{NotFound,
                       QStringLiteral("Partner ID %1 is not linked in directory %2 for identity %3; the linked "
                                      "partner ID is %4.")
                           .arg(t.partnerId->toString(), directoryName(in, t), identityLabel(t.account),
                                current.value().partnerId)};
    return Failure{NotFound, notLinked(in, t)};
}

void printLink(Invocation &in, const PartnerLink &link)
{
    in.context.output().printObject(link.toJson(), linkColumns);
}

Result<pal::Done> show(Invocation &in)
{
    const auto target = resolve(in, false);
    if (!target)
        return target.error();
    const Target &t = target.value();
    pal::Expected<PartnerLink> link =
        t.partnerId ? in.context.await<PartnerLink>([&](QObject *ctx, pal::Completion<PartnerLink> done) {
            partners(in, t).get(t.directory.tenantId, *t.partnerId, ctx, std::move(done));
        })
                    : currentLink(in, t);
    if (!link) {
        if (link.error().kind == AzureError::Kind::NotFound)
            return t.partnerId ? notLinkedTo(in, t) : Failure{NotFound, notLinked(in, t)};
        return in.context.failure(link.error(), Activity::Partner, t.directory.tenantId);
    }
    printLink(in, link.value());
    return pal::Done{};
}

Result<pal::Done> create(Invocation &in)
{
    const auto target = resolve(in, true);
    if (!target)
        return target.error();
    const Target &t = target.value();
    const QString wanted = t.partnerId->toString();
    const QString alreadyLinked = QStringLiteral("Partner ID %1 is already linked in directory %2 for identity %3. To "
                                                 "change it, run: palctl partner update --partner-id %4");

    // The service refuses a second link; reading first says which one is there.
    const auto current = currentLink(in, t);
    if (current) {
        if (current.value().partnerId == wanted) {
            printLink(in, current.value());
            in.context.note(QStringLiteral("Partner ID %1 was already linked; nothing changed.").arg(wanted));
            return pal::Done{};
        }
        return Failure{ServiceFailed, alreadyLinked.arg(current.value().partnerId, directoryName(in, t),
                                                        identityLabel(t.account), wanted)};
    }
    if (current.error().kind != AzureError::Kind::NotFound)
        return in.context.failure(current.error(), Activity::Partner, t.directory.tenantId);

    const auto link = in.context.await<PartnerLink>([&](QObject *ctx, pal::Completion<PartnerLink> done) {
        partners(in, t).create(t.directory.tenantId, *t.partnerId, ctx, std::move(done));
    });
    if (!link) {
        if (link.error().kind == AzureError::Kind::Conflict) {
            const auto now = currentLink(in, t);
            return Failure{ServiceFailed, alreadyLinked.arg(now ? now.value().partnerId : QStringLiteral("(unknown)"),
                                                            directoryName(in, t), identityLabel(t.account), wanted) +
                                              QStringLiteral(" (%1)").arg(link.error().userMessage())};
        }
        return in.context.failure(link.error(), Activity::Partner, t.directory.tenantId);
    }
    printLink(in, link.value());
    return pal::Done{};
}

Result<pal::Done> update(Invocation &in)
{
    const auto target = resolve(in, true);
    if (!target)
        return target.error();
    const Target &t = target.value();
    const auto link = in.context.await<PartnerLink>([&](QObject *ctx, pal::Completion<PartnerLink> done) {
        partners(in, t).update(t.directory.tenantId, *t.partnerId, ctx, std::move(done));
    });
    if (!link) {
        if (link.error().kind == AzureError::Kind::NotFound)
            return Failure{NotFound, notLinked(in, t) + QStringLiteral(" To link one, run: palctl partner create "
                                                                       "--partner-id %1")
                                                            .arg(t.partnerId->toString())};
        return in.context.failure(link.error(), Activity::Partner, t.directory.tenantId);
    }
    printLink(in, link.value());
    return pal::Done{};
}

Result<pal::Done> remove(Invocation &in)
{
    const bool confirmed = in.parser.isSet(QStringLiteral("yes"));
    const bool terminal = ::isatty(STDIN_FILENO);
    if (const auto id = partnerIdOption(in, true); !id)
        return id.error();
    if (!confirmed && !terminal)
        return Failure{Usage, QStringLiteral("'partner delete' asks for confirmation, and stdin is not a terminal: add "
                                             "--yes to delete without asking.")};
    const auto target = resolve(in, true);
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
    const auto removed = in.context.await<pal::Done>([&](QObject *ctx, pal::Completion<pal::Done> done) {
        partners(in, t).remove(t.directory.tenantId, *t.partnerId, ctx, std::move(done));
    });
    if (!removed) {
        if (removed.error().kind == AzureError::Kind::NotFound)
            return notLinkedTo(in, t);
        return in.context.failure(removed.error(), Activity::Partner, t.directory.tenantId);
    }
    in.context.note(QStringLiteral("Removed the link to partner ID %1 in directory %2 for identity %3.")
                        .arg(t.partnerId->toString(), directoryLabel(t.directory), identityLabel(t.account)));
    return pal::Done{};
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
        QStringLiteral("Exit 4 when no partner ID is linked (or not the one given)."),
        {QStringLiteral("palctl partner show"),
         QStringLiteral("palctl partner show --partner-id 1234567 --directory contoso.onmicrosoft.com")},
        show};
    list << Command{
        {QStringLiteral("partner"), QStringLiteral("create")},
        QStringLiteral("Link a partner ID for you in a directory."),
        {},
        0,
        0,
        {partnerIdOption(QStringLiteral("The partner ID (Associated Partner ID, digits).")), directoryOption()},
        QStringLiteral("If another partner ID is linked already, says which and suggests 'partner update'."),
        {QStringLiteral("palctl partner create --partner-id 1234567")},
        create};
    list << Command{{QStringLiteral("partner"), QStringLiteral("update")},
                    QStringLiteral("Change the linked partner ID in a directory."),
                    {},
                    0,
                    0,
                    {partnerIdOption(QStringLiteral("The new partner ID.")), directoryOption()},
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
