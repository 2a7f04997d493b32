#pragma once
// OverlayPanel: a framed panel laid over the page below it (the directory switcher's list), that
// acts as a small dialog for the keyboard: Tab and Shift+Tab cycle through its own controls
// instead of wandering onto the page it covers, and Escape (handled by its owner) closes it and
// gives the focus back. It is no trap: Escape always leaves.

#include <QFrame>

namespace pal {

class OverlayPanel final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OverlayPanel)
public:
    explicit OverlayPanel(QWidget *parent = nullptr);

protected:
    bool focusNextPrevChild(bool next) override;
};

} // namespace pal
