#pragma once
// AuthorityMetadata: a cloud's OpenID metadata, fetched once per login endpoint (the "cloud
// authority") and reused for every directory: a directory's token endpoint follows from the
// discovered one by putting the directory in its tenant segment, as MSAL's instance discovery
// gives one set of endpoints per authority host. Requests made while the document is on its way
// share that one fetch; a failed fetch is not kept (the next request tries again). Shared by the
// token providers of all accounts (owned by AccountManager).

#include "CloudEnvironment.h"
#include "Expected.h"
#include "OidcDiscovery.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QUrl>

class QNetworkAccessManager;

namespace pal {

class AuthorityMetadata final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuthorityMetadata)
public:
    AuthorityMetadata(QNetworkAccessManager *network, QObject *parent = nullptr);

    // The token endpoint for `tenant` in `cloud`. `discoveryTenant` is the tenant segment the
    // document is fetched for, the first time (a user's "organizations", a service principal's own directory).
    void tokenEndpoint(const CloudEnvironment &cloud, const QString &discoveryTenant, const QString &tenant,
                       QObject *context, Completion<QUrl> done);

    // `config.tokenEndpoint` with its tenant segment replaced by `tenant`; nullopt when the
    // endpoint has no tenant segment to replace (then the directory is discovered on its own).
    static std::optional<QUrl> forTenant(const OidcConfiguration &config, const QString &discoveredTenant,
                                         const QString &tenant);

private:
    struct Waiter
    {
        QPointer<QObject> context;
        Completion<OidcConfiguration> done;
    };
    void configuration(const CloudEnvironment &cloud, const QString &tenant, QObject *context,
                       Completion<OidcConfiguration> done);

    QNetworkAccessManager *m_network;
    struct Known
    {
        OidcConfiguration config;
        QString tenant; // what it was discovered for
    };
    QHash<QString, Known> m_byAuthority;      // login endpoint -> its document
    QHash<QString, QList<Waiter>> m_inFlight; // key -> callers waiting for the same fetch
};

} // namespace pal
