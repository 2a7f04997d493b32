#pragma once
// CsvCell: the one way PAL Desk writes a cell of a CSV file a spreadsheet may open (fleet reports,
// the inventory export, the history export), and reads its own cells back (inventory import).
//
// A cell is quoted (RFC 4180) when it holds a quote, a line break or any locale's list separator
// (, ; tab). Quoting is not enough against formulas: a spreadsheet that splits on ";" (or on tabs,
// when pasted) ignores quotes that do not start its own field, and runs every part after a
// separator that starts with = + - @ tab or CR. So every such part a ",", ";", tab or line reader
// would see gets a leading ' (OWASP's CSV injection advice), which keeps it text. Runs of ' before
// such a character get one more, so read() gives back exactly what was written.

#include <QString>

namespace pal {

class CsvCell
{
public:
    // `text` as one CSV cell, formula-safe for any separator.
    [[nodiscard]] static QString write(const QString &text);
    // A cell as the CSV reader unquoted it, with the ' that write() added removed.
    [[nodiscard]] static QString read(const QString &cell);
};

} // namespace pal
