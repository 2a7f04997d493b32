#pragma once
// RolesGatherer: reads, for one identity in one directory, what the roles check and the session
// kind need, and completes once with RolesFindings:
// - the directory's token (its `oid`), unless the caller names the object id;
// - GET /subscriptions with the directory's token, then per subscription (at most `maxConcurrent`
//   reads at once) the identity's role assignments (assignedTo, groups included) and, where the
//   subscription is managed through Lighthouse by this directory, its registration assignments;
// - the identity's PIM eligibilities once (tenant-wide);
// - the role definitions it cannot name from Partner Center's list, once per run (RolesRunCache);
// - from another directory, the home directory's subscriptions (shared per run): the Lighthouse
//   signal of SessionKind.
// It never fails as a whole: what could not be read is in the findings (a token error, a home
// read error, RolesResult's problems and state). Only cancel() ends it with Cancelled.
// Independent of the checks registry: a check wraps it (run it, then classifySession and
// decideCredit). One gatherer serves many runs at once; it owns nothing it was given.

#include "AccessTokenProvider.h"
#include "ArmPipeline.h"
#include "AuthorizationClient.h"
#include "EligibleRoles.h"
#include "LighthouseClient.h"
#include "RolesResult.h"
#include "RolesRunCache.h"
#include "SubscriptionsClient.h"

#include <optional>

namespace pal {

struct RolesRequest
{
    QString tenantId;     // the directory checked
    QString objectId;     // the identity's object id there; empty: learnt from the directory's token
    QString homeTenantId; // the account's home directory (client_info utid); empty: no Lighthouse signal
};

struct RolesFindings
{
    QString objectId;                     // whose roles were read (the token's oid)
    std::optional<AzureError> tokenError; // no token for the directory: no roles were read
    // Does a subscription read with the home directory's token carry this directory's tenantId and
    // list the home directory in managedByTenants? nullopt: not read (the home directory itself, no
    // home directory named, or the read failed: homeReadError).
    std::optional<bool> projectedToHome;
    std::optional<AzureError> homeReadError;
    QList<Subscription> subscriptions; // what /subscriptions listed with the directory's token (names for scopes)
    RolesResult roles;
};

class RolesGatherer
{
public:
    static constexpr int DefaultConcurrency = 4;

    // `tokens` may be null when every request names its object id.
    RolesGatherer(ArmPipeline *pipeline, AccessTokenProvider *tokens, RolesRunCache *cache,
                  EligibleRoles eligible = EligibleRoles::published(), int maxConcurrent = DefaultConcurrency);

    CallHandle run(const RolesRequest &request, QObject *context, Completion<RolesFindings> done);

    const EligibleRoles &eligibleRoles() const { return m_eligible; }

private:
    friend class RolesRun;
    ArmPipeline *m_pipeline;
    AccessTokenProvider *m_tokens;
    RolesRunCache *m_cache;
    EligibleRoles m_eligible;
    int m_maxConcurrent;
    SubscriptionsClient m_subscriptions;
    AuthorizationClient m_authorization;
    LighthouseClient m_lighthouse;
};

} // namespace pal
