#pragma once
// CsvReader: the records of an RFC 4180 file, as spreadsheets export it (the inventory's import).
// Fields are separated by commas; a field in double quotes may hold commas, line breaks and
// doubled quotes (""); records end with CRLF, LF or a lone CR (old spreadsheet exports). The text is
// UTF-8, with or without a byte order mark. Completely empty lines are skipped. Strict where a
// guess could silently change data: a quote inside an unquoted field, text after a closing quote,
// a quote left open at the end and bytes that are not UTF-8 are problems that name their line.
// There is no CSV parser in Qt; this one is kept small, and it only reads (FleetReport writes).

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include "Expected.h"

namespace pal {

struct CsvRecord
{
    int line = 0; // the line of the file the record starts on, from 1
    QStringList fields;
    // True when every field is empty (",,," rows spreadsheets leave at the end).
    bool isBlank() const;
};

struct CsvProblem
{
    int line = 0;
    QString message; // what is wrong there, for people: "a quote opened here is never closed"
};

class CsvReader
{
public:
    [[nodiscard]] static Expected<QList<CsvRecord>, CsvProblem> read(const QByteArray &bytes);
};

} // namespace pal
