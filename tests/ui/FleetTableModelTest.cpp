// The fleet view's model: results arrive in bursts and become one row insertion per batch, the
// sorted view takes each batch in place (no re-sort of what is there), and the state filter shows
// one kind of row. Thousands of rows, as a partner with a large customer base has.
#include "FleetTableModel.h"

#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <gtest/gtest.h>

using pal::FleetFilterModel;
using pal::FleetFinding;
using pal::FleetResult;
using pal::FleetTableModel;
using pal::LinkState;

namespace {

// Row i: a name that sorts differently from i, and a state by i % 5.
FleetResult result(int i)
{
    FleetResult r;
    r.directory.tenantId = QStringLiteral("00000000-0000-4000-8000-%1").arg(i, 12, 10, QLatin1Char('0'));
    r.directory.displayName = QStringLiteral("Customer %1").arg((i * 7919) % 10007, 5, 10, QLatin1Char('0'));
    const QDateTime at = QDateTime::currentDateTimeUtc();
    pal::PartnerLink link;
    link.state = QStringLiteral("Active");
    switch (i % 5) {
    case 0:
        link.partnerId = QStringLiteral("1234567");
        r.state = LinkState::linked(link, QStringLiteral("1234567"), at);
        break;
    case 1:
        link.partnerId = QStringLiteral("7654321");
        r.state = LinkState::linked(link, QStringLiteral("1234567"), at);
        break;
    case 2:
        r.state = LinkState::notLinked(at);
        break;
    case 3:
        r.state = LinkState::failed(pal::AzureError::make(pal::AzureError::Kind::InteractionRequired,
                                                          QStringLiteral("MFA"), QStringLiteral("AADSTS50076")),
                                    at);
        break;
    default:
        r.state = LinkState::failed(pal::AzureError::make(pal::AzureError::Kind::Forbidden, QStringLiteral("No access"),
                                                          QStringLiteral("AuthorizationFailed")),
                                    at);
    }
    return r;
}

QList<FleetResult> results(int from, int count)
{
    QList<FleetResult> list;
    for (int i = from; i < from + count; ++i)
        list << result(i);
    return list;
}

class FleetTableModelTest : public ::testing::Test
{
protected:
    FleetTableModelTest()
    {
        m_proxy.setSourceModel(&m_model);
        m_view.setModel(&m_proxy);
        m_view.setSortingEnabled(true);
        m_view.resize(900, 500);
        m_view.show();
    }

    QString text(int row, int column) const { return m_proxy.index(row, column).data().toString(); }

    FleetTableModel m_model;
    FleetFilterModel m_proxy;
    QTableView m_view;
};

} // namespace

TEST_F(FleetTableModelTest, ABurstOfResultsIsOneInsertionAndLandsInSortedOrder)
{
    m_view.sortByColumn(FleetTableModel::Name, Qt::AscendingOrder);
    QSignalSpy inserted(&m_model, &QAbstractItemModel::rowsInserted);
    QSignalSpy resorted(&m_proxy, &QAbstractItemModel::layoutAboutToBeChanged);
    QSignalSpy reset(&m_proxy, &QAbstractItemModel::modelAboutToBeReset);
    // 5,000 directories answering in three bursts.
    m_model.append(results(0, 2000));
    m_model.append(results(2000, 2500));
    m_model.append(results(4500, 500));
    EXPECT_EQ(inserted.size(), 3) << "one insertion per batch, not one per row";
    EXPECT_EQ(resorted.size(), 0) << "the rows already there are not sorted again";
    EXPECT_EQ(reset.size(), 0);
    ASSERT_EQ(m_proxy.rowCount(), 5000);
    ASSERT_EQ(m_model.rowCount(), 5000);
    for (int row = 1; row < 5000; ++row)
        ASSERT_LE(text(row - 1, FleetTableModel::Name), text(row, FleetTableModel::Name)) << "row " << row;
    // The view shows the first rows of the sorted table.
    EXPECT_EQ(m_view.indexAt(QPoint(5, 5)).row(), 0);
}

