// Output formats: json, table and tsv, by option and by default (json when not a terminal).

#include "PalctlRunner.h"

#include "Output.h"
#include "ServiceText.h"
#include "TerminalText.h"

#include <QBuffer>
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

// ---- a server's control characters never reach the terminal ----

namespace {
// ESC sequences (retitle the terminal, clear it, OSC 52 clipboard), a CR, a C1 CSI, a bidi override.
const QString hostile =
    QStringLiteral("Contoso\x1b]0;owned\x07\x1b[2J\r\u009b31m\u202eX\x1b]52;c;ZXZpbA==\x07 Partner");
const QString hostilePartner = QStringLiteral("Northwind\x1b[8m hidden\x1b[0m\u0085 Services");

bool hasControl(const QString &text)
{
    for (const QChar c : text)
        if (palctl::isTerminalControl(c.unicode()))
            return true;
    return false;
}
} // namespace

TEST(TerminalText, StripsEveryControlButLineBreaksWhereAsked)
{
    EXPECT_EQ(palctl::stripControls(hostile, palctl::LineBreaks::Keep),
              QStringLiteral("Contoso]0;owned[2J31mX]52;c;ZXZpbA== Partner"));
    EXPECT_EQ(palctl::stripControls(QStringLiteral("a\tb\nc\r\nd"), palctl::LineBreaks::AsSpace),
              QStringLiteral("a b c  d"));
    EXPECT_EQ(palctl::stripControls(QStringLiteral("line 1\nline 2\r\n"), palctl::LineBreaks::Keep),
              QStringLiteral("line 1\nline 2\n"));
    EXPECT_EQ(palctl::stripControls(QStringLiteral("Müller – 東京"), palctl::LineBreaks::AsSpace),
              QStringLiteral("Müller – 東京"))
        << "only controls go, not letters";
}

TEST(TerminalText, JsonKeepsTheValueButEscapesTheControls)
{
    const QString json = palctl::escapeControlsInJson(
        QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("name"), hostile}}).toJson()));
    EXPECT_FALSE(hasControl(json)) << qPrintable(json);
    EXPECT_TRUE(json.contains(QStringLiteral("\\u001b"))) << qPrintable(json);
    EXPECT_TRUE(json.contains(QStringLiteral("\\u009b"))) << qPrintable(json);
    EXPECT_TRUE(json.contains(QStringLiteral("\\u202e"))) << qPrintable(json);
    EXPECT_EQ(QJsonDocument::fromJson(json.toUtf8()).object().value(QLatin1String("name")).toString(), hostile)
        << "a script reads the value as the server sent it";
}

TEST(TerminalText, StderrDeviceStripsWhatEverWritesToIt)
{
    QBuffer sink;
    sink.open(QIODevice::WriteOnly);
    palctl::TerminalSafeDevice device(&sink);
    QTextStream err(&device);
    err << "palctl: " << hostile << '\n';
    err.flush();
    // A multi-byte character split across two writes survives.
    const QByteArray tokyo = QStringLiteral("東京\n").toUtf8();
    device.write(tokyo.left(2));
    device.write(tokyo.mid(2));
    const QString written = QString::fromUtf8(sink.data());
    EXPECT_FALSE(hasControl(written)) << qPrintable(written);
    EXPECT_TRUE(written.startsWith(QStringLiteral("palctl: Contoso"))) << qPrintable(written);
    EXPECT_TRUE(written.endsWith(QStringLiteral("Partner\n東京\n"))) << qPrintable(written);
}

TEST(Output, CellsNeverCarryControlsAndJsonEscapesThem)
{
    const QList<QJsonObject> records{QJsonObject{{QStringLiteral("name"), hostile}}};
    for (const palctl::OutputFormat format : {palctl::OutputFormat::Table, palctl::OutputFormat::Tsv}) {
        QString text;
        QTextStream stream(&text);
        palctl::Output(format, &stream).printList(records, {QStringLiteral("name")});
        palctl::Output(format, &stream).printObject(records.first(), {QStringLiteral("name")});
        EXPECT_FALSE(hasControl(text.remove(QLatin1Char('\n')))) << qPrintable(text);
        EXPECT_TRUE(text.contains(QStringLiteral("Contoso"))) << qPrintable(text);
    }
    QString json;
    QTextStream stream(&json);
    palctl::Output(palctl::OutputFormat::Json, &stream).printList(records, {QStringLiteral("name")});
    EXPECT_FALSE(hasControl(json.remove(QLatin1Char('\n'))));
    EXPECT_EQ(QJsonDocument::fromJson(json.toUtf8()).array().at(0).toObject().value(QLatin1String("name")).toString(),
              hostile);
}

class HostileNamesTest : public PalctlTest
{
protected:
    QByteArray scenario() const override
    {
        QJsonObject root = QJsonDocument::fromJson(palsandbox::SandboxServer::defaultScenario()).object();
        QJsonArray directories = root.value(QLatin1String("directories")).toArray();
        for (qsizetype i = 0; i < directories.size(); ++i) {
            QJsonObject d = directories.at(i).toObject();
            if (d.value(QLatin1String("tenantId")).toString() == HomeTenant)
                d.insert(QStringLiteral("displayName"), hostile);
            directories[i] = d;
        }
        root.insert(QStringLiteral("directories"), directories);
        QJsonObject partners = root.value(QLatin1String("partners")).toObject();
        partners.insert(QStringLiteral("5127255"), hostilePartner);
        root.insert(QStringLiteral("partners"), partners);
        return QJsonDocument(root).toJson();
    }
};

