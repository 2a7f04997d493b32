#include "RetryPolicy.h"

#include <QLocale>
#include <algorithm>
#include <cmath>

namespace pal {

using std::chrono::milliseconds;

namespace {

// RFC 9110 section 5.6.7: IMF-fixdate, plus the obsolete RFC 850 and asctime forms.
std::optional<QDateTime> parseHttpDate(const QByteArray &value)
{
    // The weekday is redundant and, with two-digit years, misleading: parse without it.
    QString text = QString::fromLatin1(value).simplified();
    const qsizetype comma = text.indexOf(QLatin1Char(','));
    if (comma >= 0)
        text = text.mid(comma + 1).trimmed();
    else
        text = text.section(QLatin1Char(' '), 1); // asctime: "Sun Nov  6 08:49:37 1994"
    const QLocale c = QLocale::c();
    static const char *const formats[] = {
        "dd MMM yyyy HH:mm:ss 'GMT'", // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
        "dd-MMM-yy HH:mm:ss 'GMT'",   // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
        "MMM d HH:mm:ss yyyy",        // asctime (simplified() folded the double space)
    };
    for (const char *format : formats) {
        QDateTime t = c.toDateTime(text, QString::fromLatin1(format));
        if (t.isValid()) {
            t.setTimeSpec(Qt::UTC);
            // Two-digit years: RFC 9110 reads them as at most 50 years in the future.
            while (t.date().year() < QDate::currentDate().year() - 50)
                t = t.addYears(100);
            return t;
        }
    }
    return std::nullopt;
}

bool isRetriedAfterStatus(int httpStatus)
{
    return httpStatus == 429 || httpStatus == 503;
}

bool isRetriedStatus(int httpStatus)
{
    // 501 Not Implemented and 505 HTTP Version Not Supported will not change on a second try.
    return httpStatus == 429 || (httpStatus >= 500 && httpStatus <= 599 && httpStatus != 501 && httpStatus != 505);
}

} // namespace

std::optional<milliseconds> RetryPolicy::parseRetryAfter(const QByteArray &value, const QDateTime &now)
{
    const QByteArray trimmed = value.trimmed();
    if (trimmed.isEmpty())
        return std::nullopt;
    bool allDigits = true;
    for (char ch : trimmed)
        allDigits = allDigits && ch >= '0' && ch <= '9';
    if (allDigits) {
        bool ok = false;
        const qlonglong seconds = trimmed.toLongLong(&ok);
        if (!ok || seconds > 365LL * 24 * 3600)
            return std::nullopt;
        return milliseconds(seconds * 1000);
    }
    const std::optional<QDateTime> at = parseHttpDate(trimmed);
    if (!at)
        return std::nullopt;
    return milliseconds(std::max<qint64>(0, now.msecsTo(*at)));
}

std::optional<milliseconds> RetryPolicy::delayFor(int attempt, int httpStatus, bool transportError,
                                                  const QByteArray &retryAfter, const QDateTime &now, double random01,
                                                  bool idempotent) const
{
    if (attempt < 1 || attempt > maxRetries)
        return std::nullopt;
    if (!idempotent && (transportError || !writeRetryStatuses.contains(httpStatus)))
        return std::nullopt;
    if (!transportError && !isRetriedStatus(httpStatus))
        return std::nullopt;

    if (!transportError && isRetriedAfterStatus(httpStatus)) {
        if (const auto told = parseRetryAfter(retryAfter, now)) {
            if (*told > maxRetryAfter)
                return std::nullopt; // waiting that long is the user's decision, not ours
            return *told;
        }
    }

    // Exponential backoff with jitter: base * 2^(attempt-1), capped, then ± jitter.
    const double exponential = double(baseDelay.count()) * std::pow(2.0, attempt - 1);
    const double capped = std::min(exponential, double(maxDelay.count()));
    const double spread = std::clamp(jitter, 0.0, 1.0) * (2.0 * std::clamp(random01, 0.0, 1.0) - 1.0);
    return milliseconds(std::llround(std::max(0.0, capped * (1.0 + spread))));
}

} // namespace pal
