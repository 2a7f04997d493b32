#pragma once
// Inventory: the partner's roster of what should be true (the spreadsheet the article says user
// accounts need, replaced): one row per directory and account (a user or a service principal),
// with the partner ID expected there and free notes. Kept in the configuration folder as
// inventory.json (mode 0600, written under the folder's ConfigLock), never a secret in it.
//
// Import is all or nothing: every row of the CSV is checked first (header
// `directory,account,expectedPartnerId,notes`, any order, any case; other columns are ignored), and
// when any row is invalid nothing changes and each bad row is named with its line and problem.
//  - directory: a tenant ID (accepted as it is, reachable or not: verify-all says "not reachable"),
//    or a domain or display name, resolved against the directory lists of the signed-in accounts
//    (all of them together). A name no list knows is invalid, and so is a name that several
//    directories share (the row lists their IDs): write the tenant ID instead.
//  - account: a user name (name@domain) or a service principal's application (client) ID; it need
//    not be signed in (verify-all says "identity not signed in").
//  - expectedPartnerId: empty (then "my partner ID" applies) or a partner ID.
//  - notes: anything. A cell FleetReport neutralised on export ('=…) loses that apostrophe again.
// One directory and account pair appears once. Rows whose every cell is empty are skipped.

#include "Directory.h"
#include "Expected.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <memory>

namespace pal {

class ConfigLock;
struct Account;

struct InventoryRow
{
    QString tenantId;
    QString directoryName; // as the lists named it at import (empty when no list knew the ID)
    QString account;       // user name or application (client) ID, as written
    QString expectedPartnerId;
    QString notes;

    // Is this row about `account` (its user name, or a service principal's client ID, any case)?
    bool isFor(const Account &account) const;
    bool operator==(const InventoryRow &) const = default;
};

struct InventoryProblem
{
    int line = 0; // the CSV line the row starts on
    QString message;
};

class Inventory
{
public:
    static constexpr int MaxRows = 100'000;

    explicit Inventory(QString configDirectory);
    ~Inventory();
    Q_DISABLE_COPY_MOVE(Inventory)

    static QString fileName(); // "inventory.json"
    QString filePath() const;

    // Missing file: an empty inventory. A damaged one is InvalidInput naming the file and why.
    [[nodiscard]] Expected<QList<InventoryRow>> load() const;
    // Replaces the whole inventory (under the lock; mode 0600).
    [[nodiscard]] Expected<Done> save(const QList<InventoryRow> &rows);

    // The CSV's rows, checked against `known` (the signed-in accounts' directories, all together);
    // the problems of every bad row, in file order, when any is bad.
    [[nodiscard]] static Expected<QList<InventoryRow>, QList<InventoryProblem>> parseCsv(const QByteArray &csv,
                                                                                         const QList<Directory> &known);
    // Does any row name its directory by domain or name (so the directory lists are needed)?
    static bool namesDirectories(const QByteArray &csv);
    // Header `directory,account,expectedPartnerId,notes,directoryName`, the directory as its ID, cells
    // neutralised against formulas (CsvCell); parseCsv reads it back as it was.
    [[nodiscard]] static QByteArray toCsv(const QList<InventoryRow> &rows);

    // The directories `text` names in `known`: the one with that ID, else those with that domain,
    // else those with that display name (any case). Several: the name is ambiguous.
    static QList<Directory> match(const QList<Directory> &known, const QString &text);

private:
    QString m_directory;
    std::unique_ptr<ConfigLock> m_lock;
};

} // namespace pal
