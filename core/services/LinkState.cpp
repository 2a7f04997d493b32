#include "LinkState.h"

#include <QJsonValue>

namespace pal {

LinkState LinkState::fromRead(const Expected<PartnerLink> &read, const QString &expectedPartnerId, const QDateTime &at)
{
    if (read)
        return linked(read.value(), expectedPartnerId, at);
    if (read.error().kind == AzureError::Kind::NotFound) {
        LinkState s = notLinked(at);
        s.expectedPartnerId = expectedPartnerId;
        return s;
    }
    LinkState s = failed(read.error(), at);
    s.expectedPartnerId = expectedPartnerId;
    return s;
}

LinkState LinkState::linked(const PartnerLink &link, const QString &expectedPartnerId, const QDateTime &at)
{
    LinkState s;
    s.link = link;
    s.checkedAt = at;
    return s.comparedWith(expectedPartnerId);
}

LinkState LinkState::notLinked(const QDateTime &at)
{
    LinkState s;
    s.kind = Kind::NotLinked;
    s.checkedAt = at;
    return s;
}

LinkState LinkState::failed(const AzureError &error, const QDateTime &at)
{
    LinkState s;
    s.kind = Kind::Failed;
    s.error = error;
    s.checkedAt = at;
    return s;
}

LinkState LinkState::checking() const
{
    LinkState s = *this;
    s.kind = Kind::Checking;
    s.error.reset();
    return s;
}

LinkState LinkState::comparedWith(const QString &expected) const
{
    LinkState s = *this;
    s.expectedPartnerId = expected.trimmed();
    if (s.link && (s.kind == Kind::Unknown || s.isLinked()))
        s.kind = s.expectedPartnerId.isEmpty() || s.link->partnerId == s.expectedPartnerId ? Kind::Linked
                                                                                           : Kind::LinkedToOther;
    return s;
}

bool LinkState::needsSignIn() const
{
    return kind == Kind::Failed && error && error->kind == AzureError::Kind::InteractionRequired;
}

QString LinkState::name(Kind kind)
{
    switch (kind) {
    case Kind::Unknown:
        return QStringLiteral("unchecked");
    case Kind::Checking:
        return QStringLiteral("checking");
    case Kind::Linked:
    case Kind::LinkedToOther:
        return QStringLiteral("linked");
    case Kind::NotLinked:
        return QStringLiteral("not linked");
    case Kind::Failed:
        return QStringLiteral("error");
    }
    return QStringLiteral("error");
}

QString LinkState::name() const
{
    return needsSignIn() ? QStringLiteral("sign-in needed") : name(kind);
}

QString LinkState::summary() const
{
    switch (kind) {
    case Kind::Unknown:
        return {};
    case Kind::Checking:
        return QStringLiteral("Checking…");
    case Kind::Linked:
        return link ? QStringLiteral("Linked to %1").arg(link->partnerId) : QStringLiteral("Linked");
    case Kind::LinkedToOther:
        return QStringLiteral("Linked to %1, not %2").arg(partnerId(), expectedPartnerId);
    case Kind::NotLinked:
        return QStringLiteral("Not linked");
    case Kind::Failed:
        if (needsSignIn())
            return QStringLiteral("Sign-in needed");
        return error ? QStringLiteral("Error: %1").arg(error->kindName()) : QStringLiteral("Error");
    }
    return {};
}

QJsonObject LinkState::toJson() const
{
    const bool linkedHere = isLinked() && link;
    QJsonObject o{
        {QStringLiteral("linkState"), name()},
        {QStringLiteral("partnerId"), linkedHere ? QJsonValue(link->partnerId) : QJsonValue()},
        {QStringLiteral("partnerName"), linkedHere ? QJsonValue(link->partnerName) : QJsonValue()},
    };
    if (!expectedPartnerId.isEmpty()) {
        o.insert(QStringLiteral("expectedPartnerId"), expectedPartnerId);
        o.insert(QStringLiteral("matchesExpected"), matchesExpected());
    }
    return o;
}

} // namespace pal
