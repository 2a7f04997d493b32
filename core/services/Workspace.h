#pragma once
// Workspace: what the desktop app is looking at, without any widget. One signed-in account, the
// directories it reaches (ARM GET /tenants), the current directory with the identity's object id
// there, and what is known about the partner link in each directory. The widgets observe it.
//
// Life cycle: construct once; openAccount() loads the directories and switches to the remembered
// (or home) directory; switchDirectory() first acquires a token for the directory silently and
// only then makes it current, so a directory that demands MFA never becomes current and the
// caller hears why (switchFailed with Kind::InteractionRequired). Link operations act on the
// current directory and complete once through their Completion; every change of what is known
// is also announced through the signals. closeAccount() forgets everything (sign-out).

#include "Account.h"
#include "AzureError.h"
#include "CallHandle.h"
#include "CloudEnvironment.h"
#include "Directory.h"
#include "Expected.h"
#include "PartnerId.h"
#include "PartnerLink.h"
#include "RetryPolicy.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <memory>
#include <optional>

class QNetworkAccessManager;

namespace pal {

class AccountManager;
class AppConfig;
class ArmSession;
class ManagementPartnerClient;
struct DirectoryVerification;

// What is known about the partner link of the signed-in identity in one directory.
struct LinkStatus
{
    enum class State { Unknown, Checking, Linked, NotLinked, Failed };
    State state = State::Unknown;
    std::optional<PartnerLink> link; // Linked
    std::optional<AzureError> error; // Failed
    QDateTime checkedAt;             // UTC, when the answer arrived

    QString summary() const; // "Linked to 1234567", "Not linked", "Checking…", "Error: …", ""
};

// The signed-in principal as one directory knows it (from the token acquired for it).
struct DirectoryIdentity
{
    QString tenantId;
    QString objectId;
};

class Workspace final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Workspace)
public:
    Workspace(AccountManager *accounts, AppConfig *config, QNetworkAccessManager *network, RetryPolicy policy = {},
              QObject *parent = nullptr);
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

    LinkStatus linkStatus(const QString &tenantId) const;
    LinkStatus currentLinkStatus() const { return linkStatus(m_currentTenant); }
    // Reads the current link of the current directory (GET …/partners/).
    void refreshLink();
    // Records what a fleet verification found, so the directory list shows it.
    void recordVerification(const DirectoryVerification &result);

    // Link operations on the current directory. The status is updated before `done` runs.
    CallHandle link(const PartnerId &id, QObject *context, Completion<PartnerLink> done);   // PUT
    CallHandle change(const PartnerId &id, QObject *context, Completion<PartnerLink> done); // PATCH
    CallHandle unlink(QObject *context, Completion<Done> done);                             // DELETE
    bool isBusy() const { return m_busy; }

    // The clients for the current account (nullptr without one); FleetVerifier uses partners().
    ManagementPartnerClient *partners() const;

Q_SIGNALS:
    void accountChanged();
    void directoriesChanged();
    void directoriesFailed(const pal::AzureError &error);
    void switchStarted(const QString &tenantId);
    void currentDirectoryChanged();
    void switchFailed(const QString &tenantId, const pal::AzureError &error);
    void linkStatusChanged(const QString &tenantId);
    void busyChanged(bool busy);

private:
    using LinkWrite = CallHandle (ManagementPartnerClient::*)(const QString &, const PartnerId &, QObject *,
                                                              Completion<PartnerLink>);
    // PUT or PATCH on the current directory; on `rereadOn` (or an unknown outcome) the link is read again.
    CallHandle writeLink(LinkWrite write, AzureError::Kind rereadOn, const PartnerId &id, QObject *context,
                         Completion<PartnerLink> done);
    void setStatus(const QString &tenantId, LinkStatus status);
    void setBusy(bool busy);
    QString preferredDirectory() const;
    CallHandle track(CallHandle call);
    void cancelCalls();

    AccountManager *m_accounts;
    AppConfig *m_config;
    QNetworkAccessManager *m_network;
    RetryPolicy m_policy;
    std::optional<Account> m_account;
    std::unique_ptr<ArmSession> m_session;
    QList<Directory> m_directories;
    bool m_loadingDirectories = false;
    QString m_currentTenant;
    QString m_switchingTo;
    QHash<QString, DirectoryIdentity> m_identities;
    QHash<QString, LinkStatus> m_status;
    bool m_busy = false;
    QList<CallHandle> m_calls; // in flight; cancelled before the session they use goes away
    quint64 m_generation = 0;  // bumps on account change, so stale answers are dropped
};

} // namespace pal
