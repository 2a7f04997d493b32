#include "FleetTableModel.h"

#include "PlainText.h"
#include "StateStyle.h"

#include <QCoreApplication>

namespace pal {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("pal::FleetTableModel", text);
}

QString changeKey(const QString &tenantId, const QString &account)
{
    return tenantId.toLower() + QLatin1Char('|') + account;
}

QString findingText(FleetFinding finding)
{
    switch (finding) {
    case FleetFinding::LinkedAsExpected:
        return QStringLiteral("%1 %2").arg(toneSymbol(Tone::Success), tr("Linked"));
    case FleetFinding::LinkedToOther:
        return QStringLiteral("%1 %2").arg(toneSymbol(Tone::Warning), tr("Other partner"));
    case FleetFinding::NotLinked:
        return tr("Not linked");
    case FleetFinding::NotSignedIn:
        return QStringLiteral("%1 %2").arg(toneSymbol(Tone::Warning), tr("Not signed in"));
    case FleetFinding::NotReachable:
        return QStringLiteral("%1 %2").arg(toneSymbol(Tone::Warning), tr("Not reachable"));
    case FleetFinding::SignInNeeded:
        return QStringLiteral("%1 %2").arg(toneSymbol(Tone::Error), tr("Sign-in needed"));
    case FleetFinding::Failed:
        break;
    }
    return QStringLiteral("%1 %2").arg(toneSymbol(Tone::Error), tr("Error"));
}

QString findingTip(const FleetResult &r)
{
    switch (findingOf(r)) {
    case FleetFinding::NotSignedIn:
        return tr("The inventory names %1 for this directory, and that identity is not signed in here.")
            .arg(r.accountName);
    case FleetFinding::NotReachable:
        return tr("%1 is signed in but does not reach this directory (it is not in its directory list).")
            .arg(r.accountName);
    default:
        break;
    }
    return r.state.summary();
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
    return r.directory.displayName.isEmpty() ? r.directory.tenantId : r.directory.displayName;
}
QString account(const FleetResult &r)
{
    return r.accountName;
}
QString expected(const FleetResult &r)
{
    return r.state.expectedPartnerId;
}
QString expectedTip(const FleetResult &r)
{
    if (r.state.expectedPartnerId.isEmpty())
        return tr("No partner ID is expected here: any link counts as linked.");
    return r.inInventory ? tr("Expected by the inventory (or your partner ID where the row names none): %1")
                               .arg(r.state.expectedPartnerId)
                         : tr("Your expected partner ID: %1").arg(r.state.expectedPartnerId);
}
QString partnerId(const FleetResult &r)
{
    return r.state.partnerId();
}
QString partnerName(const FleetResult &r)
{
    return r.state.isLinked() && r.state.link ? r.state.link->partnerName : QString();
}
QString notes(const FleetResult &r)
{
    QString oneLine = r.notes;
    oneLine.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return oneLine;
}
QString fullNotes(const FleetResult &r)
{
    return r.notes;
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
    return findingText(findingOf(r));
}
QVariant byFinding(const FleetResult &r)
{
    return int(findingOf(r));
}
QString none(const FleetResult &)
{
    return {};
}

const ColumnSpec Columns[FleetTableModel::ColumnCount] = {
    {QT_TRANSLATE_NOOP("pal::FleetTableModel", "Directory"), 150, name, label, nullptr},
    {QT_TRANSLATE_NOOP("pal::FleetTableModel", "Account"), 210, account, account, nullptr},
    {QT_TRANSLATE_NOOP("pal::FleetTableModel", "Result"), 120, result, findingTip, byFinding},
    {QT_TRANSLATE_NOOP("pal::FleetTableModel", "Expected"), 75, expected, expectedTip, nullptr},
    {QT_TRANSLATE_NOOP("pal::FleetTableModel", "Partner ID"), 80, partnerId, partnerId, nullptr},
    {QT_TRANSLATE_NOOP("pal::FleetTableModel", "Partner name"), 130, partnerName, partnerName, nullptr},
    {QT_TRANSLATE_NOOP("pal::FleetTableModel", "Since last check"), 115, none, none, nullptr}, // see data()
    {QT_TRANSLATE_NOOP("pal::FleetTableModel", "Attribution"), 110, none, none, nullptr},      // see data()
    {QT_TRANSLATE_NOOP("pal::FleetTableModel", "Notes"), 150, notes, fullNotes, nullptr},
    {QT_TRANSLATE_NOOP("pal::FleetTableModel", "Directory ID"), 270, tenantId, tenantId, nullptr},
    {QT_TRANSLATE_NOOP("pal::FleetTableModel", "Details"), 200, shortDetails, details, nullptr},
};

