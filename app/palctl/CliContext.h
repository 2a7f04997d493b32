#pragma once
// CliContext: everything one palctl run needs. The services come from the composition root both
// apps share (pal::AppServices), built lazily so a command only opens what it uses (config,
// secret store, accounts, the history, the in-process sandbox, each account's ARM session).
// It turns core errors into a Failure: an exit code and a sentence for stderr. One per process;
// not a singleton: runCli() builds it and hands it to the command.

#include "ExitCode.h"
#include "Output.h"

#include "AccountManager.h"
#include "AccountServices.h"
#include "AppConfig.h"
#include "ArmSession.h"
#include "AzureError.h"
#include "Directory.h"
#include "Expected.h"

#include <QEventLoop>
#include <QList>
#include <QString>
#include <QTextStream>
#include <functional>
#include <memory>
#include <optional>

namespace pal {
class AppServices;
class LinkHistory;
class PartnerLinks;
} // namespace pal
class InProcessSandbox;
class QNetworkAccessManager;

namespace palctl {

// Why a command stopped: the exit code and what to tell the user on stderr.
struct Failure
{
    int exitCode = ServiceFailed;
    QString message;
};

template <typename T> using Result = pal::Expected<T, Failure>;

struct GlobalOptions
{
    QString cloud; // --cloud NAME (empty: the configured current cloud)
    OutputFormat output = OutputFormat::Json;
    bool verbose = false;
    bool sandbox = false;
};

// What a failing call was doing, so the same AzureError maps to the right exit code and advice.
enum class Activity { SignIn, Silent, Partner, Other };

class CliContext final
{
public:
    CliContext(GlobalOptions options, QTextStream *out, QTextStream *err);
    ~CliContext();
    Q_DISABLE_COPY_MOVE(CliContext)

    const GlobalOptions &options() const { return m_options; }
    Output output() const { return Output(m_options.output, m_out); }
    QTextStream &err() { return *m_err; }
    void note(const QString &text); // a line on stderr, for people (never for scripts)
    QNetworkAccessManager *network();
    pal::AppServices &services() { return *m_services; }

    Result<pal::AppConfig *> config();
    // Every setter saves at once (AppConfig); this reports a save that failed (exit 1), trying again.
    Result<pal::Done> saveConfig();
    // A setter's error: invalid input is exit 2; a configuration that cannot be saved is exit 1.
    Failure configFailure(const pal::AzureError &error) const;
    // The link history (history.jsonl), beside the configuration or in the data folder.
    Result<pal::LinkHistory *> history();
    // Waits until the history has written every change this run made (palctl ends right after).
    void waitForHistory();
    // The cloud of this run: --sandbox, else --cloud NAME, else the configured current cloud.
    Result<pal::CloudEnvironment> cloud();
    Result<pal::AccountManager *> accounts();
    // Probes the keychain once (AccountManager::checkSecretStore); false when it is unreachable and
    // secrets are kept in memory for this run.
    bool checkKeychain();
    bool secretsPersist() const;
    QString secretStoreDescription() const;
    QString whyNotPersistent() const;
    // Reads a secret from stdin (all of it, surrounding whitespace removed); blank is exit 2.
    Result<QByteArray> readSecretFromStdin(const QString &what);
    static Result<QByteArray> readSecretFile(const QString &path, const QString &what);

    // The account commands run as: PALDESK_CLIENT_ID/PALDESK_TENANT_ID/PALDESK_CLIENT_SECRET_FILE
    // (a service principal signed in for this run), --sandbox (auto-approved sign-in), else the
    // current account of the cloud. Exit 3 with "run palctl login" when there is none.
    Result<pal::Account> signedInAccount();
    // Call after a successful interactive sign-in: remembers it as current, with its directory.
    Result<pal::Done> rememberSignIn(const pal::Account &account, const QString &directoryId,
                                     const QString &directoryName = {});
    // The account's services (ARM session, link policy, attribution reader): the root's, one per
    // account (AppServices::accountServices()).
    pal::AccountServices &accountServices(const pal::Account &account);
    pal::ArmSession &session(const pal::Account &account);
    // The link policy (read first, write once, read again) for the account, on session()'s client;
    // its changes and failed attempts go to the history.
    pal::PartnerLinks &partnerLinks(const pal::Account &account);
    // "My partner ID" for the account (its override, else the one for all accounts); empty: none.
    QString myPartnerId(const pal::Account &account);

