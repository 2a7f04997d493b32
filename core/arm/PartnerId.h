#pragma once
// PartnerId: a Microsoft partner ID (the partner location / "Associated Partner ID"), validated
// before any call. A PartnerId that exists is valid; build one with parse().

#include "AzureError.h"
#include "Expected.h"

#include <QString>

namespace pal {

class PartnerId
{
public:
    // Accepted length, in one place. The portal's placeholder and the PowerShell examples use
    // 12345 (5 digits); real partner location IDs have 6 to 7 digits; Partner Center IDs may grow,
    // so up to 10 digits are accepted (the same range a third-party PAL tool accepts).
    static constexpr int MinLength = 5;
    static constexpr int MaxLength = 10;

    // Trims surrounding spaces; then digits only, MinLength..MaxLength. The error names the problem.
    static Expected<PartnerId> parse(const QString &text);
    // Why `text` is not a partner ID, or an empty string when it is one (for as-you-type feedback).
    static QString problem(const QString &text);

    const QString &toString() const { return m_digits; }
    bool operator==(const PartnerId &) const = default;

private:
    explicit PartnerId(QString digits)
        : m_digits(std::move(digits))
    {}
    QString m_digits;
};

} // namespace pal
