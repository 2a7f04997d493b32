// The fleet view's optional attribution column (issue 11) with a fake check in place of
// core/powerplatform's: off and hidden until chosen, only rows whose directory was reached are
// asked, a few at a time, the cells say credited / not credited / cannot tell (a failed check is
// "cannot tell" with its reason, never "not credited"), and a new fleet check or switching the
// column off cancels what is still running.
#include "UiFixture.h"

#include "AttributionSummaryCheck.h"
#include "FleetAttribution.h"
#include "FleetAttributionRunner.h"
#include "FleetTableModel.h"
#include "FleetView.h"
#include "FleetWatch.h"

#include <QCheckBox>
#include <QHeaderView>
#include <QPushButton>
#include <QTableView>

using namespace sandboxids;
using Column = pal::FleetTableModel::Column;
using pal::AttributionCell;

namespace {

// One fake attribution check in flight; cancel() ends it with Cancelled, as CallHandle promises.
class PendingCheck final : public pal::Cancellable
{
public:
    PendingCheck(pal::FleetResult row, pal::Completion<AttributionCell> done, QObject *parent)
        : pal::Cancellable(parent)
        , row(std::move(row))
        , m_done(std::move(done))
    {}
    void finish(const pal::Expected<AttributionCell> &result)
    {
        auto done = std::exchange(m_done, {});
        m_finished = true;
        deleteLater();
        if (done)
            done(result);
    }
    void cancel() override
    {
        ++cancelled;
        finish(pal::AzureError::make(pal::AzureError::Kind::Cancelled, QStringLiteral("cancelled")));
    }
    bool isFinished() const { return m_finished; }
    pal::FleetResult row;
    static inline int cancelled = 0;

private:
    pal::Completion<AttributionCell> m_done;
    bool m_finished = false;
};

} // namespace

class FleetAttributionTest : public UiFixture
{
protected:
    pal::FleetView *view() const { return window->findChild<pal::FleetView *>(); }
    QTableView *table() const { return find<QTableView>("fleetTable"); }
    QString cell(int row, int column) const { return table()->model()->index(row, column).data().toString(); }
    QString tip(int row, int column) const
    {
        return table()->model()->index(row, column).data(Qt::ToolTipRole).toString();
    }
    int rowOf(const QString &tenantId) const
    {
        for (int row = 0; row < table()->model()->rowCount(); ++row)
            if (cell(row, Column::Id) == tenantId)
                return row;
        return -1;
    }
    bool verifyAndWait()
    {
        QTest::mouseClick(find<QPushButton>("verifyAll"), Qt::LeftButton);
        return waitFor([this] { return !view()->watch()->isChecking() && find<QPushButton>("verifyAll")->isEnabled(); },
                       20000);
    }
    void installFake()
    {
        PendingCheck::cancelled = 0;
        view()->attribution()->setRunner(
            [this](const pal::FleetResult &row, QObject *context, pal::Completion<AttributionCell> done) {
                auto *check = new PendingCheck(row, std::move(done), context);
                pending.append(check);
                return pal::CallHandle(check);
            });
        view()->updateAttributionToggle();
    }
    int running() const
    {
        int n = 0;
        for (const auto &p : pending)
            n += p && !p->isFinished() ? 1 : 0;
        return n;
    }
    QList<QPointer<PendingCheck>> pending;
};

TEST_F(FleetAttributionTest, TheColumnIsOffUntilChosenAndReadsNothingBefore)
{
    signInToSandbox();
    auto *toggle = find<QCheckBox>("showAttribution");
    EXPECT_FALSE(toggle->isChecked()) << "off by default";
    EXPECT_TRUE(toggle->isEnabled()) << "the app hands the network: the check is offered";
    installFake();
    ASSERT_TRUE(verifyAndWait());
    EXPECT_TRUE(table()->isColumnHidden(Column::Attribution));
    EXPECT_TRUE(pending.isEmpty()) << "nothing is read before the column is chosen";
}

// The real check (core/powerplatform) against the sandbox's Power Platform, with the account's
// own tokens: the home directory has apps, flows and datasets of the admin and of someone else.
TEST_F(FleetAttributionTest, TheRealCheckFillsTheColumnFromTheSandbox)
{
    signInToSandbox();
    ASSERT_TRUE(verifyAndWait());
    find<QCheckBox>("showAttribution")->setChecked(true);
    ASSERT_TRUE(waitFor([this] { return !view()->attribution()->isRunning(); }, 30000));
    const int home = rowOf(Home);
    ASSERT_GE(home, 0);
    EXPECT_TRUE(cell(home, Column::Attribution).endsWith(QStringLiteral("Not credited")))
        << "some of the home directory's resources belong to another user: "
        << qPrintable(cell(home, Column::Attribution));
    EXPECT_TRUE(tip(home, Column::Attribution).contains(QStringLiteral("Power Apps")))
        << qPrintable(tip(home, Column::Attribution));
    EXPECT_EQ(cell(rowOf(Woodgrove), Column::Attribution), QString()) << "not reached, not asked";
}

