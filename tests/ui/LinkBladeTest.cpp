#include "UiFixture.h"

#include <QGroupBox>
#include <QLineEdit>
#include <QPushButton>
#include <QToolButton>

using namespace sandboxids;

namespace {
const QString PartnersPath = QStringLiteral("/providers/Microsoft.ManagementPartner/partners");
}

TEST_F(UiFixture, BladeLooksLikeThePortalsAndValidatesAsYouType)
{
    signInToSandbox();
    EXPECT_EQ(labelText("linkBladeTitle"), QStringLiteral("Link to a partner ID"));
    auto *field = find<QLineEdit>("partnerIdField");
    auto *link = find<QPushButton>("linkButton");
    EXPECT_EQ(field->placeholderText(), QStringLiteral("e.g. 1234567"));
    EXPECT_FALSE(find<QGroupBox>("currentLink")->isVisible()) << "nothing linked in the home directory";
    EXPECT_TRUE(link->isVisible());
    EXPECT_FALSE(link->isEnabled()) << "disabled while the field is empty";

    // The info tip says which ID to use, also for keyboard users (the button shows it inline).
    auto *info = find<QToolButton>("partnerIdInfo");
    EXPECT_TRUE(info->toolTip().contains(QStringLiteral("Associated Partner ID")));
    QTest::mouseClick(info, Qt::LeftButton);
    EXPECT_TRUE(find<QLabel>("partnerIdTip")->isVisible());
    EXPECT_TRUE(labelText("partnerIdTip").contains(QStringLiteral("partner location ID")));

    QTest::keyClicks(field, QStringLiteral("12a4"));
    EXPECT_FALSE(link->isEnabled());
    EXPECT_TRUE(find<QLabel>("partnerIdProblem")->isVisible());
    EXPECT_FALSE(labelText("partnerIdProblem").isEmpty());
    field->clear();
    QTest::keyClicks(field, QStringLiteral("123"));
    EXPECT_FALSE(link->isEnabled()) << "too short";
    EXPECT_FALSE(labelText("partnerIdProblem").isEmpty());
    field->clear();
    QTest::keyClicks(field, QStringLiteral(" 1234567 "));
    EXPECT_TRUE(link->isEnabled());
    EXPECT_FALSE(find<QLabel>("partnerIdProblem")->isVisible());
    EXPECT_EQ(sandbox->requestCount(PartnersPath + QStringLiteral("/1234567")), 0) << "nothing sent while typing";
}

