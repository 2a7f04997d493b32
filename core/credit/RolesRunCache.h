#pragma once
// RolesRunCache: what one run of the roles check reads once and shares between its directories:
// role definitions (a built-in role is the same in every directory; a custom role by its full id)
// and the home directory's subscriptions (the Lighthouse signal, the same for every directory of
// an account). A read asked for while one is on its way waits for it instead of starting another.
// Answers are kept (success, 403 and 404, which do not change within a run); other failures are
// not, so the next directory asks again. Create one per run (a fleet run, or one directory's
// check) and drop it afterwards; it lives on the thread of the event loop that runs the checks.

#include "AuthorizationClient.h"
#include "SubscriptionsClient.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <functional>
#include <optional>

namespace pal {

namespace detail {

// One keyed, shared read per key: waiters queue behind the read on its way.
template <typename T> class SharedReads
{
public:
    using Fetch = std::function<void(Completion<T>)>;

    void get(QObject *owner, const QString &key, QObject *context, const Fetch &fetch, Completion<T> done)
    {
        Entry &entry = m_entries[key];
        if (entry.result) {
            const Expected<T> result = *entry.result;
            QTimer::singleShot(0, context ? context : owner, [done = std::move(done), result] { done(result); });
            return;
        }
        entry.waiters.append({QPointer<QObject>(context), std::move(done)});
        if (entry.pending)
            return;
        entry.pending = true;
        ++m_started;
        QPointer<QObject> alive(owner);
        fetch([this, alive, key](const Expected<T> &result) {
            if (!alive)
                return;
            Entry &e = m_entries[key];
            e.pending = false;
            if (result || result.error().kind == AzureError::Kind::NotFound ||
                result.error().kind == AzureError::Kind::Forbidden)
                e.result = result;
            const auto waiters = std::move(e.waiters);
            e.waiters.clear();
            for (const auto &[waiter, answer] : waiters)
                if (waiter)
                    answer(result);
        });
    }
    int started() const { return m_started; }

private:
    struct Entry
    {
        std::optional<Expected<T>> result;
        QList<std::pair<QPointer<QObject>, Completion<T>>> waiters;
        bool pending = false;
    };
    QHash<QString, Entry> m_entries;
    int m_started = 0;
};

} // namespace detail

class RolesRunCache final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RolesRunCache)
public:
    explicit RolesRunCache(QObject *parent = nullptr)
        : QObject(parent)
    {}

    // The definition of a built-in role by its GUID (tenant-level read with `tenantId`'s token).
    void builtInDefinition(AuthorizationClient *client, const QString &tenantId, const QString &roleGuid,
                           QObject *context, Completion<RoleDefinition> done);
    // A role definition by its full id (custom roles), read with `tenantId`'s token.
    void definition(AuthorizationClient *client, const QString &tenantId, const QString &roleDefinitionId,
                    QObject *context, Completion<RoleDefinition> done);
    // GET /subscriptions with `tenantId`'s token.
    void subscriptions(SubscriptionsClient *client, const QString &tenantId, QObject *context,
                       Completion<QList<Subscription>> done);

    // How many reads were started (not answered from the cache), for tests and benchmarks.
    int definitionReads() const { return m_definitions.started(); }
    int subscriptionReads() const { return m_subscriptions.started(); }

private:
    detail::SharedReads<RoleDefinition> m_definitions;
    detail::SharedReads<QList<Subscription>> m_subscriptions;
};

} // namespace pal