QString attributionText(AttributionCell::State state)
{
    switch (state) {
    case AttributionCell::State::NotChecked:
        return {};
    case AttributionCell::State::Checking:
        return tr("Checking…");
    case AttributionCell::State::Credited:
        return QStringLiteral("%1 %2").arg(toneSymbol(Tone::Success), tr("Credited"));
    case AttributionCell::State::NotCredited:
        return QStringLiteral("%1 %2").arg(toneSymbol(Tone::Warning), tr("Not credited"));
    case AttributionCell::State::CannotTell:
        break;
    }
    return tr("Cannot tell");
}

QString sideText(const std::optional<LinkSide> &side)
{
    if (!side)
        return tr("not checked");
    return side->partnerId.isEmpty() ? side->linkState : QStringLiteral("%1 %2").arg(side->linkState, side->partnerId);
}

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
    m_rowOf.clear();
    m_attribution.clear();
    endResetModel();
}

void FleetTableModel::append(const QList<FleetResult> &batch)
{
    if (batch.isEmpty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(batch.size()) - 1);
    m_rows.append(batch);
    for (int i = first; i < m_rows.size(); ++i)
        m_rowOf.insert(changeKey(m_rows.at(i).directory.tenantId, m_rows.at(i).accountName), i);
    endInsertRows();
}

void FleetTableModel::setChanges(const QList<FleetChange> &changes)
{
    m_changes.clear();
    for (const FleetChange &c : changes)
        if (c.before && c.after) // new and vanished rows are not "changed"
            m_changes.insert(changeKey(c.tenantId, c.account), c);
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

void FleetTableModel::setAttribution(const FleetResult &row, const AttributionCell &cell)
{
    const QString key = changeKey(row.directory.tenantId, row.accountName);
    const auto at = m_rowOf.constFind(key);
    if (at == m_rowOf.constEnd())
        return; // a row of an earlier check
    m_attribution.insert(key, cell);
    Q_EMIT dataChanged(index(at.value(), Attribution), index(at.value(), Attribution));
}

AttributionCell FleetTableModel::attribution(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return {};
    return m_attribution.value(changeKey(m_rows.at(row).directory.tenantId, m_rows.at(row).accountName));
}

const FleetChange *FleetTableModel::changeOf(const FleetResult &r) const
{
    const auto it = m_changes.constFind(changeKey(r.directory.tenantId, r.accountName));
    return it == m_changes.constEnd() ? nullptr : &it.value();
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
    if (index.column() == Changed) {
        const FleetChange *c = changeOf(r);
        switch (role) {
        case Qt::DisplayRole:
        case Qt::AccessibleTextRole:
            return c ? QStringLiteral("%1 %2").arg(toneSymbol(c->worse ? Tone::Error : Tone::Warning),
                                                   c->worse ? tr("Link lost") : tr("Changed"))
                     : QString();
        case Qt::ToolTipRole:
            return c ? plainToolTip(
                           tr("Since the last check: was %1, now %2.").arg(sideText(c->before), sideText(c->after)))
                     : QVariant();
        case SortRole:
            return c ? (c->worse ? 0 : 1) : 2;
        default:
            break;
        }
    }
    if (index.column() == Attribution) {
        const AttributionCell cell = attribution(index.row());
        switch (role) {
        case Qt::DisplayRole:
        case Qt::AccessibleTextRole:
            return attributionText(cell.state);
        case Qt::ToolTipRole:
            return cell.detail.isEmpty() ? QVariant() : QVariant(plainToolTip(cell.detail));
        case SortRole:
            return int(cell.state);
        default:
            break;
        }
    }
    const ColumnSpec &column = Columns[index.column()];
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        return column.text(r);
    case Qt::ToolTipRole: {
        const QString tip = column.tooltip(r);
        return tip.isEmpty() ? QVariant() : QVariant(plainToolTip(tip)); // server text, shown as text
    }
    case FindingRole:
        return int(findingOf(r));
    case TenantIdRole:
        return r.directory.tenantId;
    case ChangedRole:
        return changeOf(r) != nullptr;
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

QSet<FleetFinding> FleetFilterModel::problems()
{
    return {FleetFinding::LinkedToOther, FleetFinding::NotLinked,    FleetFinding::NotSignedIn,
            FleetFinding::NotReachable,  FleetFinding::SignInNeeded, FleetFinding::Failed};
}

void FleetFilterModel::setFindings(const QSet<FleetFinding> &findings)
{
    if (m_findings == findings)
        return;
    m_findings = findings;
    invalidateFilter();
}

bool FleetFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_findings.isEmpty())
        return true;
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    return m_findings.contains(FleetFinding(index.data(FleetTableModel::FindingRole).toInt()));
}

} // namespace pal
