#pragma once
// AccountServices: what the checks of one signed-in account run on, in one cloud: one ARM session
// (one pipeline, so one throttle and one token provider per principal), the link policy on its
// client (PartnerLinks, the one way the link is read and changed), and the attribution reader
// (Power Apps, Power Automate, Power BI), built on first use. The workspace, the fleet, the watch
// and palctl share one per account through AccountServicesPool.
//
// A second form wraps a ManagementPartnerClient someone else owns (tests, a run handed bare
// clients): it reads links through the same PartnerLinks policy but has no tokens and no
// attribution reader; checks that need them end with InvalidInput.
//
// Life cycle: built by the pool (or a test); it outlives every call made on it (the pool keeps it
// until the pool ends). It owns nothing it was given.

#include "Account.h"
#include "CloudEnvironment.h"
#include "RetryPolicy.h"

#include <QtGlobal>
#include <memory>
#include <optional>

class QNetworkAccessManager;

namespace pal {

class AccessTokenProvider;
class ArmSession;
class AttributionCheck;
class Clock;
class ManagementPartnerClient;
class PartnerLinks;

class AccountServices final
{
public:
    AccountServices(QNetworkAccessManager *network, AccessTokenProvider *tokens, Account account,
                    const CloudEnvironment &cloud, RetryPolicy policy = {}, const Clock *clock = nullptr);
    explicit AccountServices(ManagementPartnerClient *client, Account account = {});
    ~AccountServices();
    Q_DISABLE_COPY_MOVE(AccountServices)

    const Account &account() const { return m_account; }
    // Null for a wrapped client.
    ArmSession *arm() const { return m_arm.get(); }
    AccessTokenProvider *tokens() const { return m_tokens; }
    std::optional<CloudEnvironment> cloud() const { return m_cloud; }
    ManagementPartnerClient &partners() const { return *m_partners; }
    // No expectation of its own: checks pass the partner ID expected in each directory.
    PartnerLinks &links() const { return *m_links; }
    // Built on first use; null for a wrapped client.
    AttributionCheck *attribution();

private:
    QNetworkAccessManager *m_network = nullptr;
    AccessTokenProvider *m_tokens = nullptr;
    Account m_account;
    std::optional<CloudEnvironment> m_cloud;
    RetryPolicy m_policy;
    const Clock *m_clock = nullptr;
    std::unique_ptr<ArmSession> m_arm;
    ManagementPartnerClient *m_partners;
    std::unique_ptr<PartnerLinks> m_links;
    std::unique_ptr<AttributionCheck> m_attribution;
};

} // namespace pal
