// The Entra ID v2.0 endpoints other than /token: OIDC discovery, JWKS, the authorize page, the
// device code endpoint and its /devicelogin page. Pages are plain HTML forms, so a headless
// "browser" in a test can follow them with ordinary GETs and POSTs.
#include "SandboxPrivate.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrlQuery>
#include <QUuid>

namespace palsandbox {

namespace {

QString page(const QString &title, const QString &body)
{
    return QStringLiteral(
               "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>%1</title></head>\n"
               "<body style=\"font-family:sans-serif;max-width:40em;margin:2em auto\">\n"
               "<h1>%1</h1>\n%2\n<p><small>pal-sandbox: a local emulator, not Microsoft Entra ID.</small></p>"
               "\n</body></html>\n")
        .arg(title.toHtmlEscaped(), body);
}

QString hidden(const QString &name, const QString &value)
{
    return QStringLiteral("<input type=\"hidden\" name=\"%1\" value=\"%2\">").arg(name, value.toHtmlEscaped());
}

QString userCodeAlphabetCode()
{
    static const char alphabet[] = "BCDFGHJKLMNPQRSTVWXZ23456789";
    const QByteArray random = crypto::randomBytes(9);
    QString code;
    for (char c : random)
        code += QLatin1Char(alphabet[static_cast<unsigned char>(c) % (sizeof alphabet - 1)]);
    return code;
}

QString normalizedUserCode(const QString &text)
{
    QString out;
    for (QChar c : text) {
        if (c.isLetterOrNumber())
            out += c.toUpper();
    }
    return out;
}

// The redirect URI with parameters appended, each percent-encoded (so '+' and '&' survive).
QUrl withParameters(const QString &redirectUri, const QList<std::pair<QString, QString>> &items)
{
    QUrl url(redirectUri);
    QString query = url.query(QUrl::FullyEncoded);
    for (const auto &[name, value] : items) {
        if (!query.isEmpty())
            query += QLatin1Char('&');
        query += name + QLatin1Char('=') + QString::fromLatin1(QUrl::toPercentEncoding(value));
    }
    url.setQuery(query, QUrl::StrictMode);
    return url;
}

} // namespace

// Entra's AADSTS50011 text (the portal's "redirect URI mismatch" page links aka.ms/redirectUriMismatchError).
QString redirectMismatch(const QString &redirectUri, const QString &clientId)
{
    return QStringLiteral("The redirect URI '%1' specified in the request does not match the redirect URIs "
                          "configured for the application '%2'. Make sure the redirect URI sent in the request "
                          "matches one added to your application in the Azure portal. Navigate to "
                          "https://aka.ms/redirectUriMismatchError to learn more about how to fix this.")
        .arg(redirectUri, clientId);
}

Reply SandboxServer::Private::entraError(int status, const QString &error, int code, const QString &description,
                                         const QString &suberror) const
{
    const QString traceId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString correlationId = currentCorrelationId();
    const QString stamp =
        QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) + QStringLiteral("Z");
    QJsonObject body{{QStringLiteral("error"), error},
                     {QStringLiteral("error_description"),
                      QStringLiteral("AADSTS%1: %2\r\nTrace ID: %3\r\nCorrelation ID: %4\r\nTimestamp: %5")
                          .arg(code)
                          .arg(description, traceId, correlationId, stamp)},
                     {QStringLiteral("error_codes"), QJsonArray{code}},
                     {QStringLiteral("timestamp"), stamp},
                     {QStringLiteral("trace_id"), traceId},
                     {QStringLiteral("correlation_id"), correlationId},
                     {QStringLiteral("error_uri"), QString(base + QStringLiteral("/error?code=%1").arg(code))}};
    if (!suberror.isEmpty())
        body.insert(QStringLiteral("suberror"), suberror);
    Reply reply = Reply::json(status, body);
    reply.headers.emplace_back("x-ms-request-id", traceId.toStdString());
    return reply;
}

Reply SandboxServer::Private::entra(const httplib::Request &req, const QString &tenant, const QString &rest)
{
    const QString r = rest.toLower();
    const bool get = req.method == "GET";
    if (r == QLatin1String("/v2.0/.well-known/openid-configuration") && get)
        return openidConfiguration(tenant);
    if (r == QLatin1String("/discovery/v2.0/keys") && get)
        return keys(tenant);
    if (r == QLatin1String("/discovery/instance") && get)
        return instanceDiscovery(req);
    if (r == QLatin1String("/oauth2/v2.0/authorize") && (get || req.method == "POST"))
        return authorize(req, tenant);
    if (r == QLatin1String("/oauth2/v2.0/token"))
        return token(req, tenant);
    if (r == QLatin1String("/oauth2/v2.0/devicecode") && req.method == "POST")
        return deviceCode(req, tenant);
    return Reply::empty(0);
}

