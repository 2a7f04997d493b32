#include "CsvCell.h"

namespace pal {

namespace {

// A spreadsheet runs a part starting with one of these as a formula.
bool startsFormula(QChar c)
{
    return c == QLatin1Char('=') || c == QLatin1Char('+') || c == QLatin1Char('-') || c == QLatin1Char('@') ||
           c == QLatin1Char('\t') || c == QLatin1Char('\r');
}

// Where a reader starts a new part: any locale's list separator, and a new line for a reader that
// does not honour quotes.
bool separates(QChar c)
{
    return c == QLatin1Char(',') || c == QLatin1Char(';') || c == QLatin1Char('\t') || c == QLatin1Char('\n');
}

// Does the part starting at `from` read as ' (zero or more, at least `quotes`) then a formula character?
bool formulaAt(const QString &text, qsizetype from, qsizetype quotes)
{
    qsizetype i = from;
    while (i < text.size() && text.at(i) == QLatin1Char('\''))
        ++i;
    return i - from >= quotes && i < text.size() && startsFormula(text.at(i));
}

} // namespace

QString CsvCell::write(const QString &text)
{
    QString cell;
    cell.reserve(text.size() + 2);
    bool neutralised = false;
    bool quote = false;
    bool partStarts = true;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (partStarts && formulaAt(text, i, 0)) {
            cell += QLatin1Char('\'');
            neutralised = true;
        }
        if (c == QLatin1Char('"'))
            cell += QLatin1Char('"');
        quote = quote || separates(c) || c == QLatin1Char('"') || c == QLatin1Char('\r');
        cell += c;
        partStarts = separates(c);
    }
    if (!quote && !neutralised)
        return text;
    return QLatin1Char('"') + cell + QLatin1Char('"');
}

QString CsvCell::read(const QString &cell)
{
    QString text;
    text.reserve(cell.size());
    bool partStarts = true;
    for (qsizetype i = 0; i < cell.size(); ++i) {
        const QChar c = cell.at(i);
        if (partStarts && formulaAt(cell, i, 1)) {
            partStarts = false;
            continue; // the ' write() added
        }
        text += c;
        partStarts = separates(c);
    }
    return text;
}

} // namespace pal
