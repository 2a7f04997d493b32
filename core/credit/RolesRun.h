#pragma once
// RolesRun: one RolesGatherer::run(), internal to core/credit. Its steps: the token (when the
// object id is not given); then side by side the directory's subscriptions, the PIM eligibilities
// and (from another directory) the home directory's subscriptions; per subscription its role
// assignments and Lighthouse registrations, at most maxConcurrent at once; then the role
// definitions it cannot name from the list; then it completes, once, and deletes itself.

#include "RolesGatherer.h"

#include <QHash>
#include <QList>
#include <QPointer>
#include <functional>

namespace pal {

class RolesRun final : public Cancellable
{
    Q_OBJECT
public:
    RolesRun(RolesGatherer *gatherer, RolesRequest request, QObject *context, Completion<RolesFindings> done);
    void start();
    void cancel() override;

private:
    struct RoleInfo
    {
        QString name;
        enum class Kind { Unknown, BuiltIn, Custom } kind = Kind::Unknown;
    };
    using Task = std::function<CallHandle(std::function<void()>)>;

    void onToken(const Expected<AccessToken> &token);
    void readDirectory();
    void onSubscriptions(const Expected<QList<Subscription>> &list);
    void onEligibilities(const Expected<QList<RoleEligibility>> &list);
    void onHomeSubscriptions(const Expected<QList<Subscription>> &list);
    void readAssignments(const Subscription &subscription);
    void readRegistrations(const Subscription &subscription);
    void pump();
    void advance();
    void resolveRoles();
    void resolveBuiltIn(const QString &guid, const QString &scopedId);
    void resolveScoped(const QString &guid, const QString &scopedId);
    void roleResolved();
    void addProblem(const QString &what, const AzureError &error);
    void complete();
    void build();
    CreditAssignment assignment(const QString &scope, const QString &roleDefinitionId, AssignmentSource source,
                                const QString &fallbackName = {}) const;
    bool isTokenPrincipal(const QString &principalId) const;

    RolesGatherer *m_gatherer;
    RolesRequest m_request;
    QPointer<QObject> m_context;
    bool m_hasContext;
    Completion<RolesFindings> m_done;
    RolesFindings m_findings;
    bool m_finished = false;

    QList<CallHandle> m_calls;
    QList<Task> m_queue;
    int m_inFlight = 0;
    bool m_subscriptionsDone = false;
    bool m_eligibilitiesDone = false;
    bool m_homeDone = false;
    bool m_resolving = false;
    int m_resolvePending = 0;

    QList<Subscription> m_subscriptionList;
    QList<RoleAssignment> m_assignments;
    QList<RoleEligibility> m_eligibilities;
    QList<RegistrationAssignment> m_registrations;
    QHash<QString, RoleInfo> m_roles; // by role GUID: what the definitions said
};

} // namespace pal
