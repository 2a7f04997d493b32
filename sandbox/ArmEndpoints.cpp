// The Azure Resource Manager half of the sandbox: bearer token checks, GET /tenants and
// Microsoft.ManagementPartner 2018-02-01 (see sandbox/README.md for what answers what); the RBAC
// paths (subscriptions, roles, PIM, Lighthouse) are in RbacEndpoints.cpp.
#include "SandboxPrivate.h"

#include <QDateTime>
#include <QJsonArray>
#include <QRegularExpression>
#include <QUrlQuery>

namespace palsandbox {

namespace {

const QString kTenantsApiVersions = QStringLiteral(
    "2014-04-01,2015-01-01,2016-02-01,2016-06-01,2016-09-01,2018-02-01,2018-05-01,2019-03-01,2019-05-01,2019-06-01,"
    "2019-07-01,2019-08-01,2019-10-01,2019-11-01,2020-01-01,2021-01-01,2022-01-01,2022-09-01,2022-12-01");
const QString kPartnerApiVersions = QStringLiteral("2018-02-01");

QString armTime(qint64 epochSeconds)
{
    // ARM's messages print times as .NET does: 11/27/2026 3:04:05 PM
    return QDateTime::fromSecsSinceEpoch(epochSeconds, Qt::UTC).toString(QStringLiteral("M/d/yyyy h:mm:ss AP"));
}

QJsonObject operationEntry(const QString &action, const QString &operation, const QString &description)
{
    return QJsonObject{
        {QStringLiteral("name"), QString(QStringLiteral("Microsoft.ManagementPartner/partners/") + action)},
        {QStringLiteral("display"),
         QJsonObject{{QStringLiteral("provider"), QStringLiteral("Microsoft ManagementPartner")},
                     {QStringLiteral("resource"), QStringLiteral("ManagementPartner")},
                     {QStringLiteral("operation"), operation},
                     {QStringLiteral("description"), description}}}};
}

} // namespace

Reply SandboxServer::Private::armError(int status, const QString &code, const QString &message) const
{
    return Reply::json(
        status, QJsonObject{{QStringLiteral("error"),
                             QJsonObject{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}}}});
}