TEST_F(FleetTableModelTest, SortingByResultGroupsTheStates)
{
    m_model.append(results(0, 50));
    m_view.sortByColumn(FleetTableModel::Result, Qt::AscendingOrder);
    QStringList order;
    for (int row = 0; row < m_proxy.rowCount(); ++row) {
        const QString result = text(row, FleetTableModel::Result);
        if (order.isEmpty() || order.last() != result)
            order << result;
    }
    ASSERT_EQ(order.size(), 5) << qPrintable(order.join(QStringLiteral(" | ")));
    EXPECT_TRUE(order[0].contains(QStringLiteral("Linked")));
    EXPECT_TRUE(order[1].contains(QStringLiteral("Other partner")));
    EXPECT_EQ(order[2], QStringLiteral("Not linked"));
    EXPECT_TRUE(order[3].contains(QStringLiteral("Sign-in needed")));
    EXPECT_TRUE(order[4].contains(QStringLiteral("Error")));

    m_view.sortByColumn(FleetTableModel::Result, Qt::DescendingOrder);
    EXPECT_TRUE(text(0, FleetTableModel::Result).contains(QStringLiteral("Error")));
}

TEST_F(FleetTableModelTest, TheStateFilterShowsOneKindAndKeepsFollowingNewBatches)
{
    m_model.append(results(0, 100));
    m_proxy.setFindings({FleetFinding::NotLinked});
    ASSERT_EQ(m_proxy.rowCount(), 20);
    for (int row = 0; row < m_proxy.rowCount(); ++row)
        EXPECT_EQ(text(row, FleetTableModel::Result), QStringLiteral("Not linked"));
    m_model.append(results(100, 10));
    EXPECT_EQ(m_proxy.rowCount(), 22) << "rows of the chosen state that arrive later show too";

    m_proxy.setFindings({FleetFinding::SignInNeeded});
    EXPECT_EQ(m_proxy.rowCount(), 22);
    EXPECT_EQ(text(0, FleetTableModel::Details), QStringLiteral("AADSTS50076"));
    m_proxy.setFindings({FleetFinding::LinkedToOther});
    ASSERT_EQ(m_proxy.rowCount(), 22);
    EXPECT_EQ(text(0, FleetTableModel::Partner), QStringLiteral("7654321"));
    m_proxy.setFindings(FleetFilterModel::problems());
    EXPECT_EQ(m_proxy.rowCount(), 88) << "every row but those linked as expected";
    m_proxy.setFindings({});
    EXPECT_EQ(m_proxy.rowCount(), 110);

    m_model.clear();
    EXPECT_EQ(m_proxy.rowCount(), 0);
}

TEST_F(FleetTableModelTest, CellsSayWhatAUserNeeds)
{
    m_model.append(results(0, 5));
    EXPECT_EQ(m_model.headerData(FleetTableModel::Name, Qt::Horizontal, Qt::DisplayRole).toString(),
              QStringLiteral("Directory"));
    const QModelIndex forbidden = m_model.index(4, FleetTableModel::Details);
    EXPECT_EQ(forbidden.data().toString(), QStringLiteral("AuthorizationFailed"));
    EXPECT_TRUE(forbidden.data(Qt::ToolTipRole).toString().contains(QStringLiteral("No access")))
        << "the whole message is a hover away";
    EXPECT_EQ(m_model.index(0, FleetTableModel::Details).data().toString(), QStringLiteral("State Active"));
    EXPECT_EQ(m_model.index(2, FleetTableModel::Partner).data().toString(), QString());
    EXPECT_EQ(m_model.index(1, FleetTableModel::Id).data(FleetTableModel::TenantIdRole).toString(),
              result(1).directory.tenantId);
}

