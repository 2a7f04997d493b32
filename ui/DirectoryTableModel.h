#pragma once
// DirectoryTableModel: the directories of the workspace's account as a table (name, domain,
// directory ID, link status), kept in step with the Workspace. DirectoryFilterModel narrows it
// to the rows whose name, a domain or the id contain the typed text (Directory::matches).
// Built for thousands of directories: a status change repaints its one row (found by id, not by
// a scan), a new current directory the two rows concerned, and filtering is the proxy's.

#include <QAbstractTableModel>
#include <QHash>
#include <QSortFilterProxyModel>

namespace pal {

class Workspace;

class DirectoryTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DirectoryTableModel)
public:
    enum Column { Name, Domain, Id, Status, ColumnCount };
    static constexpr int TenantIdRole = Qt::UserRole + 1;

    explicit DirectoryTableModel(Workspace *workspace, QObject *parent = nullptr);
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    void rowChanged(const QString &tenantId);
    void rowsChanged(const QStringList &tenantIds);

    Workspace *m_workspace;
    QHash<QString, int> m_rowOf; // tenant id -> row, rebuilt with the list
    QString m_current;           // the current directory's id, to repaint its row when it changes
};

class DirectoryFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DirectoryFilterModel)
public:
    DirectoryFilterModel(Workspace *workspace, QObject *parent = nullptr);
    void setFilterText(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    Workspace *m_workspace;
    QString m_text;
};

} // namespace pal
