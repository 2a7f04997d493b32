#include "FleetTableModel.h"

#include "PlainText.h"
#include "StateStyle.h"

#include <QCoreApplication>

namespace pal {

FleetCategory categoryOf(const LinkState &state)
{
    switch (state.kind) {
    case LinkState::Kind::Linked:
        return FleetCategory::Linked;
    case LinkState::Kind::LinkedToOther:
        return FleetCategory::LinkedToOther;
    case LinkState::Kind::NotLinked:
        return FleetCategory::NotLinked;
    case LinkState::Kind::Failed:
    case LinkState::Kind::Unknown:
    case LinkState::Kind::Checking:
        break;
    }
    return state.needsSignIn() ? FleetCategory::SignInNeeded : FleetCategory::Failed;
}

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("pal::FleetTableModel", text);
}

QString resultText(const LinkState &s)
{
    switch (categoryOf(s)) {
    case FleetCategory::Linked:
        return QStringLiteral("%1 %2").arg(toneSymbol(Tone::Success), tr("Linked"));
    case FleetCategory::LinkedToOther:
        return QStringLiteral("%1 %2").arg(toneSymbol(Tone::Warning), tr("Other partner"));
    case FleetCategory::NotLinked:
        return tr("Not linked");
    case FleetCategory::SignInNeeded:
        return QStringLiteral("%1 %2").arg(toneSymbol(Tone::Error), tr("Sign-in needed"));
    case FleetCategory::Failed:
        break;
    }
    return QStringLiteral("%1 %2").arg(toneSymbol(Tone::Error), tr("Error"));
}

// One column: its header, its first width, its cell text, the whole text (tooltip) and how it sorts.
struct ColumnSpec
{
    const char *header;
    int width;
    QString (*text)(const FleetResult &);
    QString (*tooltip)(const FleetResult &);
    QVariant (*sortKey)(const FleetResult &); // null: by the text, case-insensitively
};

QString name(const FleetResult &r)
{
    return r.directory.displayName;
}
QString partnerId(const FleetResult &r)
{
    return r.state.partnerId();
}
QString partnerName(const FleetResult &r)
{
    return r.state.isLinked() && r.state.link ? r.state.link->partnerName : QString();
}
QString tenantId(const FleetResult &r)
{
    return r.directory.tenantId;
}
QString shortDetails(const FleetResult &r)
{
    if (const auto &e = r.state.error)
        return e->code.isEmpty() ? e->kindName() : e->code;
    return r.state.isLinked() && r.state.link ? tr("State %1").arg(r.state.link->state) : QString();
}
QString details(const FleetResult &r)
{
    return r.state.error ? r.state.error->userMessage() : shortDetails(r);
}
QString label(const FleetResult &r)
{
    return r.directory.label();
}
QString result(const FleetResult &r)
{
    return resultText(r.state);
}
QVariant byCategory(const FleetResult &r)
{
    return int(categoryOf(r.state));
}

const ColumnSpec Columns[FleetTableModel::ColumnCount] = {
    {QT_TRANSLATE_NOOP("pal::FleetTableModel", "Directory"), 150, name, label, nullptr},
    {QT_TRANSLATE_NOOP("pal::FleetTableModel", "Result"), 130, result, result, byCategory},
    {QT_TRANSLATE_NOOP("pal::FleetTableModel", "Partner ID"), 80, partnerId, partnerId, nullptr},
    {QT_TRANSLATE_NOOP("pal::FleetTableModel", "Partner name"), 190, partnerName, partnerName, nullptr},
    {QT_TRANSLATE_NOOP("pal::FleetTableModel", "Directory ID"), 270, tenantId, tenantId, nullptr},
    {QT_TRANSLATE_NOOP("pal::FleetTableModel", "Details"), 200, shortDetails, details, nullptr},
};

} // namespace

FleetTableModel::FleetTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void FleetTableModel::clear()
{
    if (m_rows.isEmpty())
        return;
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

void FleetTableModel::append(const QList<FleetResult> &batch)
{
    if (batch.isEmpty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(batch.size()) - 1);
    m_rows.append(batch);
    endInsertRows();
}

int FleetTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int FleetTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int FleetTableModel::defaultWidth(int column)
{
    return column >= 0 && column < ColumnCount ? Columns[column].width : 100;
}

QVariant FleetTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size() || index.column() >= ColumnCount)
        return {};
    const FleetResult &r = m_rows.at(index.row());
    const ColumnSpec &column = Columns[index.column()];
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        return column.text(r);
    case Qt::ToolTipRole:
        return plainToolTip(column.tooltip(r)); // names and messages from servers, shown as text
    case CategoryRole:
        return int(categoryOf(r.state));
    case TenantIdRole:
        return r.directory.tenantId;
    case SortRole:
        return column.sortKey ? column.sortKey(r) : QVariant(column.text(r).toCaseFolded());
    default:
        return {};
    }
}

QVariant FleetTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= ColumnCount)
        return {};
    return tr(Columns[section].header);
}

FleetFilterModel::FleetFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(FleetTableModel::SortRole);
    setDynamicSortFilter(true); // new batches land in place; the rows already there are not re-sorted
}

void FleetFilterModel::setCategory(std::optional<FleetCategory> category)
{
    if (m_category == category)
        return;
    m_category = category;
    invalidateFilter();
}

bool FleetFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!m_category)
        return true;
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    return index.data(FleetTableModel::CategoryRole).toInt() == int(*m_category);
}

} // namespace pal
