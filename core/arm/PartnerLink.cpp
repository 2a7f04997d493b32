#include "PartnerLink.h"

#include "JsonFields.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace pal {

using json::badResponse;

Expected<PartnerLink> PartnerLink::fromJson(const QByteArray &body)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return badResponse(QStringLiteral("The partner link answer is not valid JSON (%1 at byte %2).")
                               .arg(parseError.errorString())
                               .arg(parseError.offset));
    if (!doc.isObject())
        return badResponse(QStringLiteral("The partner link answer is not a JSON object."));
    return fromJson(doc.object());
}

Expected<PartnerLink> PartnerLink::fromJson(const QJsonObject &object)
{
    auto bad = [](const QString &problem) {
        return badResponse(QStringLiteral("The partner link answer is incomplete: %1.").arg(problem));
    };
    QString problem;
    PartnerLink link;

    const auto id = json::optionalString(object, QStringLiteral("id"), &problem);
    const auto type = json::optionalString(object, QStringLiteral("type"), &problem);
    const auto etag = json::flexibleInteger(object, QStringLiteral("etag"), &problem);
    if (!id || !type || !etag)
        return bad(problem);
    link.resourceId = *id;
    link.type = *type;
    link.etag = *etag;
    if (!link.type.isEmpty()) {
        const QString t = link.type.toLower();
        if (t != QLatin1String("microsoft.managementpartner/partner") &&
            t != QLatin1String("microsoft.managementpartner/partners"))
            return bad(QStringLiteral("the resource type \"%1\" is not a ManagementPartner partner").arg(link.type));
    }

    const QJsonValue propertiesValue = object.value(QStringLiteral("properties"));
    if (!propertiesValue.isObject())
        return bad(QStringLiteral("\"properties\" is missing"));
    const QJsonObject p = propertiesValue.toObject();

    // Required: who is linked to what, in which directory.
    for (const char *key : {"partnerId", "tenantId", "objectId"}) {
        const QString k = QString::fromLatin1(key);
        const QJsonValue v = p.value(k);
        QString text;
        if (v.isString())
            text = v.toString().trimmed();
        else if (v.isDouble() && k == QLatin1String("partnerId")) // tolerate a numeric partner ID
            text = QString::number(qint64(v.toDouble()));
        if (text.isEmpty())
            return bad(QStringLiteral("\"properties.%1\" is missing").arg(k));
        if (k == QLatin1String("partnerId"))
            link.partnerId = text;
        else if (k == QLatin1String("tenantId"))
            link.tenantId = text;
        else
            link.objectId = text;
    }

    const auto partnerName = json::optionalString(p, QStringLiteral("partnerName"), &problem);
    const auto state = json::optionalString(p, QStringLiteral("state"), &problem);
    const auto version = json::flexibleInteger(p, QStringLiteral("version"), &problem);
    const auto created = json::optionalString(p, QStringLiteral("createdTime"), &problem);
    const auto updated = json::optionalString(p, QStringLiteral("updatedTime"), &problem);
    if (!partnerName || !state || !version || !created || !updated)
        return bad(QStringLiteral("properties.") + problem);
    link.partnerName = *partnerName;
    link.state = *state;
    link.version = *version;

    for (auto [text, target, key] : {std::tuple{*created, &link.createdTime, "createdTime"},
                                     std::tuple{*updated, &link.updatedTime, "updatedTime"}}) {
        if (text.isEmpty())
            continue;
        const auto t = json::parseTimestamp(text);
        if (!t)
            return bad(QStringLiteral("\"properties.%1\" is not a date-time: \"%2\"").arg(QLatin1String(key), text));
        *target = *t;
    }
    return link;
}

QJsonObject PartnerLink::toJson() const
{
    auto time = [](const QDateTime &t) {
        return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue(QJsonValue::Null);
    };
    return QJsonObject{
        {QStringLiteral("partnerId"), partnerId},
        {QStringLiteral("partnerName"), partnerName},
        {QStringLiteral("tenantId"), tenantId},
        {QStringLiteral("objectId"), objectId},
        {QStringLiteral("state"), state},
        {QStringLiteral("version"), version},
        {QStringLiteral("createdTime"), time(createdTime)},
        {QStringLiteral("updatedTime"), time(updatedTime)},
    };
}

} // namespace pal
