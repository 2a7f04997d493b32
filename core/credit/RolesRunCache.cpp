#include "RolesRunCache.h"

namespace pal {

void RolesRunCache::builtInDefinition(AuthorizationClient *client, const QString &tenantId, const QString &roleGuid,
                                      QObject *context, Completion<RoleDefinition> done)
{
    // A built-in role is the same in every directory: one read per run, whoever's token reads it.
    m_definitions.get(
        this, QStringLiteral("builtin:") + roleGuid.toLower(), context,
        [this, client, tenantId, roleGuid](Completion<RoleDefinition> answer) {
            client->builtInDefinition(tenantId, roleGuid, this, std::move(answer));
        },
        std::move(done));
}

void RolesRunCache::definition(AuthorizationClient *client, const QString &tenantId, const QString &roleDefinitionId,
                               QObject *context, Completion<RoleDefinition> done)
{
    m_definitions.get(
        this, QStringLiteral("id:%1|%2").arg(tenantId.toLower(), roleDefinitionId.toLower()), context,
        [this, client, tenantId, roleDefinitionId](Completion<RoleDefinition> answer) {
            client->definition(tenantId, roleDefinitionId, this, std::move(answer));
        },
        std::move(done));
}

void RolesRunCache::subscriptions(SubscriptionsClient *client, const QString &tenantId, QObject *context,
                                  Completion<QList<Subscription>> done)
{
    m_subscriptions.get(
        this, tenantId.toLower(), context,
        [this, client, tenantId](Completion<QList<Subscription>> answer) {
            client->list(tenantId, this, std::move(answer));
        },
        std::move(done));
}

} // namespace pal
