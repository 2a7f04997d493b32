#include "AuthorizationClient.h"

#include "ChainedCall.h"
#include "TenantId.h"

#include <QPointer>
#include <QRegularExpression>
#include <QTimer>

namespace pal {

namespace {

ArmRequest getRequest(const QString &tenantId, const QString &path, const char *apiVersion)
{
    ArmRequest r;
    r.verb = "GET";
    r.path = path;
    r.apiVersion = QString::fromLatin1(apiVersion);
    r.tenantId = tenantId;
    return r;
}

// Rejected before anything is sent, delivered on the next turn like every other answer.
template <typename T>
CallHandle failSoon(ArmPipeline *pipeline, QObject *context, Completion<T> done, const QString &message)
{
    auto *chain = new ChainedCall(context, pipeline);
    QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    QTimer::singleShot(0, chain, [chain, guard, hasContext, done = std::move(done), message] {
        chain->finish();
        if (!hasContext || guard)
            done(AzureError::make(AzureError::Kind::InvalidInput, message));
    });
    return CallHandle(chain);
}

// A 400 UnsupportedQuery names the filter the service refused, so nobody reads it as "no role".
template <typename T> Completion<T> explainFilter(const QString &filter, Completion<T> done)
{
    return [filter, done = std::move(done)](const Expected<T> &result) {
        if (result || result.error().code.compare(QLatin1String("UnsupportedQuery"), Qt::CaseInsensitive) != 0)
            return done(result);
        AzureError e = result.error();
        e.message = QStringLiteral("Azure Resource Manager refused the filter %1 (UnsupportedQuery): %2")
                        .arg(filter, e.message.isEmpty() ? QStringLiteral("no reason given.") : e.message);
        done(e);
    };
}

Completion<ArmResponse> definitionCompletion(Completion<RoleDefinition> done)
{
    return [done = std::move(done)](const Expected<ArmResponse> &response) {
        if (!response)
            return done(response.error());
        const auto object = armJsonObject(*response);
        if (!object)
            return done(object.error());
        Expected<RoleDefinition> definition = RoleDefinition::fromJson(*object);
        if (!definition)
            return done(withResponseIds(definition.error(), *response));
        done(definition);
    };
}

} // namespace

bool isCannotRead(const AzureError &error)
{
    return error.kind == AzureError::Kind::Forbidden || error.httpStatus == 403;
}

CallHandle AuthorizationClient::assignments(const QString &tenantId, const QString &subscriptionId,
                                            const QString &objectId, QObject *context,
                                            Completion<QList<RoleAssignment>> done)
{
    if (!isTenantGuid(subscriptionId))
        return failSoon(m_pipeline, context, std::move(done),
                        QStringLiteral("\"%1\" is not a subscription id: expected a GUID.").arg(subscriptionId));
    if (!isTenantGuid(objectId))
        return failSoon(m_pipeline, context, std::move(done),
                        QStringLiteral("\"%1\" is not an object id: expected a GUID.").arg(objectId));
    const QString filter = QStringLiteral("assignedTo('%1')").arg(objectId);
    ArmRequest first = getRequest(
        tenantId,
        QStringLiteral("/subscriptions/%1/providers/Microsoft.Authorization/roleAssignments").arg(subscriptionId),
        ApiVersion);
    first.query = {{QStringLiteral("$filter"), filter}};
    return listAllPages<RoleAssignment>(
        m_pipeline, first, MaxPages, context, [](const QJsonObject &o) { return RoleAssignment::fromJson(o); },
        explainFilter(filter, std::move(done)));
}

CallHandle AuthorizationClient::eligibilities(const QString &tenantId, QObject *context,
                                              Completion<QList<RoleEligibility>> done)
{
    const QString filter = QStringLiteral("asTarget()");
    ArmRequest first = getRequest(
        tenantId, QStringLiteral("/providers/Microsoft.Authorization/roleEligibilityScheduleInstances"), PimApiVersion);
    first.query = {{QStringLiteral("$filter"), filter}};
    return listAllPages<RoleEligibility>(
        m_pipeline, first, MaxPages, context, [](const QJsonObject &o) { return RoleEligibility::fromJson(o); },
        explainFilter(filter, std::move(done)));
}

CallHandle AuthorizationClient::builtInDefinition(const QString &tenantId, const QString &roleGuid, QObject *context,
                                                  Completion<RoleDefinition> done)
{
    if (!isTenantGuid(roleGuid) || roleGuid.startsWith(QLatin1Char('{')))
        return failSoon(m_pipeline, context, std::move(done),
                        QStringLiteral("\"%1\" is not a role definition id: expected a GUID.").arg(roleGuid));
    return m_pipeline->send(
        getRequest(tenantId, QStringLiteral("/providers/Microsoft.Authorization/roleDefinitions/%1").arg(roleGuid),
                   ApiVersion),
        context, definitionCompletion(std::move(done)));
}

CallHandle AuthorizationClient::definition(const QString &tenantId, const QString &roleDefinitionId, QObject *context,
                                           Completion<RoleDefinition> done)
{
    // Only an id of ARM's own shape goes into the path: segments without query or fragment characters.
    static const QRegularExpression shape(
        QStringLiteral("^(/[A-Za-z0-9._()-]+)*/providers/Microsoft\\.Authorization/roleDefinitions/"
                       "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"),
        QRegularExpression::CaseInsensitiveOption);
    if (!shape.match(roleDefinitionId).hasMatch())
        return failSoon(m_pipeline, context, std::move(done),
                        QStringLiteral("\"%1\" is not a role definition id.").arg(roleDefinitionId));
    return m_pipeline->send(getRequest(tenantId, roleDefinitionId, ApiVersion), context,
                            definitionCompletion(std::move(done)));
}

} // namespace pal
