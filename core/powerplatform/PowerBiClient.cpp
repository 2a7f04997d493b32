#include "PowerBiClient.h"

#include <QUrl>

namespace pal {

CallHandle PowerBiClient::workspaces(const QString &tenantId, QObject *context, Completion<PagedEntries> done)
{
    ArmRequest first;
    first.path = QStringLiteral("/v1.0/myorg/groups");
    first.tenantId = tenantId;
    return readAllPages(m_pipeline, first, context, std::move(done));
}

CallHandle PowerBiClient::datasets(const QString &tenantId, const QString &workspaceId, QObject *context,
                                   Completion<PagedEntries> done)
{
    ArmRequest first;
    first.path = workspaceId.isEmpty() ? QStringLiteral("/v1.0/myorg/datasets")
                                       : QStringLiteral("/v1.0/myorg/groups/%1/datasets").arg(workspaceId);
    first.tenantId = tenantId;
    return readAllPages(m_pipeline, first, context, std::move(done));
}

} // namespace pal
