// The Power Platform and Power BI half of the sandbox, for PAL Desk's attribution check. Each
// service has its own base path on the one sandbox host ({base}/bap, /powerapps, /flow, /powerbi),
// so a client that mixes up its base URLs is caught, and checks its own token audience:
//   GET /bap/providers/Microsoft.BusinessAppPlatform/environments?api-version=2020-10-01
//   GET /powerapps/providers/Microsoft.PowerApps/apps?api-version=2016-11-01&$filter=environment eq 'E'
//   GET /powerapps/providers/Microsoft.PowerApps/apps/{app}/permissions?api-version=2016-11-01&$filter=…
//   GET /flow/providers/Microsoft.ProcessSimple/environments/{env}/flows?api-version=2016-11-01
//       [&include=includeSolutionCloudFlows]
//   GET /powerbi/v1.0/myorg/groups, /powerbi/v1.0/myorg/groups/{id}/datasets, /powerbi/v1.0/myorg/datasets
// The Power Apps, Flow and BAP answers follow what Microsoft's admin modules read from the real
// (undocumented) endpoints; Power BI follows its REST reference. See sandbox/README.md.
#include "SandboxPrivate.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrlQuery>
#include <QUuid>

namespace palsandbox {

namespace {

enum class PpService { Bap, PowerApps, Flow, PowerBi };

struct ServiceInfo
{
    PpService service;
    QString prefix;
    QStringList audiences;
};

const QList<ServiceInfo> &services()
{
    static const QList<ServiceInfo> all{
        {PpService::Bap,
         QStringLiteral("/bap"),
         {QStringLiteral("https://service.powerapps.com/"), QStringLiteral("https://service.powerapps.com")}},
        {PpService::PowerApps,
         QStringLiteral("/powerapps"),
         {QStringLiteral("https://service.powerapps.com/"), QStringLiteral("https://service.powerapps.com")}},
        {PpService::Flow,
         QStringLiteral("/flow"),
         {QStringLiteral("https://service.flow.microsoft.com/"), QStringLiteral("https://service.flow.microsoft.com")}},
        {PpService::PowerBi,
         QStringLiteral("/powerbi"),
         {QStringLiteral("https://analysis.windows.net/powerbi/api"),
          QStringLiteral("https://analysis.windows.net/powerbi/api/")}},
    };
    return all;
}

QString param(const httplib::Request &req, const char *name)
{
    return req.has_param(name) ? QString::fromStdString(req.get_param_value(name)) : QString();
}

QString stripSlash(QString s)
{
    while (s.endsWith(QLatin1Char('/')))
        s.chop(1);
    return s;
}

bool isPrincipal(const PpPrincipal &p, const Caller &caller)
{
    return p.objectId.compare(caller.objectId, Qt::CaseInsensitive) == 0;
}

bool anyPrincipal(const QList<PpPrincipal> &list, const Caller &caller)
{
    for (const PpPrincipal &p : list)
        if (isPrincipal(p, caller))
            return true;
    return false;
}

QJsonObject userJson(const PpPrincipal &p, const QString &tenantId)
{
    QJsonObject o{{QStringLiteral("id"), p.objectId},
                  {QStringLiteral("displayName"), p.displayName},
                  {QStringLiteral("type"), p.type},
                  {QStringLiteral("tenantId"), tenantId}};
    if (!p.username.isEmpty() && p.type == QLatin1String("User")) {
        o.insert(QStringLiteral("email"), p.username);
        o.insert(QStringLiteral("userPrincipalName"), p.username);
    }
    return o;
}

Reply pbiError(int status, const QString &code, const QString &detail = {})
{
    QJsonArray details;
    if (!detail.isEmpty())
        details.append(QJsonObject{
            {QStringLiteral("code"), QStringLiteral("Reason")},
            {QStringLiteral("detail"), QJsonObject{{QStringLiteral("type"), 1}, {QStringLiteral("value"), detail}}}});
    Reply reply = Reply::json(
        status,
        QJsonObject{{QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), code},
                                                          {QStringLiteral("pbi.error"),
                                                           QJsonObject{{QStringLiteral("code"), code},
                                                                       {QStringLiteral("parameters"), QJsonObject{}},
                                                                       {QStringLiteral("details"), details},
                                                                       {QStringLiteral("exceptionCulprit"), 1}}}}}});
    // Power BI names its request id RequestId (no x-ms-request-id).
    reply.headers.emplace_back("RequestId", QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString());
    return reply;
}

