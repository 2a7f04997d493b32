#include "JsonFields.h"

#include <QRegularExpression>
#include <cmath>

namespace pal::json {

std::optional<QString> optionalString(const QJsonObject &o, const QString &key, QString *problem)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull())
        return QString();
    if (!v.isString()) {
        *problem = QStringLiteral("\"%1\" is not a string").arg(key);
        return std::nullopt;
    }
    return v.toString();
}

std::optional<qint64> flexibleInteger(const QJsonObject &o, const QString &key, QString *problem)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull())
        return 0;
    if (v.isDouble()) {
        const double d = v.toDouble();
        if (d == std::floor(d) && std::abs(d) < 9.0e15)
            return qint64(d);
    } else if (v.isString()) {
        QString s = v.toString().trimmed();
        if (s.startsWith(QLatin1String("W/")))
            s = s.mid(2);
        if (s.size() >= 2 && s.startsWith(QLatin1Char('"')) && s.endsWith(QLatin1Char('"')))
            s = s.mid(1, s.size() - 2); // an HTTP-style quoted etag
        bool ok = false;
        const qint64 n = s.toLongLong(&ok);
        if (ok)
            return n;
    }
    *problem = QStringLiteral("\"%1\" is not an integer").arg(key);
    return std::nullopt;
}

std::optional<QDateTime> parseTimestamp(const QString &text)
{
    static const QRegularExpression re(QStringLiteral(
        R"(^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:?\d{2})?$)"));
    const QRegularExpressionMatch m = re.match(text.trimmed());
    if (!m.hasMatch())
        return std::nullopt;
    const QDate date(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    QString fraction = m.captured(7);
    int ms = 0;
    if (!fraction.isEmpty()) {
        fraction = fraction.leftJustified(3, QLatin1Char('0'), true); // 9126052 -> 912 (truncate, never 1000)
        ms = fraction.toInt();
    }
    const QTime time(m.captured(4).toInt(), m.captured(5).toInt(), m.captured(6).toInt(), ms);
    if (!date.isValid() || !time.isValid())
        return std::nullopt;
    QDateTime t(date, time, Qt::UTC);
    const QString zone = m.captured(8);
    if (!zone.isEmpty() && zone.compare(QLatin1String("z"), Qt::CaseInsensitive) != 0) {
        QString digits = zone.mid(1);
        digits.remove(QLatin1Char(':'));
        const int offset = (digits.left(2).toInt() * 60 + digits.mid(2, 2).toInt()) * 60;
        t = t.addSecs(zone.startsWith(QLatin1Char('-')) ? offset : -offset);
    }
    return t;
}

} // namespace pal::json
