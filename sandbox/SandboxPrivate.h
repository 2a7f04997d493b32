#pragma once
#include <chrono>
// The inside of SandboxServer, shared by its .cpp files: state, routing and the endpoint handlers.
// Handlers run on cpp-httplib's worker threads; every read or write of the state below holds m_mutex.

#include "Crypto.h"
#include "SandboxServer.h"
#include "Scenario.h"

#include <QHash>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSet>

#include <httplib.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

Q_DECLARE_LOGGING_CATEGORY(lcSandbox)

namespace palsandbox {

// What a handler answers; faults and common headers are applied to it afterwards.
struct Reply
{
    int status = 200;
    QByteArray body;
    QByteArray contentType = "application/json; charset=utf-8";
    std::vector<std::pair<std::string, std::string>> headers;

    static Reply json(int status, const QJsonObject &object);
    static Reply html(int status, const QString &page);
    static Reply redirect(const QUrl &location);
    static Reply empty(int status);
};

enum class Surface { Entra, Arm, Page, PowerPlatform, Unknown };

// The principal an ARM access token names.
struct Caller
{
    QString tenantId;
    QString objectId;
    const User *user = nullptr;            // set for a user token
    const ServicePrincipal *app = nullptr; // set for an app token
};

struct AuthorizationCode
{
    QString clientId;
    QString redirectUri;
    QString codeChallenge;
    QString username;
    QString tenantId;
    QString resource;
    QStringList scopes;
    qint64 expiresAt = 0;
    bool redeemed = false;
};

struct RefreshTokenRecord
{
    QString username;
    QString clientId;
    qint64 authTimeMs = 0; // the interactive sign-in this token descends from (ms since epoch)
    qint64 expiresAt = 0;  // sliding: refreshTokenLifetimeSeconds after last use
    QSet<QString> mfaSatisfiedTenants;
    bool superseded = false;
    bool revoked = false;
};

struct DeviceCodeRecord
{
    enum class State { Pending, Approved, Declined, Redeemed };
    QString deviceCode;
    QString userCode;
    QString clientId;
    QString tenantId; // empty: organizations/common (the user's home directory)
    QString resource;
    QStringList scopes;
    qint64 expiresAt = 0;
    qint64 lastPollMs = 0;
    State state = State::Pending;
    QString username;
};

struct LinkRecord
{
    QString partnerId;
    int version = 0;
    QString createdTime;
    QString updatedTime;
    bool active = false;
};

struct FaultState
{
    Fault fault;
    int matched = 0;
    int applied = 0;
    struct Bucket
    {
        double tokens = 0; // what is left
        std::chrono::steady_clock::time_point refilledAt{};
    };
    QHash<QString, Bucket> buckets; // Kind::Throttle: by "tid/oid" of the bearer token, made full
};

// A token request's scope, checked against what Entra accepts for ARM.
struct ScopeRequest
{
    QString resource;   // e.g. http://127.0.0.1:PORT (the aud of the access token)
    QStringList scopes; // as requested
    bool offlineAccess = false;
    bool openid = false;
};

using Params = QHash<QString, QString>;
// application/x-www-form-urlencoded (or a query string) into name -> value; '+' is a space.
Params parseForm(const std::string &text);
// Entra's AADSTS50011 description for a redirect URI the client did not register.
QString redirectMismatch(const QString &redirectUri, const QString &clientId);
QString currentCorrelationId();                // of the request this thread is answering
bool isPowerPlatformPath(const QString &path); // /bap/, /powerapps/, /flow/, /powerbi/ (PowerPlatformEndpoints.cpp)
QStringList bearerCaller(const httplib::Request &req); // {tid, oid} of its bearer token, if any (Faults.cpp)

// The tenant segment of an Entra URL, resolved.
struct TenantRef
{
    QString segment;
    const Directory *directory = nullptr; // null: organizations or common
};

class SandboxServer::Private
{
public:
    Scenario scenario;
    std::optional<crypto::SigningKey> key;
    httplib::Server server;
    std::thread thread;
    QString base; // http://127.0.0.1:PORT

    mutable std::mutex mutex;
    QString autoApproveUser;
    QHash<QString, AuthorizationCode> codes;
    QHash<QString, RefreshTokenRecord> refreshTokens;
    QHash<QString, DeviceCodeRecord> deviceCodes;        // by device_code
    QHash<QString, LinkRecord> links;                    // by "tid/oid"
    QHash<QString, QList<QByteArray>> extraCertificates; // clientId -> PEM
    QSet<QString> usedAssertionIds;
    QList<FaultState> faults;
    QList<RecordedRequest> recorded;
    int answering = 0;     // requests being answered now (under mutex)
    int peakAnswering = 0; // the most at once
    std::shared_ptr<std::atomic<qint64>> faultBodyBytesSent = std::make_shared<std::atomic<qint64>>(0);

