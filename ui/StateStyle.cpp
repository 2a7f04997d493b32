#include "StateStyle.h"

#include <QFont>
#include <QLabel>

namespace pal {

QColor toneColor(Tone tone)
{
    // Mid-dark hues: white text on them passes WCAG AA, and they stand out on dark windows too.
    switch (tone) {
    case Tone::Success:
        return QColor(0x1b, 0x7a, 0x35);
    case Tone::Warning:
        return QColor(0x9a, 0x5b, 0x00);
    case Tone::Error:
        return QColor(0xb4, 0x23, 0x18);
    case Tone::Neutral:
        break;
    }
    return QColor(0x4a, 0x55, 0x68);
}

QString toneSymbol(Tone tone)
{
    switch (tone) {
    case Tone::Success:
        return QStringLiteral("✔");
    case Tone::Warning:
        return QStringLiteral("⚠");
    case Tone::Error:
        return QStringLiteral("✖");
    case Tone::Neutral:
        break;
    }
    return QStringLiteral("ℹ");
}

void styleBadge(QLabel *label, Tone tone, double scale)
{
    QFont font = label->font();
    font.setBold(true);
    if (scale != 1.0)
        font.setPointSizeF(QFont().pointSizeF() * scale);
    label->setFont(font);
    const int pad = scale > 1.5 ? 12 : 3;
    label->setStyleSheet(QStringLiteral("QLabel { background-color: %1; color: white; border-radius: %2px; "
                                        "padding: %3px %4px; }")
                             .arg(toneColor(tone).name())
                             .arg(scale > 1.5 ? 8 : 4)
                             .arg(pad)
                             .arg(pad * 2));
}

void styleTitle(QLabel *label, double scale)
{
    QFont font = label->font();
    font.setBold(true);
    font.setPointSizeF(QFont().pointSizeF() * scale);
    label->setFont(font);
}

} // namespace pal
