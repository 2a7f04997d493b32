#pragma once
// PartnerLink: what ManagementPartner says about the partner ID linked to the calling identity
// in one directory (PartnerResponse, api-version 2018-02-01), parsed tolerantly.

#include "AzureError.h"
#include "Expected.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace pal {

struct PartnerLink
{
    QString partnerId;
    QString partnerName; // may be empty (responses before 2018-03 lacked it)
    QString tenantId;
    QString objectId;
    QString state;         // "Active", "Deleted", or any other text the service sends
    qint64 version = 0;    // properties.version (integer or string on the wire)
    qint64 etag = 0;       // etag (integer or string on the wire)
    QDateTime createdTime; // UTC, 7 fractional digits accepted
    QDateTime updatedTime;
    QString resourceId; // "id"
    QString type;       // "Microsoft.ManagementPartner/partner" or ".../partners"

    bool isActive() const { return state.compare(QLatin1String("Active"), Qt::CaseInsensitive) == 0; }

    // Parses a PartnerResponse body; anything not as promised is a BadResponse error.
    static Expected<PartnerLink> fromJson(const QByteArray &body);
    static Expected<PartnerLink> fromJson(const QJsonObject &object);
    // The palctl / report shape: {"partnerId","partnerName","tenantId","objectId","state","version",
    // "createdTime","updatedTime"} with ISO 8601 times.
    QJsonObject toJson() const;
};

struct ProviderOperation
{
    QString name;
    QString provider, resource, operation, description; // display
    QString origin;
};

} // namespace pal
