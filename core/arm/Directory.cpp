#include "Directory.h"

#include "JsonFields.h"

#include <QJsonArray>

namespace pal {

QString Directory::label() const
{
    const QString domain = defaultDomain.isEmpty() && !domains.isEmpty() ? domains.first() : defaultDomain;
    if (!displayName.isEmpty() && !domain.isEmpty())
        return QStringLiteral("%1 (%2)").arg(displayName, domain);
    if (!displayName.isEmpty())
        return displayName;
    if (!domain.isEmpty())
        return domain;
    return tenantId;
}

bool Directory::matches(const QString &filter) const
{
    const QString f = filter.trimmed();
    if (f.isEmpty())
        return true;
    auto has = [&f](const QString &s) { return s.contains(f, Qt::CaseInsensitive); };
    if (has(displayName) || has(defaultDomain) || has(tenantId))
        return true;
    for (const QString &d : domains)
        if (has(d))
            return true;
    return false;
}

Expected<Directory> Directory::fromJson(const QJsonObject &object)
{
    auto bad = [](const QString &problem) {
        return json::badResponse(QStringLiteral("A directory in the tenants list is incomplete: %1.").arg(problem));
    };
    QString problem;
    Directory d;
    const auto tenantId = json::optionalString(object, QStringLiteral("tenantId"), &problem);
    const auto id = json::optionalString(object, QStringLiteral("id"), &problem);
    const auto displayName = json::optionalString(object, QStringLiteral("displayName"), &problem);
    const auto defaultDomain = json::optionalString(object, QStringLiteral("defaultDomain"), &problem);
    const auto category = json::optionalString(object, QStringLiteral("tenantCategory"), &problem);
    const auto country = json::optionalString(object, QStringLiteral("countryCode"), &problem);
    const auto tenantType = json::optionalString(object, QStringLiteral("tenantType"), &problem);
    if (!tenantId || !id || !displayName || !defaultDomain || !category || !country || !tenantType)
        return bad(problem);

    d.tenantId = tenantId->trimmed();
    if (d.tenantId.isEmpty() && id->startsWith(QLatin1String("/tenants/")))
        d.tenantId = id->mid(int(qstrlen("/tenants/")));
    if (d.tenantId.isEmpty())
        return bad(QStringLiteral("\"tenantId\" is missing"));
    if (!isTenantGuid(d.tenantId))
        return bad(QStringLiteral("\"tenantId\" is not a GUID: \"%1\"").arg(d.tenantId));
    d.displayName = *displayName;
    d.defaultDomain = *defaultDomain;
    d.tenantCategory = *category;
    d.countryCode = *country;
    d.tenantType = *tenantType;

    const QJsonValue domains = object.value(QStringLiteral("domains"));
    if (domains.isArray()) {
        for (const QJsonValue &v : domains.toArray()) {
            if (!v.isString())
                return bad(QStringLiteral("\"domains\" holds something that is not a string"));
            d.domains.append(v.toString());
        }
    } else if (!domains.isUndefined() && !domains.isNull()) {
        return bad(QStringLiteral("\"domains\" is not an array"));
    }
    return d;
}

QJsonObject Directory::toJson() const
{
    QJsonObject o{{QStringLiteral("tenantId"), tenantId},
                  {QStringLiteral("displayName"), displayName},
                  {QStringLiteral("defaultDomain"), defaultDomain},
                  {QStringLiteral("tenantCategory"), tenantCategory},
                  {QStringLiteral("countryCode"), countryCode},
                  {QStringLiteral("domains"), QJsonArray::fromStringList(domains)}};
    if (!tenantType.isEmpty())
        o.insert(QStringLiteral("tenantType"), tenantType);
    return o;
}

} // namespace pal
