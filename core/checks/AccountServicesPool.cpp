#include "AccountServicesPool.h"

#include "AccountManager.h"
#include "AccountServices.h"

namespace pal {

AccountServicesPool::AccountServicesPool(QNetworkAccessManager *network, AccountManager *accounts, RetryPolicy policy,
                                         const Clock *clock, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_accounts(accounts)
    , m_policy(std::move(policy))
    , m_clock(clock)
{}

AccountServicesPool::~AccountServicesPool() = default;

AccountServices *AccountServicesPool::forAccount(const Account &account, const CloudEnvironment &cloud)
{
    AccessTokenProvider *tokens = m_accounts ? m_accounts->tokenProvider(account.id) : nullptr;
    if (!tokens)
        return nullptr;
    const QString key = account.id + QLatin1Char('|') + cloud.name;
    std::unique_ptr<AccountServices> &slot = m_services[key];
    if (slot && slot->tokens() == tokens && slot->cloud() && slot->cloud()->toJson() == cloud.toJson())
        return slot.get();
    if (slot)
        m_retired.push_back(std::move(slot));
    slot = std::make_unique<AccountServices>(m_network, tokens, account, cloud, m_policy, m_clock);
    Q_EMIT servicesCreated(slot.get());
    return slot.get();
}

} // namespace pal
