#pragma once
// TerminalText: what palctl writes for people never carries a server's control characters.
// Directory names, partner names and error messages come from servers; in a terminal an ESC
// sequence can retitle or repaint it, rewrite the clipboard (OSC 52) or hide text, a CR
// overwrites the line, and a bidi override reorders it. So:
//  - tables, tsv and stderr: stripControls() removes them (tabs and line breaks become spaces
//    in a cell; stderr keeps its own line breaks);
//  - server text inside one of palctl's own lines on stderr (an error's message, a directory's
//    name): oneLine() folds its line breaks and tabs into spaces as well, so a server cannot start
//    a line of its own there (one that reads like palctl's), and cuts it to a few KB;
//  - JSON: escapeControlsInJson() writes them as \uXXXX, so the value a script reads is intact
//    and the terminal never sees the raw character (QJsonDocument escapes C0 already; DEL, C1
//    and bidi controls it leaves raw).
// TerminalSafeDevice does the stderr part for every write, whoever writes.

#include <QIODevice>
#include <QString>
#include <QStringDecoder>
#include <QStringView>

namespace palctl {

// C0 controls (but \t \n), DEL, C1 controls, and the bidi embedding/override/isolate controls.
bool isTerminalControl(char32_t c);
enum class LineBreaks { Keep, AsSpace };
QString stripControls(QStringView text, LineBreaks lineBreaks);
QString escapeControlsInJson(const QString &json);
// Server text for one line of stderr: controls removed, line breaks and tabs folded into spaces,
// cut to pal::MaxServiceText characters (saying so).
QString oneLine(QStringView serverText);

// A write-only device that passes UTF-8 text on to `target` without terminal controls (line
// breaks and tabs kept). Decoding is stateful, so a character split across writes survives.
class TerminalSafeDevice final : public QIODevice
{
public:
    explicit TerminalSafeDevice(QIODevice *target, QObject *parent = nullptr);
    bool isSequential() const override { return true; }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *data, qint64 size) override;

private:
    QIODevice *m_target;
    QStringDecoder m_decoder{QStringDecoder::Utf8};
};

// A Qt message handler (for --verbose logs) that writes the formatted message to stderr stripped.
void terminalSafeMessageHandler(QtMsgType type, const QMessageLogContext &context, const QString &message);

} // namespace palctl
