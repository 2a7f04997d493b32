#pragma once
// SandboxServer: the local emulator of the Entra ID (v2.0) and Azure Resource Manager endpoints
// PAL Desk uses, on 127.0.0.1 (a random port by default). It runs its HTTP server (cpp-httplib)
// on its own threads, so it can live in the same process as the client under test, in paldesk
// --sandbox and palctl --sandbox, or as the pal-sandbox executable.
//
// It shares no code with core/: it reads the wire with its own parsing, so it cannot agree with
// the client's bugs. Life cycle: create() from a scenario, start(), use, stop() (or destroy).

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <memory>

namespace palsandbox {

struct RecordedRequest
{
    QString method;
    QString path;               // without the query
    QString query;              // raw query string
    QByteArray clientRequestId; // x-ms-client-request-id, if sent
    QByteArray userAgent;
    bool hadBearerToken = false;
    int status = 0; // what the sandbox answered
};

struct Fault
{
    // Throttle: ARM's token bucket (limit requests, refilled at refillPerSecond; one bucket per
    // principal and tenant of the bearer token, as ARM). Within it the answer is normal and carries
    // the tokens left in x-ms-ratelimit-remaining-tenant-reads/-writes; beyond it, 429 with Retry-After.
    // HugeBody: the normal answer, its JSON followed by whitespace up to bodyBytes, sent chunked (no
    // Content-Length, as a streaming server does). Trickle: the normal answer with its Content-Length,
    // its body one byte every intervalMs.
    enum class Kind { Status, Drop, MalformedJson, WrongContentType, Latency, Throttle, HugeBody, Trickle };
    Kind kind = Kind::Status;
    QString method;             // empty: any
    QString pathPrefix;         // requests whose path starts with this
    QString tenantId;           // requests whose bearer token is for this directory (tid); empty: any
    int status = 503;           // Kind::Status
    int retryAfterSeconds = -1; // >= 0: send Retry-After
    int latencyMs = 0;          // added before answering (any kind)
    int everyNth = 1;           // applies to every N-th matching request (1: all)
    int times = -1;             // how many times at most (-1: unlimited)
    int limit = 0;              // Kind::Throttle: the bucket's size (requests before a 429)
    double refillPerSecond = 0; // Kind::Throttle: tokens back per second
    qint64 bodyBytes = 0;       // Kind::HugeBody: the body's size
    int intervalMs = 0;         // Kind::Trickle: the pause before each byte
};

class SandboxServer
{
public:
    // Parses and validates a scenario (JSON). On error returns nullptr and sets *error to a
    // message naming the position and the problem ("scenario line 3, column 7: ...").
    static std::unique_ptr<SandboxServer> create(const QByteArray &scenarioJson, QString *error);
    static std::unique_ptr<SandboxServer> createFromFile(const QString &path, QString *error);
    static QByteArray defaultScenario(); // the scenario shipped with the sandbox (sandbox/scenarios/default.json)

    ~SandboxServer();

    bool start(quint16 port = 0, QString *error = nullptr); // binds 127.0.0.1 only
    void stop();
    QUrl baseUrl() const; // http://127.0.0.1:PORT (no trailing slash)

    // The cloud definition a client uses for this sandbox, as CloudEnvironment JSON:
    // {"name":"Sandbox","loginEndpoint":base,"resourceManagerEndpoint":base,"armScope":base+"/.default"}
    QByteArray cloudJson() const;

    // ---- test hooks (in-process only) ----
    // A valid ARM access token as the sandbox's Entra would issue it, for a user or service principal
    // known to the scenario (by username or client id) in `tenantId`. Empty if unknown/not a member.
    QByteArray issueArmToken(const QString &usernameOrClientId, const QString &tenantId, int lifetimeSeconds = 3600);
    // The same for another audience, e.g. https://service.powerapps.com/ (what a scoped refresh would give).
    QByteArray issueToken(const QString &usernameOrClientId, const QString &tenantId, const QString &audience,
                          int lifetimeSeconds = 3600);
    void addFault(const Fault &fault);
    void clearFaults();
    QList<RecordedRequest> requests() const;
    int requestCount(const QString &pathPrefix = {}) const;
    // The most requests it was answering at the same time since start (or the last clearRequests()).
    int peakConcurrentRequests() const;
    // Body bytes the hugeBody and trickle faults have handed to the socket since start: how much of
    // their answers a client really took before it stopped reading.
    qint64 faultBodyBytesSent() const;
    void clearRequests();
    // The authorize page approves at once as this user (empty: show the account picker page).
    void setAutoApproveUser(const QString &username);
    // The same as the scenario's auto-approve user, else its first user (paldesk's and palctl's
    // --sandbox, where no person is at the authorize page).
    void approveSignInsAsScenarioUser();
    // Approves a pending device code as `username` (what the user would do on the verification page).
    bool approveDeviceCode(const QString &userCode, const QString &username);
    bool declineDeviceCode(const QString &userCode);
    // Revokes every refresh token of the user (next refresh: invalid_grant AADSTS50173).
    void revokeRefreshTokens(const QString &username);
    // Registers a certificate (PEM) for a service principal, so client assertions signed with its key verify.
    bool registerCertificate(const QString &clientId, const QByteArray &certificatePem);

private:
    SandboxServer();
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace palsandbox
