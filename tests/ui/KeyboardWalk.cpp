#include "KeyboardWalk.h"

#include <QAbstractButton>
#include <QAbstractScrollArea>
#include <QAccessible>
#include <QApplication>
#include <QGroupBox>
#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QMap>
#include <QScrollBar>
#include <QTest>
#include <QTextBrowser>
#include <QWidget>
#include <gtest/gtest.h>

namespace keyboardwalk {

namespace {

// A widget may keep the focus for a few presses only where Tab moves inside it on purpose: the
// links of a label or a text browser, one per press. A table or list never may.
constexpr int MaxStayOnLinks = 20;
constexpr int MaxPresses = 400;

bool selectableLabel(const QWidget *w)
{
    const auto *label = qobject_cast<const QLabel *>(w);
    return label && !label->text().isEmpty() &&
           (label->textInteractionFlags() &
            (Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard | Qt::LinksAccessibleByKeyboard));
}

bool hasLinks(const QWidget *w)
{
    return qobject_cast<const QLabel *>(w) || qobject_cast<const QTextBrowser *>(w);
}

bool isStop(const QWidget *w)
{
    if (!w->isVisible() || !w->isEnabled() || w->focusProxy())
        return false;
    // Of a group of exclusive radio buttons Tab reaches the checked one; the arrows move inside.
    if (const auto *b = qobject_cast<const QAbstractButton *>(w); b && b->autoExclusive() && !b->isChecked())
        return false;
    return (w->focusPolicy() & Qt::TabFocus) || selectableLabel(w);
}

bool inside(const QWidget *root, const QWidget *w)
{
    return w == root || root->isAncestorOf(w);
}

QChar mnemonic(const QString &text)
{
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) != QLatin1Char('&'))
            continue;
        if (text.at(i + 1) == QLatin1Char('&')) {
            ++i;
            continue;
        }
        return text.at(i + 1).toLower();
    }
    return {};
}

} // namespace

QString describe(QWidget *w)
{
    if (!w)
        return QStringLiteral("(nothing)");
    if (!w->objectName().isEmpty())
        return w->objectName();
    QString text;
    if (auto *b = qobject_cast<QAbstractButton *>(w))
        text = b->text();
    else if (auto *l = qobject_cast<QLabel *>(w))
        text = l->text().left(40);
    const QString parent = w->parentWidget() ? describe(w->parentWidget()) : QString();
    return QStringLiteral("%1 \"%2\" in %3").arg(QLatin1String(w->metaObject()->className()), text, parent);
}

QList<QWidget *> expectedStops(QWidget *root)
{
    QList<QWidget *> stops;
    QWidget *window = root->window();
    QWidget *w = window;
    do {
        if (inside(root, w) && isStop(w))
            stops << w;
        w = w->nextInFocusChain();
    } while (w && w != window);
    return stops;
}

Walk walk(QWidget *start, bool forward)
{
    Walk result;
    start->setFocus(forward ? Qt::TabFocusReason : Qt::BacktabFocusReason);
    if (QApplication::focusWidget() != start) {
        result.problem = QStringLiteral("%1 does not take the focus").arg(describe(start));
        return result;
    }
    result.stops << start;
    int stay = 0;
    for (int press = 0; press < MaxPresses; ++press) {
        QWidget *before = QApplication::focusWidget();
        if (forward)
            QTest::keyClick(before, Qt::Key_Tab);
        else
            QTest::keyClick(before, Qt::Key_Backtab, Qt::ShiftModifier);
        QWidget *now = QApplication::focusWidget();
        if (!now) {
            result.problem = QStringLiteral("the focus was lost after %1").arg(describe(before));
            return result;
        }
        if (now == before) {
            if (!hasLinks(now) || ++stay > MaxStayOnLinks) {
                result.problem = QStringLiteral("%1 keeps the focus on %2: Tab is trapped there")
                                     .arg(describe(now), forward ? QStringLiteral("Tab") : QStringLiteral("Shift+Tab"));
                return result;
            }
            continue;
        }
        stay = 0;
        if (now == start)
            return result;
        result.stops << now;
    }
    result.problem =
        QStringLiteral("the focus did not come back to %1 after %2 presses").arg(describe(start)).arg(MaxPresses);
    return result;
}

QString accessibleName(QWidget *w)
{
    QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(w);
    return iface ? iface->text(QAccessible::Name).trimmed() : QString();
}

