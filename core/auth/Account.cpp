#include "Account.h"

#include <algorithm>

namespace pal {

QString signInKindName(SignInKind kind)
{
    switch (kind) {
    case SignInKind::Browser:
        return QStringLiteral("browser");
    case SignInKind::DeviceCode:
        return QStringLiteral("device-code");
    case SignInKind::ClientSecret:
        return QStringLiteral("client-secret");
    case SignInKind::ClientCertificate:
        return QStringLiteral("client-certificate");
    }
    return {};
}

static SignInKind kindFromName(const QString &name)
{
    for (SignInKind k :
         {SignInKind::Browser, SignInKind::DeviceCode, SignInKind::ClientSecret, SignInKind::ClientCertificate})
        if (signInKindName(k) == name)
            return k;
    return SignInKind::Browser;
}

QJsonObject Account::toJson() const
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("username"), username},
            {QStringLiteral("tenantId"), homeTenantId},
            {QStringLiteral("kind"), signInKindName(kind)}};
}

QJsonObject Account::toStorage() const
{
    QJsonObject o{{QStringLiteral("id"), id},
                  {QStringLiteral("username"), username},
                  {QStringLiteral("homeTenantId"), homeTenantId},
                  {QStringLiteral("objectId"), objectId},
                  {QStringLiteral("clientId"), clientId},
                  {QStringLiteral("cloudName"), cloudName},
                  {QStringLiteral("authorityTenant"), authorityTenant},
                  {QStringLiteral("kind"), signInKindName(kind)}};
    if (!certificatePath.isEmpty())
        o.insert(QStringLiteral("certificatePath"), certificatePath);
    if (!cloudDefinition.isEmpty())
        o.insert(QStringLiteral("cloud"), cloudDefinition);
    if (!signInId.isEmpty())
        o.insert(QStringLiteral("signIn"), signInId);
    if (signIns > 0)
        o.insert(QStringLiteral("signIns"), signIns);
    return o;
}

Account Account::fromStorage(const QJsonObject &o)
{
    Account a;
    a.id = o.value(QLatin1String("id")).toString();
    a.username = o.value(QLatin1String("username")).toString();
    a.homeTenantId = o.value(QLatin1String("homeTenantId")).toString();
    a.objectId = o.value(QLatin1String("objectId")).toString();
    a.clientId = o.value(QLatin1String("clientId")).toString();
    a.cloudName = o.value(QLatin1String("cloudName")).toString();
    a.authorityTenant = o.value(QLatin1String("authorityTenant")).toString();
    a.kind = kindFromName(o.value(QLatin1String("kind")).toString());
    a.certificatePath = o.value(QLatin1String("certificatePath")).toString();
    a.cloudDefinition = o.value(QLatin1String("cloud")).toObject();
    a.signInId = o.value(QLatin1String("signIn")).toString();
    a.signIns = std::max(0, o.value(QLatin1String("signIns")).toInt());
    return a;
}

} // namespace pal
