#pragma once
// Output: how palctl prints results on stdout, as json, table or tsv. Records are JSON objects;
// the caller names the columns (and their order) for table and tsv. JSON prints every key.
// Single results print as one object; lists print as an array (json) or one row per record.

#include <QJsonObject>
#include <QList>
#include <QStringList>

class QTextStream;

namespace palctl {

enum class OutputFormat { Json, Table, Tsv };

// "json", "table", "tsv" (case-insensitive); std::nullopt for anything else.
std::optional<OutputFormat> parseOutputFormat(const QString &text);
// Table on a terminal, json otherwise (pipes, files, scripts).
OutputFormat defaultOutputFormat();

class Output
{
public:
    Output(OutputFormat format, QTextStream *out)
        : m_format(format)
        , m_out(out)
    {}

    OutputFormat format() const { return m_format; }
    void printObject(const QJsonObject &record, const QStringList &columns) const;
    void printList(const QList<QJsonObject> &records, const QStringList &columns) const;

    // How a JSON value is written in a table or tsv cell: strings as is, null as empty.
    static QString cellText(const QJsonValue &value);

private:
    OutputFormat m_format;
    QTextStream *m_out;
};

} // namespace palctl
