#include "CliContext.h"

#include "TerminalText.h"

#include "Browser.h"
#include "FollowingBrowser.h"

#include "AccountServicesPool.h"
#include "AppServices.h"
#include "EntraError.h"
#include "LinkHistory.h"
#include "Logging.h"
#include "NetworkAccessPool.h"
#include "PartnerLinks.h"
#include "Wipe.h"

#include <QFile>
#include <QNetworkAccessManager>

#include <unistd.h>

#ifdef PALCTL_HAS_SANDBOX
#include "InProcessSandbox.h"
#endif

namespace palctl {

using pal::Account;
using pal::AzureError;
using pal::CloudEnvironment;
using pal::Directory;

namespace {
QString envValue(const char *name)
{
    return qEnvironmentVariable(name).trimmed();
}

bool environmentSignIn()
{
    return !envValue("PALDESK_CLIENT_ID").isEmpty();
}

} // namespace

// A secret read from a file: surrounding whitespace (the trailing newline editors add) is not part of it.
Result<QByteArray> CliContext::readSecretFile(const QString &path, const QString &what)
{
    QFile file(path);
    // Unbuffered: no copy of the secret is left in QFile's buffer.
    if (!file.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return Failure{Usage, QStringLiteral("Cannot read the %1 file %2: %3.").arg(what, path, file.errorString())};
    QByteArray secret = file.readAll().trimmed(); // not const: moved out, not copied
    if (secret.isEmpty())
        return Failure{Usage, QStringLiteral("The %1 file %2 is empty.").arg(what, path)};
    return secret;
}

Result<QByteArray> CliContext::readSecretFromStdin(const QString &what)
{
    if (::isatty(STDIN_FILENO))
        note(QStringLiteral("Type or paste the %1, then press Enter and Ctrl-D:").arg(what));
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return Failure{Usage, QStringLiteral("Cannot read the %1 from stdin.").arg(what)};
    QByteArray secret = in.readAll().trimmed(); // not const: moved out, not copied
    if (secret.isEmpty())
        return Failure{Usage, QStringLiteral("The %1 read from stdin is empty.").arg(what)};
    return secret;
}

CliContext::CliContext(GlobalOptions options, QTextStream *out, QTextStream *err)
    : m_options(std::move(options))
    , m_out(out)
    , m_err(err)
{
    pal::AppServices::Options root;
    root.appName = QStringLiteral("palctl");
    // A --sandbox run keeps nothing: its cloud, accounts, directory and history live in a temporary folder.
    root.ephemeral = m_options.sandbox;
    // A run signed in from the environment, or in the sandbox, keeps its secrets in memory only.
    root.memoryOnly = m_options.sandbox || environmentSignIn();
#ifdef PALCTL_HAS_SANDBOX
    if (m_options.sandbox) {
        m_sandbox = std::make_unique<InProcessSandbox>();
        root.startSandbox = m_sandbox->starter();
    }
#endif
    m_services = std::make_unique<pal::AppServices>(std::move(root));
}

CliContext::~CliContext()
{
    // The session uses the network and the accounts: it ends first; then the services (which close
    // the kept-alive connections, so the sandbox does not wait them out), then the sandbox.
    m_unpooled.reset();
    m_services.reset();
    m_browser.reset();
    m_sandbox.reset();
}

void CliContext::note(const QString &text)
{
    *m_err << text << '\n';
    m_err->flush();
}

QNetworkAccessManager *CliContext::network()
{
    return m_services->network();
}

Result<pal::AppConfig *> CliContext::config()
{
    pal::AppConfig *config = m_services->config();
    if (const auto &error = m_services->configError())
        return Failure{
            ServiceFailed,
            QStringLiteral("PAL Desk's configuration cannot be read: %1").arg(oneLine(error->userMessage()))};
    return config;
}

Result<pal::Done> CliContext::saveConfig()
{
    const auto config = this->config();
    if (!config)
        return config.error();
    if (const auto saved = config.value()->save(); !saved)
        return Failure{
            ServiceFailed,
            QStringLiteral("PAL Desk's configuration cannot be saved: %1").arg(oneLine(saved.error().userMessage()))};
    return pal::Done{};
}

Failure CliContext::configFailure(const AzureError &error) const
{
    // Validation errors come without a code; the lock's and the file's have theirs.
    if (error.code.isEmpty())
        return Failure{Usage, oneLine(error.userMessage())};
    return Failure{ServiceFailed,
                   QStringLiteral("PAL Desk's configuration cannot be saved: %1").arg(oneLine(error.userMessage()))};
}

Result<pal::LinkHistory *> CliContext::history()
{
    const auto config = this->config();
    if (!config)
        return config.error();
    return m_services->history();
}

void CliContext::waitForHistory()
{
    pal::LinkHistory *history = m_services->history();
    if (!history->isRecording())
        return;
    QEventLoop loop;
    QObject::connect(history, &pal::LinkHistory::idle, &loop, &QEventLoop::quit);
    loop.exec();
}

Result<pal::Done> CliContext::startSandbox()
{
    const auto cloud = m_services->startSandbox();
    if (!cloud)
        return Failure{m_services->canStartSandbox() ? ServiceFailed : Usage, oneLine(cloud.error().userMessage())};
    return pal::Done{};
}

Result<CloudEnvironment> CliContext::cloud()
{
    if (m_options.sandbox) {
        if (const auto started = startSandbox(); !started)
            return started.error();
        return m_services->startSandbox().value();
    }
    const auto config = this->config();
    if (!config)
        return config.error();
    if (m_options.cloud.isEmpty())
        return config.value()->currentCloud();
    if (auto found = config.value()->cloud(m_options.cloud))
        return *found;
    QStringList names;
    for (const CloudEnvironment &c : config.value()->clouds())
        names << c.name;
    return Failure{Usage, QStringLiteral("Unknown cloud \"%1\". Known clouds: %2. Register one with: palctl cloud "
                                         "register --name NAME --login-endpoint URL --arm-endpoint URL")
                              .arg(m_options.cloud, names.join(QStringLiteral(", ")))};
}

Result<pal::AccountManager *> CliContext::accounts()
{
    const auto config = this->config();
    if (!config)
        return config.error();
    if (!m_browser) {
        if (m_options.sandbox)
            m_browser = std::make_unique<pal::FollowingBrowser>(m_services->network());
        else
            m_browser = std::make_unique<SystemBrowser>(m_err);
        m_services->setBrowser(m_browser.get());
    }
    // The keychain is probed only where it matters up front (login, logout) or after a keychain
    // error (checkKeychain): the probe costs ~20 ms of D-Bus round trips on every other run.
    pal::AccountManager *manager = m_services->accounts();
    if (const auto &error = m_services->accountsError())
        return Failure{ServiceFailed, oneLine(error->userMessage())};
    return manager;
}

bool CliContext::checkKeychain()
{
    if (m_services->secretStoreChecked() || !m_services->openedAccounts())
        return m_services->whyNotPersistent().isEmpty();
    // No keychain (no D-Bus, no Secret Service, locked): the manager falls back to memory itself.
    const auto checked = await<pal::Done>([&](QObject *context, pal::Completion<pal::Done> done) {
        m_services->checkSecretStore(context, std::move(done));
    });
    return checked.hasValue();
}

bool CliContext::secretsPersist() const
{
    return m_services->secretsPersist();
}

QString CliContext::secretStoreDescription() const
{
    return m_services->secretStoreDescription();
}

QString CliContext::whyNotPersistent() const
{
    return m_services->whyNotPersistent();
}

pal::Expected<Account> CliContext::signInWithBrowser(const pal::SignInOptions &options)
{
    pal::AccountManager *manager = m_services->accounts();
    return await<Account>([&](QObject *context, pal::Completion<Account> done) {
        manager->signInWithBrowser(options, context, std::move(done));
    });
}

Result<Account> CliContext::signInFromEnvironment(const CloudEnvironment &cloud)
{
    const QString tenant = envValue("PALDESK_TENANT_ID");
    const QString secretFile = envValue("PALDESK_CLIENT_SECRET_FILE");
    const QString certificate = envValue("PALDESK_CERTIFICATE_FILE");
    if (tenant.isEmpty() || (secretFile.isEmpty() == certificate.isEmpty()))
        return Failure{Usage, QStringLiteral("PALDESK_CLIENT_ID is set, so palctl signs in as that service principal: "
                                             "also set PALDESK_TENANT_ID and one of PALDESK_CLIENT_SECRET_FILE or "
                                             "PALDESK_CERTIFICATE_FILE.")};
    const auto manager = accounts();
    if (!manager)
        return manager.error();
    pal::SignInOptions options;
    options.cloud = cloud;
    options.tenant = tenant;
    options.clientId = envValue("PALDESK_CLIENT_ID");
    options.remember = false; // this run only: never in accounts.json
    pal::Expected<Account> account = AzureError::make(AzureError::Kind::Cancelled, {});
    if (!secretFile.isEmpty()) {
        auto secret = readSecretFile(secretFile, QStringLiteral("client secret"));
        if (!secret)
            return secret.error();
        account = await<Account>([&](QObject *context, pal::Completion<Account> done) {
            manager.value()->signInWithClientSecret(options, secret.value(), context, std::move(done));
        });
        pal::wipe(secret.value());
    } else {
        QByteArray password;
        if (const QString passwordFile = envValue("PALDESK_CERTIFICATE_PASSWORD_FILE"); !passwordFile.isEmpty()) {
            const auto read = readSecretFile(passwordFile, QStringLiteral("certificate password"));
            if (!read)
                return read.error();
            password = read.value();
        }
        account = await<Account>([&](QObject *context, pal::Completion<Account> done) {
            manager.value()->signInWithCertificate(options, certificate, password, context, std::move(done));
        });
        pal::wipe(password);
    }
    if (!account)
        return failure(account.error(), Activity::SignIn, tenant);
    return account.value();
}

void CliContext::approveSandboxSignIns()
{
#ifdef PALCTL_HAS_SANDBOX
    // The scenario's auto-approved user (else its first user) signs in; the sandbox approves at once.
    if (m_sandbox)
        m_sandbox->approveSignIns();
#endif
}

Result<Account> CliContext::signInToSandbox()
{
    const auto cloud = this->cloud();
    if (!cloud)
        return cloud.error();
    const auto manager = accounts();
    if (!manager)
        return manager.error();
    approveSandboxSignIns();
    pal::SignInOptions options;
    options.cloud = cloud.value();
    options.remember = false; // the sandbox ends with this run
    const auto account = signInWithBrowser(options);
    if (!account)
        return failure(account.error(), Activity::SignIn);
    return account.value();
}

Result<Account> CliContext::signedInAccount()
{
    if (m_runAccount)
        return *m_runAccount;
    const auto cloud = this->cloud();
    if (!cloud)
        return cloud.error();
    if (m_options.sandbox || environmentSignIn()) {
        const auto account = m_options.sandbox ? signInToSandbox() : signInFromEnvironment(cloud.value());
        if (!account)
            return account.error();
        m_runAccount = account.value();
        return *m_runAccount;
    }
    const auto config = this->config();
    if (!config)
        return config.error();
    const auto manager = accounts();
    if (!manager)
        return manager.error();
    const QString current = config.value()->currentAccountId();
    std::optional<Account> chosen;
    for (const Account &a : manager.value()->accounts()) {
        if (a.cloudName.compare(cloud.value().name, Qt::CaseInsensitive) != 0)
            continue;
        if (!chosen || a.id == current)
            chosen = a;
    }
    if (!chosen) {
        const QString cloudOption =
            m_options.cloud.isEmpty() ? QString() : QStringLiteral(" --cloud ") + m_options.cloud;
        return Failure{SignInNeeded, QStringLiteral("You are not signed in to cloud %1. Run: palctl%2 login")
                                         .arg(cloud.value().name, cloudOption)};
    }
    // Its saved cloud may no longer validate (an earlier version's, or edited by hand): say so first.
    if (const auto saved = manager.value()->cloudOf(chosen->id); !saved)
        return Failure{Usage, saved.error().userMessage()};
    return *chosen;
}

Result<pal::Done> CliContext::rememberSignIn(const Account &account, const QString &directoryId,
                                             const QString &directoryName)
{
    const auto config = this->config();
    if (!config)
        return config.error();
    if (const auto set = config.value()->setCurrentAccountId(account.id); !set)
        return configFailure(set.error());
    if (!directoryId.isEmpty())
        if (const auto set = config.value()->setCurrentDirectory(account.id, directoryId, directoryName); !set)
            return configFailure(set.error());
    return pal::Done{};
}

pal::AccountServices &CliContext::accountServices(const Account &account)
{
    // Only called with an account of this run's cloud, so the cloud resolved already.
    const CloudEnvironment cloud = this->cloud().value();
    if (pal::AccountServices *shared = m_services->accountServices()->forAccount(account, cloud))
        return *shared;
    // Not signed in here (the pool has no tokens for it): a session of its own, as before the pool.
    if (!m_unpooled || m_unpooled->account().id != account.id)
        m_unpooled = std::make_unique<pal::AccountServices>(
            network(), m_services->accounts()->tokenProvider(account.id), account, cloud);
    return *m_unpooled;
}

pal::ArmSession &CliContext::session(const Account &account)
{
    return *accountServices(account).arm();
}

pal::PartnerLinks &CliContext::partnerLinks(const Account &account)
{
    // The account's link policy; the root records its changes in the history.
    pal::PartnerLinks &links = accountServices(account).links();
    if (!m_historyNotes) {
        m_historyNotes = true;
        // The change stands (it was made, or failed, in Azure); only its record is missing: say so.
        QObject::connect(m_services->history(), &pal::LinkHistory::appendFailed, m_services->history(),
                         [this](const pal::AzureError &error) {
                             note(QStringLiteral("palctl: warning: this change is not in the link history: %1")
                                      .arg(oneLine(error.userMessage())));
                         });
    }
    return links;
}

QString CliContext::myPartnerId(const Account &account)
{
    const auto config = this->config();
    return config ? config.value()->partnerIdFor(account.id) : QString();
}

QString CliContext::currentDirectoryId(const Account &account)
{
    QString id;
    if (const auto config = this->config())
        id = config.value()->currentDirectory(account.id);
    return id.isEmpty() ? account.homeTenantId : id;
}

Result<QList<Directory>> CliContext::listDirectories(const Account &account)
{
    if (m_directories)
        return *m_directories;
    pal::ArmSession &arm = session(account);
    const auto listed = await<QList<Directory>>([&](QObject *context, pal::Completion<QList<Directory>> done) {
        arm.tenants().list(QString(), context, std::move(done));
    });
    if (!listed)
        return failure(listed.error(), Activity::Silent);
    m_directories = std::make_unique<QList<Directory>>(listed.value());
    return *m_directories;
}

Result<Directory> CliContext::matchDirectory(const QList<Directory> &directories, const QString &text)
{
    QString wanted = text.trimmed();
    if (wanted.startsWith(QLatin1Char('{')) && wanted.endsWith(QLatin1Char('}')))
        wanted = wanted.mid(1, wanted.size() - 2);
    const auto same = [](const QString &a, const QString &b) { return a.compare(b, Qt::CaseInsensitive) == 0; };
    for (const Directory &d : directories)
        if (same(d.tenantId, wanted))
            return d;
    for (const Directory &d : directories) {
        if (same(d.defaultDomain, wanted))
            return d;
        for (const QString &domain : d.domains)
            if (same(domain, wanted))
                return d;
    }
    QList<Directory> named;
    for (const Directory &d : directories)
        if (same(d.displayName, wanted))
            named << d;
    if (named.size() == 1)
        return named.first();
    if (named.size() > 1) {
        QStringList candidates;
        for (const Directory &d : named)
            candidates << QStringLiteral("  %1  %2").arg(d.tenantId, oneLine(d.label()));
        return Failure{Usage, QStringLiteral("\"%1\" names %2 directories; choose one by id or domain:\n%3")
                                  .arg(text)
                                  .arg(named.size())
                                  .arg(candidates.join(QLatin1Char('\n')))};
    }
    return Failure{
        Usage, QStringLiteral("No directory \"%1\" is known to this account. Run: palctl directory list").arg(text)};
}

Result<Directory> CliContext::directoryFor(const Account &account, const QString &text)
{
    if (text.trimmed().isEmpty()) {
        Directory current;
        current.tenantId = currentDirectoryId(account);
        // Named at the switch: no GET /tenants just to say which directory this is.
        if (const auto config = this->config();
            config && config.value()->currentDirectory(account.id) == current.tenantId)
            current.displayName = config.value()->currentDirectoryName(account.id);
        if (m_directories) {
            for (const Directory &d : *m_directories)
                if (d.tenantId.compare(current.tenantId, Qt::CaseInsensitive) == 0)
                    return d;
        }
        return current;
    }
    const auto directories = listDirectories(account);
    if (!directories)
        return directories.error();
    return matchDirectory(directories.value(), text);
}

bool CliContext::flushTokens()
{
    pal::AccountManager *manager = m_services->openedAccounts();
    if (!manager) // nothing opened the accounts: no token was fetched
        return false;
    // Not await(): this runs after Ctrl-C too, which is when it matters most.
    QEventLoop loop;
    std::optional<pal::Expected<pal::Done>> flushed;
    manager->flush(&loop, [&](const pal::Expected<pal::Done> &r) {
        flushed.emplace(r);
        loop.quit();
    });
    if (!flushed)
        loop.exec();
    if (!*flushed) {
        note(QStringLiteral("New tokens were not saved to the keychain (%1); the next run fetches them again.")
                 .arg(oneLine(flushed->error().message)));
        return false;
    }
    return m_services->secretsPersist();
}

pal::AzureError CliContext::interruptedError()
{
    return AzureError::make(AzureError::Kind::Cancelled, QStringLiteral("Interrupted (Ctrl-C)."));
}

void CliContext::interrupt()
{
    m_interrupted = true;
    // Innermost first; a cancel may end a wait whose OnInterrupt then leaves the list.
    const auto cancels = m_onInterrupt;
    for (auto it = cancels.crbegin(); it != cancels.crend(); ++it)
        if (m_onInterrupt.contains(*it))
            (**it)();
}

CliContext::OnInterrupt::OnInterrupt(CliContext &context, std::function<void()> cancel)
    : m_context(context)
    , m_cancel(std::make_shared<std::function<void()>>(std::move(cancel)))
{
    m_context.m_onInterrupt.append(m_cancel);
    if (m_context.m_interrupted) // started after Ctrl-C: cancelled at once
        (*m_cancel)();
}

CliContext::OnInterrupt::~OnInterrupt()
{
    m_context.m_onInterrupt.removeOne(m_cancel);
}

Failure CliContext::failure(const AzureError &error, Activity activity, const QString &tenantId)
{
    using K = AzureError::Kind;
    Failure f{ServiceFailed, oneLine(error.userMessage())};
    const QString tenant = error.tenantId.isEmpty() ? tenantId : error.tenantId;
    if (error.kind == K::Cancelled && m_interrupted)
        return Failure{SignInNeeded, {}}; // runCli says it: interrupted, and what became of the tokens
    switch (error.kind) {
    case K::InvalidInput:
        f.exitCode = Usage;
        break;
    case K::InteractionRequired: {
        f.exitCode = SignInNeeded;
        QString reason = oneLine(error.message);
        if (!error.code.isEmpty() && !reason.contains(error.code))
            reason += QStringLiteral(" (%1)").arg(error.code);
        // Core's message already says what Entra wants (MFA, conditional access, consent) and where;
        // a sign-in that expired, was signed out or is damaged needs a whole new one.
        f.message = tenant.isEmpty() || pal::needsFullSignIn(error)
                        ? QStringLiteral("%1 Run: palctl login").arg(reason)
                        : QStringLiteral("%1 Run: palctl login --tenant %2").arg(reason, tenant);
        break;
    }
    case K::SignInFailed:
    case K::Unauthorized:
        if (activity != Activity::SignIn) {
            f.exitCode = SignInNeeded;
            f.message += QStringLiteral(" Run: palctl login");
        }
        break;
    case K::NotFound:
        if (activity == Activity::Partner)
            f.exitCode = NotFound;
        break;
    case K::Keychain:
        // Unreachable (not merely failing): nothing of an earlier sign-in can be here.
        if (activity != Activity::SignIn && !m_services->secretStoreChecked() && !checkKeychain()) {
            f.exitCode = SignInNeeded;
            f.message = QStringLiteral("No sign-in is remembered here: %1. Run: palctl login (it lasts for one "
                                       "run without a keychain), or see 'palctl login --help' for scripts.")
                            .arg(whyNotPersistent());
            return f;
        }
        break;
    default:
        break;
    }
    if (f.exitCode == SignInNeeded && m_services->openedAccounts() && !m_services->secretsPersist() &&
        !whyNotPersistent().isEmpty() && !m_options.sandbox && !environmentSignIn())
        f.message += QStringLiteral("\n(Sign-ins are not remembered between runs here: %1.)").arg(whyNotPersistent());
    return f;
}

} // namespace palctl
