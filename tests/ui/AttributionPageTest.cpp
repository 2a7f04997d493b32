// The attribution guide against facts copied from the article, and the Attribution page as a user
// sees it for the sandbox's default scenario: the verdicts, the lists, the keyboard, the copied
// report, progress, and one product's failure shown with its request id.
#include "UiFixture.h"

#include "AttributionGuide.h"
#include "AttributionPage.h"
#include "InlineMessage.h"
#include "KeyboardWalk.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTextBrowser>
#include <QTimer>
#include <QTreeWidget>

using namespace sandboxids;

namespace {

// Tokens for the requested scope's audience, minted by the sandbox as a scoped refresh would give
// them (the account's provider does this once it honours TokenRequest::scope).
class SandboxScopedTokens final : public pal::AccessTokenProvider
{
public:
    explicit SandboxScopedTokens(palsandbox::SandboxServer *sandbox)
        : m_sandbox(sandbox)
    {}
    void requestToken(const pal::TokenRequest &request, QObject *context,
                      pal::Completion<pal::AccessToken> done) override
    {
        QString audience = request.scope;
        audience.chop(audience.endsWith(QLatin1String("/.default")) ? 9 : 0);
        pal::AccessToken token;
        token.tenantId = request.tenantId;
        token.token = audience.isEmpty() ? m_sandbox->issueArmToken(User, request.tenantId)
                                         : m_sandbox->issueToken(User, request.tenantId, audience);
        token.objectId = QJsonDocument::fromJson(
                             QByteArray::fromBase64(token.token.split('.').value(1), QByteArray::Base64UrlEncoding))
                             .object()
                             .value(QStringLiteral("oid"))
                             .toString();
        token.expiresOn = QDateTime::currentDateTimeUtc().addSecs(3600);
        QPointer<QObject> guard(context);
        QTimer::singleShot(0, context, [guard, done, token] {
            if (guard)
                done(token);
        });
    }

private:
    palsandbox::SandboxServer *m_sandbox;
};

QStringList column(QTreeWidget *tree, int c)
{
    QStringList out;
    for (int i = 0; i < tree->topLevelItemCount(); ++i)
        out << tree->topLevelItem(i)->text(c);
    out.sort();
    return out;
}

class AttributionPageTest : public UiFixture
{
protected:
    void openPage()
    {
        signInToSandbox();
        ASSERT_TRUE(waitForDirectory(Home));
        page = find<pal::AttributionPage>("attributionPage");
        tokens = std::make_unique<SandboxScopedTokens>(sandbox.get());
        page->setTokenSource([this](const pal::Account &) { return tokens.get(); });
        window->showPage(pal::MainWindow::Attribution);
        ASSERT_TRUE(waitFor([this] { return page->report().has_value() && !page->isChecking(); }, 20000));
    }
    template <typename T> T *in(const QString &name) const
    {
        T *w = page->findChild<T *>(name);
        EXPECT_NE(w, nullptr) << qPrintable(name);
        return w;
    }
    QString text(const QString &name) const
    {
        QLabel *l = in<QLabel>(name);
        return l ? l->text() : QString();
    }

    pal::AttributionPage *page = nullptr;
    std::unique_ptr<SandboxScopedTokens> tokens;
};

} // namespace

