// palctl partner show | create | update | delete, as a service principal signed in from the
// environment for each run, against the sandbox's ManagementPartner.

#include "PalctlRunner.h"

#include <QStandardPaths>

using namespace palctltest;

class PartnerCommandsTest : public PalctlTest
{
protected:
    Outcome partner(QStringList arguments)
    {
        arguments.prepend(QStringLiteral("partner"));
        return palctl(arguments, {}, servicePrincipal());
    }
    static QStringList id(const char *partnerId)
    {
        return {QStringLiteral("--partner-id"), QString::fromUtf8(partnerId)};
    }
    int requests(const char *method)
    {
        int n = 0;
        for (const palsandbox::RecordedRequest &r : sandbox->requests())
            if (r.method == QLatin1String(method) && r.path.startsWith(PartnerPath))
                ++n;
        return n;
    }
};

TEST_F(PartnerCommandsTest, ShowWithNothingLinkedSaysSoWithExitFour)
{
    const Outcome run = partner({QStringLiteral("show")});
    EXPECT_EQ(run.exitCode, 4) << run;
    EXPECT_TRUE(run.errText().contains(
        QStringLiteral("No partner ID is linked in directory Contoso Partner (%1) for identity %2.")
            .arg(HomeTenant, SpClientId)))
        << run;
    EXPECT_TRUE(run.out.isEmpty()) << run;
}

TEST_F(PartnerCommandsTest, ShowAfterASwitchNamesTheDirectoryWithOneRequest)
{
    Outcome run = palctl({QStringLiteral("directory"), QStringLiteral("switch"), QStringLiteral("contoso partner")}, {},
                         servicePrincipal());
    ASSERT_EQ(run.exitCode, 0) << run;
    sandbox->clearRequests();
    run = partner({QStringLiteral("show")});
    EXPECT_EQ(run.exitCode, 4) << run;
    EXPECT_TRUE(run.errText().contains(
        QStringLiteral("No partner ID is linked in directory Contoso Partner (%1)").arg(HomeTenant)))
        << run;
    // The name came with the switch: no GET /tenants, one GET of the link.
    EXPECT_EQ(sandbox->requestCount(QStringLiteral("/tenants")), 0);
    EXPECT_EQ(requests("GET"), 1);
}

TEST_F(PartnerCommandsTest, CreateShowUpdateDeleteLifeCycle)
{
    Outcome run = partner(QStringList{QStringLiteral("create")} + id("1234567"));
    ASSERT_EQ(run.exitCode, 0) << run;
    QJsonObject link = run.json().toObject();
    EXPECT_EQ(link.value(QLatin1String("partnerId")).toString(), QStringLiteral("1234567"));
    EXPECT_EQ(link.value(QLatin1String("partnerName")).toString(), QStringLiteral("Contoso Partner Services"));
    EXPECT_EQ(link.value(QLatin1String("tenantId")).toString(), HomeTenant);
    EXPECT_EQ(link.value(QLatin1String("objectId")).toString(), SpObjectId);
    EXPECT_EQ(link.value(QLatin1String("state")).toString(), QStringLiteral("Active"));
    EXPECT_TRUE(QDateTime::fromString(link.value(QLatin1String("createdTime")).toString(), Qt::ISODateWithMs).isValid())
        << run;
    EXPECT_TRUE(link.contains(QLatin1String("version")));
    EXPECT_TRUE(link.contains(QLatin1String("updatedTime")));
    EXPECT_EQ(requests("PUT"), 1);

    run = partner({QStringLiteral("show")});
    ASSERT_EQ(run.exitCode, 0) << run;
    EXPECT_EQ(run.json().toObject().value(QLatin1String("partnerId")).toString(), QStringLiteral("1234567"));
    run = partner(QStringList{QStringLiteral("show")} + id("1234567"));
    ASSERT_EQ(run.exitCode, 0) << run;

    // Show by another ID: not found, and it says which one is linked.
    run = partner(QStringList{QStringLiteral("show")} + id("4977985"));
    EXPECT_EQ(run.exitCode, 4) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("4977985"))) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("the linked partner ID is 1234567"))) << run;

    // Create again with another ID: names the linked one and suggests update, sends no PUT.
    run = partner(QStringList{QStringLiteral("create")} + id("4977985"));
    EXPECT_EQ(run.exitCode, 1) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("Partner ID 1234567 is already linked"))) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("palctl partner update --partner-id 4977985"))) << run;
    EXPECT_EQ(requests("PUT"), 1);
    // Create again with the same ID: nothing to do.
    run = partner(QStringList{QStringLiteral("create")} + id("1234567"));
    EXPECT_EQ(run.exitCode, 0) << run;
    EXPECT_EQ(requests("PUT"), 1);

    run = partner(QStringList{QStringLiteral("update")} + id("4977985"));
    ASSERT_EQ(run.exitCode, 0) << run;
    link = run.json().toObject();
    EXPECT_EQ(link.value(QLatin1String("partnerId")).toString(), QStringLiteral("4977985"));
    EXPECT_EQ(link.value(QLatin1String("partnerName")).toString(), QStringLiteral("Fabrikam Cloud Solutions Ltd"));
    EXPECT_EQ(requests("PATCH"), 1);

    run = partner(QStringList{QStringLiteral("delete"), QStringLiteral("--yes")} + id("1234567"));
    EXPECT_EQ(run.exitCode, 4) << "not linked to that ID any more\n" << run;
    run = partner(QStringList{QStringLiteral("delete"), QStringLiteral("--yes")} + id("4977985"));
    EXPECT_EQ(run.exitCode, 0) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("Removed the link to partner ID 4977985"))) << run;

    run = partner({QStringLiteral("show")});
    EXPECT_EQ(run.exitCode, 4) << run;
    run = partner(QStringList{QStringLiteral("update")} + id("1234567"));
    EXPECT_EQ(run.exitCode, 4) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("palctl partner create --partner-id 1234567"))) << run;
}

