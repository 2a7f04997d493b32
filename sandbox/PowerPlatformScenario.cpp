#include "PowerPlatformScenario.h"

#include "Scenario.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QSet>

namespace palsandbox {

namespace {

// The first problem met, with its JSON path; later reads still work but change nothing.
class PpReader
{
public:
    explicit PpReader(const Scenario &scenario)
        : m_scenario(scenario)
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
        if (!v.isString() || (required && v.toString().trimmed().isEmpty()))
            fail(path + QLatin1Char('.') + QLatin1String(key), QStringLiteral("must be a non-empty string"));
        return v.toString().trimmed();
    }
    QString guid(const QJsonObject &o, const QString &path, const char *key)
    {
        const QString g = text(o, path, key, true);
        if (!g.isEmpty() && !Scenario::isGuid(g))
            fail(path + QLatin1Char('.') + QLatin1String(key), QStringLiteral("\"%1\" is not a GUID").arg(g));
        return g.toLower();
    }
    QString tenant(const QJsonObject &o, const QString &path)
    {
        const QString t = text(o, path, "tenantId", true);
        const Directory *d = m_scenario.directory(t);
        if (!t.isEmpty() && !d)
            fail(path + QStringLiteral(".tenantId"), QStringLiteral("no directory \"%1\"").arg(t));
        return d ? d->tenantId : QString();
    }
    // A scenario user (by user name) or service principal (by client id) of `tenantId`, or an
    // explicit {"objectId","displayName","username"?,"type"?} for someone the scenario does not know.
    PpPrincipal principal(const QJsonValue &v, const QString &path, const QString &tenantId)
    {
        PpPrincipal p;
        if (v.isString()) {
            const QString name = v.toString().trimmed();
            if (const User *u = m_scenario.user(name)) {
                if (!u->isMemberOf(tenantId))
                    fail(path, QStringLiteral("%1 is not a member of %2").arg(name, tenantId));
                p.objectId = u->objectIdIn(tenantId);
                p.displayName = u->displayName;
                p.username = u->username;
            } else if (const ServicePrincipal *sp = m_scenario.servicePrincipal(name)) {
                if (sp->tenantId != tenantId)
                    fail(path, QStringLiteral("service principal %1 lives in another directory").arg(name));
                p.objectId = sp->objectId;
                p.displayName = sp->displayName;
                p.username = sp->clientId;
                p.type = QStringLiteral("ServicePrincipal");
            } else {
                fail(path, QStringLiteral("\"%1\" is neither a user nor a service principal").arg(name));
            }
            return p;
        }
        const QJsonObject o = object(v, path,
                                     {QStringLiteral("objectId"), QStringLiteral("displayName"),
                                      QStringLiteral("username"), QStringLiteral("type")});
        p.objectId = guid(o, path, "objectId");
        p.displayName = text(o, path, "displayName", false);
        p.username = text(o, path, "username", false);
        p.type = text(o, path, "type", false, QStringLiteral("User"));
        if (!QStringList{QStringLiteral("User"), QStringLiteral("Group"), QStringLiteral("ServicePrincipal")}.contains(
                p.type))
            fail(path + QStringLiteral(".type"), QStringLiteral("must be User, Group or ServicePrincipal"));
        return p;
    }
    QList<PpPrincipal> principals(const QJsonObject &o, const QString &path, const char *key, const QString &tenantId)
    {
        QList<PpPrincipal> out;
        const QJsonArray items = array(o, path, key);
        for (qsizetype i = 0; i < items.size(); ++i)
            out << principal(items[i], QStringLiteral("%1.%2[%3]").arg(path, QLatin1String(key)).arg(i), tenantId);
        return out;
    }

private:
    const Scenario &m_scenario;
};

} // namespace

