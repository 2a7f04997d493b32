// The Azure RBAC half of the sandbox's ARM: GET /subscriptions (Microsoft.Resources 2022-12-01),
// role assignments and role definitions (Microsoft.Authorization 2022-04-01), PIM-eligible role
// instances (2020-10-01) and Lighthouse registration assignments (Microsoft.ManagedServices
// 2022-10-01), answered from the scenario's "azure" world (see sandbox/README.md). Shapes follow the
// REST spec examples copied in tests/data/spec/; where ARM's behaviour is not documented, the
// comment beside it says so.
#include "SandboxPrivate.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QUrlQuery>

namespace palsandbox {

namespace {

const QString kSubscriptionsApiVersions = QStringLiteral(
    "2014-04-01,2015-01-01,2016-02-01,2016-06-01,2016-09-01,2018-02-01,2018-05-01,2019-03-01,2019-05-01,2019-06-01,"
    "2019-07-01,2019-08-01,2019-10-01,2019-11-01,2020-01-01,2021-01-01,2022-01-01,2022-09-01,2022-12-01");
const QString kRoleApiVersions =
    QStringLiteral("2015-07-01,2018-01-01-preview,2018-09-01-preview,2020-04-01-preview,2022-04-01");
const QString kPimApiVersions = QStringLiteral("2020-10-01-preview,2020-10-01");
const QString kLighthouseApiVersions = QStringLiteral("2019-06-01,2020-02-01-preview,2022-01-01-preview,2022-10-01");

const QString kAuthorization = QStringLiteral("/providers/Microsoft.Authorization/");
const QString kCreated = QStringLiteral("2025-11-03T09:12:44.1736121Z"); // a fixed past time: data, not events

QString param(const httplib::Request &req, const char *name)
{
    return req.has_param(name) ? QString::fromStdString(req.get_param_value(name)) : QString();
}

QJsonArray strings(const QStringList &list)
{
    QJsonArray out;
    for (const QString &s : list)
        out << s;
    return out;
}

// roleAssignments $filter, as ARM reads it (RoleAssignments_ListForSubscription, 2022-04-01):
// none (everything at, above and below), atScope() (at or above), principalId eq '{id}' (that
// principal's own assignments at, above and below, groups not expanded), assignedTo('{id}') (the
// principal's, groups expanded transitively, at, above and below), atScope() and assignedTo('{id}')
// (the same, at or above only). Anything else: nullopt (400 UnsupportedQuery).
struct AssignmentFilter
{
    bool atOrAboveOnly = false;
    QString principal; // empty: every principal
    bool transitive = false;
};

std::optional<AssignmentFilter> parseAssignmentFilter(const QString &filter)
{
    const QString f = filter.trimmed();
    if (f.isEmpty())
        return AssignmentFilter{};
    static const QRegularExpression atScope(QStringLiteral("^atScope\\(\\)$"),
                                            QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression principalId(QStringLiteral("^principalId\\s+eq\\s+'([0-9a-fA-F-]{36})'$"),
                                                QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression assignedTo(QStringLiteral("^assignedTo\\('([0-9a-fA-F-]{36})'\\)$"),
                                               QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression both(
        QStringLiteral("^atScope\\(\\)\\s+and\\s+assignedTo\\('([0-9a-fA-F-]{36})'\\)$"),
        QRegularExpression::CaseInsensitiveOption);
    if (atScope.match(f).hasMatch())
        return AssignmentFilter{true, {}, false};
    if (const auto m = principalId.match(f); m.hasMatch())
        return AssignmentFilter{false, m.captured(1).toLower(), false};
    if (const auto m = assignedTo.match(f); m.hasMatch())
        return AssignmentFilter{false, m.captured(1).toLower(), true};
    if (const auto m = both.match(f); m.hasMatch())
        return AssignmentFilter{true, m.captured(1).toLower(), true};
    return std::nullopt;
}

// A role definition id as ARM writes it under a scope: /subscriptions/S/providers/... or /providers/...
QString roleDefinitionId(const QString &scope, const QString &guid)
{
    const QString subscription =
        scope.startsWith(QLatin1String("/subscriptions/")) ? scope.section(QLatin1Char('/'), 0, 2) : QString();
    return subscription + kAuthorization + QStringLiteral("roleDefinitions/") + guid;
}

} // namespace

std::optional<Reply> SandboxServer::Private::apiVersionError(const httplib::Request &req,
                                                             const QString &supported) const
{
    const QString apiVersion = param(req, "api-version");
    if (apiVersion.isEmpty())
        return armError(
            400, QStringLiteral("MissingApiVersionParameter"),
            QStringLiteral("The api-version query parameter (?api-version=) is required for all requests."));
    if (!supported.split(QLatin1Char(',')).contains(apiVersion))
        return armError(400, QStringLiteral("InvalidApiVersionParameter"),
                        QStringLiteral("The api-version '%1' is invalid. The supported versions are '%2'.")
                            .arg(apiVersion, supported));
    return std::nullopt;
}

Reply SandboxServer::Private::armPage(const httplib::Request &req, const QString &path, const QJsonArray &items,
                                      int pageSize) const
{
    int offset = 0;
    if (req.has_param("$skiptoken")) {
        const auto decoded = crypto::fromBase64Url(QByteArray::fromStdString(req.get_param_value("$skiptoken")));
        bool ok = false;
        if (decoded && decoded->startsWith("offset:"))
            offset = decoded->mid(7).toInt(&ok);
        if (!ok || offset < 0 || offset > items.size())
            return armError(400, QStringLiteral("InvalidSkipToken"), QStringLiteral("The skip token is invalid."));
    }
    QJsonArray value;
    for (qsizetype i = offset; i < items.size() && i < offset + pageSize; ++i)
        value << items[i];
    QJsonObject body{{QStringLiteral("value"), value}};
    if (offset + pageSize < items.size()) {
        QUrlQuery next;
        for (const auto &[name, v] : req.params)
            if (name != "$skiptoken")
                next.addQueryItem(QString::fromStdString(name), QString::fromStdString(v));
        next.addQueryItem(QStringLiteral("$skiptoken"),
                          QString::fromLatin1(crypto::base64Url("offset:" + QByteArray::number(offset + pageSize))));
        body.insert(QStringLiteral("nextLink"),
                    QString(base + path + QLatin1Char('?') + next.toString(QUrl::FullyEncoded)));
    }
    return Reply::json(200, body);
}

std::optional<Reply> SandboxServer::Private::azureRbac(const httplib::Request &req, const QString &path,
                                                       const Caller &caller)
{
    static const QRegularExpression subscriptionPath(
        QStringLiteral("^/subscriptions/([^/]+)/providers/(microsoft\\.authorization|microsoft\\.managedservices)/"
                       "(roleassignments|roledefinitions/([^/]+)|registrationassignments)/?$"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression tenantPath(
        QStringLiteral(
            "^/providers/microsoft\\.authorization/(roledefinitions/([^/]+)|roleeligibilityscheduleinstances)/?$"),
        QRegularExpression::CaseInsensitiveOption);
    const QString lower = path.toLower();
    const auto sub = subscriptionPath.match(path);
    const auto tenant = tenantPath.match(path);
    const bool list = lower == QLatin1String("/subscriptions") || lower == QLatin1String("/subscriptions/");
    if (!list && !sub.hasMatch() && !tenant.hasMatch())
        return std::nullopt;
    const QString provider = sub.captured(2).toLower();
    const QString kind = (sub.hasMatch() ? sub.captured(3) : tenant.captured(1)).toLower();
    if ((provider == QLatin1String("microsoft.managedservices")) != (kind == QLatin1String("registrationassignments")))
        return std::nullopt;

    const QString supported = list                                                        ? kSubscriptionsApiVersions
                              : kind == QLatin1String("registrationassignments")          ? kLighthouseApiVersions
                              : kind == QLatin1String("roleeligibilityscheduleinstances") ? kPimApiVersions
                                                                                          : kRoleApiVersions;
    if (auto error = apiVersionError(req, supported))
        return error;
    if (req.method != "GET")
        return armError(405, QStringLiteral("MethodNotAllowed"),
                        QStringLiteral("The requested resource does not support http method '%1'.")
                            .arg(QString::fromStdString(req.method)));
    if (list)
        return subscriptionList(req, caller);
    if (tenant.hasMatch())
        return kind == QLatin1String("roleeligibilityscheduleinstances") ? eligibleRoles(req, caller)
                                                                         : tenantRoleDefinition(tenant.captured(2));

    const AzSubscription *s = scenario.azure.subscription(sub.captured(1));
    if (!s)
        return armError(404, QStringLiteral("SubscriptionNotFound"),
                        QStringLiteral("The subscription '%1' could not be found.").arg(sub.captured(1)));
    // ARM's answer to a token of another directory than the subscription's (or a managing one).
    if (s->tenantId != caller.tenantId && !scenario.azure.managedByTenants(s->subscriptionId).contains(caller.tenantId))
        return armError(401, QStringLiteral("InvalidAuthenticationTokenTenant"),
                        QStringLiteral("The access token is from the wrong issuer '%1/%2/v2.0'. It must match the "
                                       "tenant '%1/%3/' associated with this subscription. Please use the authority "
                                       "(URL) '%1/%3' to get the token.")
                            .arg(base, caller.tenantId, s->tenantId));
    const QString scope = QStringLiteral("/subscriptions/") + s->subscriptionId;
    const QString action = kind == QLatin1String("roleassignments")
                               ? QStringLiteral("Microsoft.Authorization/roleAssignments/read")
                           : kind == QLatin1String("registrationassignments")
                               ? QStringLiteral("Microsoft.ManagedServices/registrationAssignments/read")
                               : QStringLiteral("Microsoft.Authorization/roleDefinitions/read");
    if (!scenario.azure.mayPerform(s->subscriptionId, caller.tenantId, caller.objectId, action))
        return authorizationFailed(caller, action, scope);
    if (kind == QLatin1String("roleassignments"))
        return roleAssignmentList(req, path, *s);
    if (kind == QLatin1String("registrationassignments"))
        return registrationAssignments(req, path, *s, caller);
    return scopedRoleDefinition(*s, sub.captured(4));
}

Reply SandboxServer::Private::authorizationFailed(const Caller &caller, const QString &action,
                                                  const QString &scope) const
{
    // ARM's text for a missing permission (as the Azure CLI and portal show it).
    const QString client = caller.user ? caller.user->username : caller.app->clientId;
    return armError(403, QStringLiteral("AuthorizationFailed"),
                    QStringLiteral("The client '%1' with object id '%2' does not have authorization to perform action "
                                   "'%3' over scope '%4' or the scope is invalid. If access was recently granted, "
                                   "please refresh your credentials.")
                        .arg(client, caller.objectId, action, scope));
}

Reply SandboxServer::Private::subscriptionList(const httplib::Request &req, const Caller &caller)
{
    QJsonArray items;
    for (const AzSubscription &s : scenario.azure.subscriptions) {
        if (!scenario.azure.listsSubscription(s, caller.tenantId, caller.objectId))
            continue;
        QJsonArray managedBy;
        for (const QString &t : scenario.azure.managedByTenants(s.subscriptionId))
            managedBy << QJsonObject{{QStringLiteral("tenantId"), t}};
        items << QJsonObject{{QStringLiteral("id"), QString(QStringLiteral("/subscriptions/") + s.subscriptionId)},
                             {QStringLiteral("authorizationSource"), QStringLiteral("RoleBased")},
                             {QStringLiteral("managedByTenants"), managedBy},
                             {QStringLiteral("subscriptionId"), s.subscriptionId},
                             {QStringLiteral("tenantId"), s.tenantId},
                             {QStringLiteral("displayName"), s.displayName},
                             {QStringLiteral("state"), s.state},
                             {QStringLiteral("subscriptionPolicies"),
                              QJsonObject{{QStringLiteral("locationPlacementId"), QStringLiteral("Public_2014-09-01")},
                                          {QStringLiteral("quotaId"), QStringLiteral("PayAsYouGo_2014-09-01")},
                                          {QStringLiteral("spendingLimit"), QStringLiteral("Off")}}}};
    }
    return armPage(req, QStringLiteral("/subscriptions"), items, scenario.azure.pageSize);
}

Reply SandboxServer::Private::roleAssignmentList(const httplib::Request &req, const QString &path,
                                                 const AzSubscription &s)
{
    const QString filterText = param(req, "$filter");
    const std::optional<AssignmentFilter> filter = parseAssignmentFilter(filterText);
    if (!filter)
        return armError(400, QStringLiteral("UnsupportedQuery"),
                        QStringLiteral("The filter '%1' is not supported. Supported filters are either 'atScope()' or "
                                       "'principalId eq '{value}' or assignedTo('{value}')'.")
                            .arg(filterText));
    const QSet<QString> who = filter->principal.isEmpty() ? QSet<QString>()
                              : filter->transitive ? scenario.azure.principalAndGroups(s.tenantId, filter->principal)
                                                   : QSet<QString>{filter->principal};
    QJsonArray items;
    for (const AzRoleAssignment &a : scenario.azure.roleAssignments) {
        if (a.tenantId != s.tenantId || (!who.isEmpty() && !who.contains(a.principal.objectId)))
            continue;
        const bool atOrAbove = AzureWorld::isAtOrAbove(a.scope, s.subscriptionId);
        if (!atOrAbove && (filter->atOrAboveOnly || !AzureWorld::isBelow(a.scope, s.subscriptionId)))
            continue;
        items << QJsonObject{
            {QStringLiteral("properties"),
             QJsonObject{{QStringLiteral("roleDefinitionId"), roleDefinitionId(a.scope, a.role)},
                         {QStringLiteral("principalId"), a.principal.objectId},
                         {QStringLiteral("principalType"), a.principal.type},
                         {QStringLiteral("scope"), a.scope},
                         {QStringLiteral("condition"), QJsonValue::Null},
                         {QStringLiteral("conditionVersion"), QJsonValue::Null},
                         {QStringLiteral("createdOn"), kCreated},
                         {QStringLiteral("updatedOn"), kCreated},
                         {QStringLiteral("createdBy"), QJsonValue::Null},
                         {QStringLiteral("updatedBy"), QJsonValue::Null},
                         {QStringLiteral("delegatedManagedIdentityResourceId"), QJsonValue::Null},
                         {QStringLiteral("description"), QJsonValue::Null}}},
            {QStringLiteral("id"), QString((a.scope == QLatin1String("/") ? QString() : a.scope) + kAuthorization +
                                           QStringLiteral("roleAssignments/") + a.name)},
            {QStringLiteral("type"), QStringLiteral("Microsoft.Authorization/roleAssignments")},
            {QStringLiteral("name"), a.name}};
    }
    return armPage(req, path, items, scenario.azure.pageSize);
}

QJsonObject SandboxServer::Private::roleDefinitionJson(const AzRoleDefinition &d, const QString &idScope) const
{
    const QJsonObject permissions{{QStringLiteral("actions"), strings(d.actions)},
                                  {QStringLiteral("notActions"), strings(d.notActions)},
                                  {QStringLiteral("dataActions"), QJsonArray()},
                                  {QStringLiteral("notDataActions"), QJsonArray()}};
    return QJsonObject{
        {QStringLiteral("properties"), QJsonObject{{QStringLiteral("roleName"), d.roleName},
                                                   {QStringLiteral("type"), d.type},
                                                   {QStringLiteral("description"), d.description},
                                                   {QStringLiteral("assignableScopes"), strings(d.assignableScopes)},
                                                   {QStringLiteral("permissions"), QJsonArray{permissions}},
                                                   {QStringLiteral("createdOn"), kCreated},
                                                   {QStringLiteral("updatedOn"), kCreated},
                                                   {QStringLiteral("createdBy"), QJsonValue::Null},
                                                   {QStringLiteral("updatedBy"), QJsonValue::Null}}},
        {QStringLiteral("id"), roleDefinitionId(idScope, d.name)},
        {QStringLiteral("type"), QStringLiteral("Microsoft.Authorization/roleDefinitions")},
        {QStringLiteral("name"), d.name}};
}

Reply SandboxServer::Private::tenantRoleDefinition(const QString &guid) const
{
    // Built-in roles live at the tenant root and any signed-in principal may read them there
    // (not stated in the docs; it is how the Azure CLI resolves role names). A custom role is
    // only found under a scope it is assignable at.
    const AzRoleDefinition *d = scenario.azure.roleDefinition(guid);
    if (!d || d->isCustom())
        return armError(404, QStringLiteral("RoleDefinitionDoesNotExist"),
                        QStringLiteral("The specified role definition with ID '%1' does not exist.").arg(guid));
    return Reply::json(200, roleDefinitionJson(*d, QStringLiteral("/")));
}

Reply SandboxServer::Private::scopedRoleDefinition(const AzSubscription &s, const QString &guid) const
{
    const QString scope = QStringLiteral("/subscriptions/") + s.subscriptionId;
    const AzRoleDefinition *d = scenario.azure.roleDefinition(guid);
    const bool assignable =
        d && std::any_of(d->assignableScopes.begin(), d->assignableScopes.end(), [&](const QString &a) {
            return a == QLatin1String("/") || a.compare(scope, Qt::CaseInsensitive) == 0;
        });
    if (!assignable)
        return armError(404, QStringLiteral("RoleDefinitionDoesNotExist"),
                        QStringLiteral("The specified role definition with ID '%1' does not exist.").arg(guid));
    return Reply::json(200, roleDefinitionJson(*d, scope));
}

Reply SandboxServer::Private::eligibleRoles(const httplib::Request &req, const Caller &caller)
{
    // At the tenant root only asTarget() (the caller's own instances) is accepted here; the real
    // service's answer to other filters at this scope is not documented (400 is an approximation).
    const QString filter = param(req, "$filter").trimmed();
    if (filter.compare(QLatin1String("asTarget()"), Qt::CaseInsensitive) != 0)
        return armError(400, QStringLiteral("UnsupportedQuery"),
                        QStringLiteral("The filter '%1' is not supported at the tenant scope. Use $filter=asTarget().")
                            .arg(filter));
    const QSet<QString> who = scenario.azure.principalAndGroups(caller.tenantId, caller.objectId);
    QJsonArray items;
    for (const AzRoleAssignment &e : scenario.azure.eligibilities) {
        if (e.tenantId != caller.tenantId || !who.contains(e.principal.objectId))
            continue;
        const AzRoleDefinition *d = scenario.azure.roleDefinition(e.role);
        const AzSubscription *s = e.scope.startsWith(QLatin1String("/subscriptions/"))
                                      ? scenario.azure.subscription(e.scope.section(QLatin1Char('/'), 2, 2))
                                      : nullptr;
        const bool isGroup = e.scope.contains(QLatin1String("/resourceGroups/"), Qt::CaseInsensitive);
        const QString scheduleId = Scenario::derivedObjectId(QStringLiteral("schedule:") + e.name, e.tenantId);
        const QString prefix = e.scope == QLatin1String("/") ? QString() : e.scope;
        QJsonObject principal{{QStringLiteral("id"), e.principal.objectId},
                              {QStringLiteral("displayName"), e.principal.displayName},
                              {QStringLiteral("type"), e.principal.type}};
        if (!e.principal.email.isEmpty())
            principal.insert(QStringLiteral("email"), e.principal.email);
        items << QJsonObject{
            {QStringLiteral("properties"),
             QJsonObject{{QStringLiteral("scope"), e.scope},
                         {QStringLiteral("roleDefinitionId"), roleDefinitionId(e.scope, e.role)},
                         {QStringLiteral("principalId"), e.principal.objectId},
                         {QStringLiteral("principalType"), e.principal.type},
                         {QStringLiteral("status"), QStringLiteral("Provisioned")},
                         {QStringLiteral("roleEligibilityScheduleId"),
                          QString(prefix + kAuthorization + QStringLiteral("roleEligibilitySchedules/") + scheduleId)},
                         {QStringLiteral("startDateTime"), kCreated},
                         {QStringLiteral("endDateTime"), QJsonValue::Null},
                         {QStringLiteral("memberType"), e.memberType},
                         {QStringLiteral("createdOn"), kCreated},
                         {QStringLiteral("condition"), QJsonValue::Null},
                         {QStringLiteral("conditionVersion"), QJsonValue::Null},
                         {QStringLiteral("expandedProperties"),
                          QJsonObject{{QStringLiteral("scope"),
                                       QJsonObject{{QStringLiteral("id"), e.scope},
                                                   {QStringLiteral("displayName"),
                                                    isGroup ? e.scope.section(QLatin1Char('/'), -1)
                                                    : s     ? s->displayName
                                                            : QStringLiteral("Tenant Root Group")},
                                                   {QStringLiteral("type"), isGroup ? QStringLiteral("resourcegroup")
                                                                            : s     ? QStringLiteral("subscription")
                                                                                : QStringLiteral("managementgroup")}}},
                                      {QStringLiteral("roleDefinition"),
                                       QJsonObject{{QStringLiteral("id"), roleDefinitionId(e.scope, e.role)},
                                                   {QStringLiteral("displayName"), d ? d->roleName : QString()},
                                                   {QStringLiteral("type"), d ? d->type : QString()}}},
                                      {QStringLiteral("principal"), principal}}}}},
            {QStringLiteral("name"), e.name},
            {QStringLiteral("id"),
             QString(prefix + kAuthorization + QStringLiteral("roleEligibilityScheduleInstances/") + e.name)},
            {QStringLiteral("type"), QStringLiteral("Microsoft.Authorization/roleEligibilityScheduleInstances")}};
    }
    return armPage(req, QStringLiteral("/providers/Microsoft.Authorization/roleEligibilityScheduleInstances"), items,
                   scenario.azure.pageSize);
}

Reply SandboxServer::Private::registrationAssignments(const httplib::Request &req, const QString &path,
                                                      const AzSubscription &s, const Caller &caller)
{
    const bool expand =
        param(req, "$expandRegistrationDefinition").compare(QLatin1String("true"), Qt::CaseInsensitive) == 0;
    const auto authorizations = [](const QList<AzAuthorization> &list, bool eligible) {
        QJsonArray out;
        for (const AzAuthorization &a : list) {
            QJsonObject o{{QStringLiteral("principalId"), a.principal.objectId},
                          {QStringLiteral("principalIdDisplayName"), a.principal.displayName},
                          {QStringLiteral("roleDefinitionId"), a.role}};
            if (eligible)
                o.insert(QStringLiteral("justInTimeAccessPolicy"),
                         QJsonObject{{QStringLiteral("multiFactorAuthProvider"), QStringLiteral("Azure")},
                                     {QStringLiteral("maximumActivationDuration"), QStringLiteral("PT8H")}});
            out << o;
        }
        return out;
    };
    const QString scope = QStringLiteral("/subscriptions/") + s.subscriptionId;
    QJsonArray items;
    for (const AzRegistration &g : scenario.azure.registrations) {
        // A managing directory sees its own delegations; the customer sees all of them (the real
        // service's filtering for a managing caller is not documented).
        if (g.subscriptionId != s.subscriptionId ||
            (caller.tenantId != s.tenantId && g.managedByTenantId != caller.tenantId))
            continue;
        const QString definitionId =
            scope + QStringLiteral("/providers/Microsoft.ManagedServices/registrationDefinitions/") + g.definitionName;
        QJsonObject properties{{QStringLiteral("registrationDefinitionId"), definitionId},
                               {QStringLiteral("provisioningState"), QStringLiteral("Succeeded")}};
        if (expand) {
            const Directory *managing = scenario.directory(g.managedByTenantId);
            const Directory *managee = scenario.directory(s.tenantId);
            properties.insert(
                QStringLiteral("registrationDefinition"),
                QJsonObject{
                    {QStringLiteral("properties"),
                     QJsonObject{
                         {QStringLiteral("description"), g.description},
                         {QStringLiteral("registrationDefinitionName"), g.offerName},
                         {QStringLiteral("authorizations"), authorizations(g.authorizations, false)},
                         {QStringLiteral("eligibleAuthorizations"), authorizations(g.eligibleAuthorizations, true)},
                         {QStringLiteral("provisioningState"), QStringLiteral("Succeeded")},
                         {QStringLiteral("manageeTenantId"), s.tenantId},
                         {QStringLiteral("manageeTenantName"), managee->displayName},
                         {QStringLiteral("managedByTenantId"), g.managedByTenantId},
                         {QStringLiteral("managedByTenantName"), managing->displayName}}},
                    {QStringLiteral("id"), definitionId},
                    {QStringLiteral("type"), QStringLiteral("Microsoft.ManagedServices/registrationDefinitions")},
                    {QStringLiteral("name"), g.definitionName}});
        }
        items << QJsonObject{
            {QStringLiteral("properties"), properties},
            {QStringLiteral("id"), QString(scope +
                                           QStringLiteral("/providers/Microsoft.ManagedServices/"
                                                          "registrationAssignments/") +
                                           g.assignmentName)},
            {QStringLiteral("type"), QStringLiteral("Microsoft.ManagedServices/registrationAssignments")},
            {QStringLiteral("name"), g.assignmentName}};
    }
    return armPage(req, path, items, scenario.azure.pageSize);
}

} // namespace palsandbox