// "environment eq 'NAME'" (what the Power Apps modules send); nullopt for any other filter.
std::optional<QString> environmentFilter(const QString &filter)
{
    static const QRegularExpression re(QStringLiteral("^\\s*environment\\s+eq\\s+'((?:[^']|'')*)'\\s*$"),
                                       QRegularExpression::CaseInsensitiveOption);
    const auto m = re.match(filter);
    if (!m.hasMatch())
        return std::nullopt;
    return m.captured(1).replace(QStringLiteral("''"), QStringLiteral("'"));
}

} // namespace

bool isPowerPlatformPath(const QString &path)
{
    for (const ServiceInfo &s : services())
        if (path.startsWith(s.prefix + QLatin1Char('/'), Qt::CaseInsensitive))
            return true;
    return false;
}

bool SandboxServer::Private::isPowerPlatformAudience(const QString &resource)
{
    for (const ServiceInfo &s : services())
        if (s.audiences.contains(resource))
            return true;
    return false;
}

std::optional<Reply> SandboxServer::Private::consentRefusal(const QString &tenantId, const QString &clientId,
                                                            const QString &resource) const
{
    for (const ConsentRefusal &c : scenario.powerPlatform.consent) {
        if (stripSlash(c.audience).compare(stripSlash(resource), Qt::CaseInsensitive) != 0)
            continue;
        if (!c.clientId.isEmpty() && c.clientId.compare(clientId, Qt::CaseInsensitive) != 0)
            continue;
        if (!c.tenantId.isEmpty() && c.tenantId != tenantId)
            continue;
        if (c.code == 65002)
            return entraError(400, QStringLiteral("invalid_request"), 65002,
                              QStringLiteral("Consent between first party application '%1' and first party resource "
                                             "'%2' must be configured via preauthorization - applications owned and "
                                             "operated by Microsoft must get approval from the API owner before "
                                             "requesting tokens for that API.")
                                  .arg(clientId, resource));
        return entraError(400, QStringLiteral("invalid_grant"), 65001,
                          QStringLiteral("The user or administrator has not consented to use the application with ID "
                                         "'%1'. Send an interactive authorization request for this user and resource.")
                              .arg(clientId),
                          QStringLiteral("consent_required"));
    }
    return std::nullopt;
}

Reply SandboxServer::Private::ppPage(const httplib::Request &req, const QJsonArray &items, bool powerBi) const
{
    const char *skipName = powerBi ? "$skip" : "$skiptoken";
    const QString skipText = param(req, skipName);
    bool ok = true;
    const int skip = skipText.isEmpty() ? 0 : skipText.toInt(&ok);
    if (!ok || skip < 0 || skip > items.size())
        return powerBi ? pbiError(400, QStringLiteral("InvalidRequest"), QStringLiteral("Bad $skip."))
                       : armError(400, QStringLiteral("InvalidSkipToken"),
                                  QStringLiteral("The skip token '%1' is not valid.").arg(skipText));
    const int size = scenario.powerPlatform.pageSize;
    QJsonObject body{{QStringLiteral("value"), QJsonArray()}};
    QJsonArray page;
    for (int i = skip; i < items.size() && i < skip + size; ++i)
        page.append(items.at(i));
    body.insert(QStringLiteral("value"), page);
    const QString path = QString::fromStdString(req.path);
    if (powerBi)
        body.insert(
            QStringLiteral("@odata.context"),
            QString(base + QStringLiteral("/powerbi/v1.0/myorg/$metadata#") +
                    (path.endsWith(QLatin1String("/groups")) ? QStringLiteral("groups") : QStringLiteral("datasets"))));
    if (skip + size < items.size()) {
        QUrlQuery query;
        for (const auto &[name, value] : req.params)
            if (name != skipName)
                query.addQueryItem(QString::fromStdString(name), QString::fromStdString(value));
        query.addQueryItem(QString::fromLatin1(skipName), QString::number(skip + size));
        QUrl next(base + path);
        next.setQuery(query.toString(QUrl::FullyEncoded), QUrl::StrictMode);
        body.insert(powerBi ? QStringLiteral("@odata.nextLink") : QStringLiteral("nextLink"),
                    next.toString(QUrl::FullyEncoded));
    }
    Reply reply = Reply::json(200, body);
    if (powerBi)
        reply.headers.emplace_back("RequestId", QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString());
    return reply;
}

