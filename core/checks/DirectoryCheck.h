#pragma once
// DirectoryCheck: one question PAL Desk asks about one directory ("is my partner ID linked?", "is
// the link my identity's?", "is Power Platform work credited to me?"), asked the same way by the
// validation view, the fleet run, the watch and palctl. A check takes the subject (the account, the
// directory, the partner ID expected there) and that account's services (AccountServices: its ARM
// session, link policy, attribution reader) and completes exactly once through `done` with a
// CheckResult whose finding is the check's own type; the Expected's error means the check could not
// be asked at all (no services, cancelled). Checks keep no state between runs: one instance, held
// by the CheckRegistry, runs for every directory, several at once.

#include "Account.h"
#include "CallHandle.h"
#include "CheckResult.h"
#include "Directory.h"
#include "Expected.h"

#include <QObject>
#include <QString>

namespace pal {

class AccountServices;

// What a check is asked about.
struct CheckSubject
{
    Directory directory;
    Account account;           // the identity that asks; its id and user name at least
    QString expectedPartnerId; // empty: any link is fine
};

class DirectoryCheck
{
public:
    virtual ~DirectoryCheck() = default;
    // The registered name scripts use (`--checks link,attribution`): lower case, no spaces.
    virtual QString name() const = 0;
    // What it answers, in a sentence for people (palctl's help).
    virtual QString description() const = 0;
    // `services` null: completes with InvalidInput ("no account reaches this directory"), at once.
    virtual CallHandle run(const CheckSubject &subject, AccountServices *services, QObject *context,
                           Completion<CheckResult> done) = 0;
};

} // namespace pal
