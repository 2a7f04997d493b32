#include "DirectoryTableModel.h"

#include "PlainText.h"
#include "StateStyle.h"
#include "Workspace.h"

#include <QFont>
#include <algorithm>
#include <utility>

namespace pal {

DirectoryTableModel::DirectoryTableModel(Workspace *workspace, QObject *parent)
    : QAbstractTableModel(parent)
    , m_workspace(workspace)
{
    const auto rebuild = [this] {
        beginResetModel();
        m_rowOf.clear();
        const QList<Directory> &all = m_workspace->directories();
        m_rowOf.reserve(all.size());
        for (int row = 0; row < all.size(); ++row)
            m_rowOf.insert(all[row].tenantId, row);
        m_current = m_workspace->currentDirectoryId();
        endResetModel();
    };
    rebuild();
    connect(workspace, &Workspace::directoriesChanged, this, rebuild);
    // One tenant: its row; none named: every row, in one signal; a fleet batch: the rows it holds.
    connect(workspace, &Workspace::linkStateChanged, this, &DirectoryTableModel::rowChanged);
    connect(workspace, &Workspace::linkStatesChanged, this, &DirectoryTableModel::rowsChanged);
    connect(workspace, &Workspace::currentDirectoryChanged, this, [this] {
        const QString previous = std::exchange(m_current, m_workspace->currentDirectoryId());
        if (previous == m_current)
            return;
        if (!previous.isEmpty())
            rowChanged(previous);
        if (!m_current.isEmpty())
            rowChanged(m_current);
    });
}

void DirectoryTableModel::rowChanged(const QString &tenantId)
{
    const int rows = rowCount();
    if (rows == 0)
        return;
    if (tenantId.isEmpty()) {
        Q_EMIT dataChanged(index(0, 0), index(rows - 1, ColumnCount - 1));
        return;
    }
    const auto it = m_rowOf.constFind(tenantId);
    if (it != m_rowOf.cend() && *it < rows)
        Q_EMIT dataChanged(index(*it, 0), index(*it, ColumnCount - 1));
}

void DirectoryTableModel::rowsChanged(const QStringList &tenantIds)
{
    // A fleet batch: directories next to each other in the list, so one range covers them.
    const int rows = rowCount();
    int first = rows;
    int last = -1;
    for (const QString &tenantId : tenantIds) {
        const auto it = m_rowOf.constFind(tenantId);
        if (it != m_rowOf.cend() && *it < rows) {
            first = std::min(first, *it);
            last = std::max(last, *it);
        }
    }
    if (last >= 0)
        Q_EMIT dataChanged(index(first, 0), index(last, ColumnCount - 1));
}

int DirectoryTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_workspace->directories().size());
}

int DirectoryTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DirectoryTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_workspace->directories().size())
        return {};
    const Directory &d = m_workspace->directories().at(index.row());
    const bool current = d.tenantId == m_workspace->currentDirectoryId();
    if (role == TenantIdRole)
        return d.tenantId;
    const LinkState status = m_workspace->linkState(d.tenantId);
    if (role == Qt::DisplayRole || role == Qt::AccessibleTextRole) {
        switch (index.column()) {
        case Name: {
            const QString name = d.displayName.isEmpty() ? tr("(name unknown)") : d.displayName;
            return current ? tr("%1  (current)").arg(name) : name;
        }
        case Domain:
            return d.defaultDomain;
        case Id:
            return d.tenantId;
        case Status:
            switch (status.kind) {
            case LinkState::Kind::Linked:
                return QStringLiteral("%1 %2").arg(toneSymbol(Tone::Success), status.summary());
            case LinkState::Kind::LinkedToOther:
                return QStringLiteral("%1 %2").arg(toneSymbol(Tone::Warning), status.summary());
            case LinkState::Kind::Failed:
                return QStringLiteral("%1 %2").arg(toneSymbol(Tone::Error), status.summary());
            default:
                return status.summary();
            }
        }
    }
    if (role == Qt::ToolTipRole && index.column() == Status && status.error)
        return plainToolTip(status.error->userMessage()); // a server's message, shown as text
    if (role == Qt::FontRole && current) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    return {};
}

QVariant DirectoryTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Directory name");
    case Domain:
        return tr("Domain");
    case Id:
        return tr("Directory ID");
    case Status:
        return tr("Partner link");
    }
    return {};
}

DirectoryFilterModel::DirectoryFilterModel(Workspace *workspace, QObject *parent)
    : QSortFilterProxyModel(parent)
    , m_workspace(workspace)
{}

void DirectoryFilterModel::setFilterText(const QString &text)
{
    m_text = text.trimmed();
    invalidateFilter();
}

bool DirectoryFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &) const
{
    if (m_text.isEmpty())
        return true;
    const QList<Directory> &all = m_workspace->directories();
    return sourceRow < all.size() && all[sourceRow].matches(m_text);
}

} // namespace pal
