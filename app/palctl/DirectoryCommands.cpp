// palctl directory list | show | switch | verify-all

#include "Command.h"
#include "TerminalText.h"

#include "AccountServices.h"
#include "AccountServicesPool.h"
#include "AppServices.h"
#include "BoundedRead.h"
#include "CheckRegistry.h"
#include "FleetCheck.h"
#include "FleetComparison.h"
#include "FleetReport.h"
#include "FleetRun.h"
#include "FleetVerifier.h"
#include "Inventory.h"
#include "Limits.h"
#include "PartnerId.h"

#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>

#include <unistd.h>

namespace palctl {

using pal::Account;
using pal::Directory;
using pal::FleetResult;
using pal::LinkState;

namespace {

const QStringList directoryColumns{QStringLiteral("displayName"), QStringLiteral("defaultDomain"),
                                   QStringLiteral("tenantId"),    QStringLiteral("tenantCategory"),
                                   QStringLiteral("current"),     QStringLiteral("linkState"),
                                   QStringLiteral("partnerId")};

const QStringList verificationColumns{QStringLiteral("displayName"), QStringLiteral("tenantId"),
                                      QStringLiteral("outcome"),     QStringLiteral("partnerId"),
                                      QStringLiteral("partnerName"), QStringLiteral("message")};

const QStringList fleetColumns{QStringLiteral("account"),   QStringLiteral("displayName"),
                               QStringLiteral("tenantId"),  QStringLiteral("finding"),
                               QStringLiteral("partnerId"), QStringLiteral("expectedPartnerId"),
                               QStringLiteral("notes")};

const QStringList changeColumns{QStringLiteral("displayName"), QStringLiteral("tenantId"), QStringLiteral("account"),
                                QStringLiteral("before"),      QStringLiteral("after"),    QStringLiteral("worse")};

// The partner ID a directory is expected to be linked to when the inventory names none:
// --partner-id when given, else "my partner ID" for the account that reaches it
// (AppConfig::partnerIdFor: its override, else the one for all accounts).
pal::ExpectationFor expectationFor(const QString &partnerIdOption, pal::AppConfig *config)
{
    return [partnerIdOption, config](const QString &accountId) {
        return !partnerIdOption.isEmpty() || !config ? partnerIdOption : config->partnerIdFor(accountId);
    };
}

// A directory with what is known of its link (LinkState's names: linked, not linked, sign-in
// needed, error, unchecked).
QJsonObject directoryRecord(const Directory &d, bool current, const LinkState &state)
{
    QJsonObject o = state.toJson();
    o.insert(QStringLiteral("tenantId"), d.tenantId);
    o.insert(QStringLiteral("displayName"), d.displayName);
    o.insert(QStringLiteral("defaultDomain"), d.defaultDomain);
    o.insert(QStringLiteral("tenantCategory"), d.tenantCategory);
    o.insert(QStringLiteral("current"), current);
    return o;
}

// Checks the link in each directory, `concurrency` at a time; one result per directory, in order.
QList<FleetResult> verify(CliContext &context, const Account &account, const QList<Directory> &directories,
                          int concurrency, const QString &expected, const QList<pal::DirectoryCheck *> &checks = {})
{
    if (directories.isEmpty())
        return {};
    pal::FleetRun run;
    run.setConcurrency(concurrency);
    run.setChecks(checks);
    QEventLoop loop;
    QObject::connect(&run, &pal::FleetRun::finished, &loop, &QEventLoop::quit);
    // A fleet takes a while: on a terminal, say how far it got (stderr, so stdout stays clean).
    const bool terminal = ::isatty(STDERR_FILENO) && directories.size() > 1;
    if (terminal)
        QObject::connect(&run, &pal::FleetRun::progress, &loop, [&context](int done, int total) {
            context.err() << "\rChecked " << done << " of " << total << " directories";
            context.err().flush();
        });
    // Each row on the account's services: its link policy, and its tokens for the other checks.
    pal::AccountServices &services = context.accountServices(account);
    QList<pal::FleetTarget> targets = pal::FleetRun::targets(&services.partners(), directories, expected, account.id);
    for (pal::FleetTarget &t : targets)
        t.services = &services;
    run.start(targets);
    const CliContext::OnInterrupt stop(context, [&run] { run.cancel(); }); // Ctrl-C: the rest is not asked
    if (run.isRunning())
        loop.exec();
    if (terminal)
        context.note(QString());
    return run.results();
}

LinkState stateOf(const QList<FleetResult> &results, const QString &tenantId)
{
    for (const FleetResult &r : results)
        if (r.directory.tenantId == tenantId)
            return r.state;
    return {};
}

Result<pal::Done> listDirectories(Invocation &in)
{
    CliContext &context = in.context;
    const auto account = context.signedInAccount();
    if (!account)
        return account.error();
    const auto directories = context.listDirectories(account.value());
    if (!directories)
        return directories.error();
    const QString current = context.currentDirectoryId(account.value());
    QList<FleetResult> checks;
    if (!in.parser.isSet(QStringLiteral("no-link-state")))
        checks = verify(context, account.value(), directories.value(), pal::FleetVerifier::DefaultConcurrency, {});
    QList<QJsonObject> records;
    for (const Directory &d : directories.value())
        records << directoryRecord(d, d.tenantId.compare(current, Qt::CaseInsensitive) == 0,
                                   stateOf(checks, d.tenantId));
    context.output().printList(records, directoryColumns);
    return pal::Done{};
}

Result<pal::Done> showDirectory(Invocation &in)
{
    CliContext &context = in.context;
    const auto account = context.signedInAccount();
    if (!account)
        return account.error();
    const auto directories = context.listDirectories(account.value());
    if (!directories)
        return directories.error();
    const QString current = context.currentDirectoryId(account.value());
    const auto directory = in.arguments.isEmpty() ? context.directoryFor(account.value(), {})
                                                  : context.directoryFor(account.value(), in.arguments.first());
    if (!directory)
        return directory.error();
    const auto checks = verify(context, account.value(), {directory.value()}, 1, {});
    in.context.output().printObject(
        directoryRecord(directory.value(), directory.value().tenantId.compare(current, Qt::CaseInsensitive) == 0,
                        checks.isEmpty() ? LinkState{} : checks.first().state),
        directoryColumns);
    return pal::Done{};
}

Result<pal::Done> switchDirectory(Invocation &in)
{
    CliContext &context = in.context;
    const auto account = context.signedInAccount();
    if (!account)
        return account.error();
    const auto directory = context.directoryFor(account.value(), in.arguments.first());
    if (!directory)
        return directory.error();
    // The switch only sticks when the directory gives a token silently; MFA directories say so now.
    const QString tenantId = directory.value().tenantId;
    pal::AccessTokenProvider *tokens = context.accounts().value()->tokenProvider(account.value().id);
    const auto token = context.await<pal::AccessToken>([&](QObject *ctx, pal::Completion<pal::AccessToken> done) {
        pal::TokenRequest request;
        request.tenantId = tenantId;
        tokens->requestToken(request, ctx, std::move(done));
    });
    if (!token)
        return context.failure(token.error(), Activity::Silent, tenantId);
    const auto config = context.config();
    if (!config)
        return config.error();
    if (const auto set =
            config.value()->setCurrentDirectory(account.value().id, tenantId, directory.value().displayName);
        !set)
        return context.configFailure(set.error());
    context.output().printObject(directoryRecord(directory.value(), true, LinkState{}), directoryColumns);
    context.note(QStringLiteral("The current directory is now %1.").arg(oneLine(directory.value().label())));
    return pal::Done{};
}

// Every directory of every signed-in account, with the inventory's expectations (FleetCheck).
Result<QList<FleetResult>> verifyAllAccounts(CliContext &context, int concurrency, const QString &expected,
                                             const QList<pal::DirectoryCheck *> &checks, bool *listingFailed)
{
    const auto accounts = signedInAccounts(context);
    if (!accounts)
        return accounts.error();
    const auto cloud = context.cloud();
    if (!cloud)
        return cloud.error();
    const auto config = context.config();
    if (!config)
        return config.error();
    const auto inventory = pal::Inventory(config.value()->directory()).load();
    if (!inventory)
        return Failure{ServiceFailed, oneLine(inventory.error().userMessage())};

    pal::FleetCheck check(context.network(), context.accounts().value());
    check.setSessions(context.services().accountServices());
    check.setConcurrency(concurrency);
    check.run().setChecks(checks);
    check.setInventory(inventory.value());
    check.setExpectation(expectationFor(expected, config.value()));
    QEventLoop loop;
    QObject::connect(&check, &pal::FleetCheck::finished, &loop, &QEventLoop::quit);
    const bool terminal = ::isatty(STDERR_FILENO);
    if (terminal)
        QObject::connect(&check, &pal::FleetCheck::progress, &loop, [&context](int done, int total) {
            context.err() << "\rChecked " << done << " of " << total << " directories";
            context.err().flush();
        });
    check.start(accounts.value(), cloud.value());
    const CliContext::OnInterrupt stop(context, [&check] { check.cancel(); }); // Ctrl-C: the rest is not asked
    if (!context.interrupted()) // else cancelled as it started: finished already
        loop.exec();
    if (terminal)
        context.note(QString());
    for (const pal::ListingFailure &f : check.listingFailures())
        context.note(QStringLiteral("palctl: the directories of %1 could not be listed: %2")
                         .arg(f.account.username, context.failure(f.error, Activity::Silent).message));
    *listingFailed = !check.listingFailures().isEmpty();
    return check.run().results();
}

QJsonObject fleetRecord(const FleetResult &r)
{
    QJsonObject o = r.state.toJson();
    o.insert(QStringLiteral("account"), r.accountName);
    o.insert(QStringLiteral("accountId"), r.accountId);
    o.insert(QStringLiteral("tenantId"), r.directory.tenantId);
    o.insert(QStringLiteral("displayName"), r.directory.displayName);
    o.insert(QStringLiteral("linkState"), r.outcome());
    o.insert(QStringLiteral("outcome"), r.outcome());
    o.insert(QStringLiteral("finding"), pal::findingName(pal::findingOf(r)));
    o.insert(QStringLiteral("expectedPartnerId"),
             r.state.expectedPartnerId.isEmpty() ? QJsonValue() : QJsonValue(r.state.expectedPartnerId));
    o.insert(QStringLiteral("matchesExpected"), r.state.matchesExpected());
    o.insert(QStringLiteral("inInventory"), r.inInventory);
    o.insert(QStringLiteral("notes"), r.notes);
    o.insert(QStringLiteral("message"), r.state.error ? QJsonValue(r.state.error->userMessage()) : QJsonValue());
    return o;
}

QString sideText(const std::optional<pal::LinkSide> &side)
{
    if (!side)
        return QStringLiteral("(not checked)");
    return side->partnerId.isEmpty() ? side->linkState : QStringLiteral("%1 %2").arg(side->linkState, side->partnerId);
}

// --compare: what changed since EARLIER; exit 4 when a link disappeared or points to another ID.
Result<pal::Done> printChanges(CliContext &context, const QList<pal::ReportEntry> &earlier,
                               const QList<FleetResult> &results)
{
    const QList<pal::FleetChange> changes =
        pal::FleetComparison::compare(earlier, pal::FleetComparison::entries(results));
    QList<QJsonObject> records;
    for (const pal::FleetChange &c : changes) {
        QJsonObject o = c.toJson();
        if (context.output().format() != OutputFormat::Json) {
            o.insert(QStringLiteral("before"), sideText(c.before));
            o.insert(QStringLiteral("after"), sideText(c.after));
        }
        records << o;
    }
    context.output().printList(records, changeColumns);
    // A change to "could not tell" is never "worse": say so, so that a quiet exit 0 is not misread.
    int unread = 0;
    for (const pal::FleetChange &c : changes)
        unread += c.after && c.after->linkState != QLatin1String("linked") &&
                          c.after->linkState != QLatin1String("not linked")
                      ? 1
                      : 0;
    if (unread > 0)
        context.note(
            QStringLiteral("palctl: %1 could not be checked as before; see their \"after\" state.")
                .arg(unread == 1 ? QStringLiteral("1 directory") : QStringLiteral("%1 directories").arg(unread)));
    if (pal::FleetComparison::anyWorse(changes))
        return Failure{NotFound, QStringLiteral("Since the earlier report, a partner link disappeared or points to "
                                                "another partner ID.")};
    return pal::Done{};
}

Result<pal::Done> verifyAll(Invocation &in)
{
    CliContext &context = in.context;
    QString expected;
    if (in.parser.isSet(QStringLiteral("partner-id"))) {
        const auto id = pal::PartnerId::parse(in.parser.value(QStringLiteral("partner-id")));
        if (!id)
            return Failure{Usage, oneLine(id.error().userMessage())};
        expected = id.value().toString();
    }
    int concurrency = pal::FleetVerifier::DefaultConcurrency;
    if (in.parser.isSet(QStringLiteral("concurrency"))) {
        bool ok = false;
        concurrency = in.parser.value(QStringLiteral("concurrency")).toInt(&ok);
        if (!ok || concurrency < 1 || concurrency > pal::FleetVerifier::MaxConcurrency)
            return Failure{Usage, QStringLiteral("--concurrency must be a number from 1 to 64.")};
    }
    const QString report = in.parser.value(QStringLiteral("report"));
    if (!report.isEmpty() && !pal::FleetReport::formatFor(report))
        return Failure{Usage, QStringLiteral("--report must name a .csv or .json file.")};
    // The earlier report is read before anything is sent: a bad one is exit 2 with nothing checked.
    std::optional<QList<pal::ReportEntry>> earlier;
    if (in.parser.isSet(QStringLiteral("compare"))) {
        const QString path = in.parser.value(QStringLiteral("compare"));
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return Failure{Usage, QStringLiteral("Cannot read %1: %2.").arg(path, file.errorString())};
        const auto bytes = pal::readAtMost(file, pal::limits::MaxConfigFileBytes, path);
        if (!bytes)
            return Failure{Usage, bytes.error().message};
        const auto entries = pal::FleetComparison::parseReport(bytes.value(), path);
        if (!entries)
            return Failure{Usage, oneLine(entries.error().message)};
        earlier = entries.value();
    }
    const bool allAccounts = in.parser.isSet(QStringLiteral("all-accounts"));
    // --checks: the registered checks each row is asked (the link's always); unknown is exit 2.
    QList<pal::DirectoryCheck *> checks;
    if (in.parser.isSet(QStringLiteral("checks"))) {
        const QStringList names = pal::CheckRegistry::parseNames(in.parser.value(QStringLiteral("checks")));
        if (names.isEmpty())
            return Failure{Usage, QStringLiteral("--checks needs one or more check names, such as link,identity.")};
        const auto resolved = context.services().checks().resolve(names);
        if (!resolved)
            return Failure{Usage, resolved.error().message};
        checks = resolved.value();
    }

    QList<FleetResult> results;
    bool listingFailed = false;
    if (allAccounts) {
        // Each account's own "my partner ID" where neither the inventory nor --partner-id names one.
        const auto checked = verifyAllAccounts(context, concurrency, expected, checks, &listingFailed);
        if (!checked)
            return checked.error();
        results = checked.value();
    } else {
        const auto account = context.signedInAccount();
        if (!account)
            return account.error();
        if (!in.parser.isSet(QStringLiteral("partner-id")))
            expected = context.myPartnerId(account.value()); // palctl settings set partner-id
        const auto directories = context.listDirectories(account.value());
        if (!directories)
            return directories.error();
        results = verify(context, account.value(), directories.value(), concurrency, expected, checks);
    }

    if (!report.isEmpty()) {
        if (const auto written = pal::FleetReport::write(report, results); !written)
            return Failure{ServiceFailed,
                           QStringLiteral("Cannot write the report: %1").arg(oneLine(written.error().message))};
    }
    if (earlier)
        return printChanges(context, *earlier, results);

    QList<QJsonObject> records;
    QStringList otherChecks; // a column each in tables: the check's state
    for (const pal::DirectoryCheck *check : checks)
        if (check->name() != QLatin1String("link"))
            otherChecks << check->name();
    const auto withChecks = [&](QJsonObject o, const FleetResult &r) {
        if (otherChecks.isEmpty())
            return o;
        o.insert(QStringLiteral("checks"), r.otherChecksJson());
        for (const QString &name : otherChecks) {
            const pal::CheckResult *found = pal::findCheck(r.checks, name);
            o.insert(name, found ? QJsonValue(found->stateName()) : QJsonValue());
        }
        return o;
    };
    for (const FleetResult &r : results) {
        if (allAccounts) {
            records << withChecks(fleetRecord(r), r);
            continue;
        }
        // linkState is the name every command uses; outcome, the same value, is what scripts read first.
        QJsonObject o = r.state.toJson();
        o.insert(QStringLiteral("tenantId"), r.directory.tenantId);
        o.insert(QStringLiteral("displayName"), r.directory.displayName);
        o.insert(QStringLiteral("outcome"), r.state.name());
        o.insert(QStringLiteral("matchesExpected"), r.state.matchesExpected());
        o.insert(QStringLiteral("message"), r.state.error ? QJsonValue(r.state.error->userMessage()) : QJsonValue());
        records << withChecks(o, r);
    }
    context.output().printList(records, (allAccounts ? fleetColumns : verificationColumns) + otherChecks);
    const pal::FleetSummary summary = pal::FleetSummary::of(results, int(results.size()));
    if (summary.failed + summary.cancelled > 0 || listingFailed)
        return Failure{ServiceFailed, QStringLiteral("Some directories could not be checked; see their message.")};
    if (summary.signInNeeded > 0)
        return Failure{SignInNeeded, QStringLiteral("Some directories need an interactive sign-in: run palctl login "
                                                    "--tenant TENANT for each one marked \"sign-in needed\".")};
    if (summary.notSignedIn > 0)
        return Failure{SignInNeeded, QStringLiteral("Some inventory rows name an identity that is not signed in here "
                                                    "(\"identity not signed in\"): sign in as it with palctl login.")};
    if (summary.missing() + summary.notReachable > 0)
        return Failure{NotFound,
                       expected.isEmpty() && !allAccounts ? QStringLiteral("Some directories have no partner link.")
                       : allAccounts
                           ? QStringLiteral("Some directories are not linked as expected (see finding).")
                           : QStringLiteral("Some directories are not linked to partner ID %1.").arg(expected)};
    return pal::Done{};
}

} // namespace

QList<Command> directoryCommands()
{
    using O = QCommandLineOption;
    QList<Command> list;
    list << Command{{QStringLiteral("directory"), QStringLiteral("list")},
                    QStringLiteral("List the directories the account can reach, with their link state."),
                    {},
                    0,
                    0,
                    {O(QStringLiteral("no-link-state"), QStringLiteral("Do not check each directory's partner link."))},
                    QStringLiteral("linkState is linked, not linked, sign-in needed (MFA or consent), error, or "
                                   "unchecked."),
                    {QStringLiteral("palctl directory list --output table")},
                    listDirectories};
    list << Command{{QStringLiteral("directory"), QStringLiteral("show")},
                    QStringLiteral("Show the current directory (or TENANT) and its link state."),
                    QStringLiteral("[TENANT]"),
                    0,
                    1,
                    {},
                    {},
                    {QStringLiteral("palctl directory show")},
                    showDirectory};
    list << Command{{QStringLiteral("directory"), QStringLiteral("switch")},
                    QStringLiteral("Make a directory the current one: by id, domain or display name."),
                    QStringLiteral("TENANT"),
                    1,
                    1,
                    {},
                    QStringLiteral("A display name shared by several directories is refused with the candidates; a "
                                   "directory that needs MFA says so (exit 3) and is not switched to."),
                    {QStringLiteral("palctl directory switch contoso.onmicrosoft.com"),
                     QStringLiteral("palctl directory switch \"Fabrikam Ltd\"")},
                    switchDirectory};
    list << Command{
        {QStringLiteral("directory"), QStringLiteral("verify-all")},
        QStringLiteral("Check the partner link in every directory the account can reach."),
        {},
        0,
        0,
        {O(QStringLiteral("partner-id"),
           QStringLiteral("The partner ID every directory should be linked to (where the inventory names none; "
                          "default: my partner ID)."),
           QStringLiteral("ID")),
         O(QStringLiteral("all-accounts"),
           QStringLiteral("Every directory of every signed-in account, and every inventory row.")),
         O(QStringLiteral("compare"), QStringLiteral("Print what changed since an earlier --report FILE.json instead."),
           QStringLiteral("EARLIER")),
         O(QStringLiteral("concurrency"),
           QStringLiteral("Directories checked at once (1-64, default %1).")
               .arg(pal::FleetVerifier::DefaultConcurrency),
           QStringLiteral("N")),
         O(QStringLiteral("report"), QStringLiteral("Also write a report: FILE.csv or FILE.json."),
           QStringLiteral("FILE")),
         O(QStringLiteral("checks"),
           QStringLiteral("The checks to ask of each directory, comma-separated: link (always), identity (is the "
                          "link the signed-in identity's), attribution (is Power Platform work credited)."),
           QStringLiteral("NAMES"))},
        QStringLiteral(
            "Exit 0 when every directory is linked (to --partner-id when given); 4 when some are not;\n"
            "3 when some need an interactive sign-in; 1 when some could not be checked.\n"
            "--all-accounts checks each directory with each signed-in account that reaches it (a directory two\n"
            "accounts reach is two rows) and each inventory row (palctl inventory import), as expected vs found:\n"
            "linked as expected, linked to another ID, not linked, identity not signed in (exit 3), directory\n"
            "not reachable (exit 4), sign-in needed, error. The expected partner ID of a row is the inventory's,\n"
            "else --partner-id, else the account's my partner ID (palctl settings set partner-id).\n"
            "--compare EARLIER.json prints the changes since that report as [{tenantId, displayName, account,\n"
            "before: {linkState, partnerId}, after: {...}, worse}] and exits 4 when a link disappeared or points\n"
            "to another ID, 0 otherwise; an EARLIER that is not a verify-all JSON report is exit 2.\n"
            "--checks link,identity,attribution adds each check's state as a column and, in JSON, \"checks\":\n"
            "{name: {state, ...}} per row (and in a JSON --report); the exit code stays the link's."),
        {QStringLiteral("palctl directory verify-all --partner-id 1234567 --report pal-report.csv"),
         QStringLiteral("palctl directory verify-all --all-accounts -o table"),
         QStringLiteral("palctl directory verify-all --all-accounts --compare yesterday.json --report today.json"),
         QStringLiteral("palctl directory verify-all --checks link,identity -o table")},
        verifyAll};
    return list;
}

} // namespace palctl
