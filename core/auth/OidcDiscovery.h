#pragma once
// OidcDiscovery: finds a directory's endpoints from `{authority}/v2.0/.well-known/openid-configuration`
// (Entra's URL shape; works for organizations, common, a tenant GUID or a verified domain, in any
// cloud). The tenant is validated before anything is sent.

#include "CloudEnvironment.h"
#include "Expected.h"

#include <QByteArray>
#include <QString>
#include <QUrl>
#include <chrono>

class QNetworkAccessManager;
class QNetworkReply;
class QObject;

namespace pal {

struct OidcConfiguration
{
    QUrl authority; // {login}/{tenant}
    QUrl authorizationEndpoint;
    QUrl tokenEndpoint;
    QUrl deviceAuthorizationEndpoint; // may be empty: only the device-code flow needs it
    QString issuer;
};

// "organizations", "common", "consumers", a GUID (braces dropped), or a DNS domain; trimmed and lower-cased.
// Anything else is InvalidInput naming the value.
Expected<QString> normalizeTenant(const QString &tenant);

class OidcDiscovery
{
public:
    static QUrl documentUrl(const CloudEnvironment &cloud, const QString &tenant);
    // Validates a discovery document: authorization and token endpoints present, every endpoint
    // https:// (or http:// on loopback) and on the authority's own login host (same scheme, host
    // and port), so a document cannot send a code, verifier or secret to another host.
    static Expected<OidcConfiguration> parse(const QByteArray &json, const QUrl &authority, const QUrl &documentUrl);
    static QNetworkReply *fetch(QNetworkAccessManager *network, const CloudEnvironment &cloud, const QString &tenant,
                                QObject *context, Completion<OidcConfiguration> done,
                                std::chrono::milliseconds timeout = std::chrono::seconds(30));
};

} // namespace pal