Reply SandboxServer::Private::powerPlatform(const httplib::Request &req, const QString &path)
{
    const ServiceInfo *service = nullptr;
    for (const ServiceInfo &s : services())
        if (path.startsWith(s.prefix + QLatin1Char('/'), Qt::CaseInsensitive))
            service = &s;
    const bool powerBi = service->service == PpService::PowerBi;
    Reply failure;
    const std::optional<Caller> caller = authenticate(req, &failure, service->audiences);
    if (!caller) {
        if (!powerBi)
            return failure;
        Reply reply = pbiError(401, QStringLiteral("PowerBINotAuthorizedException"),
                               QJsonDocument::fromJson(failure.body)
                                   .object()
                                   .value(QStringLiteral("error"))
                                   .toObject()
                                   .value(QStringLiteral("message"))
                                   .toString());
        for (const auto &header : failure.headers) // the WWW-Authenticate challenge
            reply.headers.push_back(header);
        return reply;
    }
    if (req.method != "GET")
        return powerBi ? pbiError(405, QStringLiteral("MethodNotAllowed"))
                       : armError(405, QStringLiteral("MethodNotAllowed"),
                                  QStringLiteral("The sandbox serves only GET on %1.").arg(service->prefix));
    const QString rest = path.mid(service->prefix.size());
    const QString lower = rest.toLower();
    const QString tenant = caller->tenantId;
    const PowerPlatformWorld &world = scenario.powerPlatform;
    const auto notFound = [&] {
        return powerBi ? pbiError(404, QStringLiteral("PowerBIEntityNotFound"))
                       : armError(404, QStringLiteral("NotFound"),
                                  QStringLiteral("The sandbox has nothing at %1.").arg(path));
    };

    if (!powerBi) {
        const QString apiVersion = param(req, "api-version");
        const QString wanted =
            service->service == PpService::Bap ? QStringLiteral("2020-10-01") : QStringLiteral("2016-11-01");
        if (apiVersion.isEmpty())
            return armError(400, QStringLiteral("MissingApiVersionParameter"),
                            QStringLiteral("The api-version query parameter (?api-version=) is required for all "
                                           "requests."));
        if (apiVersion != wanted)
            return armError(400, QStringLiteral("InvalidApiVersionParameter"),
                            QStringLiteral("The api-version '%1' is invalid. The supported versions are '%2'.")
                                .arg(apiVersion, wanted));
        if (!caller->user) // these maker lists are for users; the sandbox does not emulate admin endpoints
            return armError(403, QStringLiteral("Forbidden"),
                            QStringLiteral("The caller is a service principal; this list is for users."));
    }

    switch (service->service) {
    case PpService::Bap: {
        if (lower != QLatin1String("/providers/microsoft.businessappplatform/environments"))
            return notFound();
        QJsonArray items;
        for (const PpEnvironment &e : world.environments) {
            if (e.tenantId != tenant)
                continue;
            items.append(QJsonObject{
                {QStringLiteral("id"),
                 QString(QStringLiteral("/providers/Microsoft.BusinessAppPlatform/environments/") + e.name)},
                {QStringLiteral("name"), e.name},
                {QStringLiteral("type"), QStringLiteral("Microsoft.BusinessAppPlatform/environments")},
                {QStringLiteral("location"), QStringLiteral("unitedstates")},
                {QStringLiteral("properties"),
                 QJsonObject{{QStringLiteral("tenantId"), e.tenantId},
                             {QStringLiteral("azureRegion"), QStringLiteral("westus")},
                             {QStringLiteral("displayName"), e.displayName},
                             {QStringLiteral("environmentSku"), e.sku},
                             {QStringLiteral("isDefault"), e.isDefault},
                             {QStringLiteral("provisioningState"), QStringLiteral("Succeeded")}}}});
        }
        return ppPage(req, items, false);
    }
    case PpService::PowerApps: {
        static const QRegularExpression appsPath(
            QStringLiteral("^/providers/microsoft\\.powerapps/apps(?:/([^/]+)/(permissions))?$"));
        const auto m = appsPath.match(lower);
        if (!m.hasMatch())
            return notFound();
        std::optional<QString> environment;
        if (req.has_param("$filter")) {
            environment = environmentFilter(param(req, "$filter"));
            if (!environment)
                return armError(400, QStringLiteral("InvalidFilter"),
                                QStringLiteral("The sandbox understands only $filter=environment eq 'NAME'."));
        }
        const auto visible = [&](const PpApp &a) {
            return a.tenantId == tenant &&
                   (!environment || a.environment.compare(*environment, Qt::CaseInsensitive) == 0) &&
                   (isPrincipal(a.owner, *caller) || anyPrincipal(a.coOwners, *caller) ||
                    anyPrincipal(a.viewers, *caller));
        };
        if (m.captured(2).isEmpty()) {
            QJsonArray items;
            for (const PpApp &a : world.apps) {
                if (!visible(a))
                    continue;
                const QJsonObject owner = userJson(a.owner, a.tenantId);
                items.append(QJsonObject{
                    {QStringLiteral("name"), a.name},
                    {QStringLiteral("id"), QString(QStringLiteral("/providers/Microsoft.PowerApps/apps/") + a.name)},
                    {QStringLiteral("type"), QStringLiteral("Microsoft.PowerApps/apps")},
                    {QStringLiteral("tags"),
                     QJsonObject{{QStringLiteral("primaryDeviceWidth"), QStringLiteral("1366")},
                                 {QStringLiteral("primaryDeviceHeight"), QStringLiteral("768")}}},
                    {QStringLiteral("properties"),
                     QJsonObject{{QStringLiteral("appVersion"), a.lastModified},
                                 {QStringLiteral("createdTime"), a.lastModified},
                                 {QStringLiteral("lastModifiedTime"), a.lastModified},
                                 {QStringLiteral("displayName"), a.displayName},
                                 {QStringLiteral("description"), QString()},
                                 {QStringLiteral("owner"), owner},
                                 {QStringLiteral("createdBy"), owner},
                                 {QStringLiteral("lastModifiedBy"), owner},
                                 {QStringLiteral("appType"), QStringLiteral("ClassicCanvasApp")},
                                 {QStringLiteral("environment"),
                                  QJsonObject{{QStringLiteral("id"),
                                               QString(QStringLiteral("/providers/Microsoft.PowerApps/environments/") +
                                                       a.environment)},
                                              {QStringLiteral("name"), a.environment}}}}}});
            }
            return ppPage(req, items, false);
        }
        const QString appName = m.captured(1);
        for (const PpApp &a : world.apps) {
            if (a.name.compare(appName, Qt::CaseInsensitive) != 0 || !visible(a))
                continue;
            QJsonArray items;
            const auto add = [&](const PpPrincipal &p, const char *role) {
                items.append(QJsonObject{
                    {QStringLiteral("name"), p.objectId},
                    {QStringLiteral("id"),
                     QStringLiteral("/providers/Microsoft.PowerApps/apps/%1/permissions/%2").arg(a.name, p.objectId)},
                    {QStringLiteral("type"), QStringLiteral("Microsoft.PowerApps/apps/permissions")},
                    {QStringLiteral("properties"),
                     QJsonObject{{QStringLiteral("roleName"), QLatin1String(role)},
                                 {QStringLiteral("principal"), userJson(p, a.tenantId)},
                                 {QStringLiteral("scope"),
                                  QString(QStringLiteral("/providers/Microsoft.PowerApps/apps/") + a.name)},
                                 {QStringLiteral("notifyShareTargetOption"), QStringLiteral("Notify")},
                                 {QStringLiteral("inviteGuestToTenant"), false}}}});
            };
            add(a.owner, "Owner");
            for (const PpPrincipal &p : a.coOwners)
                add(p, "CanEdit");
            for (const PpPrincipal &p : a.viewers)
                add(p, "CanView");
            return ppPage(req, items, false);
        }
        return armError(404, QStringLiteral("AppNotFound"),
                        QStringLiteral("The app '%1' could not be found.").arg(appName));
    }
    case PpService::Flow: {
        static const QRegularExpression flowsPath(
            QStringLiteral("^/providers/microsoft\\.processsimple/environments/([^/]+)/flows$"));
        const auto m = flowsPath.match(lower);
        if (!m.hasMatch())
            return notFound();
        const QString environment = m.captured(1);
        bool known = false;
        for (const PpEnvironment &e : world.environments)
            known = known || (e.tenantId == tenant && e.name.compare(environment, Qt::CaseInsensitive) == 0);
        if (!known)
            return armError(
                404, QStringLiteral("EnvironmentAccessDenied"),
                QStringLiteral("The environment '%1' could not be found in the tenant '%2'.").arg(environment, tenant));
        // Solution flows only when asked for, as the real list leaves them out by default.
        const bool withSolutions =
            param(req, "include").split(QLatin1Char(',')).contains(QStringLiteral("includeSolutionCloudFlows"));
        QJsonArray items;
        for (const PpFlow &f : world.flows) {
            if (f.tenantId != tenant || f.environment.compare(environment, Qt::CaseInsensitive) != 0 ||
                (f.solution && !withSolutions) ||
                !(isPrincipal(f.creator, *caller) || anyPrincipal(f.coOwners, *caller)))
                continue;
            QJsonObject properties{
                {QStringLiteral("apiId"), QStringLiteral("/providers/Microsoft.PowerApps/apis/shared_logicflows")},
                {QStringLiteral("displayName"), f.displayName},
                {QStringLiteral("state"), QStringLiteral("Started")},
                {QStringLiteral("createdTime"), f.lastModified},
                {QStringLiteral("lastModifiedTime"), f.lastModified},
                {QStringLiteral("flowSuspensionReason"), QStringLiteral("None")},
                {QStringLiteral("environment"),
                 QJsonObject{
                     {QStringLiteral("name"), f.environment},
                     {QStringLiteral("type"), QStringLiteral("Microsoft.ProcessSimple/environments")},
                     {QStringLiteral("id"),
                      QString(QStringLiteral("/providers/Microsoft.ProcessSimple/environments/") + f.environment)}}},
                {QStringLiteral("creator"),
                 QJsonObject{{QStringLiteral("tenantId"), f.tenantId},
                             {QStringLiteral("objectId"), f.creator.objectId},
                             {QStringLiteral("userId"), f.creator.objectId},
                             {QStringLiteral("userType"), QStringLiteral("ActiveDirectory")}}},
                {QStringLiteral("isManaged"), f.solution}};
            if (f.solution)
                properties.insert(QStringLiteral("workflowEntityId"), f.name);
            items.append(QJsonObject{
                {QStringLiteral("name"), f.name},
                {QStringLiteral("id"), QStringLiteral("/providers/Microsoft.ProcessSimple/environments/%1/flows/%2")
                                           .arg(f.environment, f.name)},
                {QStringLiteral("type"), QStringLiteral("Microsoft.ProcessSimple/environments/flows")},
                {QStringLiteral("properties"), properties}});
        }
        return ppPage(req, items, false);
    }
    case PpService::PowerBi:
        break;
    }

    // Power BI: the workspaces the caller is a member of, their datasets, and My workspace.
    static const QRegularExpression datasetsPath(QStringLiteral("^/v1\\.0/myorg/groups/([^/]+)/datasets$"));
    const auto datasetJson = [&](const PbiDataset &d) {
        const QString where =
            d.workspaceId.isEmpty() ? QStringLiteral("me") : QStringLiteral("groups/") + d.workspaceId;
        return QJsonObject{
            {QStringLiteral("id"), d.id},
            {QStringLiteral("name"), d.name},
            {QStringLiteral("webUrl"), QStringLiteral("https://app.powerbi.com/%1/datasets/%2").arg(where, d.id)},
            {QStringLiteral("addRowsAPIEnabled"), false},
            {QStringLiteral("configuredBy"), d.configuredBy},
            {QStringLiteral("isRefreshable"), true},
            {QStringLiteral("isEffectiveIdentityRequired"), false},
            {QStringLiteral("isEffectiveIdentityRolesRequired"), false},
            {QStringLiteral("isOnPremGatewayRequired"), false},
            {QStringLiteral("targetStorageMode"), QStringLiteral("Abf")},
            {QStringLiteral("createdDate"), d.createdDate},
            {QStringLiteral("upstreamDatasets"), QJsonArray()},
            {QStringLiteral("users"), QJsonArray()}};
    };
    if (lower == QLatin1String("/v1.0/myorg/groups")) {
        QJsonArray items;
        for (const PbiWorkspace &w : world.workspaces)
            if (w.tenantId == tenant && anyPrincipal(w.members, *caller))
                items.append(QJsonObject{{QStringLiteral("id"), w.id},
                                         {QStringLiteral("isReadOnly"), false},
                                         {QStringLiteral("isOnDedicatedCapacity"), false},
                                         {QStringLiteral("type"), QStringLiteral("Workspace")},
                                         {QStringLiteral("name"), w.name}});
        return ppPage(req, items, true);
    }
    if (lower == QLatin1String("/v1.0/myorg/datasets")) {
        QJsonArray items;
        for (const PbiDataset &d : world.datasets)
            if (d.tenantId == tenant && d.workspaceId.isEmpty() && isPrincipal(d.myWorkspaceOf, *caller))
                items.append(datasetJson(d));
        return ppPage(req, items, true);
    }
    if (const auto m = datasetsPath.match(lower); m.hasMatch()) {
        const QString id = m.captured(1);
        bool member = false;
        for (const PbiWorkspace &w : world.workspaces)
            member = member || (w.tenantId == tenant && w.id == id && anyPrincipal(w.members, *caller));
        if (!member)
            return notFound();
        QJsonArray items;
        for (const PbiDataset &d : world.datasets)
            if (d.tenantId == tenant && d.workspaceId == id)
                items.append(datasetJson(d));
        return ppPage(req, items, true);
    }
    return notFound();
}

} // namespace palsandbox
