#pragma once
// CreditVerdict: the one plain answer per directory to "does the link earn the credit?", decided
// (a pure function) from the session, the link and the roles, in this order:
// 1. the session: `cannotLink` (a foreign principal: CSP/GDAP), `linkInHomeTenant` (Lighthouse);
// 2. the link: `notLinked`, `linkedToOther` (my partner ID set and another linked); a link that
//    could not be read is `cannotTell`;
// 3. the roles: `earnsCredit` when an active (or permanent Lighthouse) assignment holds an eligible
//    role; else `cannotTell` when a read failed or answered 403; else `eligibleOnly` when an
//    eligible role is only PIM-eligible or just-in-time; else `cannotTell` when the only roles left
//    are ones PAL Desk cannot judge (custom roles, Lighthouse grants to a possible group); else
//    `noEligibleRole` (roles read, none eligible, or no subscriptions).
// The advice says what to do; it says "nothing to do" only for `earnsCredit`. Power Platform
// credit is ownership (attribution), not roles: it is its own line, never part of this verdict.
// PartnerCheck is the whole answer, with palctl's `partner check` JSON.

#include "RolesResult.h"
#include "SessionKind.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace pal {

enum class CreditVerdict {
    EarnsCredit,
    CannotLink,
    LinkInHomeTenant,
    NotLinked,
    LinkedToOther,
    CannotTell,
    EligibleOnly,
    NoEligibleRole
};
// "earnsCredit" | "cannotLink" | "linkInHomeTenant" | "notLinked" | "linkedToOther" | "cannotTell" |
// "eligibleOnly" | "noEligibleRole"
QString creditVerdictName(CreditVerdict verdict);

enum class LinkFactState { Linked, LinkedToOther, NotLinked, Failed };
QString linkFactStateName(LinkFactState state); // "linked" | "linkedToOther" | "notLinked" | "failed"

// What the link check found (the checks registry supplies it).
struct LinkFact
{
    LinkFactState state = LinkFactState::Failed;
    QString partnerId;   // the linked partner ID, when one is linked
    QString myPartnerId; // the user's own partner ID, when set
    QString error;       // why the link could not be read (Failed)
};

struct CreditDecision
{
    CreditVerdict verdict = CreditVerdict::CannotTell;
    QString advice;      // what to do, one or two sentences
    QStringList reasons; // the facts behind it, for the details
};

CreditDecision decideCredit(const SessionAssessment &session, const LinkFact &link, const RolesResult &roles);

struct PartnerCheck
{
    QString tenantId;
    QString displayName;
    QString objectId;
    QString username;
    SessionAssessment session;
    LinkFact link;
    RolesResult roles;
    CreditDecision decision;

    // {"directory":{"tenantId","displayName"},"identity":{"objectId","username"},"session",
    //  "link":{"state","partnerId"},"roles":{"state","assignments":[…]},"verdict","advice"}
    QJsonObject toJson() const;
};

} // namespace pal
