#include "PartnerId.h"

namespace pal {

namespace {
bool isAsciiDigit(QChar ch)
{
    return ch >= QLatin1Char('0') && ch <= QLatin1Char('9');
}
} // namespace

QString PartnerId::problem(const QString &text)
{
    const QString digits = text.trimmed();
    if (digits.isEmpty())
        return QStringLiteral("Enter a partner ID: the %1- to %2-digit number of your partner location.")
            .arg(MinLength)
            .arg(MaxLength);
    for (QChar ch : digits) {
        if (!isAsciiDigit(ch)) {
            const QString shown = ch.isSpace() ? QStringLiteral("a space") : QStringLiteral("\"%1\"").arg(ch);
            return QStringLiteral("A partner ID holds digits only; \"%1\" contains %2.").arg(digits, shown);
        }
    }
    if (digits.size() < MinLength)
        return QStringLiteral("The partner ID \"%1\" is too short: it has %2 digits, at least %3 are needed.")
            .arg(digits)
            .arg(digits.size())
            .arg(MinLength);
    if (digits.size() > MaxLength)
        return QStringLiteral("The partner ID \"%1\" is too long: it has %2 digits, at most %3 are allowed.")
            .arg(digits)
            .arg(digits.size())
            .arg(MaxLength);
    return {};
}

Expected<PartnerId> PartnerId::parse(const QString &text)
{
    if (const QString why = problem(text); !why.isEmpty())
        return AzureError::make(AzureError::Kind::InvalidInput, why, QStringLiteral("InvalidPartnerId"));
    return PartnerId(text.trimmed());
}

} // namespace pal
