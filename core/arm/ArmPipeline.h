#pragma once
// ArmPipeline: the one HTTP pipeline every Azure Resource Manager call goes through.
// Per request: a bearer token from the injected AccessTokenProvider (for the request's directory),
// api-version, Accept: application/json, a fresh x-ms-client-request-id, a PAL Desk user agent,
// the policy's timeout, cancellation, retries as RetryPolicy says, and one token refresh on 401.
// Non-2xx answers become AzureError (both ARM error shapes), with request and correlation ids.
// Every request passes the pipeline's ArmThrottle on ARM's bucket for its token's principal and
// tenant: a Retry-After or the remaining-reads header holds that directory's requests, not the
// others'. HTTP/2 is allowed (Azure negotiates it over TLS; one connection then carries every
// request); against an HTTP/1.1 server, hand the pipeline a NetworkAccessPool so more than six
// requests are really in flight.
// A write whose outcome is unknown (5xx, timeout, answer lost) is never sent again: it fails with
// AzureError::outcomeUnknown set, and the caller reads the link before saying anything.
// An instance can target another service with ARM-like requests (ServiceTarget): the attribution
// check points one at each Power Platform / Power BI service, with that service's token scope.

#include "AccessTokenProvider.h"
#include "ArmThrottle.h"
#include "AzureError.h"
#include "CallHandle.h"
#include "Clock.h"
#include "CloudEnvironment.h"
#include "Expected.h"
#include "RetryPolicy.h"

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QPair>
#include <QStringList>
#include <QUrl>

class QNetworkAccessManager;

namespace pal {

struct ArmResponse
{
    int httpStatus = 0;
    QByteArray body;
    QByteArray contentType;
    QString requestId;       // x-ms-request-id
    QString correlationId;   // x-ms-correlation-request-id
    QString clientRequestId; // the x-ms-client-request-id we sent
};

struct ArmRequest
{
    QByteArray verb = "GET";
    QString path;                         // e.g. "/providers/Microsoft.ManagementPartner/partners/123456"
    QString apiVersion;                   // e.g. "2018-02-01"
    QUrl absoluteUrl;                     // set instead of path for nextLink pages (must be on the service's host)
    QString tenantId;                     // which directory's token to use; empty: the account's default
    QList<QPair<QString, QString>> query; // further query items of a path request (e.g. $filter)
};

// The service a pipeline sends to. Default: the cloud's Azure Resource Manager.
struct ServiceTarget
{
    QString name;          // in messages, e.g. "Power BI"; empty: "Azure Resource Manager"
    QUrl baseUrl;          // empty: the cloud's Resource Manager endpoint
    QStringList linkHosts; // further hosts (https) an absolute next-page link may point to
    QString scope;         // token scope; empty: ARM's (TokenRequest's default)
};

class ArmPipeline final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ArmPipeline)
public:
    ArmPipeline(QNetworkAccessManager *network, AccessTokenProvider *tokens, CloudEnvironment cloud,
                RetryPolicy policy = {}, const Clock *clock = nullptr, QObject *parent = nullptr);
    ArmPipeline(QNetworkAccessManager *network, AccessTokenProvider *tokens, CloudEnvironment cloud,
                ServiceTarget target, RetryPolicy policy = {}, const Clock *clock = nullptr, QObject *parent = nullptr);
    ~ArmPipeline() override;

    // Completes once with the 2xx response or the error; `context` bounds the callback's life.
    CallHandle send(const ArmRequest &request, QObject *context, Completion<ArmResponse> done);
    // Asks for the directory's token now, so that a request sent later finds it cached or on its way
    // (the token provider shares one fetch per directory). The answer is dropped: an error reaches
    // the caller through the request itself. A fleet run warms the next directories' tokens while
    // it waits on ARM, so a cold run does not pay a token round trip per directory in its window.
    void prepareToken(const QString &tenantId);

    const CloudEnvironment &cloud() const { return m_cloud; }
    const ServiceTarget &target() const { return m_target; }
    QString serviceName() const;
    QUrl baseUrl() const; // the target's, else the cloud's Resource Manager
    const RetryPolicy &retryPolicy() const { return m_policy; }
    const ArmThrottle &throttle() const { return m_throttle; } // e.g. holdFor(a directory's bucket)
    static QByteArray userAgent();

private:
    friend class ArmCall;
    QNetworkAccessManager *m_network;
    AccessTokenProvider *m_tokens;
    CloudEnvironment m_cloud;
    ServiceTarget m_target;
    RetryPolicy m_policy;
    const Clock *m_clock;
    SystemClock m_systemClock;
    ArmThrottle m_throttle{&m_policy};
};

// Maps an HTTP status and error body (either {"error":{"code","message"}} or top-level code/message;
// Power BI's {"error":{"code","pbi.error":{...}}} too) to an AzureError; `service` names the service
// in our own messages (empty: Azure Resource Manager). Exposed for unit tests.
AzureError armErrorFromResponse(int httpStatus, const QByteArray &body, const QString &requestId,
                                const QString &correlationId, const QString &service = {});

// The JSON object of a 2xx answer that promises one: a JSON content type and a well-formed object,
// else BadResponse carrying the response's request and correlation ids.
Expected<QJsonObject> armJsonObject(const ArmResponse &response);
// Stamps an error about `response` (e.g. a parse failure) with its ids, status and directory.
AzureError withResponseIds(AzureError error, const ArmResponse &response);

} // namespace pal
