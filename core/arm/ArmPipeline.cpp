#include "ArmPipeline.h"

#include "Directory.h"
#include "JsonFields.h"
#include "Limits.h"
#include "Logging.h"
#include "ReplyLimits.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QRandomGenerator>
#include <QSysInfo>
#include <QTimer>
#include <QUrlQuery>
#include <QUuid>

namespace pal {

using Kind = AzureError::Kind;

namespace {

QString stripTrailingSlashes(QString s)
{
    while (s.endsWith(QLatin1Char('/')))
        s.chop(1);
    return s;
}

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    const auto port = [](const QUrl &u) { return u.port(u.scheme().toLower() == QLatin1String("https") ? 443 : 80); };
    return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0 &&
           a.host().compare(b.host(), Qt::CaseInsensitive) == 0 && port(a) == port(b);
}

bool isTransportReset(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProtocolFailure:
        return true;
    default:
        return false;
    }
}

} // namespace

// One ARM request from token to typed result, with its retries. Lives as a child of the pipeline
// until it has completed (or its context died), then deletes itself.
class ArmCall final : public Cancellable
{
public:
    ArmCall(ArmPipeline *pipeline, ArmRequest request, QObject *context, Completion<ArmResponse> done)
        : Cancellable(pipeline)
        , m_pipeline(pipeline)
        , m_request(std::move(request))
        , m_context(context)
        , m_hasContext(context != nullptr)
        , m_done(std::move(done))
    {
        m_retryTimer.setSingleShot(true);
        m_retryTimer.setTimerType(Qt::PreciseTimer); // Retry-After is a promise not to ask earlier
        connect(&m_retryTimer, &QTimer::timeout, this, &ArmCall::requestToken);
        if (context)
            connect(context, &QObject::destroyed, this, [this] {
                m_done = nullptr; // nobody is left to tell
                abortReply();
                m_retryTimer.stop();
                m_finished = true;
                deleteLater();
            });
        m_clock.start();
    }

    ~ArmCall() override { abortReply(); }

    void begin()
    {
        if (m_finished)
            return;
        if (!m_request.tenantId.isEmpty() && !isTenantGuid(m_request.tenantId))
            return fail(AzureError::make(
                Kind::InvalidInput,
                QStringLiteral("\"%1\" is not a directory (tenant) id: expected a GUID.").arg(m_request.tenantId)));
        QString why;
        if (!buildUrl(&why)) // a next-page link came from the service: its fault, not the user's input
            return fail(m_request.absoluteUrl.isEmpty() ? AzureError::make(Kind::InvalidInput, why)
                                                        : json::badResponse(why));
        requestToken();
    }

    void cancel() override
    {
        if (m_finished)
            return;
        abortReply();
        m_retryTimer.stop();
        AzureError e = AzureError::make(Kind::Cancelled, QStringLiteral("Cancelled."));
        fail(std::move(e));
    }

    // Completes without a callback: the pipeline is going away with nobody to answer.
    void cancelQuietly()
    {
        m_done = nullptr;
        cancel();
    }

private:
    bool buildUrl(QString *why)
    {
        const QUrl arm = m_pipeline->baseUrl();
        if (!m_request.absoluteUrl.isEmpty()) {
            const QUrl &next = m_request.absoluteUrl;
            const bool listedHost = next.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0 &&
                                    m_pipeline->m_target.linkHosts.contains(next.host(), Qt::CaseInsensitive);
            if (!next.isValid() || next.isRelative() || !(sameOrigin(next, arm) || listedHost)) {
                *why = QStringLiteral("Refusing to follow a link to %1: it is not on this cloud's %2 (%3).")
                           .arg(loggableUrl(next), m_pipeline->serviceName(), loggableUrl(arm));
                return false;
            }
            m_url = next;
            QUrlQuery query(m_url);
            if (!query.hasQueryItem(QStringLiteral("api-version")) && !m_request.apiVersion.isEmpty()) {
                query.addQueryItem(QStringLiteral("api-version"), m_request.apiVersion);
                m_url.setQuery(query);
            }
            return true;
        }
        if (!m_request.path.startsWith(QLatin1Char('/'))) {
            *why = QStringLiteral("The request path \"%1\" must start with '/'.").arg(m_request.path);
            return false;
        }
        m_url = arm;
        m_url.setPath(stripTrailingSlashes(arm.path()) + m_request.path);
        QUrlQuery query;
        if (!m_request.apiVersion.isEmpty())
            query.addQueryItem(QStringLiteral("api-version"), m_request.apiVersion);
        for (const auto &[name, value] : m_request.query)
            query.addQueryItem(name, QString(value).replace(QLatin1Char('+'), QStringLiteral("%2B")));
        if (!query.isEmpty())
            m_url.setQuery(query);
        return true;
    }

