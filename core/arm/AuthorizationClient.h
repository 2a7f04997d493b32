#pragma once
// AuthorizationClient: the Microsoft.Authorization reads of the roles check, for the identity whose
// token the pipeline sends (tenantId picks the directory):
// - assignments(): GET /subscriptions/{id}/providers/Microsoft.Authorization/roleAssignments
//   ?api-version=2022-04-01&$filter=assignedTo('{objectId}'), every page. assignedTo is transitive
//   over nested groups and returns the assignments at, above and below the subscription
//   (resource groups included); `principalId eq` (direct only) and `atScope() and assignedTo()` (at
//   or above only) would miss some.
// - eligibilities(): GET /providers/Microsoft.Authorization/roleEligibilityScheduleInstances
//   ?api-version=2020-10-01&$filter=asTarget(), tenant-wide, every page (a subscription where the
//   identity is only PIM-eligible is not listed by /subscriptions).
// - builtInDefinition(): the tenant-level GET /providers/Microsoft.Authorization/roleDefinitions/{guid}
//   (a subscription-scoped read answers 403 where the identity holds no role there).
// - definition(): a role definition by its full id (custom roles live at their scope).
// Errors: 403 (AuthorizationFailed) means "cannot read here", never "no role" (isCannotRead());
// a 400 UnsupportedQuery says which filter the service refused.

#include "ArmPipeline.h"
#include "RoleAssignment.h"

namespace pal {

class AuthorizationClient
{
public:
    static constexpr const char *ApiVersion = "2022-04-01";
    static constexpr const char *PimApiVersion = "2020-10-01";
    static constexpr int MaxPages = 200; // a guard against a nextLink loop

    explicit AuthorizationClient(ArmPipeline *pipeline)
        : m_pipeline(pipeline)
    {}

    CallHandle assignments(const QString &tenantId, const QString &subscriptionId, const QString &objectId,
                           QObject *context, Completion<QList<RoleAssignment>> done);
    CallHandle eligibilities(const QString &tenantId, QObject *context, Completion<QList<RoleEligibility>> done);
    CallHandle builtInDefinition(const QString &tenantId, const QString &roleGuid, QObject *context,
                                 Completion<RoleDefinition> done);
    CallHandle definition(const QString &tenantId, const QString &roleDefinitionId, QObject *context,
                          Completion<RoleDefinition> done);

private:
    ArmPipeline *m_pipeline;
};

// The identity may not read there (HTTP 403, e.g. AuthorizationFailed on
// Microsoft.Authorization/roleAssignments/read): PAL Desk cannot tell which roles it holds.
bool isCannotRead(const AzureError &error);

} // namespace pal
