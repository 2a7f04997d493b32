#pragma once
// LinkState: what is known about the partner link of the signed-in identity in one directory. The
// one answer the validation view, the directory switcher, the fleet view and palctl all show:
// linked to the expected partner ID, linked to another one, not linked, could not tell (with the
// error, "sign-in needed" among them), or not known yet / being read.
//
// "Expected" is the partner ID the caller compares with (the fleet view's field, palctl's
// --partner-id; next, "my partner ID" or an inventory row). Without one, every link is Linked.

#include "AzureError.h"
#include "Expected.h"
#include "PartnerLink.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace pal {

struct [[nodiscard]] LinkState
{
    enum class Kind {
        Unknown,       // not read yet
        Checking,      // a read is on its way (`link` keeps what was known before)
        Linked,        // linked to the expected partner ID, or to any when none is expected
        LinkedToOther, // linked, but not to `expectedPartnerId`
        NotLinked,     // no partner ID is linked for this identity here
        Failed,        // could not tell: `error` says why (needsSignIn() for MFA, consent, ...)
    };

    Kind kind = Kind::Unknown;
    std::optional<PartnerLink> link; // Linked, LinkedToOther
    std::optional<AzureError> error; // Failed
    QString expectedPartnerId;       // what `link` was compared with; empty: nothing expected
    QDateTime checkedAt;             // UTC, when the answer arrived

    // A read's answer: the link, NotFound (nothing linked) or any other error.
    static LinkState fromRead(const Expected<PartnerLink> &read, const QString &expectedPartnerId, const QDateTime &at);
    static LinkState linked(const PartnerLink &link, const QString &expectedPartnerId, const QDateTime &at);
    static LinkState notLinked(const QDateTime &at);
    static LinkState failed(const AzureError &error, const QDateTime &at);
    // This state while it is read again.
    LinkState checking() const;
    // The same answer compared with another expected partner ID.
    LinkState comparedWith(const QString &expectedPartnerId) const;

    bool isLinked() const { return kind == Kind::Linked || kind == Kind::LinkedToOther; }
    // Linked, LinkedToOther or NotLinked: the service answered.
    bool isAnswered() const { return isLinked() || kind == Kind::NotLinked; }
    bool isPending() const { return kind == Kind::Unknown || kind == Kind::Checking; }
    bool needsSignIn() const;
    // Linked and (nothing expected or the expected ID): what verify-all calls matchesExpected.
    bool matchesExpected() const { return kind == Kind::Linked; }
    QString partnerId() const { return isLinked() && link ? link->partnerId : QString(); }

    // The stable names palctl prints (linkState, outcome) and the reports carry: "linked",
    // "not linked", "sign-in needed", "error", "unchecked", "checking". Both linked kinds are
    // "linked" (scripts relied on it); matchesExpected tells them apart.
    QString name() const;
    static QString name(Kind kind);
    // A short phrase for people: "Linked to 1234567", "Linked to 7654321, not 1234567",
    // "Not linked", "Sign-in needed", "Error: forbidden", "Checking…", "".
    QString summary() const;
    // The fields every palctl record and report shares: {"linkState","partnerId","partnerName"}
    // (null when not linked), plus {"expectedPartnerId","matchesExpected"} when an ID was expected.
    QJsonObject toJson() const;
};

} // namespace pal
