#pragma once
// Account: a signed-in identity, user or service principal. Only non-secret metadata; the
// credentials live in the SecretStore. Keyed as MSAL keys accounts: "{oid}.{tid}".

#include <QJsonObject>
#include <QString>

namespace pal {

enum class SignInKind {
    Browser,           // authorization code + PKCE, loopback redirect
    DeviceCode,        // RFC 8628
    ClientSecret,      // service principal, client credentials with a secret
    ClientCertificate, // service principal, client assertion signed with a certificate
};

QString signInKindName(SignInKind kind); // "browser", "device-code", "client-secret", "client-certificate"

struct Account
{
    QString id;              // "{oid}.{tid}" (MSAL home_account_id); service principals: "{clientId}.{tid}"
    QString username;        // preferred_username / upn; a service principal's client id
    QString homeTenantId;    // utid / the tenant signed in to
    QString objectId;        // oid (service principal: from the access token)
    QString clientId;        // the app that signed in
    QString cloudName;       // CloudEnvironment::name
    QString authorityTenant; // the tenant segment signed in with: "organizations", a GUID, ...
    SignInKind kind = SignInKind::Browser;
    QString certificatePath;     // ClientCertificate: where the certificate file lives (not secret)
    QJsonObject cloudDefinition; // CloudEnvironment::toJson() of a custom cloud (empty for built-in clouds)
    // Which sign-in this is: set when the account is signed in while it was not (kept when it signs
    // in again). A process whose copy names another sign-in, or finds the account gone from
    // accounts.json, holds a signed-out account and writes nothing of it back.
    QString signInId;
    // How many times the account was signed in interactively here (each sign-in adds one). A
    // process whose copy counts fewer holds refresh tokens older than the latest sign-in: the
    // stored one wins over them (README "Several processes", an MFA sign-in is kept).
    int signIns = 0;
    bool remembered = true; // false: this process only (never in accounts.json, tokens in memory)

    bool isServicePrincipal() const
    {
        return kind == SignInKind::ClientSecret || kind == SignInKind::ClientCertificate;
    }
    // palctl's shape: {"id","username","tenantId","kind"}
    QJsonObject toJson() const;
    // The full metadata kept in accounts.json.
    QJsonObject toStorage() const;
    static Account fromStorage(const QJsonObject &object);
};

} // namespace pal
