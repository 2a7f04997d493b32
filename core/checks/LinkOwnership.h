#pragma once
// LinkOwnership: is the link in a directory the signed-in identity's own? A link belongs to the
// caller's tenant id and object id (ManagementPartner keeps both); PAL Desk compares them with the
// identity the directory's token names. This is the finding of the "identity" check
// (IdentityCheck) and what the validation view shows under the answer; of() is the one place that
// decides it.

#include "CheckResult.h"
#include "LinkState.h"

#include <optional>

namespace pal {

// The signed-in principal as one directory knows it (from the token acquired for it).
struct DirectoryIdentity
{
    QString tenantId;
    QString objectId;
};

struct LinkOwnership final : CheckFinding
{
    enum class Owner {
        Yours,          // the link's directory and object id are the identity's (or the link names none)
        OtherDirectory, // the link names another directory than the identity's
        OtherObject,    // the link names another object id than the identity's here
        NotLinked,      // nothing linked (or the link was not read): nothing to compare
        CannotTell,     // linked, but the identity here is not known
    };
    Owner owner = Owner::NotLinked;
    bool linkedToOther = false; // the link is the identity's, the partner ID is not the expected one
    QString partnerId;
    QString linkTenantId;
    QString linkObjectId;
    QString myTenantId;
    QString myObjectId;

    static LinkOwnership of(const LinkState &state, const std::optional<DirectoryIdentity> &me);
    static QString ownerName(Owner owner); // "yours", "other directory", "other object", "not linked", "cannot tell"
    bool isYours() const { return owner == Owner::Yours; }
    QString stateName() const override { return ownerName(owner); }
    QJsonObject toJson() const override;
};

} // namespace pal
