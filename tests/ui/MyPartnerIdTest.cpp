// "My partner ID" in the GUI: set in Settings (and per account), the validation view's three
// answers, the blade pre-filled, the fleet view's expected ID, and the last change from the history.
#include "UiFixture.h"

#include <QGroupBox>
#include <QLineEdit>
#include <QPushButton>

using namespace sandboxids;

namespace {

bool answerIs(const QString &badge, const char *words)
{
    return badge.contains(QLatin1String(words));
}

// A button's words as read, without its mnemonic's '&'.
QString words(const QPushButton *button)
{
    return button->text().remove(QLatin1Char('&'));
}

} // namespace

class MyPartnerIdTest : public UiFixture
{
protected:
    void setMine(const char *id) { ASSERT_TRUE(config->setPartnerId(QString::fromLatin1(id))); }
    QString badge() const { return labelText("validationState"); }
};

TEST_F(MyPartnerIdTest, TheValidationViewAnswersThreeWaysThatCannotBeConfused)
{
    signInToSandbox();
    setMine("1234567");
    window->showPage(pal::MainWindow::Validation);
    EXPECT_EQ(labelText("validationMyPartnerId"), QStringLiteral("1234567"));

    // Not linked (the home directory).
    EXPECT_TRUE(answerIs(badge(), "NOT LINKED")) << qPrintable(badge());
    EXPECT_TRUE(badge().startsWith(QStringLiteral("✖"))) << "a symbol, not only a colour";
    EXPECT_TRUE(labelText("validationHeadline").contains(QStringLiteral("Link your partner ID 1234567")));
    auto *action = find<QPushButton>("linkMyPartnerId");
    ASSERT_TRUE(action->isVisible());
    EXPECT_TRUE(words(action).contains(QStringLiteral("Link my partner ID 1234567"))) << qPrintable(words(action));

    // Linked to another partner ID (Adventure Works: 7654321, Previous Partner Inc.).
    workspace->switchDirectory(Adventure);
    ASSERT_TRUE(waitForDirectory(Adventure));
    EXPECT_TRUE(answerIs(badge(), "LINKED TO ANOTHER PARTNER ID")) << qPrintable(badge());
    EXPECT_TRUE(badge().startsWith(QStringLiteral("⚠")));
    const QString other = labelText("validationHeadline");
    EXPECT_TRUE(other.contains(QStringLiteral("7654321 (Previous Partner Inc.)"))) << qPrintable(other);
    EXPECT_TRUE(other.contains(QStringLiteral("not to your partner ID 1234567"))) << qPrintable(other);
    EXPECT_TRUE(other.contains(QStringLiteral("change the link to 1234567"))) << qPrintable(other);
    EXPECT_TRUE(words(find<QPushButton>("linkMyPartnerId")).contains(QStringLiteral("Change the link to 1234567")));
    EXPECT_EQ(find<QLabel>("validationState")->accessibleName(), QStringLiteral("Link state: %1").arg(badge()));
    EXPECT_FALSE(labelText("validationOwnership").contains(QStringLiteral("credit is yours")))
        << "never contradicts the answer: " << qPrintable(labelText("validationOwnership"));

    // The button leads to the blade, with my partner ID offered for Change.
    QTest::mouseClick(find<QPushButton>("linkMyPartnerId"), Qt::LeftButton);
    EXPECT_EQ(window->currentPage(), pal::MainWindow::Link);
    EXPECT_EQ(find<QLineEdit>("partnerIdField")->text(), QStringLiteral("1234567"));
    EXPECT_TRUE(find<QLabel>("partnerIdOffered")->isVisible());
    ASSERT_TRUE(find<QPushButton>("changeButton")->isEnabled());
    QTest::mouseClick(find<QPushButton>("changeButton"), Qt::LeftButton);
    ASSERT_TRUE(waitFor([this] { return answerIs(badge(), "LINKED TO YOUR PARTNER ID"); })) << qPrintable(badge());

    // Linked to your partner ID: nothing to do, and the change is the last one recorded here.
    window->showPage(pal::MainWindow::Validation);
    EXPECT_TRUE(badge().startsWith(QStringLiteral("✔")));
    EXPECT_TRUE(labelText("validationHeadline").contains(QStringLiteral("your partner ID 1234567")));
    EXPECT_FALSE(find<QPushButton>("linkMyPartnerId")->isVisible());
    const QString last = labelText("validationHistory");
    EXPECT_TRUE(last.contains(QStringLiteral("by paldesk"))) << qPrintable(last);
    EXPECT_TRUE(last.contains(QStringLiteral("changed 7654321 to 1234567"))) << qPrintable(last);

    // Without my partner ID, a link is just "linked", and the view says how to tell whose it is.
    setMine("");
    EXPECT_TRUE(answerIs(badge(), "LINKED")) << qPrintable(badge());
    EXPECT_FALSE(answerIs(badge(), "YOUR")) << qPrintable(badge());
    EXPECT_TRUE(labelText("validationHeadline").contains(QStringLiteral("Settings")));
}

