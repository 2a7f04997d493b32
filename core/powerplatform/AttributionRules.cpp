#include "AttributionRules.h"

#include "JsonFields.h"

namespace pal {

namespace {

using Ownership = Classified::Ownership;

QString stringAt(const QJsonObject &o, std::initializer_list<const char *> path)
{
    QJsonValue v = o;
    for (const char *key : path) {
        if (!v.isObject())
            return {};
        v = v.toObject().value(QLatin1String(key));
    }
    return v.isString() ? v.toString() : QString();
}

QDateTime timeAt(const QJsonObject &o, std::initializer_list<const char *> path)
{
    const QString text = stringAt(o, path);
    if (text.isEmpty())
        return {};
    return json::parseTimestamp(text).value_or(QDateTime());
}

bool sameId(const QString &a, const QString &b)
{
    return !a.isEmpty() && a.compare(b, Qt::CaseInsensitive) == 0;
}

Classified cannotTell(AttributionItem item, const QString &why)
{
    item.why = why;
    return {Ownership::CannotTell, std::move(item)};
}

// The id and a name for an entry; the name falls back to the id so a row is never blank.
AttributionItem baseItem(const QJsonObject &o, const QString &name, const QString &container)
{
    AttributionItem item;
    item.id = o.value(QStringLiteral("name")).toString();
    if (item.id.isEmpty())
        item.id = o.value(QStringLiteral("id")).toString();
    item.name = name.isEmpty() ? item.id : name;
    item.container = container;
    return item;
}

} // namespace

Classified classifyApp(const QJsonObject &app, const QString &environmentName, const AttributionIdentity &me)
{
    AttributionItem item = baseItem(app, stringAt(app, {"properties", "displayName"}), environmentName);
    item.lastModified = timeAt(app, {"properties", "lastModifiedTime"});
    item.ownerId = stringAt(app, {"properties", "owner", "id"});
    item.ownerName = stringAt(app, {"properties", "owner", "displayName"});
    if (item.ownerName.isEmpty())
        item.ownerName = stringAt(app, {"properties", "owner", "userPrincipalName"});
    if (item.id.isEmpty())
        return cannotTell(item, QStringLiteral("The app has no name PAL Desk can read."));
    if (item.ownerId.isEmpty())
        return cannotTell(item, QStringLiteral("Power Apps did not say who owns this app."));
    if (sameId(item.ownerId, me.objectId)) {
        item.why = QStringLiteral("owner");
        return {Ownership::Credited, item};
    }
    return {Ownership::AskPermissions, item};
}

Classified classifyAppPermissions(Classified app, const QList<QJsonObject> &permissions, int unreadableEntries,
                                  const AttributionIdentity &me)
{
    bool unclear = unreadableEntries > 0;
    bool groupCanEdit = false;
    for (const QJsonObject &p : permissions) {
        const QString role = stringAt(p, {"properties", "roleName"});
        const QString principal = stringAt(p, {"properties", "principal", "id"});
        const QString type = stringAt(p, {"properties", "principal", "type"});
        if (role.isEmpty() || principal.isEmpty()) {
            unclear = true;
            continue;
        }
        const bool canEdit = role.compare(QLatin1String("CanEdit"), Qt::CaseInsensitive) == 0 ||
                             role.compare(QLatin1String("Owner"), Qt::CaseInsensitive) == 0;
        if (canEdit && sameId(principal, me.objectId)) {
            app.item.why = role.compare(QLatin1String("Owner"), Qt::CaseInsensitive) == 0 ? QStringLiteral("owner")
                                                                                          : QStringLiteral("co-owner");
            app.ownership = Ownership::Credited;
            return app;
        }
        // Co-ownership through a group (or the whole tenant) depends on membership PAL Desk does not read.
        if (canEdit && type.compare(QLatin1String("User"), Qt::CaseInsensitive) != 0)
            groupCanEdit = true;
    }
    if (groupCanEdit)
        return cannotTell(app.item, QStringLiteral("A group is co-owner; PAL Desk cannot see whether you are in it."));
    if (unclear)
        return cannotTell(app.item, QStringLiteral("Some of the app's permissions were not in a form PAL Desk knows."));
    app.ownership = Ownership::Other;
    return app;
}

Classified classifyFlow(const QJsonObject &flow, const QString &environmentName, const AttributionIdentity &me)
{
    AttributionItem item = baseItem(flow, stringAt(flow, {"properties", "displayName"}), environmentName);
    item.lastModified = timeAt(flow, {"properties", "lastModifiedTime"});
    item.ownerId = stringAt(flow, {"properties", "creator", "objectId"});
    if (item.id.isEmpty())
        return cannotTell(item, QStringLiteral("The flow has no name PAL Desk can read."));
    if (item.ownerId.isEmpty())
        return cannotTell(item, QStringLiteral("Power Automate did not say who created this flow."));
    if (sameId(item.ownerId, me.objectId)) {
        item.why = QStringLiteral("creator");
        return {Ownership::Credited, item};
    }
    return {Ownership::Other, item};
}

Classified classifyDataset(const QJsonObject &dataset, const QString &workspaceName, const QString &workspaceId,
                           const AttributionIdentity &me)
{
    AttributionItem item;
    item.id = dataset.value(QStringLiteral("id")).toString();
    item.name = dataset.value(QStringLiteral("name")).toString(item.id);
    item.container = workspaceName;
    item.containerId = workspaceId;
    // Power BI lists no modification time for a dataset; createdDate is when it was published.
    item.lastModified = timeAt(dataset, {"createdDate"});
    const QString configuredBy = dataset.value(QStringLiteral("configuredBy")).toString();
    item.ownerId = configuredBy;
    item.ownerName = configuredBy;
    if (item.id.isEmpty())
        return cannotTell(item, QStringLiteral("The dataset has no id PAL Desk can read."));
    if (configuredBy.isEmpty())
        return cannotTell(item, QStringLiteral("Power BI did not say who published this dataset."));
    if (samePublisher(configuredBy, me.username) ||
        (me.servicePrincipal && (sameId(configuredBy, me.clientId) || sameId(configuredBy, me.objectId)))) {
        item.why = QStringLiteral("publisher");
        return {Ownership::Credited, item};
    }
    if (me.servicePrincipal) // how Power BI names a service principal as publisher is not documented
        return cannotTell(item, QStringLiteral("Power BI does not document how it names a service principal as "
                                               "publisher, so PAL Desk cannot tell whether it is you."));
    return {Ownership::Other, item};
}

bool samePublisher(const QString &configuredBy, const QString &username)
{
    if (configuredBy.isEmpty() || username.isEmpty())
        return false;
    if (configuredBy.compare(username, Qt::CaseInsensitive) == 0)
        return true;
    const qsizetype ext = configuredBy.indexOf(QLatin1String("#EXT#"), 0, Qt::CaseInsensitive);
    if (ext <= 0)
        return false;
    // B2B: the invited address with '@' turned into '_'; the address itself may hold '_' too.
    QString mangled = username;
    mangled.replace(QLatin1Char('@'), QLatin1Char('_'));
    return configuredBy.left(ext).compare(mangled, Qt::CaseInsensitive) == 0;
}

} // namespace pal
