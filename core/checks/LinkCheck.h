#pragma once
// LinkCheck ("link"): is a partner ID linked to the identity in this directory, and is it the one
// expected there? Reads through the account's PartnerLinks (the one read policy), so the fleet and
// the views never read around it. Its finding, LinkFinding, is the LinkState: linked (to the
// expected ID), linked to another ID, not linked, or failed (sign-in needed included); a failed
// read is a finding too, never an error of the check.

#include "DirectoryCheck.h"
#include "LinkState.h"

namespace pal {

struct LinkFinding final : CheckFinding
{
    LinkState state;

    explicit LinkFinding(LinkState s)
        : state(std::move(s))
    {}
    QString stateName() const override { return state.name(); }
    QJsonObject toJson() const override { return state.toJson(); }
    bool needsSignIn() const override { return state.needsSignIn(); }
};

class LinkCheck final : public DirectoryCheck
{
public:
    static QString checkName() { return QStringLiteral("link"); }
    QString name() const override { return checkName(); }
    QString description() const override;
    CallHandle run(const CheckSubject &subject, AccountServices *services, QObject *context,
                   Completion<CheckResult> done) override;
};

} // namespace pal
