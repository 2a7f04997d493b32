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

} // namespace pal
