#include "IdentityCheck.h"

#include "AccessTokenProvider.h"
#include "AccountServices.h"
#include "CheckRun.h"
#include "LinkOwnership.h"
#include "PartnerLinks.h"

#include <QElapsedTimer>
#include <QPointer>
#include <memory>

namespace pal {

QString IdentityCheck::description() const
{
    return QStringLiteral("Whether the link's directory and object ID are the signed-in identity's.");
}

CallHandle IdentityCheck::run(const CheckSubject &subject, AccountServices *services, QObject *context,
                              Completion<CheckResult> done)
{
    if (!services || !services->tokens()) {
        AzureError e = AzureError::make(AzureError::Kind::InvalidInput,
                                        QStringLiteral("No signed-in account reaches this directory."));
        e.tenantId = subject.directory.tenantId;
        done(e);
        return {};
    }
    struct State
    {
        Completion<CheckResult> done;
        QElapsedTimer clock;
        bool finished = false;
        void finish(const Expected<CheckResult> &r)
        {
            if (!std::exchange(finished, true))
                done(r);
        }
    };
    auto state = std::make_shared<State>();
    state->done = std::move(done);
    state->clock.start();
    const QString tenantId = subject.directory.tenantId;
    // A token request cannot be cancelled: cancel() ends the check at once, its answer is dropped.
    QPointer<CheckCall> call = new CheckCall(context, [state, tenantId] {
        AzureError e = AzureError::make(AzureError::Kind::Cancelled, QStringLiteral("Cancelled."));
        e.tenantId = tenantId;
        state->finish(e);
    });
    TokenRequest request;
    request.tenantId = tenantId;
    services->tokens()->requestToken(
        request, call, [state, call, services, subject](const Expected<AccessToken> &token) {
            if (state->finished || !call) {
                if (call)
                    call->finish(); // cancelled meanwhile: already answered
                return;
            }
            if (!token) {
                call->finish();
                return state->finish(CheckResult::failed(checkName(), token.error(), state->clock.elapsed()));
            }
            const DirectoryIdentity me{token->tenantId.isEmpty() ? subject.directory.tenantId : token->tenantId,
                                       token->objectId};
            call->setCurrent(services->links().read(
                subject.directory, subject.expectedPartnerId, call, [state, call, me](const LinkState &link) {
                    if (call)
                        call->finish();
                    if (link.kind == LinkState::Kind::Failed && link.error)
                        return state->finish(CheckResult::failed(checkName(), *link.error, state->clock.elapsed()));
                    state->finish(CheckResult::of(checkName(),
                                                  std::make_shared<LinkOwnership>(LinkOwnership::of(link, me)),
                                                  state->clock.elapsed()));
                }));
        });
    return CallHandle(call.data());
}

} // namespace pal
