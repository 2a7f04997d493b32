#pragma once
// ArmSession: the ARM clients for one signed-in account in one cloud, sharing one pipeline.
// UI and palctl build one per (account, cloud); it owns nothing it was given.

#include "ArmPipeline.h"
#include "ManagementPartnerClient.h"
#include "TenantsClient.h"

namespace pal {

class ArmSession
{
public:
    ArmSession(QNetworkAccessManager *network, AccessTokenProvider *tokens, const CloudEnvironment &cloud,
               RetryPolicy policy = {}, const Clock *clock = nullptr)
        : m_pipeline(network, tokens, cloud, policy, clock)
        , m_partners(&m_pipeline)
        , m_tenants(&m_pipeline)
    {}
    Q_DISABLE_COPY_MOVE(ArmSession)

    ArmPipeline &pipeline() { return m_pipeline; }
    ManagementPartnerClient &partners() { return m_partners; }
    TenantsClient &tenants() { return m_tenants; }

private:
    ArmPipeline m_pipeline;
    ManagementPartnerClient m_partners;
    TenantsClient m_tenants;
};

} // namespace pal
