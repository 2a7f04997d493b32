#pragma once
// BapClient: the Power Platform environments the identity can reach, from the Business Application
// Platform (BAP) service: GET {bap}/providers/Microsoft.BusinessAppPlatform/environments
// ?api-version=2020-10-01, all pages. Used by Microsoft's Power Apps admin modules; not documented
// as a public API, so entries without a name count as unreadable instead of failing the list.

#include "ArmPipeline.h"
#include "CallHandle.h"

#include <QList>
#include <QString>

namespace pal {

struct PowerPlatformEnvironment
{
    QString name;        // e.g. "Default-<tenant id>"; what the Power Apps and Flow calls take
    QString displayName; // falls back to the name
};

struct EnvironmentList
{
    QList<PowerPlatformEnvironment> environments;
    int unreadable = 0; // entries PAL Desk could not read (no name)
};

class BapClient
{
public:
    static constexpr const char *ApiVersion = "2020-10-01";
    explicit BapClient(ArmPipeline *pipeline)
        : m_pipeline(pipeline)
    {}

    CallHandle environments(const QString &tenantId, QObject *context, Completion<EnvironmentList> done);

private:
    ArmPipeline *m_pipeline;
};

} // namespace pal
