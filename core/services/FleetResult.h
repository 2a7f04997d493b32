#pragma once
// What a fleet run works on and finds. A FleetTarget is one row to check: a directory, the account
// (and its client) that reaches it, and the partner ID expected there. A FleetResult is its answer.
// Rows are (account × directory) so that several accounts' directories fit one run. An inventory
// row adds its notes, and may name an identity that is not signed in or a directory its account
// does not reach: such a target is answered at once, without a request (FleetReach).
// FleetFinding is what a row comes to, expected vs found, the names palctl prints.

#include "CheckResult.h"
#include "Directory.h"
#include "LinkState.h"

#include <QHashFunctions>
#include <QList>
#include <QMetaType>
#include <QString>

namespace pal {

class AccountServices;
class ManagementPartnerClient;

// Whether the row could be asked at all.
enum class FleetReach {
    Checked,      // the account is signed in and reaches the directory: its link was read
    NotSignedIn,  // an inventory row's identity is not signed in here
    NotReachable, // an inventory row's identity is signed in but its directory list lacks the directory
};

struct FleetTarget
{
    Directory directory;
    QString accountId;                   // the account that reaches it (empty: the only one)
    QString expectedPartnerId;           // empty: any link is fine
    AccountServices *services = nullptr; // that account's (AccountServicesPool); not owned
    // Or only that account's client (not owned): the run wraps it in AccountServices of its own,
    // which read through the same PartnerLinks policy but have no tokens for other checks.
    ManagementPartnerClient *client = nullptr;
    QString accountName; // user name or client ID, for people (and the inventory's)
    QString notes;       // the inventory row's
    bool inInventory = false;
    FleetReach reach = FleetReach::Checked; // anything else is answered without a request
};

struct [[nodiscard]] FleetResult
{
    Directory directory;
    QString accountId;
    LinkState state; // never Checking once delivered; Unknown only when reach is not Checked
    qint64 elapsedMs = 0;
    QString accountName;
    QString notes;
    bool inInventory = false;
    FleetReach reach = FleetReach::Checked;
    // Every check the run asked (the link's first), each with its typed result; empty when the
    // row was not asked (reach is not Checked). `state` is the link check's.
    QList<CheckResult> checks;

    static FleetResult of(const FleetTarget &target, LinkState state, qint64 elapsedMs = 0);
    // The checks asked besides the link's, by name: {"attribution": CheckResult::toJson(), ...};
    // empty when only the link was checked (what reports add as "checks").
    QJsonObject otherChecksJson() const;
    // LinkState::name(), or "identity not signed in" / "directory not reachable": a report's outcome.
    QString outcome() const;
};

// Expected vs found, for one row.
enum class FleetFinding {
    LinkedAsExpected, // linked, to the expected ID (or any, with none expected)
    LinkedToOther,    // linked to another ID than expected
    NotLinked,
    NotSignedIn,  // the inventory's identity is not signed in
    NotReachable, // the identity does not reach the directory
    SignInNeeded, // the directory wants MFA, consent, ...
    Failed,       // could not be checked (errors, cancelled)
};
FleetFinding findingOf(const FleetResult &result);
// "linked as expected", "linked to another ID", "not linked", "identity not signed in",
// "directory not reachable", "sign-in needed", "error".
QString findingName(FleetFinding finding);
inline size_t qHash(FleetFinding finding, size_t seed = 0) noexcept
{
    return ::qHash(int(finding), seed);
}

// How a run's results add up. Every result counts once: linked + linkedToOther + notLinked +
// signInNeeded + failed + cancelled + notSignedIn + notReachable == done.
struct [[nodiscard]] FleetSummary
{
    int total = 0;
    int done = 0;
    int linked = 0;        // to the expected partner ID (or any, with none expected)
    int linkedToOther = 0; // to another partner ID than expected
    int notLinked = 0;
    int signInNeeded = 0; // the directory wants MFA, consent, ...: palctl login --tenant
    int failed = 0;       // could not be checked (other errors)
    int cancelled = 0;
    int notSignedIn = 0;  // inventory rows whose identity is not signed in
    int notReachable = 0; // inventory rows whose identity does not reach the directory

    static FleetSummary of(const QList<FleetResult> &results, int total);
    void add(const FleetResult &result);
    bool isComplete() const { return done == total; }
    // Not linked as expected: not linked, or linked to another ID.
    int missing() const { return notLinked + linkedToOther; }
    // Linked as expected: everything else is a problem the fleet view's filter shows.
    int problems() const { return done - linked; }
};

} // namespace pal

Q_DECLARE_METATYPE(pal::FleetResult)
Q_DECLARE_METATYPE(pal::FleetSummary)
