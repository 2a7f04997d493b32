#include "UiFixture.h"

#include "AppServices.h"
#include "AttributionGuide.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTableWidget>
#include <QTextBrowser>

using namespace sandboxids;

TEST_F(UiFixture, RegisterACustomCloudAndChooseItAtSignIn)
{
    window->showPage(pal::MainWindow::Settings);
    QTest::keyClicks(find<QLineEdit>("cloudName"), QStringLiteral("StackHub"));
    QTest::keyClicks(find<QLineEdit>("cloudLogin"), QStringLiteral("http://example.com/login"));
    QTest::keyClicks(find<QLineEdit>("cloudArm"), QStringLiteral("https://management.stack.example"));
    QTest::mouseClick(find<QPushButton>("addCloud"), Qt::LeftButton);
    EXPECT_TRUE(messageText("settingsMessage").startsWith(QStringLiteral("The cloud was not registered.")))
        << "plain http is only for loopback: " << qPrintable(messageText("settingsMessage"));

    find<QLineEdit>("cloudLogin")->setText(QStringLiteral("https://login.stack.example"));
    QTest::mouseClick(find<QPushButton>("addCloud"), Qt::LeftButton);
    EXPECT_TRUE(messageText("settingsMessage").contains(QStringLiteral("StackHub registered")));
    EXPECT_TRUE(config->cloud(QStringLiteral("StackHub")).has_value());
    auto *chooser = find<QComboBox>("cloudChooser");
    EXPECT_GE(chooser->findData(QStringLiteral("StackHub")), 0);

    // Unregister it again (after confirmation); built-in clouds cannot be selected for it.
    auto *table = find<QTableWidget>("cloudTable");
    table->setCurrentCell(0, 0);
    EXPECT_FALSE(find<QPushButton>("removeCloud")->isEnabled()) << "AzureCloud is built in";
    table->setCurrentCell(table->rowCount() - 1, 0);
    ASSERT_TRUE(find<QPushButton>("removeCloud")->isEnabled());
    QTest::mouseClick(find<QPushButton>("removeCloud"), Qt::LeftButton);
    EXPECT_FALSE(config->cloud(QStringLiteral("StackHub")).has_value());
    EXPECT_LT(chooser->findData(QStringLiteral("StackHub")), 0);
}

TEST_F(UiFixture, ClientIdMustBeAGuid)
{
    window->showPage(pal::MainWindow::Settings);
    auto *field = find<QLineEdit>("clientIdField");
    QTest::keyClicks(field, QStringLiteral("not-a-guid"));
    QTest::mouseClick(find<QPushButton>("saveClientId"), Qt::LeftButton);
    EXPECT_TRUE(messageText("settingsMessage").contains(QStringLiteral("GUID")));
    EXPECT_TRUE(config->clientId().isEmpty());
    field->setText(QStringLiteral("1950a258-227b-4e31-a9cf-717495945fc2"));
    QTest::mouseClick(find<QPushButton>("saveClientId"), Qt::LeftButton);
    EXPECT_EQ(config->clientId(), QStringLiteral("1950a258-227b-4e31-a9cf-717495945fc2"));
}

TEST_F(UiFixture, SignOutFromSettingsReturnsToSignIn)
{
    signInToSandbox();
    window->showPage(pal::MainWindow::Settings);
    auto *list = find<QListWidget>("settingsAccounts");
    ASSERT_EQ(list->count(), 1);
    list->setCurrentRow(0);
    QTest::mouseClick(find<QPushButton>("signOutAccount"), Qt::LeftButton);
    ASSERT_EQ(interaction.questions.size(), 1);
    ASSERT_TRUE(waitFor([this] { return accounts->accounts().isEmpty(); }));
    EXPECT_FALSE(workspace->hasAccount());
    EXPECT_EQ(window->currentPage(), pal::MainWindow::SignIn);
    EXPECT_TRUE(secrets.items().isEmpty()) << "no secret left behind";
}

// palctl signs the account out while the window shows its directory: the window closes it too and
// returns to sign-in, rather than showing a link it can no longer read or change.
TEST_F(UiFixture, AnAccountSignedOutByAnotherProcessClosesHere)
{
    signInToSandbox();
    // An account kept in accounts.json (the sandbox's own sign-in is for this process only).
    sandbox->setAutoApproveUser(QStringLiteral("pat@tailspintoys.example"));
    pal::SignInOptions options;
    options.cloud = *workspace->cloud();
    std::optional<pal::Account> kept;
    accounts->signInWithBrowser(options, window.get(), [&kept](const pal::Expected<pal::Account> &r) {
        ASSERT_TRUE(r.hasValue()) << qPrintable(r.error().message);
        kept = r.value();
    });
    ASSERT_TRUE(waitFor([&kept] { return kept.has_value(); }, 15000));
    ASSERT_TRUE(kept->remembered);
    workspace->openAccount(kept->id);
    window->showPage(pal::MainWindow::Link);
    ASSERT_TRUE(waitSettled(15000));

    pal::AppServices::Options palctlOptions; // another process on the same folder and keychain
    palctlOptions.appName = QStringLiteral("palctl");
    palctlOptions.configDirectory = configDir.path();
    palctlOptions.secretStore = &secrets;
    pal::AppServices palctl(palctlOptions);
    bool signedOut = false;
    palctl.accounts()->signOut(kept->id, window.get(), [&signedOut](const pal::Expected<pal::Done> &r) {
        EXPECT_TRUE(r.hasValue());
        signedOut = true;
    });
    ASSERT_TRUE(waitFor([&signedOut] { return signedOut; }));

    // The window learns it from accounts.json (it watches the folder).
    ASSERT_TRUE(waitFor([this] { return !workspace->hasAccount(); })) << "the account stays open";
    EXPECT_EQ(window->currentPage(), pal::MainWindow::SignIn);
    EXPECT_FALSE(find<QWidget>("directorySwitcher")->isVisible());
    EXPECT_FALSE(accounts->account(kept->id).has_value());
}