    void requestToken()
    {
        if (m_finished)
            return;
        TokenRequest tokenRequest;
        tokenRequest.tenantId = m_request.tenantId;
        tokenRequest.forceRefresh = m_forceRefresh;
        tokenRequest.scope = m_pipeline->m_target.scope;
        if (!m_pipeline->m_tokens) // no account to sign in with: say so, never dereference
            return fail(AzureError::make(Kind::InteractionRequired, QStringLiteral("No account is signed in.")));
        QPointer<ArmCall> self(this);
        m_pipeline->m_tokens->requestToken(tokenRequest, this, [self](const Expected<AccessToken> &token) {
            if (!self || self->m_finished)
                return;
            if (!token) {
                AzureError e = token.error();
                if (e.tenantId.isEmpty())
                    e.tenantId = self->m_request.tenantId;
                return self->fail(std::move(e)); // e.g. InteractionRequired: nothing is sent
            }
            if (token->token.isEmpty())
                return self->fail(AzureError::make(Kind::Unauthorized,
                                                   QStringLiteral("No access token is available for this directory.")));
            self->sendWith(*token);
        });
    }

    // Through the throttle, on ARM's bucket for the token's principal and tenant: a Retry-After or an
    // empty rate-limit budget there holds it.
    void sendWith(const AccessToken &token)
    {
        QPointer<ArmCall> self(this);
        m_bucket = ArmThrottle::bucketOf(token, m_request.tenantId);
        m_pipeline->m_throttle.admit(m_bucket, this, isRead(), [self, bearer = token.token] {
            if (self && !self->m_finished)
                self->transmit(bearer);
        });
    }

    bool isRead() const { return m_request.verb == "GET"; }

    void transmit(const QByteArray &token)
    {
        m_clientRequestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        QNetworkRequest req(m_url);
        req.setRawHeader("Authorization", QByteArray("Bearer ") + token);
        req.setRawHeader("Accept", "application/json");
        req.setRawHeader("x-ms-client-request-id", m_clientRequestId.toLatin1());
        req.setRawHeader("x-ms-return-client-request-id", "true");
        req.setHeader(QNetworkRequest::UserAgentHeader, ArmPipeline::userAgent());
        req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        req.setTransferTimeout(int(m_pipeline->m_policy.requestTimeout.count()));
        // Qt 6 allows HTTP/2 by default; said here because it matters: over TLS Azure negotiates
        // h2 (ALPN) and one connection then multiplexes every request of a fleet run. Cleartext
        // servers (pal-sandbox) get HTTP/1.1, as Http2CleartextAllowedAttribute stays off.
        req.setAttribute(QNetworkRequest::Http2AllowedAttribute, true);

        const QByteArray &verb = m_request.verb;
        QNetworkAccessManager *nam = m_pipeline->m_network;
        if (verb == "GET")
            m_reply = nam->get(req);
        else if (verb == "PUT" || verb == "PATCH" || verb == "POST")
            m_reply = nam->sendCustomRequest(req, verb, QByteArray()); // no body, Content-Length: 0
        else
            m_reply = nam->sendCustomRequest(req, verb);
        limitReply(m_reply, limits::MaxServiceAnswerBytes, m_pipeline->m_policy.attemptDeadline);
        m_onTheWire = true;
        m_attemptClock.start();
        connect(m_reply, &QNetworkReply::finished, this, &ArmCall::onFinished);
    }

