#pragma once
// Scenario: the world the sandbox emulates, read from JSON (see sandbox/README.md for the format):
// directories, users and their memberships, service principals and their credentials, public
// clients, known partner IDs, pre-seeded partner links, faults, token lifetimes, Power Platform and
// Azure RBAC (subscriptions, role assignments, PIM, Lighthouse).
// parse() validates everything and names the position and the problem of the first error.

#include "AzureScenario.h"
#include "PowerPlatformScenario.h"
#include "SandboxServer.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <optional>

namespace palsandbox {

struct Directory
{
    QString tenantId; // lower-case GUID
    QString displayName;
    QString defaultDomain;
    QStringList domains;
    QString tenantCategory = QStringLiteral("Home"); // as listed to members whose home it is not
    QString countryCode = QStringLiteral("US");
    bool mfaRequired = false;
};

struct User
{
    QString username; // UPN, e.g. admin@contoso-partner.example
    QString displayName;
    QString homeTenantId;
    QStringList memberOf;              // every directory the user may sign in to, the home one included
    QHash<QString, QString> objectIds; // tenantId -> object id (explicit or derived)
    bool refreshTokensRevoked = false;

    bool isMemberOf(const QString &tenantId) const { return memberOf.contains(tenantId); }
    QString objectIdIn(const QString &tenantId) const { return objectIds.value(tenantId); }
};

struct ClientSecret
{
    QString value;
    bool expired = false;
};

struct ServicePrincipal
{
    QString clientId;
    QString tenantId;
    QString objectId;
    QString displayName;
    QList<ClientSecret> secrets;
    QList<QByteArray> certificates; // PEM
};

struct LinkSeed
{
    QString tenantId;
    QString objectId;
    QString partnerId;
};

struct Scenario
{
    int tokenLifetimeSeconds = 3600;
    int refreshTokenLifetimeSeconds = 90 * 24 * 3600;
    // Entra keeps a refresh token valid after it issued a new one in its place (until it expires
    // or is revoked); true makes the sandbox stricter: a redeemed refresh token answers AADSTS70000.
    bool invalidateRotatedRefreshTokens = false;
    int authorizationCodeLifetimeSeconds = 600;
    int deviceCodeLifetimeSeconds = 900;
    int deviceCodeIntervalSeconds = 5;
    int tenantsPageSize = 50;
    QString autoApproveUser;
    QStringList publicClients; // lower-case GUIDs
    // Each public client's registered redirect URIs (default: http://localhost only, as the Azure
    // CLI's and Azure PowerShell's clients and the app registrations partners make).
    QHash<QString, QStringList> redirectUris;
    QList<Directory> directories;
    QList<User> users;
    QList<ServicePrincipal> servicePrincipals;
    QMap<QString, QString> partners; // partner ID -> partner organisation name
    QList<LinkSeed> links;
    QList<Fault> faults;
    PowerPlatformWorld powerPlatform; // environments, apps, flows, Power BI (PowerPlatformScenario.h)
    AzureWorld azure;                 // subscriptions, roles, PIM, Lighthouse (AzureScenario.h)

    // Errors read "line L, column C: problem" (syntax) or "at $.users[1].homeTenantId: problem".
    static std::optional<Scenario> parse(const QByteArray &json, QString *error);

    const Directory *directory(const QString &guidOrDomain) const; // by tenant id or any verified domain
    const User *user(const QString &username) const;               // case-insensitive
    const ServicePrincipal *servicePrincipal(const QString &clientId) const;
    bool isPublicClient(const QString &clientId) const;
    // Entra's match of a requested redirect URI against the client's registered ones: for an http
    // loopback registration (localhost, 127.0.0.1) the port is ignored but scheme, host, path and
    // query are not (so 127.0.0.1 is not localhost); otherwise the URI must be the same; a
    // registered URI without a path is the same as one with "/".
    bool acceptsRedirectUri(const QString &clientId, const QString &redirectUri) const;
    static bool redirectUriMatches(const QString &registered, const QString &requested);

    static QString derivedObjectId(const QString &principal, const QString &tenantId);
    static bool isGuid(const QString &text);
};

} // namespace palsandbox
