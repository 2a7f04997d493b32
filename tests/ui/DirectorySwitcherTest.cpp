#include "UiFixture.h"

#include "DirectorySwitcher.h"
#include "DirectoryTableModel.h"
#include "FleetResult.h"
#include "SignInPage.h"

#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTreeView>

using namespace sandboxids;

TEST_F(UiFixture, FilterByNameDomainOrIdAndSwitchWithTheKeyboard)
{
    signInToSandbox();
    ASSERT_TRUE(waitFor([this] { return workspace->directories().size() == 9; }));
    QTest::keyClick(window.get(), Qt::Key_D, Qt::ControlModifier);
    auto *filter = find<QLineEdit>("directoryFilter");
    auto *list = find<QTreeView>("directoryList");
    ASSERT_TRUE(filter->isVisible());
    EXPECT_TRUE(filter->hasFocus());
    EXPECT_EQ(list->model()->rowCount(), 9);

    QTest::keyClicks(filter, QStringLiteral("tailspintoys")); // a domain
    EXPECT_EQ(list->model()->rowCount(), 1);
    filter->clear();
    QTest::keyClicks(filter, QStringLiteral("3A9D2C44")); // an id, any case
    ASSERT_EQ(list->model()->rowCount(), 1);
    filter->clear();
    QTest::keyClicks(filter, QStringLiteral("north")); // a name
    ASSERT_EQ(list->model()->rowCount(), 1);
    EXPECT_TRUE(list->model()->index(0, 0).data().toString().contains(QStringLiteral("Northwind")));

    QTest::keyClick(filter, Qt::Key_Down);
    EXPECT_TRUE(list->hasFocus());
    QTest::keyClick(list, Qt::Key_Return);
    ASSERT_TRUE(waitForDirectory(Northwind));
    EXPECT_EQ(labelText("currentDirectoryName"), QStringLiteral("Northwind Traders"));
    EXPECT_TRUE(labelText("currentDirectoryDetails").contains(QStringLiteral("northwindtraders.example")));
    EXPECT_FALSE(window->directorySwitcher()->isPickerOpen()) << "the list closes after a switch";
    EXPECT_EQ(config->currentDirectory(workspace->account()->id), Northwind);
}

TEST_F(UiFixture, EscapeClosesTheListWithoutSwitching)
{
    signInToSandbox();
    window->directorySwitcher()->openPicker();
    auto *filter = find<QLineEdit>("directoryFilter");
    QTest::keyClicks(filter, QStringLiteral("fabrikam"));
    QTest::keyClick(filter, Qt::Key_Escape);
    EXPECT_FALSE(window->directorySwitcher()->isPickerOpen());
    EXPECT_EQ(workspace->currentDirectoryId(), Home);
}

TEST_F(UiFixture, MfaDirectorySaysWhyAndOffersToSignInThere)
{
    signInToSandbox();
    window->directorySwitcher()->openPicker();
    QTest::keyClicks(find<QLineEdit>("directoryFilter"), QStringLiteral("woodgrove"));
    QTest::keyClick(find<QLineEdit>("directoryFilter"), Qt::Key_Return);
    auto *signInThere = find<QPushButton>("signInToDirectory");
    ASSERT_TRUE(waitFor([signInThere] { return signInThere->isVisible(); }));
    const QString message = messageText("switchMessage");
    EXPECT_TRUE(message.contains(QStringLiteral("Woodgrove Bank"))) << qPrintable(message);
    EXPECT_TRUE(message.contains(QStringLiteral("multi-factor authentication"))) << qPrintable(message);
    EXPECT_EQ(workspace->currentDirectoryId(), Home) << "a directory that wants MFA does not become current";
    EXPECT_TRUE(workspace->linkState(Woodgrove).summary().contains(QStringLiteral("Sign-in needed")));

    QTest::mouseClick(signInThere, Qt::LeftButton);
    EXPECT_EQ(window->currentPage(), pal::MainWindow::SignIn);
    EXPECT_EQ(find<QLineEdit>("tenantField")->text(), Woodgrove);
    EXPECT_TRUE(messageText("signInMessage").contains(QStringLiteral("multi-factor")));
    QTest::mouseClick(find<QPushButton>("signInBrowser"), Qt::LeftButton);
    EXPECT_TRUE(waitForDirectory(Woodgrove, 15000)) << qPrintable(messageText("signInMessage"));
    EXPECT_EQ(labelText("currentDirectoryName"), QStringLiteral("Woodgrove Bank"));
}

TEST_F(UiFixture, ASwitchRepaintsTheTwoRowsConcernedNotTheList)
{
    // At 5,000 directories a repaint of every row per change is what a user notices.
    signInToSandbox();
    ASSERT_TRUE(waitFor([this] { return workspace->directories().size() == 9; }));
    pal::DirectoryTableModel model(workspace);
    ASSERT_EQ(model.rowCount(), 9);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    workspace->switchDirectory(Fabrikam);
    ASSERT_TRUE(waitForDirectory(Fabrikam));
    ASSERT_FALSE(changed.isEmpty());
    QSet<int> rows;
    for (const QList<QVariant> &signal : std::as_const(changed)) {
        const QModelIndex from = signal.at(0).toModelIndex();
        const QModelIndex to = signal.at(1).toModelIndex();
        EXPECT_EQ(from.row(), to.row()) << "one row per change";
        rows.insert(from.row());
    }
    // The old current directory, the new one (its name loses or gains "(current)", its link is read).
    QSet<QString> tenants;
    for (int row : std::as_const(rows))
        tenants.insert(model.index(row, 0).data(pal::DirectoryTableModel::TenantIdRole).toString());
    EXPECT_EQ(tenants, (QSet<QString>{Home, Fabrikam}));
    const int fabrikam = *std::find_if(rows.cbegin(), rows.cend(), [&](int row) {
        return model.index(row, 0).data(pal::DirectoryTableModel::TenantIdRole).toString() == Fabrikam;
    });
    EXPECT_TRUE(
        model.index(fabrikam, pal::DirectoryTableModel::Name).data().toString().contains(QStringLiteral("current")));
}

TEST_F(UiFixture, AFleetBatchRepaintsItsRowsNotTheList)
{
    // "Verify all" over 5,000 directories hands its results on in batches of neighbouring rows.
    signInToSandbox();
    ASSERT_TRUE(waitFor([this] { return workspace->directories().size() == 9; }));
    ASSERT_TRUE(waitSettled());
    pal::DirectoryTableModel model(workspace);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QList<pal::FleetResult> batch;
    for (int row : {2, 3}) {
        pal::FleetResult r;
        r.directory = workspace->directories().at(row);
        r.accountId = workspace->account()->id;
        r.state = pal::LinkState::notLinked(QDateTime::currentDateTimeUtc());
        batch << r;
    }
    workspace->recordVerifications(batch);
    ASSERT_EQ(changed.size(), 1) << "one signal for the batch";
    EXPECT_EQ(changed.first().at(0).toModelIndex().row(), 2);
    EXPECT_EQ(changed.first().at(1).toModelIndex().row(), 3) << "its rows, not the list";
    for (int row : {2, 3})
        EXPECT_EQ(model.index(row, pal::DirectoryTableModel::Status).data().toString(), QStringLiteral("Not linked"));
}
