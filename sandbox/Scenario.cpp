#include "Scenario.h"

#include "Crypto.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QUuid>

namespace palsandbox {

namespace {

// Reads typed fields out of JSON objects, remembering the path for the first error it meets.
class Reader
{
public:
    bool failed() const { return !m_error.isEmpty(); }
    QString error() const { return m_error; }

    void fail(const QString &path, const QString &problem)
    {
        if (m_error.isEmpty())
            m_error = QStringLiteral("at ") + path + QStringLiteral(": ") + problem;
    }

    void checkKeys(const QJsonObject &object, const QString &path, const QStringList &allowed)
    {
        for (auto it = object.begin(); it != object.end(); ++it) {
            const QString key = it.key();
            if (!allowed.contains(key) && !key.startsWith(QLatin1Char('_')) && !key.startsWith(QLatin1Char('$')) &&
                key != QLatin1String("description"))
                fail(path, QStringLiteral("unknown field \"%1\"").arg(key));
        }
    }

    QString string(const QJsonObject &object, const QString &path, const QString &key, bool required,
                   const QString &fallback = {})
    {
        const QJsonValue value = object.value(key);
        if (value.isUndefined() || value.isNull()) {
            if (required)
                fail(path + QLatin1Char('.') + key, QStringLiteral("missing (a string is required)"));
            return fallback;
        }
        if (!value.isString()) {
            fail(path + QLatin1Char('.') + key, QStringLiteral("must be a string"));
            return fallback;
        }
        const QString text = value.toString().trimmed();
        if (required && text.isEmpty())
            fail(path + QLatin1Char('.') + key, QStringLiteral("must not be empty"));
        return text;
    }

    QString guid(const QJsonObject &object, const QString &path, const QString &key, bool required)
    {
        const QString text = string(object, path, key, required);
        if (!text.isEmpty() && !Scenario::isGuid(text))
            fail(path + QLatin1Char('.') + key, QStringLiteral("\"%1\" is not a GUID").arg(text));
        return text.toLower();
    }

    bool boolean(const QJsonObject &object, const QString &path, const QString &key, bool fallback)
    {
        const QJsonValue value = object.value(key);
        if (value.isUndefined())
            return fallback;
        if (!value.isBool())
            fail(path + QLatin1Char('.') + key, QStringLiteral("must be true or false"));
        return value.toBool(fallback);
    }

    int integer(const QJsonObject &object, const QString &path, const QString &key, int fallback, int minimum,
                int maximum = std::numeric_limits<int>::max())
    {
        const QJsonValue value = object.value(key);
        if (value.isUndefined())
            return fallback;
        const double number = value.toDouble(std::numeric_limits<double>::quiet_NaN());
        if (!value.isDouble() || number != double(qint64(number))) {
            fail(path + QLatin1Char('.') + key, QStringLiteral("must be a whole number"));
            return fallback;
        }
        if (number < minimum || number > maximum) {
            fail(path + QLatin1Char('.') + key,
                 QStringLiteral("must be between %1 and %2 (is %3)").arg(minimum).arg(maximum).arg(qint64(number)));
            return fallback;
        }
        return int(number);
    }

    QJsonArray array(const QJsonObject &object, const QString &path, const QString &key)
    {
        const QJsonValue value = object.value(key);
        if (value.isUndefined())
            return {};
        if (!value.isArray())
            fail(path + QLatin1Char('.') + key, QStringLiteral("must be an array"));
        return value.toArray();
    }

    QJsonObject element(const QJsonValue &value, const QString &path)
    {
        if (!value.isObject())
            fail(path, QStringLiteral("must be an object"));
        return value.toObject();
    }