TEST(AttributionGuideFacts, TheGuideSaysWhatTheArticleSays)
{
    QFile facts(QStringLiteral(PAL_TEST_DATA_DIR "/attribution/article-facts.txt"));
    ASSERT_TRUE(facts.open(QIODevice::ReadOnly | QIODevice::Text));
    FakeInteraction interaction;
    pal::UiContext ui;
    ui.interaction = &interaction;
    pal::AttributionGuide guide(ui);
    const QString text = guide.findChild<QTextBrowser *>(QStringLiteral("attributionText"))->toPlainText();
    const QString html = pal::AttributionGuide::html();
    int checked = 0;
    for (const QString &raw : QString::fromUtf8(facts.readAll()).split(QLatin1Char('\n'))) {
        const QString line = raw.trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        const QString kind = line.left(colon);
        const QString fact = line.mid(colon + 1).trimmed();
        ++checked;
        if (kind == QLatin1String("says")) {
            EXPECT_TRUE(text.contains(fact, Qt::CaseInsensitive)) << "the guide does not say: " << qPrintable(fact);
        } else if (kind == QLatin1String("never")) {
            EXPECT_FALSE(text.contains(fact, Qt::CaseInsensitive)) << "the guide says: " << qPrintable(fact);
        } else if (kind == QLatin1String("link")) {
            EXPECT_TRUE(html.contains(QStringLiteral("href=\"%1\"").arg(fact))) << qPrintable(fact);
        } else if (kind == QLatin1String("order")) {
            qsizetype at = 0;
            for (const QString &part : fact.split(QLatin1Char('|'))) {
                const qsizetype found = text.indexOf(part.trimmed(), at, Qt::CaseInsensitive);
                EXPECT_GE(found, 0) << "not in order: " << qPrintable(part.trimmed()) << " in " << qPrintable(fact);
                if (found < 0)
                    break;
                at = found + part.trimmed().size();
            }
        } else {
            ADD_FAILURE() << "unknown fact kind " << qPrintable(kind);
        }
    }
    EXPECT_GT(checked, 25) << "the facts file was read";
}

TEST_F(UiFixture, TheGuideLinksTheCurrentCloudsPortalAndOpensLinksThroughInteraction)
{
    const QString sovereign =
        pal::AttributionGuide::html(pal::CloudEnvironment::azureChinaCloud().partnerLinkBladeUrl());
    EXPECT_TRUE(sovereign.contains(
        QLatin1String("https://portal.azure.cn/#blade/Microsoft_Azure_Billing/managementpartnerblade")));
    window->showPage(pal::MainWindow::Guide);
    auto *browser = find<QTextBrowser>("attributionText");
    Q_EMIT browser->anchorClicked(QUrl(QStringLiteral("https://portal.azure.com/#blade/x")));
    ASSERT_EQ(interaction.opened.size(), 1);
}

TEST_F(AttributionPageTest, ShowsWhatIsCreditedAndWhatIsNotPerProduct)
{
    openPage();
    EXPECT_TRUE(text(QStringLiteral("attributionDirectory")).contains(QLatin1String("Contoso Partner")));
    EXPECT_TRUE(text(QStringLiteral("verdict_powerApps")).startsWith(QLatin1String("Partly credited: 3 of 4")))
        << qPrintable(text(QStringLiteral("verdict_powerApps")));
    EXPECT_TRUE(text(QStringLiteral("rule_powerApps")).contains(QLatin1String("owner or co-owner")));
    auto *credited = in<QTreeWidget>(QStringLiteral("credited_powerApps"));
    EXPECT_EQ(column(credited, 0), (QStringList{QStringLiteral("Expense Tracker"), QStringLiteral("Field Inspections"),
                                                QStringLiteral("Holiday Planner")}));
    EXPECT_TRUE(column(credited, 1).contains(QStringLiteral("Contoso Production")));
    EXPECT_FALSE(column(credited, 2).contains(QString())) << "every row says when it was last modified";
    auto *others = in<QTreeWidget>(QStringLiteral("others_powerApps"));
    EXPECT_EQ(column(others, 0), QStringList{QStringLiteral("Visitor Log")});
    EXPECT_TRUE(column(others, 2).at(0).startsWith(QLatin1String("Pat Guest"))) << qPrintable(column(others, 2).at(0));
    EXPECT_TRUE(text(QStringLiteral("todo_powerApps")).contains(QLatin1String("Set-AdminPowerAppOwner")));

    EXPECT_EQ(column(in<QTreeWidget>(QStringLiteral("others_powerAutomate")), 0),
              QStringList{QStringLiteral("Notify new visitors")});
    EXPECT_EQ(column(in<QTreeWidget>(QStringLiteral("others_powerBI")), 2),
              QStringList{QStringLiteral("pat@tailspintoys.example")});
    EXPECT_TRUE(text(QStringLiteral("todo_powerBI")).contains(QLatin1String("Publish")));
    EXPECT_TRUE(text(QStringLiteral("verdict_customerInsights")).contains(QLatin1String("any active user")));
    EXPECT_FALSE(in<QProgressBar>(QStringLiteral("attributionProgress"))->isVisible());
    EXPECT_TRUE(text(QStringLiteral("attributionStatus")).startsWith(QLatin1String("Read at")));
    for (QLabel *label : page->findChildren<QLabel *>()) {
        if (qobject_cast<pal::InlineMessage *>(label->parentWidget()) ||
            (label->parentWidget() && qobject_cast<pal::InlineMessage *>(label->parentWidget()->parentWidget())))
            continue; // InlineMessage's own
        EXPECT_EQ(label->textFormat(), Qt::PlainText) << qPrintable(label->text()) << ": names come from servers";
    }
}

