// Output formats: json, table and tsv, by option and by default (json when not a terminal).

#include "PalctlRunner.h"

#include "Output.h"

#include <QTextStream>

using namespace palctltest;

class OutputFormatTest : public PalctlTest
{};

TEST_F(OutputFormatTest, JsonIsTheDefaultWithoutATerminal)
{
    const Outcome run = palctl({QStringLiteral("cloud"), QStringLiteral("list")});
    ASSERT_EQ(run.exitCode, 0) << run;
    EXPECT_TRUE(run.json().isArray()) << run;
}

TEST_F(OutputFormatTest, LinkAsTsvAndTable)
{
    ASSERT_EQ(palctl({QStringLiteral("partner"), QStringLiteral("create"), QStringLiteral("--partner-id"),
                      QStringLiteral("5127255")},
                     {}, servicePrincipal())
                  .exitCode,
              0);
    Outcome run =
        palctl({QStringLiteral("partner"), QStringLiteral("show"), QStringLiteral("-o"), QStringLiteral("tsv")}, {},
               servicePrincipal());
    ASSERT_EQ(run.exitCode, 0) << run;
    const QStringList cells = run.outText().trimmed().split(QLatin1Char('\t'));
    ASSERT_EQ(cells.size(), 8) << run;
    EXPECT_EQ(cells.at(0), QStringLiteral("5127255"));
    EXPECT_EQ(cells.at(1), QStringLiteral("Northwind Managed Services"));
    EXPECT_EQ(cells.at(2), HomeTenant);
    EXPECT_EQ(cells.at(3), SpObjectId);
    EXPECT_EQ(cells.at(4), QStringLiteral("Active"));

    run =
        palctl({QStringLiteral("partner"), QStringLiteral("show"), QStringLiteral("--output"), QStringLiteral("table")},
               {}, servicePrincipal());
    ASSERT_EQ(run.exitCode, 0) << run;
    EXPECT_TRUE(run.outText().contains(QStringLiteral("Partner Id"))) << run;
    EXPECT_TRUE(run.outText().contains(QStringLiteral("Northwind Managed Services"))) << run;
}

TEST(Output, TableAlignsColumnsAndTsvHasNoHeader)
{
    QString text;
    QTextStream stream(&text);
    const QList<QJsonObject> records{
        QJsonObject{{QStringLiteral("name"), QStringLiteral("a")}, {QStringLiteral("current"), true}},
        QJsonObject{{QStringLiteral("name"), QStringLiteral("longer\tname")},
                    {QStringLiteral("current"), QJsonValue()}}};
    palctl::Output(palctl::OutputFormat::Table, &stream)
        .printList(records, {QStringLiteral("name"), QStringLiteral("current")});
    EXPECT_EQ(text, QStringLiteral("Name         Current\n-----------  -------\na            true\nlonger name  \n"));
    text.clear();
    palctl::Output(palctl::OutputFormat::Tsv, &stream)
        .printList(records, {QStringLiteral("name"), QStringLiteral("current")});
    EXPECT_EQ(text, QStringLiteral("a\ttrue\nlonger name\t\n"));
    EXPECT_FALSE(palctl::parseOutputFormat(QStringLiteral("yaml")));
    EXPECT_EQ(palctl::parseOutputFormat(QStringLiteral("JSON")), palctl::OutputFormat::Json);
}
