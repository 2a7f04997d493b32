#include "AuthorityMetadata.h"

#include "Logging.h"
#include "TenantId.h"

#include <QTimer>

namespace pal {

namespace {

QString authorityKey(const CloudEnvironment &cloud)
{
    return cloud.loginEndpoint.toString(QUrl::StripTrailingSlash).toLower();
}

} // namespace

AuthorityMetadata::AuthorityMetadata(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_network(network)
{}

std::optional<QUrl> AuthorityMetadata::forTenant(const OidcConfiguration &config, const QString &discoveredTenant,
                                                 const QString &tenant)
{
    QStringList segments = config.tokenEndpoint.path().split(QLatin1Char('/'));
    if (segments.size() < 3 || !segments.first().isEmpty())
        return std::nullopt;
    // The tenant the document was fetched for, or the directory ID a domain resolved to.
    const QString first = segments.at(1);
    if (first.compare(discoveredTenant, Qt::CaseInsensitive) != 0 && !isTenantGuid(first))
        return std::nullopt;
    segments[1] = tenant;
    QUrl url = config.tokenEndpoint;
    url.setPath(segments.join(QLatin1Char('/')));
    return url;
}

void AuthorityMetadata::configuration(const CloudEnvironment &cloud, const QString &tenant, QObject *context,
                                      Completion<OidcConfiguration> done)
{
    const QString key = authorityKey(cloud) + QLatin1Char('|') + tenant.toLower();
    QList<Waiter> &waiting = m_inFlight[key];
    waiting.append(Waiter{context, std::move(done)});
    if (waiting.size() > 1)
        return; // the fetch is on its way
    OidcDiscovery::fetch(m_network, cloud, tenant, this, [this, key](const Expected<OidcConfiguration> &config) {
        const QList<Waiter> waiters = m_inFlight.take(key);
        for (const Waiter &w : waiters)
            if (w.context)
                QTimer::singleShot(0, w.context.data(), [config, done = w.done] { done(config); });
    });
}

void AuthorityMetadata::tokenEndpoint(const CloudEnvironment &cloud, const QString &discoveryTenant,
                                      const QString &tenant, QObject *context, Completion<QUrl> done)
{
    const QString authority = authorityKey(cloud);
    if (const auto known = m_byAuthority.constFind(authority); known != m_byAuthority.constEnd()) {
        if (const auto url = forTenant(known->config, known->tenant, tenant)) {
            const QUrl endpoint = *url;
            return QTimer::singleShot(0, context, [endpoint, done] { done(endpoint); });
        }
        // No tenant segment to put the directory in: that directory's own document.
        return configuration(cloud, tenant, context, [done](const Expected<OidcConfiguration> &config) {
            if (!config)
                return done(config.error());
            done(config->tokenEndpoint);
        });
    }
    configuration(
        cloud, discoveryTenant, context,
        [this, cloud, authority, discoveryTenant, tenant, context, done](const Expected<OidcConfiguration> &config) {
            if (!config)
                return done(config.error());
            if (!m_byAuthority.contains(authority)) {
                qCDebug(lcAuth) << "OpenID metadata of" << authority << "kept for every directory";
                m_byAuthority.insert(authority, Known{config.value(), discoveryTenant});
            }
            tokenEndpoint(cloud, discoveryTenant, tenant, context, done);
        });
}

} // namespace pal
