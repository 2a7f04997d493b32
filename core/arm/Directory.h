#pragma once
// Directory: an Entra ID tenant the account can reach, as ARM GET /tenants lists it.

#include "AzureError.h"
#include "Expected.h"
#include "TenantId.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace pal {

struct Directory
{
    QString tenantId;
    QString displayName;
    QString defaultDomain;
    QString tenantCategory; // Home | ProjectedBy | ManagedBy
    QString countryCode;
    QString tenantType;
    QStringList domains;

    // A label for people: "Contoso (contoso.onmicrosoft.com)", or the id when nothing else is known.
    QString label() const;
    // Does the filter text match the name, a domain or the id (case-insensitive substring)?
    bool matches(const QString &filter) const;

    static Expected<Directory> fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// isTenantGuid() lives in TenantId.h (core/common), shared with core/auth.

} // namespace pal
