#pragma once
// KeyboardWalk: walks a part of a window with Tab alone (or Shift+Tab alone), as a keyboard or
// screen-reader user does, and checks what such a user needs: every control of the part is reached
// exactly once per cycle, the focus never stays stuck (a table that moves from cell to cell on
// Tab), the cycle comes back to where it started, every stop and every scroll bar has an
// accessible name, and no two visible mnemonics of the window share a letter.
//
// Any page gets the whole check with one line, e.g. for a new page:
//     keyboardwalk::expectWalkable(window->findChild<QWidget *>("attributionPage"));
// (the page must be the current one, its window shown and active).

#include <QList>
#include <QString>
#include <QStringList>

class QWidget;

namespace keyboardwalk {

enum class Scope {
    Page,  // the cycle may pass through the rest of the window (navigation, header) and comes back
    Dialog // the cycle stays inside the part (a dialog or a panel laid over the page)
};

struct Walk
{
    QList<QWidget *> stops; // the widgets that held the focus, in order, the start first
    QString problem;        // empty when the focus came back to the start
};

// What a keyboard user must be able to reach in `root`: visible, enabled widgets that take the
// focus by Tab, and labels whose text can be selected, in focus-chain order.
QList<QWidget *> expectedStops(QWidget *root);
// Presses Tab (forward) or Shift+Tab from `start` until the focus is back on `start`.
Walk walk(QWidget *start, bool forward);
// The name a screen reader reads for `widget` (its own, or its label buddy's through Qt).
QString accessibleName(QWidget *widget);
// "Alt+X: a, b" for every letter two visible controls of `window` share.
QStringList duplicateMnemonics(QWidget *window);
// A readable name for failure messages: objectName, else class and text.
QString describe(QWidget *widget);

// Walks `root` once with Tab and once with Shift+Tab and records gtest failures for whatever a
// keyboard user would trip over (see the top of this file).
void expectWalkable(QWidget *root, Scope scope = Scope::Page);

} // namespace keyboardwalk