TEST_F(UiFixture, LinkChangeAndRemoveRoundTrip)
{
    signInToSandbox();
    auto *field = find<QLineEdit>("partnerIdField");
    QTest::keyClicks(field, QStringLiteral("1234567"));
    QTest::mouseClick(find<QPushButton>("linkButton"), Qt::LeftButton);
    ASSERT_TRUE(waitFor([this] { return !messageText("linkResult").isEmpty(); }));
    EXPECT_TRUE(messageText("linkResult").contains(QStringLiteral("1234567")));
    EXPECT_TRUE(messageText("linkResult").contains(QStringLiteral("Contoso Partner Services")));
    ASSERT_TRUE(find<QGroupBox>("currentLink")->isVisible());
    EXPECT_EQ(labelText("linkedPartnerId"), QStringLiteral("1234567"));
    EXPECT_EQ(labelText("linkedPartnerName"), QStringLiteral("Contoso Partner Services"));
    EXPECT_EQ(labelText("linkedState"), QStringLiteral("Active"));
    EXPECT_FALSE(find<QPushButton>("linkButton")->isVisible());
    auto *change = find<QPushButton>("changeButton");
    EXPECT_TRUE(change->isVisible());

    // Change: same ID is refused up front; another one is PATCHed.
    QTest::keyClicks(field, QStringLiteral("1234567"));
    EXPECT_FALSE(change->isEnabled());
    field->clear();
    QTest::keyClicks(field, QStringLiteral("4977985"));
    ASSERT_TRUE(change->isEnabled());
    QTest::mouseClick(change, Qt::LeftButton);
    ASSERT_TRUE(waitFor([this] { return labelText("linkedPartnerId") == QStringLiteral("4977985"); }));
    EXPECT_EQ(labelText("linkedPartnerName"), QStringLiteral("Fabrikam Cloud Solutions Ltd"));
    EXPECT_TRUE(messageText("linkResult").contains(QStringLiteral("(was 1234567)")));
    bool patched = false;
    for (const palsandbox::RecordedRequest &r : sandbox->requests())
        patched = patched || (r.method == QStringLiteral("PATCH") && r.path.endsWith(QStringLiteral("/4977985")));
    EXPECT_TRUE(patched);

    // Remove: declining the confirmation sends nothing.
    interaction.answer = false;
    const int deletesBefore = sandbox->requestCount(PartnersPath + QStringLiteral("/4977985"));
    QTest::mouseClick(find<QPushButton>("removeLink"), Qt::LeftButton);
    ASSERT_EQ(interaction.questions.size(), 1);
    EXPECT_TRUE(interaction.questions.first().contains(QStringLiteral("4977985")));
    EXPECT_EQ(sandbox->requestCount(PartnersPath + QStringLiteral("/4977985")), deletesBefore);
    EXPECT_TRUE(find<QGroupBox>("currentLink")->isVisible());

    interaction.answer = true;
    QTest::mouseClick(find<QPushButton>("removeLink"), Qt::LeftButton);
    ASSERT_TRUE(waitFor([this] { return !find<QGroupBox>("currentLink")->isVisible(); }));
    EXPECT_TRUE(messageText("linkResult").contains(QStringLiteral("was removed")));
    EXPECT_TRUE(find<QPushButton>("linkButton")->isVisible());
    EXPECT_EQ(workspace->currentLinkState().kind, pal::LinkState::Kind::NotLinked);
}

TEST_F(UiFixture, ARemovalActsOnTheDirectoryItsQuestionNamedEvenAfterASwitch)
{
    signInToSandbox();
    QTest::keyClicks(find<QLineEdit>("partnerIdField"), QStringLiteral("1234567"));
    QTest::mouseClick(find<QPushButton>("linkButton"), Qt::LeftButton);
    ASSERT_TRUE(waitFor([this] { return labelText("linkedPartnerId") == QStringLiteral("1234567"); }));

    // While "Remove the link in Contoso Partner?" is open, a switch to Adventure Works completes.
    bool switched = false;
    interaction.whileAsking = [this, &switched] {
        workspace->switchDirectory(Adventure);
        switched = waitForDirectory(Adventure);
    };
    QTest::mouseClick(find<QPushButton>("removeLink"), Qt::LeftButton);
    ASSERT_TRUE(switched);
    ASSERT_EQ(interaction.questions.size(), 1);
    EXPECT_TRUE(interaction.questions.first().contains(QStringLiteral("Contoso Partner")));
    EXPECT_TRUE(interaction.questions.first().contains(QStringLiteral("1234567")));
    ASSERT_TRUE(waitFor([this] { return !workspace->isBusy() && !messageText("linkResult").isEmpty(); }));
    EXPECT_TRUE(messageText("linkResult").contains(QStringLiteral("was removed in Contoso Partner")))
        << qPrintable(messageText("linkResult"));

    // The DELETE went to the link the question named, never to Adventure Works' 7654321.
    int deletes = 0;
    for (const palsandbox::RecordedRequest &r : sandbox->requests()) {
        if (r.method != QStringLiteral("DELETE"))
            continue;
        ++deletes;
        EXPECT_TRUE(r.path.endsWith(QStringLiteral("/1234567"))) << qPrintable(r.path);
    }
    EXPECT_EQ(deletes, 1);
    EXPECT_EQ(labelText("linkedPartnerId"), QStringLiteral("7654321")) << "Adventure Works keeps its link";
    EXPECT_EQ(workspace->linkState(Home).kind, pal::LinkState::Kind::NotLinked);

    // Back in Contoso Partner, reading the link again shows it is gone.
    interaction.whileAsking = nullptr;
    workspace->switchDirectory(Home);
    ASSERT_TRUE(waitForDirectory(Home));
    EXPECT_EQ(workspace->currentLinkState().kind, pal::LinkState::Kind::NotLinked);
    EXPECT_TRUE(find<QPushButton>("linkButton")->isVisible());
}