TEST_F(PartnerCommandsTest, DirectoryOptionAcceptsIdDomainAndName)
{
    for (const QString &directory :
         {HomeTenant, QStringLiteral("contoso-partner.example"), QStringLiteral("contosopartner.onmicrosoft.example"),
          QStringLiteral("contoso partner")}) {
        const Outcome run = partner({QStringLiteral("show"), QStringLiteral("--directory"), directory});
        EXPECT_EQ(run.exitCode, 4) << directory.toStdString() << "\n" << run;
        EXPECT_TRUE(run.errText().contains(QStringLiteral("Contoso Partner (%1)").arg(HomeTenant))) << run;
    }
}

TEST_F(PartnerCommandsTest, UnknownDirectoryIsExitTwoWithNoManagementPartnerRequest)
{
    for (const QString &directory :
         {QStringLiteral("nowhere.example"), FabrikamTenant /* not reachable by this identity */}) {
        for (const char *verb : {"show", "create", "update", "delete"}) {
            QStringList command{QString::fromUtf8(verb), QStringLiteral("--directory"), directory};
            if (command.first() == QLatin1String("delete"))
                command << QStringLiteral("--yes");
            const Outcome run = partner(command + id("1234567"));
            EXPECT_EQ(run.exitCode, 2) << verb << "\n" << run;
            EXPECT_TRUE(run.errText().contains(QStringLiteral("palctl directory list"))) << run;
        }
    }
    EXPECT_EQ(partnerRequests(), 0);
}

TEST_F(PartnerCommandsTest, ServiceFailureIsExitOneWithCodeAndRequestId)
{
    palsandbox::Fault fault;
    fault.kind = palsandbox::Fault::Kind::Status;
    fault.pathPrefix = PartnerPath;
    fault.status = 500;
    sandbox->addFault(fault);
    const Outcome run = partner({QStringLiteral("show")});
    EXPECT_EQ(run.exitCode, 1) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("Request id"), Qt::CaseInsensitive)) << run;
    EXPECT_GE(partnerRequests(), 2) << "the core's retry policy retried";
}

TEST_F(PartnerCommandsTest, ALostAnswerToTheCreateIsReadBackNotSentAgain)
{
    // The sandbox makes the link, then drops the connection before answering.
    palsandbox::Fault fault;
    fault.kind = palsandbox::Fault::Kind::Drop;
    fault.method = QStringLiteral("PUT");
    fault.pathPrefix = PartnerPath;
    fault.times = 1;
    sandbox->addFault(fault);
    const Outcome run = partner(QStringList{QStringLiteral("create")} + id("1234567"));
    EXPECT_EQ(run.exitCode, 0) << run;
    EXPECT_EQ(run.json().toObject().value(QLatin1String("partnerId")).toString(), QStringLiteral("1234567")) << run;
    EXPECT_EQ(requests("PUT"), 1) << "never re-sent, never \"already linked\"";
}

TEST_F(PartnerCommandsTest, AServerErrorOnTheCreateSaysReadingShowsNothingChanged)
{
    palsandbox::Fault fault;
    fault.kind = palsandbox::Fault::Kind::Status;
    fault.status = 500;
    fault.method = QStringLiteral("PUT");
    fault.pathPrefix = PartnerPath;
    sandbox->addFault(fault);
    const Outcome run = partner(QStringList{QStringLiteral("create")} + id("1234567"));
    EXPECT_EQ(run.exitCode, 1) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("nothing was changed"))) << run;
    EXPECT_FALSE(run.errText().contains(QStringLiteral("may have been made"))) << run;
    EXPECT_EQ(partner({QStringLiteral("show")}).exitCode, 4);
}

