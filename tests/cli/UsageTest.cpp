// palctl's usage: help, version, and bad input rejected with exit 2 before anything is sent.

#include "PalctlRunner.h"

using namespace palctltest;

namespace {
QStringList args(std::initializer_list<const char *> list)
{
    QStringList out;
    for (const char *a : list)
        out << QString::fromUtf8(a);
    return out;
}
} // namespace

class UsageTest : public PalctlTest
{};

TEST_F(UsageTest, VersionPrintsTheVersionAndSucceeds)
{
    const Outcome run = palctl(args({"--version"}));
    EXPECT_EQ(run.exitCode, 0) << run;
    EXPECT_TRUE(run.outText().startsWith(QStringLiteral("palctl "))) << run;
}

TEST_F(UsageTest, HelpListsEveryCommandGroup)
{
    const Outcome run = palctl(args({"--help"}));
    ASSERT_EQ(run.exitCode, 0) << run;
    for (const char *command :
         {"cloud register", "login", "logout", "account list", "directory switch", "directory verify-all",
          "partner show", "partner create", "partner update", "partner delete"})
        EXPECT_TRUE(run.outText().contains(QString::fromUtf8(command))) << command << "\n" << run;
}

TEST_F(UsageTest, EveryCommandHasHelpWithAnExample)
{
    for (const QStringList &command :
         {args({"cloud", "list"}), args({"cloud", "show"}), args({"cloud", "set"}), args({"cloud", "register"}),
          args({"cloud", "unregister"}), args({"login"}), args({"logout"}), args({"account", "list"}),
          args({"account", "show"}), args({"account", "set"}), args({"directory", "list"}), args({"directory", "show"}),
          args({"directory", "switch"}), args({"directory", "verify-all"}), args({"partner", "show"}),
          args({"partner", "create"}), args({"partner", "update"}), args({"partner", "delete"})}) {
        const Outcome run = palctl(command + args({"--help"}));
        EXPECT_EQ(run.exitCode, 0) << run;
        EXPECT_TRUE(run.outText().contains(QStringLiteral("Example"))) << run;
        EXPECT_TRUE(run.outText().contains(QStringLiteral("palctl ") + command.join(QLatin1Char(' ')))) << run;
    }
    EXPECT_EQ(sandbox->requestCount(), 0);
}

TEST_F(UsageTest, NoCommandIsAUsageError)
{
    const Outcome run = palctl({});
    EXPECT_EQ(run.exitCode, 2) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("Usage: palctl"))) << run;
}

TEST_F(UsageTest, UnknownCommandAndSubcommandAreRejectedWithNothingSent)
{
    const QProcessEnvironment sp = servicePrincipal();
    Outcome run = palctl(args({"frobnicate"}), {}, sp);
    EXPECT_EQ(run.exitCode, 2) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("Unknown command 'frobnicate'"))) << run;
    run = palctl(args({"partner", "frobnicate"}), {}, sp);
    EXPECT_EQ(run.exitCode, 2) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("Unknown subcommand 'partner frobnicate'"))) << run;
    run = palctl(args({"partner"}), {}, sp);
    EXPECT_EQ(run.exitCode, 2) << run;
    run = palctl(args({"partner", "show", "--no-such-option"}), {}, sp);
    EXPECT_EQ(run.exitCode, 2) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("no-such-option"))) << run;
    run = palctl(args({"cloud", "set"}), {}, sp); // missing NAME
    EXPECT_EQ(run.exitCode, 2) << run;
    run = palctl(args({"cloud", "show", "a", "b"}), {}, sp); // one argument too many
    EXPECT_EQ(run.exitCode, 2) << run;
    EXPECT_EQ(sandbox->requestCount(), 0);
}

TEST_F(UsageTest, BadPartnerIdsAreRejectedWithNoRequestAtAll)
{
    const QProcessEnvironment sp = servicePrincipal();
    for (const char *bad : {"12ab345", "123", "12345678901", "", " ", "-5"}) {
        for (const char *verb : {"show", "create", "update", "delete"}) {
            QStringList command{QStringLiteral("partner"), QString::fromUtf8(verb),
                                QStringLiteral("--partner-id=") + QString::fromUtf8(bad)};
            if (command.at(1) == QLatin1String("delete"))
                command << QStringLiteral("--yes");
            const Outcome run = palctl(command, {}, sp);
            EXPECT_EQ(run.exitCode, 2) << verb << " " << bad << "\n" << run;
            EXPECT_TRUE(run.errText().contains(QStringLiteral("partner ID"), Qt::CaseInsensitive)) << run;
        }
    }
    EXPECT_EQ(sandbox->requestCount(), 0) << "not even a token request";
}

TEST_F(UsageTest, MissingRequiredPartnerIdIsRejectedWithNothingSent)
{
    const QProcessEnvironment sp = servicePrincipal();
    for (const char *verb : {"create", "update", "delete"}) {
        QStringList command{QStringLiteral("partner"), QString::fromUtf8(verb)};
        if (command.last() == QLatin1String("delete"))
            command << QStringLiteral("--yes");
        const Outcome run = palctl(command, {}, sp);
        EXPECT_EQ(run.exitCode, 2) << run;
        EXPECT_TRUE(run.errText().contains(QStringLiteral("--partner-id"))) << run;
    }
    EXPECT_EQ(sandbox->requestCount(), 0);
}

TEST_F(UsageTest, UnknownCloudIsRejectedWithNothingSent)
{
    const Outcome run = palctl(args({"--cloud", "Nowhere", "partner", "show"}), {}, servicePrincipal());
    EXPECT_EQ(run.exitCode, 2) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("Unknown cloud \"Nowhere\""))) << run;
    EXPECT_EQ(sandbox->requestCount(), 0);
}

TEST_F(UsageTest, UnknownOutputFormatIsRejected)
{
    const Outcome run = palctl(args({"cloud", "list", "--output", "yaml"}));
    EXPECT_EQ(run.exitCode, 2) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("yaml"))) << run;
}

TEST_F(UsageTest, DeleteWithoutATerminalNeedsYesAndSendsNothing)
{
    const Outcome run = palctl(args({"partner", "delete", "--partner-id", "1234567"}), {}, servicePrincipal());
    EXPECT_EQ(run.exitCode, 2) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("--yes"))) << run;
    EXPECT_EQ(sandbox->requestCount(), 0);
}

TEST_F(UsageTest, NotSignedInIsExitThreeAndSaysWhatToRun)
{
    const Outcome run = palctl(args({"partner", "show"}));
    EXPECT_EQ(run.exitCode, 3) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("palctl login"))) << run;
    EXPECT_EQ(sandbox->requestCount(), 0);
}
