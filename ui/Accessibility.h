#pragma once
// Accessibility: the few lines every scrolling widget needs so a screen reader can say what it
// is. A scroll bar otherwise reads as a bare "scroll bar", with nothing to tell which of the
// page's it is.

#include <QString>

class QAbstractScrollArea;

namespace pal {

// Names `area` (a table, list, text or scrolled page) and both its scroll bars after it.
void nameScrollArea(QAbstractScrollArea *area, const QString &name);
// Lights `area`'s border in the highlight colour while it has the focus: the styles draw no focus
// on a table, list or text view, and an empty table then shows nothing at all. `framed`: a thin
// border otherwise (false: none, for areas laid out without a frame). Needs an objectName.
void showFocusFrame(QAbstractScrollArea *area, bool framed = true);

} // namespace pal
