#include "UiFixture.h"

#include "ValidationView.h"

#include <QLineEdit>
#include <QPushButton>

using namespace sandboxids;

TEST_F(UiFixture, ValidationViewTurnsFromNotLinkedToLinkedAndMatchesTheIdentity)
{
    signInToSandbox();
    window->showPage(pal::MainWindow::Validation);
    EXPECT_TRUE(labelText("validationState").contains(QStringLiteral("NOT LINKED")));
    EXPECT_EQ(labelText("validationDirectoryName"), QStringLiteral("Contoso Partner"));
    EXPECT_EQ(labelText("validationDirectoryId"), Home);
    EXPECT_EQ(labelText("validationIdentity"), User);
    EXPECT_EQ(labelText("validationObjectId"), QStringLiteral("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"));

    window->showPage(pal::MainWindow::Link);
    QTest::keyClicks(find<QLineEdit>("partnerIdField"), QStringLiteral("1234567"));
    QTest::mouseClick(find<QPushButton>("linkButton"), Qt::LeftButton);
    ASSERT_TRUE(waitFor([this] {
        return labelText("validationState").contains(QStringLiteral("LINKED")) &&
               !labelText("validationState").contains(QStringLiteral("NOT"));
    }));
    window->showPage(pal::MainWindow::Validation);
    EXPECT_EQ(labelText("validationPartnerName"), QStringLiteral("Contoso Partner Services"));
    EXPECT_EQ(labelText("validationPartnerId"), QStringLiteral("1234567"));
    EXPECT_EQ(labelText("validationLinkState"), QStringLiteral("Active"));
    EXPECT_NE(labelText("validationCreated"), QStringLiteral("—"));
    EXPECT_NE(labelText("validationUpdated"), QStringLiteral("—"));
    EXPECT_TRUE(labelText("validationOwnership").contains(QStringLiteral("match your sign-in")))
        << qPrintable(labelText("validationOwnership"));

    // Verify again reads the link once more.
    const int before = sandbox->requestCount(QStringLiteral("/providers/Microsoft.ManagementPartner/partners"));
    QTest::mouseClick(find<QPushButton>("verifyAgain"), Qt::LeftButton);
    ASSERT_TRUE(waitSettled());
    EXPECT_GT(sandbox->requestCount(QStringLiteral("/providers/Microsoft.ManagementPartner/partners")), before);

    QTest::mouseClick(find<QPushButton>("copyDetails"), Qt::LeftButton);
    EXPECT_TRUE(interaction.clipboard.contains(QStringLiteral("Partner ID: 1234567")));
    EXPECT_TRUE(interaction.clipboard.contains(Home));
    EXPECT_TRUE(interaction.clipboard.contains(QStringLiteral("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d")));
}

TEST_F(UiFixture, ValidationViewShowsTheOtherPartnersLinkInAnotherDirectory)
{
    signInToSandbox();
    workspace->switchDirectory(Adventure);
    ASSERT_TRUE(waitForDirectory(Adventure));
    window->showPage(pal::MainWindow::Validation);
    EXPECT_TRUE(labelText("validationHeadline").contains(QStringLiteral("7654321")));
    EXPECT_EQ(labelText("validationPartnerName"), QStringLiteral("Previous Partner Inc."));
    EXPECT_EQ(labelText("validationDirectoryName"), QStringLiteral("Adventure Works"));
}

TEST_F(UiFixture, OpenInPortalNeedsACloudWithAPortal)
{
    signInToSandbox();
    window->showPage(pal::MainWindow::Validation);
    auto *portal = find<QPushButton>("openPortal");
    EXPECT_FALSE(portal->isEnabled()) << "the sandbox cloud has no portal";
    EXPECT_FALSE(portal->toolTip().isEmpty());
    auto *view = window->findChild<pal::ValidationView *>(QStringLiteral("validationView"));
    ASSERT_NE(view, nullptr);
    EXPECT_TRUE(view->portalUrl().isEmpty());
}
