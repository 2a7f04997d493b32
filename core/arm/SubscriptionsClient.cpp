#include "SubscriptionsClient.h"

#include "ChainedCall.h"
#include "JsonFields.h"
#include "TenantId.h"

#include <QJsonArray>

namespace pal {

bool Subscription::isManagedBy(const QString &tenantId) const
{
    return !tenantId.isEmpty() && managedByTenantIds.contains(tenantId, Qt::CaseInsensitive);
}

Expected<Subscription> Subscription::fromJson(const QJsonObject &object)
{
    auto bad = [](const QString &problem) {
        return json::badResponse(
            QStringLiteral("A subscription in the subscriptions list is incomplete: %1.").arg(problem));
    };
    QString problem;
    const auto subscriptionId = json::optionalString(object, QStringLiteral("subscriptionId"), &problem);
    const auto displayName = json::optionalString(object, QStringLiteral("displayName"), &problem);
    const auto state = json::optionalString(object, QStringLiteral("state"), &problem);
    const auto tenantId = json::optionalString(object, QStringLiteral("tenantId"), &problem);
    if (!subscriptionId || !displayName || !state || !tenantId)
        return bad(problem);
    Subscription s;
    s.subscriptionId = subscriptionId->trimmed();
    if (s.subscriptionId.isEmpty())
        return bad(QStringLiteral("\"subscriptionId\" is missing"));
    // The id goes into request paths: only a GUID is taken.
    if (!isTenantGuid(s.subscriptionId))
        return bad(QStringLiteral("\"subscriptionId\" is not a GUID: \"%1\"").arg(s.subscriptionId));
    s.displayName = *displayName;
    s.state = *state;
    s.tenantId = tenantId->trimmed();

    const QJsonValue managed = object.value(QStringLiteral("managedByTenants"));
    if (managed.isArray()) {
        for (const auto &v : managed.toArray()) {
            const QJsonValue id = v.toObject().value(QStringLiteral("tenantId"));
            if (!v.isObject() || !id.isString())
                return bad(QStringLiteral("\"managedByTenants\" holds an entry without a \"tenantId\""));
            s.managedByTenantIds.append(id.toString());
        }
    } else if (!managed.isUndefined() && !managed.isNull()) {
        return bad(QStringLiteral("\"managedByTenants\" is not an array"));
    }
    return s;
}

CallHandle SubscriptionsClient::list(const QString &tenantId, QObject *context, Completion<QList<Subscription>> done)
{
    ArmRequest first;
    first.verb = "GET";
    first.path = QStringLiteral("/subscriptions");
    first.apiVersion = QString::fromLatin1(ApiVersion);
    first.tenantId = tenantId;
    return listAllPages<Subscription>(
        m_pipeline, first, MaxPages, context, [](const QJsonObject &o) { return Subscription::fromJson(o); },
        std::move(done));
}

} // namespace pal
