#include "LinkOwnership.h"

namespace pal {

LinkOwnership LinkOwnership::of(const LinkState &state, const std::optional<DirectoryIdentity> &me)
{
    LinkOwnership o;
    if (!state.isLinked() || !state.link)
        return o;
    const PartnerLink &link = *state.link;
    o.partnerId = link.partnerId;
    o.linkTenantId = link.tenantId;
    o.linkObjectId = link.objectId;
    o.linkedToOther = state.kind == LinkState::Kind::LinkedToOther;
    if (!me) {
        o.owner = Owner::CannotTell;
        return o;
    }
    o.myTenantId = me->tenantId;
    o.myObjectId = me->objectId;
    // What the link or the token does not name cannot contradict the other.
    const bool tenantOk = link.tenantId.isEmpty() || link.tenantId.compare(me->tenantId, Qt::CaseInsensitive) == 0;
    const bool objectOk = link.objectId.isEmpty() || me->objectId.isEmpty() ||
                          link.objectId.compare(me->objectId, Qt::CaseInsensitive) == 0;
    o.owner = !tenantOk ? Owner::OtherDirectory : !objectOk ? Owner::OtherObject : Owner::Yours;
    return o;
}

QString LinkOwnership::ownerName(Owner owner)
{
    switch (owner) {
    case Owner::Yours:
        return QStringLiteral("yours");
    case Owner::OtherDirectory:
        return QStringLiteral("other directory");
    case Owner::OtherObject:
        return QStringLiteral("other object");
    case Owner::NotLinked:
        return QStringLiteral("not linked");
    case Owner::CannotTell:
        break;
    }
    return QStringLiteral("cannot tell");
}

QJsonObject LinkOwnership::toJson() const
{
    const auto orNull = [](const QString &s) { return s.isEmpty() ? QJsonValue() : QJsonValue(s); };
    return QJsonObject{{QStringLiteral("owner"), ownerName(owner)},
                       {QStringLiteral("partnerId"), orNull(partnerId)},
                       {QStringLiteral("link"), QJsonObject{{QStringLiteral("tenantId"), orNull(linkTenantId)},
                                                            {QStringLiteral("objectId"), orNull(linkObjectId)}}},
                       {QStringLiteral("identity"), QJsonObject{{QStringLiteral("tenantId"), orNull(myTenantId)},
                                                                {QStringLiteral("objectId"), orNull(myObjectId)}}}};
}

} // namespace pal