TEST_F(MyPartnerIdTest, TheBladeOffersMyPartnerIdUntilTheUserTypesAnother)
{
    signInToSandbox();
    auto *field = find<QLineEdit>("partnerIdField");
    EXPECT_TRUE(field->text().isEmpty()) << "nothing to offer yet";
    setMine("1234567");
    EXPECT_EQ(field->text(), QStringLiteral("1234567")) << "offered as soon as it is set";
    EXPECT_TRUE(find<QLabel>("partnerIdOffered")->isVisible());
    EXPECT_TRUE(find<QPushButton>("linkButton")->isEnabled());

    // The user's own text stays, whatever the setting does meanwhile.
    field->selectAll();
    QTest::keyClicks(field, QStringLiteral("4977985"));
    setMine("5127255");
    EXPECT_EQ(field->text(), QStringLiteral("4977985"));
    EXPECT_FALSE(find<QLabel>("partnerIdOffered")->isVisible());

    // Another directory offers it again.
    workspace->switchDirectory(Fabrikam);
    ASSERT_TRUE(waitForDirectory(Fabrikam));
    EXPECT_EQ(field->text(), QStringLiteral("5127255"));
    QTest::mouseClick(find<QPushButton>("linkButton"), Qt::LeftButton);
    ASSERT_TRUE(waitFor([this] { return find<QGroupBox>("currentLink")->isVisible(); }));
    EXPECT_EQ(labelText("linkedPartnerId"), QStringLiteral("5127255"));
    EXPECT_TRUE(field->text().isEmpty()) << "linked to mine: nothing left to offer";
}

TEST_F(MyPartnerIdTest, SettingsSavesMyPartnerIdAndAnAccountsOwnAndRefusesAnInvalidOne)
{
    signInToSandbox();
    window->showPage(pal::MainWindow::Settings);
    auto *mine = find<QLineEdit>("myPartnerIdField");
    QTest::keyClicks(mine, QStringLiteral("12a"));
    EXPECT_TRUE(find<QLabel>("myPartnerIdProblem")->isVisible()) << "said while typing";
    QTest::mouseClick(find<QPushButton>("saveMyPartnerId"), Qt::LeftButton);
    EXPECT_TRUE(messageText("settingsMessage").startsWith(QStringLiteral("The partner ID was not saved.")))
        << qPrintable(messageText("settingsMessage"));
    EXPECT_TRUE(config->partnerId().isEmpty());

    mine->clear();
    QTest::keyClicks(mine, QStringLiteral("1234567"));
    QTest::mouseClick(find<QPushButton>("saveMyPartnerId"), Qt::LeftButton);
    EXPECT_EQ(config->partnerId(), QStringLiteral("1234567"));
    EXPECT_EQ(workspace->expectedPartnerId(), QStringLiteral("1234567"));

    // The signed-in account's own: its links are compared with it from then on.
    auto *own = find<QLineEdit>("accountPartnerIdField");
    ASSERT_TRUE(own->isEnabled()) << "an account is selected";
    EXPECT_TRUE(own->placeholderText().contains(QStringLiteral("1234567")));
    QTest::keyClicks(own, QStringLiteral("7654321"));
    QTest::mouseClick(find<QPushButton>("saveAccountPartnerId"), Qt::LeftButton);
    EXPECT_EQ(config->partnerIdFor(workspace->account()->id), QStringLiteral("7654321"));
    EXPECT_EQ(workspace->expectedPartnerId(), QStringLiteral("7654321"));
    workspace->switchDirectory(Adventure);
    ASSERT_TRUE(waitForDirectory(Adventure));
    EXPECT_EQ(workspace->currentLinkState().kind, pal::LinkState::Kind::Linked) << "7654321 is this account's";
    QTest::mouseClick(find<QPushButton>("clearAccountPartnerId"), Qt::LeftButton);
    EXPECT_EQ(workspace->currentLinkState().kind, pal::LinkState::Kind::LinkedToOther)
        << "compared again, without reading again";

    // A change made elsewhere (palctl) shows in the page.
    ASSERT_TRUE(config->setPartnerId(QStringLiteral("4977985")));
    EXPECT_EQ(mine->text(), QStringLiteral("4977985"));
}

TEST_F(MyPartnerIdTest, AllDirectoriesExpectsMyPartnerId)
{
    setMine("1234567");
    signInToSandbox();
    window->showPage(pal::MainWindow::Fleet);
    EXPECT_EQ(find<QLineEdit>("expectedPartnerId")->text(), QStringLiteral("1234567"));
}
