#include "AzureScenario.h"

#include "Scenario.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

namespace palsandbox {

namespace {

const QString kOwner = QStringLiteral("8e3af657-a8ff-443c-a75c-2fe8c4bcb635");

// The first problem met, with its JSON path; later reads still work but change nothing.
class AzReader
{
public:
    AzReader(const Scenario &scenario, const AzureWorld &world)
        : m_scenario(scenario)
        , m_world(world)
    {}
    QString errorPath;
    QString error;
    bool failed() const { return !error.isEmpty(); }
    void fail(const QString &path, const QString &problem)
    {
        if (error.isEmpty()) {
            errorPath = path;
            error = problem;
        }
    }

    QJsonObject object(const QJsonValue &v, const QString &path, const QStringList &keys)
    {
        if (!v.isObject()) {
            fail(path, QStringLiteral("must be an object"));
            return {};
        }
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            if (!keys.contains(it.key()) && !it.key().startsWith(QLatin1Char('_')) &&
                it.key() != QLatin1String("description"))
                fail(path, QStringLiteral("unknown field \"%1\"").arg(it.key()));
        return o;
    }
    QJsonArray array(const QJsonObject &o, const QString &path, const char *key)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (!v.isUndefined() && !v.isArray())
            fail(path + QLatin1Char('.') + QLatin1String(key), QStringLiteral("must be an array"));
        return v.toArray();
    }
    QString text(const QJsonObject &o, const QString &path, const char *key, bool required,
                 const QString &fallback = {})
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined()) {
            if (required)
                fail(path + QLatin1Char('.') + QLatin1String(key), QStringLiteral("missing (a string is required)"));
            return fallback;
        }
        if (!v.isString() || v.toString().trimmed().isEmpty())
            fail(path + QLatin1Char('.') + QLatin1String(key), QStringLiteral("must be a non-empty string"));
        return v.toString().trimmed();
    }
    QStringList texts(const QJsonObject &o, const QString &path, const char *key)
    {
        QStringList out;
        const QJsonArray items = array(o, path, key);
        for (qsizetype i = 0; i < items.size(); ++i) {
            if (!items[i].isString() || items[i].toString().trimmed().isEmpty())
                fail(QStringLiteral("%1.%2[%3]").arg(path, QLatin1String(key)).arg(i),
                     QStringLiteral("must be a non-empty string"));
            out << items[i].toString().trimmed();
        }
        return out;
    }
    QString guid(const QJsonObject &o, const QString &path, const char *key, bool required, const QString &fallback)
    {
        const QString g = text(o, path, key, required);
        if (g.isEmpty())
            return fallback;
        if (!Scenario::isGuid(g))
            fail(path + QLatin1Char('.') + QLatin1String(key), QStringLiteral("\"%1\" is not a GUID").arg(g));
        return g.toLower();
    }
    QString tenant(const QJsonObject &o, const QString &path, const char *key)
    {
        const QString t = text(o, path, key, true);
        const Directory *d = t.isEmpty() ? nullptr : m_scenario.directory(t);
        if (!t.isEmpty() && !d)
            fail(path + QLatin1Char('.') + QLatin1String(key), QStringLiteral("no directory \"%1\"").arg(t));
        return d ? d->tenantId : QString();
    }

    // A user (by user name, a member of the directory), a service principal (by client id) of the
    // directory, or a group of it (by display name or object id).
    AzPrincipal principal(const QString &name, const QString &path, const QString &tenantId)
    {
        AzPrincipal p;
        if (const User *u = m_scenario.user(name)) {
            if (!u->isMemberOf(tenantId))
                fail(path, QStringLiteral("%1 is not a member of %2").arg(name, tenantId));
            p.objectId = u->objectIdIn(tenantId);
            p.displayName = u->displayName;
            p.email = u->username;
        } else if (const ServicePrincipal *sp = m_scenario.servicePrincipal(name)) {
            if (sp->tenantId != tenantId)
                fail(path, QStringLiteral("service principal %1 lives in another directory").arg(name));
            p.objectId = sp->objectId;
            p.displayName = sp->displayName;
            p.type = QStringLiteral("ServicePrincipal");
        } else if (const AzGroup *g = group(name, tenantId)) {
            p.objectId = g->objectId;
            p.displayName = g->displayName;
            p.type = QStringLiteral("Group");
        } else {
            fail(path,
                 QStringLiteral("\"%1\" is neither a user, a service principal nor a group of %2").arg(name, tenantId));
        }
        return p;
    }
    const AzGroup *group(const QString &nameOrId, const QString &tenantId) const
    {
        for (const AzGroup &g : m_world.groups)
            if (g.tenantId == tenantId && (g.displayName.compare(nameOrId, Qt::CaseInsensitive) == 0 ||
                                           g.objectId.compare(nameOrId, Qt::CaseInsensitive) == 0))
                return &g;
        return nullptr;
    }
    // A role definition by GUID or role name.
    QString role(const QJsonObject &o, const QString &path)
    {
        const QString r = text(o, path, "role", true);
        for (const AzRoleDefinition &d : m_world.roleDefinitions)
            if (d.name.compare(r, Qt::CaseInsensitive) == 0 || d.roleName.compare(r, Qt::CaseInsensitive) == 0)
                return d.name;
        if (!r.isEmpty())
            fail(path + QStringLiteral(".role"),
                 QStringLiteral("no role definition \"%1\" in $.azure.roleDefinitions").arg(r));
        return {};
    }
    // "/" (with tenantId), "/subscriptions/S" or "/subscriptions/S/resourceGroups/RG"; *tenantId
    // gets the scope's directory. Returns the scope spelled as ARM spells it.
    QString scope(const QJsonObject &o, const QString &path, QString *tenantId)
    {
        const QString s = text(o, path, "scope", true);
        if (s == QLatin1String("/")) {
            *tenantId = tenant(o, path, "tenantId");
            return s;
        }
        static const QRegularExpression re(QStringLiteral("^/subscriptions/([^/]+)(?:/resourceGroups/([^/]+))?$"),
                                           QRegularExpression::CaseInsensitiveOption);
        const auto m = re.match(s);
        const AzSubscription *sub = m.hasMatch() ? m_world.subscription(m.captured(1)) : nullptr;
        if (!sub) {
            if (!s.isEmpty())
                fail(path + QStringLiteral(".scope"),
                     QStringLiteral("\"%1\" is not \"/\", a subscription or a resource group of $.azure.subscriptions")
                         .arg(s));
            return {};
        }
        *tenantId = sub->tenantId;
        const QString subScope = QStringLiteral("/subscriptions/") + sub->subscriptionId;
        if (m.captured(2).isEmpty())
            return subScope;
        for (const QString &rg : sub->resourceGroups)
            if (rg.compare(m.captured(2), Qt::CaseInsensitive) == 0)
                return subScope + QStringLiteral("/resourceGroups/") + rg;
        fail(path + QStringLiteral(".scope"), QStringLiteral("no resource group \"%1\"").arg(m.captured(2)));
        return {};
    }

