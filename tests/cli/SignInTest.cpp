// palctl login (service principal, device code, browser), logout and account commands.

#include "PalctlRunner.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QStandardPaths>

using namespace palctltest;

class SignInTest : public PalctlTest
{
protected:
    QStringList spLogin() const
    {
        return {QStringLiteral("login"),
                QStringLiteral("--service-principal"),
                QStringLiteral("--client-id"),
                SpClientId,
                QStringLiteral("--tenant"),
                HomeTenant,
                QStringLiteral("--client-secret-stdin")};
    }
};

TEST_F(SignInTest, ServicePrincipalSignsInWithASecretFromStdinAndIsToldNothingIsRemembered)
{
    const Outcome run = palctl(spLogin(), SpSecret + '\n');
    ASSERT_EQ(run.exitCode, 0) << run;
    const QJsonObject account = run.json().toObject();
    EXPECT_EQ(account.value(QLatin1String("kind")).toString(), QStringLiteral("client-secret"));
    EXPECT_EQ(account.value(QLatin1String("tenantId")).toString(), HomeTenant);
    EXPECT_FALSE(account.value(QLatin1String("id")).toString().isEmpty());
    EXPECT_TRUE(account.value(QLatin1String("current")).toBool());
    EXPECT_TRUE(run.errText().contains(QStringLiteral("nothing will be remembered"))) << run;
    EXPECT_FALSE(run.out.contains(SpSecret));
    EXPECT_FALSE(run.err.contains(SpSecret));

    // The account's metadata stays; its secret was in memory only, so the next run must sign in again.
    const Outcome list = palctl({QStringLiteral("account"), QStringLiteral("list")});
    ASSERT_EQ(list.exitCode, 0) << list;
    ASSERT_EQ(list.json().toArray().size(), 1) << list;
    const Outcome show = palctl({QStringLiteral("partner"), QStringLiteral("show")});
    EXPECT_EQ(show.exitCode, 3) << show;
    EXPECT_TRUE(show.errText().contains(QStringLiteral("palctl login"))) << show;
    EXPECT_TRUE(show.errText().contains(QStringLiteral("not remembered"))) << show;
    EXPECT_EQ(partnerRequests(), 0);
}

TEST_F(SignInTest, NoKeychainWithoutForcingMemoryStillSignsInAndWarns)
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("PALDESK_SECRET_STORE"), QString()); // let palctl look for a keychain
    const Outcome run = palctl(spLogin(), SpSecret, env);
    ASSERT_EQ(run.exitCode, 0) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("nothing will be remembered"))) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("keychain"))) << run;
    // The next run finds no keychain either: sign-in needed, and it says why.
    const Outcome show = palctl({QStringLiteral("partner"), QStringLiteral("show")}, {}, env);
    EXPECT_EQ(show.exitCode, 3) << show;
    EXPECT_TRUE(show.errText().contains(QStringLiteral("keychain is not reachable"))) << show;
    EXPECT_EQ(partnerRequests(), 0);
    const Outcome out = palctl({QStringLiteral("logout")}, {}, env);
    EXPECT_EQ(out.exitCode, 0) << out;
    QDir config(path(QStringLiteral("config")));
    for (const QString &file : config.entryList(QDir::Files)) {
        QFile f(config.filePath(file));
        ASSERT_TRUE(f.open(QIODevice::ReadOnly));
        EXPECT_FALSE(f.readAll().contains(SpSecret)) << file.toStdString();
    }
}

TEST_F(SignInTest, WrongSecretIsAServiceFailureAndEmptySecretIsAUsageErrorWithNothingSent)
{
    Outcome run = palctl(spLogin(), "not-the-secret");
    EXPECT_EQ(run.exitCode, 1) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("AADSTS"))) << run;
    sandbox->clearRequests();
    run = palctl(spLogin(), "   \n");
    EXPECT_EQ(run.exitCode, 2) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("empty"))) << run;
    EXPECT_EQ(sandbox->requestCount(), 0);
}

TEST_F(SignInTest, ServicePrincipalOptionsAreCheckedBeforeAnythingIsSent)
{
    const QList<QStringList> bad{
        {QStringLiteral("login"), QStringLiteral("--service-principal"), QStringLiteral("--tenant"), HomeTenant,
         QStringLiteral("--client-secret-stdin")}, // no client id
        {QStringLiteral("login"), QStringLiteral("--service-principal"), QStringLiteral("--client-id"), SpClientId,
         QStringLiteral("--client-secret-stdin")}, // no tenant
        {QStringLiteral("login"), QStringLiteral("--service-principal"), QStringLiteral("--client-id"), SpClientId,
         QStringLiteral("--tenant"), HomeTenant},                           // no secret
        {QStringLiteral("login"), QStringLiteral("--client-secret-stdin")}, // a secret for a user
        {QStringLiteral("login"), QStringLiteral("--service-principal"), QStringLiteral("--client-id"), SpClientId,
         QStringLiteral("--tenant"), QStringLiteral("organizations"), QStringLiteral("--client-secret-stdin")},
        {QStringLiteral("login"), QStringLiteral("--service-principal"), QStringLiteral("--client-id"), SpClientId,
         QStringLiteral("--tenant"), HomeTenant, QStringLiteral("--client-secret-file"),
         QStringLiteral("/nonexistent/secret")},
    };
    for (const QStringList &command : bad) {
        const Outcome run = palctl(command, SpSecret);
        EXPECT_EQ(run.exitCode, 2) << command.join(QLatin1Char(' ')).toStdString() << "\n" << run;
    }
    EXPECT_EQ(sandbox->requestCount(), 0);
}

