#include "AttributionProductView.h"

#include "InlineMessage.h"
#include "Interaction.h"
#include "StateStyle.h"
#include "ValueLabel.h"

#include <QEvent>
#include <QHeaderView>
#include <QKeyEvent>
#include <QKeySequence>
#include <QLabel>
#include <QLocale>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace pal {

namespace {

// Headings and sentences: read, not quoted (the verdict is the value, and "Copy report" copies the
// whole product), so they take no Tab stop and a keyboard user is not walked through prose.
QLabel *plainLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    return label;
}

QString when(const QDateTime &t)
{
    return t.isValid() ? QLocale().toString(t.toLocalTime(), QLocale::ShortFormat) : QString();
}

// The cells, then the ids behind them (the resource's, and the owner's when the cell shows a name).
QString rowText(const QTreeWidgetItem *item, int columns)
{
    QStringList cells;
    for (int c = 0; c < columns; ++c)
        cells << item->text(c);
    cells << item->toolTip(0);
    if (const QString owner = item->data(2, Qt::UserRole).toString(); !owner.isEmpty())
        cells << owner;
    return cells.join(QLatin1Char('\t'));
}

} // namespace

AttributionProductView::AttributionProductView(AttributedProduct product, Interaction *interaction, QWidget *parent)
    : QGroupBox(parent)
    , m_product(product)
    , m_interaction(interaction)
{
    const ProductFacts &facts = attribution::product(product);
    setObjectName(QStringLiteral("attribution_") + facts.key);
    setAccessibleName(facts.name);
    auto *layout = new QVBoxLayout(this);
    // A heading inside the box reads better than the style's small group title.
    QLabel *name = plainLabel(facts.name, this);
    styleTitle(name, 1.25);
    layout->addWidget(name);

    m_rule = plainLabel(facts.rule + QLatin1Char(' ') + facts.severalPartners, this);
    m_rule->setObjectName(QStringLiteral("rule_") + facts.key);
    m_rule->setAccessibleName(tr("%1 rule").arg(facts.name));
    layout->addWidget(m_rule);

    m_verdict =
        new ValueLabel(QStringLiteral("verdict_") + facts.key, tr("%1 verdict").arg(facts.name), interaction, this);
    m_verdict->setWordWrap(true);
    QFont bold = m_verdict->font();
    bold.setBold(true);
    m_verdict->setFont(bold);
    layout->addWidget(m_verdict);

    const QString container = product == AttributedProduct::PowerBI ? tr("Workspace") : tr("Environment");
    m_creditedHeading = plainLabel(QString(), this);
    m_credited = makeList("credited_", tr("%1 credited to you").arg(facts.name),
                          {tr("Name"), container, tr("Last modified"), tr("Why")});
    m_othersHeading = plainLabel(QString(), this);
    m_others = makeList("others_", tr("%1 owned by someone else").arg(facts.name),
                        {tr("Name"), container, tr("Owner"), tr("Last modified")});
    m_unknownHeading = plainLabel(QString(), this);
    m_unknown =
        makeList("unknown_", tr("%1 PAL Desk cannot tell").arg(facts.name), {tr("Name"), container, tr("Why not")});
    for (auto [heading, list] : {std::pair{m_creditedHeading, m_credited}, std::pair{m_othersHeading, m_others},
                                 std::pair{m_unknownHeading, m_unknown}}) {
        heading->setBuddy(list);
        layout->addWidget(heading);
        layout->addWidget(list);
    }

    m_todo = plainLabel(QString(), this);
    m_todo->setObjectName(QStringLiteral("todo_") + facts.key);
    layout->addWidget(m_todo);
    m_error = new InlineMessage(QStringLiteral("error_") + facts.key, interaction, this);
    layout->addWidget(m_error);
    showChecking();
}

QTreeWidget *AttributionProductView::makeList(const char *name, const QString &accessibleName,
                                              const QStringList &columns)
{
    auto *list = new QTreeWidget(this);
    list->setObjectName(QLatin1String(name) + attribution::product(m_product).key);
    list->setAccessibleName(accessibleName);
    list->setColumnCount(int(columns.size()));
    list->setHeaderLabels(columns);
    list->setRootIsDecorated(false);
    list->setUniformRowHeights(true);
    list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    list->setFocusPolicy(Qt::StrongFocus);
    list->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    list->header()->setStretchLastSection(true);
    list->header()->setSectionResizeMode(QHeaderView::Interactive);
    list->setColumnWidth(0, 230);
    list->setColumnWidth(1, 210);
    list->setColumnWidth(2, 290);
    list->installEventFilter(this);
    list->hide();
    return list;
}

