#include "ServiceText.h"

namespace pal {

QString capServiceText(QString text)
{
    if (text.size() <= MaxServiceText)
        return text;
    qsizetype bytes = 0; // the UTF-8 size, without encoding it all
    for (const QChar c : std::as_const(text))
        bytes += c.unicode() < 0x80 ? 1 : c.unicode() < 0x800 || c.isSurrogate() ? 2 : 3;
    qsizetype keep = MaxServiceText;
    if (text.at(keep - 1).isHighSurrogate()) // never half a character
        --keep;
    text.truncate(keep);
    text += QStringLiteral("… (cut, %1 bytes)").arg(bytes);
    return text;
}

} // namespace pal
