#pragma once
// FlowClient: the cloud flows of an environment as a maker sees them, personal and solution flows:
// GET {flow}/providers/Microsoft.ProcessSimple/environments/{env}/flows?api-version=2016-11-01
// &include=includeSolutionCloudFlows, all pages. The endpoint Microsoft's own PowerApps PowerShell
// modules call; not documented as a public API, so entries are read tolerantly (AttributionRules).

#include "ArmPipeline.h"
#include "CallHandle.h"
#include "PagedList.h"

namespace pal {

class FlowClient
{
public:
    static constexpr const char *ApiVersion = "2016-11-01";
    explicit FlowClient(ArmPipeline *pipeline)
        : m_pipeline(pipeline)
    {}

    CallHandle flows(const QString &tenantId, const QString &environment, QObject *context,
                     Completion<PagedEntries> done);

private:
    ArmPipeline *m_pipeline;
};

} // namespace pal
