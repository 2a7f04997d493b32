#pragma once
// ValueLabel: a value the user may want to quote (a directory id, a partner ID, a time), shown as
// text but reachable with Tab like a control. A screen reader reads what the value is (the
// accessible name, e.g. "Directory ID") and then the value itself (the accessible description).
// The focus draws a frame, Shift+arrows select part of it, and Ctrl+C (or "Copy" in its context
// menu, also on the Menu key) copies the selection, or without one the whole value, through the
// app's Interaction port (so tests see it and the clipboard stays one place).

#include <QLabel>

namespace pal {

class Interaction;

class ValueLabel final : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ValueLabel)
public:
    ValueLabel(const QString &objectName, const QString &what, Interaction *interaction, QWidget *parent = nullptr);

    // Shows `text`; Ctrl+C without a selection copies `copyText` (default: `text`), e.g. only the id
    // of a line that reads "contoso.example · Directory ID …".
    void setValue(const QString &text, const QString &copyText = {});
    QString copyText() const;
    // Copies the selection, or the whole value when nothing is selected.
    void copy();

protected:
    bool event(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    QString m_what;
    QString m_copyText;
    Interaction *m_interaction;
};

} // namespace pal
