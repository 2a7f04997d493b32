#pragma once
// PowerAppsClient: canvas apps as a maker sees them, and an app's permissions, from the Power Apps
// service: GET {powerApps}/providers/Microsoft.PowerApps/apps?api-version=2016-11-01
// &$filter=environment eq '{env}', and …/apps/{app}/permissions (same filter). These are the
// endpoints Microsoft's own PowerApps PowerShell modules call; they are not documented as a public
// API, so callers read the entries tolerantly (AttributionRules) and say "cannot tell" for what
// they do not understand. Model-driven apps are not listed here.

#include "ArmPipeline.h"
#include "CallHandle.h"
#include "PagedList.h"

namespace pal {

class PowerAppsClient
{
public:
    static constexpr const char *ApiVersion = "2016-11-01";
    explicit PowerAppsClient(ArmPipeline *pipeline)
        : m_pipeline(pipeline)
    {}

    CallHandle apps(const QString &tenantId, const QString &environment, QObject *context,
                    Completion<PagedEntries> done);
    CallHandle permissions(const QString &tenantId, const QString &environment, const QString &app, QObject *context,
                           Completion<PagedEntries> done);

private:
    ArmPipeline *m_pipeline;
};

} // namespace pal