TEST_F(UiFixture, ReadsTheCurrentLinkFirstSoAlreadyLinkedIsNoSurprise)
{
    signInToSandbox();
    workspace->switchDirectory(Adventure);
    ASSERT_TRUE(waitForDirectory(Adventure));
    ASSERT_TRUE(find<QGroupBox>("currentLink")->isVisible());
    EXPECT_EQ(labelText("linkedPartnerId"), QStringLiteral("7654321"));
    EXPECT_EQ(labelText("linkedPartnerName"), QStringLiteral("Previous Partner Inc."));
    EXPECT_FALSE(find<QPushButton>("linkButton")->isVisible()) << "no PUT that would meet 409";
    EXPECT_TRUE(find<QPushButton>("changeButton")->isVisible());
}

TEST_F(UiFixture, ButtonsAreDisabledWithProgressWhileACallRuns)
{
    signInToSandbox();
    palsandbox::Fault slow;
    slow.kind = palsandbox::Fault::Kind::Latency;
    slow.method = QStringLiteral("PUT");
    slow.pathPrefix = PartnersPath;
    slow.latencyMs = 800;
    sandbox->addFault(slow);
    auto *field = find<QLineEdit>("partnerIdField");
    auto *link = find<QPushButton>("linkButton");
    QTest::keyClicks(field, QStringLiteral("1234567"));
    QTest::mouseClick(link, Qt::LeftButton);
    EXPECT_FALSE(link->isEnabled());
    EXPECT_FALSE(field->isEnabled());
    EXPECT_TRUE(find<QWidget>("linkProgress")->isVisible());
    ASSERT_TRUE(waitFor([this] { return !workspace->isBusy(); }));
    EXPECT_FALSE(find<QWidget>("linkProgress")->isVisible());
    EXPECT_TRUE(field->isEnabled());
    EXPECT_TRUE(find<QPushButton>("changeButton")->isVisible());
}

TEST_F(UiFixture, KeyboardOnlyThroughTheBlade)
{
    signInToSandbox();
    auto *field = find<QLineEdit>("partnerIdField");
    auto *link = find<QPushButton>("linkButton");
    field->setFocus();
    ASSERT_TRUE(waitFor([field] { return field->hasFocus(); }, 2000));
    QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("1234567"));
    EXPECT_EQ(field->text(), QStringLiteral("1234567"));
    // Tab reaches the button in a few steps (the privacy link may take one), Space presses it.
    for (int i = 0; i < 4 && QApplication::focusWidget() != link; ++i)
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    ASSERT_EQ(QApplication::focusWidget(), link);
    QTest::keyClick(link, Qt::Key_Space);
    ASSERT_TRUE(waitFor([this] { return labelText("linkedPartnerId") == QStringLiteral("1234567"); }));

    // Enter in the field changes the link; Alt+R reaches Remove.
    field->setFocus();
    QTest::keyClicks(field, QStringLiteral("5127255"));
    QTest::keyClick(field, Qt::Key_Return);
    ASSERT_TRUE(waitFor([this] { return labelText("linkedPartnerId") == QStringLiteral("5127255"); }));
    QTest::keyClick(window.get(), Qt::Key_R, Qt::AltModifier);
    ASSERT_TRUE(waitFor([this] { return workspace->currentLinkState().kind == pal::LinkState::Kind::NotLinked; }));
    EXPECT_EQ(interaction.questions.size(), 1);
}
