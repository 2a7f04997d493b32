#include "AccountServices.h"

#include "ArmSession.h"
#include "AttributionCheck.h"
#include "PartnerLinks.h"

namespace pal {

AccountServices::AccountServices(QNetworkAccessManager *network, AccessTokenProvider *tokens, Account account,
                                 const CloudEnvironment &cloud, RetryPolicy policy, const Clock *clock)
    : m_network(network)
    , m_tokens(tokens)
    , m_account(std::move(account))
    , m_cloud(cloud)
    , m_policy(std::move(policy))
    , m_clock(clock)
    , m_arm(std::make_unique<ArmSession>(network, tokens, cloud, m_policy, clock))
    , m_partners(&m_arm->partners())
    , m_links(std::make_unique<PartnerLinks>(m_partners, m_account.username, clock))
{}

AccountServices::AccountServices(ManagementPartnerClient *client, Account account)
    : m_account(std::move(account))
    , m_partners(client)
    , m_links(std::make_unique<PartnerLinks>(client, m_account.username))
{}

AccountServices::~AccountServices()
{
    // The readers end before the session whose tokens they use.
    m_attribution.reset();
    m_links.reset();
}

AttributionCheck *AccountServices::attribution()
{
    if (!m_attribution && m_network && m_tokens && m_cloud)
        m_attribution = std::make_unique<AttributionCheck>(m_network, m_tokens, *m_cloud, m_policy, m_clock);
    return m_attribution.get();
}

} // namespace pal
