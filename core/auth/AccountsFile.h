#pragma once
// AccountsFile: `accounts.json` in the configuration folder, the non-secret metadata of the
// accounts signed in here, shared by every paldesk and palctl process. Reads take it as it is now;
// every change is applied, under the ConfigLock, onto what is on disk at that moment (other
// processes' accounts, their fields and keys this version does not know are kept), never a whole
// copy of this process's view. {"version":1,"accounts":[Account::toStorage(), ...]}
//
// "pendingSignIns" lists sign-ins whose keychain items are being written: a sign-in records itself
// there (under the lock) before its first keychain write, and listing the account removes the
// record. A record left behind is a sign-in cut short (kill -9): its items are swept
// (AbandonedSignIns). Versions without pending records ignore the field and keep it.

#include "Account.h"
#include "Expected.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <functional>
#include <optional>

namespace pal {

class ConfigLock;

struct PendingSignIn
{
    QString accountId;
    QString username; // to name it when it is swept
    qint64 pid = 0;   // the process signing in
    QDateTime started;
};

class AccountsFile
{
public:
    static const QString FileName; // accounts.json

    explicit AccountsFile(ConfigLock *lock);

    QString path() const;
    // The accounts on disk now (none when the file does not exist). Errors name the file and problem.
    Expected<QList<Account>> load() const;
    // Under the lock: re-reads the file, lets `change` edit its list, writes it. Completes with the list now on disk.
    Expected<QList<Account>> update(const std::function<void(QList<Account> &)> &change);
    // The account as on disk now; nullopt when it is not there (signed out). An error when the
    // file cannot be read (nobody can tell then whether the account is signed in).
    Expected<std::optional<Account>> find(const QString &accountId) const;

    // The sign-ins recorded as under way (see above).
    Expected<QList<PendingSignIn>> pending() const;
    // Under the lock: records a sign-in as under way / forgets the records of these accounts.
    Expected<Done> addPending(const PendingSignIn &signIn);
    Expected<Done> removePending(const QStringList &accountIds);

    static Expected<QList<Account>> parse(const QByteArray &bytes, const QString &path);

private:
    ConfigLock *m_lock;
};

} // namespace pal
