#pragma once
// SubscriptionsClient: ARM GET /subscriptions?api-version=2022-12-01, every page (nextLink).
// `tenantId` of an entry is the subscription's own directory; `managedByTenants` the directories
// that manage it through Azure Lighthouse. The REST API has no `homeTenantId` (that is the Azure
// CLI's renaming of `tenantId`). A token for the partner's home directory lists the customers'
// subscriptions projected into it by Lighthouse too, with the customer's `tenantId`.

#include "ArmPipeline.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace pal {

struct Subscription
{
    QString subscriptionId;
    QString displayName;
    QString state;                  // Enabled | Warned | PastDue | Disabled | Deleted
    QString tenantId;               // the subscription's own directory
    QStringList managedByTenantIds; // managedByTenants[].tenantId

    bool isManagedBy(const QString &tenantId) const;
    static Expected<Subscription> fromJson(const QJsonObject &object);
};

class SubscriptionsClient
{
public:
    static constexpr const char *ApiVersion = "2022-12-01";
    static constexpr int MaxPages = 200; // a guard against a nextLink loop

    explicit SubscriptionsClient(ArmPipeline *pipeline)
        : m_pipeline(pipeline)
    {}

    // Lists with the token of `tenantId` (empty: the account's default directory).
    CallHandle list(const QString &tenantId, QObject *context, Completion<QList<Subscription>> done);

private:
    ArmPipeline *m_pipeline;
};

} // namespace pal
