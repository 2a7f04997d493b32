// CsvReader: RFC 4180 as spreadsheets write it (quotes, doubled quotes, line breaks inside quotes,
// BOM, CRLF/LF/CR) and the problems it names by line instead of guessing.
#include "CsvReader.h"

#include <gtest/gtest.h>

using pal::CsvReader;
using pal::CsvRecord;

namespace {

QList<QStringList> rows(std::initializer_list<std::initializer_list<const char *>> table)
{
    QList<QStringList> out;
    for (const auto &row : table) {
        QStringList fields;
        for (const char *f : row)
            fields << QString::fromUtf8(f);
        out << fields;
    }
    return out;
}

QList<QStringList> fieldsOf(const QByteArray &csv)
{
    const auto read = CsvReader::read(csv);
    EXPECT_TRUE(read.hasValue()) << (read ? "" : qPrintable(read.error().message));
    QList<QStringList> out;
    if (read)
        for (const CsvRecord &r : read.value())
            out << r.fields;
    return out;
}

} // namespace

TEST(CsvReader, PlainFieldsAndRecords)
{
    EXPECT_EQ(fieldsOf("a,b,c\n1,2,3\n"), rows({{"a", "b", "c"}, {"1", "2", "3"}}));
    EXPECT_EQ(fieldsOf("a,b,c\n1,2,3"), rows({{"a", "b", "c"}, {"1", "2", "3"}})) << "no final break";
    EXPECT_EQ(fieldsOf("a,,c\n,,\n"), rows({{"a", "", "c"}, {"", "", ""}})) << "empty fields kept";
    EXPECT_EQ(fieldsOf(""), QList<QStringList>{});
}

TEST(CsvReader, CrLfLfAndLoneCrEndRecords)
{
    const QList<QStringList> expected = rows({{"a", "b"}, {"1", "2"}, {"3", "4"}});
    EXPECT_EQ(fieldsOf("a,b\r\n1,2\r\n3,4\r\n"), expected);
    EXPECT_EQ(fieldsOf("a,b\n1,2\n3,4\n"), expected);
    EXPECT_EQ(fieldsOf("a,b\r1,2\r3,4"), expected);
    EXPECT_EQ(fieldsOf("a,b\r\n1,2\n3,4\r"), expected) << "mixed";
}

TEST(CsvReader, QuotedFieldsHoldSeparatorsQuotesAndLineBreaks)
{
    EXPECT_EQ(fieldsOf("\"a,b\",\"say \"\"hi\"\"\",\"\"\n"), rows({{"a,b", "say \"hi\"", ""}}));
    EXPECT_EQ(fieldsOf("x,\"two\r\nlines\",y\r\nnext,row,here\r\n"),
              rows({{"x", "two\r\nlines", "y"}, {"next", "row", "here"}}));
    EXPECT_EQ(fieldsOf("\"\"\"\"\n"), rows({{"\""}}));
}

TEST(CsvReader, RecordsKnowTheLineTheyStartOn)
{
    const auto read = CsvReader::read("h1,h2\n\"multi\nline\nnote\",x\n\nlast,row\n");
    ASSERT_TRUE(read);
    ASSERT_EQ(read.value().size(), 3) << "the empty line is skipped";
    EXPECT_EQ(read.value().at(0).line, 1);
    EXPECT_EQ(read.value().at(1).line, 2);
    EXPECT_EQ(read.value().at(2).line, 6);
}

TEST(CsvReader, Utf8WithOrWithoutByteOrderMark)
{
    const QList<QStringList> expected{{QStringLiteral("directory"), QStringLiteral("Ünïcödé GmbH")}};
    EXPECT_EQ(fieldsOf("\xEF\xBB\xBF"
                       "directory,\xC3\x9Cn\xC3\xAF\x63\xC3\xB6\x64\xC3\xA9 GmbH\r\n"),
              expected);
    EXPECT_EQ(fieldsOf("directory,\xC3\x9Cn\xC3\xAF\x63\xC3\xB6\x64\xC3\xA9 GmbH\n"), expected);
    const auto first = CsvReader::read("\xEF\xBB\xBFh\n");
    ASSERT_TRUE(first);
    EXPECT_EQ(first.value().first().fields.first(), QStringLiteral("h")) << "the BOM is not part of the first cell";
}

TEST(CsvReader, ProblemsNameTheirLine)
{
    struct Case
    {
        QByteArray csv;
        int line;
        const char *says;
    };
    for (const Case &c :
         {Case{"a,b\n1,\"open\n2,3\n", 2, "never closed"}, Case{"a,b\nab\"c,d\n", 2, "quote inside an unquoted field"},
          Case{"a,b\n\"x\"y,z\n", 2, "follows the closing quote"}, Case{"a,b\n1,2\n\xFF\xFE,3\n", 3, "not UTF-8"},
          Case{"a,b\n\"two\nlines\" x,z\n", 3, "follows the closing quote"}}) {
        const auto read = CsvReader::read(c.csv);
        ASSERT_FALSE(read) << c.csv.constData();
        EXPECT_EQ(read.error().line, c.line) << c.csv.constData();
        EXPECT_TRUE(read.error().message.contains(QLatin1String(c.says))) << qPrintable(read.error().message);
    }
}

TEST(CsvReader, BlankRecordsAreRecognised)
{
    const auto read = CsvReader::read("a,b\n , \n1,2\n");
    ASSERT_TRUE(read);
    ASSERT_EQ(read.value().size(), 3);
    EXPECT_TRUE(read.value().at(1).isBlank());
    EXPECT_FALSE(read.value().at(2).isBlank());
}
