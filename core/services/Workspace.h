#pragma once
// Workspace: what the desktop app is looking at, without any widget. One signed-in account, the
// directories it reaches (ARM GET /tenants), the current directory with the identity's object id
// there, and what is known about the partner link in each directory. The widgets observe it.
//
// Life cycle: construct once; openAccount() loads the directories and switches to the remembered
// (or home) directory; switchDirectory() first acquires a token for the directory silently and
// only then makes it current, so a directory that demands MFA never becomes current and the
// caller hears why (switchFailed with Kind::InteractionRequired). Link operations name their
// directory (a confirmation acts on the directory it asked about, even when a switch completed
// meanwhile), follow PartnerLinks' policy and complete once with a LinkChange; every change of
// what is known is also announced through the signals. closeAccount() forgets everything (sign-out).

#include "Account.h"
#include "AzureError.h"
#include "CallHandle.h"
#include "CloudEnvironment.h"
#include "Directory.h"
#include "Expected.h"
#include "LinkChange.h"
#include "LinkOwnership.h"
#include "LinkState.h"
#include "PartnerId.h"
#include "PartnerLink.h"
#include "RetryPolicy.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <memory>
#include <optional>

class QNetworkAccessManager;

namespace pal {

class AccountManager;
class AccountServices;
class AccountServicesPool;
class AppConfig;
class ManagementPartnerClient;
class PartnerLinks;
struct FleetResult;

class Workspace final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Workspace)
public:
    // The account's ARM session comes from `sessions` (one per account, shared with the fleet and
    // the checks); `sessions` outlives the workspace.
    Workspace(AccountManager *accounts, AppConfig *config, AccountServicesPool *sessions, QObject *parent = nullptr);
    ~Workspace() override;

    // Makes `accountId` current, remembers it, loads its directories and opens the remembered one.
    void openAccount(const QString &accountId);
    void closeAccount();
    bool hasAccount() const { return m_account.has_value(); }
    const std::optional<Account> &account() const { return m_account; }
    std::optional<CloudEnvironment> cloud() const;

    void refreshDirectories();
    bool isLoadingDirectories() const { return m_loadingDirectories; }
    const QList<Directory> &directories() const { return m_directories; }
    std::optional<Directory> directory(const QString &tenantId) const;

    // Acquires a token for the directory silently; on success it becomes current and its link is read.
    void switchDirectory(const QString &tenantId);
    QString switchingTo() const { return m_switchingTo; }
    QString currentDirectoryId() const { return m_currentTenant; }
    std::optional<Directory> currentDirectory() const;
    std::optional<DirectoryIdentity> currentIdentity() const;

    // "My partner ID" for the open account (AppConfig::partnerIdFor); empty: none set. Every
    // LinkState here is compared with it, again whenever it changes (linkStateChanged("")).
    QString expectedPartnerId() const;
    LinkState linkState(const QString &tenantId) const;
    LinkState currentLinkState() const { return linkState(m_currentTenant); }
    // Reads the link of the current directory (GET …/partners/).
    void refreshLink();
    // Records what a fleet run found, so the directory list shows it (one linkStatesChanged per batch).
    void recordVerifications(const QList<FleetResult> &results);

    // Link operations in directory `tenantId` (PartnerLinks' policy: read first, write once, read
    // again when the answer leaves it open). Its state is updated before `done` runs.
    CallHandle link(const QString &tenantId, const PartnerId &id, QObject *context, LinkChangeDone done);   // PUT
    CallHandle change(const QString &tenantId, const PartnerId &id, QObject *context, LinkChangeDone done); // PATCH
    CallHandle unlink(const QString &tenantId, const PartnerId &id, QObject *context, LinkChangeDone done); // DELETE
    bool isBusy() const { return m_busy; }

    // The clients for the current account (nullptr without one); fleet runs use partners().
    ManagementPartnerClient *partners() const;
    PartnerLinks *partnerLinks() const { return m_links.get(); }
    // What this workspace's requests go through, for services that make their own (the fleet watch).
    QNetworkAccessManager *network() const;
    const RetryPolicy &retryPolicy() const;
    // The per-account services the workspace, the fleet and the checks share.
    AccountServicesPool *sessions() const { return m_sessions; }
    // The open account's (null without one).
    AccountServices *accountServices() const { return m_session; }

Q_SIGNALS:
    void accountChanged();
    void directoriesChanged();
    void directoriesFailed(const pal::AzureError &error);
    void switchStarted(const QString &tenantId);
    void currentDirectoryChanged();
    void switchFailed(const QString &tenantId, const pal::AzureError &error);
    // The state of `tenantId` changed; an empty id: several directories' states changed at once.
    void linkStateChanged(const QString &tenantId);
    // The states of these directories changed (a fleet run's batch): what shows them follows those
    // rows only, not every directory, however many the account reaches.
    void linkStatesChanged(const QStringList &tenantIds);
    void busyChanged(bool busy);
    // Every link change made through this workspace, and every attempt that did not make it
    // (PartnerLinks' signals, kept across account changes; the history listens here).
    void linkChanged(const pal::LinkChange &change);
    void linkChangeFailed(const pal::LinkChange &change);

private:
    using LinkOperation = CallHandle (PartnerLinks::*)(const Directory &, const PartnerId &, QObject *, LinkChangeDone);
    CallHandle changeLink(LinkOperation operation, const QString &tenantId, const PartnerId &id, QObject *context,
                          LinkChangeDone done);
    void setState(const QString &tenantId, const LinkState &state);
    void compareAgain();
    void setBusy(bool busy);
    QString preferredDirectory() const;
    CallHandle track(CallHandle call);
    void cancelCalls();

    AccountManager *m_accounts;
    AppConfig *m_config;
    AccountServicesPool *m_sessions;
    std::optional<Account> m_account;
    AccountServices *m_session = nullptr;  // the pool's, for the open account
    std::unique_ptr<PartnerLinks> m_links; // the policy on m_session's client, with "my partner ID"
    QList<Directory> m_directories;
    bool m_loadingDirectories = false;
    QString m_currentTenant;
    QString m_switchingTo;
    QHash<QString, DirectoryIdentity> m_identities;
    QHash<QString, LinkState> m_states;
    bool m_busy = false;
    QList<CallHandle> m_calls; // in flight; cancelled before the session they use goes away
    quint64 m_generation = 0;  // bumps on account change, so stale answers are dropped
};

} // namespace pal