QStringList duplicateMnemonics(QWidget *window)
{
    QMap<QChar, QStringList> owners;
    for (QWidget *w : window->findChildren<QWidget *>()) {
        if (!w->isVisible())
            continue;
        QString text;
        if (auto *b = qobject_cast<QAbstractButton *>(w))
            text = b->text();
        else if (auto *l = qobject_cast<QLabel *>(w); l && l->buddy())
            text = l->text();
        else if (auto *g = qobject_cast<QGroupBox *>(w); g && g->isCheckable())
            text = g->title();
        if (const QChar c = mnemonic(text); !c.isNull())
            owners[c] << QString(text).remove(QLatin1Char('&'));
    }
    QStringList duplicates;
    for (auto it = owners.cbegin(); it != owners.cend(); ++it)
        if (it.value().size() > 1)
            duplicates << QStringLiteral("Alt+%1: %2").arg(it.key().toUpper(), it.value().join(QStringLiteral(", ")));
    return duplicates;
}

QString visualOrderProblem(QWidget *root, const QList<QWidget *> &stops)
{
    // Where each control sits in the part, taken before the walk scrolls anything.
    QHash<QWidget *, QRect> place;
    for (QWidget *w : stops)
        if (inside(root, w))
            place.insert(w, QRect(w->mapTo(root, QPoint(0, 0)), w->size()));
    QWidget *previous = nullptr;
    for (QWidget *w : stops) {
        if (!place.contains(w))
            continue;
        // Tab may go right, or down; going back up to a control wholly above is out of order.
        if (previous && place[w].bottom() < place[previous].top())
            return QStringLiteral("Tab goes up from %1 to %2").arg(describe(previous), describe(w));
        previous = w;
    }
    return {};
}

void expectWalkable(QWidget *root, Scope scope)
{
    ASSERT_NE(root, nullptr);
    ASSERT_TRUE(root->isVisible()) << qPrintable(describe(root)) << " is not shown";
    const QList<QWidget *> expected = expectedStops(root);
    ASSERT_FALSE(expected.isEmpty()) << qPrintable(describe(root)) << " has nothing to reach";
    // The focus order follows the visual order: top to bottom, left to right within a row.
    const QString order = visualOrderProblem(root, expected);
    EXPECT_TRUE(order.isEmpty()) << qPrintable(order);

    for (const bool forward : {true, false}) {
        const char *how = forward ? "Tab" : "Shift+Tab";
        QWidget *start = forward ? expected.first() : expected.last();
        const Walk w = walk(start, forward);
        if (qEnvironmentVariableIsSet("PAL_KEYBOARD_WALK_DEBUG")) { // the order, to read it as a user would
            QStringList names;
            for (QWidget *stop : w.stops)
                names << describe(stop);
            qInfo("%s in %s: %s", how, qPrintable(describe(root)), qPrintable(names.join(QStringLiteral(" > "))));
        }
        EXPECT_TRUE(w.problem.isEmpty()) << how << " in " << qPrintable(describe(root)) << ": "
                                         << qPrintable(w.problem);
        for (QWidget *stop : expected) {
            EXPECT_EQ(w.stops.count(stop), 1)
                << how << " in " << qPrintable(describe(root)) << " reaches " << qPrintable(describe(stop)) << " "
                << w.stops.count(stop) << " times per cycle instead of once";
        }
        for (QWidget *stop : w.stops) {
            if (scope == Scope::Dialog) {
                EXPECT_TRUE(inside(root, stop))
                    << how << " leaves " << qPrintable(describe(root)) << " for " << qPrintable(describe(stop));
            }
            if (inside(root, stop)) {
                EXPECT_FALSE(accessibleName(stop).isEmpty()) << qPrintable(describe(stop)) << " has no accessible name";
            }
        }
    }

    // Scroll areas (tables, lists, text, scrolled pages) and their scroll bars are read out too.
    // A table's header is read as the table's column headers, not as a widget of its own.
    for (QAbstractScrollArea *area : root->findChildren<QAbstractScrollArea *>()) {
        if (!area->isVisible() || qobject_cast<QHeaderView *>(area))
            continue;
        EXPECT_FALSE(accessibleName(area).isEmpty()) << qPrintable(describe(area)) << " has no accessible name";
        for (QScrollBar *bar : {area->verticalScrollBar(), area->horizontalScrollBar()}) {
            if (bar && bar->isVisible()) {
                EXPECT_FALSE(accessibleName(bar).isEmpty())
                    << "a scroll bar of " << qPrintable(describe(area)) << " has no accessible name";
            }
        }
    }
    const QStringList duplicates = duplicateMnemonics(root->window());
    EXPECT_TRUE(duplicates.isEmpty()) << "mnemonics used twice: " << qPrintable(duplicates.join(QStringLiteral("; ")));
}

} // namespace keyboardwalk