private:
    const Scenario &m_scenario;
    const AzureWorld &m_world;
};

QString derived(const QString &what, const QString &tenantId)
{
    return Scenario::derivedObjectId(what, tenantId);
}

} // namespace

bool AzureWorld::parse(const QJsonValue &value, const Scenario &scenario, AzureWorld *out, QString *path,
                       QString *problem)
{
    *out = AzureWorld{};
    if (value.isUndefined())
        return true;
    AzureWorld &w = *out;
    AzReader in(scenario, w);
    const QString r = QStringLiteral("$.azure");
    const QJsonObject root =
        in.object(value, r,
                  {QStringLiteral("pageSize"), QStringLiteral("groups"), QStringLiteral("subscriptions"),
                   QStringLiteral("roleDefinitions"), QStringLiteral("roleAssignments"),
                   QStringLiteral("eligibilities"), QStringLiteral("lighthouse")});
    const QJsonValue pageSize = root.value(QStringLiteral("pageSize"));
    if (!pageSize.isUndefined()) {
        if (!pageSize.isDouble() || pageSize.toInt(0) < 1 || pageSize.toInt(0) > 1000)
            in.fail(r + QStringLiteral(".pageSize"), QStringLiteral("must be a whole number from 1 to 1000"));
        w.pageSize = pageSize.toInt(2);
    }

    // Groups first (all of them, so members may name a group declared later), then their members.
    const QJsonArray groups = in.array(root, r, "groups");
    for (qsizetype i = 0; i < groups.size() && !in.failed(); ++i) {
        const QString p = QStringLiteral("%1.groups[%2]").arg(r).arg(i);
        const QJsonObject o = in.object(groups[i], p,
                                        {QStringLiteral("tenantId"), QStringLiteral("objectId"),
                                         QStringLiteral("displayName"), QStringLiteral("members")});
        AzGroup g;
        g.tenantId = in.tenant(o, p, "tenantId");
        g.displayName = in.text(o, p, "displayName", true);
        g.objectId = in.guid(o, p, "objectId", false, derived(QStringLiteral("group:") + g.displayName, g.tenantId));
        if (in.group(g.displayName, g.tenantId))
            in.fail(p + QStringLiteral(".displayName"), QStringLiteral("a group of that name is listed twice"));
        w.groups << g;
    }
    for (qsizetype i = 0; i < groups.size() && !in.failed(); ++i) {
        const QString p = QStringLiteral("%1.groups[%2]").arg(r).arg(i);
        const QStringList members = in.texts(groups[i].toObject(), p, "members");
        for (qsizetype k = 0; k < members.size(); ++k)
            w.groups[i].members << in.principal(members[k], QStringLiteral("%1.members[%2]").arg(p).arg(k),
                                                w.groups[i].tenantId)
                                       .objectId;
    }

    const QJsonArray subscriptions = in.array(root, r, "subscriptions");
    for (qsizetype i = 0; i < subscriptions.size() && !in.failed(); ++i) {
        const QString p = QStringLiteral("%1.subscriptions[%2]").arg(r).arg(i);
        const QJsonObject o =
            in.object(subscriptions[i], p,
                      {QStringLiteral("subscriptionId"), QStringLiteral("tenantId"), QStringLiteral("displayName"),
                       QStringLiteral("state"), QStringLiteral("resourceGroups")});
        AzSubscription s;
        s.subscriptionId = in.guid(o, p, "subscriptionId", true, {});
        s.tenantId = in.tenant(o, p, "tenantId");
        s.displayName = in.text(o, p, "displayName", true);
        s.state = in.text(o, p, "state", false, s.state);
        if (!QStringList{QStringLiteral("Enabled"), QStringLiteral("Warned"), QStringLiteral("PastDue"),
                         QStringLiteral("Disabled"), QStringLiteral("Deleted")}
                 .contains(s.state))
            in.fail(p + QStringLiteral(".state"),
                    QStringLiteral("must be Enabled, Warned, PastDue, Disabled or Deleted"));
        s.resourceGroups = in.texts(o, p, "resourceGroups");
        if (w.subscription(s.subscriptionId))
            in.fail(p + QStringLiteral(".subscriptionId"), QStringLiteral("listed twice"));
        w.subscriptions << s;
    }

    const QJsonArray definitions = in.array(root, r, "roleDefinitions");
    for (qsizetype i = 0; i < definitions.size() && !in.failed(); ++i) {
        const QString p = QStringLiteral("%1.roleDefinitions[%2]").arg(r).arg(i);
        const QJsonObject o =
            in.object(definitions[i], p,
                      {QStringLiteral("name"), QStringLiteral("roleName"), QStringLiteral("type"),
                       QStringLiteral("actions"), QStringLiteral("notActions"), QStringLiteral("assignableScopes")});
        AzRoleDefinition d;
        d.name = in.guid(o, p, "name", true, {});
        d.roleName = in.text(o, p, "roleName", true);
        d.type = in.text(o, p, "type", false, d.type);
        if (d.type != QLatin1String("BuiltInRole") && d.type != QLatin1String("CustomRole"))
            in.fail(p + QStringLiteral(".type"), QStringLiteral("must be BuiltInRole or CustomRole"));
        d.description = o.value(QStringLiteral("description")).toString();
        d.actions = in.texts(o, p, "actions");
        d.notActions = in.texts(o, p, "notActions");
        d.assignableScopes = in.texts(o, p, "assignableScopes");
        if (d.assignableScopes.isEmpty() && !d.isCustom())
            d.assignableScopes << QStringLiteral("/");
        for (const QString &s : std::as_const(d.assignableScopes))
            if (s != QLatin1String("/") && !w.subscription(s.section(QLatin1Char('/'), 2, 2)))
                in.fail(p + QStringLiteral(".assignableScopes"),
                        QStringLiteral("\"%1\" is neither \"/\" nor a subscription of $.azure.subscriptions").arg(s));
        if (d.isCustom() && d.assignableScopes.isEmpty())
            in.fail(p + QStringLiteral(".assignableScopes"), QStringLiteral("a custom role needs its scopes"));
        if (w.roleDefinition(d.name))
            in.fail(p + QStringLiteral(".name"), QStringLiteral("listed twice"));
        w.roleDefinitions << d;
    }

    auto assignments = [&](const char *key, QList<AzRoleAssignment> *into) {
        const QJsonArray items = in.array(root, r, key);
        for (qsizetype i = 0; i < items.size() && !in.failed(); ++i) {
            const QString p = QStringLiteral("%1.%2[%3]").arg(r, QLatin1String(key)).arg(i);
            const QJsonObject o =
                in.object(items[i], p,
                          {QStringLiteral("scope"), QStringLiteral("tenantId"), QStringLiteral("principal"),
                           QStringLiteral("role"), QStringLiteral("name")});
            AzRoleAssignment a;
            a.scope = in.scope(o, p, &a.tenantId);
            const QString who = in.text(o, p, "principal", true);
            a.principal = in.principal(who, p + QStringLiteral(".principal"), a.tenantId);
            a.role = in.role(o, p);
            if (a.principal.type == QLatin1String("Group"))
                a.memberType = QStringLiteral("Group");
            a.name = in.guid(o, p, "name", false,
                             derived(QLatin1String(key) + a.scope + QLatin1Char('|') + a.principal.objectId +
                                         QLatin1Char('|') + a.role,
                                     a.tenantId));
            into->append(a);
        }
    };
    assignments("roleAssignments", &w.roleAssignments);
    assignments("eligibilities", &w.eligibilities);

    const QJsonArray lighthouse = in.array(root, r, "lighthouse");
    for (qsizetype i = 0; i < lighthouse.size() && !in.failed(); ++i) {
        const QString p = QStringLiteral("%1.lighthouse[%2]").arg(r).arg(i);
        const QJsonObject o = in.object(lighthouse[i], p,
                                        {QStringLiteral("subscriptionId"), QStringLiteral("managedByTenantId"),
                                         QStringLiteral("offerName"), QStringLiteral("authorizations"),
                                         QStringLiteral("eligibleAuthorizations"), QStringLiteral("assignmentName"),
                                         QStringLiteral("definitionName")});
        AzRegistration g;
        g.subscriptionId = in.guid(o, p, "subscriptionId", true, {});
        const AzSubscription *sub = w.subscription(g.subscriptionId);
        if (!sub && !g.subscriptionId.isEmpty())
            in.fail(p + QStringLiteral(".subscriptionId"), QStringLiteral("not in $.azure.subscriptions"));
        g.managedByTenantId = in.tenant(o, p, "managedByTenantId");
        if (sub && sub->tenantId == g.managedByTenantId)
            in.fail(p + QStringLiteral(".managedByTenantId"), QStringLiteral("a directory does not manage itself"));
        g.offerName = in.text(o, p, "offerName", true);
        g.description = o.value(QStringLiteral("description")).toString();
        g.assignmentName = in.guid(o, p, "assignmentName", false,
                                   derived(QStringLiteral("assignment:") + g.offerName, g.subscriptionId));
        g.definitionName = in.guid(o, p, "definitionName", false,
                                   derived(QStringLiteral("definition:") + g.offerName, g.managedByTenantId));
        for (const char *key : {"authorizations", "eligibleAuthorizations"}) {
            const QJsonArray items = in.array(o, p, key);
            for (qsizetype k = 0; k < items.size() && !in.failed(); ++k) {
                const QString ap = QStringLiteral("%1.%2[%3]").arg(p, QLatin1String(key)).arg(k);
                const QJsonObject ao = in.object(items[k], ap, {QStringLiteral("principal"), QStringLiteral("role")});
                AzAuthorization a;
                a.principal = in.principal(in.text(ao, ap, "principal", true), ap + QStringLiteral(".principal"),
                                           g.managedByTenantId);
                a.role = in.role(ao, ap);
                // Documented: "The Owner role is not supported" in Lighthouse authorizations.
                if (a.role == kOwner)
                    in.fail(ap + QStringLiteral(".role"),
                            QStringLiteral("Azure Lighthouse does not allow the Owner role"));
                (qstrcmp(key, "authorizations") == 0 ? g.authorizations : g.eligibleAuthorizations) << a;
            }
        }
        if (g.authorizations.isEmpty())
            in.fail(p + QStringLiteral(".authorizations"),
                    QStringLiteral("a registration needs a permanent authorization"));
        w.registrations << g;
    }

    if (in.failed()) {
        *path = in.errorPath;
        *problem = in.error;
        return false;
    }
    return true;
}