    void onFinished()
    {
        QNetworkReply *reply = m_reply;
        m_reply = nullptr;
        if (!reply || m_finished)
            return;
        reply->deleteLater();

        // An answer cut off at a bound (too large, past the deadline) is no HTTP answer at all.
        const ReplyOverrun overrun = replyOverrun(reply);
        const int status =
            overrun == ReplyOverrun::None ? reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() : 0;
        const QNetworkReply::NetworkError netError = reply->error();
        ArmResponse response;
        response.httpStatus = status;
        if (reply->isOpen() && overrun == ReplyOverrun::None)
            response.body = reply->readAll();
        response.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
        response.requestId = QString::fromLatin1(reply->rawHeader("x-ms-request-id"));
        if (response.requestId.isEmpty()) // Power BI names it RequestId
            response.requestId = QString::fromLatin1(reply->rawHeader("RequestId"));
        response.correlationId = QString::fromLatin1(reply->rawHeader("x-ms-correlation-request-id"));
        response.clientRequestId = m_clientRequestId;
        const QString shownRequestId = response.requestId.isEmpty() ? m_clientRequestId : response.requestId;
        const QString shownCorrelationId = response.correlationId.isEmpty() ? shownRequestId : response.correlationId;
        const QByteArray retryAfter = reply->rawHeader("Retry-After");
        tellThrottle(status, retryAfter, reply->rawHeader("x-ms-ratelimit-remaining-tenant-reads"));

        qCDebug(lcHttp).noquote() << m_request.verb << loggableUrl(m_url) << status << "request" << shownRequestId
                                  << m_attemptClock.elapsed() << "ms";

        // Only a GET is safe to send again after the wire or the service failed: a PUT, PATCH or
        // DELETE may have been applied before the answer was lost or the 5xx written, and repeating
        // it would report a misleading Conflict or NotFound. Those fail at once, marked
        // outcomeUnknown, and say the change may have been made (RetryPolicy::writeRetryStatuses).
        const bool repeatable = isRead();
        const QString maybeApplied =
            repeatable ? QString() : QStringLiteral(" The change may have been made; check the current link.");

        if (overrun == ReplyOverrun::TooLarge) { // the same again next time: not retried
            AzureError e = json::badResponse(
                answerTooLargeMessage(m_pipeline->serviceName(), limits::MaxServiceAnswerBytes) + maybeApplied);
            e.outcomeUnknown = !repeatable;
            return fail(withResponseIds(std::move(e), response));
        }

        if (status == 0) {
            // No HTTP answer: timeout (the transfer timeout or the attempt's deadline aborts the
            // reply) or a transport failure.
            const bool timedOut = overrun == ReplyOverrun::PastDeadline ||
                                  netError == QNetworkReply::OperationCanceledError ||
                                  netError == QNetworkReply::TimeoutError;
            const bool retriable = repeatable && (timedOut || isTransportReset(netError));
            if (retriable && scheduleRetry(0, true, {}))
                return;
            AzureError e;
            if (timedOut) {
                const bool deadline = overrun == ReplyOverrun::PastDeadline;
                const auto limit =
                    deadline ? m_pipeline->m_policy.attemptDeadline : m_pipeline->m_policy.requestTimeout;
                e = AzureError::make(
                    Kind::Timeout, QStringLiteral("%1 did not %2 within %3 s.")
                                           .arg(m_pipeline->serviceName(), deadline ? QStringLiteral("finish answering")
                                                                                    : QStringLiteral("answer"))
                                           .arg(double(limit.count()) / 1000.0) +
                                       maybeApplied);
                e.outcomeUnknown = !repeatable;
            } else {
                e = AzureError::make(
                    Kind::Network,
                    QStringLiteral("Could not reach %1: %2.").arg(m_pipeline->serviceName(), reply->errorString()) +
                        (isTransportReset(netError) ? maybeApplied : QString()));
                // Refused, no such host, TLS failure: nothing reached the service.
                e.outcomeUnknown = !repeatable && isTransportReset(netError);
            }
            e.requestId = m_clientRequestId;
            e.correlationId = m_clientRequestId;
            return fail(std::move(e));
        }

        if (status >= 200 && status <= 299) {
            if (netError != QNetworkReply::NoError) {
                // The status line arrived but the body did not: never hand on half an answer.
                if (repeatable && scheduleRetry(0, true, {}))
                    return;
                AzureError e = json::badResponse(
                    QStringLiteral("Azure's answer was cut off (%1).").arg(reply->errorString()) + maybeApplied);
                e.outcomeUnknown = !repeatable;
                return fail(withResponseIds(std::move(e), response));
            }
            return succeed(std::move(response));
        }

        if (status == 401 && !m_forceRefresh) {
            // The token may have been revoked or rotated: ask for a fresh one, once.
            qCInfo(lcHttp).noquote() << m_request.verb << loggableUrl(m_url) << "401, refreshing the token once"
                                     << "request" << shownRequestId;
            m_forceRefresh = true;
            return requestToken();
        }

        if (scheduleRetry(status, false, retryAfter))
            return;

        AzureError e =
            armErrorFromResponse(status, response.body, shownRequestId, shownCorrelationId, m_pipeline->serviceName());
        if (!repeatable && status >= 500) {
            e.outcomeUnknown = true;
            e.message += maybeApplied;
        }
        if (status == 429 || status == 503) {
            if (const auto after = RetryPolicy::parseRetryAfter(retryAfter, m_pipeline->m_clock->now()))
                e.retryAfter = std::chrono::ceil<std::chrono::seconds>(*after);
        }
        fail(std::move(e));
    }