    // ---- SandboxServer.cpp: plumbing ----
    void handle(const httplib::Request &req, httplib::Response &res);
    // The body of a hugeBody or trickle fault, streamed as the fault says.
    void streamFaultBody(const Fault &fault, const Reply &reply, httplib::Response &res) const;
    Reply route(const httplib::Request &req, Surface *surface);
    // ---- Faults.cpp ----
    // The fault that applies to this request, if any; *remaining gets what a throttle's bucket holds.
    // `caller`: the tid and oid of the request's bearer token (empty when it has none).
    std::optional<Fault> takeFault(const QString &method, const QString &path, const QStringList &caller,
                                   std::optional<int> *remaining);
    Reply faultReply(const Fault &fault, Surface surface) const;
    // ---- SandboxServer.cpp ----
    static qint64 now();
    static QString timestamp7(); // 2018-01-20T01:52:57.9126052Z
    QByteArray issueAccessToken(const QString &tenantId, const QString &objectId, const QString &resource,
                                const User *user, const ServicePrincipal *app, const QString &clientId,
                                int lifetimeSeconds) const;
    QByteArray issueIdToken(const User &user, const QString &tenantId, const QString &clientId) const;

    // ---- EntraEndpoints.cpp ----
    Reply entra(const httplib::Request &req, const QString &tenant, const QString &rest);
    Reply openidConfiguration(const QString &tenant);
    Reply keys(const QString &tenant);
    Reply instanceDiscovery(const httplib::Request &req);
    Reply authorize(const httplib::Request &req, const QString &tenant);
    Reply token(const httplib::Request &req, const QString &tenant);
    Reply deviceCode(const httplib::Request &req, const QString &tenant);
    Reply deviceLogin(const httplib::Request &req);
    Reply entraError(int status, const QString &error, int code, const QString &description,
                     const QString &suberror = {}) const;

    // ---- TokenEndpoint.cpp ----
    std::optional<TenantRef> resolveTenant(const QString &segment, const QString &errorName, Reply *failure) const;
    std::optional<ScopeRequest> parseScope(const QString &scope, bool forApp, const TenantRef &tenant,
                                           Reply *failure) const;
    Reply userTokens(const User &user, const QString &tenantId, const QString &clientId, const ScopeRequest &scope,
                     bool clientInfo, RefreshTokenRecord refreshToken);
    Reply authorizationCodeGrant(const Params &p, const TenantRef &tenant);
    Reply refreshTokenGrant(const Params &p, const TenantRef &tenant);
    Reply deviceCodeGrant(const Params &p);
    Reply clientCredentialsGrant(const httplib::Request &req, const Params &p, const TenantRef &tenant);
    std::optional<QString> verifyClientAssertion(const ServicePrincipal &app, const QString &assertion,
                                                 const TenantRef &tenant);

    // ---- ArmEndpoints.cpp ----
    Reply arm(const httplib::Request &req, const QString &path);
    // `audiences`: the token audiences accepted (empty: ARM's, the sandbox's base URL).
    std::optional<Caller> authenticate(const httplib::Request &req, Reply *failure,
                                       const QStringList &audiences = {}) const;
    Reply tenants(const httplib::Request &req, const Caller &caller);
    Reply managementPartner(const httplib::Request &req, const QString &rest, const Caller &caller);
    Reply armError(int status, const QString &code, const QString &message) const;
    QJsonObject partnerResponse(const QString &tenantId, const QString &objectId, const LinkRecord &link,
                                bool collectionId) const;
    // 400 MissingApiVersionParameter / InvalidApiVersionParameter, or nullopt when api-version is one of `supported`.
    std::optional<Reply> apiVersionError(const httplib::Request &req, const QString &supported) const;

    // ---- RbacEndpoints.cpp ----
    // Subscriptions, role assignments and definitions, PIM eligibility, Lighthouse; nullopt: not one of their paths.
    std::optional<Reply> azureRbac(const httplib::Request &req, const QString &path, const Caller &caller);
    // A page of `items` (the scenario's azure.pageSize) with an absolute nextLink keeping the query.
    Reply armPage(const httplib::Request &req, const QString &path, const QJsonArray &items, int pageSize) const;
    Reply authorizationFailed(const Caller &caller, const QString &action, const QString &scope) const;
    Reply subscriptionList(const httplib::Request &req, const Caller &caller);
    Reply roleAssignmentList(const httplib::Request &req, const QString &path, const AzSubscription &s);
    QJsonObject roleDefinitionJson(const AzRoleDefinition &d, const QString &idScope) const;
    Reply tenantRoleDefinition(const QString &guid) const;
    Reply scopedRoleDefinition(const AzSubscription &s, const QString &guid) const;
    Reply eligibleRoles(const httplib::Request &req, const Caller &caller);
    Reply registrationAssignments(const httplib::Request &req, const QString &path, const AzSubscription &s,
                                  const Caller &caller);

    // ---- PowerPlatformEndpoints.cpp ----
    static bool isPowerPlatformAudience(const QString &resource);
    Reply powerPlatform(const httplib::Request &req, const QString &path);
    Reply ppPage(const httplib::Request &req, const QJsonArray &items, bool powerBi) const;
    // The scenario's consent refusal (AADSTS65001/65002) for a token request, if one applies.
    std::optional<Reply> consentRefusal(const QString &tenantId, const QString &clientId,
                                        const QString &resource) const;
};

} // namespace palsandbox
