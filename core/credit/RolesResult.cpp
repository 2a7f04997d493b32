#include "RolesResult.h"

#include <QJsonArray>

namespace pal {

QString rolesStateName(RolesState state)
{
    switch (state) {
    case RolesState::Checked:
        return QStringLiteral("checked");
    case RolesState::NoSubscriptions:
        return QStringLiteral("noSubscriptions");
    case RolesState::CannotRead:
        return QStringLiteral("cannotRead");
    case RolesState::Failed:
        break;
    }
    return QStringLiteral("failed");
}

QString assignmentSourceName(AssignmentSource source)
{
    switch (source) {
    case AssignmentSource::Active:
        return QStringLiteral("active");
    case AssignmentSource::Eligible:
        return QStringLiteral("eligible");
    case AssignmentSource::Lighthouse:
        return QStringLiteral("lighthouse");
    case AssignmentSource::LighthouseEligible:
        break;
    }
    return QStringLiteral("lighthouseEligible");
}

QJsonObject CreditAssignment::toJson() const
{
    return QJsonObject{{QStringLiteral("scope"), scope},
                       {QStringLiteral("roleDefinitionId"), roleDefinitionId},
                       {QStringLiteral("roleName"), roleName},
                       {QStringLiteral("source"), assignmentSourceName(source)},
                       {QStringLiteral("earnsCredit"), earnsCredit ? QJsonValue(*earnsCredit) : QJsonValue()}};
}

QJsonObject RolesResult::toJson() const
{
    QJsonArray list;
    for (const CreditAssignment &a : assignments)
        list.append(a.toJson());
    return QJsonObject{{QStringLiteral("state"), rolesStateName(state)}, {QStringLiteral("assignments"), list}};
}

} // namespace pal
