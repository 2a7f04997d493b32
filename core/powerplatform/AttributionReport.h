#pragma once
// AttributionReport: what the attribution check found in one directory for one identity, per
// product: which resources are credited to the identity (it owns, co-owns, created or published
// them), which belong to someone else, and which PAL Desk cannot tell (an answer it does not
// understand is never read as "not credited"). toJson() is palctl's shape (app/palctl/README.md).

#include "AttributionFacts.h"
#include "AzureError.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

namespace pal {

struct AttributionItem
{
    QString id;
    QString name;
    QString container;   // environment or workspace display name
    QString containerId; // environment name or workspace id
    QString ownerId;     // object id (Power Apps, flows) or user name (Power BI)
    QString ownerName;
    QString why; // credited: "owner", "co-owner", "creator", "publisher"; cannot tell: the reason
    QDateTime lastModified;

    QJsonObject toJson() const; // {"id","name","container","owner":{"id","name"},"lastModified"}
};

struct ProductAttribution
{
    enum class State { Checked, NotAvailable, SignInNeeded, Error };
    enum class Verdict { Credited, PartlyCredited, NotCredited, NothingToCredit, CannotTell, NotChecked };

    AttributedProduct product = AttributedProduct::PowerApps;
    State state = State::Checked;
    QList<AttributionItem> credited;
    QList<AttributionItem> others;
    QList<AttributionItem> cannotTell;
    QString message;                 // for NotAvailable, SignInNeeded, Error, or a note on Checked
    std::optional<AzureError> error; // SignInNeeded and Error, with its request id
    int containers = 0;              // environments or workspaces read

    Verdict verdict() const;
    QString verdictText() const;                 // a plain sentence
    QString whatToDo() const;                    // empty when nothing needs doing
    static QString stateName(State state);       // "checked", "not available", "sign-in needed", "error"
    static QString verdictName(Verdict verdict); // "credited", "partly credited", "not credited", ...
    QJsonObject toJson() const;
};

struct AttributionReport
{
    QString tenantId;
    QString directoryName;
    QString objectId;
    QString username;
    bool servicePrincipal = false;
    QList<ProductAttribution> products; // powerApps, powerAutomate, powerBI, customerInsights

    const ProductAttribution *product(AttributedProduct which) const;
    QJsonObject toJson() const;
    // For a fleet column: Credited when something is credited and nothing is owned by someone
    // else, NotCredited when something is owned by someone else, else CannotTell.
    enum class Summary { Credited, NotCredited, CannotTell };
    Summary summaryKind() const;
    static QString summaryName(Summary summary); // "credited", "not credited", "cannot tell"
    QString summary() const { return summaryName(summaryKind()); }
};

} // namespace pal
