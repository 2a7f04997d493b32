#pragma once
// TenantsClient: ARM GET /tenants?api-version=2022-12-01, following nextLink until done.

#include "ArmPipeline.h"
#include "Directory.h"

namespace pal {

class TenantsClient
{
public:
    static constexpr const char *ApiVersion = "2022-12-01";
    static constexpr int MaxPages = 1000; // a guard against a nextLink loop

    explicit TenantsClient(ArmPipeline *pipeline)
        : m_pipeline(pipeline)
    {}

    // Lists with the token of `tenantId` (empty: the account's default directory).
    CallHandle list(const QString &tenantId, QObject *context, Completion<QList<Directory>> done);

private:
    ArmPipeline *m_pipeline;
};

} // namespace pal
