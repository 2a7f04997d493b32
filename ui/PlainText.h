#pragma once
// Text from a server (directory, partner and user names, error messages) is shown as text, never
// as markup. QLabel, QMessageBox and tooltips guess rich text from a '<' (Qt::mightBeRichText), so
// a directory named "<img src=…>" or "<a href=…>" would render and could look like PAL Desk's own
// words or links. Every label that shows server text is Qt::PlainText; tooltips are escaped.

#include <QLabel>
#include <QTextDocument>

namespace pal {

inline QLabel *plainText(QLabel *label)
{
    label->setTextFormat(Qt::PlainText);
    return label;
}

// A tooltip that shows `text` literally (line breaks kept).
inline QString plainToolTip(const QString &text)
{
    return text.isEmpty() ? text : Qt::convertFromPlainText(text, Qt::WhiteSpaceNormal);
}

} // namespace pal