std::optional<Caller> SandboxServer::Private::authenticate(const httplib::Request &req, Reply *failure,
                                                           const QStringList &audiences) const
{
    auto fail = [&](const QString &code, const QString &message, const QString &why) {
        *failure = armError(401, code, message);
        failure->headers.emplace_back(
            "WWW-Authenticate",
            QStringLiteral("Bearer authorization_uri=\"%1/\", error=\"invalid_token\", error_description=\"%2\"")
                .arg(base, why)
                .toStdString());
        return std::nullopt;
    };
    if (!req.has_header("Authorization"))
        return fail(QStringLiteral("AuthenticationFailed"),
                    QStringLiteral("Authentication failed. The 'Authorization' header is missing."),
                    QStringLiteral("The authentication failed because of missing 'Authorization' header."));
    const QByteArray header = QByteArray::fromStdString(req.get_header_value("Authorization")).trimmed();
    if (!header.toLower().startsWith("bearer ") || header.mid(7).trimmed().isEmpty())
        return fail(
            QStringLiteral("AuthenticationFailed"),
            QStringLiteral("Authentication failed. The 'Authorization' header is provided in an invalid format."),
            QStringLiteral("The access token is missing or invalid."));
    const auto jwt = crypto::Jwt::parse(header.mid(7).trimmed());
    const QString invalid = QStringLiteral("The access token is invalid.");
    if (!jwt)
        return fail(QStringLiteral("InvalidAuthenticationToken"), invalid, invalid);
    if (jwt->header.value(QStringLiteral("alg")).toString() != QLatin1String("RS256") ||
        jwt->header.value(QStringLiteral("kid")).toString() != key->keyId() ||
        !key->verify(jwt->signingInput, jwt->signature))
        return fail(QStringLiteral("InvalidAuthenticationToken"), invalid,
                    QStringLiteral("The access token signature is invalid."));
    const QJsonObject &c = jwt->claims;
    const QString tid = c.value(QStringLiteral("tid")).toString();
    const QString oid = c.value(QStringLiteral("oid")).toString();
    const QString iss = c.value(QStringLiteral("iss")).toString();
    const QString aud = c.value(QStringLiteral("aud")).toString();
    const QStringList allowed = audiences.isEmpty() ? QStringList{base + QLatin1Char('/'), base} : audiences;
    if (!allowed.contains(aud))
        return fail(QStringLiteral("InvalidAuthenticationTokenAudience"),
                    QStringLiteral("The access token has been obtained for wrong audience or resource '%1'. It should "
                                   "exactly match with one of the allowed audiences '%2'.")
                        .arg(aud, allowed.join(QStringLiteral("','"))),
                    QStringLiteral("The access token has been obtained for wrong audience."));
    const Directory *directory = Scenario::isGuid(tid) ? scenario.directory(tid) : nullptr;
    if (!directory || iss != base + QLatin1Char('/') + tid + QStringLiteral("/v2.0"))
        return fail(QStringLiteral("InvalidAuthenticationTokenTenant"),
                    QStringLiteral("The access token is from the wrong issuer '%1'. It must match a tenant known to "
                                   "the sandbox.")
                        .arg(iss),
                    QStringLiteral("The access token is from the wrong issuer."));
    const qint64 t = now();
    const qint64 exp = qint64(c.value(QStringLiteral("exp")).toDouble());
    const qint64 nbf = qint64(c.value(QStringLiteral("nbf")).toDouble());
    if (exp <= t)
        return fail(QStringLiteral("ExpiredAuthenticationToken"),
                    QStringLiteral("The access token expiry UTC time '%1' is earlier than current UTC time '%2'.")
                        .arg(armTime(exp), armTime(t)),
                    QStringLiteral("The access token expiry UTC time '%1' is earlier than current UTC time '%2'.")
                        .arg(armTime(exp), armTime(t)));
    if (nbf > t + 300)
        return fail(QStringLiteral("InvalidAuthenticationToken"), invalid,
                    QStringLiteral("The access token is not yet valid."));

    Caller caller;
    caller.tenantId = directory->tenantId;
    caller.objectId = oid;
    for (const User &user : scenario.users) {
        if (user.isMemberOf(caller.tenantId) && user.objectIdIn(caller.tenantId) == oid)
            caller.user = &user;
    }
    for (const ServicePrincipal &sp : scenario.servicePrincipals) {
        if (sp.tenantId == caller.tenantId && sp.objectId == oid)
            caller.app = &sp;
    }
    if (!caller.user && !caller.app)
        return fail(QStringLiteral("InvalidAuthenticationToken"), invalid,
                    QStringLiteral("The principal of the access token does not exist in the tenant."));
    return caller;
}

Reply SandboxServer::Private::arm(const httplib::Request &req, const QString &path)
{
    Reply failure;
    const std::optional<Caller> caller = authenticate(req, &failure);
    if (!caller)
        return failure;

    const QString lower = path.toLower();
    const bool isTenants = lower == QLatin1String("/tenants");
    const QString mpPrefix = QStringLiteral("/providers/microsoft.managementpartner");
    const bool isPartner = lower == mpPrefix || lower.startsWith(mpPrefix + QLatin1Char('/'));
    if (!isTenants && !isPartner) {
        if (std::optional<Reply> rbac = azureRbac(req, path, *caller))
            return *rbac;
        return armError(404, QStringLiteral("InvalidResourceType"),
                        QStringLiteral("The resource type could not be found for the path '%1'.").arg(path));
    }

    if (auto error = apiVersionError(req, isTenants ? kTenantsApiVersions : kPartnerApiVersions))
        return *error;
    if (isTenants) {
        if (req.method != "GET")
            return armError(405, QStringLiteral("MethodNotAllowed"),
                            QStringLiteral("The requested resource does not support http method '%1'.")
                                .arg(QString::fromStdString(req.method)));
        return tenants(req, *caller);
    }
    return managementPartner(req, path.mid(mpPrefix.size()), *caller);
}

