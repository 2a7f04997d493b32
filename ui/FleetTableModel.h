#pragma once
// FleetTableModel: a fleet run's results as table rows, one per (account × directory) result,
// appended a batch at a time (one rowsInserted per batch, however many rows it holds) so a view
// stays smooth at thousands of rows. Columns are a table of their own (header, text, sort key):
// a new column (the inventory's expected ID and notes, attribution, "changed since") is one entry.
// FleetFilterModel sorts it and narrows it to one kind of state.

#include "FleetResult.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

namespace pal {

// What the fleet view tells apart (and filters by): LinkState's kinds, with "sign-in needed" on
// its own and everything else that could not be checked together.
enum class FleetCategory { Linked, LinkedToOther, NotLinked, SignInNeeded, Failed };
FleetCategory categoryOf(const LinkState &state);

class FleetTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FleetTableModel)
public:
    enum Column { Name, Result, Partner, PartnerName, Id, Details, ColumnCount };
    static constexpr int CategoryRole = Qt::UserRole + 1; // int(FleetCategory)
    static constexpr int TenantIdRole = Qt::UserRole + 2;
    static constexpr int SortRole = Qt::UserRole + 3;

    explicit FleetTableModel(QObject *parent = nullptr);

    void clear();
    void append(const QList<FleetResult> &batch);
    const FleetResult &result(int row) const { return m_rows.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // The width a view gives the column at first (the last one stretches).
    static int defaultWidth(int column);

private:
    QList<FleetResult> m_rows;
};

class FleetFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FleetFilterModel)
public:
    explicit FleetFilterModel(QObject *parent = nullptr);
    // Only rows of `category`; std::nullopt shows every row.
    void setCategory(std::optional<FleetCategory> category);
    std::optional<FleetCategory> category() const { return m_category; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    std::optional<FleetCategory> m_category;
};

} // namespace pal
