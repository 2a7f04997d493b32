#pragma once
// ManagementPartnerClient: Microsoft.ManagementPartner, api-version 2018-02-01, for the identity
// whose token the pipeline sends. Requests carry no body, as the official clients send.
// Semantics the service applies (and callers should know): create fails when already linked
// (Conflict), update fails when nothing is linked (NotFound), get by an ID the identity is not
// linked to is NotFound.

#include "ArmPipeline.h"
#include "PartnerId.h"
#include "PartnerLink.h"

namespace pal {

class ManagementPartnerClient
{
public:
    static constexpr const char *ApiVersion = "2018-02-01";

    explicit ManagementPartnerClient(ArmPipeline *pipeline)
        : m_pipeline(pipeline)
    {}

    // GET …/partners/{id}
    CallHandle get(const QString &tenantId, const PartnerId &id, QObject *context, Completion<PartnerLink> done);
    // The current link: one GET …/partners/ (trailing slash, as the CLI and PowerShell send); only
    // a 400 (the shape refused) tries GET …/partners. NotFound when nothing is linked.
    CallHandle current(const QString &tenantId, QObject *context, Completion<PartnerLink> done);
    CallHandle create(const QString &tenantId, const PartnerId &id, QObject *context,
                      Completion<PartnerLink> done); // PUT
    CallHandle update(const QString &tenantId, const PartnerId &id, QObject *context,
                      Completion<PartnerLink> done);                                                          // PATCH
    CallHandle remove(const QString &tenantId, const PartnerId &id, QObject *context, Completion<Done> done); // DELETE
    CallHandle operations(const QString &tenantId, QObject *context, Completion<QList<ProviderOperation>> done);
    // The directory's token is fetched now for a call that follows soon (ArmPipeline::prepareToken).
    void prepare(const QString &tenantId) { m_pipeline->prepareToken(tenantId); }

private:
    ArmPipeline *m_pipeline;
};

} // namespace pal
