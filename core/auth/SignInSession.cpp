#include "SignInSession.h"

#include "Logging.h"
#include "TokenRequests.h"

#include <QNetworkReply>
#include <QTimer>

namespace pal {

SignInSession::SignInSession(const AuthEnvironment *env, SignInOptions options, StoreStep store,
                             Completion<Account> done, QObject *parent)
    : Cancellable(parent)
    , m_env(env)
    , m_options(std::move(options))
    , m_clientId(m_options.clientId.trimmed().isEmpty() ? defaultClientId() : m_options.clientId.trimmed())
    , m_store(std::move(store))
    , m_done(std::move(done))
{}

SignInSession::~SignInSession() = default;

QDateTime SignInSession::now() const
{
    return m_env->clock ? m_env->clock->now() : QDateTime::currentDateTimeUtc();
}

bool SignInSession::setState(SignInState next)
{
    if (!isAllowedTransition(m_state, next)) {
        qCWarning(lcAuth) << "sign-in: refused transition" << signInStateName(m_state) << "->" << signInStateName(next);
        return false;
    }
    qCInfo(lcAuth) << "sign-in:" << signInStateName(m_state) << "->" << signInStateName(next);
    m_state = next;
    Q_EMIT stateChanged(next);
    // A slot may have cancelled: callers go on only if the session is still where they put it.
    return m_state == next;
}

void SignInSession::start()
{
    // Complete asynchronously even when validation fails, so callers see one code path.
    QTimer::singleShot(0, this, [this] {
        if (m_state != SignInState::Idle)
            return;
        auto tenant = normalizeTenant(m_options.tenant);
        if (!tenant)
            return fail(tenant.error());
        m_tenant = tenant.value();
        if (m_options.cloud.loginEndpoint.isEmpty())
            return fail(AzureError::make(AzureError::Kind::InvalidInput, QStringLiteral("No cloud was chosen.")));
        QString why;
        if (!CloudEnvironment::isAcceptableEndpoint(m_options.cloud.loginEndpoint, &why))
            return fail(AzureError::make(
                AzureError::Kind::InvalidInput,
                QStringLiteral("The authority %1 %2.").arg(m_options.cloud.loginEndpoint.toString(), why)));
        if (auto error = validate())
            return fail(*error);
        if (!setState(SignInState::Discovering))
            return;
        m_reply = OidcDiscovery::fetch(
            m_env->network, m_options.cloud, m_tenant, this,
            [this](const Expected<OidcConfiguration> &config) {
                if (isFinal(m_state))
                    return;
                if (!config)
                    return fail(config.error());
                m_discovery = config.value();
                startGrant(config.value());
            },
            m_env->requestTimeout);
    });
}

void SignInSession::cancel()
{
    if (isFinal(m_state) || m_state == SignInState::Storing)
        return;
    stopWork();
    // Final state first: aborting the reply calls its handler synchronously, which must see it.
    setState(SignInState::Cancelled);
    if (m_reply)
        m_reply->abort();
    finish(AzureError::make(AzureError::Kind::Cancelled, QStringLiteral("The sign-in was cancelled.")));
}

void SignInSession::fail(const AzureError &error)
{
    if (isFinal(m_state))
        return;
    qCInfo(lcAuth) << "sign-in failed:" << error.kindName() << error.code;
    stopWork();
    setState(SignInState::Failed);
    finish(error);
}

void SignInSession::succeedWithUserTokens(const QByteArray &body, SignInKind kind, const QString &accountSource)
{
    auto tokens = TokenResponse::parse(body, TokenResponse::Expect::UserTokens);
    if (!tokens)
        return fail(tokens.error());
    // OIDC Core 3.1.3.7: the ID token must be for our client, from this cloud's issuer for its
    // directory, and for the directory asked for.
    const IdTokenExpectation expected{m_clientId, m_options.cloud.loginEndpoint, m_tenant, m_discovery.issuer};
    if (const auto checked = checkIdTokenClaims(jwtClaims(tokens->idToken), expected); !checked)
        return fail(checked.error());
    auto identity = identityFrom(tokens.value());
    if (!identity)
        return fail(identity.error());
    SignInResult r;
    r.tokens = tokens.value();
    r.identity = identity.value();
    r.realm = identity->tenantId;
    r.scopes = userScopes(m_options.cloud.armScope);
    r.accountSource = accountSource;
    r.account.id = identity->homeAccountId;
    r.account.username = identity->username;
    r.account.homeTenantId = identity->homeTenantId;
    r.account.objectId = identity->homeObjectId;
    r.account.clientId = m_clientId;
    r.account.cloudName = m_options.cloud.name;
    r.account.authorityTenant = m_tenant;
    r.account.kind = kind;
    succeed(std::move(r));
}

void SignInSession::succeed(SignInResult result)
{
    if (isFinal(m_state))
        return;
    stopWork();
    if (!setState(SignInState::Storing))
        return;
    result.environment = m_options.cloud.loginHost();
    result.account.cloudName = m_options.cloud.name;
    if (!m_options.cloud.builtIn)
        result.account.cloudDefinition = m_options.cloud.toJson();
    m_store(result, [this](const Expected<Account> &stored) {
        if (!stored) {
            setState(SignInState::Failed);
            return finish(stored.error());
        }
        setState(SignInState::SignedIn);
        finish(stored);
    });
}

void SignInSession::finish(const Expected<Account> &result)
{
    auto done = std::move(m_done);
    m_done = nullptr;
    if (done)
        done(result);
    deleteLater();
}

} // namespace pal
