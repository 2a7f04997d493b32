#pragma once
// LighthouseClient: Azure Lighthouse registration assignments of one subscription, with their
// registration definitions expanded: GET /subscriptions/{id}/providers/Microsoft.ManagedServices/
// registrationAssignments?api-version=2022-10-01&$expandRegistrationDefinition=true, every page.
// An authorization names a principal of the managing directory (a user, service principal or
// group: the API does not say which) and a role by its bare GUID. `authorizations` are permanent;
// `eligibleAuthorizations` are just-in-time (the principal must activate them).

#include "ArmPipeline.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace pal {

struct LighthouseAuthorization
{
    QString principalId;
    QString principalDisplayName; // principalIdDisplayName
    QString roleDefinitionId;     // a bare GUID
    bool justInTime = false;      // from eligibleAuthorizations
};

struct RegistrationAssignment
{
    QString id;
    QString scope; // the part of `id` before /providers/Microsoft.ManagedServices
    QString managedByTenantId;
    QString managedByTenantName;
    QList<LighthouseAuthorization> authorizations; // permanent and just-in-time, in that order

    static Expected<RegistrationAssignment> fromJson(const QJsonObject &object);
};

class LighthouseClient
{
public:
    static constexpr const char *ApiVersion = "2022-10-01";
    static constexpr int MaxPages = 100; // a guard against a nextLink loop

    explicit LighthouseClient(ArmPipeline *pipeline)
        : m_pipeline(pipeline)
    {}

    CallHandle assignments(const QString &tenantId, const QString &subscriptionId, QObject *context,
                           Completion<QList<RegistrationAssignment>> done);

private:
    ArmPipeline *m_pipeline;
};

} // namespace pal
