#pragma once
// LinkParagraph: a wrapped paragraph with links in it (the consent note's privacy statement).
// Tab lands on its first link at once, Shift+Tab on its last, each link shows the focus and
// Enter opens it (linkActivated). A plain QLabel takes the focus first with no link shown: a stop
// where nothing seems to happen.

#include <QLabel>

namespace pal {

class LinkParagraph final : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LinkParagraph)
public:
    explicit LinkParagraph(const QString &html, QWidget *parent = nullptr);

protected:
    void focusInEvent(QFocusEvent *event) override;
};

} // namespace pal
