// palctl directory list | show | switch | verify-all

#include "Command.h"

#include "FleetReport.h"
#include "FleetRun.h"
#include "FleetVerifier.h"
#include "PartnerId.h"

#include <QEventLoop>
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
                          int concurrency, const QString &expected)
{
    if (directories.isEmpty())
        return {};
    pal::FleetRun run;
    run.setConcurrency(concurrency);
    QEventLoop loop;
    QObject::connect(&run, &pal::FleetRun::finished, &loop, &QEventLoop::quit);
    // A fleet takes a while: on a terminal, say how far it got (stderr, so stdout stays clean).
    const bool terminal = ::isatty(STDERR_FILENO) && directories.size() > 1;
    if (terminal)
        QObject::connect(&run, &pal::FleetRun::progress, &loop, [&context](int done, int total) {
            context.err() << "\rChecked " << done << " of " << total << " directories";
            context.err().flush();
        });
    run.start(pal::FleetRun::targets(&context.session(account).partners(), directories, expected, account.id));
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
    if (const auto set = config.value()->setCurrentDirectory(account.value().id, tenantId); !set)
        return context.configFailure(set.error());
    context.output().printObject(directoryRecord(directory.value(), true, LinkState{}), directoryColumns);
    context.note(QStringLiteral("The current directory is now %1.").arg(directory.value().label()));
    return pal::Done{};
}

Result<pal::Done> verifyAll(Invocation &in)
{
    CliContext &context = in.context;
    QString expected;
    if (in.parser.isSet(QStringLiteral("partner-id"))) {
        const auto id = pal::PartnerId::parse(in.parser.value(QStringLiteral("partner-id")));
        if (!id)
            return Failure{Usage, id.error().userMessage()};
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

    const auto account = context.signedInAccount();
    if (!account)
        return account.error();
    if (!in.parser.isSet(QStringLiteral("partner-id")))
        expected = context.myPartnerId(account.value()); // palctl settings set partner-id
    const auto directories = context.listDirectories(account.value());
    if (!directories)
        return directories.error();
    const QList<FleetResult> results = verify(context, account.value(), directories.value(), concurrency, expected);

    if (!report.isEmpty()) {
        if (const auto written = pal::FleetReport::write(report, results); !written)
            return Failure{ServiceFailed, QStringLiteral("Cannot write the report: %1").arg(written.error().message)};
    }

    QList<QJsonObject> records;
    for (const FleetResult &r : results) {
        // linkState is the name every command uses; outcome, the same value, is what scripts read first.
        QJsonObject o = r.state.toJson();
        o.insert(QStringLiteral("tenantId"), r.directory.tenantId);
        o.insert(QStringLiteral("displayName"), r.directory.displayName);
        o.insert(QStringLiteral("outcome"), r.state.name());
        o.insert(QStringLiteral("matchesExpected"), r.state.matchesExpected());
        o.insert(QStringLiteral("message"), r.state.error ? QJsonValue(r.state.error->userMessage()) : QJsonValue());
        records << o;
    }
    context.output().printList(records, verificationColumns);
    const pal::FleetSummary summary = pal::FleetSummary::of(results, int(results.size()));
    if (summary.failed + summary.cancelled > 0)
        return Failure{ServiceFailed, QStringLiteral("Some directories could not be checked; see their message.")};
    if (summary.signInNeeded > 0)
        return Failure{SignInNeeded, QStringLiteral("Some directories need an interactive sign-in: run palctl login "
                                                    "--tenant TENANT for each one marked \"sign-in needed\".")};
    if (summary.missing() > 0)
        return Failure{NotFound,
                       expected.isEmpty()
                           ? QStringLiteral("Some directories have no partner link.")
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
           QStringLiteral("The partner ID every directory should be linked to (default: my partner ID)."),
           QStringLiteral("ID")),
         O(QStringLiteral("concurrency"), QStringLiteral("Directories checked at once (1-64, default 8)."),
           QStringLiteral("N")),
         O(QStringLiteral("report"), QStringLiteral("Also write a report: FILE.csv or FILE.json."),
           QStringLiteral("FILE"))},
        QStringLiteral("Exit 0 when every directory is linked (to --partner-id when given); 4 when some are not;\n"
                       "3 when some need an interactive sign-in; 1 when some could not be checked."),
        {QStringLiteral("palctl directory verify-all --partner-id 1234567 --report pal-report.csv")},
        verifyAll};
    return list;
}

} // namespace palctl
