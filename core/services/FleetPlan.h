#pragma once
// FleetPlan: which rows a fleet check has, from the signed-in accounts, the directories each one
// reaches and the inventory. Every directory of every account is a row (a directory two accounts
// reach is two rows: each is its own principal there, so its own link). An inventory row adds its
// expectation and notes to its (directory, account) row; an inventory row no account can ask is a
// row of its own, answered without a request: "identity not signed in" when no signed-in account
// is its identity, "directory not reachable" when that account's list lacks the directory.
//
// The expected partner ID of a row: the inventory row's, else `expectationFor(accountId)` ("my
// partner ID", per account; empty: none), else none.

#include "Account.h"
#include "Directory.h"
#include "FleetResult.h"
#include "Inventory.h"

#include <QList>
#include <functional>

namespace pal {

class AccountServices;

// One signed-in account and what it reaches.
struct AccountReach
{
    Account account;
    AccountServices *services = nullptr;
    QList<Directory> directories;
    // The list could not be read: its inventory rows are still asked (they may fail the same way),
    // and so is its home directory.
    bool listFailed = false;
};

using ExpectationFor = std::function<QString(const QString &accountId)>;

class FleetPlan
{
public:
    [[nodiscard]] static QList<FleetTarget> targets(const QList<AccountReach> &accounts,
                                                    const QList<InventoryRow> &inventory,
                                                    const ExpectationFor &expectationFor);
};

} // namespace pal
