#include "Accessibility.h"

#include <QAbstractScrollArea>
#include <QCoreApplication>
#include <QScrollBar>

namespace pal {

void nameScrollArea(QAbstractScrollArea *area, const QString &name)
{
    area->setAccessibleName(name);
    // The bars exist from the start (shown only when needed), so naming them once is enough. The
    // role already says "scroll bar": the name says what scrolls.
    area->verticalScrollBar()->setAccessibleName(
        QCoreApplication::translate("pal::Accessibility", "Scroll %1").arg(name));
    area->horizontalScrollBar()->setAccessibleName(
        QCoreApplication::translate("pal::Accessibility", "Scroll %1 sideways").arg(name));
}

void showFocusFrame(QAbstractScrollArea *area, bool framed)
{
    Q_ASSERT(!area->objectName().isEmpty());
    // The same outer size focused or not (border + padding), so nothing moves when the focus comes.
    area->setStyleSheet(
        QStringLiteral("#%1 { border: 1px solid %2; padding: 1px; }"
                       "#%1:focus { border: 2px solid palette(highlight); padding: 0px; }")
            .arg(area->objectName(), framed ? QStringLiteral("palette(mid)") : QStringLiteral("transparent")));
}

} // namespace pal
