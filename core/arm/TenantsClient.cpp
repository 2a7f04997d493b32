#include "TenantsClient.h"

#include "ChainedCall.h"

namespace pal {

CallHandle TenantsClient::list(const QString &tenantId, QObject *context, Completion<QList<Directory>> done)
{
    ArmRequest first;
    first.verb = "GET";
    first.path = QStringLiteral("/tenants");
    first.apiVersion = QString::fromLatin1(ApiVersion);
    first.tenantId = tenantId;
    return listAllPages<Directory>(
        m_pipeline, first, MaxPages, context, [](const QJsonObject &o) { return Directory::fromJson(o); },
        std::move(done));
}

} // namespace pal
