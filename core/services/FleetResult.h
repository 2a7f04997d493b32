#pragma once
// What a fleet run works on and finds. A FleetTarget is one row to check: a directory, the account
// (and its client) that reaches it, and the partner ID expected there. A FleetResult is its answer.
// Rows are (account × directory) so that several accounts' directories fit one run; the fields an
// inventory adds (notes, attribution) belong here too.

#include "Directory.h"
#include "LinkState.h"

#include <QList>
#include <QMetaType>
#include <QString>

namespace pal {

class ManagementPartnerClient;

struct FleetTarget
{
    Directory directory;
    QString accountId;                         // the account that reaches it (empty: the only one)
    QString expectedPartnerId;                 // empty: any link is fine
    ManagementPartnerClient *client = nullptr; // that account's; not owned
};

struct [[nodiscard]] FleetResult
{
    Directory directory;
    QString accountId;
    LinkState state; // never Unknown or Checking once delivered
    qint64 elapsedMs = 0;
};

// How a run's results add up. Every result counts once: linked + linkedToOther + notLinked +
// signInNeeded + failed + cancelled == done.
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

    static FleetSummary of(const QList<FleetResult> &results, int total);
    void add(const FleetResult &result);
    bool isComplete() const { return done == total; }
    // Not linked as expected: not linked, or linked to another ID.
    int missing() const { return notLinked + linkedToOther; }
};

} // namespace pal

Q_DECLARE_METATYPE(pal::FleetResult)
Q_DECLARE_METATYPE(pal::FleetSummary)