TEST_F(AttributionPageTest, TheListsWorkFromTheKeyboardAndTheReportCopiesWithItsIds)
{
    openPage();
    auto *credited = in<QTreeWidget>(QStringLiteral("credited_powerApps"));
    credited->setFocus();
    QTest::keyClick(credited, Qt::Key_Home);
    QTest::keyClick(credited, Qt::Key_Down, Qt::ShiftModifier);
    EXPECT_EQ(credited->selectedItems().size(), 2);
    QTest::keyClick(credited, Qt::Key_C, Qt::ControlModifier);
    EXPECT_TRUE(interaction.clipboard.contains(QLatin1String("Expense Tracker"))) << qPrintable(interaction.clipboard);
    EXPECT_TRUE(interaction.clipboard.contains(QLatin1String("a1f0c3d2-1111-4a2b-8c3d-000000000001")))
        << "with the app's id";

    QTest::mouseClick(in<QPushButton>(QStringLiteral("attributionCopy")), Qt::LeftButton);
    EXPECT_TRUE(interaction.clipboard.contains(QLatin1String("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d")));
    EXPECT_TRUE(interaction.clipboard.contains(QLatin1String("Budget 2026")));
    EXPECT_FALSE(credited->accessibleName().isEmpty());
}

TEST_F(AttributionPageTest, AFailingProductShowsItsOwnErrorWithTheRequestId)
{
    openPage();
    palsandbox::Fault broken;
    broken.pathPrefix = QStringLiteral("/powerbi/");
    broken.status = 403; // not retried, so the test does not wait out the back-off
    sandbox->addFault(broken);
    QTest::mouseClick(in<QPushButton>(QStringLiteral("attributionCheckAgain")), Qt::LeftButton);
    EXPECT_TRUE(in<QProgressBar>(QStringLiteral("attributionProgress"))->isVisible()) << "progress while it reads";
    ASSERT_TRUE(waitFor([this] { return page->report().has_value() && !page->isChecking(); }, 20000));
    auto *error = in<pal::InlineMessage>(QStringLiteral("error_powerBI"));
    EXPECT_TRUE(error->isVisible());
    EXPECT_TRUE(error->text().contains(QLatin1String("Power BI"))) << qPrintable(error->text());
    EXPECT_FALSE(error->findChild<QLineEdit *>(QStringLiteral("messageRequestId"))->text().isEmpty());
    EXPECT_TRUE(text(QStringLiteral("verdict_powerBI")).contains(QLatin1String("failed")));
    EXPECT_FALSE(in<pal::InlineMessage>(QStringLiteral("error_powerApps"))->isVisible());
    EXPECT_EQ(in<QTreeWidget>(QStringLiteral("credited_powerApps"))->topLevelItemCount(), 3);
    EXPECT_TRUE(text(QStringLiteral("attributionStatus")).contains(QLatin1String("1 product")));
}

TEST_F(AttributionPageTest, SwitchingDirectoryReadsTheNewOne)
{
    openPage();
    workspace->switchDirectory(Fabrikam);
    ASSERT_TRUE(waitForDirectory(Fabrikam));
    ASSERT_TRUE(waitFor(
        [this] { return page->report() && page->report()->tenantId == Fabrikam && !page->isChecking(); }, 20000));
    EXPECT_EQ(column(in<QTreeWidget>(QStringLiteral("credited_powerApps")), 0),
              QStringList{QStringLiteral("Order Desk")});
    EXPECT_TRUE(text(QStringLiteral("attributionDirectory")).contains(QLatin1String("Fabrikam")));
}