bool PowerPlatformWorld::parse(const QJsonValue &value, const Scenario &scenario, PowerPlatformWorld *out,
                               QString *path, QString *problem)
{
    *out = PowerPlatformWorld{};
    if (value.isUndefined())
        return true;
    PpReader in(scenario);
    const QString r = QStringLiteral("$.powerPlatform");
    const QJsonObject root = in.object(value, r,
                                       {QStringLiteral("pageSize"), QStringLiteral("environments"),
                                        QStringLiteral("apps"), QStringLiteral("flows"), QStringLiteral("workspaces"),
                                        QStringLiteral("datasets"), QStringLiteral("consent")});
    const QJsonValue pageSize = root.value(QStringLiteral("pageSize"));
    if (!pageSize.isUndefined()) {
        if (!pageSize.isDouble() || pageSize.toInt(0) < 1 || pageSize.toInt(0) > 1000)
            in.fail(r + QStringLiteral(".pageSize"), QStringLiteral("must be a whole number from 1 to 1000"));
        out->pageSize = pageSize.toInt(2);
    }

    QSet<QString> environmentNames;
    const QJsonArray environments = in.array(root, r, "environments");
    for (qsizetype i = 0; i < environments.size() && !in.failed(); ++i) {
        const QString p = QStringLiteral("%1.environments[%2]").arg(r).arg(i);
        const QJsonObject o =
            in.object(environments[i], p,
                      {QStringLiteral("tenantId"), QStringLiteral("name"), QStringLiteral("displayName"),
                       QStringLiteral("sku"), QStringLiteral("isDefault")});
        PpEnvironment e;
        e.tenantId = in.tenant(o, p);
        e.name = in.text(o, p, "name", true);
        e.displayName = in.text(o, p, "displayName", false, e.name);
        e.sku = in.text(o, p, "sku", false, e.sku);
        e.isDefault = o.value(QStringLiteral("isDefault")).toBool(false);
        if (environmentNames.contains(e.name.toLower()))
            in.fail(p + QStringLiteral(".name"), QStringLiteral("environment \"%1\" is listed twice").arg(e.name));
        environmentNames.insert(e.name.toLower());
        out->environments << e;
    }
    const auto environmentTenant = [&](const QJsonObject &o, const QString &p) {
        const QString name = in.text(o, p, "environment", true);
        for (const PpEnvironment &e : std::as_const(out->environments))
            if (e.name.compare(name, Qt::CaseInsensitive) == 0)
                return std::pair{e.name, e.tenantId};
        in.fail(p + QStringLiteral(".environment"), QStringLiteral("no environment \"%1\"").arg(name));
        return std::pair{name, QString()};
    };

    const QJsonArray apps = in.array(root, r, "apps");
    for (qsizetype i = 0; i < apps.size() && !in.failed(); ++i) {
        const QString p = QStringLiteral("%1.apps[%2]").arg(r).arg(i);
        const QJsonObject o =
            in.object(apps[i], p,
                      {QStringLiteral("environment"), QStringLiteral("name"), QStringLiteral("displayName"),
                       QStringLiteral("owner"), QStringLiteral("coOwners"), QStringLiteral("viewers"),
                       QStringLiteral("lastModified")});
        PpApp a;
        std::tie(a.environment, a.tenantId) = environmentTenant(o, p);
        a.name = in.guid(o, p, "name");
        a.displayName = in.text(o, p, "displayName", true);
        a.owner = in.principal(o.value(QStringLiteral("owner")), p + QStringLiteral(".owner"), a.tenantId);
        a.coOwners = in.principals(o, p, "coOwners", a.tenantId);
        a.viewers = in.principals(o, p, "viewers", a.tenantId);
        a.lastModified = in.text(o, p, "lastModified", false, QStringLiteral("2026-01-05T09:30:00Z"));
        out->apps << a;
    }

    const QJsonArray flows = in.array(root, r, "flows");
    for (qsizetype i = 0; i < flows.size() && !in.failed(); ++i) {
        const QString p = QStringLiteral("%1.flows[%2]").arg(r).arg(i);
        const QJsonObject o =
            in.object(flows[i], p,
                      {QStringLiteral("environment"), QStringLiteral("name"), QStringLiteral("displayName"),
                       QStringLiteral("creator"), QStringLiteral("coOwners"), QStringLiteral("solution"),
                       QStringLiteral("lastModified")});
        PpFlow f;
        std::tie(f.environment, f.tenantId) = environmentTenant(o, p);
        f.name = in.guid(o, p, "name");
        f.displayName = in.text(o, p, "displayName", true);
        f.creator = in.principal(o.value(QStringLiteral("creator")), p + QStringLiteral(".creator"), f.tenantId);
        f.coOwners = in.principals(o, p, "coOwners", f.tenantId);
        f.solution = o.value(QStringLiteral("solution")).toBool(false);
        f.lastModified = in.text(o, p, "lastModified", false, QStringLiteral("2026-01-05T09:30:00Z"));
        out->flows << f;
    }

    const QJsonArray workspaces = in.array(root, r, "workspaces");
    for (qsizetype i = 0; i < workspaces.size() && !in.failed(); ++i) {
        const QString p = QStringLiteral("%1.workspaces[%2]").arg(r).arg(i);
        const QJsonObject o = in.object(
            workspaces[i], p,
            {QStringLiteral("tenantId"), QStringLiteral("id"), QStringLiteral("name"), QStringLiteral("members")});
        PbiWorkspace w;
        w.tenantId = in.tenant(o, p);
        w.id = in.guid(o, p, "id");
        w.name = in.text(o, p, "name", true);
        w.members = in.principals(o, p, "members", w.tenantId);
        out->workspaces << w;
    }

    const QJsonArray datasets = in.array(root, r, "datasets");
    for (qsizetype i = 0; i < datasets.size() && !in.failed(); ++i) {
        const QString p = QStringLiteral("%1.datasets[%2]").arg(r).arg(i);
        const QJsonObject o = in.object(datasets[i], p,
                                        {QStringLiteral("tenantId"), QStringLiteral("workspace"),
                                         QStringLiteral("myWorkspaceOf"), QStringLiteral("id"), QStringLiteral("name"),
                                         QStringLiteral("configuredBy"), QStringLiteral("createdDate")});
        PbiDataset d;
        d.tenantId = in.tenant(o, p);
        d.workspaceId = in.text(o, p, "workspace", false).toLower();
        if (d.workspaceId.isEmpty() == o.value(QStringLiteral("myWorkspaceOf")).isUndefined())
            in.fail(p, QStringLiteral("needs exactly one of \"workspace\" and \"myWorkspaceOf\""));
        if (!d.workspaceId.isEmpty()) {
            bool known = false;
            for (const PbiWorkspace &w : std::as_const(out->workspaces))
                known = known || (w.id == d.workspaceId && w.tenantId == d.tenantId);
            if (!known)
                in.fail(p + QStringLiteral(".workspace"),
                        QStringLiteral("no workspace %1 in directory %2").arg(d.workspaceId, d.tenantId));
        } else {
            d.myWorkspaceOf = in.principal(o.value(QStringLiteral("myWorkspaceOf")),
                                           p + QStringLiteral(".myWorkspaceOf"), d.tenantId);
        }
        d.id = in.guid(o, p, "id");
        d.name = in.text(o, p, "name", true);
        // A user of the scenario by name, or any text (Power BI reports the publisher as a string).
        const QString by = in.text(o, p, "configuredBy", true);
        const User *u = scenario.user(by);
        d.configuredBy = u ? u->username : by;
        d.createdDate = in.text(o, p, "createdDate", false, QStringLiteral("2026-01-05T09:30:00Z"));
        out->datasets << d;
    }

    const QJsonArray consent = in.array(root, r, "consent");
    for (qsizetype i = 0; i < consent.size() && !in.failed(); ++i) {
        const QString p = QStringLiteral("%1.consent[%2]").arg(r).arg(i);
        const QJsonObject o = in.object(consent[i], p,
                                        {QStringLiteral("audience"), QStringLiteral("clientId"),
                                         QStringLiteral("tenantId"), QStringLiteral("code")});
        ConsentRefusal c;
        c.audience = in.text(o, p, "audience", true);
        c.clientId = in.text(o, p, "clientId", false).toLower();
        if (o.contains(QStringLiteral("tenantId")))
            c.tenantId = in.tenant(o, p);
        c.code = o.value(QStringLiteral("code")).toInt(65001);
        if (c.code != 65001 && c.code != 65002)
            in.fail(p + QStringLiteral(".code"), QStringLiteral("must be 65001 or 65002"));
        out->consent << c;
    }

    if (in.failed()) {
        *path = in.errorPath;
        *problem = in.error;
        return false;
    }
    return true;
}

} // namespace palsandbox
