#pragma once
// PowerBiClient: the identity's Power BI workspaces and their datasets (semantic models), through
// the documented Power BI REST API: GET {powerBi}/v1.0/myorg/groups, …/groups/{id}/datasets, and
// …/v1.0/myorg/datasets for My workspace. All pages (@odata.nextLink when the service sends one).

#include "ArmPipeline.h"
#include "CallHandle.h"
#include "PagedList.h"

namespace pal {

class PowerBiClient
{
public:
    explicit PowerBiClient(ArmPipeline *pipeline)
        : m_pipeline(pipeline)
    {}

    CallHandle workspaces(const QString &tenantId, QObject *context, Completion<PagedEntries> done);
    // `workspaceId` empty: My workspace.
    CallHandle datasets(const QString &tenantId, const QString &workspaceId, QObject *context,
                        Completion<PagedEntries> done);

private:
    ArmPipeline *m_pipeline;
};

} // namespace pal