TEST_F(PartnerCommandsTest, ForbiddenIsExitOneInPlainWords)
{
    palsandbox::Fault fault;
    fault.kind = palsandbox::Fault::Kind::Status;
    fault.pathPrefix = PartnerPath;
    fault.status = 403;
    sandbox->addFault(fault);
    const Outcome run = partner(QStringList{QStringLiteral("create")} + id("1234567"));
    EXPECT_EQ(run.exitCode, 1) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("not allowed"))) << run;
}

TEST_F(PartnerCommandsTest, NetworkFailureIsExitOne)
{
    const Outcome warmup = partner({QStringLiteral("show")});
    ASSERT_EQ(warmup.exitCode, 4) << warmup;
    sandbox->stop();
    const Outcome run = partner({QStringLiteral("show")});
    EXPECT_EQ(run.exitCode, 1) << run;
    EXPECT_FALSE(run.errText().isEmpty());
}

TEST_F(PartnerCommandsTest, VerboseLogsWithoutSecretsOrTokens)
{
    const Outcome run = palctl({QStringLiteral("--verbose"), QStringLiteral("partner"), QStringLiteral("show")}, {},
                               servicePrincipal());
    EXPECT_EQ(run.exitCode, 4) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("paldesk."))) << run;
    EXPECT_FALSE(run.err.contains(SpSecret)) << run;
    EXPECT_FALSE(run.err.contains("eyJ")) << "no JWT in the log\n" << run;
    EXPECT_FALSE(run.err.contains("Bearer")) << run;
}

TEST_F(PartnerCommandsTest, ThrottlingIsRetriedAsTheCorePolicySays)
{
    palsandbox::Fault fault;
    fault.kind = palsandbox::Fault::Kind::Status;
    fault.pathPrefix = PartnerPath;
    fault.status = 429;
    fault.retryAfterSeconds = 0;
    fault.times = 1;
    sandbox->addFault(fault);
    const Outcome run = partner({QStringLiteral("show")});
    EXPECT_EQ(run.exitCode, 4) << "answered after the retry\n" << run;
    EXPECT_GE(partnerRequests(), 2);
}

TEST_F(PartnerCommandsTest, MfaDirectoryIsExitThreeWithTheCommandToRun)
{
    const Outcome run = palctl({QStringLiteral("--sandbox"), QStringLiteral("partner"), QStringLiteral("show"),
                                QStringLiteral("--directory"), QStringLiteral("woodgrovebank.example")});
    EXPECT_EQ(run.exitCode, 3) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("AADSTS50076"))) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("palctl login --tenant %1").arg(WoodgroveTenant))) << run;
}

// On a terminal (a pty from script(1)), delete asks first and table is the default output.
class TerminalTest : public PartnerCommandsTest
{
protected:
    void SetUp() override
    {
        if (QStandardPaths::findExecutable(QStringLiteral("script")).isEmpty())
            GTEST_SKIP() << "script(1) is needed for a pseudo-terminal";
        PartnerCommandsTest::SetUp();
    }
    Outcome onTerminal(const QString &command, const QByteArray &typed)
    {
        auto process = std::make_unique<QProcess>();
        process->setProcessEnvironment(environment(servicePrincipal()));
        process->start(QStringLiteral("script"),
                       {QStringLiteral("-qec"), QStringLiteral(PALCTL_PATH) + QLatin1Char(' ') + command,
                        QStringLiteral("/dev/null")});
        process->waitForStarted(10'000);
        // Answer once the question is on the terminal.
        QByteArray seen;
        for (int i = 0; i < 50 && !typed.isEmpty() && !seen.contains("[y/N]"); ++i) {
            process->waitForReadyRead(200);
            seen += process->readAllStandardOutput();
        }
        if (!typed.isEmpty())
            process->write(typed);
        Outcome run = finish(*process);
        run.out.prepend(seen);
        return run;
    }
};

TEST_F(TerminalTest, DeleteAsksAndDoesNothingUnlessConfirmed)
{
    ASSERT_EQ(partner(QStringList{QStringLiteral("create")} + id("1234567")).exitCode, 0);
    Outcome run = onTerminal(QStringLiteral("partner delete --partner-id 1234567"), "n\n");
    EXPECT_EQ(run.exitCode, 2) << run;
    EXPECT_TRUE(run.outText().contains(QStringLiteral("Remove the link to partner ID 1234567"))) << run;
    EXPECT_EQ(requests("DELETE"), 0);
    run = onTerminal(QStringLiteral("partner delete --partner-id 1234567"), "y\n");
    EXPECT_EQ(run.exitCode, 0) << run;
    EXPECT_EQ(requests("DELETE"), 1);
}

TEST_F(TerminalTest, TableIsTheDefaultOnATerminal)
{
    const Outcome run = onTerminal(QStringLiteral("cloud list"), {});
    EXPECT_EQ(run.exitCode, 0) << run;
    EXPECT_TRUE(run.outText().contains(QStringLiteral("Login Endpoint"))) << run;
    EXPECT_FALSE(run.outText().trimmed().startsWith(QLatin1Char('['))) << run;
}
