#pragma once
// AbandonedSignIns: the keychain items of sign-ins cut short. A sign-in records itself in
// accounts.json's pending list (AccountsFile::addPending) before its first keychain write and is
// listed as an account when it completes; a process killed in between (kill -9 of `palctl login`)
// leaves a refresh token that no account lists and that sign-out would never find. sweep() finds
// them through the pending records and removes them. AccountManager sweeps when it finds the
// keychain reachable (checkSecretStore: paldesk's start, palctl login and logout).
//
// sweep(), in one section under the ConfigLock (a sign-in keeps the lock from its pending record to
// its accounts.json entry, so no other process's sign-in is half-way while the sweep holds it):
//   - a record of an account that is listed: the sign-in completed; the record goes;
//   - a record of a process still alive (other than this one), less than StaleAfter old: kept
//     (belt and braces: a sign-in section lasts seconds, and a reused PID is not alive that long);
//   - any other: every item of the account (token cache in every layout, client credential), then
//     the record. A keychain failure keeps the record, to try again.
// Completes with the sign-ins whose items were removed (username, else account id).

#include "AzureError.h"
#include "Expected.h"

#include <QStringList>
#include <chrono>

class QObject;

namespace pal {

class AccountsFile;
class ConfigLock;
class SecretStore;

namespace AbandonedSignIns {
constexpr std::chrono::minutes StaleAfter{10};
void sweep(SecretStore *secrets, ConfigLock *lock, AccountsFile *accounts, std::chrono::milliseconds keychainDeadline,
           QObject *context, Completion<QStringList> done);
bool processIsAlive(qint64 pid);
// A sign-in of this process that failed after its pending record (the lock still held): its items,
// then its record. Completes with the first error; then the record stays, for a later sweep.
void discard(SecretStore *secrets, AccountsFile *accounts, const QString &accountId, QObject *context,
             Completion<Done> done);
} // namespace AbandonedSignIns

} // namespace pal
