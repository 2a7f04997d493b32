#include "EligibleRoles.h"

#include "AzureError.h"
#include "EligibleRolesData.h"
#include "TenantId.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

namespace pal {

namespace {

QString normalGuid(const QString &text)
{
    QString t = text.trimmed();
    if (t.startsWith(QLatin1Char('{')) && t.endsWith(QLatin1Char('}')))
        t = t.mid(1, t.size() - 2);
    return t.toLower();
}

AzureError badTable(const QString &what)
{
    return AzureError::make(AzureError::Kind::BadResponse,
                            QStringLiteral("The eligible-roles table is not usable: %1.").arg(what));
}

} // namespace

EligibleRoles EligibleRoles::published()
{
    Expected<EligibleRoles> table = fromJson(QByteArray(generated::kEligibleRolesJson));
    return table ? table.value() : EligibleRoles();
}

Expected<EligibleRoles> EligibleRoles::fromJson(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return badTable(QStringLiteral("not a JSON object (%1)").arg(error.errorString()));
    const QJsonObject top = doc.object();
    EligibleRoles table;
    table.m_title = top.value(QStringLiteral("title")).toString();
    table.m_source = top.value(QStringLiteral("source")).toString();
    table.m_articleDate = top.value(QStringLiteral("articleDate")).toString();
    table.m_textAsOf = top.value(QStringLiteral("textAsOf")).toString();
    if (table.m_source.isEmpty())
        return badTable(QStringLiteral("it names no source"));
    const QJsonValue roles = top.value(QStringLiteral("roles"));
    if (!roles.isArray() || roles.toArray().isEmpty())
        return badTable(QStringLiteral("it has no \"roles\""));
    for (const auto &v : roles.toArray()) {
        const QJsonObject o = v.toObject();
        Role role;
        role.id = normalGuid(o.value(QStringLiteral("id")).toString());
        role.roleName = o.value(QStringLiteral("roleName")).toString();
        role.listedAs = o.value(QStringLiteral("listedAs")).toString();
        const QJsonValue eligible = o.value(QStringLiteral("pecEligible"));
        if (!isTenantGuid(role.id) || role.roleName.isEmpty() || !eligible.isBool())
            return badTable(QStringLiteral("a row is incomplete (\"%1\")").arg(role.roleName));
        role.pecEligible = eligible.toBool();
        if (table.m_roles.contains(role.id))
            return badTable(QStringLiteral("%1 is listed twice").arg(role.id));
        table.m_roles.insert(role.id, role);
    }
    return table;
}

const EligibleRoles::Role *EligibleRoles::find(const QString &roleGuid) const
{
    const auto it = m_roles.constFind(normalGuid(roleGuid));
    return it == m_roles.constEnd() ? nullptr : &it.value();
}

bool EligibleRoles::isEligible(const QString &roleGuid) const
{
    const Role *role = find(roleGuid);
    return role && role->pecEligible;
}

int EligibleRoles::eligibleCount() const
{
    int n = 0;
    for (const Role &role : m_roles)
        n += role.pecEligible ? 1 : 0;
    return n;
}

} // namespace pal