const AzSubscription *AzureWorld::subscription(const QString &id) const
{
    for (const AzSubscription &s : subscriptions)
        if (s.subscriptionId.compare(id, Qt::CaseInsensitive) == 0)
            return &s;
    return nullptr;
}

const AzRoleDefinition *AzureWorld::roleDefinition(const QString &guid) const
{
    for (const AzRoleDefinition &d : roleDefinitions)
        if (d.name.compare(guid, Qt::CaseInsensitive) == 0)
            return &d;
    return nullptr;
}

QSet<QString> AzureWorld::principalAndGroups(const QString &tenantId, const QString &objectId) const
{
    QSet<QString> found{objectId.toLower()};
    bool grew = true;
    while (grew) { // to a fixed point: nested groups, cycles included
        grew = false;
        for (const AzGroup &g : groups) {
            if (g.tenantId != tenantId || found.contains(g.objectId))
                continue;
            if (std::any_of(g.members.begin(), g.members.end(), [&](const QString &m) { return found.contains(m); })) {
                found.insert(g.objectId);
                grew = true;
            }
        }
    }
    return found;
}

QStringList AzureWorld::managedByTenants(const QString &subscriptionId) const
{
    QStringList out;
    for (const AzRegistration &g : registrations)
        if (g.subscriptionId == subscriptionId && !out.contains(g.managedByTenantId))
            out << g.managedByTenantId;
    return out;
}

