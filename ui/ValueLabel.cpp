#include "ValueLabel.h"

#include "Interaction.h"

#include <QContextMenuEvent>
#include <QKeyEvent>
#include <QMenu>
#include <QPainter>
#include <QStyle>

namespace pal {

ValueLabel::ValueLabel(const QString &objectName, const QString &what, Interaction *interaction, QWidget *parent)
    : QLabel(parent)
    , m_what(what)
    , m_interaction(interaction)
{
    setObjectName(objectName);
    setTextFormat(Qt::PlainText); // values come from servers: never markup
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    // QLabel gives keyboard-selectable text only the click focus: Tab would pass it by.
    setFocusPolicy(Qt::StrongFocus);
    setAccessibleName(what);
    setToolTip(tr("Ctrl+C copies it"));
}

void ValueLabel::setValue(const QString &text, const QString &copyText)
{
    setText(text);
    m_copyText = copyText;
    setFocusPolicy(text.isEmpty() ? Qt::NoFocus : Qt::StrongFocus); // no stop on nothing
    // An em dash is how the pages say "no value": read it out as a word.
    setAccessibleDescription(text == QStringLiteral("—") ? tr("none") : text);
}

QString ValueLabel::copyText() const
{
    return m_copyText.isEmpty() ? text() : m_copyText;
}

void ValueLabel::copy()
{
    // Tab may have selected the whole line: that is the value, not a part the user chose.
    const QString selected = selectedText();
    m_interaction->copyToClipboard(selected.isEmpty() || selected == text() ? copyText() : selected);
}

bool ValueLabel::event(QEvent *event)
{
    // Claim Ctrl+C before any window shortcut, and before QLabel writes to the clipboard itself.
    if (event->type() == QEvent::ShortcutOverride && static_cast<QKeyEvent *>(event)->matches(QKeySequence::Copy)) {
        event->accept();
        return true;
    }
    return QLabel::event(event);
}

void ValueLabel::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Copy)) {
        copy();
        event->accept();
        return;
    }
    QLabel::keyPressEvent(event);
}

void ValueLabel::paintEvent(QPaintEvent *event)
{
    QLabel::paintEvent(event);
    if (!hasFocus())
        return;
    // A label has no frame of its own to light up, and styles draw none around one: a thin
    // rounded line in the highlight colour, as line edits show theirs.
    // One line: around the text, not the whole (often stretched) label.
    QRect around = rect();
    if (!wordWrap()) {
        const QRect text = style()->itemTextRect(fontMetrics(), contentsRect(), int(alignment()), true, this->text());
        around = text.adjusted(-3, -1, 3, 1).intersected(rect());
    }
    QPainter painter(this);
    painter.setPen(QPen(palette().color(QPalette::Highlight), 1.5));
    painter.setRenderHint(QPainter::Antialiasing);
    painter.drawRoundedRect(QRectF(around).adjusted(0.75, 0.75, -0.75, -0.75), 3, 3);
}

void ValueLabel::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    QAction *copyAction = menu.addAction(selectedText().isEmpty() ? tr("&Copy %1").arg(m_what) : tr("&Copy selection"));
    copyAction->setShortcut(QKeySequence::Copy);
    connect(copyAction, &QAction::triggered, this, &ValueLabel::copy);
    if (!selectedText().isEmpty()) {
        QAction *whole = menu.addAction(tr("Copy the whole value"));
        connect(whole, &QAction::triggered, this, [this] { m_interaction->copyToClipboard(copyText()); });
    }
    menu.exec(event->reason() == QContextMenuEvent::Keyboard ? mapToGlobal(rect().bottomLeft()) : event->globalPos());
}

} // namespace pal
