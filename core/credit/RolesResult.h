#pragma once
// RolesResult: the Azure roles of one identity in one directory, as the roles check found them,
// and what each is worth for partner earned credit (PEC).
// - state: `checked` (every subscription's assignments read), `cannotRead` (a read answered 403:
//   "cannot read roles here", never "no role"), `failed` (a read failed otherwise),
//   `noSubscriptions` (none to read; Power Platform-only directories are common).
// - an assignment's `source`: `active` (RBAC, groups included), `eligible` (PIM: earns credit only
//   while activated), `lighthouse` (a permanent Lighthouse authorization), `lighthouseEligible`
//   (just-in-time); `earnsCredit`: whether its role is on Partner Center's list (EligibleRoles),
//   unset where PAL Desk cannot tell (a custom role; a Lighthouse authorization granted to another
//   principal, which may be a group PAL Desk does not expand).

#include "AzureError.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

namespace pal {

enum class RolesState { Checked, NoSubscriptions, CannotRead, Failed };
enum class AssignmentSource { Active, Eligible, Lighthouse, LighthouseEligible };

QString rolesStateName(RolesState state);              // "checked" | "noSubscriptions" | "cannotRead" | "failed"
QString assignmentSourceName(AssignmentSource source); // "active" | "eligible" | "lighthouse" | "lighthouseEligible"

struct CreditAssignment
{
    QString scope;
    QString roleDefinitionId; // as the service gave it (a bare GUID for Lighthouse)
    QString roleName;         // empty when it could not be read
    AssignmentSource source = AssignmentSource::Active;
    std::optional<bool> earnsCredit;
    bool customRole = false;
    QString principalId;         // whom the service says holds it (a group for group assignments)
    QString principalName;       // Lighthouse's principalIdDisplayName
    bool otherPrincipal = false; // a Lighthouse authorization naming someone else (maybe a group)

    bool isActive() const { return source == AssignmentSource::Active || source == AssignmentSource::Lighthouse; }
    QJsonObject toJson() const; // {"scope","roleDefinitionId","roleName","source","earnsCredit"}
};

// One read that did not give an answer, for the details and the verdict's reasons.
struct RolesProblem
{
    QString what; // e.g. "role assignments of subscription Contoso Prod (…)"
    AzureError error;
    bool cannotRead = false; // 403
};

struct RolesResult
{
    RolesState state = RolesState::Failed;
    QList<CreditAssignment> assignments;
    QList<RolesProblem> problems;
    int subscriptionCount = 0;

    QJsonObject toJson() const; // {"state","assignments":[…]}
};

} // namespace pal