Reply SandboxServer::Private::openidConfiguration(const QString &tenantSegment)
{
    Reply failure;
    const auto tenant = resolveTenant(tenantSegment, QStringLiteral("invalid_tenant"), &failure);
    if (!tenant)
        return failure;
    // A domain resolves to the directory's GUID, as Entra does; organizations/common keep their name
    // and an issuer with the {tenantid} placeholder.
    const QString segment = tenant->directory ? tenant->directory->tenantId : tenantSegment.toLower();
    const QString authority = base + QLatin1Char('/') + segment;
    const QString issuer = base + QLatin1Char('/') +
                           (tenant->directory ? tenant->directory->tenantId : QStringLiteral("{tenantid}")) +
                           QStringLiteral("/v2.0");
    const QJsonObject body{
        {QStringLiteral("token_endpoint"), QString(authority + QStringLiteral("/oauth2/v2.0/token"))},
        {QStringLiteral("token_endpoint_auth_methods_supported"),
         QJsonArray{QStringLiteral("client_secret_post"), QStringLiteral("private_key_jwt"),
                    QStringLiteral("client_secret_basic")}},
        {QStringLiteral("jwks_uri"), QString(authority + QStringLiteral("/discovery/v2.0/keys"))},
        {QStringLiteral("response_modes_supported"), QJsonArray{QStringLiteral("query")}},
        {QStringLiteral("subject_types_supported"), QJsonArray{QStringLiteral("pairwise")}},
        {QStringLiteral("id_token_signing_alg_values_supported"), QJsonArray{QStringLiteral("RS256")}},
        {QStringLiteral("response_types_supported"), QJsonArray{QStringLiteral("code")}},
        {QStringLiteral("scopes_supported"), QJsonArray{QStringLiteral("openid"), QStringLiteral("profile"),
                                                        QStringLiteral("email"), QStringLiteral("offline_access")}},
        {QStringLiteral("issuer"), issuer},
        {QStringLiteral("request_uri_parameter_supported"), false},
        {QStringLiteral("authorization_endpoint"), QString(authority + QStringLiteral("/oauth2/v2.0/authorize"))},
        {QStringLiteral("device_authorization_endpoint"),
         QString(authority + QStringLiteral("/oauth2/v2.0/devicecode"))},
        {QStringLiteral("code_challenge_methods_supported"), QJsonArray{QStringLiteral("S256")}},
        {QStringLiteral("grant_types_supported"),
         QJsonArray{QStringLiteral("authorization_code"), QStringLiteral("refresh_token"),
                    QStringLiteral("urn:ietf:params:oauth:grant-type:device_code"),
                    QStringLiteral("client_credentials")}},
        {QStringLiteral("claims_supported"),
         QJsonArray{QStringLiteral("sub"), QStringLiteral("iss"), QStringLiteral("aud"), QStringLiteral("exp"),
                    QStringLiteral("iat"), QStringLiteral("preferred_username"), QStringLiteral("name"),
                    QStringLiteral("tid"), QStringLiteral("oid"), QStringLiteral("ver")}},
        {QStringLiteral("tenant_region_scope"), QJsonValue::Null},
        {QStringLiteral("cloud_instance_name"), QStringLiteral("pal-sandbox.local")}};
    return Reply::json(200, body);
}

Reply SandboxServer::Private::instanceDiscovery(const httplib::Request &req)
{
    // What MSAL asks before trusting an authority host. The sandbox is its own single cloud.
    const QUrl endpoint(QString::fromStdString(req.get_param_value("authorization_endpoint")));
    const QString tenant = endpoint.path().section(QLatin1Char('/'), 1, 1);
    const QString host = QUrl(base).authority();
    return Reply::json(200, QJsonObject{{QStringLiteral("tenant_discovery_endpoint"),
                                         QStringLiteral("%1/%2/v2.0/.well-known/openid-configuration")
                                             .arg(base, tenant.isEmpty() ? QStringLiteral("organizations") : tenant)},
                                        {QStringLiteral("api-version"), QStringLiteral("1.1")},
                                        {QStringLiteral("metadata"),
                                         QJsonArray{QJsonObject{{QStringLiteral("preferred_network"), host},
                                                                {QStringLiteral("preferred_cache"), host},
                                                                {QStringLiteral("aliases"), QJsonArray{host}}}}}});
}

