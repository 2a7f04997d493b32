#include "SandboxPrivate.h"

#include "DefaultScenario.h"

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QUuid>

#include <chrono>
#include <cmath>

Q_LOGGING_CATEGORY(lcSandbox, "paldesk.sandbox", QtInfoMsg)

namespace palsandbox {

namespace {

thread_local QString t_correlationId;

Surface surfaceOf(const QString &path)
{
    const QString lower = path.toLower();
    if (isPowerPlatformPath(path))
        return Surface::PowerPlatform;
    if (lower == QLatin1String("/tenants") || lower.startsWith(QLatin1String("/tenants/")) ||
        lower.startsWith(QLatin1String("/providers/")) || lower.startsWith(QLatin1String("/subscriptions")))
        return Surface::Arm;
    if (lower.startsWith(QLatin1String("/devicelogin")))
        return Surface::Page;
    if (lower.contains(QLatin1String("/oauth2/")) || lower.contains(QLatin1String("/v2.0/")) ||
        lower.contains(QLatin1String("/discovery/")))
        return Surface::Entra;
    return Surface::Unknown;
}

} // namespace

QString currentCorrelationId()
{
    return t_correlationId;
}

// ---- Reply ----

Reply Reply::json(int status, const QJsonObject &object)
{
    Reply r;
    r.status = status;
    r.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return r;
}

Reply Reply::html(int status, const QString &page)
{
    Reply r;
    r.status = status;
    r.body = page.toUtf8();
    r.contentType = "text/html; charset=utf-8";
    return r;
}

Reply Reply::redirect(const QUrl &location)
{
    Reply r;
    r.status = 302;
    r.contentType = "text/html; charset=utf-8";
    r.body = "<html><body>Redirecting...</body></html>";
    r.headers.emplace_back("Location", location.toString(QUrl::FullyEncoded).toStdString());
    return r;
}

Reply Reply::empty(int status)
{
    Reply r;
    r.status = status;
    return r;
}

// ---- SandboxServer ----

SandboxServer::SandboxServer()
    : d(std::make_unique<Private>())
{}

SandboxServer::~SandboxServer()
{
    stop();
}

QByteArray SandboxServer::defaultScenario()
{
    return QByteArray(kDefaultScenarioJson);
}

std::unique_ptr<SandboxServer> SandboxServer::create(const QByteArray &scenarioJson, QString *error)
{
    QString why;
    auto scenario = Scenario::parse(scenarioJson, &why);
    if (!scenario) {
        if (error)
            *error = QStringLiteral("scenario ") + why;
        return nullptr;
    }
    // One key per process: RSA generation takes a noticeable fraction of a second, and tests start
    // many servers. Each server still verifies only what it (or its siblings) signed.
    static const std::optional<crypto::SigningKey> processKey = crypto::SigningKey::generate(&why);
    auto key = processKey;
    if (!key) {
        if (error)
            *error = why;
        return nullptr;
    }
    std::unique_ptr<SandboxServer> server(new SandboxServer);
    Private *d = server->d.get();
    d->scenario = std::move(*scenario);
    d->key = std::move(key);
    d->autoApproveUser = d->scenario.autoApproveUser;
    for (const Fault &fault : std::as_const(d->scenario.faults))
        d->faults << FaultState{fault, 0, 0};
    const QString created = Private::timestamp7();
    for (const LinkSeed &seed : std::as_const(d->scenario.links))
        d->links.insert(seed.tenantId + QLatin1Char('/') + seed.objectId,
                        LinkRecord{seed.partnerId, 1, created, created, true});

    auto handler = [d](const httplib::Request &req, httplib::Response &res) { d->handle(req, res); };
    d->server.Get(".*", handler);
    d->server.Post(".*", handler);
    d->server.Put(".*", handler);
    d->server.Patch(".*", handler);
    d->server.Delete(".*", handler);
    // Each keep-alive connection holds a worker while idle (up to cpp-httplib's 5 s keep-alive), and
    // Qt opens up to six per host and QNetworkAccessManager; latency faults hold workers too.
    // cpp-httplib's default pool is 8. A fleet run at concurrency 64 (NetworkAccessPool: 11 lanes of
    // six, token and ARM requests to the same host) holds up to 66 connections: with 32 workers the
    // rest waited for an idle connection to time out, 5 s answers that Azure never gives.
    d->server.new_task_queue = [] { return new httplib::ThreadPool(128); };
    // Answers go out in several writes (headers, body); without TCP_NODELAY, Nagle's algorithm and
    // the client's delayed ACK hold each answer back about 40 ms on loopback.
    d->server.set_tcp_nodelay(true);
    // cpp-httplib also sets SO_REUSEPORT, which lets a second server share a busy port silently.
    d->server.set_socket_options([](socket_t sock) {
        int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    d->server.set_exception_handler([](const httplib::Request &, httplib::Response &res, std::exception_ptr) {
        res.status = 500;
        res.set_content(R"({"error":{"code":"InternalServerError","message":"The sandbox failed."}})",
                        "application/json; charset=utf-8");
    });
    return server;
}

std::unique_ptr<SandboxServer> SandboxServer::createFromFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = path + QStringLiteral(": cannot read the scenario: ") + file.errorString();
        return nullptr;
    }
    QString why;
    auto server = create(file.readAll(), &why);
    if (!server && error) // "FILE: line 3, column 7: ..." rather than "FILE: scenario line 3, ..."
        *error = path + QStringLiteral(": ") + (why.startsWith(QLatin1String("scenario ")) ? why.mid(9) : why);
    return server;
}

bool SandboxServer::start(quint16 port, QString *error)
{
    if (d->thread.joinable()) {
        if (error)
            *error = QStringLiteral("the sandbox is already running");
        return false;
    }
    int bound = port;
    if (port == 0) {
        bound = d->server.bind_to_any_port("127.0.0.1");
    } else if (!d->server.bind_to_port("127.0.0.1", port)) {
        bound = -1;
    }
    if (bound <= 0) {
        if (error)
            *error = QStringLiteral("cannot listen on 127.0.0.1:%1").arg(port);
        return false;
    }
    d->base = QStringLiteral("http://127.0.0.1:%1").arg(bound);
    d->thread = std::thread([this] { d->server.listen_after_bind(); });
    // cpp-httplib's stop() does nothing until the accept loop runs: wait for it, so a stop() right
    // after start() cannot leave the thread serving forever.
    for (int i = 0; i < 5000 && !d->server.is_running(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    qCDebug(lcSandbox) << "sandbox listening on" << d->base;
    return true;
}

void SandboxServer::stop()
{
    if (!d->thread.joinable())
        return;
    d->server.stop();
    d->thread.join();
}

QUrl SandboxServer::baseUrl() const
{
    return QUrl(d->base);
}

QByteArray SandboxServer::cloudJson() const
{
    // Each Power Platform service under its own path; the token audiences stay the real ones.
    const QJsonObject powerPlatform{{QStringLiteral("bap"), QString(d->base + QStringLiteral("/bap"))},
                                    {QStringLiteral("powerApps"), QString(d->base + QStringLiteral("/powerapps"))},
                                    {QStringLiteral("flow"), QString(d->base + QStringLiteral("/flow"))},
                                    {QStringLiteral("powerBi"), QString(d->base + QStringLiteral("/powerbi"))}};
    return QJsonDocument(QJsonObject{{QStringLiteral("name"), QStringLiteral("Sandbox")},
                                     {QStringLiteral("loginEndpoint"), d->base},
                                     {QStringLiteral("resourceManagerEndpoint"), d->base},
                                     {QStringLiteral("armScope"), QString(d->base + QStringLiteral("/.default"))},
                                     {QStringLiteral("powerPlatformEndpoints"), powerPlatform}})
        .toJson(QJsonDocument::Compact);
}

QByteArray SandboxServer::issueArmToken(const QString &usernameOrClientId, const QString &tenantId, int lifetimeSeconds)
{
    return issueToken(usernameOrClientId, tenantId, d->base, lifetimeSeconds);
}

QByteArray SandboxServer::issueToken(const QString &usernameOrClientId, const QString &tenantId,
                                     const QString &audience, int lifetimeSeconds)
{
    if (d->base.isEmpty())
        return {};
    const Directory *directory = d->scenario.directory(tenantId);
    if (!directory)
        return {};
    if (const User *user = d->scenario.user(usernameOrClientId)) {
        if (!user->isMemberOf(directory->tenantId))
            return {};
        return d->issueAccessToken(directory->tenantId, user->objectIdIn(directory->tenantId), audience, user, nullptr,
                                   d->scenario.publicClients.value(0), lifetimeSeconds);
    }
    if (const ServicePrincipal *app = d->scenario.servicePrincipal(usernameOrClientId)) {
        if (app->tenantId != directory->tenantId)
            return {};
        return d->issueAccessToken(app->tenantId, app->objectId, audience, nullptr, app, app->clientId,
                                   lifetimeSeconds);
    }
    return {};
}

void SandboxServer::addFault(const Fault &fault)
{
    std::lock_guard lock(d->mutex);
    d->faults << FaultState{fault, 0, 0};
}

void SandboxServer::clearFaults()
{
    std::lock_guard lock(d->mutex);
    d->faults.clear();
}

QList<RecordedRequest> SandboxServer::requests() const
{
    std::lock_guard lock(d->mutex);
    return d->recorded;
}

int SandboxServer::requestCount(const QString &pathPrefix) const
{
    std::lock_guard lock(d->mutex);
    int count = 0;
    for (const RecordedRequest &r : std::as_const(d->recorded)) {
        if (r.path.startsWith(pathPrefix, Qt::CaseInsensitive))
            ++count;
    }
    return count;
}

void SandboxServer::clearRequests()
{
    std::lock_guard lock(d->mutex);
    d->recorded.clear();
    d->peakAnswering = d->answering;
}

int SandboxServer::peakConcurrentRequests() const
{
    std::lock_guard lock(d->mutex);
    return d->peakAnswering;
}

void SandboxServer::setAutoApproveUser(const QString &username)
{
    std::lock_guard lock(d->mutex);
    d->autoApproveUser = username;
}

void SandboxServer::approveSignInsAsScenarioUser()
{
    std::lock_guard lock(d->mutex);
    d->autoApproveUser = d->scenario.autoApproveUser;
    if (d->autoApproveUser.isEmpty() && !d->scenario.users.isEmpty())
        d->autoApproveUser = d->scenario.users.first().username;
}

bool SandboxServer::approveDeviceCode(const QString &userCode, const QString &username)
{
    std::lock_guard lock(d->mutex);
    const User *user = d->scenario.user(username);
    if (!user)
        return false;
    for (DeviceCodeRecord &record : d->deviceCodes) {
        if (record.userCode.compare(userCode, Qt::CaseInsensitive) == 0 &&
            record.state == DeviceCodeRecord::State::Pending && record.expiresAt > Private::now()) {
            if (!record.tenantId.isEmpty() && !user->isMemberOf(record.tenantId))
                return false;
            record.state = DeviceCodeRecord::State::Approved;
            record.username = user->username;
            return true;
        }
    }
    return false;
}

bool SandboxServer::declineDeviceCode(const QString &userCode)
{
    std::lock_guard lock(d->mutex);
    for (DeviceCodeRecord &record : d->deviceCodes) {
        if (record.userCode.compare(userCode, Qt::CaseInsensitive) == 0 &&
            record.state == DeviceCodeRecord::State::Pending) {
            record.state = DeviceCodeRecord::State::Declined;
            return true;
        }
    }
    return false;
}

void SandboxServer::revokeRefreshTokens(const QString &username)
{
    std::lock_guard lock(d->mutex);
    // Every refresh token issued so far is revoked; a later sign-in works again (Entra's TokensValidFrom).
    for (RefreshTokenRecord &record : d->refreshTokens) {
        if (record.username.compare(username, Qt::CaseInsensitive) == 0)
            record.revoked = true;
    }
}

bool SandboxServer::registerCertificate(const QString &clientId, const QByteArray &certificatePem)
{
    if (!d->scenario.servicePrincipal(clientId) || !crypto::Certificate::fromPem(certificatePem, nullptr))
        return false;
    std::lock_guard lock(d->mutex);
    d->extraCertificates[clientId.toLower()] << certificatePem;
    return true;
}

// ---- Private: plumbing ----

qint64 SandboxServer::Private::now()
{
    return QDateTime::currentSecsSinceEpoch();
}

QString SandboxServer::Private::timestamp7()
{
    using namespace std::chrono;
    const auto ticks = duration_cast<nanoseconds>(system_clock::now().time_since_epoch()).count() / 100;
    const qint64 seconds = ticks / 10000000;
    const qint64 fraction = ticks % 10000000;
    return QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC).toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")) +
           QStringLiteral(".%1Z").arg(fraction, 7, 10, QLatin1Char('0'));
}

void SandboxServer::Private::handle(const httplib::Request &req, httplib::Response &res)
{
    const QString method = QString::fromStdString(req.method);
    const QString path = QString::fromStdString(req.path);
    const QString clientRequestId = QString::fromStdString(req.get_header_value("x-ms-client-request-id"));
    const QString entraClientRequestId = QString::fromStdString(req.get_header_value("client-request-id"));
    const QString correlation = QString::fromStdString(req.get_header_value("x-ms-correlation-request-id"));
    Surface surface = surfaceOf(path);
    t_correlationId = !entraClientRequestId.isEmpty() ? entraClientRequestId
                      : !correlation.isEmpty()        ? correlation
                                                      : QUuid::createUuid().toString(QUuid::WithoutBraces);

    {
        std::lock_guard lock(mutex);
        peakAnswering = std::max(peakAnswering, ++answering);
    }
    struct Answered
    {
        Private *d;
        ~Answered()
        {
            std::lock_guard lock(d->mutex);
            --d->answering;
        }
    } answered{this};

    std::optional<int> remaining;
    const std::optional<Fault> fault = takeFault(method, path, bearerCaller(req), &remaining);
    if (fault && fault->latencyMs > 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(fault->latencyMs));

    const bool faultAnswers = fault && (fault->kind == Fault::Kind::Status || fault->kind == Fault::Kind::Throttle);
    Reply reply = faultAnswers ? faultReply(*fault, surface) : route(req, &surface);
    if (fault && fault->kind == Fault::Kind::MalformedJson)
        reply.body =
            reply.body.isEmpty() ? QByteArray("{\"error\":{\"code\":") : reply.body.left(reply.body.size() / 2);
    if (fault && fault->kind == Fault::Kind::WrongContentType) {
        reply.contentType = "text/html; charset=utf-8";
        reply.body = "<!DOCTYPE html><html><head><title>Gateway</title></head><body><h1>Service temporarily "
                     "unavailable</h1></body></html>";
    }

    bool hasRequestId = false;
    for (const auto &[name, value] : reply.headers) {
        res.set_header(name.c_str(), value);
        hasRequestId = hasRequestId || name == "x-ms-request-id" || name == "RequestId";
    }
    const QString requestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (!hasRequestId)
        res.set_header("x-ms-request-id", requestId.toStdString());
    if (surface == Surface::Arm) {
        res.set_header(
            "x-ms-correlation-request-id",
            (correlation.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces) : correlation).toStdString());
        res.set_header("x-ms-routing-request-id", QString(QStringLiteral("SANDBOX:") + requestId).toStdString());
        if (!clientRequestId.isEmpty())
            res.set_header("x-ms-client-request-id", clientRequestId.toStdString());
        // As live ARM answers tenant-level calls. Without a throttle fault the sandbox does not
        // count, it only says it; with one, it says what the bucket holds.
        const std::string left = remaining ? std::to_string(*remaining) : std::string();
        if (method == QLatin1String("GET"))
            res.set_header("x-ms-ratelimit-remaining-tenant-reads", remaining ? left : "11999");
        else
            res.set_header("x-ms-ratelimit-remaining-tenant-writes", remaining ? left : "1199");
    } else {
        res.set_header("Cache-Control", "no-store, no-cache");
        res.set_header("Pragma", "no-cache");
        if (!entraClientRequestId.isEmpty())
            res.set_header("client-request-id", entraClientRequestId.toStdString());
    }
    res.status = reply.status;

    if (fault && fault->kind == Fault::Kind::Drop) {
        // Headers go out, then the connection closes before the promised body arrives.
        res.set_content_provider(std::max<size_t>(size_t(reply.body.size()), 64), reply.contentType.toStdString(),
                                 [](size_t, size_t, httplib::DataSink &) { return false; });
    } else if (fault && (fault->kind == Fault::Kind::HugeBody || fault->kind == Fault::Kind::Trickle)) {
        streamFaultBody(*fault, reply, res);
    } else if (!reply.body.isEmpty()) {
        res.set_content(reply.body.toStdString(), reply.contentType.toStdString());
    } else {
        // ARM's empty answers (DELETE) still carry the JSON content type and Content-Length: 0.
        res.set_header("Content-Length", "0");
        res.set_header("Content-Type", reply.contentType.toStdString());
    }

    RecordedRequest record;
    record.method = method;
    record.path = path;
    const auto q = req.target.find('?');
    record.query = q == std::string::npos ? QString() : QString::fromStdString(req.target.substr(q + 1));
    record.clientRequestId = clientRequestId.toUtf8();
    record.userAgent = QByteArray::fromStdString(req.get_header_value("User-Agent"));
    record.hadBearerToken =
        QByteArray::fromStdString(req.get_header_value("Authorization")).trimmed().toLower().startsWith("bearer ");
    record.status = reply.status;
    qCDebug(lcSandbox).noquote() << method << path << "->" << reply.status;
    std::lock_guard lock(mutex);
    recorded << record;
}

Reply SandboxServer::Private::route(const httplib::Request &req, Surface *surface)
{
    const QString path = QString::fromStdString(req.path);
    if (*surface == Surface::Arm)
        return arm(req, path);
    if (*surface == Surface::PowerPlatform)
        return powerPlatform(req, path);
    if (*surface == Surface::Page)
        return deviceLogin(req);
    // /{tenant}/... : the Entra ID endpoints
    const qsizetype slash = path.indexOf(QLatin1Char('/'), 1);
    if (slash > 1) {
        const QString tenant = path.mid(1, slash - 1);
        const QString rest = path.mid(slash);
        Reply reply = entra(req, tenant, rest);
        if (reply.status != 0)
            return reply;
    }
    *surface = Surface::Unknown;
    return Reply::json(404, QJsonObject{{QStringLiteral("error"),
                                         QJsonObject{{QStringLiteral("code"), QStringLiteral("NotFound")},
                                                     {QStringLiteral("message"),
                                                      QStringLiteral("The sandbox has nothing at %1.").arg(path)}}}});
}

QByteArray SandboxServer::Private::issueAccessToken(const QString &tenantId, const QString &objectId,
                                                    const QString &resource, const User *user,
                                                    const ServicePrincipal *app, const QString &clientId,
                                                    int lifetimeSeconds) const
{
    const qint64 issued = now();
    QJsonObject claims{{QStringLiteral("aud"), resource},
                       {QStringLiteral("iss"), QString(base + QLatin1Char('/') + tenantId + QStringLiteral("/v2.0"))},
                       {QStringLiteral("iat"), issued},
                       {QStringLiteral("nbf"), issued},
                       {QStringLiteral("exp"), issued + lifetimeSeconds},
                       {QStringLiteral("tid"), tenantId},
                       {QStringLiteral("oid"), objectId},
                       {QStringLiteral("sub"), objectId},
                       {QStringLiteral("azp"), clientId},
                       {QStringLiteral("appid"), clientId},
                       {QStringLiteral("azpacr"), app ? QStringLiteral("1") : QStringLiteral("0")},
                       {QStringLiteral("idtyp"), app ? QStringLiteral("app") : QStringLiteral("user")},
                       {QStringLiteral("uti"), crypto::randomToken(16)},
                       {QStringLiteral("ver"), QStringLiteral("2.0")}};
    if (user) {
        claims.insert(QStringLiteral("preferred_username"), user->username);
        claims.insert(QStringLiteral("name"), user->displayName);
        claims.insert(QStringLiteral("scp"), QStringLiteral("user_impersonation"));
    }
    return crypto::signJwt(*key, claims);
}

QByteArray SandboxServer::Private::issueIdToken(const User &user, const QString &tenantId,
                                                const QString &clientId) const
{
    const qint64 issued = now();
    const QJsonObject claims{
        {QStringLiteral("aud"), clientId},
        {QStringLiteral("iss"), QString(base + QLatin1Char('/') + tenantId + QStringLiteral("/v2.0"))},
        {QStringLiteral("iat"), issued},
        {QStringLiteral("nbf"), issued},
        {QStringLiteral("exp"), issued + scenario.tokenLifetimeSeconds},
        {QStringLiteral("tid"), tenantId},
        {QStringLiteral("oid"), user.objectIdIn(tenantId)},
        {QStringLiteral("sub"), user.objectIdIn(tenantId)},
        {QStringLiteral("preferred_username"), user.username},
        {QStringLiteral("name"), user.displayName},
        {QStringLiteral("ver"), QStringLiteral("2.0")}};
    return crypto::signJwt(*key, claims);
}

} // namespace palsandbox