TEST_F(SignInTest, DeviceCodeSignInCompletesWhenTheUserApproves)
{
    const Outcome run = deviceCodeLogin(AdminUser);
    ASSERT_EQ(run.exitCode, 0) << run;
    EXPECT_TRUE(run.errText().contains(sandbox->baseUrl().toString())) << "Entra's message names the page\n" << run;
    const QJsonObject account = run.json().toObject();
    EXPECT_EQ(account.value(QLatin1String("username")).toString(), AdminUser);
    EXPECT_EQ(account.value(QLatin1String("kind")).toString(), QStringLiteral("device-code"));
    EXPECT_EQ(account.value(QLatin1String("tenantId")).toString(), HomeTenant);
}

TEST_F(SignInTest, DeclinedDeviceCodeFails)
{
    const Outcome run = deviceCodeLogin(QString());
    EXPECT_EQ(run.exitCode, 1) << run;
    EXPECT_TRUE(run.out.isEmpty()) << run;
}

TEST_F(SignInTest, BrowserSignInPrintsTheUrlAndOpensItWithBrowser)
{
    if (QStandardPaths::findExecutable(QStringLiteral("curl")).isEmpty())
        GTEST_SKIP() << "curl is needed to play the browser";
    // The default scenario approves the authorize page at once; curl plays the browser.
    QProcessEnvironment env;
    env.insert(QStringLiteral("BROWSER"), QStringLiteral("curl -s -L -o /dev/null %s"));
    const Outcome run = palctl({QStringLiteral("login")}, {}, env);
    ASSERT_EQ(run.exitCode, 0) << run;
    EXPECT_TRUE(
        run.errText().contains(sandbox->baseUrl().toString() + QStringLiteral("/organizations/oauth2/v2.0/authorize")))
        << run;
    const QJsonObject account = run.json().toObject();
    EXPECT_EQ(account.value(QLatin1String("username")).toString(), AdminUser);
    EXPECT_EQ(account.value(QLatin1String("kind")).toString(), QStringLiteral("browser"));
}

TEST_F(SignInTest, AccountShowSetAndLogout)
{
    ASSERT_EQ(palctl(spLogin(), SpSecret).exitCode, 0);
    Outcome run = palctl({QStringLiteral("account"), QStringLiteral("show")});
    ASSERT_EQ(run.exitCode, 0) << run;
    const QString id = run.json().toObject().value(QLatin1String("id")).toString();
    EXPECT_EQ(run.json().toObject().value(QLatin1String("username")).toString(), SpClientId);

    run = palctl({QStringLiteral("account"), QStringLiteral("set"), QStringLiteral("nobody@nowhere.example")});
    EXPECT_EQ(run.exitCode, 2) << run;
    run = palctl({QStringLiteral("account"), QStringLiteral("set"), id});
    EXPECT_EQ(run.exitCode, 0) << run;
    run = palctl({QStringLiteral("logout"), QStringLiteral("--account"), QStringLiteral("nobody")});
    EXPECT_EQ(run.exitCode, 2) << run;

    run = palctl({QStringLiteral("logout")});
    EXPECT_EQ(run.exitCode, 0) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("Signed out"))) << run;
    run = palctl({QStringLiteral("account"), QStringLiteral("list")});
    ASSERT_EQ(run.exitCode, 0) << run;
    EXPECT_TRUE(run.json().toArray().isEmpty()) << run;
    run = palctl({QStringLiteral("account"), QStringLiteral("show")});
    EXPECT_EQ(run.exitCode, 3) << run;
    run = palctl({QStringLiteral("logout"), QStringLiteral("--all")});
    EXPECT_EQ(run.exitCode, 0) << run;
}

TEST_F(SignInTest, SandboxLoginIsApprovedAtOnceWithoutABrowser)
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("BROWSER"), QStringLiteral("false")); // would fail if palctl used it
    const Outcome run = palctl({QStringLiteral("--sandbox"), QStringLiteral("login"), QStringLiteral("--tenant"),
                                QStringLiteral("fabrikam.example")},
                               {}, env);
    ASSERT_EQ(run.exitCode, 0) << run;
    EXPECT_EQ(run.json().toObject().value(QLatin1String("username")).toString(), AdminUser);
    EXPECT_EQ(run.json().toObject().value(QLatin1String("kind")).toString(), QStringLiteral("browser"));
    EXPECT_TRUE(run.errText().contains(QStringLiteral("end with this run"))) << run;
    EXPECT_EQ(sandbox->requestCount(), 0) << "the test's sandbox is not the one --sandbox starts";
}

TEST_F(SignInTest, SandboxWithoutItsModuleSaysWhereItLookedAndChangesNothing)
{
    // The emulator is a module palctl loads for --sandbox only (app/sandbox/SandboxModule.h).
    QProcessEnvironment env;
    env.insert(QStringLiteral("PALDESK_SANDBOX_MODULE"), path(QStringLiteral("no-such-module.so")));
    const Outcome run =
        palctl({QStringLiteral("--sandbox"), QStringLiteral("partner"), QStringLiteral("show")}, {}, env);
    EXPECT_EQ(run.exitCode, 1) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("The sandbox cannot start"))) << run;
    EXPECT_TRUE(run.errText().contains(path(QStringLiteral("no-such-module.so")))) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("PALDESK_SANDBOX_MODULE"))) << run;
    EXPECT_FALSE(QFile::exists(QDir(path(QStringLiteral("config"))).filePath(QStringLiteral("accounts.json"))));
}
