#pragma once
// CheckResult: what one check (DirectoryCheck) found in one directory. The finding is typed: each
// check has its own CheckFinding subclass (LinkFinding, LinkOwnership, AttributionFinding, and
// later the roles and the credit verdict), read back with as<T>(); every finding also gives a short
// state name (what a report's column, a comparison and palctl's table print) and its JSON. A check
// that could not answer at all (no account reaches the directory, cancelled before it was asked)
// leaves no finding and carries the error, so a fleet row can keep several checks' results side by
// side (FleetResult::checks), each in the same shape.

#include "AzureError.h"

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <memory>
#include <optional>

namespace pal {

class CheckFinding
{
public:
    virtual ~CheckFinding() = default;
    // A few words, stable for scripts: "linked", "yours", "credited", ...
    virtual QString stateName() const = 0;
    virtual QJsonObject toJson() const = 0;
    // The directory wants an interactive sign-in (MFA, consent) before this check can answer.
    virtual bool needsSignIn() const { return false; }
};

struct CheckResult
{
    QString check;                               // the check's registered name: "link", "identity", ...
    std::shared_ptr<const CheckFinding> finding; // null when the check could not answer
    std::optional<AzureError> error;             // why not (set exactly when finding is null)
    qint64 elapsedMs = 0;

    static CheckResult of(QString check, std::shared_ptr<const CheckFinding> finding, qint64 elapsedMs = 0);
    static CheckResult failed(QString check, AzureError error, qint64 elapsedMs = 0);

    bool hasFinding() const { return finding != nullptr; }
    template <typename T> const T *as() const { return dynamic_cast<const T *>(finding.get()); }
    // The finding's state name, else "sign-in needed", "cancelled" or "error".
    QString stateName() const;
    bool needsSignIn() const;
    // {"check","state", ...the finding's fields} or {"check","state","error":{...}}.
    QJsonObject toJson() const;
};

// The result of the check named `check` among a row's, or null.
const CheckResult *findCheck(const QList<CheckResult> &results, const QString &check);

} // namespace pal

Q_DECLARE_METATYPE(pal::CheckResult)
