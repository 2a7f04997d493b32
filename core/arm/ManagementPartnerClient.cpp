#include "ManagementPartnerClient.h"

#include "ChainedCall.h"
#include "JsonFields.h"
#include "Logging.h"

#include <QJsonArray>

namespace pal {

namespace {

const QString PartnersPath = QStringLiteral("/providers/Microsoft.ManagementPartner/partners");

ArmRequest partnerRequest(const char *verb, const QString &tenantId, const QString &path)
{
    ArmRequest r;
    r.verb = verb;
    r.path = path;
    r.apiVersion = QString::fromLatin1(ManagementPartnerClient::ApiVersion);
    r.tenantId = tenantId;
    return r;
}

Expected<PartnerLink> parseLink(const ArmResponse &response)
{
    const auto object = armJsonObject(response);
    if (!object)
        return object.error();
    auto link = PartnerLink::fromJson(*object);
    if (!link)
        return withResponseIds(link.error(), response);
    return link;
}

Completion<ArmResponse> linkCompletion(const QString &tenantId, Completion<PartnerLink> done)
{
    return [tenantId, done = std::move(done)](const Expected<ArmResponse> &response) {
        if (!response)
            return done(response.error());
        Expected<PartnerLink> link = parseLink(*response);
        if (!link) {
            AzureError e = link.error();
            e.tenantId = tenantId;
            qCWarning(lcArm).noquote() << "unusable partner link answer, request" << e.requestId << ":" << e.message;
            return done(e);
        }
        done(link);
    };
}

Expected<ProviderOperation> parseOperation(const QJsonObject &o)
{
    QString problem;
    ProviderOperation op;
    const auto name = json::optionalString(o, QStringLiteral("name"), &problem);
    const auto origin = json::optionalString(o, QStringLiteral("origin"), &problem);
    if (!name || !origin || name->isEmpty())
        return json::badResponse(QStringLiteral("An operation in the list is incomplete: %1.")
                                     .arg(problem.isEmpty() ? QStringLiteral("\"name\" is missing") : problem));
    op.name = *name;
    op.origin = *origin;
    const QJsonObject display = o.value(QStringLiteral("display")).toObject();
    op.provider = display.value(QStringLiteral("provider")).toString();
    op.resource = display.value(QStringLiteral("resource")).toString();
    op.operation = display.value(QStringLiteral("operation")).toString();
    op.description = display.value(QStringLiteral("description")).toString();
    return op;
}

} // namespace

CallHandle ManagementPartnerClient::get(const QString &tenantId, const PartnerId &id, QObject *context,
                                        Completion<PartnerLink> done)
{
    return m_pipeline->send(partnerRequest("GET", tenantId, PartnersPath + QLatin1Char('/') + id.toString()), context,
                            linkCompletion(tenantId, std::move(done)));
}

CallHandle ManagementPartnerClient::current(const QString &tenantId, QObject *context, Completion<PartnerLink> done)
{
    auto *chain = new ChainedCall(context, m_pipeline);
    ArmPipeline *pipeline = m_pipeline;
    auto finish = [chain, done = std::move(done)](const Expected<PartnerLink> &result) {
        chain->finish();
        done(result);
    };
    // One GET, in the shape the Azure CLI and Azure PowerShell send: Partner_Get with an empty
    // partner id, i.e. "…/partners/" (azure-contract.md: the CLI's custom show passes '', the
    // PowerShell cmdlet Get("")). Both official tools read its 404 as "nothing linked", so a 404
    // is the answer: asking "…/partners" as well doubled the cost of every unlinked directory for
    // nothing (the .NET SDK even drops that path: "The definition of this operation is wrong").
    // Only a 400, a refusal of the shape itself that no official tool has met, still tries the
    // spec's Partners_Get once: it costs nothing on the everyday path.
    chain->setCurrent(pipeline->send(
        partnerRequest("GET", tenantId, PartnersPath + QLatin1Char('/')), chain,
        linkCompletion(tenantId, [chain, pipeline, tenantId, finish](const Expected<PartnerLink> &first) {
            const bool fallBack = !first && first.error().httpStatus == 400;
            if (!fallBack)
                return finish(first);
            qCDebug(lcArm) << "GET partners/ answered 400; trying GET partners";
            chain->setCurrent(
                pipeline->send(partnerRequest("GET", tenantId, PartnersPath), chain, linkCompletion(tenantId, finish)));
        })));
    return CallHandle(chain);
}

CallHandle ManagementPartnerClient::create(const QString &tenantId, const PartnerId &id, QObject *context,
                                           Completion<PartnerLink> done)
{
    return m_pipeline->send(partnerRequest("PUT", tenantId, PartnersPath + QLatin1Char('/') + id.toString()), context,
                            linkCompletion(tenantId, std::move(done)));
}

CallHandle ManagementPartnerClient::update(const QString &tenantId, const PartnerId &id, QObject *context,
                                           Completion<PartnerLink> done)
{
    return m_pipeline->send(partnerRequest("PATCH", tenantId, PartnersPath + QLatin1Char('/') + id.toString()), context,
                            linkCompletion(tenantId, std::move(done)));
}

CallHandle ManagementPartnerClient::remove(const QString &tenantId, const PartnerId &id, QObject *context,
                                           Completion<Done> done)
{
    // DELETE answers 200 with an empty body (Content-Length 0); whatever body comes is not needed.
    return m_pipeline->send(partnerRequest("DELETE", tenantId, PartnersPath + QLatin1Char('/') + id.toString()),
                            context, [done = std::move(done)](const Expected<ArmResponse> &response) {
                                if (!response)
                                    return done(response.error());
                                done(Done{});
                            });
}

CallHandle ManagementPartnerClient::operations(const QString &tenantId, QObject *context,
                                               Completion<QList<ProviderOperation>> done)
{
    return listAllPages<ProviderOperation>(
        m_pipeline,
        partnerRequest("GET", tenantId, QStringLiteral("/providers/Microsoft.ManagementPartner/operations")), 100,
        context, parseOperation, std::move(done));
}

} // namespace pal
