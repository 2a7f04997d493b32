// palctl login | logout | account list | account show | account set

#include "Command.h"
#include "Interrupt.h"
#include "TerminalText.h"

#include "Directory.h"
#include "Wipe.h"

#include <QJsonObject>
#include <QScopeGuard>

namespace palctl {

using pal::Account;

QJsonObject accountRecord(const Account &account, bool current)
{
    QJsonObject o = account.toJson();
    o.insert(QStringLiteral("cloud"), account.cloudName);
    o.insert(QStringLiteral("current"), current);
    return o;
}

QString identityLabel(const Account &account)
{
    return oneLine(account.username.isEmpty() ? account.id : account.username);
}

// An account by id or username; several accounts with the username is exit 2 with the ids.
Result<Account> findAccount(const QList<Account> &accounts, const QString &text)
{
    for (const Account &a : accounts)
        if (a.id.compare(text, Qt::CaseInsensitive) == 0)
            return a;
    QList<Account> named;
    for (const Account &a : accounts)
        if (a.username.compare(text, Qt::CaseInsensitive) == 0)
            named << a;
    if (named.size() == 1)
        return named.first();
    if (named.size() > 1) {
        QStringList ids;
        for (const Account &a : named)
            ids << QStringLiteral("  %1 (%2, cloud %3)").arg(a.id, signInKindName(a.kind), a.cloudName);
        return Failure{
            Usage,
            QStringLiteral("Several accounts are %1; choose one by id:\n%2").arg(text, ids.join(QLatin1Char('\n')))};
    }
    return Failure{Usage, QStringLiteral("No account \"%1\" is signed in. Run: palctl account list").arg(text)};
}

namespace {

const QStringList accountColumns{QStringLiteral("username"), QStringLiteral("tenantId"), QStringLiteral("kind"),
                                 QStringLiteral("cloud"),    QStringLiteral("current"),  QStringLiteral("id")};

QString option(Invocation &in, const char *name)
{
    return in.parser.value(QString::fromLatin1(name)).trimmed();
}
bool isSet(Invocation &in, const char *name)
{
    return in.parser.isSet(QString::fromLatin1(name));
}

// Checks everything login can check before it opens a browser or sends anything.
Result<pal::Done> checkLoginOptions(Invocation &in)
{
    const bool sp = isSet(in, "service-principal");
    const int secretSources =
        int(isSet(in, "client-secret-stdin")) + int(isSet(in, "client-secret-file")) + int(isSet(in, "certificate"));
    if (!sp) {
        if (secretSources > 0 || isSet(in, "certificate-password-stdin") || isSet(in, "certificate-password-file"))
            return Failure{Usage, QStringLiteral("Client secrets and certificates are for --service-principal.")};
        return pal::Done{};
    }
    if (isSet(in, "device-code"))
        return Failure{Usage, QStringLiteral("--device-code is for users, not --service-principal.")};
    if (option(in, "client-id").isEmpty() || option(in, "tenant").isEmpty())
        return Failure{Usage, QStringLiteral("--service-principal needs --client-id ID and --tenant TENANT.")};
    if (secretSources != 1)
        return Failure{Usage, QStringLiteral("--service-principal needs exactly one of --client-secret-stdin, "
                                             "--client-secret-file FILE or --certificate FILE.")};
    if ((isSet(in, "certificate-password-stdin") || isSet(in, "certificate-password-file")) &&
        !isSet(in, "certificate"))
        return Failure{Usage, QStringLiteral("A certificate password needs --certificate FILE.")};
    if (isSet(in, "certificate-password-stdin") && isSet(in, "certificate-password-file"))
        return Failure{Usage, QStringLiteral("Give the certificate password one way: stdin or a file.")};
    const QString tenant = option(in, "tenant").toLower();
    if (tenant == QLatin1String("organizations") || tenant == QLatin1String("common"))
        return Failure{Usage, QStringLiteral("A service principal signs in to one directory: give its tenant id or "
                                             "domain as --tenant.")};
    return pal::Done{};
}

void warnIfForgotten(CliContext &context)
{
    if (!context.secretsPersist())
        context.note(QStringLiteral("palctl: warning: %1; you are signed in for this run only and nothing will be "
                                    "remembered.")
                         .arg(context.whyNotPersistent().isEmpty() ? QStringLiteral("no keychain is reachable")
                                                                   : context.whyNotPersistent()));
}

Result<pal::Done> login(Invocation &in)
{
    CliContext &context = in.context;
    if (const auto checked = checkLoginOptions(in); !checked)
        return checked.error();
    const auto cloud = context.cloud();
    if (!cloud)
        return cloud.error();

    pal::SignInOptions options;
    options.cloud = cloud.value();
    if (!option(in, "tenant").isEmpty())
        options.tenant = option(in, "tenant");
    options.clientId = option(in, "client-id");
    if (options.clientId.isEmpty())
        if (const auto config = context.config())
            options.clientId = config.value()->clientId();

    if (isSet(in, "timeout")) {
        bool ok = false;
        const int seconds = option(in, "timeout").toInt(&ok);
        if (!ok || seconds < 1 || seconds > 3600)
            return Failure{Usage, QStringLiteral("--timeout needs a number of seconds from 1 to 3600.")};
        options.browserTimeout = std::chrono::seconds(seconds);
    }

    // Secrets are read before anything is opened, so a blank one is exit 2 with nothing sent.
    QByteArray secret, password;
    const auto wipeSecrets = qScopeGuard([&secret, &password] { // on every way out
        pal::wipe(secret);
        pal::wipe(password);
    });
    if (isSet(in, "client-secret-stdin") || isSet(in, "client-secret-file")) {
        const auto read =
            isSet(in, "client-secret-stdin")
                ? context.readSecretFromStdin(QStringLiteral("client secret"))
                : CliContext::readSecretFile(option(in, "client-secret-file"), QStringLiteral("client secret"));
        if (!read)
            return read.error();
        secret = read.value();
    }
    if (isSet(in, "certificate-password-stdin") || isSet(in, "certificate-password-file")) {
        const auto read = isSet(in, "certificate-password-stdin")
                              ? context.readSecretFromStdin(QStringLiteral("certificate password"))
                              : CliContext::readSecretFile(option(in, "certificate-password-file"),
                                                           QStringLiteral("certificate password"));
        if (!read)
            return read.error();
        password = read.value();
    }

    // In --sandbox the browser sign-in is approved at once; palctl follows the page itself.
    if (context.options().sandbox)
        context.approveSandboxSignIns();

    const auto manager = context.accounts();
    if (!manager)
        return manager.error();
    context.checkKeychain(); // a sign-in must know whether it will be remembered
    pal::AccountManager *accounts = manager.value();
    pal::Expected<Account> account = pal::AzureError{};
    if (isSet(in, "service-principal") && isSet(in, "certificate")) {
        account = context.await<Account>([&](QObject *ctx, pal::Completion<Account> done) {
            accounts->signInWithCertificate(options, option(in, "certificate"), password, ctx, std::move(done));
        });
    } else if (isSet(in, "service-principal")) {
        account = context.await<Account>([&](QObject *ctx, pal::Completion<Account> done) {
            accounts->signInWithClientSecret(options, secret, ctx, std::move(done));
        });
    } else {
        // The user's sign-ins wait (for a browser, or for a code entered elsewhere): Ctrl-C
        // cancels the wait cleanly instead of killing palctl with the listener open.
        pal::CallHandle handle;
        const InterruptWatch watch([&handle] { handle.cancel(); });
        if (isSet(in, "device-code")) {
            // Entra's message says where to go and which code to enter (stderr strips its controls).
            account = context.await<Account>([&](QObject *ctx, pal::Completion<Account> done) {
                handle = accounts->signInWithDeviceCode(
                    options,
                    [&context](const pal::DeviceCodePrompt &prompt) {
                        context.note(prompt.message.isEmpty()
                                         ? QStringLiteral("To sign in, enter the code %1 on your organisation's "
                                                          "device sign-in page.")
                                               .arg(prompt.userCode)
                                         : prompt.message);
                    },
                    ctx, std::move(done));
            });
        } else {
            account = context.await<Account>([&](QObject *ctx, pal::Completion<Account> done) {
                handle = accounts->signInWithBrowser(options, ctx, std::move(done));
            });
        }
        if (!account && watch.interrupted())
            return Failure{SignInNeeded, QStringLiteral("Sign-in cancelled (Ctrl-C); nothing was saved.")};
    }
    pal::wipe(secret);
    pal::wipe(password);
    if (!account && account.error().code == QLatin1String("browser_timeout"))
        return Failure{SignInNeeded, oneLine(account.error().message) + QStringLiteral(" Run: palctl login")};
    if (!account)
        return context.failure(account.error(), Activity::SignIn, options.tenant);

    // Signing in to a directory makes it the current one, as `az login --tenant` does.
    QString directory;
    QString directoryName;
    const QString tenant = options.tenant.toLower();
    if (pal::isTenantGuid(options.tenant)) {
        directory = options.tenant;
    } else if (tenant != QLatin1String("organizations") && tenant != QLatin1String("common")) {
        if (const auto all = context.listDirectories(account.value()))
            if (const auto found = CliContext::matchDirectory(all.value(), options.tenant)) {
                directory = found.value().tenantId;
                directoryName = found.value().displayName;
            }
    }
    if (const auto remembered = context.rememberSignIn(account.value(), directory, directoryName); !remembered)
        return remembered.error();
    context.output().printObject(accountRecord(account.value(), true), accountColumns);
    if (context.options().sandbox)
        context.note(QStringLiteral("(--sandbox: this sign-in and the sandbox end with this run.)"));
    else
        warnIfForgotten(context);
    return pal::Done{};
}

Result<pal::Done> logout(Invocation &in)
{
    CliContext &context = in.context;
    const auto config = context.config();
    if (!config)
        return config.error();
    const auto manager = context.accounts();
    if (!manager)
        return manager.error();
    context.checkKeychain(); // sign-out must still work (from memory) without a keychain
    // The probe swept the keychain items of sign-ins cut short (no account lists them).
    for (const QString &swept : manager.value()->sweptSignIns())
        context.note(QStringLiteral("Removed the keychain items of an unfinished sign-in of %1.").arg(swept));
    const QList<Account> all = manager.value()->accounts();
    QList<Account> leaving;
    if (isSet(in, "all")) {
        leaving = all;
    } else if (isSet(in, "account")) {
        const auto found = findAccount(all, option(in, "account"));
        if (!found)
            return found.error();
        leaving << found.value();
    } else {
        for (const Account &a : all)
            if (a.id == config.value()->currentAccountId())
                leaving << a;
    }
    if (leaving.isEmpty()) {
        context.note(QStringLiteral("No account is signed in."));
        return pal::Done{};
    }
    for (const Account &a : leaving) {
        const auto out = context.await<pal::Done>([&](QObject *ctx, pal::Completion<pal::Done> done) {
            manager.value()->signOut(a.id, ctx, std::move(done));
        });
        if (!out)
            return context.failure(out.error(), Activity::Other);
        if (const auto forgotten = config.value()->forgetAccount(a.id); !forgotten)
            return context.failure(forgotten.error(), Activity::Other);
        if (config.value()->currentAccountId() == a.id)
            if (const auto cleared = config.value()->setCurrentAccountId({}); !cleared)
                return context.failure(cleared.error(), Activity::Other);
        context.note(QStringLiteral("Signed out %1.").arg(identityLabel(a)));
    }
    return context.saveConfig();
}

Result<pal::Done> listAccounts(Invocation &in)
{
    const auto config = in.context.config();
    if (!config)
        return config.error();
    const auto manager = in.context.accounts();
    if (!manager)
        return manager.error();
    QList<QJsonObject> records;
    for (const Account &a : manager.value()->accounts())
        records << accountRecord(a, a.id == config.value()->currentAccountId());
    in.context.output().printList(records, accountColumns);
    return pal::Done{};
}

Result<pal::Done> showAccount(Invocation &in)
{
    const auto config = in.context.config();
    if (!config)
        return config.error();
    const auto manager = in.context.accounts();
    if (!manager)
        return manager.error();
    const QString wanted = in.arguments.value(0, config.value()->currentAccountId());
    if (wanted.isEmpty())
        return Failure{SignInNeeded, QStringLiteral("No account is signed in. Run: palctl login")};
    const auto found = findAccount(manager.value()->accounts(), wanted);
    if (!found)
        return in.arguments.isEmpty()
                   ? Failure{SignInNeeded, QStringLiteral("No account is signed in. Run: palctl login")}
                   : found.error();
    in.context.output().printObject(
        accountRecord(found.value(), found.value().id == config.value()->currentAccountId()), accountColumns);
    return pal::Done{};
}

Result<pal::Done> setAccount(Invocation &in)
{
    const auto config = in.context.config();
    if (!config)
        return config.error();
    const auto manager = in.context.accounts();
    if (!manager)
        return manager.error();
    const auto found = findAccount(manager.value()->accounts(), in.arguments.first());
    if (!found)
        return found.error();
    if (const auto set = config.value()->setCurrentAccountId(found.value().id); !set)
        return in.context.failure(set.error(), Activity::Other);
    if (config.value()->currentCloudName().compare(found.value().cloudName, Qt::CaseInsensitive) != 0 &&
        config.value()->cloud(found.value().cloudName)) {
        if (const auto set = config.value()->setCurrentCloud(found.value().cloudName); set)
            in.context.note(QStringLiteral("The current cloud is now %1.").arg(found.value().cloudName));
    }
    if (const auto saved = in.context.saveConfig(); !saved)
        return saved.error();
    in.context.output().printObject(accountRecord(found.value(), true), accountColumns);
    return pal::Done{};
}

} // namespace

QList<Command> accountCommands()
{
    using O = QCommandLineOption;
    QList<Command> list;
    list << Command{
        {QStringLiteral("login")},
        QStringLiteral("Sign in: browser (default), device code, or a service principal."),
        {},
        0,
        0,
        {O(QStringLiteral("tenant"), QStringLiteral("Directory to sign in to: id or domain (default: organizations)."),
           QStringLiteral("T")),
         O(QStringLiteral("device-code"), QStringLiteral("Sign in on another device with a code (no local browser).")),
         O(QStringLiteral("timeout"),
           QStringLiteral("How long the browser sign-in waits for the browser to come back (default: 300)."),
           QStringLiteral("SECONDS")),
         O(QStringLiteral("client-id"), QStringLiteral("The app to sign in as (default: PAL Desk's client id)."),
           QStringLiteral("ID")),
         O(QStringLiteral("service-principal"), QStringLiteral("Sign in as a service principal (app).")),
         O(QStringLiteral("client-secret-stdin"), QStringLiteral("Read the service principal's secret from stdin.")),
         O(QStringLiteral("client-secret-file"), QStringLiteral("Read the service principal's secret from a file."),
           QStringLiteral("FILE")),
         O(QStringLiteral("certificate"), QStringLiteral("Certificate with private key: PEM or PKCS#12 (.pfx)."),
           QStringLiteral("FILE")),
         O(QStringLiteral("certificate-password-stdin"), QStringLiteral("Read the PKCS#12 password from stdin.")),
         O(QStringLiteral("certificate-password-file"), QStringLiteral("Read the PKCS#12 password from a file."),
           QStringLiteral("FILE"))},
        QStringLiteral(
            "The browser sign-in prints the sign-in page's address and opens it with $BROWSER or the system's\n"
            "opener, then waits for the browser to come back to http://localhost:PORT/ (at most --timeout\n"
            "seconds, then exit 3). --device-code prints Entra's instructions on stderr and waits. Ctrl-C\n"
            "cancels either wait (exit 3, nothing saved).\n"
            "Secrets are read only from stdin or a file, never from the command line. Tokens and secrets go to\n"
            "the OS keychain; without one, the sign-in lasts for this run only (you are told so)."),
        {QStringLiteral("palctl login --tenant contoso.onmicrosoft.com"), QStringLiteral("palctl login --device-code"),
         QStringLiteral("printf %s \"$SECRET\" | palctl login --service-principal --client-id APP_ID --tenant "
                        "TENANT_ID --client-secret-stdin")},
        login};
    list << Command{{QStringLiteral("logout")},
                    QStringLiteral("Sign out: removes the account's tokens and secrets from the keychain."),
                    {},
                    0,
                    0,
                    {O(QStringLiteral("account"),
                       QStringLiteral("The account (id or username); default: the current one."), QStringLiteral("ID")),
                     O(QStringLiteral("all"), QStringLiteral("Sign out every account."))},
                    {},
                    {QStringLiteral("palctl logout --account admin@contoso.onmicrosoft.com"),
                     QStringLiteral("palctl logout --all")},
                    logout};
    list << Command{{QStringLiteral("account"), QStringLiteral("list")},
                    QStringLiteral("List the signed-in accounts."),
                    {},
                    0,
                    0,
                    {},
                    {},
                    {QStringLiteral("palctl account list --output tsv")},
                    listAccounts};
    list << Command{{QStringLiteral("account"), QStringLiteral("show")},
                    QStringLiteral("Show an account (default: the current one)."),
                    QStringLiteral("[ID]"),
                    0,
                    1,
                    {},
                    {},
                    {QStringLiteral("palctl account show")},
                    showAccount};
    list << Command{{QStringLiteral("account"), QStringLiteral("set")},
                    QStringLiteral("Make an account the current one (by id or username)."),
                    QStringLiteral("ID"),
                    1,
                    1,
                    {},
                    {},
                    {QStringLiteral("palctl account set admin@contoso.onmicrosoft.com")},
                    setAccount};
    return list;
}

} // namespace palctl
