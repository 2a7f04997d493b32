#pragma once
// AzureWorld: the Azure RBAC part of a sandbox scenario ("azure" in the JSON; see sandbox/README.md):
// subscriptions per directory (with resource groups), groups (nested), built-in and custom role
// definitions, active role assignments at root, subscription and resource-group scope, PIM-eligible
// role instances, and Azure Lighthouse registrations with permanent and just-in-time authorizations.
// Principals are resolved to object ids when the scenario is read; the queries below answer what
// ARM would decide (who holds what where, who may read what), for RbacEndpoints.cpp.

#include <QJsonValue>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

namespace palsandbox {

struct Scenario;

struct AzPrincipal
{
    QString objectId;
    QString displayName;
    QString type = QStringLiteral("User"); // User, Group or ServicePrincipal
    QString email;                         // a user's user name, else empty
};

struct AzGroup
{
    QString tenantId;
    QString objectId;
    QString displayName;
    QStringList members; // object ids of users, service principals and groups (nested)
};

struct AzSubscription
{
    QString subscriptionId;
    QString tenantId; // the subscription's own directory
    QString displayName;
    QString state = QStringLiteral("Enabled");
    QStringList resourceGroups;
};

struct AzRoleDefinition
{
    QString name; // the GUID
    QString roleName;
    QString type = QStringLiteral("BuiltInRole"); // or CustomRole
    QString description;
    QStringList actions;
    QStringList notActions;
    QStringList assignableScopes; // built-in: "/"; custom: where it may be assigned (and read)
    bool isCustom() const { return type == QLatin1String("CustomRole"); }
};

// An active role assignment (scope "/", "/subscriptions/S" or "/subscriptions/S/resourceGroups/RG"),
// or, in `eligibilities`, a PIM-eligible role instance at such a scope.
struct AzRoleAssignment
{
    QString name; // the GUID
    QString tenantId;
    QString scope;
    AzPrincipal principal;
    QString role; // role definition GUID
    QString memberType = QStringLiteral("Direct");
};

struct AzAuthorization
{
    AzPrincipal principal; // of the managing directory
    QString role;          // role definition GUID (Lighthouse names it bare)
};

struct AzRegistration
{
    QString assignmentName; // GUIDs
    QString definitionName;
    QString subscriptionId;
    QString managedByTenantId;
    QString offerName;
    QString description;
    QList<AzAuthorization> authorizations;         // permanent
    QList<AzAuthorization> eligibleAuthorizations; // just in time
};

struct AzureWorld
{
    int pageSize = 2;
    QList<AzGroup> groups;
    QList<AzSubscription> subscriptions;
    QList<AzRoleDefinition> roleDefinitions;
    QList<AzRoleAssignment> roleAssignments;
    QList<AzRoleAssignment> eligibilities;
    QList<AzRegistration> registrations;

    // Reads "azure" (absent: no subscriptions at all). On error: the JSON path of the first problem
    // (e.g. "$.azure.roleAssignments[2].role") and the problem.
    static bool parse(const QJsonValue &value, const Scenario &scenario, AzureWorld *out, QString *path,
                      QString *problem);

    const AzSubscription *subscription(const QString &id) const;
    const AzRoleDefinition *roleDefinition(const QString &guid) const;
    // The object id and every group of `tenantId` that holds it, nested groups included.
    QSet<QString> principalAndGroups(const QString &tenantId, const QString &objectId) const;
    // The directories managing the subscription through Lighthouse.
    QStringList managedByTenants(const QString &subscriptionId) const;
    // Is `assignmentScope` the subscription's scope, one above it ("/"), or one below it?
    static bool isAtOrAbove(const QString &assignmentScope, const QString &subscriptionId);
    static bool isBelow(const QString &assignmentScope, const QString &subscriptionId);
    // The actions (patterns) the caller holds at the subscription: its active role assignments at
    // or above it (groups included) and, for a caller of a managing directory, its permanent
    // Lighthouse authorizations there. Empty: no role there at all.
    QList<const AzRoleDefinition *> rolesAt(const QString &subscriptionId, const QString &callerTenantId,
                                            const QString &callerObjectId) const;
    // May the caller perform `action` (e.g. Microsoft.Authorization/roleAssignments/read) at the
    // subscription? Actions and notActions match as ARM's wildcards do, case-insensitively.
    bool mayPerform(const QString &subscriptionId, const QString &callerTenantId, const QString &callerObjectId,
                    const QString &action) const;
    // Does the caller see the subscription in GET /subscriptions?
    bool listsSubscription(const AzSubscription &s, const QString &callerTenantId, const QString &callerObjectId) const;
    static bool actionMatches(const QString &pattern, const QString &action);
};

} // namespace palsandbox
