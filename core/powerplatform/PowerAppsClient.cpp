#include "PowerAppsClient.h"

#include <QUrl>

namespace pal {

namespace {
QPair<QString, QString> environmentFilter(const QString &environment)
{
    QString quoted = environment;
    quoted.replace(QLatin1Char('\''), QStringLiteral("''")); // OData string literal
    return {QStringLiteral("$filter"), QStringLiteral("environment eq '%1'").arg(quoted)};
}
} // namespace

CallHandle PowerAppsClient::apps(const QString &tenantId, const QString &environment, QObject *context,
                                 Completion<PagedEntries> done)
{
    ArmRequest first;
    first.path = QStringLiteral("/providers/Microsoft.PowerApps/apps");
    first.apiVersion = QString::fromLatin1(ApiVersion);
    first.tenantId = tenantId;
    first.query = {environmentFilter(environment)};
    return readAllPages(m_pipeline, first, context, std::move(done));
}

CallHandle PowerAppsClient::permissions(const QString &tenantId, const QString &environment, const QString &app,
                                        QObject *context, Completion<PagedEntries> done)
{
    ArmRequest first;
    first.path = QStringLiteral("/providers/Microsoft.PowerApps/apps/%1/permissions").arg(app);
    first.apiVersion = QString::fromLatin1(ApiVersion);
    first.tenantId = tenantId;
    first.query = {environmentFilter(environment)};
    return readAllPages(m_pipeline, first, context, std::move(done));
}

} // namespace pal