TEST_F(HostileNamesTest, ServerNamesReachTheTerminalWithoutControlCharacters)
{
    // stderr: the note naming the directory.
    Outcome run = palctl({QStringLiteral("directory"), QStringLiteral("switch"), HomeTenant}, {}, servicePrincipal());
    ASSERT_EQ(run.exitCode, 0) << run;
    EXPECT_FALSE(hasControl(QString::fromUtf8(run.err).remove(QLatin1Char('\n')))) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("Contoso"))) << run;

    // stdout: a table and tsv strip, JSON escapes (and keeps the value).
    run = palctl({QStringLiteral("directory"), QStringLiteral("list"), QStringLiteral("-o"), QStringLiteral("table")},
                 {}, servicePrincipal());
    ASSERT_EQ(run.exitCode, 0) << run;
    EXPECT_FALSE(hasControl(run.outText().remove(QLatin1Char('\n')))) << run;
    EXPECT_TRUE(run.outText().contains(QStringLiteral("Contoso"))) << run;
    run = palctl({QStringLiteral("directory"), QStringLiteral("list"), QStringLiteral("-o"), QStringLiteral("json")},
                 {}, servicePrincipal());
    ASSERT_EQ(run.exitCode, 0) << run;
    EXPECT_FALSE(run.out.contains('\x1b')) << run;
    EXPECT_TRUE(run.out.contains("\\u001b")) << run;
    EXPECT_EQ(run.json().toArray().at(0).toObject().value(QLatin1String("displayName")).toString(), hostile) << run;

    ASSERT_EQ(palctl({QStringLiteral("partner"), QStringLiteral("create"), QStringLiteral("--partner-id"),
                      QStringLiteral("5127255")},
                     {}, servicePrincipal())
                  .exitCode,
              0);
    run = palctl({QStringLiteral("partner"), QStringLiteral("show"), QStringLiteral("-o"), QStringLiteral("tsv")}, {},
                 servicePrincipal());
    ASSERT_EQ(run.exitCode, 0) << run;
    EXPECT_FALSE(hasControl(run.outText().remove(QLatin1Char('\n')))) << run;
    // The escape character goes; what followed it stays as harmless text.
    EXPECT_TRUE(run.outText().contains(QStringLiteral("Northwind[8m hidden[0m Services"))) << run;
}

// ---- a server's line breaks never start a line of their own on stderr ----

TEST(TerminalText, OneLineFoldsLineBreaksAndCutsLongServerText)
{
    EXPECT_EQ(palctl::oneLine(QStringLiteral("Bad\r\npalctl: done\tfine\x1b[2J")),
              QStringLiteral("Bad  palctl: done fine[2J"));
    const QString huge(3 * 1024 * 1024, QLatin1Char('x'));
    const QString cut = palctl::oneLine(huge);
    EXPECT_LE(cut.size(), pal::MaxServiceText + 40);
    EXPECT_TRUE(cut.endsWith(QStringLiteral("(cut, %1 bytes)").arg(huge.size()))) << qPrintable(cut.right(40));
}

namespace {
const QString forged = QStringLiteral("Evil Corp\npalctl: all links verified\r\nok");
}

class NewlineNamesTest : public PalctlTest
{
protected:
    QByteArray scenario() const override
    {
        QJsonObject root = QJsonDocument::fromJson(palsandbox::SandboxServer::defaultScenario()).object();
        QJsonArray directories = root.value(QLatin1String("directories")).toArray();
        for (qsizetype i = 0; i < directories.size(); ++i) {
            QJsonObject d = directories.at(i).toObject();
            if (d.value(QLatin1String("tenantId")).toString() == HomeTenant)
                d.insert(QStringLiteral("displayName"), forged);
            directories[i] = d;
        }
        root.insert(QStringLiteral("directories"), directories);
        return QJsonDocument(root).toJson();
    }
    static void expectNoForgedLine(const Outcome &run)
    {
        for (const QString &line : run.errText().split(QLatin1Char('\n')))
            EXPECT_FALSE(line.startsWith(QStringLiteral("palctl: all links")) || line == QStringLiteral("ok"))
                << "a server's line break started a line:\n"
                << run;
        EXPECT_TRUE(run.errText().contains(QStringLiteral("Evil Corp palctl: all links verified  ok"))) << run;
    }
};

TEST_F(NewlineNamesTest, ServerLineBreaksAreFoldedOnStderr)
{
    // A failure naming the directory (exit 4: nothing linked there).
    Outcome run = palctl({QStringLiteral("partner"), QStringLiteral("show")}, {}, servicePrincipal());
    EXPECT_EQ(run.exitCode, 4) << run;
    expectNoForgedLine(run);
    // A note naming it.
    run = palctl({QStringLiteral("directory"), QStringLiteral("switch"), HomeTenant}, {}, servicePrincipal());
    ASSERT_EQ(run.exitCode, 0) << run;
    expectNoForgedLine(run);
}