bool AzureWorld::isAtOrAbove(const QString &assignmentScope, const QString &subscriptionId)
{
    return assignmentScope == QLatin1String("/") ||
           assignmentScope.compare(QStringLiteral("/subscriptions/") + subscriptionId, Qt::CaseInsensitive) == 0;
}

bool AzureWorld::isBelow(const QString &assignmentScope, const QString &subscriptionId)
{
    return assignmentScope.startsWith(QStringLiteral("/subscriptions/%1/").arg(subscriptionId), Qt::CaseInsensitive);
}

QList<const AzRoleDefinition *> AzureWorld::rolesAt(const QString &subscriptionId, const QString &callerTenantId,
                                                    const QString &callerObjectId) const
{
    QList<const AzRoleDefinition *> out;
    const AzSubscription *s = subscription(subscriptionId);
    if (!s)
        return out;
    const QSet<QString> who = principalAndGroups(callerTenantId, callerObjectId);
    if (s->tenantId == callerTenantId) {
        for (const AzRoleAssignment &a : roleAssignments)
            if (a.tenantId == s->tenantId && who.contains(a.principal.objectId) &&
                isAtOrAbove(a.scope, s->subscriptionId))
                out << roleDefinition(a.role);
    }
    for (const AzRegistration &g : registrations)
        if (g.subscriptionId == s->subscriptionId && g.managedByTenantId == callerTenantId)
            for (const AzAuthorization &a : g.authorizations)
                if (who.contains(a.principal.objectId))
                    out << roleDefinition(a.role);
    return out;
}

