#include "TerminalText.h"

#include "ServiceText.h"

#include <QStringEncoder>

#include <cstdio>

namespace palctl {

bool isTerminalControl(char32_t c)
{
    if (c == U'\t' || c == U'\n')
        return false;
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) // C0, DEL, C1 (0x9b is CSI in 8-bit terminals)
           || (c >= 0x202a && c <= 0x202e)      // LRE RLE PDF LRO RLO
           || (c >= 0x2066 && c <= 0x2069);     // LRI RLI FSI PDI
}

QString stripControls(QStringView text, LineBreaks lineBreaks)
{
    QString out;
    out.reserve(text.size());
    for (const QChar ch : text) {
        const char32_t c = ch.unicode();
        if ((c == U'\n' || c == U'\t' || c == U'\r') && lineBreaks == LineBreaks::AsSpace) {
            out += QLatin1Char(' ');
            continue;
        }
        if (isTerminalControl(c))
            continue;
        out += ch;
    }
    return out;
}

QString oneLine(QStringView serverText)
{
    return pal::capServiceText(stripControls(serverText, LineBreaks::AsSpace));
}

QString escapeControlsInJson(const QString &json)
{
    // Outside strings JSON has only ASCII structure and whitespace (\t \n \r, never raw here since
    // QJsonDocument escapes C0 inside strings), so every such character is inside a string.
    QString out;
    out.reserve(json.size());
    for (const QChar ch : json) {
        const char32_t c = ch.unicode();
        if (c != U'\n' && c != U'\t' && c != U'\r' && isTerminalControl(c))
            out += QStringLiteral("\\u%1").arg(uint(c), 4, 16, QLatin1Char('0'));
        else
            out += ch;
    }
    return out;
}

TerminalSafeDevice::TerminalSafeDevice(QIODevice *target, QObject *parent)
    : QIODevice(parent)
    , m_target(target)
{
    open(QIODevice::WriteOnly | QIODevice::Unbuffered);
}

qint64 TerminalSafeDevice::writeData(const char *data, qint64 size)
{
    const QString text = m_decoder.decode(QByteArrayView(data, size));
    QStringEncoder encoder(QStringEncoder::Utf8);
    const QByteArray clean = encoder.encode(stripControls(text, LineBreaks::Keep));
    if (!clean.isEmpty() && m_target->write(clean) < 0)
        return -1;
    return size;
}

void terminalSafeMessageHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const QString line = stripControls(qFormatLogMessage(type, context, message), LineBreaks::Keep);
    std::fprintf(stderr, "%s\n", line.toLocal8Bit().constData());
    std::fflush(stderr);
}

} // namespace palctl