Reply SandboxServer::Private::keys(const QString &tenantSegment)
{
    Reply failure;
    if (!resolveTenant(tenantSegment, QStringLiteral("invalid_tenant"), &failure))
        return failure;
    return Reply::json(200, QJsonObject{{QStringLiteral("keys"), QJsonArray{key->jwk()}}});
}

Reply SandboxServer::Private::authorize(const httplib::Request &req, const QString &tenantSegment)
{
    const bool isPost = req.method == "POST";
    const auto q = req.target.find('?');
    Params p = parseForm(q == std::string::npos ? std::string() : req.target.substr(q + 1));
    if (isPost) { // the account picker's form carries everything
        const Params form = parseForm(req.body);
        for (auto it = form.begin(); it != form.end(); ++it)
            p.insert(it.key(), it.value());
    }
    auto errorPage = [&](int code, const QString &text) {
        return Reply::html(
            400, page(QStringLiteral("Sign-in error"),
                      QStringLiteral("<p id=\"error\">AADSTS%1: %2</p>").arg(code).arg(text.toHtmlEscaped())));
    };

    Reply failure;
    const auto tenant = resolveTenant(tenantSegment, QStringLiteral("invalid_request"), &failure);
    if (!tenant)
        return errorPage(90002, QStringLiteral("Tenant '%1' not found.").arg(tenantSegment));
    const QString clientId = p.value(QStringLiteral("client_id"));
    if (clientId.isEmpty())
        return errorPage(900144, QStringLiteral("The request body must contain the following parameter: 'client_id'."));
    if (!scenario.isPublicClient(clientId))
        return errorPage(700016, QStringLiteral("Application with identifier '%1' was not found in the directory "
                                                "'%2', or it is not registered as a public client.")
                                     .arg(clientId, tenantSegment));
    const QString redirectUri = p.value(QStringLiteral("redirect_uri"));
    if (!scenario.acceptsRedirectUri(clientId, redirectUri))
        return errorPage(50011, redirectMismatch(redirectUri, clientId));
    // Entra returns to a redirect URI without a path with a trailing "/" (reply-url doc); the code
    // stays bound to the URI as sent.
    QUrl returnUrl(redirectUri);
    if (returnUrl.path().isEmpty())
        returnUrl.setPath(QStringLiteral("/"));
    const QString returnTo = returnUrl.toString();

    // From here on the redirect URI is trusted: errors go back to the app.
    const QString state = p.value(QStringLiteral("state"));
    auto redirectError = [&](const QString &error, int code, const QString &text) {
        QList<std::pair<QString, QString>> items{
            {QStringLiteral("error"), error},
            {QStringLiteral("error_description"), QStringLiteral("AADSTS%1: %2").arg(code).arg(text)}};
        if (!state.isEmpty())
            items.append({QStringLiteral("state"), state});
        return Reply::redirect(withParameters(returnTo, items));
    };
    if (p.value(QStringLiteral("response_type")) != QLatin1String("code"))
        return redirectError(QStringLiteral("unsupported_response_type"), 700054,
                             QStringLiteral("response_type '%1' is not enabled for the application; use code.")
                                 .arg(p.value(QStringLiteral("response_type"))));
    const QString responseMode = p.value(QStringLiteral("response_mode"), QStringLiteral("query"));
    if (responseMode != QLatin1String("query"))
        return redirectError(QStringLiteral("invalid_request"), 900144,
                             QStringLiteral("The sandbox supports response_mode=query only."));
    const auto scope = parseScope(p.value(QStringLiteral("scope")), false, *tenant, &failure);
    if (!scope) {
        const QJsonObject error = QJsonDocument::fromJson(failure.body).object();
        return redirectError(error.value(QStringLiteral("error")).toString(),
                             error.value(QStringLiteral("error_codes")).toArray().at(0).toInt(),
                             error.value(QStringLiteral("error_description"))
                                 .toString()
                                 .section(QStringLiteral("\r\n"), 0, 0)
                                 .section(QStringLiteral(": "), 1));
    }
    const QString challenge = p.value(QStringLiteral("code_challenge"));
    if (challenge.isEmpty())
        return redirectError(QStringLiteral("invalid_request"), 9002325,
                             QStringLiteral("Proof Key for Code Exchange is required for public clients: send "
                                            "code_challenge and code_challenge_method=S256."));
    if (p.value(QStringLiteral("code_challenge_method")) != QLatin1String("S256"))
        return redirectError(QStringLiteral("invalid_request"), 5000102,
                             QStringLiteral("The sandbox accepts code_challenge_method=S256 only."));
    if (challenge.size() != 43 || !crypto::fromBase64Url(challenge.toLatin1()))
        return redirectError(QStringLiteral("invalid_request"), 501491,
                             QStringLiteral("Invalid size of Code_Challenge parameter."));

    std::lock_guard lock(mutex);
    const User *user = nullptr;
    if (isPost) {
        if (p.value(QStringLiteral("action")) == QLatin1String("cancel"))
            return redirectError(QStringLiteral("access_denied"), 65004,
                                 QStringLiteral("User declined to consent to access the app."));
        user = scenario.user(p.value(QStringLiteral("username")));
        if (!user)
            return errorPage(50034, QStringLiteral("The user account %1 does not exist in the sandbox.")
                                        .arg(p.value(QStringLiteral("username"))));
    } else if (!autoApproveUser.isEmpty()) {
        user = scenario.user(p.value(QStringLiteral("login_hint")));
        if (!user)
            user = scenario.user(autoApproveUser);
    }
    if (!user) {
        if (p.value(QStringLiteral("prompt")) == QLatin1String("none"))
            return redirectError(QStringLiteral("login_required"), 50058,
                                 QStringLiteral("A silent sign-in request was sent but no user is signed in."));
        // The account picker: one button per account that may sign in at this authority.
        QString forms;
        for (const User &candidate : std::as_const(scenario.users)) {
            if (tenant->directory && !candidate.isMemberOf(tenant->directory->tenantId))
                continue;
            QString fields;
            for (auto it = p.begin(); it != p.end(); ++it) {
                if (it.key() != QLatin1String("username") && it.key() != QLatin1String("action"))
                    fields += hidden(it.key(), it.value());
            }
            const bool hinted =
                candidate.username.compare(p.value(QStringLiteral("login_hint")), Qt::CaseInsensitive) == 0;
            forms += QStringLiteral("<form method=\"post\">%1%2<button type=\"submit\" name=\"action\" "
                                    "value=\"approve\"%3>%4 (%5)</button></form>\n")
                         .arg(fields, hidden(QStringLiteral("username"), candidate.username),
                              hinted ? QStringLiteral(" autofocus") : QString(), candidate.displayName.toHtmlEscaped(),
                              candidate.username.toHtmlEscaped());
        }
        QString cancelFields;
        for (auto it = p.begin(); it != p.end(); ++it)
            cancelFields += hidden(it.key(), it.value());
        forms += QStringLiteral("<form method=\"post\">%1<button type=\"submit\" name=\"action\" value=\"cancel\">"
                                "Cancel</button></form>")
                     .arg(cancelFields);
        return Reply::html(200, page(QStringLiteral("Pick an account"), forms));
    }
    const QString tenantId = tenant->directory ? tenant->directory->tenantId : user->homeTenantId;
    if (!user->isMemberOf(tenantId))
        return redirectError(
            QStringLiteral("access_denied"), 50020,
            QStringLiteral("User account '%1' from identity provider '%2/%3/' does not exist in "
                           "tenant '%4' and cannot access the application '%5'(%5) in that tenant.")
                .arg(user->username, base, user->homeTenantId, scenario.directory(tenantId)->displayName, clientId));

    AuthorizationCode code;
    code.clientId = clientId.toLower();
    code.redirectUri = redirectUri;
    code.codeChallenge = challenge;
    code.username = user->username;
    code.tenantId = tenantId;
    code.resource = scope->resource;
    code.scopes = scope->scopes;
    code.expiresAt = now() + scenario.authorizationCodeLifetimeSeconds;
    const QString value = QStringLiteral("1.SBX.") + crypto::randomToken(48);
    codes.insert(value, code);

    QList<std::pair<QString, QString>> items{{QStringLiteral("code"), value}};
    if (!state.isEmpty())
        items.append({QStringLiteral("state"), state});
    items.append({QStringLiteral("session_state"), QUuid::createUuid().toString(QUuid::WithoutBraces)});
    return Reply::redirect(withParameters(returnTo, items));
}