bool AzureWorld::actionMatches(const QString &pattern, const QString &action)
{
    const QString re = QRegularExpression::escape(pattern).replace(QStringLiteral("\\*"), QStringLiteral(".*"));
    return QRegularExpression(QRegularExpression::anchoredPattern(re), QRegularExpression::CaseInsensitiveOption)
        .match(action)
        .hasMatch();
}

bool AzureWorld::mayPerform(const QString &subscriptionId, const QString &callerTenantId, const QString &callerObjectId,
                            const QString &action) const
{
    for (const AzRoleDefinition *d : rolesAt(subscriptionId, callerTenantId, callerObjectId)) {
        const auto matches = [&](const QStringList &patterns) {
            return std::any_of(patterns.begin(), patterns.end(),
                               [&](const QString &p) { return actionMatches(p, action); });
        };
        if (matches(d->actions) && !matches(d->notActions))
            return true;
    }
    return false;
}

bool AzureWorld::listsSubscription(const AzSubscription &s, const QString &callerTenantId,
                                   const QString &callerObjectId) const
{
    const QSet<QString> who = principalAndGroups(callerTenantId, callerObjectId);
    // Any active role at, above or below the subscription lists it (ARM's rule is not documented
    // beyond "the subscriptions for your account"; a resource-group role does list it in practice).
    if (s.tenantId == callerTenantId)
        for (const AzRoleAssignment &a : roleAssignments)
            if (a.tenantId == s.tenantId && who.contains(a.principal.objectId) &&
                (isAtOrAbove(a.scope, s.subscriptionId) || isBelow(a.scope, s.subscriptionId)))
                return true;
    // A managing directory's principal sees a delegated subscription through a permanent
    // authorization; a just-in-time one alone does not list it until activated (undocumented).
    for (const AzRegistration &g : registrations)
        if (g.subscriptionId == s.subscriptionId && g.managedByTenantId == callerTenantId)
            for (const AzAuthorization &a : g.authorizations)
                if (who.contains(a.principal.objectId))
                    return true;
    return false;
}

} // namespace palsandbox
