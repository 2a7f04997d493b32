#include "RolesGatherer.h"

#include "RolesRun.h"

#include <QTimer>

namespace pal {

RolesGatherer::RolesGatherer(ArmPipeline *pipeline, AccessTokenProvider *tokens, RolesRunCache *cache,
                             EligibleRoles eligible, int maxConcurrent)
    : m_pipeline(pipeline)
    , m_tokens(tokens)
    , m_cache(cache)
    , m_eligible(std::move(eligible))
    , m_maxConcurrent(qMax(1, maxConcurrent))
    , m_subscriptions(pipeline)
    , m_authorization(pipeline)
    , m_lighthouse(pipeline)
{}

CallHandle RolesGatherer::run(const RolesRequest &request, QObject *context, Completion<RolesFindings> done)
{
    auto *run = new RolesRun(this, request, context, std::move(done));
    // Start on the next turn so the caller holds its handle before any callback.
    QTimer::singleShot(0, run, &RolesRun::start);
    return CallHandle(run);
}

} // namespace pal
