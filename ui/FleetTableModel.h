#pragma once
// FleetTableModel: a fleet check's rows, one per (account × directory) result and per inventory
// row nobody could ask, appended a batch at a time (one rowsInserted per batch, however many rows
// it holds) so a view stays smooth at thousands of rows. Columns are a table of their own (header,
// text, sort key): the inventory's expectation and notes, and "changed since the last check" (the
// watch's comparison, set with setChanges()) are entries there.
// FleetFilterModel sorts it and narrows it to some findings (a state filter).

#include "FleetAttribution.h"
#include "FleetComparison.h"
#include "FleetResult.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>
#include <QSortFilterProxyModel>

namespace pal {

class FleetTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FleetTableModel)
public:
    enum Column {
        Name,
        Account,
        Result,
        Expected,
        Partner,
        PartnerName,
        Changed,
        Attribution,
        Notes,
        Id,
        Details,
        ColumnCount
    };
    static constexpr int FindingRole = Qt::UserRole + 1; // int(FleetFinding)
    static constexpr int TenantIdRole = Qt::UserRole + 2;
    static constexpr int SortRole = Qt::UserRole + 3;
    static constexpr int ChangedRole = Qt::UserRole + 4; // bool

    explicit FleetTableModel(QObject *parent = nullptr);

    void clear();
    void append(const QList<FleetResult> &batch);
    const FleetResult &result(int row) const { return m_rows.at(row); }
    // Marks the rows these changes are about ("changed since the last check"); replaces earlier marks.
    void setChanges(const QList<FleetChange> &changes);
    int changedCount() const { return int(m_changes.size()); }
    // The attribution column's cell for a row (FleetAttribution fills it).
    void setAttribution(const FleetResult &row, const AttributionCell &cell);
    AttributionCell attribution(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // The width a view gives the column at first (the last one stretches).
    static int defaultWidth(int column);

private:
    const FleetChange *changeOf(const FleetResult &r) const;

    QList<FleetResult> m_rows;
    QHash<QString, FleetChange> m_changes; // by tenant id (lower case) | account name
    QHash<QString, int> m_rowOf;           // the same key -> row
    QHash<QString, AttributionCell> m_attribution;
};

class FleetFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FleetFilterModel)
public:
    explicit FleetFilterModel(QObject *parent = nullptr);
    // Only rows whose finding is one of `findings`; empty shows every row.
    void setFindings(const QSet<FleetFinding> &findings);
    const QSet<FleetFinding> &findings() const { return m_findings; }
    // Every finding but "linked as expected".
    static QSet<FleetFinding> problems();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QSet<FleetFinding> m_findings;
};

} // namespace pal