TEST_F(FleetAttributionTest, ReachedDirectoriesAreCheckedAFewAtATimeAndSayWhatIsCredited)
{
    signInToSandbox();
    installFake();
    ASSERT_TRUE(verifyAndWait());
    const int rows = table()->model()->rowCount();
    ASSERT_GE(rows, 4);
    find<QCheckBox>("showAttribution")->setChecked(true);
    EXPECT_FALSE(table()->isColumnHidden(Column::Attribution));
    EXPECT_EQ(running(), pal::FleetAttribution::Concurrency) << "a few at a time";
    const int home = rowOf(Home);
    const int woodgrove = rowOf(Woodgrove); // needs MFA: not reached, so not asked
    ASSERT_GE(home, 0);
    ASSERT_GE(woodgrove, 0);
    EXPECT_EQ(cell(woodgrove, Column::Attribution), QString());

    // Answer every check as it starts: the home directory credited, Fabrikam owned by someone
    // else, the others failing (cannot tell, with the reason).
    int answered = 0;
    while (running() > 0) {
        for (const auto &p : pending) {
            if (!p || p->isFinished())
                continue;
            const QString tenant = p->row.directory.tenantId;
            EXPECT_EQ(cell(rowOf(tenant), Column::Attribution), QStringLiteral("Checking…"));
            if (tenant == Home)
                p->finish(AttributionCell{AttributionCell::State::Credited, QStringLiteral("Power Apps: 2 credited")});
            else if (tenant == Fabrikam)
                p->finish(AttributionCell{AttributionCell::State::NotCredited, QStringLiteral("Flows: 1 by Pat")});
            else
                p->finish(pal::AzureError::make(pal::AzureError::Kind::Forbidden, QStringLiteral("No access to BAP")));
            ++answered;
            break;
        }
        EXPECT_LE(running(), pal::FleetAttribution::Concurrency);
    }
    EXPECT_FALSE(view()->attribution()->isRunning());
    EXPECT_GE(answered, 3);
    EXPECT_LT(answered, rows) << "unreached directories are not asked";
    EXPECT_TRUE(cell(home, Column::Attribution).endsWith(QStringLiteral("Credited")))
        << qPrintable(cell(home, Column::Attribution));
    EXPECT_TRUE(tip(home, Column::Attribution).contains(QStringLiteral("Power Apps: 2 credited")));
    EXPECT_TRUE(cell(rowOf(Fabrikam), Column::Attribution).endsWith(QStringLiteral("Not credited")));
    const int failed = rowOf(Adventure);
    EXPECT_EQ(cell(failed, Column::Attribution), QStringLiteral("Cannot tell"))
        << "a failure is never \"not credited\"";
    EXPECT_TRUE(tip(failed, Column::Attribution).contains(QStringLiteral("No access to BAP")));
    EXPECT_EQ(cell(woodgrove, Column::Attribution), QString());
}

TEST_F(FleetAttributionTest, ANewCheckOrSwitchingTheColumnOffCancelsWhatIsRunning)
{
    signInToSandbox();
    installFake();
    ASSERT_TRUE(verifyAndWait());
    auto *toggle = find<QCheckBox>("showAttribution");
    toggle->setChecked(true);
    ASSERT_EQ(running(), pal::FleetAttribution::Concurrency);
    const QString first = pending.first()->row.directory.tenantId;

    // Off: the running checks are cancelled and no cell is left "Checking…"; nothing more starts.
    toggle->setChecked(false);
    EXPECT_EQ(PendingCheck::cancelled, pal::FleetAttribution::Concurrency);
    EXPECT_EQ(running(), 0);
    for (int r = 0; r < table()->model()->rowCount(); ++r)
        EXPECT_NE(cell(r, Column::Attribution), QStringLiteral("Checking…"));
    EXPECT_NE(cell(rowOf(first), Column::Attribution), QStringLiteral("Cannot tell"))
        << "a cancelled check is not an answer";

    // On again, then a new fleet check: what ran is cancelled, and the new rows are asked afresh.
    toggle->setChecked(true);
    ASSERT_EQ(running(), pal::FleetAttribution::Concurrency);
    PendingCheck::cancelled = 0;
    pending.clear();
    ASSERT_TRUE(verifyAndWait());
    EXPECT_EQ(PendingCheck::cancelled, pal::FleetAttribution::Concurrency);
    EXPECT_EQ(running(), pal::FleetAttribution::Concurrency) << "the new check's rows";
}

// The column's cell comes from the attribution check's typed summary, never from its text.
TEST(FleetAttributionCell, TheCellIsTheChecksTypedSummary)
{
    using State = pal::AttributionCell::State;
    const auto cellFor = [](const pal::AttributionReport &report) {
        return pal::FleetAttributionRunner::cellOf(
            pal::CheckResult::of(QStringLiteral("attribution"), std::make_shared<pal::AttributionFinding>(report)));
    };
    pal::AttributionReport report;
    pal::ProductAttribution apps;
    apps.product = pal::AttributedProduct::PowerApps;
    apps.credited << pal::AttributionItem{};
    report.products << apps;
    const auto credited = cellFor(report);
    ASSERT_TRUE(credited);
    EXPECT_EQ(credited->state, State::Credited);
    EXPECT_TRUE(credited->detail.startsWith(QStringLiteral("Power Apps: "))) << qPrintable(credited->detail);
    report.products.first().others << pal::AttributionItem{};
    EXPECT_EQ(cellFor(report)->state, State::NotCredited);
    report.products.first().state = pal::ProductAttribution::State::Error;
    EXPECT_EQ(cellFor(report)->state, State::CannotTell);

    // A check that could not run, or gave another kind of finding, is an error the column shows.
    const auto failed = pal::FleetAttributionRunner::cellOf(
        pal::AzureError::make(pal::AzureError::Kind::InvalidInput, QStringLiteral("Not signed in.")));
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().message, QStringLiteral("Not signed in."));
    const auto broken = pal::FleetAttributionRunner::cellOf(pal::CheckResult::failed(
        QStringLiteral("attribution"), pal::AzureError::make(pal::AzureError::Kind::Server, QStringLiteral("Down."))));
    ASSERT_FALSE(broken);
    EXPECT_EQ(broken.error().message, QStringLiteral("Down."));
}