void AttributionProductView::showChecking()
{
    m_verdict->setValue(tr("Checking…"));
    for (QLabel *l : {m_creditedHeading, m_othersHeading, m_unknownHeading, m_todo})
        l->hide();
    for (QTreeWidget *t : {m_credited, m_others, m_unknown}) {
        t->clear();
        t->hide();
    }
    m_error->clear();
}

void AttributionProductView::fill(QTreeWidget *list, QLabel *heading, const QString &title,
                                  const QList<AttributionItem> &items, bool withOwner, bool withReason)
{
    list->clear();
    heading->setText(title.arg(items.size()));
    heading->setVisible(!items.isEmpty());
    list->setVisible(!items.isEmpty());
    for (const AttributionItem &i : items) {
        QStringList cells{i.name, i.container};
        if (withReason) {
            cells << i.why;
        } else if (withOwner) {
            cells << (i.ownerName.isEmpty() ? i.ownerId : i.ownerName) << when(i.lastModified);
        } else {
            cells << when(i.lastModified) << i.why;
        }
        auto *row = new QTreeWidgetItem(list, cells);
        row->setToolTip(0, i.id);
        if (withOwner && !i.ownerId.isEmpty() && i.ownerId != i.ownerName) {
            row->setToolTip(2, i.ownerId);
            row->setData(2, Qt::UserRole, i.ownerId); // copied with the row
        }
        row->setData(0, Qt::AccessibleTextRole, cells.join(QStringLiteral(", ")));
    }
    // Show every row: the page scrolls, not each list.
    const int rowHeight = items.isEmpty() ? 0 : list->sizeHintForRow(0);
    list->setFixedHeight(list->header()->sizeHint().height() + rowHeight * int(items.size()) + 2 * list->frameWidth());
}

void AttributionProductView::showResult(const ProductAttribution &result)
{
    using State = ProductAttribution::State;
    m_verdict->setValue(result.state == State::Checked ? result.verdictText() : result.message);
    fill(m_credited, m_creditedHeading, tr("Credited to you (%1)"), result.credited, false, false);
    fill(m_others, m_othersHeading, tr("Owned by someone else (%1)"), result.others, true, false);
    fill(m_unknown, m_unknownHeading, tr("Cannot tell (%1)"), result.cannotTell, false, true);
    const QString todo = result.whatToDo();
    m_todo->setText(todo.isEmpty() ? QString() : tr("What to do: %1").arg(todo));
    m_todo->setVisible(!todo.isEmpty());
    m_error->clear();
    if (result.error && (result.state == State::Error || result.state == State::SignInNeeded)) {
        m_verdict->setValue(result.state == State::SignInNeeded ? tr("Not checked: sign-in needed.")
                                                                : tr("Not checked: the service failed."));
        m_error->showProblem(result.message, *result.error);
    }
}

QString AttributionProductView::plainText() const
{
    QStringList lines{attribution::product(m_product).name, m_verdict->text()};
    for (auto [heading, list] : {std::pair{m_creditedHeading, m_credited}, std::pair{m_othersHeading, m_others},
                                 std::pair{m_unknownHeading, m_unknown}}) {
        if (list->topLevelItemCount() == 0)
            continue;
        lines << heading->text();
        for (int i = 0; i < list->topLevelItemCount(); ++i)
            lines << QStringLiteral("  ") + rowText(list->topLevelItem(i), list->columnCount());
    }
    if (!m_todo->text().isEmpty())
        lines << m_todo->text();
    if (!m_error->text().isEmpty())
        lines << m_error->text() << tr("Request id: %1").arg(m_error->requestId());
    return lines.join(QLatin1Char('\n'));
}

bool AttributionProductView::eventFilter(QObject *watched, QEvent *event)
{
    auto *list = qobject_cast<QTreeWidget *>(watched);
    if (list && event->type() == QEvent::KeyPress && static_cast<QKeyEvent *>(event)->matches(QKeySequence::Copy)) {
        QStringList rows;
        for (const QTreeWidgetItem *item : list->selectedItems())
            rows << rowText(item, list->columnCount());
        if (!rows.isEmpty())
            m_interaction->copyToClipboard(rows.join(QLatin1Char('\n')));
        return true;
    }
    return QGroupBox::eventFilter(watched, event);
}

} // namespace pal
