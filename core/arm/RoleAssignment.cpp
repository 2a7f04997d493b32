#include "RoleAssignment.h"

#include "JsonFields.h"
#include "TenantId.h"

#include <QJsonArray>

namespace pal {

namespace {

const QString RoleDefinitionsSegment = QStringLiteral("/providers/Microsoft.Authorization/roleDefinitions/");

// The strings of `properties` named in `keys`; false (and *problem set) when one is not a string.
bool readStrings(const QJsonObject &o, std::initializer_list<std::pair<const char *, QString *>> keys, QString *problem)
{
    for (const auto &[key, target] : keys) {
        const auto value = json::optionalString(o, QString::fromLatin1(key), problem);
        if (!value)
            return false;
        *target = *value;
    }
    return true;
}

Expected<QStringList> stringArray(const QJsonObject &o, const QString &key)
{
    const QJsonValue v = o.value(key);
    QStringList out;
    if (v.isUndefined() || v.isNull())
        return out;
    if (!v.isArray())
        return json::badResponse(QStringLiteral("\"%1\" is not an array").arg(key));
    for (const auto &item : v.toArray()) {
        if (!item.isString())
            return json::badResponse(QStringLiteral("\"%1\" holds something that is not a string").arg(key));
        out.append(item.toString());
    }
    return out;
}

} // namespace

QString roleDefinitionGuid(const QString &roleDefinitionId)
{
    const QString text = roleDefinitionId.trimmed();
    if (isTenantGuid(text))
        return QString(text).remove(QLatin1Char('{')).remove(QLatin1Char('}')).toLower();
    const qsizetype at = text.lastIndexOf(RoleDefinitionsSegment, -1, Qt::CaseInsensitive);
    if (at < 0)
        return {};
    const QString guid = text.mid(at + RoleDefinitionsSegment.size());
    return isTenantGuid(guid) && !guid.startsWith(QLatin1Char('{')) ? guid.toLower() : QString();
}

Expected<RoleAssignment> RoleAssignment::fromJson(const QJsonObject &object)
{
    auto bad = [](const QString &problem) {
        return json::badResponse(QStringLiteral("A role assignment in the list is incomplete: %1.").arg(problem));
    };
    QString problem;
    RoleAssignment a;
    const QJsonObject p = object.value(QStringLiteral("properties")).toObject();
    if (!readStrings(object, {{"id", &a.id}}, &problem) || !readStrings(p,
                                                                        {{"scope", &a.scope},
                                                                         {"roleDefinitionId", &a.roleDefinitionId},
                                                                         {"principalId", &a.principalId},
                                                                         {"principalType", &a.principalType}},
                                                                        &problem))
        return bad(problem);
    if (roleDefinitionGuid(a.roleDefinitionId).isEmpty())
        return bad(QStringLiteral("\"roleDefinitionId\" names no role definition: \"%1\"").arg(a.roleDefinitionId));
    if (a.scope.isEmpty())
        return bad(QStringLiteral("\"scope\" is missing"));
    return a;
}

Expected<RoleEligibility> RoleEligibility::fromJson(const QJsonObject &object)
{
    auto bad = [](const QString &problem) {
        return json::badResponse(QStringLiteral("A PIM eligibility in the list is incomplete: %1.").arg(problem));
    };
    QString problem;
    RoleEligibility e;
    QString end;
    const QJsonObject p = object.value(QStringLiteral("properties")).toObject();
    if (!readStrings(object, {{"id", &e.id}}, &problem) || !readStrings(p,
                                                                        {{"scope", &e.scope},
                                                                         {"roleDefinitionId", &e.roleDefinitionId},
                                                                         {"principalId", &e.principalId},
                                                                         {"principalType", &e.principalType},
                                                                         {"memberType", &e.memberType},
                                                                         {"status", &e.status},
                                                                         {"endDateTime", &end}},
                                                                        &problem))
        return bad(problem);
    if (roleDefinitionGuid(e.roleDefinitionId).isEmpty())
        return bad(QStringLiteral("\"roleDefinitionId\" names no role definition: \"%1\"").arg(e.roleDefinitionId));
    if (e.scope.isEmpty())
        return bad(QStringLiteral("\"scope\" is missing"));
    if (!end.isEmpty()) {
        e.endDateTime = json::parseTimestamp(end);
        if (!e.endDateTime)
            return bad(QStringLiteral("\"endDateTime\" is not a time: \"%1\"").arg(end));
    }
    const QJsonObject role =
        p.value(QStringLiteral("expandedProperties")).toObject().value(QStringLiteral("roleDefinition")).toObject();
    e.roleName = role.value(QStringLiteral("displayName")).toString();
    e.roleType = role.value(QStringLiteral("type")).toString();
    return e;
}

Expected<RoleDefinition> RoleDefinition::fromJson(const QJsonObject &object)
{
    auto bad = [](const QString &problem) {
        return json::badResponse(QStringLiteral("The role definition is incomplete: %1.").arg(problem));
    };
    QString problem;
    RoleDefinition d;
    const QJsonObject p = object.value(QStringLiteral("properties")).toObject();
    if (!readStrings(object, {{"id", &d.id}, {"name", &d.name}}, &problem) ||
        !readStrings(p, {{"roleName", &d.roleName}, {"type", &d.type}}, &problem))
        return bad(problem);
    if (d.roleName.isEmpty())
        return bad(QStringLiteral("\"roleName\" is missing"));
    const QJsonValue permissions = p.value(QStringLiteral("permissions"));
    if (!permissions.isUndefined() && !permissions.isNull() && !permissions.isArray())
        return bad(QStringLiteral("\"permissions\" is not an array"));
    for (const auto &v : permissions.toArray()) {
        const auto actions = stringArray(v.toObject(), QStringLiteral("actions"));
        const auto notActions = stringArray(v.toObject(), QStringLiteral("notActions"));
        if (!actions)
            return bad(actions.error().message);
        if (!notActions)
            return bad(notActions.error().message);
        d.actions += *actions;
        d.notActions += *notActions;
    }
    return d;
}

} // namespace pal
