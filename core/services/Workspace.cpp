#include "Workspace.h"

#include "AccountManager.h"
#include "AppConfig.h"
#include "ArmSession.h"
#include "FleetVerifier.h"
#include "Logging.h"

#include <QPointer>

#include <algorithm>
#include <utility>

namespace pal {

QString LinkStatus::summary() const
{
    switch (state) {
    case State::Unknown:
        return {};
    case State::Checking:
        return QStringLiteral("Checking…");
    case State::Linked:
        return link ? QStringLiteral("Linked to %1").arg(link->partnerId) : QStringLiteral("Linked");
    case State::NotLinked:
        return QStringLiteral("Not linked");
    case State::Failed:
        if (error && error->kind == AzureError::Kind::InteractionRequired)
            return QStringLiteral("Sign-in needed");
        return error ? QStringLiteral("Error: %1").arg(error->kindName()) : QStringLiteral("Error");
    }
    return {};
}

namespace {

// Runs `done` only while the caller's context lives: the caller may have closed its view.
template <typename T> void deliver(const QPointer<QObject> &context, const Completion<T> &done, const Expected<T> &r)
{
    if (context && done)
        done(r);
}

// A write whose answer never arrived (or arrived broken) may still have been made.
bool outcomeUnknown(const AzureError &e)
{
    using K = AzureError::Kind;
    return e.kind == K::Network || e.kind == K::Timeout || e.kind == K::BadResponse || e.kind == K::Server;
}

AzureError noAccount()
{
    return AzureError::make(AzureError::Kind::InvalidInput, QStringLiteral("Sign in first."));
}

} // namespace

Workspace::Workspace(AccountManager *accounts, AppConfig *config, QNetworkAccessManager *network, RetryPolicy policy,
                     QObject *parent)
    : QObject(parent)
    , m_accounts(accounts)
    , m_config(config)
    , m_network(network)
    , m_policy(policy)
{}

Workspace::~Workspace()
{
    ++m_generation;
    cancelCalls();
}

CallHandle Workspace::track(CallHandle call)
{
    m_calls.removeIf([](const CallHandle &c) { return !c.isRunning(); });
    if (call.isRunning())
        m_calls.append(call);
    return call;
}

void Workspace::cancelCalls()
{
    const QList<CallHandle> calls = std::exchange(m_calls, {});
    for (const CallHandle &call : calls)
        call.cancel();
}

std::optional<CloudEnvironment> Workspace::cloud() const
{
    if (!m_session)
        return std::nullopt;
    return m_session->pipeline().cloud();
}

ManagementPartnerClient *Workspace::partners() const
{
    return m_session ? &m_session->partners() : nullptr;
}

void Workspace::openAccount(const QString &accountId)
{
    closeAccount();
    const std::optional<Account> account = m_accounts->account(accountId);
    if (!account) {
        Q_EMIT directoriesFailed(AzureError::make(AzureError::Kind::InvalidInput,
                                                  QStringLiteral("The account %1 is not signed in.").arg(accountId)));
        return;
    }
    const std::optional<CloudEnvironment> cloud = m_config->cloud(account->cloudName);
    AccessTokenProvider *tokens = m_accounts->tokenProvider(accountId);
    if (!cloud || !tokens) {
        Q_EMIT directoriesFailed(AzureError::make(
            AzureError::Kind::InvalidInput,
            QStringLiteral("The cloud \"%1\" of this account is not known. Add it in Settings or sign in again.")
                .arg(account->cloudName)));
        return;
    }
    m_account = account;
    m_session = std::make_unique<ArmSession>(m_network, tokens, *cloud, m_policy);
    m_config->setCurrentAccountId(accountId);
    if (const Expected<Done> saved = m_config->save(); !saved)
        qCWarning(lcServices) << "could not remember the current account:" << saved.error().message;
    qCInfo(lcServices) << "opened account in cloud" << cloud->name;
    Q_EMIT accountChanged();
    refreshDirectories();
}

void Workspace::closeAccount()
{
    ++m_generation; // answers still on their way are dropped...
    cancelCalls();  // ...and the calls end before their pipeline does
    const bool had = m_account.has_value();
    m_account.reset();
    m_session.reset();
    m_directories.clear();
    m_identities.clear();
    m_status.clear();
    m_currentTenant.clear();
    m_switchingTo.clear();
    m_loadingDirectories = false;
    setBusy(false);
    if (had) {
        Q_EMIT accountChanged();
        Q_EMIT directoriesChanged();
        Q_EMIT currentDirectoryChanged();
    }
}

void Workspace::refreshDirectories()
{
    if (!m_session)
        return;
    const quint64 generation = m_generation;
    m_loadingDirectories = true;
    Q_EMIT directoriesChanged();
    track(m_session->tenants().list(
        m_account->homeTenantId, this, [this, generation](const Expected<QList<Directory>> &r) {
            if (generation != m_generation)
                return;
            m_loadingDirectories = false;
            if (r) {
                m_directories = r.value();
            } else {
                m_directories.clear();
                Q_EMIT directoriesFailed(r.error());
            }
            // The home directory is always reachable, even when the list does not say so (service principals).
            const bool hasHome = std::any_of(m_directories.cbegin(), m_directories.cend(),
                                             [&](const Directory &d) { return d.tenantId == m_account->homeTenantId; });
            if (!hasHome && !m_account->homeTenantId.isEmpty()) {
                Directory home;
                home.tenantId = m_account->homeTenantId;
                home.tenantCategory = QStringLiteral("Home");
                m_directories.prepend(home);
            }
            Q_EMIT directoriesChanged();
            const bool currentKnown = std::any_of(m_directories.cbegin(), m_directories.cend(),
                                                  [&](const Directory &d) { return d.tenantId == m_currentTenant; });
            if (m_currentTenant.isEmpty() || !currentKnown)
                switchDirectory(preferredDirectory());
        }));
}

QString Workspace::preferredDirectory() const
{
    const QString remembered = m_config->currentDirectory(m_account->id);
    for (const Directory &d : m_directories) {
        if (d.tenantId == remembered)
            return remembered;
    }
    if (!m_account->homeTenantId.isEmpty())
        return m_account->homeTenantId;
    return m_directories.isEmpty() ? QString() : m_directories.first().tenantId;
}

std::optional<Directory> Workspace::directory(const QString &tenantId) const
{
    for (const Directory &d : m_directories) {
        if (d.tenantId.compare(tenantId, Qt::CaseInsensitive) == 0)
            return d;
    }
    return std::nullopt;
}

std::optional<Directory> Workspace::currentDirectory() const
{
    if (m_currentTenant.isEmpty())
        return std::nullopt;
    if (std::optional<Directory> d = directory(m_currentTenant))
        return d;
    Directory bare;
    bare.tenantId = m_currentTenant;
    return bare;
}

std::optional<DirectoryIdentity> Workspace::currentIdentity() const
{
    const auto it = m_identities.constFind(m_currentTenant);
    if (it == m_identities.cend())
        return std::nullopt;
    return *it;
}

void Workspace::switchDirectory(const QString &tenantId)
{
    if (!m_session || tenantId.isEmpty())
        return;
    AccessTokenProvider *tokens = m_accounts->tokenProvider(m_account->id);
    if (!tokens) {
        Q_EMIT switchFailed(tenantId, noAccount());
        return;
    }
    const quint64 generation = m_generation;
    m_switchingTo = tenantId;
    Q_EMIT switchStarted(tenantId);
    TokenRequest request;
    request.tenantId = tenantId;
    tokens->requestToken(request, this, [this, generation, tenantId](const Expected<AccessToken> &r) {
        if (generation != m_generation)
            return;
        if (m_switchingTo == tenantId)
            m_switchingTo.clear();
        if (!r) {
            AzureError error = r.error();
            if (error.tenantId.isEmpty())
                error.tenantId = tenantId;
            LinkStatus failed;
            failed.state = LinkStatus::State::Failed;
            failed.error = error;
            failed.checkedAt = QDateTime::currentDateTimeUtc();
            setStatus(tenantId, failed);
            qCInfo(lcServices) << "could not switch directory:" << error.kindName();
            Q_EMIT switchFailed(tenantId, error);
            return;
        }
        m_identities.insert(tenantId, DirectoryIdentity{r->tenantId.isEmpty() ? tenantId : r->tenantId, r->objectId});
        m_currentTenant = tenantId;
        m_config->setCurrentDirectory(m_account->id, tenantId);
        if (const Expected<Done> saved = m_config->save(); !saved)
            qCWarning(lcServices) << "could not remember the directory:" << saved.error().message;
        Q_EMIT currentDirectoryChanged();
        refreshLink();
    });
}

LinkStatus Workspace::linkStatus(const QString &tenantId) const
{
    return m_status.value(tenantId);
}

void Workspace::setStatus(const QString &tenantId, LinkStatus status)
{
    m_status.insert(tenantId, std::move(status));
    Q_EMIT linkStatusChanged(tenantId);
}

void Workspace::setBusy(bool busy)
{
    if (m_busy == busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

void Workspace::refreshLink()
{
    if (!m_session || m_currentTenant.isEmpty())
        return;
    const QString tenant = m_currentTenant;
    const quint64 generation = m_generation;
    LinkStatus checking = m_status.value(tenant);
    checking.state = LinkStatus::State::Checking;
    setStatus(tenant, checking);
    track(m_session->partners().current(tenant, this, [this, generation, tenant](const Expected<PartnerLink> &r) {
        if (generation != m_generation)
            return;
        LinkStatus status;
        status.checkedAt = QDateTime::currentDateTimeUtc();
        if (r) {
            status.state = LinkStatus::State::Linked;
            status.link = r.value();
        } else if (r.error().kind == AzureError::Kind::NotFound) {
            status.state = LinkStatus::State::NotLinked;
        } else {
            status.state = LinkStatus::State::Failed;
            status.error = r.error();
        }
        setStatus(tenant, status);
    }));
}

void Workspace::recordVerification(const DirectoryVerification &result)
{
    LinkStatus status;
    status.checkedAt = result.checkedAt.isValid() ? result.checkedAt : QDateTime::currentDateTimeUtc();
    switch (result.outcome) {
    case DirectoryVerification::Outcome::Linked:
        status.state = LinkStatus::State::Linked;
        status.link = result.link;
        break;
    case DirectoryVerification::Outcome::NotLinked:
        status.state = LinkStatus::State::NotLinked;
        break;
    case DirectoryVerification::Outcome::Failed:
        status.state = LinkStatus::State::Failed;
        status.error = result.error;
        break;
    }
    setStatus(result.directory.tenantId, status);
}

CallHandle Workspace::link(const PartnerId &id, QObject *context, Completion<PartnerLink> done)
{
    // A conflict means it was linked meanwhile: show what is there.
    return writeLink(&ManagementPartnerClient::create, AzureError::Kind::Conflict, id, context, std::move(done));
}

CallHandle Workspace::change(const PartnerId &id, QObject *context, Completion<PartnerLink> done)
{
    // Not found means the link vanished meanwhile: show what is there.
    return writeLink(&ManagementPartnerClient::update, AzureError::Kind::NotFound, id, context, std::move(done));
}

CallHandle Workspace::writeLink(LinkWrite write, AzureError::Kind rereadOn, const PartnerId &id, QObject *context,
                                Completion<PartnerLink> done)
{
    if (!m_session || m_currentTenant.isEmpty()) {
        done(noAccount());
        return {};
    }
    const QString tenant = m_currentTenant;
    const quint64 generation = m_generation;
    const QPointer<QObject> ctx(context);
    setBusy(true);
    return track((m_session->partners().*write)(
        tenant, id, this, [this, generation, tenant, rereadOn, ctx, done](const Expected<PartnerLink> &r) {
            if (generation != m_generation)
                return;
            setBusy(false);
            if (r) {
                LinkStatus status;
                status.state = LinkStatus::State::Linked;
                status.link = r.value();
                status.checkedAt = QDateTime::currentDateTimeUtc();
                setStatus(tenant, status);
            } else if (tenant == m_currentTenant && (r.error().kind == rereadOn || outcomeUnknown(r.error()))) {
                refreshLink(); // or this very call may have written it before failing: show what is there
            }
            deliver(ctx, done, r);
        }));
}

CallHandle Workspace::unlink(QObject *context, Completion<Done> done)
{
    const LinkStatus status = currentLinkStatus();
    if (!m_session || m_currentTenant.isEmpty()) {
        done(noAccount());
        return {};
    }
    if (!status.link) {
        done(AzureError::make(AzureError::Kind::InvalidInput, QStringLiteral("No partner ID is linked here.")));
        return {};
    }
    const Expected<PartnerId> id = PartnerId::parse(status.link->partnerId);
    if (!id) {
        done(id.error());
        return {};
    }
    const QString tenant = m_currentTenant;
    const quint64 generation = m_generation;
    const QPointer<QObject> ctx(context);
    setBusy(true);
    return track(m_session->partners().remove(tenant, id.value(), this,
                                              [this, generation, tenant, ctx, done](const Expected<Done> &r) {
                                                  if (generation != m_generation)
                                                      return;
                                                  setBusy(false);
                                                  if (r) {
                                                      LinkStatus gone;
                                                      gone.state = LinkStatus::State::NotLinked;
                                                      gone.checkedAt = QDateTime::currentDateTimeUtc();
                                                      setStatus(tenant, gone);
                                                  } else if (tenant == m_currentTenant) {
                                                      refreshLink();
                                                  }
                                                  deliver(ctx, done, r);
                                              }));
}

} // namespace pal