Reply SandboxServer::Private::deviceCode(const httplib::Request &req, const QString &tenantSegment)
{
    Reply failure;
    const auto tenant = resolveTenant(tenantSegment, QStringLiteral("invalid_request"), &failure);
    if (!tenant)
        return failure;
    const Params p = parseForm(req.body);
    const QString clientId = p.value(QStringLiteral("client_id"));
    if (clientId.isEmpty())
        return entraError(400, QStringLiteral("invalid_request"), 900144,
                          QStringLiteral("The request body must contain the following parameter: 'client_id'."));
    if (!scenario.isPublicClient(clientId))
        return entraError(400, QStringLiteral("unauthorized_client"), 700016,
                          QStringLiteral("Application with identifier '%1' was not found in the directory '%2', or it "
                                         "is not a public client.")
                              .arg(clientId, tenantSegment));
    const auto scope = parseScope(p.value(QStringLiteral("scope")), false, *tenant, &failure);
    if (!scope)
        return failure;
    DeviceCodeRecord record;
    record.deviceCode = QStringLiteral("DAQABSBX") + crypto::randomToken(48);
    record.userCode = userCodeAlphabetCode();
    record.clientId = clientId.toLower();
    record.tenantId = tenant->directory ? tenant->directory->tenantId : QString();
    record.resource = scope->resource;
    record.scopes = scope->scopes;
    record.expiresAt = now() + scenario.deviceCodeLifetimeSeconds;
    {
        std::lock_guard lock(mutex);
        deviceCodes.insert(record.deviceCode, record);
    }
    const QString verification = base + QStringLiteral("/devicelogin");
    return Reply::json(
        200, QJsonObject{{QStringLiteral("user_code"), record.userCode},
                         {QStringLiteral("device_code"), record.deviceCode},
                         {QStringLiteral("verification_uri"), verification},
                         {QStringLiteral("expires_in"), scenario.deviceCodeLifetimeSeconds},
                         {QStringLiteral("interval"), scenario.deviceCodeIntervalSeconds},
                         {QStringLiteral("message"),
                          QStringLiteral("To sign in, use a web browser to open the page %1 and enter the code %2 to "
                                         "authenticate.")
                              .arg(verification, record.userCode)}});
}

