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
