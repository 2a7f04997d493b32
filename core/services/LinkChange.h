#pragma once
// LinkChange: one attempt to create, update or remove the partner link in a directory, as
// PartnerLinks reports it: who, when, what was there before (read first), what is true after
// (written, or read again), and how it ended. Failures carry as much as successes (the link
// history records both), so an attempt completes with a LinkChange either way; `error` is set
// whenever the change was not (or may not have been) made.

#include "AzureError.h"
#include "Directory.h"
#include "LinkState.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <functional>
#include <optional>

namespace pal {

// The identity that acts: its user name (or application id) and, in the directory, its object id.
struct LinkIdentity
{
    QString username;
    QString tenantId; // the directory the identity acts in
    QString objectId; // from the link (empty when no link was seen)
};

struct [[nodiscard]] LinkChange
{
    enum class Action { Create, Update, Delete };
    enum class Outcome {
        Done,      // the change was made (or, after a lost answer, reading shows it was)
        Unchanged, // it was already so: nothing was written
        NotDone,   // refused, or failed and reading shows it was not made
        MayBeDone, // the answer was lost and the link could not be read: it may have been made
    };

    Action action = Action::Create;
    Directory directory;
    QString partnerId; // the one asked for (create, update) or to remove (delete)
    LinkIdentity who;
    QDateTime when; // UTC, when the outcome was known
    LinkState before;
    LinkState after;
    Outcome outcome = Outcome::NotDone;
    std::optional<AzureError> error; // NotDone, MayBeDone
    bool writeSent = false;          // a PUT, PATCH or DELETE was sent
    bool readAgain = false;          // the outcome comes from reading after the write's answer

    bool succeeded() const { return outcome == Outcome::Done || outcome == Outcome::Unchanged; }
    // "create", "update", "delete": the history's and logs' names.
    static QString actionName(Action action);
    QString actionName() const { return actionName(action); }
};

using LinkChangeDone = std::function<void(const LinkChange &)>;
using LinkStateDone = std::function<void(const LinkState &)>;

} // namespace pal

Q_DECLARE_METATYPE(pal::LinkChange)
Q_DECLARE_METATYPE(pal::LinkState)