Reply SandboxServer::Private::tenants(const httplib::Request &req, const Caller &caller)
{
    QStringList ids;
    QString home;
    if (caller.user) {
        // Every directory the user may sign in to, one where it is a foreign principal (CSP/GDAP)
        // included: whether the real /tenants lists such a directory is not documented.
        ids = caller.user->memberOf;
        home = caller.user->homeTenantId;
    } else {
        ids = {caller.app->tenantId};
        home = caller.app->tenantId;
    }
    int offset = 0;
    if (req.has_param("$skiptoken")) {
        const auto decoded = crypto::fromBase64Url(QByteArray::fromStdString(req.get_param_value("$skiptoken")));
        bool ok = false;
        if (decoded && decoded->startsWith("offset:"))
            offset = decoded->mid(7).toInt(&ok);
        if (!ok || offset < 0 || offset > ids.size())
            return armError(400, QStringLiteral("InvalidSkipToken"), QStringLiteral("The skip token is invalid."));
    }
    const int pageSize = scenario.tenantsPageSize;
    QJsonArray value;
    for (int i = offset; i < ids.size() && i < offset + pageSize; ++i) {
        const Directory *d = scenario.directory(ids[i]);
        QJsonArray domains;
        for (const QString &domain : d->domains)
            domains << domain;
        value << QJsonObject{
            {QStringLiteral("id"), QString(QStringLiteral("/tenants/") + d->tenantId)},
            {QStringLiteral("tenantId"), d->tenantId},
            {QStringLiteral("countryCode"), d->countryCode},
            {QStringLiteral("displayName"), d->displayName},
            {QStringLiteral("domains"), domains},
            {QStringLiteral("tenantCategory"), d->tenantId == home ? QStringLiteral("Home") : d->tenantCategory},
            {QStringLiteral("defaultDomain"), d->defaultDomain},
            {QStringLiteral("tenantType"), QStringLiteral("AAD")}};
    }
    QJsonObject body{{QStringLiteral("value"), value}};
    if (offset + pageSize < ids.size()) {
        const QString token = QString::fromLatin1(crypto::base64Url("offset:" + QByteArray::number(offset + pageSize)));
        body.insert(QStringLiteral("nextLink"),
                    QString(base + QStringLiteral("/tenants?api-version=%1&$skiptoken=%2")
                                       .arg(QString::fromStdString(req.get_param_value("api-version")), token)));
    }
    return Reply::json(200, body);
}

QJsonObject SandboxServer::Private::partnerResponse(const QString &tenantId, const QString &objectId,
                                                    const LinkRecord &link, bool collectionId) const
{
    const QString id =
        collectionId ? QStringLiteral("/providers/microsoft.managementpartner/partners")
                     : QString(QStringLiteral("/providers/microsoft.managementpartner/partners/") + link.partnerId);
    return QJsonObject{
        {QStringLiteral("id"), id},
        {QStringLiteral("type"), QStringLiteral("Microsoft.ManagementPartner/partners")},
        {QStringLiteral("name"), link.partnerId},
        {QStringLiteral("etag"), link.version},
        {QStringLiteral("properties"),
         QJsonObject{{QStringLiteral("partnerId"), link.partnerId},
                     {QStringLiteral("partnerName"), scenario.partners.value(link.partnerId)},
                     {QStringLiteral("tenantId"), tenantId},
                     {QStringLiteral("objectId"), objectId},
                     {QStringLiteral("version"), link.version},
                     {QStringLiteral("updatedTime"), link.updatedTime},
                     {QStringLiteral("createdTime"), link.createdTime},
                     {QStringLiteral("state"), link.active ? QStringLiteral("Active") : QStringLiteral("Deleted")}}}};
}

