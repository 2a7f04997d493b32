#include "LinkCheck.h"

#include "AccountServices.h"
#include "PartnerLinks.h"

#include <QElapsedTimer>
#include <memory>

namespace pal {

QString LinkCheck::description() const
{
    return QStringLiteral("Whether a partner ID is linked to the identity here, and whether it is the expected one.");
}

CallHandle LinkCheck::run(const CheckSubject &subject, AccountServices *services, QObject *context,
                          Completion<CheckResult> done)
{
    if (!services) {
        AzureError e =
            AzureError::make(AzureError::Kind::InvalidInput, QStringLiteral("No account reaches this directory."));
        e.tenantId = subject.directory.tenantId;
        done(e);
        return {};
    }
    auto clock = std::make_shared<QElapsedTimer>();
    clock->start();
    return services->links().read(
        subject.directory, subject.expectedPartnerId, context, [clock, done = std::move(done)](const LinkState &state) {
            done(CheckResult::of(checkName(), std::make_shared<LinkFinding>(state), clock->elapsed()));
        });
}

} // namespace pal
