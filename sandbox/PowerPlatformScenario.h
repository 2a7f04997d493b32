#pragma once
// PowerPlatformWorld: the Power Platform and Power BI part of a sandbox scenario ("powerPlatform"
// in the JSON; see sandbox/README.md): environments, canvas apps with their owner, co-owners and
// viewers, cloud flows with their creator, Power BI workspaces with members and datasets with the
// user who published them (configuredBy), and consent refusals for the three token audiences.
// Principals are resolved to object ids per directory when the scenario is read.

#include <QJsonValue>
#include <QList>
#include <QString>

namespace palsandbox {

struct Scenario;

struct PpPrincipal
{
    QString objectId;
    QString displayName;
    QString username;                      // user principal name, or a service principal's client id
    QString type = QStringLiteral("User"); // "User", "Group" or "ServicePrincipal"
};

struct PpEnvironment
{
    QString tenantId;
    QString name; // e.g. Default-<tenant id>
    QString displayName;
    QString sku = QStringLiteral("Production");
    bool isDefault = false;
};

struct PpApp
{
    QString tenantId;
    QString environment; // PpEnvironment::name
    QString name;        // the app's id (a GUID)
    QString displayName;
    PpPrincipal owner;
    QList<PpPrincipal> coOwners; // CanEdit
    QList<PpPrincipal> viewers;  // CanView
    QString lastModified;        // ISO 8601
};

struct PpFlow
{
    QString tenantId;
    QString environment;
    QString name; // the flow's id (a GUID)
    QString displayName;
    PpPrincipal creator;
    QList<PpPrincipal> coOwners;
    bool solution = false; // a solution flow: listed only with include=includeSolutionCloudFlows
    QString lastModified;
};

struct PbiWorkspace
{
    QString tenantId;
    QString id; // a GUID
    QString name;
    QList<PpPrincipal> members;
};

struct PbiDataset
{
    QString tenantId;
    QString workspaceId; // empty: in `myWorkspaceOf`'s My workspace
    PpPrincipal myWorkspaceOf;
    QString id;
    QString name;
    QString configuredBy; // the publisher's user name, as Power BI reports it
    QString createdDate;
};

struct ConsentRefusal
{
    QString audience; // e.g. https://analysis.windows.net/powerbi/api (with or without the trailing '/')
    QString clientId; // empty: every client
    QString tenantId; // empty: every directory
    int code = 65001; // 65001 (consent missing) or 65002 (first-party client not pre-authorised)
};

struct PowerPlatformWorld
{
    int pageSize = 2;
    QList<PpEnvironment> environments;
    QList<PpApp> apps;
    QList<PpFlow> flows;
    QList<PbiWorkspace> workspaces;
    QList<PbiDataset> datasets;
    QList<ConsentRefusal> consent;

    // Reads "powerPlatform" (absent: an empty world). On error: the JSON path of the first problem
    // (e.g. "$.powerPlatform.apps[2].owner") and the problem.
    static bool parse(const QJsonValue &value, const Scenario &scenario, PowerPlatformWorld *out, QString *path,
                      QString *problem);
};

} // namespace palsandbox
