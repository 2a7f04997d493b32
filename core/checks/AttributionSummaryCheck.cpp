#include "AttributionSummaryCheck.h"

#include "AccountServices.h"
#include "AttributionCheck.h"
#include "AttributionFacts.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <memory>

namespace pal {

QJsonObject AttributionFinding::toJson() const
{
    QJsonArray products;
    for (const ProductAttribution &p : report.products)
        products.append(QJsonObject{{QStringLiteral("product"), attribution::product(p.product).name},
                                    {QStringLiteral("state"), ProductAttribution::stateName(p.state)},
                                    {QStringLiteral("verdict"), ProductAttribution::verdictName(p.verdict())}});
    return QJsonObject{{QStringLiteral("summary"), stateName()}, {QStringLiteral("products"), products}};
}

QStringList AttributionFinding::productLines() const
{
    QStringList lines;
    for (const ProductAttribution &p : report.products)
        lines << QStringLiteral("%1: %2").arg(attribution::product(p.product).name, p.verdictText());
    return lines;
}

QString AttributionSummaryCheck::description() const
{
    return QStringLiteral("Whether the apps, flows and datasets here are credited to the identity (attribution).");
}

AttributionIdentity AttributionSummaryCheck::identityOf(const Account &account)
{
    AttributionIdentity identity;
    identity.username = account.username;
    identity.servicePrincipal = account.isServicePrincipal();
    identity.clientId = account.clientId;
    identity.objectId = account.objectId;
    return identity;
}

CallHandle AttributionSummaryCheck::run(const CheckSubject &subject, AccountServices *services, QObject *context,
                                        Completion<CheckResult> done)
{
    AttributionCheck *reader = services ? services->attribution() : nullptr;
    if (!reader) {
        AzureError e = AzureError::make(AzureError::Kind::InvalidInput,
                                        services ? QStringLiteral("Attribution cannot be read without a signed-in "
                                                                  "account's tokens.")
                                                 : QStringLiteral("No account reaches this directory."));
        e.tenantId = subject.directory.tenantId;
        done(e);
        return {};
    }
    auto clock = std::make_shared<QElapsedTimer>();
    clock->start();
    return reader->run(
        subject.directory.tenantId, subject.directory.displayName, identityOf(subject.account), context,
        [clock, done = std::move(done)](const Expected<AttributionReport> &report) {
            if (!report)
                return done(report.error());
            done(CheckResult::of(checkName(), std::make_shared<AttributionFinding>(report.value()), clock->elapsed()));
        });
}

} // namespace pal
