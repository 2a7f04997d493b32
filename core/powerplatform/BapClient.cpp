#include "BapClient.h"

#include "PagedList.h"

#include <QJsonObject>

namespace pal {

CallHandle BapClient::environments(const QString &tenantId, QObject *context, Completion<EnvironmentList> done)
{
    ArmRequest first;
    first.path = QStringLiteral("/providers/Microsoft.BusinessAppPlatform/environments");
    first.apiVersion = QString::fromLatin1(ApiVersion);
    first.tenantId = tenantId;
    return readAllPages(m_pipeline, first, context, [done = std::move(done)](const Expected<PagedEntries> &pages) {
        if (!pages)
            return done(pages.error());
        EnvironmentList list;
        list.unreadable = pages->notObjects;
        for (const QJsonObject &o : pages->entries) {
            PowerPlatformEnvironment env;
            env.name = o.value(QStringLiteral("name")).toString();
            env.displayName = o.value(QStringLiteral("properties"))
                                  .toObject()
                                  .value(QStringLiteral("displayName"))
                                  .toString(env.name);
            if (env.name.isEmpty())
                ++list.unreadable;
            else
                list.environments.append(env);
        }
        done(list);
    });
}

} // namespace pal
