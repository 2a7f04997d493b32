#include "Output.h"

#include "TerminalText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

#include <unistd.h>

namespace palctl {

std::optional<OutputFormat> parseOutputFormat(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("json"))
        return OutputFormat::Json;
    if (t == QLatin1String("table"))
        return OutputFormat::Table;
    if (t == QLatin1String("tsv"))
        return OutputFormat::Tsv;
    return std::nullopt;
}

OutputFormat defaultOutputFormat()
{
    return ::isatty(STDOUT_FILENO) ? OutputFormat::Table : OutputFormat::Json;
}

QString Output::cellText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return {};
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        const double d = value.toDouble();
        if (d == static_cast<double>(static_cast<qint64>(d)))
            return QString::number(static_cast<qint64>(d));
        return QString::number(d);
    }
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Array:
    case QJsonValue::Object:
        break;
    }
    const QJsonDocument doc = value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    return QString::fromUtf8(doc.toJson(QJsonDocument::Compact));
}

namespace {
constexpr qsizetype MaxTableCell = 72;

// Tabs and newlines would break a tsv row, and a server's control characters would reach the
// terminal: a cell has neither.
QString tsvCell(const QJsonValue &value)
{
    return stripControls(Output::cellText(value), LineBreaks::AsSpace);
}

// "tenantId" -> "Tenant Id": table headers in words.
QString header(const QString &key)
{
    QString out;
    for (int i = 0; i < key.size(); ++i) {
        const QChar c = key.at(i);
        if (i == 0) {
            out += c.toUpper();
        } else if (c.isUpper()) {
            out += QLatin1Char(' ');
            out += c;
        } else {
            out += c;
        }
    }
    return out;
}
} // namespace

void Output::printObject(const QJsonObject &record, const QStringList &columns) const
{
    QTextStream &out = *m_out;
    switch (m_format) {
    case OutputFormat::Json:
        out << escapeControlsInJson(QString::fromUtf8(QJsonDocument(record).toJson(QJsonDocument::Indented)));
        break;
    case OutputFormat::Tsv: {
        QStringList cells;
        for (const QString &c : columns)
            cells << tsvCell(record.value(c));
        out << cells.join(QLatin1Char('\t')) << '\n';
        break;
    }
    case OutputFormat::Table: {
        // One record reads best as "Name  value" lines.
        qsizetype width = 0;
        for (const QString &c : columns)
            width = std::max(width, header(c).size());
        for (const QString &c : columns)
            out << header(c).leftJustified(width + 2) << tsvCell(record.value(c)) << '\n';
        break;
    }
    }
    out.flush();
}

void Output::printList(const QList<QJsonObject> &records, const QStringList &columns) const
{
    QTextStream &out = *m_out;
    switch (m_format) {
    case OutputFormat::Json: {
        QJsonArray array;
        for (const QJsonObject &r : records)
            array.append(r);
        out << escapeControlsInJson(QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Indented)));
        break;
    }
    case OutputFormat::Tsv:
        for (const QJsonObject &r : records) {
            QStringList cells;
            for (const QString &c : columns)
                cells << tsvCell(r.value(c));
            out << cells.join(QLatin1Char('\t')) << '\n';
        }
        break;
    case OutputFormat::Table: {
        QList<qsizetype> widths;
        for (const QString &c : columns)
            widths << header(c).size();
        QList<QStringList> rows;
        for (const QJsonObject &r : records) {
            QStringList row;
            for (int i = 0; i < columns.size(); ++i) {
                QString cell = tsvCell(r.value(columns.at(i)));
                // Long texts (error messages) would push the table off the screen: json/tsv have them whole.
                if (cell.size() > MaxTableCell)
                    cell = cell.left(MaxTableCell - 3) + QStringLiteral("...");
                row << cell;
                widths[i] = std::max(widths[i], row.last().size());
            }
            rows << row;
        }
        auto line = [&](const QStringList &cells) {
            QString text;
            for (int i = 0; i < cells.size(); ++i)
                text += i + 1 < cells.size() ? cells.at(i).leftJustified(widths[i] + 2) : cells.at(i);
            out << text << '\n';
        };
        QStringList headers, rules;
        for (int i = 0; i < columns.size(); ++i) {
            headers << header(columns.at(i));
            rules << QString(widths[i], QLatin1Char('-'));
        }
        line(headers);
        line(rules);
        for (const QStringList &row : rows)
            line(row);
        break;
    }
    }
    out.flush();
}

} // namespace palctl