TEST_F(AttributionPageTest, TheAccountsOwnRefreshTokenReadsEveryProductAndThePageIsWalkedByKeyboard)
{
    // No token seam: the signed-in account's provider asks Entra for each audience's token from
    // its refresh token, as it does outside the sandbox.
    signInToSandbox();
    ASSERT_TRUE(waitForDirectory(Home));
    page = find<pal::AttributionPage>("attributionPage");
    window->showPage(pal::MainWindow::Attribution);
    ASSERT_TRUE(waitFor([this] { return page->report().has_value() && !page->isChecking(); }, 20000));
    EXPECT_TRUE(text(QStringLiteral("verdict_powerApps")).startsWith(QLatin1String("Partly credited: 3 of 4")))
        << qPrintable(text(QStringLiteral("verdict_powerApps")));
    EXPECT_GT(in<QTreeWidget>(QStringLiteral("credited_powerAutomate"))->topLevelItemCount(), 0);
    EXPECT_GT(in<QTreeWidget>(QStringLiteral("credited_powerBI"))->topLevelItemCount(), 0);
    EXPECT_FALSE(in<pal::InlineMessage>(QStringLiteral("error_powerBI"))->isVisible());
    keyboardwalk::expectWalkable(page);
}

TEST_F(UiFixture, TheCloudEditorTakesPowerPlatformEndpointsAndAudiences)
{
    window->showPage(pal::MainWindow::Settings);
    EXPECT_FALSE(find<QWidget>("cloudPowerPlatform")->isVisible()) << "folded away until asked for";
    QTest::mouseClick(find<QPushButton>("cloudPowerPlatformToggle"), Qt::LeftButton);
    EXPECT_TRUE(find<QWidget>("cloudPowerPlatform")->isVisible());
    QTest::keyClicks(find<QLineEdit>("cloudName"), QStringLiteral("Lab"));
    QTest::keyClicks(find<QLineEdit>("cloudLogin"), QStringLiteral("https://login.lab.example"));
    QTest::keyClicks(find<QLineEdit>("cloudArm"), QStringLiteral("https://arm.lab.example"));
    QTest::keyClicks(find<QLineEdit>("cloudPp_powerBi"), QStringLiteral("http://pbi.lab.example"));
    QTest::mouseClick(find<QPushButton>("addCloud"), Qt::LeftButton);
    EXPECT_TRUE(messageText("settingsMessage").contains(QLatin1String("Power BI")))
        << qPrintable(messageText("settingsMessage"));
    EXPECT_FALSE(config->cloud(QStringLiteral("Lab")).has_value()) << "nothing registered";

    find<QLineEdit>("cloudPp_powerBi")->setText(QStringLiteral("https://pbi.lab.example"));
    QTest::keyClicks(find<QLineEdit>("cloudPpAudience_powerBi"), QStringLiteral("https://pbi.lab.example/api"));
    QTest::mouseClick(find<QPushButton>("addCloud"), Qt::LeftButton);
    const std::optional<pal::CloudEnvironment> lab = config->cloud(QStringLiteral("Lab"));
    ASSERT_TRUE(lab.has_value()) << qPrintable(messageText("settingsMessage"));
    EXPECT_EQ(lab->powerPlatformEndpoint(pal::PowerPlatformService::PowerBi).toString(),
              QStringLiteral("https://pbi.lab.example"));
    EXPECT_EQ(lab->powerPlatformScope(pal::PowerPlatformService::PowerBi),
              QStringLiteral("https://pbi.lab.example/api/.default"));
    EXPECT_TRUE(lab->powerPlatformEndpoint(pal::PowerPlatformService::Flow).isEmpty());
    EXPECT_TRUE(find<QLineEdit>("cloudPp_powerBi")->text().isEmpty()) << "the form is cleared";
}