    bool scheduleRetry(int status, bool transportError, const QByteArray &retryAfter)
    {
        const auto delay =
            m_pipeline->m_policy.delayFor(m_retries + 1, status, transportError, retryAfter, m_pipeline->m_clock->now(),
                                          QRandomGenerator::global()->generateDouble(), isRead());
        if (!delay)
            return false;
        ++m_retries;
        qCInfo(lcHttp).noquote() << m_request.verb << loggableUrl(m_url)
                                 << (status ? QString::number(status) : QStringLiteral("no answer")) << "request"
                                 << m_clientRequestId << "retry" << m_retries << "in" << delay->count() << "ms";
        m_retryTimer.start(int(delay->count()));
        return true;
    }

    void succeed(ArmResponse response)
    {
        if (m_finished)
            return;
        m_finished = true;
        deliver(Expected<ArmResponse>(std::move(response)));
    }

    void fail(AzureError error)
    {
        if (m_finished)
            return;
        m_finished = true;
        if (error.tenantId.isEmpty())
            error.tenantId = m_request.tenantId;
        // "Not linked" (404) and "already linked" (409) are everyday answers, not failures worth a line.
        const bool routine = error.kind == Kind::Cancelled || error.kind == Kind::InvalidInput ||
                             error.kind == Kind::NotFound || error.kind == Kind::Conflict;
        if (!routine)
            qCInfo(lcHttp).noquote() << m_request.verb << loggableUrl(m_url.isEmpty() ? m_request.absoluteUrl : m_url)
                                     << "failed:" << error.kindName() << error.httpStatus << "request"
                                     << error.requestId << m_clock.elapsed() << "ms";
        else
            qCDebug(lcHttp).noquote() << m_request.verb << loggableUrl(m_url.isEmpty() ? m_request.absoluteUrl : m_url)
                                      << error.kindName() << error.httpStatus << "request" << error.requestId;
        deliver(Expected<ArmResponse>(error));
    }

    void deliver(const Expected<ArmResponse> &result)
    {
        Completion<ArmResponse> done = std::move(m_done);
        m_done = nullptr;
        deleteLater();
        if (done && (!m_hasContext || m_context))
            done(result);
    }

    // Tells the throttle once per request on the wire what its answer said.
    void tellThrottle(int status, const QByteArray &retryAfter, const QByteArray &remainingReads)
    {
        if (!m_onTheWire)
            return;
        m_onTheWire = false;
        std::optional<std::chrono::milliseconds> after;
        if (status == 429 || status == 503)
            after = RetryPolicy::parseRetryAfter(retryAfter, m_pipeline->m_clock->now());
        bool ok = false;
        const qint64 left = remainingReads.trimmed().toLongLong(&ok);
        m_pipeline->m_throttle.answered(m_bucket, isRead(), status, after, ok ? std::optional(left) : std::nullopt);
    }

    void abortReply()
    {
        tellThrottle(0, {}, {});
        if (QNetworkReply *reply = m_reply) {
            m_reply = nullptr;
            disconnect(reply, nullptr, this, nullptr);
            reply->abort();
            reply->deleteLater();
        }
    }

