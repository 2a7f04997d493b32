#pragma once
// AccountServicesPool: one AccountServices per (signed-in account, cloud) for the whole process,
// so the workspace, the fleet run, the watch, the attribution column and palctl share one ARM
// session, and so one throttle, per principal instead of building their own. servicesCreated()
// lets the composition root connect what every account's link changes go to (the history).
//
// An account that signs out and in again gets new services (its token provider is new); the old
// ones are kept, unused, until the pool ends, since calls made earlier may still be in flight on
// them. Life cycle: one per process (AppServices); destroy after everything that uses its services.

#include "Account.h"
#include "CloudEnvironment.h"
#include "RetryPolicy.h"

#include <QObject>
#include <map>
#include <memory>
#include <vector>

class QNetworkAccessManager;

namespace pal {

class AccountManager;
class AccountServices;
class Clock;

class AccountServicesPool final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AccountServicesPool)
public:
    AccountServicesPool(QNetworkAccessManager *network, AccountManager *accounts, RetryPolicy policy = {},
                        const Clock *clock = nullptr, QObject *parent = nullptr);
    ~AccountServicesPool() override;

    // The account's services in `cloud`; null when the account is not signed in here.
    AccountServices *forAccount(const Account &account, const CloudEnvironment &cloud);
    QNetworkAccessManager *network() const { return m_network; }
    const RetryPolicy &retryPolicy() const { return m_policy; }

Q_SIGNALS:
    void servicesCreated(pal::AccountServices *services);

private:
    QNetworkAccessManager *m_network;
    AccountManager *m_accounts;
    RetryPolicy m_policy;
    const Clock *m_clock;
    std::map<QString, std::unique_ptr<AccountServices>> m_services; // by account id | cloud name
    std::vector<std::unique_ptr<AccountServices>> m_retired;        // replaced after a new sign-in
};

} // namespace pal
