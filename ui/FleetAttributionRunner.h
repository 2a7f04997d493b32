#pragma once
// FleetAttributionRunner: the fleet view's attribution column's real check: core/powerplatform's
// AttributionCheck, one per (account, cloud), run for the row's directory as the row's identity
// with that account's own tokens. The report's summary() becomes the cell (credited / not
// credited / cannot tell) and each product's verdict its tooltip.

#include "FleetAttribution.h"

#include <QHash>
#include <QObject>
#include <memory>

class QNetworkAccessManager;

namespace pal {

class AccountManager;
class AttributionCheck;
class Workspace;

class FleetAttributionRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FleetAttributionRunner)
public:
    FleetAttributionRunner(QNetworkAccessManager *network, AccountManager *accounts, Workspace *workspace,
                           QObject *parent = nullptr);
    ~FleetAttributionRunner() override;

    FleetAttribution::Runner runner();

private:
    CallHandle run(const FleetResult &row, QObject *context, Completion<AttributionCell> done);

    QNetworkAccessManager *m_network;
    AccountManager *m_accounts;
    Workspace *m_workspace;
    QHash<QString, std::shared_ptr<AttributionCheck>> m_checks; // by account id | cloud name
};

} // namespace pal