    ArmPipeline *m_pipeline;
    ArmRequest m_request;
    QPointer<QObject> m_context;
    bool m_hasContext;
    Completion<ArmResponse> m_done;
    QUrl m_url;
    QString m_clientRequestId;
    ArmThrottle::BucketId m_bucket; // the ARM token bucket it was admitted on
    QPointer<QNetworkReply> m_reply;
    QTimer m_retryTimer;
    QElapsedTimer m_clock;
    QElapsedTimer m_attemptClock;
    int m_retries = 0;
    bool m_onTheWire = false; // sent and not yet reported to the throttle
    bool m_forceRefresh = false;
    bool m_finished = false;
};

ArmPipeline::ArmPipeline(QNetworkAccessManager *network, AccessTokenProvider *tokens, CloudEnvironment cloud,
                         RetryPolicy policy, const Clock *clock, QObject *parent)
    : ArmPipeline(network, tokens, std::move(cloud), ServiceTarget{}, policy, clock, parent)
{}

ArmPipeline::ArmPipeline(QNetworkAccessManager *network, AccessTokenProvider *tokens, CloudEnvironment cloud,
                         ServiceTarget target, RetryPolicy policy, const Clock *clock, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_tokens(tokens)
    , m_cloud(std::move(cloud))
    , m_target(std::move(target))
    , m_policy(policy)
    , m_clock(clock ? clock : &m_systemClock)
{}

ArmPipeline::~ArmPipeline()
{
    // Calls still in flight end now; their callers' contexts may outlive us, so they hear "cancelled".
    const auto calls = findChildren<ArmCall *>(Qt::FindDirectChildrenOnly);
    for (ArmCall *call : calls)
        call->cancel();
}

CallHandle ArmPipeline::send(const ArmRequest &request, QObject *context, Completion<ArmResponse> done)
{
    auto *call = new ArmCall(this, request, context, std::move(done));
    // Start on the next turn of the event loop so the caller always gets its handle before any callback.
    QTimer::singleShot(0, call, &ArmCall::begin);
    return CallHandle(call);
}

void ArmPipeline::prepareToken(const QString &tenantId)
{
    TokenRequest request;
    request.tenantId = tenantId;
    request.scope = m_target.scope;
    if (m_tokens)
        m_tokens->requestToken(request, this, [](const Expected<AccessToken> &) {});
}

QString ArmPipeline::serviceName() const
{
    return m_target.name.isEmpty() ? QStringLiteral("Azure Resource Manager") : m_target.name;
}

QUrl ArmPipeline::baseUrl() const
{
    return m_target.baseUrl.isEmpty() ? m_cloud.resourceManagerEndpoint : m_target.baseUrl;
}

QByteArray ArmPipeline::userAgent()
{
    return QByteArray("PALDesk/" PALDESK_VERSION " (") + QSysInfo::prettyProductName().toUtf8() + "; Qt/" +
           QByteArray(qVersion()) + ")";
}

AzureError withResponseIds(AzureError error, const ArmResponse &response)
{
    if (error.requestId.isEmpty())
        error.requestId = response.requestId.isEmpty() ? response.clientRequestId : response.requestId;
    if (error.correlationId.isEmpty())
        error.correlationId = response.correlationId.isEmpty() ? error.requestId : response.correlationId;
    if (error.httpStatus == 0)
        error.httpStatus = response.httpStatus;
    return error;
}

Expected<QJsonObject> armJsonObject(const ArmResponse &response)
{
    const QByteArray type = response.contentType.trimmed().toLower();
    const qsizetype semicolon = type.indexOf(';');
    const QByteArray mime = (semicolon < 0 ? type : type.left(semicolon)).trimmed();
    if (mime != "application/json" && !mime.endsWith("+json"))
        return withResponseIds(
            json::badResponse(QStringLiteral("Azure answered with content type \"%1\" instead of JSON.")
                                  .arg(QString::fromLatin1(response.contentType))),
            response);
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(response.body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return withResponseIds(json::badResponse(QStringLiteral("Azure's answer is not valid JSON (%1 at byte %2).")
                                                     .arg(parseError.errorString())
                                                     .arg(parseError.offset)),
                               response);
    if (!doc.isObject())
        return withResponseIds(json::badResponse(QStringLiteral("Azure's answer is not a JSON object.")), response);
    return doc.object();
}

} // namespace pal