TEST_F(UiFixture, AttributionGuideCoversTheStepsAndProducts)
{
    window->showPage(pal::MainWindow::Guide);
    const QString text = find<QTextBrowser>("attributionText")->toPlainText();
    for (const char *needle : {"Initiation", "Registration", "Attribution", "Power Apps", "Power Automate", "Power BI",
                               "Customer Insights", "Solution", "service account"})
        EXPECT_TRUE(text.contains(QLatin1String(needle), Qt::CaseInsensitive)) << needle;
}

TEST_F(UiFixture, EveryControlHasAnAccessibleName)
{
    signInToSandbox();
    QStringList missing;
    for (QWidget *w : window->findChildren<QWidget *>()) {
        const bool control = qobject_cast<QAbstractButton *>(w) || qobject_cast<QLineEdit *>(w) ||
                             qobject_cast<QComboBox *>(w) || qobject_cast<QAbstractItemView *>(w);
        if (!control || qobject_cast<QLineEdit *>(w->parentWidget()) || w->inherits("QScrollBar"))
            continue;
        if (qobject_cast<QAbstractItemView *>(w->parentWidget()) || qobject_cast<QComboBox *>(w->parentWidget()))
            continue; // internal parts of views
        if (w->accessibleName().isEmpty() && !qobject_cast<QAbstractButton *>(w))
            missing << w->objectName() + QLatin1Char('(') + QLatin1String(w->metaObject()->className()) +
                           QLatin1Char(')');
        if (auto *b = qobject_cast<QAbstractButton *>(w); b && b->accessibleName().isEmpty() && b->text().isEmpty())
            missing << b->objectName();
    }
    EXPECT_TRUE(missing.isEmpty()) << qPrintable(missing.join(QStringLiteral(", ")));
}

TEST_F(UiFixture, TheWindowRemembersItsSizeAndTheAccountWithoutSecrets)
{
    signInToSandbox();
    window->resize(1000, 700);
    window->close();
    QFile ini(configDir.filePath(QStringLiteral("window.ini")));
    ASSERT_TRUE(ini.exists());

    pal::MainWindow again(ui);
    EXPECT_EQ(again.size(), QSize(1000, 700));
    workspace->closeAccount();
    again.start(); // opens the remembered account and directory
    EXPECT_TRUE(waitForDirectory(Home));
    EXPECT_EQ(again.currentPage(), pal::MainWindow::Link);

    // Nothing secret in the config folder: no refresh token, no client secret.
    for (const QString &name : QDir(configDir.path()).entryList(QDir::Files)) {
        QFile f(configDir.filePath(name));
        ASSERT_TRUE(f.open(QIODevice::ReadOnly));
        const QByteArray content = f.readAll();
        for (const QByteArray &secret : secrets.items())
            EXPECT_FALSE(!secret.isEmpty() && content.contains(secret)) << qPrintable(name);
    }
}

