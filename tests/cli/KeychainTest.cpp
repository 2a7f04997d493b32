// palctl with a real Secret Service (label keychain; run through tests/keychain/run-keychain-tests.sh):
// a user signs in once and later palctl processes act in several directories from the keychain.

#include "PalctlRunner.h"

using namespace palctltest;

class PalctlKeychainTest : public PalctlTest
{
protected:
    void SetUp() override
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
            GTEST_SKIP() << "needs a D-Bus session with an unlocked Secret Service";
        PalctlTest::SetUp();
    }
    // The keychain is the session's, shared by the tests: leave nothing of this test's folder in it.
    void TearDown() override
    {
        if (sandbox)
            run({QStringLiteral("logout"), QStringLiteral("--all")});
        PalctlTest::TearDown();
    }
    // Keep this session's bus, and let palctl look for the keychain.
    static QProcessEnvironment keychain()
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS"));
        env.insert(QStringLiteral("PALDESK_SECRET_STORE"), QString());
        return env;
    }
    Outcome run(const QStringList &arguments) { return palctl(arguments, {}, keychain()); }
};

TEST_F(PalctlKeychainTest, SignInOnceThenWorkAcrossDirectoriesInLaterRunsAndSignOut)
{
    Outcome login = deviceCodeLogin(AdminUser, keychain());
    ASSERT_EQ(login.exitCode, 0) << login;
    EXPECT_FALSE(login.errText().contains(QStringLiteral("nothing will be remembered"))) << login;

    Outcome r = run({QStringLiteral("directory"), QStringLiteral("switch"), QStringLiteral("fabrikam.example")});
    ASSERT_EQ(r.exitCode, 0) << r;
    r = run({QStringLiteral("partner"), QStringLiteral("create"), QStringLiteral("--partner-id"),
             QStringLiteral("1234567")});
    ASSERT_EQ(r.exitCode, 0) << r;
    EXPECT_EQ(r.json().toObject().value(QLatin1String("tenantId")).toString(), FabrikamTenant);
    r = run({QStringLiteral("partner"), QStringLiteral("show"), QStringLiteral("--directory"),
             QStringLiteral("Adventure Works")});
    ASSERT_EQ(r.exitCode, 0) << r;
    EXPECT_EQ(r.json().toObject().value(QLatin1String("partnerId")).toString(), QStringLiteral("7654321"));
    r = run({QStringLiteral("partner"), QStringLiteral("show"), QStringLiteral("--directory"),
             QStringLiteral("Woodgrove Bank")});
    EXPECT_EQ(r.exitCode, 3) << "MFA directory\n" << r;

    r = run({QStringLiteral("logout")});
    ASSERT_EQ(r.exitCode, 0) << r;
    r = run({QStringLiteral("partner"), QStringLiteral("show")});
    EXPECT_EQ(r.exitCode, 3) << r;
}

// Two users signed in (the partner's admin and a guest from Tailspin Toys): --all-accounts checks
// each directory with each account that reaches it, Contoso Partner once per account, and the
// inventory's names resolve against both accounts' lists.
TEST_F(PalctlKeychainTest, VerifyAllAccountsWithTwoSignedInUsers)
{
    const QString guest = QStringLiteral("pat@tailspintoys.example");
    Outcome login = deviceCodeLogin(AdminUser, keychain());
    ASSERT_EQ(login.exitCode, 0) << login;
    login = deviceCodeLogin(guest, keychain());
    ASSERT_EQ(login.exitCode, 0) << login;

    QFile csv(path(QStringLiteral("roster.csv")));
    ASSERT_TRUE(csv.open(QIODevice::WriteOnly));
    csv.write("directory,account,expectedPartnerId,notes\n"
              "Tailspin Toys,pat@tailspintoys.example,1234567,the guest's home directory\n"
              "Adventure Works,admin@contoso-partner.example,7654321,\n");
    csv.close();
    Outcome r = run({QStringLiteral("inventory"), QStringLiteral("import"), csv.fileName()});
    ASSERT_EQ(r.exitCode, 0) << r;

    r = run({QStringLiteral("directory"), QStringLiteral("verify-all"), QStringLiteral("--all-accounts")});
    EXPECT_EQ(r.exitCode, 3) << "Woodgrove wants MFA\n" << r;
    const QJsonArray rows = r.json().toArray();
    ASSERT_EQ(rows.size(), 11) << "nine for the admin, two for the guest\n" << r;
    int contoso = 0;
    QString adventure, tailspin;
    for (const QJsonValue &v : rows) {
        const QJsonObject o = v.toObject();
        contoso += o.value(QLatin1String("tenantId")).toString() == HomeTenant ? 1 : 0;
        if (o.value(QLatin1String("tenantId")).toString() == AdventureWorksTenant)
            adventure = o.value(QLatin1String("finding")).toString();
        if (o.value(QLatin1String("account")).toString() == guest &&
            o.value(QLatin1String("displayName")).toString() == QLatin1String("Tailspin Toys"))
            tailspin = o.value(QLatin1String("finding")).toString();
    }
    EXPECT_EQ(contoso, 2) << "once per account: a different principal, a different link";
    EXPECT_EQ(adventure, QStringLiteral("linked as expected"));
    EXPECT_EQ(tailspin, QStringLiteral("not linked"));
}
