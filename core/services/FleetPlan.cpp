#include "FleetPlan.h"

#include <QHash>
#include <QSet>

namespace pal {

namespace {

QString key(const QString &tenantId, const QString &accountId)
{
    return tenantId.toLower() + QLatin1Char('|') + accountId;
}

QString accountLabel(const Account &a)
{
    return a.username.isEmpty() ? a.id : a.username;
}

} // namespace

QList<FleetTarget> FleetPlan::targets(const QList<AccountReach> &accounts, const QList<InventoryRow> &inventory,
                                      const ExpectationFor &expectationFor)
{
    // Each account's own expectation, asked once per account rather than once per directory.
    QHash<QString, QString> expectationOf;
    const auto expected = [&](const QString &fromRow, const QString &accountId) {
        if (!fromRow.isEmpty() || !expectationFor)
            return fromRow;
        auto it = expectationOf.constFind(accountId);
        if (it == expectationOf.constEnd())
            it = expectationOf.insert(accountId, expectationFor(accountId).trimmed());
        return it.value();
    };

    // Which signed-in account each inventory row is about (the first that matches), or none.
    QList<int> accountOfRow(inventory.size(), -1);
    QHash<QString, int> rowAt; // key(tenant, account id) -> inventory index
    for (qsizetype r = 0; r < inventory.size(); ++r) {
        for (qsizetype a = 0; a < accounts.size(); ++a) {
            if (inventory.at(r).isFor(accounts.at(a).account)) {
                accountOfRow[r] = int(a);
                rowAt.insert(key(inventory.at(r).tenantId, accounts.at(a).account.id), int(r));
                break;
            }
        }
    }

    QList<FleetTarget> targets;
    qsizetype total = inventory.size();
    for (const AccountReach &reach : accounts)
        total += reach.directories.size() + 1;
    targets.reserve(total);
    QSet<int> used; // inventory rows already given their account's row
    for (const AccountReach &reach : accounts) {
        QList<Directory> directories = reach.directories;
        if (reach.listFailed && directories.isEmpty()) {
            Directory home;
            home.tenantId = reach.account.homeTenantId;
            directories.append(home);
        }
        QSet<QString> seen;
        for (const Directory &d : directories) {
            if (seen.contains(d.tenantId.toLower()))
                continue;
            seen.insert(d.tenantId.toLower());
            FleetTarget t;
            t.directory = d;
            t.accountId = reach.account.id;
            t.accountName = accountLabel(reach.account);
            t.services = reach.services;
            const int row = rowAt.value(key(d.tenantId, reach.account.id), -1);
            if (row >= 0) {
                const InventoryRow &r = inventory.at(row);
                used.insert(row);
                t.inInventory = true;
                t.notes = r.notes;
                if (t.directory.displayName.isEmpty())
                    t.directory.displayName = r.directoryName;
            }
            t.expectedPartnerId = expected(row >= 0 ? inventory.at(row).expectedPartnerId : QString(), t.accountId);
            targets.append(t);
        }
    }

    for (qsizetype r = 0; r < inventory.size(); ++r) {
        if (used.contains(int(r)))
            continue;
        const InventoryRow &row = inventory.at(r);
        FleetTarget t;
        t.directory.tenantId = row.tenantId;
        t.directory.displayName = row.directoryName;
        t.notes = row.notes;
        t.inInventory = true;
        const int a = accountOfRow.at(r);
        if (a < 0) {
            t.accountName = row.account;
            t.reach = FleetReach::NotSignedIn;
        } else {
            const AccountReach &reach = accounts.at(a);
            t.accountId = reach.account.id;
            t.accountName = accountLabel(reach.account);
            t.services = reach.services;
            // A list that could not be read says nothing about reach: ask the directory itself.
            t.reach = reach.listFailed ? FleetReach::Checked : FleetReach::NotReachable;
        }
        t.expectedPartnerId = expected(row.expectedPartnerId, t.accountId);
        targets.append(t);
    }
    return targets;
}

} // namespace pal