Reply SandboxServer::Private::managementPartner(const httplib::Request &req, const QString &rest, const Caller &caller)
{
    const QString method = QString::fromStdString(req.method);
    const QString lower = rest.toLower();
    const QString who = QStringLiteral("the principal '%1' in tenant '%2'").arg(caller.objectId, caller.tenantId);
    auto methodNotAllowed = [&] {
        return armError(405, QStringLiteral("MethodNotAllowed"),
                        QStringLiteral("The requested resource does not support http method '%1'.").arg(method));
    };

    if (lower == QLatin1String("/operations")) {
        if (method != QLatin1String("GET"))
            return methodNotAllowed();
        const QJsonArray ops{operationEntry(QStringLiteral("read"), QStringLiteral("Get ManagementPartner"),
                                            QStringLiteral("Read All ManagementPartner")),
                             operationEntry(QStringLiteral("write"), QStringLiteral("Create ManagementPartner"),
                                            QStringLiteral("Create any ManagementPartner")),
                             operationEntry(QStringLiteral("action"), QStringLiteral("Update ManagementPartner"),
                                            QStringLiteral("Update any ManagementPartner")),
                             operationEntry(QStringLiteral("delete"), QStringLiteral("Delete ManagementPartner"),
                                            QStringLiteral("Delete any ManagementPartner"))};
        return Reply::json(200, QJsonObject{{QStringLiteral("value"), ops}});
    }

    const QString linkKey = caller.tenantId + QLatin1Char('/') + caller.objectId;
    if (lower == QLatin1String("/partners") || lower == QLatin1String("/partners/")) {
        if (method != QLatin1String("GET"))
            return methodNotAllowed();
        std::lock_guard lock(mutex);
        const auto it = links.constFind(linkKey);
        if (it == links.constEnd() || !it->active)
            return armError(404, QStringLiteral("NotFound"), QStringLiteral("No partner is linked to %1.").arg(who));
        return Reply::json(200, partnerResponse(caller.tenantId, caller.objectId, *it, true));
    }

    if (!lower.startsWith(QLatin1String("/partners/")) || rest.count(QLatin1Char('/')) != 2)
        return armError(404, QStringLiteral("InvalidResourceType"),
                        QStringLiteral("The resource type '%1' could not be found in the namespace "
                                       "'Microsoft.ManagementPartner' for api version '2018-02-01'.")
                            .arg(rest.section(QLatin1Char('/'), 1, 1)));
    const QString partnerId = rest.section(QLatin1Char('/'), 2);
    static const QRegularExpression digits(QStringLiteral("^[0-9]+$"));
    if (!digits.match(partnerId).hasMatch())
        return armError(
            400, QStringLiteral("BadRequest"),
            QStringLiteral("The partner ID '%1' is not valid: a partner ID has digits only.").arg(partnerId));

    std::lock_guard lock(mutex);
    LinkRecord *link = links.contains(linkKey) ? &links[linkKey] : nullptr;
    const bool linked = link && link->active;
    const QString stamp = timestamp7();

    if (method == QLatin1String("GET")) {
        if (!linked || link->partnerId != partnerId)
            return armError(404, QStringLiteral("NotFound"),
                            QStringLiteral("Partner '%1' is not linked to %2.").arg(partnerId, who));
        return Reply::json(200, partnerResponse(caller.tenantId, caller.objectId, *link, false));
    }
    if (method == QLatin1String("DELETE")) {
        if (!linked || link->partnerId != partnerId)
            return armError(404, QStringLiteral("NotFound"),
                            QStringLiteral("Partner '%1' is not linked to %2.").arg(partnerId, who));
        link->active = false;
        link->version += 1;
        link->updatedTime = stamp;
        return Reply::empty(200);
    }
    if (method != QLatin1String("PUT") && method != QLatin1String("PATCH"))
        return methodNotAllowed();
    if (!scenario.partners.contains(partnerId))
        return armError(400, QStringLiteral("BadRequest"),
                        QStringLiteral("The partner ID '%1' is not a valid partner location ID.").arg(partnerId));
    // A user signed in to a customer's directory with its own (home) object id is a foreign
    // principal there (CSP admin-on-behalf-of, DAP, GDAP): the service refuses to link it. The
    // message is the one users report (azure-contract.md); its status and code are not documented.
    if (caller.user && caller.tenantId != caller.user->homeTenantId &&
        caller.objectId == caller.user->objectIdIn(caller.user->homeTenantId))
        return armError(
            400, QStringLiteral("BadRequest"),
            QStringLiteral("The user does not have an account in this tenant, work with the administrator "
                           "to add the account. If you are a CSP partner logged in the customer tenant, you "
                           "will not be able to link the Partner ID"));
    if (method == QLatin1String("PUT")) {
        if (linked)
            return armError(409, QStringLiteral("Conflict"),
                            QStringLiteral("%1 is already linked to partner '%2'. Update the link instead.")
                                .arg(who, link->partnerId)
                                .replace(0, 1, QStringLiteral("T")));
        if (!link) {
            link = &links[linkKey];
            link->createdTime = stamp;
        }
        link->partnerId = partnerId;
        link->version += 1;
        link->updatedTime = stamp;
        link->active = true;
        return Reply::json(200, partnerResponse(caller.tenantId, caller.objectId, *link, false));
    }
    if (!linked)
        return armError(404, QStringLiteral("NotFound"), QStringLiteral("No partner is linked to %1.").arg(who));
    link->partnerId = partnerId;
    link->version += 1;
    link->updatedTime = stamp;
    return Reply::json(200, partnerResponse(caller.tenantId, caller.objectId, *link, false));
}

} // namespace palsandbox
