#include "CreditVerdict.h"

namespace pal {

namespace {

using Source = AssignmentSource;

QString describe(const CreditAssignment &a)
{
    const QString role = a.roleName.isEmpty() ? a.roleDefinitionId : a.roleName;
    return QStringLiteral("%1 on %2").arg(role, a.scope);
}

QString roleNames(const QList<CreditAssignment> &list)
{
    QStringList names;
    for (const CreditAssignment &a : list) {
        const QString name = a.roleName.isEmpty() ? a.roleDefinitionId : a.roleName;
        if (!names.contains(name))
            names.append(name);
    }
    return names.join(QStringLiteral(", "));
}

const CreditAssignment *firstWhere(const QList<CreditAssignment> &list, bool active, bool eligibleRole)
{
    for (const CreditAssignment &a : list)
        if (a.isActive() == active && a.earnsCredit.has_value() && *a.earnsCredit == eligibleRole)
            return &a;
    return nullptr;
}

QString problemsText(const RolesResult &roles)
{
    QStringList parts;
    for (const RolesProblem &p : roles.problems)
        parts.append(QStringLiteral("%1: %2").arg(
            p.what, p.cannotRead ? QStringLiteral("not allowed to read (HTTP 403)") : p.error.message));
    return parts.join(QStringLiteral("; "));
}

CreditDecision rolesVerdict(const RolesResult &roles)
{
    CreditDecision d;
    if (const CreditAssignment *a = firstWhere(roles.assignments, true, true)) {
        d.verdict = CreditVerdict::EarnsCredit;
        const QString how = a->source == Source::Lighthouse
                                ? QStringLiteral("a permanent Azure Lighthouse authorization with %1").arg(describe(*a))
                                : describe(*a);
        d.advice = QStringLiteral("Nothing to do: the linked identity holds %1, a role on Partner Center's list of "
                                  "roles that earn partner earned credit.")
                       .arg(how);
        return d;
    }
    if (roles.state == RolesState::CannotRead || roles.state == RolesState::Failed) {
        d.verdict = CreditVerdict::CannotTell;
        d.advice = QStringLiteral("PAL Desk could not read this identity's roles everywhere here (%1), so it cannot "
                                  "tell whether the link earns credit. Ask for a role that can read role assignments "
                                  "on those subscriptions (Contributor both reads and earns credit), or check Access "
                                  "control (IAM) in the Azure portal, then check again.")
                       .arg(problemsText(roles));
        return d;
    }
    if (const CreditAssignment *a = firstWhere(roles.assignments, false, true)) {
        d.verdict = CreditVerdict::EligibleOnly;
        const bool jit = a->source == Source::LighthouseEligible;
        d.advice = QStringLiteral("The identity's eligible role (%1) is only %2: it earns credit only while "
                                  "activated. Ask for a permanent (active) assignment of an eligible role, or "
                                  "activate it whenever you work here.")
                       .arg(describe(*a), jit ? QStringLiteral("a just-in-time Lighthouse authorization")
                                              : QStringLiteral("PIM-eligible"));
        return d;
    }
    QList<CreditAssignment> unknown;
    for (const CreditAssignment &a : roles.assignments)
        if (!a.earnsCredit)
            unknown.append(a);
    if (!unknown.isEmpty()) {
        d.verdict = CreditVerdict::CannotTell;
        d.advice = QStringLiteral("The only roles here that might earn credit are ones PAL Desk cannot judge (%1): "
                                  "Partner Center's list names built-in roles only, and a Lighthouse authorization "
                                  "granted to a group needs its membership, which PAL Desk does not read. Custom roles "
                                  "with write actions usually count; to be sure, ask for an eligible built-in role "
                                  "such as Contributor.")
                       .arg(roleNames(unknown));
        return d;
    }
    d.verdict = CreditVerdict::NoEligibleRole;
    if (roles.state == RolesState::NoSubscriptions && roles.assignments.isEmpty())
        d.advice = QStringLiteral("The identity sees no Azure subscription here, so this link has no Azure usage to "
                                  "credit. For Azure, ask for an eligible role such as Contributor on the "
                                  "subscriptions you manage; Power Platform credit comes from attribution (its own "
                                  "line).");
    else if (roles.assignments.isEmpty())
        d.advice = QStringLiteral("The identity holds no Azure role on the %1 subscription(s) it sees here, so the "
                                  "link earns no Azure credit. Ask for an eligible role such as Contributor or Support "
                                  "Request Contributor on the subscriptions you manage.")
                       .arg(roles.subscriptionCount);
    else
        d.advice = QStringLiteral("None of the identity's roles here (%1) earns partner earned credit: read-only "
                                  "roles such as Reader do not count. Ask for an eligible role such as Contributor "
                                  "or Support Request Contributor on the subscriptions you manage.")
                       .arg(roleNames(roles.assignments));
    return d;
}

} // namespace

QString creditVerdictName(CreditVerdict verdict)
{
    switch (verdict) {
    case CreditVerdict::EarnsCredit:
        return QStringLiteral("earnsCredit");
    case CreditVerdict::CannotLink:
        return QStringLiteral("cannotLink");
    case CreditVerdict::LinkInHomeTenant:
        return QStringLiteral("linkInHomeTenant");
    case CreditVerdict::NotLinked:
        return QStringLiteral("notLinked");
    case CreditVerdict::LinkedToOther:
        return QStringLiteral("linkedToOther");
    case CreditVerdict::CannotTell:
        return QStringLiteral("cannotTell");
    case CreditVerdict::EligibleOnly:
        return QStringLiteral("eligibleOnly");
    case CreditVerdict::NoEligibleRole:
        break;
    }
    return QStringLiteral("noEligibleRole");
}

QString linkFactStateName(LinkFactState state)
{
    switch (state) {
    case LinkFactState::Linked:
        return QStringLiteral("linked");
    case LinkFactState::LinkedToOther:
        return QStringLiteral("linkedToOther");
    case LinkFactState::NotLinked:
        return QStringLiteral("notLinked");
    case LinkFactState::Failed:
        break;
    }
    return QStringLiteral("failed");
}

CreditDecision decideCredit(const SessionAssessment &session, const LinkFact &link, const RolesResult &roles)
{
    CreditDecision d;
    const QStringList sessionReason{QStringLiteral("Session: %1. %2").arg(sessionKindName(session.kind), session.why)};
    // 1. the session
    if (session.kind == SessionKind::ForeignPrincipal) {
        d.verdict = CreditVerdict::CannotLink;
        d.advice = QStringLiteral(
            "This session uses your own organization's account through CSP/GDAP (admin on behalf of), and Microsoft "
            "does not let such a session link a partner ID here. The transacting CSP partner earns credit for Azure "
            "usage through admin on behalf of; otherwise ask the customer to create an account for you in their "
            "directory, sign in with it and link your partner ID with it.");
        d.reasons = sessionReason;
        return d;
    }
    if (session.kind == SessionKind::Lighthouse) {
        d.verdict = CreditVerdict::LinkInHomeTenant;
        d.advice = QStringLiteral(
            "This directory reaches you through Azure Lighthouse: link your partner ID once, in your own "
            "organization's directory, with an identity that holds a permanent (not just-in-time) authorization with "
            "a role that earns partner earned credit. No link is needed here.");
        d.reasons = sessionReason;
        return d;
    }
    d.reasons = sessionReason;
    // 2. the link
    switch (link.state) {
    case LinkFactState::NotLinked:
        d.verdict = CreditVerdict::NotLinked;
        d.advice = QStringLiteral("Nothing is linked here for this identity: link your partner ID in this directory, "
                                  "then check its roles.");
        return d;
    case LinkFactState::LinkedToOther:
        d.verdict = CreditVerdict::LinkedToOther;
        d.advice = link.myPartnerId.isEmpty()
                       ? QStringLiteral("This identity is linked to partner ID %1, not yours: change the link to your "
                                        "partner ID.")
                             .arg(link.partnerId)
                       : QStringLiteral("This identity is linked to partner ID %1, not yours (%2): change the link to "
                                        "%2.")
                             .arg(link.partnerId, link.myPartnerId);
        return d;
    case LinkFactState::Failed:
        d.verdict = CreditVerdict::CannotTell;
        d.advice = QStringLiteral("PAL Desk could not read the link here (%1), so it cannot tell whether it earns "
                                  "credit. Check again in a moment.")
                       .arg(link.error.isEmpty() ? QStringLiteral("no reason given") : link.error);
        d.reasons.append(QStringLiteral("Link: could not be read."));
        return d;
    case LinkFactState::Linked:
        break;
    }
    d.reasons.append(QStringLiteral("Link: partner ID %1.").arg(link.partnerId));
    // 3. the roles
    CreditDecision r = rolesVerdict(roles);
    r.reasons = d.reasons;
    r.reasons.append(QStringLiteral("Roles: %1, %2 assignment(s) on %3 subscription(s).")
                         .arg(rolesStateName(roles.state))
                         .arg(roles.assignments.size())
                         .arg(roles.subscriptionCount));
    for (const RolesProblem &p : roles.problems)
        r.reasons.append(QStringLiteral("%1: %2").arg(p.what, p.error.userMessage()));
    return r;
}

QJsonObject PartnerCheck::toJson() const
{
    const auto orNull = [](const QString &s) { return s.isEmpty() ? QJsonValue() : QJsonValue(s); };
    return QJsonObject{{QStringLiteral("directory"), QJsonObject{{QStringLiteral("tenantId"), tenantId},
                                                                 {QStringLiteral("displayName"), orNull(displayName)}}},
                       {QStringLiteral("identity"), QJsonObject{{QStringLiteral("objectId"), orNull(objectId)},
                                                                {QStringLiteral("username"), orNull(username)}}},
                       {QStringLiteral("session"), sessionKindName(session.kind)},
                       {QStringLiteral("link"), QJsonObject{{QStringLiteral("state"), linkFactStateName(link.state)},
                                                            {QStringLiteral("partnerId"), orNull(link.partnerId)}}},
                       {QStringLiteral("roles"), roles.toJson()},
                       {QStringLiteral("verdict"), creditVerdictName(decision.verdict)},
                       {QStringLiteral("advice"), decision.advice}};
}

} // namespace pal
