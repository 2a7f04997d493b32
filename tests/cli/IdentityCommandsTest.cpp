// palctl and the identity store: reserved cloud names, registering a cloud again that accounts use
// (--force), and sign-ins that are for one run only (PALDESK_CLIENT_*, --sandbox) never saved.

#include "PalctlRunner.h"

#include <QDir>
#include <QFile>

using namespace palctltest;

class IdentityCommandsTest : public PalctlTest
{
protected:
    QByteArray accountsFile() const
    {
        QFile f(QDir(path(QStringLiteral("config"))).filePath(QStringLiteral("accounts.json")));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }
    QStringList registerArgs(const QString &name, const QString &arm) const
    {
        return {QStringLiteral("cloud"),
                QStringLiteral("register"),
                QStringLiteral("--name"),
                name,
                QStringLiteral("--login-endpoint"),
                sandbox->baseUrl().toString(),
                QStringLiteral("--arm-endpoint"),
                arm};
    }
};

TEST_F(IdentityCommandsTest, BuiltInNamesAndTheInProcessSandboxsNameAreNotRegistered)
{
    const QString url = sandbox->baseUrl().toString();
    Outcome run = palctl(registerArgs(QStringLiteral("PalDeskSandbox"), url));
    EXPECT_EQ(run.exitCode, 2) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("--sandbox"))) << run;
    run = palctl(registerArgs(QStringLiteral("azurecloud"), url));
    EXPECT_EQ(run.exitCode, 2) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("built-in"))) << run;
    run = palctl({QStringLiteral("cloud"), QStringLiteral("list")});
    for (const QJsonValue &c : run.json().toArray())
        EXPECT_NE(c.toObject().value(QLatin1String("name")).toString(), QStringLiteral("PalDeskSandbox"));
    EXPECT_EQ(sandbox->requestCount(), 0);
}

TEST_F(IdentityCommandsTest, RegisteringACloudAgainThatAccountsUseNeedsForce)
{
    const Outcome login = deviceCodeLogin(AdminUser);
    ASSERT_EQ(login.exitCode, 0) << login;
    const QString elsewhere = QStringLiteral("http://127.0.0.1:9");

    // The same definition again (the fixture's cloud file) changes nothing and needs nothing.
    Outcome run = palctl({QStringLiteral("cloud"), QStringLiteral("register"), QStringLiteral("--file"),
                          path(QStringLiteral("sandbox-cloud.json"))});
    EXPECT_EQ(run.exitCode, 0) << run;

    run = palctl(registerArgs(QStringLiteral("Sandbox"), elsewhere));
    EXPECT_EQ(run.exitCode, 2) << run;
    EXPECT_TRUE(run.errText().contains(AdminUser)) << "names the accounts\n" << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("--force"))) << run;
    run = palctl({QStringLiteral("cloud"), QStringLiteral("show"), QStringLiteral("Sandbox")});
    EXPECT_TRUE(run.json()
                    .toObject()
                    .value(QLatin1String("resourceManagerEndpoint"))
                    .toString()
                    .startsWith(sandbox->baseUrl().toString()))
        << "unchanged\n"
        << run;

    run = palctl(registerArgs(QStringLiteral("Sandbox"), elsewhere) << QStringLiteral("--force"));
    EXPECT_EQ(run.exitCode, 0) << run;
    run = palctl({QStringLiteral("cloud"), QStringLiteral("show"), QStringLiteral("Sandbox")});
    EXPECT_TRUE(run.json().toObject().value(QLatin1String("resourceManagerEndpoint")).toString().startsWith(elsewhere))
        << run;
    EXPECT_TRUE(accountsFile().contains(elsewhere.toUtf8())) << "the account follows the cloud's new endpoints";
    run = palctl({QStringLiteral("account"), QStringLiteral("list")});
    EXPECT_EQ(run.json().toArray().size(), 1) << "nobody was signed out\n" << run;
}

TEST_F(IdentityCommandsTest, ServicePrincipalFromTheEnvironmentIsNeverSaved)
{
    Outcome run = palctl({QStringLiteral("partner"), QStringLiteral("show")}, {}, servicePrincipal());
    EXPECT_TRUE(run.exitCode == 0 || run.exitCode == 4) << run;
    EXPECT_FALSE(accountsFile().contains(SpClientId.toUtf8())) << accountsFile().constData();
    run = palctl({QStringLiteral("account"), QStringLiteral("list")});
    ASSERT_EQ(run.exitCode, 0) << run;
    EXPECT_TRUE(run.json().toArray().isEmpty()) << run;
}
