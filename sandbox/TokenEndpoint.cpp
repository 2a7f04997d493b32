// POST /{tenant}/oauth2/v2.0/token: every grant PAL Desk uses, answered as Entra ID v2.0 does,
// errors in Entra's format with AADSTS codes (see sandbox/README.md for the list).
#include "SandboxPrivate.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrlQuery>

namespace palsandbox {

namespace {

const QStringList kReservedScopes{QStringLiteral("openid"), QStringLiteral("profile"), QStringLiteral("offline_access"),
                                  QStringLiteral("email")};

QString missingParameter(const QString &name)
{
    return QStringLiteral("The request body must contain the following parameter: '%1'.").arg(name);
}

bool isDomainLike(const QString &text)
{
    static const QRegularExpression re(
        QStringLiteral("^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$"));
    return re.match(text).hasMatch();
}

} // namespace

Params parseForm(const std::string &text)
{
    Params out;
    QString encoded = QString::fromUtf8(text.data(), qsizetype(text.size()));
    encoded.replace(QLatin1Char('+'), QStringLiteral("%20"));
    const QUrlQuery query(encoded);
    for (const auto &[name, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (!out.contains(name))
            out.insert(name, value);
    }
    return out;
}

std::optional<TenantRef> SandboxServer::Private::resolveTenant(const QString &segment, const QString &errorName,
                                                               Reply *failure) const
{
    TenantRef ref;
    ref.segment = segment;
    const QString lower = segment.toLower();
    if (lower == QLatin1String("organizations") || lower == QLatin1String("common"))
        return ref;
    if (Scenario::isGuid(segment) || isDomainLike(segment)) {
        ref.directory = scenario.directory(segment);
        if (ref.directory)
            return ref;
        *failure = entraError(400, errorName, 90002,
                              QStringLiteral("Tenant '%1' not found. Check to make sure you have the correct tenant ID "
                                             "and are signing into the correct cloud. Check with your subscription "
                                             "administrator, this may happen if there are no active subscriptions for "
                                             "the tenant.")
                                  .arg(segment));
        return std::nullopt;
    }
    *failure = entraError(400, QStringLiteral("invalid_request"), 900023,
                          QStringLiteral("Specified tenant identifier '%1' is neither a valid DNS name, nor a valid "
                                         "external domain.")
                              .arg(segment));
    return std::nullopt;
}

std::optional<ScopeRequest> SandboxServer::Private::parseScope(const QString &scope, bool forApp,
                                                               const TenantRef &tenant, Reply *failure) const
{
    const QString tenantName = tenant.directory ? tenant.directory->tenantId : tenant.segment;
    const QStringList items = scope.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
    if (items.isEmpty()) {
        *failure =
            entraError(400, QStringLiteral("invalid_request"), 900144, missingParameter(QStringLiteral("scope")));
        return std::nullopt;
    }
    ScopeRequest out;
    out.scopes = items;
    QStringList resources;
    for (const QString &item : items) {
        if (kReservedScopes.contains(item, Qt::CaseInsensitive)) {
            if (forApp) {
                *failure = entraError(400, QStringLiteral("invalid_scope"), 70011,
                                      QStringLiteral("The provided request must include a 'scope' input parameter. "
                                                     "The provided value for the input parameter 'scope' is not valid. "
                                                     "The scope %1 is not valid.")
                                          .arg(scope));
                return std::nullopt;
            }
            out.offlineAccess =
                out.offlineAccess || item.compare(QLatin1String("offline_access"), Qt::CaseInsensitive) == 0;
            out.openid = out.openid || item.compare(QLatin1String("openid"), Qt::CaseInsensitive) == 0;
            continue;
        }
        const qsizetype slash = item.lastIndexOf(QLatin1Char('/'));
        const QString resource = slash > 0 ? item.left(slash) : QStringLiteral("https://graph.microsoft.com");
        const QString permission = slash > 0 ? item.mid(slash + 1) : item;
        if (forApp && permission != QLatin1String(".default")) {
            *failure =
                entraError(400, QStringLiteral("invalid_scope"), 1002012,
                           QStringLiteral("The provided value for scope %1 is not valid. Client credential flows "
                                          "must have a scope value with /.default suffixed to the resource "
                                          "identifier (application ID URI).")
                               .arg(item));
            return std::nullopt;
        }
        if (!resources.contains(resource))
            resources << resource;
        if (permission != QLatin1String(".default") && permission != QLatin1String("user_impersonation") &&
            resource.startsWith(base)) {
            *failure = entraError(400, QStringLiteral("invalid_scope"), 70011,
                                  QStringLiteral("The provided value for the input parameter 'scope' is not valid. The "
                                                 "scope %1 does not exist on the resource.")
                                      .arg(item));
            return std::nullopt;
        }
    }
    if (resources.size() > 1) {
        *failure = entraError(400, QStringLiteral("invalid_scope"), 700022,
                              QStringLiteral("The provided value for the input parameter scope is not valid because "
                                             "it contains more than one resource. Scope %1 is not valid.")
                                  .arg(scope));
        return std::nullopt;
    }
    if (resources.isEmpty()) {
        *failure = entraError(400, QStringLiteral("invalid_scope"), 70011,
                              QStringLiteral("The provided value for the input parameter 'scope' is not valid. The "
                                             "sandbox issues tokens for its Resource Manager only (%1/.default).")
                                  .arg(base));
        return std::nullopt;
    }
    if (resources.first() != base && resources.first() != base + QLatin1Char('/') &&
        !isPowerPlatformAudience(resources.first())) {
        *failure = entraError(400, QStringLiteral("invalid_resource"), 500011,
                              QStringLiteral("The resource principal named %1 was not found in the tenant named %2. "
                                             "This can happen if the application has not been installed by the "
                                             "administrator of the tenant or consented to by any user in the tenant. "
                                             "You might have sent your authentication request to the wrong tenant.")
                                  .arg(resources.first(), tenantName));
        return std::nullopt;
    }
    out.resource = resources.first();
    return out;
}

Reply SandboxServer::Private::userTokens(const User &user, const QString &tenantId, const QString &clientId,
                                         const ScopeRequest &scope, bool clientInfo, RefreshTokenRecord refreshToken)
{
    const int lifetime = scenario.tokenLifetimeSeconds;
    const QString resourceScope =
        scope.resource + (scope.resource.endsWith(QLatin1Char('/')) ? QString() : QStringLiteral("/"));
    QJsonObject body{{QStringLiteral("token_type"), QStringLiteral("Bearer")},
                     {QStringLiteral("scope"), QString(resourceScope + QStringLiteral("user_impersonation ") +
                                                       resourceScope + QStringLiteral(".default"))},
                     {QStringLiteral("expires_in"), lifetime},
                     {QStringLiteral("ext_expires_in"), lifetime},
                     {QStringLiteral("access_token"),
                      QString::fromLatin1(issueAccessToken(tenantId, user.objectIdIn(tenantId), scope.resource, &user,
                                                           nullptr, clientId, lifetime))}};
    if (scope.offlineAccess) {
        const QString token = QStringLiteral("0.SBX.") + crypto::randomToken(48);
        refreshToken.username = user.username;
        refreshToken.clientId = clientId;
        refreshToken.expiresAt = now() + scenario.refreshTokenLifetimeSeconds;
        refreshToken.superseded = false;
        refreshTokens.insert(token, refreshToken);
        body.insert(QStringLiteral("refresh_token"), token);
    }
    if (scope.openid)
        body.insert(QStringLiteral("id_token"), QString::fromLatin1(issueIdToken(user, tenantId, clientId)));
    if (clientInfo) {
        // The home account, as Entra sends it: MSAL keys accounts by uid.utid across directories.
        const QJsonObject info{{QStringLiteral("uid"), user.objectIdIn(user.homeTenantId)},
                               {QStringLiteral("utid"), user.homeTenantId}};
        body.insert(QStringLiteral("client_info"),
                    QString::fromLatin1(crypto::base64Url(QJsonDocument(info).toJson(QJsonDocument::Compact))));
    }
    return Reply::json(200, body);
}

Reply SandboxServer::Private::token(const httplib::Request &req, const QString &tenantSegment)
{
    if (req.method != "POST")
        return entraError(400, QStringLiteral("invalid_request"), 900561,
                          QStringLiteral("The endpoint only accepts POST requests. Received a %1 request.")
                              .arg(QString::fromStdString(req.method)));
    Reply failure;
    const auto tenant = resolveTenant(tenantSegment, QStringLiteral("invalid_request"), &failure);
    if (!tenant)
        return failure;
    const bool isForm = QByteArray::fromStdString(req.get_header_value("Content-Type"))
                            .toLower()
                            .startsWith("application/x-www-form-urlencoded");
    const Params p = isForm ? parseForm(req.body) : Params();
    const QString grantType = p.value(QStringLiteral("grant_type"));
    if (grantType.isEmpty())
        return entraError(400, QStringLiteral("invalid_request"), 900144,
                          missingParameter(QStringLiteral("grant_type")));

    QString clientId = p.value(QStringLiteral("client_id"));
    QString secret = p.value(QStringLiteral("client_secret"));
    const QByteArray authorization = QByteArray::fromStdString(req.get_header_value("Authorization"));
    if (authorization.startsWith("Basic ")) { // client_secret_basic
        const QByteArray pair = QByteArray::fromBase64(authorization.mid(6).trimmed());
        const qsizetype colon = pair.indexOf(':');
        if (colon > 0) {
            clientId = QUrl::fromPercentEncoding(pair.left(colon));
            secret = QUrl::fromPercentEncoding(pair.mid(colon + 1));
        }
    }
    if (clientId.isEmpty())
        return entraError(400, QStringLiteral("invalid_request"), 900144,
                          missingParameter(QStringLiteral("client_id")));

    std::lock_guard lock(mutex);
    const bool isPublic = scenario.isPublicClient(clientId);
    const ServicePrincipal *app = scenario.servicePrincipal(clientId);
    if (!isPublic && !app)
        return entraError(400, QStringLiteral("unauthorized_client"), 700016,
                          QStringLiteral("Application with identifier '%1' was not found in the directory '%2'. This "
                                         "can happen if the application has not been installed by the administrator "
                                         "of the tenant or consented to by any user in the tenant. You may have sent "
                                         "your authentication request to the wrong tenant.")
                              .arg(clientId, tenant->directory ? tenant->directory->displayName : tenant->segment));
    if (isPublic && (!secret.isEmpty() || p.contains(QStringLiteral("client_assertion"))))
        return entraError(401, QStringLiteral("invalid_client"), 700025,
                          QStringLiteral("Client is public so neither 'client_assertion' nor 'client_secret' should be "
                                         "presented."));

    if (grantType == QLatin1String("authorization_code"))
        return authorizationCodeGrant(p, *tenant);
    if (grantType == QLatin1String("refresh_token"))
        return refreshTokenGrant(p, *tenant);
    if (grantType == QLatin1String("urn:ietf:params:oauth:grant-type:device_code"))
        return deviceCodeGrant(p);
    if (grantType == QLatin1String("client_credentials")) {
        Params withSecret = p;
        withSecret.insert(QStringLiteral("client_id"), clientId);
        if (!secret.isEmpty())
            withSecret.insert(QStringLiteral("client_secret"), secret);
        return clientCredentialsGrant(req, withSecret, *tenant);
    }
    return entraError(400, QStringLiteral("unsupported_grant_type"), 70003,
                      QStringLiteral("The app requested an unsupported grant type '%1'.").arg(grantType));
}

Reply SandboxServer::Private::authorizationCodeGrant(const Params &p, const TenantRef &)
{
    const QString code = p.value(QStringLiteral("code"));
    if (code.isEmpty())
        return entraError(400, QStringLiteral("invalid_request"), 900144, missingParameter(QStringLiteral("code")));
    const auto it = codes.find(code);
    if (it == codes.end())
        return entraError(400, QStringLiteral("invalid_grant"), 70000,
                          QStringLiteral("The provided value for the 'code' parameter is not valid."));
    AuthorizationCode &record = *it;
    if (record.redeemed)
        return entraError(
            400, QStringLiteral("invalid_grant"), 54005,
            QStringLiteral("OAuth2 Authorization code was already redeemed, please retry with a new valid "
                           "code or use an existing refresh token."));
    if (record.expiresAt <= now())
        return entraError(400, QStringLiteral("invalid_grant"), 70008,
                          QStringLiteral("The provided authorization code or refresh token has expired due to "
                                         "inactivity. Send a new interactive authorization request for this user and "
                                         "resource."));
    if (record.clientId.compare(p.value(QStringLiteral("client_id")), Qt::CaseInsensitive) != 0)
        return entraError(400, QStringLiteral("invalid_grant"), 70000,
                          QStringLiteral("The provided value for the 'code' parameter is not valid. The code was "
                                         "issued to another application."));
    // Entra checks the registration here too (the code's own URI passed it at /authorize).
    if (!scenario.acceptsRedirectUri(record.clientId, p.value(QStringLiteral("redirect_uri"))))
        return entraError(400, QStringLiteral("invalid_request"), 50011,
                          redirectMismatch(p.value(QStringLiteral("redirect_uri")), record.clientId));
    if (record.redirectUri != p.value(QStringLiteral("redirect_uri")))
        return entraError(400, QStringLiteral("invalid_grant"), 500112,
                          QStringLiteral("The reply address '%1' does not match the reply address '%2' provided when "
                                         "requesting Authorization code.")
                              .arg(p.value(QStringLiteral("redirect_uri")), record.redirectUri));
    const QString verifier = p.value(QStringLiteral("code_verifier"));
    if (verifier.isEmpty() || !crypto::constantTimeEquals(crypto::base64Url(crypto::sha256(verifier.toUtf8())),
                                                          record.codeChallenge.toLatin1()))
        return entraError(400, QStringLiteral("invalid_grant"), 501481,
                          QStringLiteral("The Code_Verifier does not match the code_challenge supplied in the "
                                         "authorization request."));
    const User *user = scenario.user(record.username);
    ScopeRequest scope;
    scope.resource = record.resource;
    scope.scopes = record.scopes;
    scope.offlineAccess = record.scopes.contains(QStringLiteral("offline_access"), Qt::CaseInsensitive);
    scope.openid = record.scopes.contains(QStringLiteral("openid"), Qt::CaseInsensitive);
    record.redeemed = true;
    RefreshTokenRecord rt;
    rt.authTimeMs = QDateTime::currentMSecsSinceEpoch();
    rt.mfaSatisfiedTenants.insert(record.tenantId); // the user just signed in there, MFA included
    return userTokens(*user, record.tenantId, record.clientId, scope,
                      p.value(QStringLiteral("client_info")) == QLatin1String("1"), rt);
}

Reply SandboxServer::Private::refreshTokenGrant(const Params &p, const TenantRef &tenant)
{
    const QString token = p.value(QStringLiteral("refresh_token"));
    if (token.isEmpty())
        return entraError(400, QStringLiteral("invalid_request"), 900144,
                          missingParameter(QStringLiteral("refresh_token")));
    const auto it = refreshTokens.find(token);
    if (it == refreshTokens.end())
        return entraError(400, QStringLiteral("invalid_grant"), 9002313,
                          QStringLiteral("Invalid request. Request is malformed or invalid."));
    RefreshTokenRecord &record = *it;
    const User *user = scenario.user(record.username);
    if (record.clientId.compare(p.value(QStringLiteral("client_id")), Qt::CaseInsensitive) != 0)
        return entraError(400, QStringLiteral("invalid_grant"), 70000,
                          QStringLiteral("The provided value for the 'refresh_token' is not valid: it was issued to "
                                         "another application."));
    if (record.superseded)
        return entraError(400, QStringLiteral("invalid_grant"), 70000,
                          QStringLiteral("The provided value for the 'refresh_token' is not valid: it has been "
                                         "replaced by the refresh token issued when it was last redeemed."));
    if (user->refreshTokensRevoked || record.revoked) {
        const QString issued = QDateTime::fromMSecsSinceEpoch(record.authTimeMs, Qt::UTC).toString(Qt::ISODate);
        const QString from = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
        return entraError(
            400, QStringLiteral("invalid_grant"), 50173,
            QStringLiteral("The provided grant has expired due to it being revoked, a fresh auth token is "
                           "needed. The user might have changed or reset their password. The grant was "
                           "issued on '%1' and the TokensValidFrom date (before which tokens are not "
                           "valid) for this user is '%2'.")
                .arg(issued, from));
    }
    if (record.expiresAt <= now())
        return entraError(400, QStringLiteral("invalid_grant"), 700082,
                          QStringLiteral("The refresh token has expired due to inactivity. The token was issued on "
                                         "'%1' and was inactive for %2 seconds.")
                              .arg(QDateTime::fromMSecsSinceEpoch(record.authTimeMs, Qt::UTC).toString(Qt::ISODate))
                              .arg(scenario.refreshTokenLifetimeSeconds));
    const QString tenantId = tenant.directory ? tenant.directory->tenantId : user->homeTenantId;
    const Directory *directory = scenario.directory(tenantId);
    if (!user->isMemberOf(tenantId))
        return entraError(400, QStringLiteral("invalid_grant"), 50020,
                          QStringLiteral("User account '%1' from identity provider '%2/%3/' does not exist in tenant "
                                         "'%4' and cannot access the application '%5'(%5) in that tenant. The account "
                                         "needs to be added as an external user in the tenant first. Sign out and "
                                         "sign in again with a different Azure Active Directory user account.")
                              .arg(user->username, base, user->homeTenantId, directory->displayName, record.clientId));
    Reply failure;
    const auto scope = parseScope(p.value(QStringLiteral("scope")), false, tenant, &failure);
    if (!scope)
        return failure;
    if (auto refused = consentRefusal(tenantId, record.clientId, scope->resource)) // before the RT rotates
        return *refused;
    if (directory->mfaRequired && !record.mfaSatisfiedTenants.contains(tenantId))
        return entraError(400, QStringLiteral("invalid_grant"), 50076,
                          QStringLiteral("Due to a configuration change made by your administrator, or because you "
                                         "moved to a new location, you must use multi-factor authentication to access "
                                         "'%1'.")
                              .arg(scope->resource),
                          QStringLiteral("basic_action"));
    // Entra keeps the redeemed refresh token valid (so clients refreshing in parallel, or a process
    // that lost the newer one, still work); the scenario may make a redeemed token answer 70000.
    if (scenario.invalidateRotatedRefreshTokens)
        record.superseded = true;
    else
        record.expiresAt = now() + scenario.refreshTokenLifetimeSeconds; // sliding, as for the new one
    return userTokens(*user, tenantId, record.clientId, *scope,
                      p.value(QStringLiteral("client_info")) == QLatin1String("1"), record);
}

Reply SandboxServer::Private::deviceCodeGrant(const Params &p)
{
    const QString code = p.value(QStringLiteral("device_code"));
    if (code.isEmpty())
        return entraError(400, QStringLiteral("invalid_request"), 900144,
                          missingParameter(QStringLiteral("device_code")));
    const auto it = deviceCodes.find(code);
    if (it == deviceCodes.end() || it->clientId.compare(p.value(QStringLiteral("client_id")), Qt::CaseInsensitive) != 0)
        return entraError(400, QStringLiteral("bad_verification_code"), 70018,
                          QStringLiteral("The provided value for the input parameter 'device_code' is not valid."));
    DeviceCodeRecord &record = *it;
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    const qint64 lastPoll = record.lastPollMs;
    record.lastPollMs = nowMs;
    if (record.state == DeviceCodeRecord::State::Redeemed)
        return entraError(400, QStringLiteral("invalid_grant"), 70000,
                          QStringLiteral("The provided value for the 'device_code' parameter is not valid: it has "
                                         "already been redeemed."));
    if (record.expiresAt <= now())
        return entraError(400, QStringLiteral("expired_token"), 70019, QStringLiteral("Verification code expired."));
    if (record.state == DeviceCodeRecord::State::Declined)
        return entraError(400, QStringLiteral("authorization_declined"), 70000,
                          QStringLiteral("The end user declined the authorization request."));
    if (record.state == DeviceCodeRecord::State::Pending) {
        if (lastPoll != 0 && nowMs - lastPoll < qint64(scenario.deviceCodeIntervalSeconds) * 1000)
            return entraError(400, QStringLiteral("slow_down"), 70016,
                              QStringLiteral("OAuth 2.0 device flow error. Polling too fast: wait at least %1 seconds "
                                             "between requests.")
                                  .arg(scenario.deviceCodeIntervalSeconds));
        return entraError(400, QStringLiteral("authorization_pending"), 70016,
                          QStringLiteral("OAuth 2.0 device flow error. Authorization is pending. Continue polling."));
    }
    const User *user = scenario.user(record.username);
    const QString tenantId = record.tenantId.isEmpty() ? user->homeTenantId : record.tenantId;
    record.state = DeviceCodeRecord::State::Redeemed;
    ScopeRequest scope;
    scope.resource = record.resource;
    scope.scopes = record.scopes;
    scope.offlineAccess = record.scopes.contains(QStringLiteral("offline_access"), Qt::CaseInsensitive);
    scope.openid = record.scopes.contains(QStringLiteral("openid"), Qt::CaseInsensitive);
    RefreshTokenRecord rt;
    rt.authTimeMs = QDateTime::currentMSecsSinceEpoch();
    rt.mfaSatisfiedTenants.insert(tenantId);
    return userTokens(*user, tenantId, record.clientId, scope,
                      p.value(QStringLiteral("client_info")) == QLatin1String("1"), rt);
}

Reply SandboxServer::Private::clientCredentialsGrant(const httplib::Request &, const Params &p, const TenantRef &tenant)
{
    const QString clientId = p.value(QStringLiteral("client_id"));
    if (!tenant.directory)
        return entraError(400, QStringLiteral("invalid_request"), 90124,
                          QStringLiteral("The client credentials grant is not supported over the /common or "
                                         "/organizations endpoints. Use a tenant-specific endpoint: "
                                         "/{tenant ID or domain}/oauth2/v2.0/token."));
    if (scenario.isPublicClient(clientId))
        return entraError(401, QStringLiteral("invalid_client"), 7000218,
                          QStringLiteral("The request body must contain the following parameter: 'client_assertion' "
                                         "or 'client_secret'."));
    const ServicePrincipal *app = scenario.servicePrincipal(clientId);
    if (!app || app->tenantId != tenant.directory->tenantId)
        return entraError(400, QStringLiteral("unauthorized_client"), 700016,
                          QStringLiteral("Application with identifier '%1' was not found in the directory '%2'. This "
                                         "can happen if the application has not been installed by the administrator "
                                         "of the tenant or consented to by any user in the tenant. You may have sent "
                                         "your authentication request to the wrong tenant.")
                              .arg(clientId, tenant.directory->displayName));
    const QString assertion = p.value(QStringLiteral("client_assertion"));
    const QString secret = p.value(QStringLiteral("client_secret"));
    if (!assertion.isEmpty()) {
        if (p.value(QStringLiteral("client_assertion_type")) !=
            QLatin1String("urn:ietf:params:oauth:client-assertion-type:jwt-bearer"))
            return entraError(401, QStringLiteral("invalid_client"), 700027,
                              QStringLiteral("Client assertion failed: client_assertion_type must be "
                                             "urn:ietf:params:oauth:client-assertion-type:jwt-bearer."));
        if (const auto problem = verifyClientAssertion(*app, assertion, tenant))
            return entraError(
                401, QStringLiteral("invalid_client"), 700027,
                QStringLiteral("Client assertion failed signature validation. [Reason - %1]").arg(*problem));
    } else if (!secret.isEmpty()) {
        const ClientSecret *match = nullptr;
        for (const ClientSecret &candidate : app->secrets) {
            if (crypto::constantTimeEquals(candidate.value.toUtf8(), secret.toUtf8()))
                match = &candidate;
        }
        if (!match)
            return entraError(401, QStringLiteral("invalid_client"), 7000215,
                              QStringLiteral("Invalid client secret provided. Ensure the secret being sent in the "
                                             "request is the client secret value, not the client secret ID, for a "
                                             "secret added to app '%1'.")
                                  .arg(clientId));
        if (match->expired)
            return entraError(401, QStringLiteral("invalid_client"), 7000222,
                              QStringLiteral("The provided client secret keys for app '%1' are expired. Visit the "
                                             "Azure portal to create new keys for your app, or consider using "
                                             "certificate credentials for added security.")
                                  .arg(clientId));
    } else {
        return entraError(401, QStringLiteral("invalid_client"), 7000218,
                          QStringLiteral("The request body must contain the following parameter: 'client_assertion' "
                                         "or 'client_secret'."));
    }
    Reply failure;
    const auto scope = parseScope(p.value(QStringLiteral("scope")), true, tenant, &failure);
    if (!scope)
        return failure;
    const int lifetime = scenario.tokenLifetimeSeconds;
    // Entra answers client credentials without scope, refresh token or id token.
    return Reply::json(200,
                       QJsonObject{{QStringLiteral("token_type"), QStringLiteral("Bearer")},
                                   {QStringLiteral("expires_in"), lifetime},
                                   {QStringLiteral("ext_expires_in"), lifetime},
                                   {QStringLiteral("access_token"),
                                    QString::fromLatin1(issueAccessToken(app->tenantId, app->objectId, scope->resource,
                                                                         nullptr, app, app->clientId, lifetime))}});
}

std::optional<QString> SandboxServer::Private::verifyClientAssertion(const ServicePrincipal &app,
                                                                     const QString &assertion, const TenantRef &tenant)
{
    const auto jwt = crypto::Jwt::parse(assertion.toLatin1());
    if (!jwt)
        return QStringLiteral("The client assertion is not a JWT (header.payload.signature).");
    const QString alg = jwt->header.value(QStringLiteral("alg")).toString();
    crypto::JwsAlgorithm algorithm;
    QByteArray thumbprint;
    bool sha256Thumbprint = false;
    if (alg == QLatin1String("PS256") && jwt->header.contains(QStringLiteral("x5t#S256"))) {
        algorithm = crypto::JwsAlgorithm::PS256;
        sha256Thumbprint = true;
        thumbprint = crypto::fromBase64Url(jwt->header.value(QStringLiteral("x5t#S256")).toString().toLatin1())
                         .value_or(QByteArray());
    } else if (alg == QLatin1String("RS256") && jwt->header.contains(QStringLiteral("x5t"))) {
        algorithm = crypto::JwsAlgorithm::RS256;
        thumbprint = crypto::fromBase64Url(jwt->header.value(QStringLiteral("x5t")).toString().toLatin1())
                         .value_or(QByteArray());
    } else {
        return QStringLiteral("The assertion must be signed with PS256 and name its key by x5t#S256, or with RS256 and "
                              "x5t (alg is '%1').")
            .arg(alg);
    }
    QList<QByteArray> pems = app.certificates;
    pems += extraCertificates.value(app.clientId.toLower());
    std::optional<crypto::Certificate> certificate;
    for (const QByteArray &pem : std::as_const(pems)) {
        auto candidate = crypto::Certificate::fromPem(pem, nullptr);
        if (candidate && (sha256Thumbprint ? candidate->sha256Thumbprint : candidate->sha1Thumbprint) == thumbprint)
            certificate = candidate;
    }
    if (!certificate)
        return QStringLiteral("The key was not found., Thumbprint of key used by client: '%1'")
            .arg(QString::fromLatin1(thumbprint.toHex().toUpper()));
    if (!certificate->verify(algorithm, jwt->signingInput, jwt->signature))
        return QStringLiteral("The signature does not verify with the certificate registered for the app.");
    const QDateTime nowUtc = QDateTime::currentDateTimeUtc();
    if (certificate->notAfter < nowUtc || certificate->notBefore > nowUtc)
        return QStringLiteral("The certificate used to sign the client assertion is not valid now (it is valid from "
                              "%1 to %2).")
            .arg(certificate->notBefore.toString(Qt::ISODate), certificate->notAfter.toString(Qt::ISODate));
    const QJsonObject &c = jwt->claims;
    const QString aud = c.value(QStringLiteral("aud")).toString();
    const QString bySegment = base + QLatin1Char('/') + tenant.segment + QStringLiteral("/oauth2/v2.0/token");
    const QString byId = base + QLatin1Char('/') + tenant.directory->tenantId + QStringLiteral("/oauth2/v2.0/token");
    if (aud != bySegment && aud != byId)
        return QStringLiteral("The audience claim '%1' is not the token endpoint '%2'.").arg(aud, bySegment);
    if (c.value(QStringLiteral("iss")).toString().compare(app.clientId, Qt::CaseInsensitive) != 0 ||
        c.value(QStringLiteral("sub")).toString().compare(app.clientId, Qt::CaseInsensitive) != 0)
        return QStringLiteral("The iss and sub claims must both be the client ID '%1'.").arg(app.clientId);
    if (!c.value(QStringLiteral("exp")).isDouble())
        return QStringLiteral("The assertion has no exp claim.");
    const qint64 t = now();
    const qint64 exp = qint64(c.value(QStringLiteral("exp")).toDouble());
    if (exp <= t)
        return QStringLiteral("The assertion expired at %1.")
            .arg(QDateTime::fromSecsSinceEpoch(exp, Qt::UTC).toString(Qt::ISODate));
    if (c.contains(QStringLiteral("nbf")) && qint64(c.value(QStringLiteral("nbf")).toDouble()) > t + 300)
        return QStringLiteral("The assertion is not valid yet (nbf is in the future).");
    const QString jti = c.value(QStringLiteral("jti")).toString();
    if (jti.isEmpty())
        return QStringLiteral("The assertion has no jti claim.");
    if (usedAssertionIds.contains(app.clientId + QLatin1Char('/') + jti))
        return QStringLiteral("The assertion with jti '%1' was already used (replay).").arg(jti);
    usedAssertionIds.insert(app.clientId + QLatin1Char('/') + jti);
    return std::nullopt;
}

} // namespace palsandbox
