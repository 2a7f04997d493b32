#include "LinkParagraph.h"

#include <QFocusEvent>
#include <QTextDocument>

namespace pal {

LinkParagraph::LinkParagraph(const QString &html, QWidget *parent)
    : QLabel(html, parent)
{
    setTextFormat(Qt::RichText);
    setWordWrap(true);
    setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    setFocusPolicy(Qt::StrongFocus);
    // A screen reader reads the paragraph, without its markup.
    QTextDocument plain;
    plain.setHtml(html);
    setAccessibleName(plain.toPlainText());
}

void LinkParagraph::focusInEvent(QFocusEvent *event)
{
    QLabel::focusInEvent(event);
    // Coming by Tab, go straight on to the first link (by Shift+Tab, the last).
    // (Without a link that call would pass the focus on: hence the check.)
    if ((event->reason() == Qt::TabFocusReason || event->reason() == Qt::BacktabFocusReason) &&
        text().contains(QLatin1String("<a ")))
        QLabel::focusNextPrevChild(event->reason() == Qt::TabFocusReason);
}

} // namespace pal
