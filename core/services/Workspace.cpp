#include "Workspace.h"

#include "AccountManager.h"
#include "AccountServices.h"
#include "AccountServicesPool.h"
#include "AppConfig.h"
#include "ArmSession.h"
#include "FleetResult.h"
#include "Logging.h"
#include "PartnerLinks.h"

#include <QPointer>

#include <algorithm>
#include <utility>

namespace pal {

namespace {

AzureError noAccount()
{
    return AzureError::make(AzureError::Kind::InvalidInput, QStringLiteral("Sign in first."));
}

} // namespace

Workspace::Workspace(AccountManager *accounts, AppConfig *config, AccountServicesPool *sessions, QObject *parent)
    : QObject(parent)
    , m_accounts(accounts)
    , m_config(config)
    , m_sessions(sessions)
{
    // "My partner ID" changed: the links already read are compared with it again, nothing re-read.
    connect(m_config, &AppConfig::partnerIdChanged, this, [this](const QString &accountId) {
        if (m_account && (accountId.isEmpty() || accountId == m_account->id))
            compareAgain();
    });
    // Its account signed out elsewhere (palctl logout, another window): closed here too, as a
    // sign-out in this window closes it, rather than showing links nothing can read any more.
    connect(m_accounts, &AccountManager::accountsChanged, this, [this] {
        if (m_account && !m_accounts->account(m_account->id))
            closeAccount();
    });
}

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

QNetworkAccessManager *Workspace::network() const
{
    return m_sessions->network();
}

const RetryPolicy &Workspace::retryPolicy() const
{
    return m_sessions->retryPolicy();
}

std::optional<CloudEnvironment> Workspace::cloud() const
{
    if (!m_session)
        return std::nullopt;
    return m_session->cloud();
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
    AccountServices *session = cloud ? m_sessions->forAccount(*account, *cloud) : nullptr;
    if (!session) {
        Q_EMIT directoriesFailed(AzureError::make(
            AzureError::Kind::InvalidInput,
            QStringLiteral("The cloud \"%1\" of this account is not known. Add it in Settings or sign in again.")
                .arg(account->cloudName)));
        return;
    }
    m_account = account;
    m_session = session;
    m_links = std::make_unique<PartnerLinks>(&m_session->partners(), account->username);
    m_links->setExpectation(
        [config = m_config, id = account->id](const Directory &) { return config->partnerIdFor(id); });
    connect(m_links.get(), &PartnerLinks::linkChanged, this, &Workspace::linkChanged);
    connect(m_links.get(), &PartnerLinks::linkChangeFailed, this, &Workspace::linkChangeFailed);
    if (const Expected<Done> saved = m_config->setCurrentAccountId(accountId); !saved)
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
    m_links.reset();
    m_session = nullptr;
    m_directories.clear();
    m_identities.clear();
    m_states.clear();
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
    track(m_session->arm()->tenants().list(
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
    QString remembered = m_config->currentDirectory(m_account->id);
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
            setState(tenantId, LinkState::failed(error, QDateTime::currentDateTimeUtc()));
            qCInfo(lcServices) << "could not switch directory:" << error.kindName();
            Q_EMIT switchFailed(tenantId, error);
            return;
        }
        m_identities.insert(tenantId, DirectoryIdentity{r->tenantId.isEmpty() ? tenantId : r->tenantId, r->objectId});
        m_currentTenant = tenantId;
        const std::optional<Directory> known = directory(tenantId);
        if (const Expected<Done> saved =
                m_config->setCurrentDirectory(m_account->id, tenantId, known ? known->displayName : QString());
            !saved)
            qCWarning(lcServices) << "could not remember the directory:" << saved.error().message;
        Q_EMIT currentDirectoryChanged();
        refreshLink();
    });
}

LinkState Workspace::linkState(const QString &tenantId) const
{
    return m_states.value(tenantId);
}

void Workspace::setState(const QString &tenantId, const LinkState &state)
{
    m_states.insert(tenantId, state);
    Q_EMIT linkStateChanged(tenantId);
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
    if (!m_links || m_currentTenant.isEmpty())
        return;
    const QString tenant = m_currentTenant;
    const quint64 generation = m_generation;
    setState(tenant, m_states.value(tenant).checking());
    Directory where = directory(tenant).value_or(Directory{});
    where.tenantId = tenant;
    track(m_links->read(where, this, [this, generation, tenant](const LinkState &state) {
        if (generation == m_generation)
            setState(tenant, state);
    }));
}

QString Workspace::expectedPartnerId() const
{
    return m_account ? m_config->partnerIdFor(m_account->id) : QString();
}

void Workspace::compareAgain()
{
    if (m_states.isEmpty() || !m_links)
        return;
    for (auto it = m_states.begin(); it != m_states.end(); ++it) {
        Directory where = directory(it.key()).value_or(Directory{});
        where.tenantId = it.key();
        it.value() = it.value().comparedWith(m_links->expectedPartnerId(where));
    }
    Q_EMIT linkStateChanged(QString());
}

void Workspace::recordVerifications(const QList<FleetResult> &results)
{
    // The fleet compared with the ID typed there; the views here compare with the workspace's own
    // expectation, so a later "Verify again" does not change the answer's kind.
    const auto ours = [this](const FleetResult &r) {
        return r.state.comparedWith(m_links ? m_links->expectedPartnerId(r.directory) : QString());
    };
    if (results.size() == 1)
        return setState(results.first().directory.tenantId, ours(results.first()));
    QStringList changed;
    changed.reserve(results.size());
    for (const FleetResult &r : results) {
        m_states.insert(r.directory.tenantId, ours(r));
        changed.append(r.directory.tenantId);
    }
    if (!changed.isEmpty())
        Q_EMIT linkStatesChanged(changed);
}

CallHandle Workspace::link(const QString &tenantId, const PartnerId &id, QObject *context, LinkChangeDone done)
{
    return changeLink(&PartnerLinks::create, tenantId, id, context, std::move(done));
}

CallHandle Workspace::change(const QString &tenantId, const PartnerId &id, QObject *context, LinkChangeDone done)
{
    return changeLink(&PartnerLinks::update, tenantId, id, context, std::move(done));
}

CallHandle Workspace::unlink(const QString &tenantId, const PartnerId &id, QObject *context, LinkChangeDone done)
{
    return changeLink(&PartnerLinks::remove, tenantId, id, context, std::move(done));
}

CallHandle Workspace::changeLink(LinkOperation operation, const QString &tenantId, const PartnerId &id,
                                 QObject *context, LinkChangeDone done)
{
    Directory where = directory(tenantId).value_or(Directory{});
    where.tenantId = tenantId;
    if (!m_links || tenantId.isEmpty()) {
        LinkChange refused;
        refused.directory = where;
        refused.partnerId = id.toString();
        refused.error = noAccount();
        refused.when = QDateTime::currentDateTimeUtc();
        done(refused);
        return {};
    }
    const quint64 generation = m_generation;
    const QPointer<QObject> ctx(context);
    setBusy(true);
    return track((m_links.get()->*operation)(
        where, id, this, [this, generation, tenantId, ctx, done = std::move(done)](const LinkChange &change) {
            if (generation != m_generation)
                return;
            setBusy(false);
            if (!change.after.isPending())
                setState(tenantId, change.after);
            if (ctx && done)
                done(change);
        }));
}

} // namespace pal
