#include "RolesRun.h"

#include "Logging.h"
#include "TenantId.h"

#include <QSet>
#include <utility>

namespace pal {

namespace {

bool same(const QString &a, const QString &b)
{
    return !a.isEmpty() && a.compare(b, Qt::CaseInsensitive) == 0;
}

QString subscriptionLabel(const Subscription &s)
{
    return s.displayName.isEmpty() ? s.subscriptionId : QStringLiteral("%1 (%2)").arg(s.displayName, s.subscriptionId);
}

} // namespace

RolesRun::RolesRun(RolesGatherer *gatherer, RolesRequest request, QObject *context, Completion<RolesFindings> done)
    : Cancellable(context ? context : static_cast<QObject *>(gatherer->m_pipeline))
    , m_gatherer(gatherer)
    , m_request(std::move(request))
    , m_context(context)
    , m_hasContext(context != nullptr)
    , m_done(std::move(done))
{}

void RolesRun::start()
{
    if (m_finished)
        return;
    // The Lighthouse signal does not need this directory's token: a partner projected into a
    // customer's directory by Lighthouse often has none there.
    if (m_request.homeTenantId.isEmpty() || same(m_request.homeTenantId, m_request.tenantId)) {
        m_homeDone = true;
    } else {
        QPointer<RolesRun> self(this);
        m_gatherer->m_cache->subscriptions(&m_gatherer->m_subscriptions, m_request.homeTenantId, this,
                                           [self](const Expected<QList<Subscription>> &list) {
                                               if (self)
                                                   self->onHomeSubscriptions(list);
                                           });
    }
    if (!m_request.objectId.isEmpty()) {
        m_findings.objectId = m_request.objectId;
        return readDirectory();
    }
    if (!m_gatherer->m_tokens)
        return onToken(AzureError::make(AzureError::Kind::InvalidInput,
                                        QStringLiteral("No object id was given and no token provider to learn it.")));
    TokenRequest request;
    request.tenantId = m_request.tenantId;
    QPointer<RolesRun> self(this);
    m_gatherer->m_tokens->requestToken(request, this, [self](const Expected<AccessToken> &token) {
        if (self)
            self->onToken(token);
    });
}

void RolesRun::cancel()
{
    if (m_finished)
        return;
    // Finished first: a call ends synchronously when cancelled, and its completion must not start
    // the next read (which would also append to the list being walked).
    m_finished = true;
    const QList<CallHandle> calls = std::exchange(m_calls, {});
    for (const CallHandle &call : calls)
        call.cancel();
    m_findings.roles.state = RolesState::Failed;
    Completion<RolesFindings> done = std::move(m_done);
    m_done = nullptr;
    deleteLater();
    if (done && (!m_hasContext || m_context))
        done(AzureError::make(AzureError::Kind::Cancelled, QStringLiteral("Cancelled.")));
}

void RolesRun::onToken(const Expected<AccessToken> &token)
{
    if (m_finished)
        return;
    if (token && !token->objectId.isEmpty()) {
        m_findings.objectId = token->objectId;
        return readDirectory();
    }
    AzureError error = token ? AzureError::make(AzureError::Kind::BadResponse,
                                                QStringLiteral("The directory's token names no object id."))
                             : token.error();
    if (error.tenantId.isEmpty())
        error.tenantId = m_request.tenantId;
    m_findings.tokenError = error;
    addProblem(QStringLiteral("the directory's token"), error);
    m_subscriptionsDone = true;
    m_eligibilitiesDone = true;
    advance();
}

void RolesRun::readDirectory()
{
    QPointer<RolesRun> self(this);
    m_gatherer->m_cache->subscriptions(&m_gatherer->m_subscriptions, m_request.tenantId, this,
                                       [self](const Expected<QList<Subscription>> &list) {
                                           if (self)
                                               self->onSubscriptions(list);
                                       });
    m_calls.append(m_gatherer->m_authorization.eligibilities(m_request.tenantId, this,
                                                             [self](const Expected<QList<RoleEligibility>> &list) {
                                                                 if (self)
                                                                     self->onEligibilities(list);
                                                             }));
}

void RolesRun::onSubscriptions(const Expected<QList<Subscription>> &list)
{
    if (m_finished)
        return;
    m_subscriptionsDone = true;
    if (!list) {
        addProblem(QStringLiteral("the subscriptions"), list.error());
        return advance();
    }
    m_subscriptionList = *list;
    m_findings.subscriptions = *list;
    m_findings.roles.subscriptionCount = int(m_subscriptionList.size());
    for (const Subscription &s : std::as_const(m_subscriptionList)) {
        readAssignments(s);
        // Lighthouse authorizations name principals of the managing directory: only where this
        // directory manages the subscription can one be this identity's.
        if (s.isManagedBy(m_request.tenantId))
            readRegistrations(s);
    }
    pump();
    advance();
}

void RolesRun::readAssignments(const Subscription &subscription)
{
    m_queue.append([this, subscription](std::function<void()> finished) {
        return m_gatherer->m_authorization.assignments(
            m_request.tenantId, subscription.subscriptionId, m_findings.objectId, this,
            [this, subscription, finished](const Expected<QList<RoleAssignment>> &list) {
                if (m_finished)
                    return;
                if (list)
                    m_assignments += *list;
                else
                    addProblem(
                        QStringLiteral("role assignments of subscription %1").arg(subscriptionLabel(subscription)),
                        list.error());
                finished();
            });
    });
}

void RolesRun::readRegistrations(const Subscription &subscription)
{
    m_queue.append([this, subscription](std::function<void()> finished) {
        return m_gatherer->m_lighthouse.assignments(
            m_request.tenantId, subscription.subscriptionId, this,
            [this, subscription, finished](const Expected<QList<RegistrationAssignment>> &list) {
                if (m_finished)
                    return;
                if (list)
                    m_registrations += *list;
                else
                    addProblem(QStringLiteral("Lighthouse registrations of subscription %1")
                                   .arg(subscriptionLabel(subscription)),
                               list.error());
                finished();
            });
    });
}

void RolesRun::onEligibilities(const Expected<QList<RoleEligibility>> &list)
{
    if (m_finished)
        return;
    m_eligibilitiesDone = true;
    if (list)
        m_eligibilities = *list;
    else
        addProblem(QStringLiteral("the PIM-eligible roles"), list.error());
    advance();
}

void RolesRun::onHomeSubscriptions(const Expected<QList<Subscription>> &list)
{
    if (m_finished)
        return;
    m_homeDone = true;
    if (!list) {
        m_findings.homeReadError = list.error();
    } else {
        bool projected = false;
        for (const Subscription &s : *list)
            projected = projected || (same(s.tenantId, m_request.tenantId) && s.isManagedBy(m_request.homeTenantId));
        m_findings.projectedToHome = projected;
    }
    advance();
}

void RolesRun::pump()
{
    QPointer<RolesRun> self(this);
    while (!m_finished && m_inFlight < m_gatherer->m_maxConcurrent && !m_queue.isEmpty()) {
        const Task task = m_queue.takeFirst();
        ++m_inFlight;
        m_calls.append(task([self] {
            if (!self || self->m_finished)
                return;
            --self->m_inFlight;
            self->pump();
            self->advance();
        }));
    }
}

void RolesRun::advance()
{
    if (m_finished || m_resolving)
        return;
    if (!m_subscriptionsDone || !m_eligibilitiesDone || !m_homeDone || m_inFlight > 0 || !m_queue.isEmpty())
        return;
    m_resolving = true;
    resolveRoles();
}

void RolesRun::resolveRoles()
{
    const EligibleRoles &list = m_gatherer->m_eligible;
    auto needs = [&](const QString &guid) { return !guid.isEmpty() && !list.find(guid) && !m_roles.contains(guid); };
    // PIM sends the role's name and type along: nothing to read for those.
    for (const RoleEligibility &e : std::as_const(m_eligibilities)) {
        const QString guid = roleDefinitionGuid(e.roleDefinitionId);
        if (!needs(guid) || e.roleName.isEmpty())
            continue;
        RoleInfo info;
        info.name = e.roleName;
        if (e.roleType.compare(QLatin1String("BuiltInRole"), Qt::CaseInsensitive) == 0)
            info.kind = RoleInfo::Kind::BuiltIn;
        else if (e.roleType.compare(QLatin1String("CustomRole"), Qt::CaseInsensitive) == 0)
            info.kind = RoleInfo::Kind::Custom;
        if (info.kind != RoleInfo::Kind::Unknown)
            m_roles.insert(guid, info);
    }
    QList<std::pair<QString, QString>> reads; // guid, scoped id
    auto want = [&](const QString &roleDefinitionId) {
        const QString guid = roleDefinitionGuid(roleDefinitionId);
        if (!needs(guid))
            return;
        m_roles.insert(guid, RoleInfo{});
        reads.append({guid, roleDefinitionId});
    };
    for (const RoleAssignment &a : std::as_const(m_assignments))
        want(a.roleDefinitionId);
    for (const RoleEligibility &e : std::as_const(m_eligibilities))
        want(e.roleDefinitionId);
    for (const RegistrationAssignment &r : std::as_const(m_registrations))
        for (const LighthouseAuthorization &a : r.authorizations)
            if (isTokenPrincipal(a.principalId))
                want(a.roleDefinitionId);
    m_resolvePending = 1; // held until every read has started
    for (const auto &[guid, scopedId] : std::as_const(reads))
        resolveBuiltIn(guid, scopedId);
    roleResolved();
}

void RolesRun::resolveBuiltIn(const QString &guid, const QString &scopedId)
{
    ++m_resolvePending;
    QPointer<RolesRun> self(this);
    m_gatherer->m_cache->builtInDefinition(
        &m_gatherer->m_authorization, m_request.tenantId, guid, this,
        [self, guid, scopedId](const Expected<RoleDefinition> &definition) {
            if (!self || self->m_finished)
                return;
            RoleInfo &info = self->m_roles[guid];
            if (definition) {
                info.name = definition->roleName;
                info.kind = definition->isCustom()    ? RoleInfo::Kind::Custom
                            : definition->isBuiltIn() ? RoleInfo::Kind::BuiltIn
                                                      : RoleInfo::Kind::Unknown;
            } else if (definition.error().kind == AzureError::Kind::NotFound ||
                       definition.error().kind == AzureError::Kind::Forbidden) {
                // Not a built-in role: a custom role lives at its own scope.
                const bool scoped = !scopedId.isEmpty() &&
                                    !scopedId.startsWith(QLatin1String("/providers/"), Qt::CaseInsensitive) &&
                                    !isTenantGuid(scopedId);
                if (scoped)
                    self->resolveScoped(guid, scopedId);
            } else {
                self->addProblem(QStringLiteral("role definition %1").arg(guid), definition.error());
            }
            self->roleResolved();
        });
}

void RolesRun::resolveScoped(const QString &guid, const QString &scopedId)
{
    ++m_resolvePending;
    QPointer<RolesRun> self(this);
    m_gatherer->m_cache->definition(
        &m_gatherer->m_authorization, m_request.tenantId, scopedId, this,
        [self, guid, scopedId](const Expected<RoleDefinition> &definition) {
            if (!self || self->m_finished)
                return;
            RoleInfo &info = self->m_roles[guid];
            if (definition) {
                info.name = definition->roleName;
                info.kind = definition->isBuiltIn() ? RoleInfo::Kind::BuiltIn : RoleInfo::Kind::Custom;
            } else if (definition.error().kind == AzureError::Kind::Forbidden) {
                // Not built in (the tenant-level read did not know it) and not readable at its
                // scope: a custom role whose name PAL Desk cannot see.
                info.kind = RoleInfo::Kind::Custom;
            } else if (definition.error().kind != AzureError::Kind::NotFound) {
                self->addProblem(QStringLiteral("role definition %1").arg(scopedId), definition.error());
            }
            self->roleResolved();
        });
}

void RolesRun::roleResolved()
{
    if (--m_resolvePending == 0)
        complete();
}

void RolesRun::addProblem(const QString &what, const AzureError &error)
{
    qCInfo(lcServices).noquote() << "roles check in" << m_request.tenantId << ":" << what
                                 << "failed:" << error.kindName() << error.httpStatus << "request" << error.requestId;
    m_findings.roles.problems.append(RolesProblem{what, error, isCannotRead(error)});
}

bool RolesRun::isTokenPrincipal(const QString &principalId) const
{
    return same(principalId, m_findings.objectId);
}

CreditAssignment RolesRun::assignment(const QString &scope, const QString &roleDefinitionId, AssignmentSource source,
                                      const QString &fallbackName) const
{
    CreditAssignment c;
    c.scope = scope;
    c.roleDefinitionId = roleDefinitionId;
    c.source = source;
    const QString guid = roleDefinitionGuid(roleDefinitionId);
    if (const EligibleRoles::Role *row = m_gatherer->m_eligible.find(guid)) {
        c.roleName = row->roleName;
        c.earnsCredit = row->pecEligible;
        return c;
    }
    const RoleInfo info = m_roles.value(guid);
    c.roleName = info.name.isEmpty() ? fallbackName : info.name;
    if (info.kind == RoleInfo::Kind::BuiltIn)
        c.earnsCredit = false; // a built-in role Partner Center does not list
    c.customRole = info.kind == RoleInfo::Kind::Custom;
    return c;
}

void RolesRun::build()
{
    RolesResult &roles = m_findings.roles;
    QSet<QString> seen; // assignedTo returns an assignment above the subscription once per subscription
    for (const RoleAssignment &a : std::as_const(m_assignments)) {
        if (seen.contains(a.id.toLower()))
            continue;
        seen.insert(a.id.toLower());
        CreditAssignment c = assignment(a.scope, a.roleDefinitionId, AssignmentSource::Active);
        c.principalId = a.principalId;
        roles.assignments.append(c);
    }
    for (const RoleEligibility &e : std::as_const(m_eligibilities)) {
        CreditAssignment c = assignment(e.scope, e.roleDefinitionId, AssignmentSource::Eligible, e.roleName);
        c.principalId = e.principalId;
        roles.assignments.append(c);
    }
    for (const RegistrationAssignment &r : std::as_const(m_registrations)) {
        if (!r.managedByTenantId.isEmpty() && !same(r.managedByTenantId, m_request.tenantId))
            continue; // managed by another directory: its principals are not this identity
        for (const LighthouseAuthorization &a : r.authorizations) {
            const AssignmentSource source =
                a.justInTime ? AssignmentSource::LighthouseEligible : AssignmentSource::Lighthouse;
            CreditAssignment c = assignment(r.scope, a.roleDefinitionId, source);
            c.principalId = a.principalId;
            c.principalName = a.principalDisplayName;
            if (!isTokenPrincipal(a.principalId)) {
                // Someone else, or a group this identity may belong to (the API does not say which,
                // and group membership needs Microsoft Graph): only a permanent grant of an eligible
                // role could matter, and for it PAL Desk cannot tell.
                if (a.justInTime || !c.earnsCredit.value_or(false))
                    continue;
                c.earnsCredit.reset();
                c.otherPrincipal = true;
            }
            roles.assignments.append(c);
        }
    }

    bool cannotRead = false;
    for (const RolesProblem &p : std::as_const(roles.problems))
        cannotRead = cannotRead || p.cannotRead;
    if (cannotRead && !m_findings.tokenError)
        roles.state = RolesState::CannotRead;
    else if (m_findings.tokenError || !roles.problems.isEmpty())
        roles.state = RolesState::Failed;
    else if (m_subscriptionList.isEmpty())
        roles.state = RolesState::NoSubscriptions;
    else
        roles.state = RolesState::Checked;
}

void RolesRun::complete()
{
    if (m_finished)
        return;
    build();
    m_finished = true;
    Completion<RolesFindings> done = std::move(m_done);
    m_done = nullptr;
    deleteLater();
    if (done && (!m_hasContext || m_context))
        done(m_findings);
}

} // namespace pal
