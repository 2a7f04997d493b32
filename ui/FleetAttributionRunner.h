#pragma once
// FleetAttributionRunner: the fleet view's attribution column's real check: the registered
// "attribution" check (core/checks' AttributionSummaryCheck), run for the row's directory as the
// row's identity on that account's shared services (the workspace's AccountServicesPool). The
// finding's typed summary becomes the cell (credited / not credited / cannot tell) and each
// product's verdict its tooltip.

#include "FleetAttribution.h"

#include <QObject>

namespace pal {

class AccountManager;
class DirectoryCheck;
class Workspace;

class FleetAttributionRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FleetAttributionRunner)
public:
    // `check` is the registry's "attribution" check; it outlives this runner.
    FleetAttributionRunner(DirectoryCheck *check, AccountManager *accounts, Workspace *workspace,
                           QObject *parent = nullptr);
    ~FleetAttributionRunner() override;

    FleetAttribution::Runner runner();
    // The cell for a check's result: its typed summary, the products' verdicts as the detail.
    static Expected<AttributionCell> cellOf(const Expected<CheckResult> &result);

private:
    CallHandle run(const FleetResult &row, QObject *context, Completion<AttributionCell> done);

    DirectoryCheck *m_check;
    AccountManager *m_accounts;
    Workspace *m_workspace;
};

} // namespace pal
