#pragma once
// IdentityCheck ("identity"): is the link in this directory the signed-in identity's own? It asks
// the account's token provider for the directory's token (which names the identity's object id
// there), reads the link through PartnerLinks, and compares them (LinkOwnership::of). A token or a
// read that fails is a CheckResult::failed with that error (sign-in needed included).

#include "DirectoryCheck.h"

namespace pal {

class IdentityCheck final : public DirectoryCheck
{
public:
    static QString checkName() { return QStringLiteral("identity"); }
    QString name() const override { return checkName(); }
    QString description() const override;
    CallHandle run(const CheckSubject &subject, AccountServices *services, QObject *context,
                   Completion<CheckResult> done) override;
};

} // namespace pal
