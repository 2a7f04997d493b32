#include "FlowClient.h"

#include <QUrl>

namespace pal {

CallHandle FlowClient::flows(const QString &tenantId, const QString &environment, QObject *context,
                             Completion<PagedEntries> done)
{
    ArmRequest first;
    first.path = QStringLiteral("/providers/Microsoft.ProcessSimple/environments/%1/flows").arg(environment);
    first.apiVersion = QString::fromLatin1(ApiVersion);
    first.tenantId = tenantId;
    first.query = {{QStringLiteral("include"), QStringLiteral("includeSolutionCloudFlows")}};
    return readAllPages(m_pipeline, first, context, std::move(done));
}

} // namespace pal
