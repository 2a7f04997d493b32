#include "CsvReader.h"

#include <QStringDecoder>

namespace pal {

bool CsvRecord::isBlank() const
{
    for (const QString &f : fields)
        if (!f.trimmed().isEmpty())
            return false;
    return true;
}

namespace {

// The line (from 1) of the first byte that is not UTF-8, or 0 when all are.
int firstInvalidUtf8Line(const QByteArray &bytes)
{
    const QList<QByteArray> lines = bytes.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        (void)QString(decoder.decode(lines.at(i)));
        if (decoder.hasError())
            return int(i) + 1;
    }
    return 0;
}

} // namespace

Expected<QList<CsvRecord>, CsvProblem> CsvReader::read(const QByteArray &input)
{
    QByteArray bytes = input;
    if (bytes.startsWith("\xEF\xBB\xBF"))
        bytes.remove(0, 3);
    if (const int bad = firstInvalidUtf8Line(bytes))
        return CsvProblem{bad, QStringLiteral("the file is not UTF-8 text; save it as \"CSV UTF-8\"")};
    const QString text = QString::fromUtf8(bytes);

    QList<CsvRecord> records;
    CsvRecord record;
    QString field;
    int line = 1;
    record.line = 1;
    bool quoted = false;       // inside a quoted field
    bool afterQuote = false;   // a quoted field just closed: only a separator or a line break may follow
    bool fieldStarted = false; // the record has a field (even an empty one) so far
    int quoteLine = 0;

    const auto endField = [&] {
        record.fields.append(field);
        field.clear();
        afterQuote = false;
        fieldStarted = true;
    };
    const auto endRecord = [&] {
        if (fieldStarted || !field.isEmpty() || afterQuote)
            endField();
        if (!record.fields.isEmpty())
            records.append(record);
        record = CsvRecord{};
        fieldStarted = false;
    };

    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < n && text.at(i + 1) == QLatin1Char('"')) {
                    field.append(c);
                    ++i;
                } else {
                    quoted = false;
                    afterQuote = true;
                }
                continue;
            }
            if (c == QLatin1Char('\n') ||
                (c == QLatin1Char('\r') && !(i + 1 < n && text.at(i + 1) == QLatin1Char('\n'))))
                ++line;
            field.append(c);
            continue;
        }
        if (c == QLatin1Char(',')) {
            endField();
            continue;
        }
        if (c == QLatin1Char('\r') || c == QLatin1Char('\n')) {
            if (c == QLatin1Char('\r') && i + 1 < n && text.at(i + 1) == QLatin1Char('\n'))
                ++i;
            endRecord();
            ++line;
            record.line = line;
            continue;
        }
        if (afterQuote)
            return CsvProblem{line, QStringLiteral("text follows the closing quote of a field; put the whole field "
                                                   "in quotes and double any quote inside it (\"\")")};
        if (c == QLatin1Char('"')) {
            if (!field.isEmpty())
                return CsvProblem{line, QStringLiteral("a quote inside an unquoted field; put the whole field in "
                                                       "quotes and double the quote (\"\")")};
            quoted = true;
            quoteLine = line;
            continue;
        }
        field.append(c);
    }
    if (quoted)
        return CsvProblem{quoteLine, QStringLiteral("a quote opened on this line is never closed")};
    endRecord();
    return records;
}

} // namespace pal
