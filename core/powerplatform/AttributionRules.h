#pragma once
// AttributionRules: the article's per-product rule applied to one resource as the service lists
// it. Pure functions, so every shape (known, unknown, half known) is tested without a network.
// Anything PAL Desk does not understand is CannotTell with the reason, never "someone else".
//   Power Apps (canvas apps): credited when properties.owner.id is the identity's object id, or
//     when …/permissions names the identity with role CanEdit (co-owner) or Owner.
//   Power Automate: credited when properties.creator.objectId is the identity's object id.
//   Power BI: credited when configuredBy is the identity's user name (the publisher).

#include "AttributionReport.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace pal {

// Who the check runs as, in the directory it checks.
struct AttributionIdentity
{
    QString objectId; // the principal's object id in that directory (the token's oid)
    QString username; // user principal name; a service principal: its client id
    bool servicePrincipal = false;
    QString clientId; // the app PAL Desk signs in as (named in consent advice)
};

struct Classified
{
    enum class Ownership { Credited, Other, CannotTell, AskPermissions };
    Ownership ownership = Ownership::CannotTell;
    AttributionItem item;
};

Classified classifyApp(const QJsonObject &app, const QString &environmentName, const AttributionIdentity &me);
// An app the identity does not own (AskPermissions), decided by its permission entries.
Classified classifyAppPermissions(Classified app, const QList<QJsonObject> &permissions, int unreadableEntries,
                                  const AttributionIdentity &me);
Classified classifyFlow(const QJsonObject &flow, const QString &environmentName, const AttributionIdentity &me);
Classified classifyDataset(const QJsonObject &dataset, const QString &workspaceName, const QString &workspaceId,
                           const AttributionIdentity &me);

// Power BI names the publisher by user name. A guest's user name in the customer's directory is its
// B2B form (alice_partner.example#EXT#@customer.onmicrosoft.com), which also counts as the same user.
bool samePublisher(const QString &configuredBy, const QString &username);

} // namespace pal
