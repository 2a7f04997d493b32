#pragma once
// AttributionSummaryCheck ("attribution"): is Power Platform work in this directory credited to
// the identity (the article's step 3)? It runs the account's AttributionCheck (core/powerplatform)
// for the directory and keeps the whole report; the finding's summary is typed (credited, not
// credited, cannot tell), so no one maps a summary's text back into a state.

#include "AttributionReport.h"
#include "AttributionRules.h"
#include "DirectoryCheck.h"

namespace pal {

struct AttributionFinding final : CheckFinding
{
    AttributionReport report;
    AttributionReport::Summary summary = AttributionReport::Summary::CannotTell;

    explicit AttributionFinding(AttributionReport r)
        : report(std::move(r))
        , summary(report.summaryKind())
    {}
    QString stateName() const override { return AttributionReport::summaryName(summary); }
    // {"summary", "products":[{"product","state","verdict"}]}
    QJsonObject toJson() const override;
    // One line per product: "Power Apps: <verdict>", for a tooltip or a note.
    QStringList productLines() const;
};

class AttributionSummaryCheck final : public DirectoryCheck
{
public:
    static QString checkName() { return QStringLiteral("attribution"); }
    QString name() const override { return checkName(); }
    QString description() const override;
    CallHandle run(const CheckSubject &subject, AccountServices *services, QObject *context,
                   Completion<CheckResult> done) override;

    // Who the attribution is checked for: the account's user name, kind and client; the object id is
    // the one the directory's token names (the account's home object id when the token has none).
    static AttributionIdentity identityOf(const Account &account);
};

} // namespace pal