    // The directory commands act in: --directory TEXT (resolved through GET /tenants: id, domain
    // or display name; unknown or ambiguous is exit 2), else the current directory.
    Result<pal::Directory> directoryFor(const pal::Account &account, const QString &text);
    Result<QList<pal::Directory>> listDirectories(const pal::Account &account);
    static Result<pal::Directory> matchDirectory(const QList<pal::Directory> &directories, const QString &text);
    QString currentDirectoryId(const pal::Account &account);

    Failure failure(const pal::AzureError &error, Activity activity, const QString &tenantId = {});
    // Before palctl exits, whatever the exit code (Ctrl-C included): writes the tokens the token
    // providers still hold unsaved (they write behind their answers) to the keychain. A keychain
    // failure is a note on stderr; the exit code stays the command's. True only when this run
    // opened the keychain's accounts and every token it received is in the keychain now.
    bool flushTokens();

    // Ctrl-C (runCli's InterruptWatch) calls interrupt(): every call the command waits for is
    // cancelled at once and no new one starts, so nothing new goes on the wire; a partner change
    // already sent ends as "may have been made" (and is recorded). The command then returns
    // through its usual path, and runCli flushes the tokens and says what happened.
    void interrupt();
    bool interrupted() const { return m_interrupted; }
    // While it lives, interrupt() calls `cancel` (the command's call in flight, a fleet run).
    class OnInterrupt
    {
    public:
        OnInterrupt(CliContext &context, std::function<void()> cancel);
        ~OnInterrupt();
        Q_DISABLE_COPY_MOVE(OnInterrupt)

    private:
        CliContext &m_context;
        std::shared_ptr<std::function<void()>> m_cancel;
    };

    // Waits for one asynchronous core call; `start(context, completion)` starts it. After Ctrl-C
    // it starts nothing and stops waiting (Cancelled); the call's answer is then dropped with
    // `context`, and whatever would have followed it is never sent.
    template <typename T, typename Start> pal::Expected<T> await(Start &&start)
    {
        if (m_interrupted)
            return interruptedError();
        QEventLoop loop;
        std::optional<pal::Expected<T>> result;
        const OnInterrupt stop(*this, [&loop] { loop.quit(); });
        start(&loop, [&](const pal::Expected<T> &r) {
            result.emplace(r);
            loop.quit();
        });
        if (!result)
            loop.exec();
        if (!result)
            return interruptedError();
        return std::move(*result);
    }
    // Waits for an operation that always completes with a value (PartnerLinks' read and changes),
    // started by `start(context, completion)` returning its CallHandle. Ctrl-C cancels it through
    // that handle and still waits for its value: a change already sent says so. Started after
    // Ctrl-C it is cancelled at once, before its first request goes out (ARM calls begin on the
    // next turn of the event loop).
    template <typename T, typename Start> T awaitCall(Start &&start)
    {
        std::optional<T> result;
        QEventLoop loop;
        const pal::CallHandle call = start(&loop, [&](const T &value) {
            result = value;
            loop.quit();
        });
        const OnInterrupt stop(*this, [call] { call.cancel(); });
        if (!result)
            loop.exec();
        return std::move(*result);
    }

    // --sandbox: the sandbox approves the browser sign-in at once, as the scenario's user.
    void approveSandboxSignIns();
    // Entra's sign-in, with the prompt and browser this run uses; for palctl login and auto sign-in.
    pal::Expected<pal::Account> signInWithBrowser(const pal::SignInOptions &options);

private:
    Result<pal::Account> signInFromEnvironment(const pal::CloudEnvironment &cloud);
    Result<pal::Account> signInToSandbox();
    Result<pal::Done> startSandbox();
    static pal::AzureError interruptedError();

    GlobalOptions m_options;
    QTextStream *m_out;
    QTextStream *m_err;
    std::unique_ptr<InProcessSandbox> m_sandbox; // outlives the services, whose network it answers
    std::unique_ptr<pal::BrowserOpener> m_browser;
    std::unique_ptr<pal::AppServices> m_services;
    std::unique_ptr<pal::AccountServices> m_unpooled; // an account the pool has no tokens for
    bool m_historyNotes = false;
    std::optional<pal::Account> m_runAccount; // signed in for this run only (environment, sandbox)
    std::unique_ptr<QList<pal::Directory>> m_directories;
    bool m_interrupted = false;
    QList<std::shared_ptr<std::function<void()>>> m_onInterrupt; // innermost last
};

} // namespace palctl