TEST_F(FleetTableModelTest, AccountsExpectationsNotesAndRowsNobodyCouldAsk)
{
    FleetResult r = result(0);
    r.accountName = QStringLiteral("admin@contoso.example");
    r.inInventory = true;
    r.notes = QStringLiteral("first line\nsecond line");
    FleetResult nobody;
    nobody.directory.tenantId = QStringLiteral("9f9f9f9f-0000-4000-8000-000000000001");
    nobody.accountName = QStringLiteral("someone@else.example");
    nobody.reach = pal::FleetReach::NotSignedIn;
    nobody.state.expectedPartnerId = QStringLiteral("1234567");
    FleetResult unreachable = nobody;
    unreachable.reach = pal::FleetReach::NotReachable;
    m_model.append({r, nobody, unreachable});
    EXPECT_EQ(m_model.index(0, FleetTableModel::Account).data().toString(), QStringLiteral("admin@contoso.example"));
    EXPECT_EQ(m_model.index(0, FleetTableModel::Expected).data().toString(), QStringLiteral("1234567"));
    EXPECT_EQ(m_model.index(0, FleetTableModel::Notes).data().toString(), QStringLiteral("first line second line"))
        << "one line in the cell";
    EXPECT_TRUE(
        m_model.index(0, FleetTableModel::Notes).data(Qt::ToolTipRole).toString().contains(QStringLiteral("second")));
    EXPECT_TRUE(m_model.index(1, FleetTableModel::Result).data().toString().contains(QStringLiteral("Not signed in")));
    EXPECT_EQ(m_model.index(1, FleetTableModel::Name).data().toString(), nobody.directory.tenantId)
        << "a directory nobody could list is shown by its ID";
    EXPECT_TRUE(m_model.index(2, FleetTableModel::Result).data().toString().contains(QStringLiteral("Not reachable")));
    EXPECT_TRUE(m_model.index(2, FleetTableModel::Result)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("does not reach this directory")));
    m_proxy.setFindings({FleetFinding::NotSignedIn});
    ASSERT_EQ(m_proxy.rowCount(), 1);
    m_proxy.setFindings({FleetFinding::NotReachable});
    ASSERT_EQ(m_proxy.rowCount(), 1);
}

TEST_F(FleetTableModelTest, RowsChangedSinceTheLastCheckAreMarked)
{
    QList<FleetResult> rows = results(0, 5000);
    for (FleetResult &r : rows)
        r.accountName = QStringLiteral("admin@contoso.example");
    m_model.append(rows);
    pal::FleetChange lost{rows.at(0).directory.tenantId,
                          {},
                          QStringLiteral("admin@contoso.example"),
                          pal::LinkSide{QStringLiteral("linked"), QStringLiteral("1234567")},
                          pal::LinkSide{QStringLiteral("not linked"), {}},
                          true};
    pal::FleetChange changed = lost;
    changed.tenantId = rows.at(7).directory.tenantId;
    changed.worse = false;
    changed.before = pal::LinkSide{QStringLiteral("not linked"), {}};
    changed.after = pal::LinkSide{QStringLiteral("linked"), QStringLiteral("1234567")};
    pal::FleetChange otherAccount = lost;
    otherAccount.account = QStringLiteral("pat@tailspin.example"); // the same directory, another principal
    otherAccount.tenantId = rows.at(3).directory.tenantId;
    QSignalSpy changedData(&m_model, &QAbstractItemModel::dataChanged);
    m_model.setChanges({lost, changed, otherAccount});
    EXPECT_EQ(changedData.count(), 1) << "one signal, however many rows";
    EXPECT_TRUE(m_model.index(0, FleetTableModel::Changed).data().toString().contains(QStringLiteral("Link lost")));
    EXPECT_TRUE(m_model.index(0, FleetTableModel::Changed)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("1234567")));
    EXPECT_TRUE(m_model.index(7, FleetTableModel::Changed).data().toString().contains(QStringLiteral("Changed")));
    EXPECT_FALSE(m_model.index(3, FleetTableModel::Changed).data(FleetTableModel::ChangedRole).toBool())
        << "a change of another account's row";
    EXPECT_FALSE(m_model.index(1, FleetTableModel::Changed).data(FleetTableModel::ChangedRole).toBool());
    // Sorting by the column puts lost links first.
    m_view.sortByColumn(FleetTableModel::Changed, Qt::AscendingOrder);
    EXPECT_TRUE(text(0, FleetTableModel::Changed).contains(QStringLiteral("Link lost")));
    EXPECT_TRUE(text(1, FleetTableModel::Changed).contains(QStringLiteral("Changed")));
    m_model.setChanges({});
    EXPECT_EQ(m_model.changedCount(), 0);
}
