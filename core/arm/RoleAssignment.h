#pragma once
// What Microsoft.Authorization says about who holds which Azure role (value types, parsed from
// the 2022-04-01 and 2020-10-01 REST shapes; AuthorizationClient reads them):
// - RoleAssignment: an active assignment (roleAssignments), `properties.scope`, `roleDefinitionId`,
//   `principalId`, `principalType` (User, Group, ServicePrincipal, ForeignGroup, Device).
// - RoleEligibility: a PIM eligibility schedule instance (roleEligibilityScheduleInstances): the
//   principal may activate the role; until then it holds nothing.
// - RoleDefinition: `properties.roleName`, `type` (BuiltInRole | CustomRole), the actions.

#include "AzureError.h"
#include "Expected.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <optional>

namespace pal {

struct RoleAssignment
{
    QString id;
    QString scope;            // e.g. /subscriptions/{id}/resourceGroups/{rg}
    QString roleDefinitionId; // /subscriptions/{id}/providers/Microsoft.Authorization/roleDefinitions/{guid}
    QString principalId;      // the user, group or service principal the role is assigned to
    QString principalType;

    static Expected<RoleAssignment> fromJson(const QJsonObject &object);
};

struct RoleEligibility
{
    QString id;
    QString scope;
    QString roleDefinitionId;
    QString principalId;
    QString principalType;
    QString memberType; // Direct | Group | Inherited
    QString status;     // e.g. Provisioned
    QString roleName;   // expandedProperties.roleDefinition.displayName, when sent
    QString roleType;   // expandedProperties.roleDefinition.type, when sent
    std::optional<QDateTime> endDateTime;

    static Expected<RoleEligibility> fromJson(const QJsonObject &object);
};

struct RoleDefinition
{
    QString id;
    QString name; // the GUID
    QString roleName;
    QString type; // BuiltInRole | CustomRole
    QStringList actions;
    QStringList notActions;

    bool isBuiltIn() const { return type.compare(QLatin1String("BuiltInRole"), Qt::CaseInsensitive) == 0; }
    bool isCustom() const { return type.compare(QLatin1String("CustomRole"), Qt::CaseInsensitive) == 0; }
    static Expected<RoleDefinition> fromJson(const QJsonObject &object);
};

// The role's GUID, lower case, from "/…/roleDefinitions/{guid}" or a bare GUID (Lighthouse);
// empty when `roleDefinitionId` is neither.
QString roleDefinitionGuid(const QString &roleDefinitionId);

} // namespace pal