TEST_F(UiFixture, RegisteringACloudAgainThatAnAccountUsesAsksFirstNamingTheAccount)
{
    window->showPage(pal::MainWindow::Settings);
    const auto registerCloud = [this](const QString &arm) {
        find<QLineEdit>("cloudName")->setText(QStringLiteral("StackHub"));
        find<QLineEdit>("cloudLogin")->setText(QStringLiteral("https://login.stack.example"));
        find<QLineEdit>("cloudArm")->setText(arm);
        QTest::mouseClick(find<QPushButton>("addCloud"), Qt::LeftButton);
    };
    registerCloud(QStringLiteral("https://management.stack.example"));
    ASSERT_TRUE(config->cloud(QStringLiteral("StackHub")).has_value());
    EXPECT_TRUE(interaction.questions.isEmpty()) << "no account uses it yet";
    // An account signed in through that cloud (by palctl, say).
    QFile file(QDir(configDir.path()).filePath(QStringLiteral("accounts.json")));
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(
        QJsonDocument(QJsonObject{{QStringLiteral("version"), 1},
                                  {QStringLiteral("accounts"),
                                   QJsonArray{pal::Account{QStringLiteral("o.t"), QStringLiteral("ops@stack.example"),
                                                           QStringLiteral("t"), QStringLiteral("o"),
                                                           QStringLiteral("c"), QStringLiteral("StackHub")}
                                                  .toStorage()}}})
            .toJson());
    file.close();
    ASSERT_TRUE(accounts->reload());

    interaction.answer = false;
    registerCloud(QStringLiteral("https://management2.stack.example"));
    ASSERT_EQ(interaction.questions.size(), 1);
    EXPECT_TRUE(interaction.questions.first().contains(QStringLiteral("ops@stack.example")))
        << qPrintable(interaction.questions.first());
    EXPECT_EQ(config->cloud(QStringLiteral("StackHub"))->resourceManagerEndpoint,
              QUrl(QStringLiteral("https://management.stack.example")))
        << "declined: nothing changed";

    interaction.answer = true;
    registerCloud(QStringLiteral("https://management2.stack.example"));
    EXPECT_EQ(config->cloud(QStringLiteral("StackHub"))->resourceManagerEndpoint,
              QUrl(QStringLiteral("https://management2.stack.example")));
    EXPECT_TRUE(accounts->account(QStringLiteral("o.t"))
                    ->cloudDefinition.value(QLatin1String("resourceManagerEndpoint"))
                    .toString()
                    .contains(QStringLiteral("management2")));

    // The in-process sandbox's name is refused with the same words as palctl's.
    find<QLineEdit>("cloudName")->setText(pal::AppConfig::inProcessSandboxName());
    find<QLineEdit>("cloudLogin")->setText(QStringLiteral("http://127.0.0.1:8400"));
    find<QLineEdit>("cloudArm")->setText(QStringLiteral("http://127.0.0.1:8400"));
    QTest::mouseClick(find<QPushButton>("addCloud"), Qt::LeftButton);
    EXPECT_TRUE(messageText("settingsMessage").contains(QStringLiteral("--sandbox")))
        << qPrintable(messageText("settingsMessage"));
}

// Issue 17: the cloud editor says why it refuses Microsoft tokens sent to a foreign host (ARM or
// a Power Platform service), registers nothing then, and accepts Azure Stack Hub's own audience.
TEST_F(UiFixture, TheCloudEditorSaysWhyItRefusesMicrosoftTokensForAForeignHost)
{
    window->showPage(pal::MainWindow::Settings);
    const auto fill = [this](const QString &name, const QString &arm, const QString &scope) {
        find<QLineEdit>("cloudName")->setText(name);
        find<QLineEdit>("cloudLogin")->setText(QStringLiteral("https://login.microsoftonline.com"));
        find<QLineEdit>("cloudArm")->setText(arm);
        find<QLineEdit>("cloudScope")->setText(scope);
    };
    fill(QStringLiteral("Foreign"), QStringLiteral("https://arm.evil.example"),
         QStringLiteral("https://management.azure.com/.default"));
    QTest::mouseClick(find<QPushButton>("addCloud"), Qt::LeftButton);
    QString shown = messageText("settingsMessage");
    EXPECT_TRUE(shown.startsWith(QStringLiteral("The cloud was not registered"))) << qPrintable(shown);
    EXPECT_TRUE(shown.contains(QStringLiteral("arm.evil.example"))) << "names the host: " << qPrintable(shown);
    EXPECT_TRUE(shown.contains(QStringLiteral("Azure Resource Manager"))) << qPrintable(shown);
    EXPECT_FALSE(config->cloud(QStringLiteral("Foreign")).has_value());

    // A Power BI endpoint on a foreign host, with Power BI's real (default) audience.
    fill(QStringLiteral("Reports"), QStringLiteral("https://management.azure.com"), QString());
    QTest::mouseClick(find<QPushButton>("cloudPowerPlatformToggle"), Qt::LeftButton);
    find<QLineEdit>("cloudPp_powerBi")->setText(QStringLiteral("https://powerbi.evil.example"));
    QTest::mouseClick(find<QPushButton>("addCloud"), Qt::LeftButton);
    shown = messageText("settingsMessage");
    EXPECT_TRUE(shown.contains(QStringLiteral("powerbi.evil.example"))) << qPrintable(shown);
    EXPECT_TRUE(shown.contains(QStringLiteral("Power BI"))) << qPrintable(shown);
    EXPECT_FALSE(config->cloud(QStringLiteral("Reports")).has_value());
    find<QLineEdit>("cloudPp_powerBi")->clear();

    // Azure Stack Hub with Entra: Microsoft's sign-in, the hub's own audience.
    fill(QStringLiteral("StackHub"), QStringLiteral("https://management.local.azurestack.external"),
         QStringLiteral("https://management.contoso.onmicrosoft.com/8b2d7a5e-71a0-4f6c-9d43-0c3f1e2a9b77/.default"));
    QTest::mouseClick(find<QPushButton>("addCloud"), Qt::LeftButton);
    EXPECT_TRUE(config->cloud(QStringLiteral("StackHub")).has_value()) << qPrintable(messageText("settingsMessage"));
}