    QStringList strings(const QJsonObject &object, const QString &path, const QString &key)
    {
        QStringList out;
        const QJsonArray items = array(object, path, key);
        for (int i = 0; i < items.size(); ++i) {
            if (!items[i].isString() || items[i].toString().trimmed().isEmpty())
                fail(QStringLiteral("%1.%2[%3]").arg(path, key).arg(i), QStringLiteral("must be a non-empty string"));
            out << items[i].toString().trimmed();
        }
        return out;
    }

private:
    QString m_error;
};

bool isDomainName(const QString &text)
{
    static const QRegularExpression re(
        QStringLiteral("^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$"));
    return re.match(text).hasMatch();
}

QString lineAndColumn(const QByteArray &json, int offset)
{
    int line = 1;
    int column = 1;
    for (int i = 0; i < offset && i < json.size(); ++i) {
        if (json[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return QStringLiteral("line %1, column %2").arg(line).arg(column);
}

std::optional<Fault::Kind> faultKind(const QString &name)
{
    if (name == QLatin1String("status"))
        return Fault::Kind::Status;
    if (name == QLatin1String("drop"))
        return Fault::Kind::Drop;
    if (name == QLatin1String("malformedJson"))
        return Fault::Kind::MalformedJson;
    if (name == QLatin1String("wrongContentType"))
        return Fault::Kind::WrongContentType;
    if (name == QLatin1String("latency"))
        return Fault::Kind::Latency;
    if (name == QLatin1String("throttle"))
        return Fault::Kind::Throttle;
    if (name == QLatin1String("hugeBody"))
        return Fault::Kind::HugeBody;
    if (name == QLatin1String("trickle"))
        return Fault::Kind::Trickle;
    return std::nullopt;
}

} // namespace

bool Scenario::isGuid(const QString &text)
{
    static const QRegularExpression re(
        QStringLiteral("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"));
    return re.match(text).hasMatch();
}

QString Scenario::derivedObjectId(const QString &principal, const QString &tenantId)
{
    static const QUuid ns(QStringLiteral("6f1b3c2e-4d5a-4b8e-9c7d-0a1b2c3d4e5f"));
    return QUuid::createUuidV5(ns, (principal.toLower() + QLatin1Char('|') + tenantId.toLower()).toUtf8())
        .toString(QUuid::WithoutBraces);
}

const Directory *Scenario::directory(const QString &guidOrDomain) const
{
    for (const Directory &d : directories) {
        if (d.tenantId.compare(guidOrDomain, Qt::CaseInsensitive) == 0 ||
            d.domains.contains(guidOrDomain, Qt::CaseInsensitive))
            return &d;
    }
    return nullptr;
}

const User *Scenario::user(const QString &username) const
{
    for (const User &u : users) {
        if (u.username.compare(username, Qt::CaseInsensitive) == 0)
            return &u;
    }
    return nullptr;
}

const ServicePrincipal *Scenario::servicePrincipal(const QString &clientId) const
{
    for (const ServicePrincipal &sp : servicePrincipals) {
        if (sp.clientId.compare(clientId, Qt::CaseInsensitive) == 0)
            return &sp;
    }
    return nullptr;
}

bool Scenario::isPublicClient(const QString &clientId) const
{
    return publicClients.contains(clientId.toLower());
}

bool Scenario::redirectUriMatches(const QString &registered, const QString &requested)
{
    const QUrl r(registered, QUrl::StrictMode);
    const QUrl q(requested, QUrl::StrictMode);
    if (!r.isValid() || !q.isValid() || q.hasFragment() || !q.userInfo().isEmpty())
        return false;
    const auto path = [](const QUrl &u) { return u.path().isEmpty() ? QStringLiteral("/") : u.path(); };
    const QString host = r.host().toLower();
    const bool loopback = r.scheme() == QLatin1String("http") &&
                          (host == QLatin1String("localhost") || host == QLatin1String("127.0.0.1"));
    // Entra's reply-url rules: the port of a loopback URI is ignored (RFC 8252 §7.3), the host
    // is not; paths are case-sensitive; no path and "/" are the same.
    return r.scheme().compare(q.scheme(), Qt::CaseInsensitive) == 0 && host == q.host().toLower() &&
           (loopback || r.port(443) == q.port(443)) && path(r) == path(q) && r.query() == q.query();
}

bool Scenario::acceptsRedirectUri(const QString &clientId, const QString &redirectUri) const
{
    const QStringList registered = redirectUris.value(clientId.toLower());
    return std::any_of(registered.begin(), registered.end(),
                       [&](const QString &uri) { return redirectUriMatches(uri, redirectUri); });
}

std::optional<Scenario> Scenario::parse(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        if (error)
            *error = lineAndColumn(json, parseError.offset) + QStringLiteral(": ") + parseError.errorString();
        return std::nullopt;
    }
    if (!doc.isObject()) {
        if (error)
            *error = QStringLiteral("line 1, column 1: the scenario must be a JSON object");
        return std::nullopt;
    }
    const QJsonObject root = doc.object();
    const QString r = QStringLiteral("$");
    Reader in;
    Scenario s;
    in.checkKeys(root, r,
                 {QStringLiteral("tokenLifetimeSeconds"), QStringLiteral("refreshTokenLifetimeSeconds"),
                  QStringLiteral("invalidateRotatedRefreshTokens"), QStringLiteral("authorizationCodeLifetimeSeconds"),
                  QStringLiteral("deviceCodeLifetimeSeconds"), QStringLiteral("deviceCodeIntervalSeconds"),
                  QStringLiteral("tenantsPageSize"), QStringLiteral("autoApproveUser"), QStringLiteral("clients"),
                  QStringLiteral("directories"), QStringLiteral("users"), QStringLiteral("servicePrincipals"),
                  QStringLiteral("partners"), QStringLiteral("links"), QStringLiteral("faults"),
                  QStringLiteral("powerPlatform"), QStringLiteral("azure")});
    s.tokenLifetimeSeconds = in.integer(root, r, QStringLiteral("tokenLifetimeSeconds"), 3600, 1, 86400);
    s.refreshTokenLifetimeSeconds =
        in.integer(root, r, QStringLiteral("refreshTokenLifetimeSeconds"), s.refreshTokenLifetimeSeconds, 1);
    s.invalidateRotatedRefreshTokens = in.boolean(root, r, QStringLiteral("invalidateRotatedRefreshTokens"), false);
    s.authorizationCodeLifetimeSeconds =
        in.integer(root, r, QStringLiteral("authorizationCodeLifetimeSeconds"), 600, 1, 3600);
    s.deviceCodeLifetimeSeconds = in.integer(root, r, QStringLiteral("deviceCodeLifetimeSeconds"), 900, 1, 3600);
    s.deviceCodeIntervalSeconds = in.integer(root, r, QStringLiteral("deviceCodeIntervalSeconds"), 5, 0, 60);
    s.tenantsPageSize = in.integer(root, r, QStringLiteral("tenantsPageSize"), 50, 1, 1000);

    // A client is its GUID (registered with http://localhost) or {"clientId", "redirectUris"}.
    const QJsonArray clients = in.array(root, r, QStringLiteral("clients"));
    for (int i = 0; i < clients.size() && !in.failed(); ++i) {
        const QString p = QStringLiteral("$.clients[%1]").arg(i);
        QString clientId;
        QStringList uris{QStringLiteral("http://localhost")};
        if (clients[i].isString()) {
            clientId = clients[i].toString();
            if (!isGuid(clientId))
                in.fail(p, QStringLiteral("\"%1\" is not a GUID").arg(clientId));
        } else {
            const QJsonObject o = in.element(clients[i], p);
            in.checkKeys(o, p, {QStringLiteral("clientId"), QStringLiteral("redirectUris")});
            clientId = in.guid(o, p, QStringLiteral("clientId"), true);
            if (o.contains(QStringLiteral("redirectUris")))
                uris = in.strings(o, p, QStringLiteral("redirectUris"));
            for (const QString &uri : std::as_const(uris)) {
                const QUrl url(uri, QUrl::StrictMode);
                const bool loopback =
                    url.host() == QLatin1String("localhost") || url.host() == QLatin1String("127.0.0.1");
                if (!url.isValid() || url.host().isEmpty() || url.hasFragment() ||
                    !(url.scheme() == QLatin1String("https") || (url.scheme() == QLatin1String("http") && loopback)))
                    in.fail(p + QStringLiteral(".redirectUris"),
                            QStringLiteral("\"%1\" is not a redirect URI Entra accepts (https://, or http:// on "
                                           "localhost or 127.0.0.1, without a fragment)")
                                .arg(uri));
            }
        }
        s.publicClients << clientId.toLower();
        s.redirectUris.insert(clientId.toLower(), uris);
    }

    const QJsonArray directories = in.array(root, r, QStringLiteral("directories"));
    if (directories.isEmpty())
        in.fail(QStringLiteral("$.directories"), QStringLiteral("at least one directory is required"));
    QSet<QString> domainsSeen;
    for (int i = 0; i < directories.size() && !in.failed(); ++i) {
        const QString p = QStringLiteral("$.directories[%1]").arg(i);
        const QJsonObject o = in.element(directories[i], p);
        in.checkKeys(o, p,
                     {QStringLiteral("tenantId"), QStringLiteral("displayName"), QStringLiteral("defaultDomain"),
                      QStringLiteral("domains"), QStringLiteral("tenantCategory"), QStringLiteral("countryCode"),
                      QStringLiteral("mfaRequired")});
        Directory d;
        d.tenantId = in.guid(o, p, QStringLiteral("tenantId"), true);
        d.displayName = in.string(o, p, QStringLiteral("displayName"), true);
        d.defaultDomain = in.string(o, p, QStringLiteral("defaultDomain"), true).toLower();
        d.domains = in.strings(o, p, QStringLiteral("domains"));
        for (QString &domain : d.domains)
            domain = domain.toLower();
        if (!d.domains.contains(d.defaultDomain))
            d.domains.prepend(d.defaultDomain);
        for (const QString &domain : std::as_const(d.domains)) {
            if (!isDomainName(domain))
                in.fail(p + QStringLiteral(".domains"), QStringLiteral("\"%1\" is not a domain name").arg(domain));
            if (domainsSeen.contains(domain))
                in.fail(p + QStringLiteral(".domains"),
                        QStringLiteral("domain \"%1\" belongs to another directory already").arg(domain));
            domainsSeen.insert(domain);
        }
        d.tenantCategory = in.string(o, p, QStringLiteral("tenantCategory"), false, QStringLiteral("Home"));
        if (!QStringList{QStringLiteral("Home"), QStringLiteral("ProjectedBy"), QStringLiteral("ManagedBy")}.contains(
                d.tenantCategory))
            in.fail(p + QStringLiteral(".tenantCategory"),
                    QStringLiteral("must be Home, ProjectedBy or ManagedBy (is \"%1\")").arg(d.tenantCategory));
        d.countryCode = in.string(o, p, QStringLiteral("countryCode"), false, QStringLiteral("US"));
        if (d.countryCode.size() != 2)
            in.fail(p + QStringLiteral(".countryCode"), QStringLiteral("must be a two-letter country code"));
        d.mfaRequired = in.boolean(o, p, QStringLiteral("mfaRequired"), false);
        if (s.directory(d.tenantId))
            in.fail(p + QStringLiteral(".tenantId"), QStringLiteral("tenant %1 is listed twice").arg(d.tenantId));
        s.directories << d;
    }

    const QJsonArray users = in.array(root, r, QStringLiteral("users"));
    for (int i = 0; i < users.size() && !in.failed(); ++i) {
        const QString p = QStringLiteral("$.users[%1]").arg(i);
        const QJsonObject o = in.element(users[i], p);
        in.checkKeys(o, p,
                     {QStringLiteral("username"), QStringLiteral("displayName"), QStringLiteral("homeTenantId"),
                      QStringLiteral("memberOf"), QStringLiteral("objectIds"), QStringLiteral("refreshTokensRevoked")});
        User u;
        u.username = in.string(o, p, QStringLiteral("username"), true);
        if (!u.username.isEmpty() && !u.username.contains(QLatin1Char('@')))
            in.fail(p + QStringLiteral(".username"), QStringLiteral("must look like user@domain"));
        if (s.user(u.username))
            in.fail(p + QStringLiteral(".username"), QStringLiteral("user \"%1\" is listed twice").arg(u.username));
        u.displayName = in.string(o, p, QStringLiteral("displayName"), false, u.username);
        u.homeTenantId = in.guid(o, p, QStringLiteral("homeTenantId"), true);
        if (!u.homeTenantId.isEmpty() && !s.directory(u.homeTenantId))
            in.fail(p + QStringLiteral(".homeTenantId"), QStringLiteral("no directory %1").arg(u.homeTenantId));
        u.memberOf << u.homeTenantId;
        const QStringList memberOf = in.strings(o, p, QStringLiteral("memberOf"));
        for (int m = 0; m < memberOf.size(); ++m) {
            const Directory *d = s.directory(memberOf[m]);
            if (!d)
                in.fail(QStringLiteral("%1.memberOf[%2]").arg(p).arg(m),
                        QStringLiteral("no directory \"%1\"").arg(memberOf[m]));
            else if (!u.memberOf.contains(d->tenantId))
                u.memberOf << d->tenantId;
        }
        const QJsonValue ids = o.value(QStringLiteral("objectIds"));
        if (!ids.isUndefined() && !ids.isObject())
            in.fail(p + QStringLiteral(".objectIds"), QStringLiteral("must be an object of tenantId: objectId"));
        const QJsonObject idMap = ids.toObject();
        for (auto it = idMap.begin(); it != idMap.end(); ++it) {
            const QString ip = p + QStringLiteral(".objectIds.") + it.key();
            const Directory *d = s.directory(it.key());
            if (!d || !u.memberOf.contains(d->tenantId))
                in.fail(ip, QStringLiteral("the user is not a member of directory \"%1\"").arg(it.key()));
            else if (!it.value().isString() || !isGuid(it.value().toString()))
                in.fail(ip, QStringLiteral("must be a GUID"));
            else
                u.objectIds.insert(d->tenantId, it.value().toString().toLower());
        }
        for (const QString &tenant : std::as_const(u.memberOf)) {
            if (!u.objectIds.contains(tenant))
                u.objectIds.insert(tenant, derivedObjectId(u.username, tenant));
        }
        u.refreshTokensRevoked = in.boolean(o, p, QStringLiteral("refreshTokensRevoked"), false);
        s.users << u;
    }

    const QJsonArray sps = in.array(root, r, QStringLiteral("servicePrincipals"));
    for (int i = 0; i < sps.size() && !in.failed(); ++i) {
        const QString p = QStringLiteral("$.servicePrincipals[%1]").arg(i);
        const QJsonObject o = in.element(sps[i], p);
        in.checkKeys(o, p,
                     {QStringLiteral("clientId"), QStringLiteral("tenantId"), QStringLiteral("objectId"),
                      QStringLiteral("displayName"), QStringLiteral("secrets"), QStringLiteral("certificates")});
        ServicePrincipal sp;
        sp.clientId = in.guid(o, p, QStringLiteral("clientId"), true);
        if (s.servicePrincipal(sp.clientId) || s.isPublicClient(sp.clientId))
            in.fail(p + QStringLiteral(".clientId"), QStringLiteral("client %1 is listed twice").arg(sp.clientId));
        sp.tenantId = in.guid(o, p, QStringLiteral("tenantId"), true);
        if (!sp.tenantId.isEmpty() && !s.directory(sp.tenantId))
            in.fail(p + QStringLiteral(".tenantId"), QStringLiteral("no directory %1").arg(sp.tenantId));
        sp.objectId = in.guid(o, p, QStringLiteral("objectId"), false);
        if (sp.objectId.isEmpty())
            sp.objectId = derivedObjectId(sp.clientId, sp.tenantId);
        sp.displayName = in.string(o, p, QStringLiteral("displayName"), false, sp.clientId);
        const QJsonArray secrets = in.array(o, p, QStringLiteral("secrets"));
        for (int k = 0; k < secrets.size(); ++k) {
            const QString sp2 = QStringLiteral("%1.secrets[%2]").arg(p).arg(k);
            const QJsonObject so = in.element(secrets[k], sp2);
            in.checkKeys(so, sp2, {QStringLiteral("value"), QStringLiteral("expired")});
            ClientSecret secret;
            secret.value = so.value(QStringLiteral("value")).toString();
            if (secret.value.trimmed().isEmpty())
                in.fail(sp2 + QStringLiteral(".value"), QStringLiteral("missing or empty"));
            secret.expired = in.boolean(so, sp2, QStringLiteral("expired"), false);
            sp.secrets << secret;
        }
        const QStringList certs = in.strings(o, p, QStringLiteral("certificates"));
        for (int k = 0; k < certs.size(); ++k) {
            QString why;
            if (!crypto::Certificate::fromPem(certs[k].toUtf8(), &why))
                in.fail(QStringLiteral("%1.certificates[%2]").arg(p).arg(k), why);
            sp.certificates << certs[k].toUtf8();
        }
        s.servicePrincipals << sp;
    }

    const QJsonValue partners = root.value(QStringLiteral("partners"));
    if (!partners.isUndefined() && !partners.isObject())
        in.fail(QStringLiteral("$.partners"), QStringLiteral("must be an object of \"partnerId\": \"name\""));
    const QJsonObject partnerMap = partners.toObject();
    for (auto it = partnerMap.begin(); it != partnerMap.end(); ++it) {
        static const QRegularExpression digits(QStringLiteral("^[0-9]+$"));
        const QString p = QStringLiteral("$.partners.") + it.key();
        if (!digits.match(it.key()).hasMatch())
            in.fail(p, QStringLiteral("a partner ID has digits only"));
        if (!it.value().isString() || it.value().toString().trimmed().isEmpty())
            in.fail(p, QStringLiteral("the partner name must be a non-empty string"));
        s.partners.insert(it.key(), it.value().toString().trimmed());
    }

    const QJsonArray links = in.array(root, r, QStringLiteral("links"));
    for (int i = 0; i < links.size() && !in.failed(); ++i) {
        const QString p = QStringLiteral("$.links[%1]").arg(i);
        const QJsonObject o = in.element(links[i], p);
        in.checkKeys(o, p, {QStringLiteral("tenantId"), QStringLiteral("principal"), QStringLiteral("partnerId")});
        LinkSeed link;
        link.tenantId = in.guid(o, p, QStringLiteral("tenantId"), true);
        const QString principal = in.string(o, p, QStringLiteral("principal"), true);
        link.partnerId = in.string(o, p, QStringLiteral("partnerId"), true);
        if (!link.partnerId.isEmpty() && !s.partners.contains(link.partnerId))
            in.fail(p + QStringLiteral(".partnerId"),
                    QStringLiteral("partner ID %1 is not in $.partners").arg(link.partnerId));
        if (const User *u = s.user(principal)) {
            if (!u->isMemberOf(link.tenantId))
                in.fail(p + QStringLiteral(".principal"),
                        QStringLiteral("%1 is not a member of %2").arg(principal, link.tenantId));
            link.objectId = u->objectIdIn(link.tenantId);
        } else if (const ServicePrincipal *sp = s.servicePrincipal(principal)) {
            if (sp->tenantId != link.tenantId)
                in.fail(p + QStringLiteral(".principal"),
                        QStringLiteral("service principal %1 lives in another directory").arg(principal));
            link.objectId = sp->objectId;
        } else if (!principal.isEmpty()) {
            in.fail(p + QStringLiteral(".principal"),
                    QStringLiteral("\"%1\" is neither a user nor a service principal client ID").arg(principal));
        }
        s.links << link;
    }

    const QJsonArray faults = in.array(root, r, QStringLiteral("faults"));
    for (int i = 0; i < faults.size() && !in.failed(); ++i) {
        const QString p = QStringLiteral("$.faults[%1]").arg(i);
        const QJsonObject o = in.element(faults[i], p);
        in.checkKeys(o, p,
                     {QStringLiteral("kind"), QStringLiteral("method"), QStringLiteral("pathPrefix"),
                      QStringLiteral("status"), QStringLiteral("retryAfterSeconds"), QStringLiteral("latencyMs"),
                      QStringLiteral("everyNth"), QStringLiteral("times"), QStringLiteral("limit"),
                      QStringLiteral("refillPerSecond"), QStringLiteral("tenantId"), QStringLiteral("bodyBytes"),
                      QStringLiteral("intervalMs")});
        Fault f;
        const QString kind = in.string(o, p, QStringLiteral("kind"), true);
        if (const auto k = faultKind(kind))
            f.kind = *k;
        else if (!kind.isEmpty())
            in.fail(
                p + QStringLiteral(".kind"),
                QStringLiteral("\"%1\" is not one of status, drop, malformedJson, wrongContentType, latency, throttle, "
                               "hugeBody, trickle")
                    .arg(kind));
        f.method = in.string(o, p, QStringLiteral("method"), false).toUpper();
        if (!f.method.isEmpty() && !QStringList{QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"),
                                                QStringLiteral("PATCH"), QStringLiteral("DELETE")}
                                        .contains(f.method))
            in.fail(p + QStringLiteral(".method"), QStringLiteral("\"%1\" is not an HTTP method").arg(f.method));
        f.pathPrefix = in.string(o, p, QStringLiteral("pathPrefix"), false, QStringLiteral("/"));
        if (!f.pathPrefix.startsWith(QLatin1Char('/')))
            in.fail(p + QStringLiteral(".pathPrefix"), QStringLiteral("must start with /"));
        f.tenantId = in.string(o, p, QStringLiteral("tenantId"), false);
        if (const Directory *d = f.tenantId.isEmpty() ? nullptr : s.directory(f.tenantId))
            f.tenantId = d->tenantId; // a domain names its directory
        else if (!f.tenantId.isEmpty())
            in.fail(p + QStringLiteral(".tenantId"), QStringLiteral("no directory \"%1\"").arg(f.tenantId));
        f.status = in.integer(o, p, QStringLiteral("status"), 503, 100, 599);
        f.retryAfterSeconds = in.integer(o, p, QStringLiteral("retryAfterSeconds"), -1, -1, 86400);
        f.latencyMs = in.integer(o, p, QStringLiteral("latencyMs"), 0, 0, 120000);
        f.everyNth = in.integer(o, p, QStringLiteral("everyNth"), 1, 1);
        f.times = in.integer(o, p, QStringLiteral("times"), -1, -1);
        if (f.kind == Fault::Kind::HugeBody) {
            const QJsonValue bytes = o.value(QStringLiteral("bodyBytes"));
            f.bodyBytes = qint64(bytes.toDouble(-1));
            if (!bytes.isDouble() || f.bodyBytes < 1 || f.bodyBytes > (qint64(1) << 40))
                in.fail(p + QStringLiteral(".bodyBytes"), QStringLiteral("a hugeBody needs its size, 1 to 2^40 bytes"));
        }
        if (f.kind == Fault::Kind::Trickle)
            f.intervalMs = in.integer(o, p, QStringLiteral("intervalMs"), 1000, 1, 60000);
        if (f.kind == Fault::Kind::Throttle) {
            f.limit = in.integer(o, p, QStringLiteral("limit"), 0, 1, 1000000);
            if (!o.contains(QStringLiteral("limit")))
                in.fail(p + QStringLiteral(".limit"), QStringLiteral("a throttle needs its bucket size"));
            const QJsonValue rate = o.value(QStringLiteral("refillPerSecond"));
            f.refillPerSecond = rate.toDouble(-1);
            if (!rate.isDouble() || f.refillPerSecond <= 0 || f.refillPerSecond > 100000)
                in.fail(p + QStringLiteral(".refillPerSecond"), QStringLiteral("must be a number above 0"));
        }
        s.faults << f;
    }

    if (QString path, problem; !in.failed() && !PowerPlatformWorld::parse(root.value(QStringLiteral("powerPlatform")),
                                                                          s, &s.powerPlatform, &path, &problem))
        in.fail(path, problem);
    if (QString path, problem;
        !in.failed() && !AzureWorld::parse(root.value(QStringLiteral("azure")), s, &s.azure, &path, &problem))
        in.fail(path, problem);

    s.autoApproveUser = in.string(root, r, QStringLiteral("autoApproveUser"), false);
    if (!s.autoApproveUser.isEmpty() && !s.user(s.autoApproveUser))
        in.fail(QStringLiteral("$.autoApproveUser"), QStringLiteral("no user \"%1\"").arg(s.autoApproveUser));

    if (in.failed()) {
        if (error)
            *error = in.error();
        return std::nullopt;
    }
    return s;
}

} // namespace palsandbox
