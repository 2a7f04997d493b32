#pragma once
// AttributionCheck: for the signed-in identity in one directory, what is credited to it and what is
// not, per product, following the article's rules (AttributionRules): canvas apps it owns or
// co-owns, flows it created, datasets it published; Customer Insights has nothing to check per
// resource. It reads, never writes.
//
// It keeps one ArmPipeline per service (ServiceTarget: the cloud's base URL and the service's
// "<audience>/.default" token scope), so paging, throttling (429 + Retry-After), timeouts and one
// token refresh on 401 behave as for ARM. Each product ends on its own: a failure of one (with its
// request id), a consent it lacks (AADSTS65001/65002: which client ID could read it), a service the
// cloud does not have, is that product's state only. A service principal is told what it can read.
//
// Life cycle: construct per (account, cloud); run() per directory, as often as wanted, several at
// once if need be (the fleet view runs it per directory). Each run completes once through `done`,
// after productChecked() for each of the four products; cancelling ends it with Cancelled.

#include "AccessTokenProvider.h"
#include "AttributionReport.h"
#include "AttributionRules.h"
#include "CallHandle.h"
#include "Clock.h"
#include "CloudEnvironment.h"
#include "RetryPolicy.h"

#include <QObject>
#include <array>
#include <memory>

class QNetworkAccessManager;

namespace pal {

class ArmPipeline;

class AttributionCheck final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AttributionCheck)
public:
    AttributionCheck(QNetworkAccessManager *network, AccessTokenProvider *tokens, CloudEnvironment cloud,
                     RetryPolicy policy = {}, const Clock *clock = nullptr, QObject *parent = nullptr);
    ~AttributionCheck() override;

    // `identity` gives the user name, whether it is a service principal and the client id; the
    // object id is the one the directory's token names (identity.objectId when the token has none).
    CallHandle run(const QString &tenantId, const QString &directoryName, const AttributionIdentity &identity,
                   QObject *context, Completion<AttributionReport> done);

    const CloudEnvironment &cloud() const { return m_cloud; }
    // The pipeline for a service; nullptr when the cloud has no endpoint for it.
    ArmPipeline *pipeline(PowerPlatformService service) const;

    // What to tell the user when Entra refuses a token for `product`'s service: consent missing
    // (AADSTS65001) or client not pre-authorised (AADSTS65002), naming a client ID that could read it.
    static QString consentAdvice(AttributedProduct product, const AzureError &error, const QString &clientId);
    // A public client Microsoft's own tools use for the product's service, and its name.
    static QPair<QString, QString> knownReader(AttributedProduct product);

Q_SIGNALS:
    void progress(const QString &tenantId, const QString &text);
    void productChecked(const QString &tenantId, const pal::ProductAttribution &result);

private:
    friend class AttributionRun;
    AccessTokenProvider *m_tokens;
    CloudEnvironment m_cloud;
    std::array<std::unique_ptr<ArmPipeline>, 4> m_pipelines;
};

} // namespace pal

Q_DECLARE_METATYPE(pal::ProductAttribution)
