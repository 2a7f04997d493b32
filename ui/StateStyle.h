#pragma once
// StateStyle: the only colours PAL Desk sets itself, for states (linked, not linked, error,
// busy). Each is a strong background under white text, readable on light and dark palettes;
// everything else follows the system palette.

#include <QColor>
#include <QString>

class QLabel;
class QWidget;

namespace pal {

enum class Tone { Neutral, Success, Warning, Error };

QColor toneColor(Tone tone);
QString toneSymbol(Tone tone); // ✔ ✖ ⚠ ℹ
// A coloured badge (white text on the tone's colour, rounded). `scale` enlarges the font.
void styleBadge(QLabel *label, Tone tone, double scale = 1.0);
// A title font: the application font enlarged, bold.
void styleTitle(QLabel *label, double scale = 1.6);

} // namespace pal