Reply SandboxServer::Private::deviceLogin(const httplib::Request &req)
{
    const QString path = QString::fromStdString(req.path).toLower();
    if (path != QLatin1String("/devicelogin") && path != QLatin1String("/devicelogin/"))
        return Reply::html(404, page(QStringLiteral("Not found"), QString()));
    std::lock_guard lock(mutex);
    if (req.method == "GET") {
        QString options;
        for (const User &user : std::as_const(scenario.users))
            options += QStringLiteral("<option value=\"%1\">%2 (%1)</option>")
                           .arg(user.username.toHtmlEscaped(), user.displayName.toHtmlEscaped());
        return Reply::html(
            200,
            page(QStringLiteral("Enter code"),
                 QStringLiteral("<form method=\"post\" action=\"/devicelogin\">\n"
                                "<p><label>Code <input name=\"user_code\" autofocus></label></p>\n"
                                "<p><label>Account <select name=\"username\">%1</select></label></p>\n"
                                "<button type=\"submit\" name=\"action\" value=\"approve\">Sign in</button>\n"
                                "<button type=\"submit\" name=\"action\" value=\"decline\">Cancel sign-in</button>\n"
                                "</form>")
                     .arg(options)));
    }
    if (req.method != "POST")
        return Reply::html(405, page(QStringLiteral("Method not allowed"), QString()));
    const Params p = parseForm(req.body);
    const QString userCode = normalizedUserCode(p.value(QStringLiteral("user_code")));
    DeviceCodeRecord *record = nullptr;
    for (DeviceCodeRecord &candidate : deviceCodes) {
        if (candidate.userCode == userCode && candidate.state == DeviceCodeRecord::State::Pending &&
            candidate.expiresAt > now())
            record = &candidate;
    }
    if (!record)
        return Reply::html(400, page(QStringLiteral("Enter code"),
                                     QStringLiteral("<p id=\"error\">That code didn't work. Check the code and try "
                                                    "again.</p>")));
    if (p.value(QStringLiteral("action")) == QLatin1String("decline")) {
        record->state = DeviceCodeRecord::State::Declined;
        return Reply::html(200, page(QStringLiteral("Sign-in cancelled"),
                                     QStringLiteral("<p id=\"result\">You have declined to sign in. You may now close "
                                                    "this window.</p>")));
    }
    const User *user = scenario.user(p.value(QStringLiteral("username")));
    if (!user || (!record->tenantId.isEmpty() && !user->isMemberOf(record->tenantId)))
        return Reply::html(400, page(QStringLiteral("Sign-in error"),
                                     QStringLiteral("<p id=\"error\">AADSTS50020: The account '%1' cannot sign in to "
                                                    "this directory.</p>")
                                         .arg(p.value(QStringLiteral("username")).toHtmlEscaped())));
    record->state = DeviceCodeRecord::State::Approved;
    record->username = user->username;
    return Reply::html(200, page(QStringLiteral("Signed in"),
                                 QStringLiteral("<p id=\"result\">%1, you have signed in. You may now close this "
                                                "window.</p>")
                                     .arg(user->displayName.toHtmlEscaped())));
}

} // namespace palsandbox
