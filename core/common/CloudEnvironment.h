#pragma once
// CloudEnvironment: where a cloud's Entra ID (login) and Azure Resource Manager live.
// The three Microsoft clouds are built in; custom clouds (Azure Stack, a sandbox, a test double)
// come from JSON. Plain http:// is accepted only for loopback hosts.

#include "AzureError.h"
#include "Expected.h"

#include <QList>
#include <QString>
#include <QUrl>
#include <optional>

class QJsonObject;

namespace pal {

struct CloudEnvironment
{
    QString name;                 // "AzureCloud", "AzureChinaCloud", "AzureUSGovernment", or a custom name
    QUrl loginEndpoint;           // e.g. https://login.microsoftonline.com
    QUrl resourceManagerEndpoint; // e.g. https://management.azure.com
    QString armScope;             // e.g. https://management.azure.com/.default
    QUrl portalUrl;               // e.g. https://portal.azure.com (may be empty for custom clouds)
    bool builtIn = false;

    static CloudEnvironment azureCloud();
    static CloudEnvironment azureChinaCloud();
    static CloudEnvironment azureUSGovernment();
    static QList<CloudEnvironment> builtInClouds();
    static std::optional<CloudEnvironment> findBuiltIn(const QString &name); // case-insensitive

    // Validates and builds a cloud from fields; the error names the field and the problem.
    static Expected<CloudEnvironment> create(const QString &name, const QString &loginEndpoint,
                                             const QString &resourceManagerEndpoint, const QString &armScope = {},
                                             const QString &portalUrl = {});
    // {"name","loginEndpoint","resourceManagerEndpoint","armScope"?,"portalUrl"?}
    static Expected<CloudEnvironment> fromJson(const QJsonObject &object);
    // A file holding one cloud object, or an array of them; errors name the file, position and problem.
    static Expected<QList<CloudEnvironment>> loadFile(const QString &path);
    QJsonObject toJson() const;

    // The authority for a tenant: {loginEndpoint}/{tenant}
    QUrl authority(const QString &tenant) const;
    QString loginHost() const { return loginEndpoint.host(); }
    // https://… only, except http:// on a loopback host (127.0.0.0/8, ::1, localhost).
    static bool isAcceptableEndpoint(const QUrl &url, QString *why);
    // True when `scope` ("{resource}/.default" or "{resource}/{permission}") names the resource
    // of the ARM endpoint: the endpoint itself (trailing slashes aside), or the ARM resource Entra
    // knows for that endpoint (https://management.core.windows.net/ for management.azure.com, and
    // the China and US Government equivalents). Anything else would mint ARM tokens for another
    // host; `why` then says what the scope must be.
    static bool isArmScopeFor(const QUrl &resourceManagerEndpoint, const QString &scope, QString *why);
};

bool isLoopbackHost(const QString &host);

} // namespace pal
