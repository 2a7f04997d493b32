#include "OverlayPanel.h"

#include <QApplication>

namespace pal {

OverlayPanel::OverlayPanel(QWidget *parent)
    : QFrame(parent)
{
    setFrameShape(QFrame::StyledPanel);
    setFrameShadow(QFrame::Raised);
    setAutoFillBackground(true);
}

bool OverlayPanel::focusNextPrevChild(bool next)
{
    QWidget *start = QApplication::focusWidget();
    if (!start || !isAncestorOf(start))
        return QFrame::focusNextPrevChild(next);
    // Follow the window's focus chain (so setTabOrder still decides the order), skipping what
    // lies outside this panel, and wrap around inside it.
    for (QWidget *w = next ? start->nextInFocusChain() : start->previousInFocusChain(); w && w != start;
         w = next ? w->nextInFocusChain() : w->previousInFocusChain()) {
        if (!isAncestorOf(w) || !w->isVisible() || !w->isEnabled() || !(w->focusPolicy() & Qt::TabFocus))
            continue;
        if (w->focusProxy())
            continue;
        w->setFocus(next ? Qt::TabFocusReason : Qt::BacktabFocusReason);
        return true;
    }
    return true; // the only control here: the focus stays, it does not fall onto the covered page
}

} // namespace pal
