// palctl settings (my partner ID, per account), the partner commands without --partner-id,
// partner show's "expected", verify-all's default, and palctl history list / export. A service
// principal signs in from the environment for each run; the history is beside the test's config.

#include "PalctlRunner.h"

#include "AppConfig.h"
#include "AppServices.h"
#include "LinkHistory.h"
#include "ServiceText.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>

using namespace palctltest;

class SettingsHistoryTest : public PalctlTest
{
protected:
    Outcome sp(QStringList arguments) { return palctl(arguments, {}, servicePrincipal()); }
    static QStringList args(const char *line) { return QString::fromUtf8(line).split(QLatin1Char(' ')); }
    QJsonObject settings()
    {
        const Outcome run = palctl(args("settings show -o json"));
        EXPECT_EQ(run.exitCode, 0) << run;
        return run.json().toObject();
    }
    QByteArray historyFile() const
    {
        QFile f(path(QStringLiteral("config/history.jsonl")));
        f.open(QIODevice::ReadOnly);
        return f.readAll();
    }
    // A user account palctl knows (accounts.json), for --account.
    QString signInUser()
    {
        const Outcome login = deviceCodeLogin(AdminUser);
        EXPECT_EQ(login.exitCode, 0) << login;
        return login.json().toObject().value(QLatin1String("id")).toString();
    }
};

TEST_F(SettingsHistoryTest, SettingsShowSetAndUnsetMyPartnerId)
{
    QJsonObject shown = settings();
    EXPECT_TRUE(shown.value(QLatin1String("partnerId")).isNull());
    EXPECT_EQ(shown.value(QLatin1String("partnerIdByAccount")).toArray().size(), 0);
    EXPECT_EQ(shown.value(QLatin1String("cloud")).toString(), QStringLiteral("Sandbox"));
    EXPECT_TRUE(shown.value(QLatin1String("historyFile")).toString().endsWith(QStringLiteral("config/history.jsonl")));

    Outcome run = palctl(args("settings set partner-id 1234567"));
    ASSERT_EQ(run.exitCode, 0) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("1234567"))) << run;
    EXPECT_EQ(settings().value(QLatin1String("partnerId")).toString(), QStringLiteral("1234567"));

    // Invalid: exit 2, and nothing saved.
    for (const char *bad : {"settings set partner-id 12a4567", "settings set partner-id 123"}) {
        run = palctl(args(bad));
        EXPECT_EQ(run.exitCode, 2) << run;
        EXPECT_TRUE(run.errText().contains(QStringLiteral("Invalid partner ID"))) << run;
    }
    EXPECT_EQ(settings().value(QLatin1String("partnerId")).toString(), QStringLiteral("1234567"));
    run = palctl(args("settings set colour blue"));
    EXPECT_EQ(run.exitCode, 2) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("partner-id"))) << run;

    run = palctl(args("settings unset partner-id"));
    ASSERT_EQ(run.exitCode, 0) << run;
    EXPECT_TRUE(settings().value(QLatin1String("partnerId")).isNull());
    run = palctl(args("settings show -o table"));
    EXPECT_EQ(run.exitCode, 0) << run;
    EXPECT_TRUE(run.outText().contains(QStringLiteral("partner-id"))) << run;
    EXPECT_EQ(sandbox->requestCount(), 0) << "settings need no network";
}

TEST_F(SettingsHistoryTest, AnAccountsOwnPartnerIdIsShownWithItsUserAndUnset)
{
    const QString id = signInUser();
    ASSERT_FALSE(id.isEmpty());
    Outcome run = palctl(args("settings set partner-id 7654321 --account") << AdminUser);
    ASSERT_EQ(run.exitCode, 0) << run;
    QJsonArray own = settings().value(QLatin1String("partnerIdByAccount")).toArray();
    ASSERT_EQ(own.size(), 1);
    EXPECT_EQ(own.first().toObject().value(QLatin1String("accountId")).toString(), id);
    EXPECT_EQ(own.first().toObject().value(QLatin1String("username")).toString(), AdminUser);
    EXPECT_EQ(own.first().toObject().value(QLatin1String("partnerId")).toString(), QStringLiteral("7654321"));

    run = palctl(args("settings set partner-id 7654321 --account nobody@example.com"));
    EXPECT_EQ(run.exitCode, 2) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("nobody@example.com"))) << run;
    run = palctl(args("settings unset partner-id --account") << id);
    ASSERT_EQ(run.exitCode, 0) << run;
    EXPECT_EQ(settings().value(QLatin1String("partnerIdByAccount")).toArray().size(), 0);
}

TEST_F(SettingsHistoryTest, CreateAndUpdateUseMyPartnerIdWhenPartnerIdIsLeftOut)
{
    Outcome run = sp(args("partner create"));
    EXPECT_EQ(run.exitCode, 2) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("palctl settings set partner-id"))) << run;
    EXPECT_EQ(partnerRequests(), 0) << "nothing sent";

    ASSERT_EQ(palctl(args("settings set partner-id 7654321")).exitCode, 0);
    run = sp(args("partner create"));
    ASSERT_EQ(run.exitCode, 0) << run;
    EXPECT_EQ(run.json().toObject().value(QLatin1String("partnerId")).toString(), QStringLiteral("7654321"));

    ASSERT_EQ(palctl(args("settings set partner-id 1234567")).exitCode, 0);
    run = sp(args("partner update"));
    ASSERT_EQ(run.exitCode, 0) << run;
    EXPECT_EQ(run.json().toObject().value(QLatin1String("partnerId")).toString(), QStringLiteral("1234567"));
    // --partner-id still wins over the setting.
    run = sp(args("partner update --partner-id 4977985"));
    ASSERT_EQ(run.exitCode, 0) << run;
    EXPECT_EQ(run.json().toObject().value(QLatin1String("partnerId")).toString(), QStringLiteral("4977985"));
}

TEST_F(SettingsHistoryTest, ShowSaysWhetherTheLinkIsToMyPartnerIdAndWarnsWhenNot)
{
    ASSERT_EQ(sp(args("partner create --partner-id 7654321")).exitCode, 0);
    Outcome run = sp(args("partner show"));
    ASSERT_EQ(run.exitCode, 0) << run;
    EXPECT_TRUE(run.json().toObject().value(QLatin1String("expected")).isNull()) << "nothing expected\n" << run;

    ASSERT_EQ(palctl(args("settings set partner-id 1234567")).exitCode, 0);
    run = sp(args("partner show"));
    ASSERT_EQ(run.exitCode, 0) << "exit codes as before: a link is there\n" << run;
    QJsonObject shown = run.json().toObject();
    EXPECT_EQ(shown.value(QLatin1String("partnerId")).toString(), QStringLiteral("7654321"));
    EXPECT_EQ(shown.value(QLatin1String("expected")), QJsonValue(false)) << run;
    EXPECT_EQ(shown.value(QLatin1String("expectedPartnerId")).toString(), QStringLiteral("1234567"));
    EXPECT_TRUE(run.errText().contains(QStringLiteral("warning"))) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("7654321 (Previous Partner Inc.)"))) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("not to your partner ID 1234567"))) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("palctl partner update"))) << run;

    // --partner-id asks for one ID: exit 4 when it is another, as always.
    run = sp(args("partner show --partner-id 1234567"));
    EXPECT_EQ(run.exitCode, 4) << run;
    run = sp(args("partner show --partner-id 7654321"));
    ASSERT_EQ(run.exitCode, 0) << run;
    EXPECT_EQ(run.json().toObject().value(QLatin1String("expected")), QJsonValue(true)) << run;

    ASSERT_EQ(sp(args("partner update")).exitCode, 0);
    run = sp(args("partner show"));
    ASSERT_EQ(run.exitCode, 0) << run;
    EXPECT_EQ(run.json().toObject().value(QLatin1String("expected")), QJsonValue(true)) << run;
    EXPECT_FALSE(run.errText().contains(QStringLiteral("warning"))) << run;
}

TEST_F(SettingsHistoryTest, VerifyAllExpectsMyPartnerId)
{
    ASSERT_EQ(sp(args("partner create --partner-id 7654321")).exitCode, 0);
    Outcome run = sp(args("directory verify-all"));
    EXPECT_EQ(run.exitCode, 0) << "any link is fine without an expectation\n" << run;
    ASSERT_EQ(palctl(args("settings set partner-id 1234567")).exitCode, 0);
    run = sp(args("directory verify-all"));
    EXPECT_EQ(run.exitCode, 4) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("not linked to partner ID 1234567"))) << run;
    const QJsonObject row = run.json().toArray().first().toObject();
    EXPECT_EQ(row.value(QLatin1String("expectedPartnerId")).toString(), QStringLiteral("1234567"));
    EXPECT_EQ(row.value(QLatin1String("matchesExpected")), QJsonValue(false));
}

TEST_F(SettingsHistoryTest, EveryChangeAndFailedAttemptIsInTheHistoryNewestFirst)
{
    ASSERT_EQ(sp(args("partner create --partner-id 7654321")).exitCode, 0);
    ASSERT_EQ(sp(args("partner create --partner-id 1234567")).exitCode, 1); // refused: another ID is linked
    ASSERT_EQ(sp(args("partner update --partner-id 1234567")).exitCode, 0);
    ASSERT_EQ(sp(args("partner delete --partner-id 1234567 --yes")).exitCode, 0);

    Outcome run = palctl(args("history list"));
    ASSERT_EQ(run.exitCode, 0) << run;
    const QJsonArray entries = run.json().toArray();
    ASSERT_EQ(entries.size(), 4) << run;
    QStringList actions;
    for (const QJsonValue &v : entries)
        actions << v.toObject().value(QLatin1String("action")).toString() + QLatin1Char('/') +
                       v.toObject().value(QLatin1String("result")).toString();
    EXPECT_EQ(actions, (QStringList{QStringLiteral("delete/ok"), QStringLiteral("update/ok"),
                                    QStringLiteral("create/failed"), QStringLiteral("create/ok")}));
    const QJsonObject update = entries.at(1).toObject();
    EXPECT_EQ(update.value(QLatin1String("app")).toString(), QStringLiteral("palctl"));
    EXPECT_EQ(update.value(QLatin1String("directory")).toObject().value(QLatin1String("tenantId")).toString(),
              HomeTenant);
    EXPECT_EQ(update.value(QLatin1String("identity")).toObject().value(QLatin1String("objectId")).toString(),
              SpObjectId);
    EXPECT_EQ(update.value(QLatin1String("before")).toObject().value(QLatin1String("partnerId")).toString(),
              QStringLiteral("7654321"));
    EXPECT_EQ(update.value(QLatin1String("after")).toObject().value(QLatin1String("partnerName")).toString(),
              QStringLiteral("Contoso Partner Services"));
    EXPECT_TRUE(entries.at(0).toObject().value(QLatin1String("after")).isNull()) << "deleted";
    const QJsonObject refused = entries.at(2).toObject();
    EXPECT_EQ(refused.value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString(),
              QStringLiteral("conflict"));
    EXPECT_EQ(refused.value(QLatin1String("identity")).toObject().value(QLatin1String("objectId")).toString(),
              SpObjectId);

    run = palctl(args("history list --limit 1"));
    ASSERT_EQ(run.json().toArray().size(), 1) << run;
    run = palctl(args("history list --limit 0"));
    EXPECT_EQ(run.exitCode, 2) << run;
    run = palctl(QStringList{QStringLiteral("history"), QStringLiteral("list"), QStringLiteral("--directory"),
                             QStringLiteral("Contoso Partner")});
    EXPECT_EQ(run.json().toArray().size(), 4) << run;
    run = palctl(args("history list --directory 2f6e8a10-3b7c-4d21-9e55-6a1c0b9d4e01"));
    EXPECT_EQ(run.json().toArray().size(), 0) << run;
    run = palctl(args("history list -o tsv"));
    ASSERT_EQ(run.exitCode, 0) << run;
    EXPECT_TRUE(run.outText().contains(QStringLiteral("7654321 (Previous Partner Inc.) → 1234567"))) << run;

    // Never a token, a code or a secret.
    const QByteArray text = historyFile();
    EXPECT_FALSE(text.contains(SpSecret));
    EXPECT_FALSE(text.contains("eyJ")) << "no JWT";
    EXPECT_FALSE(text.toLower().contains("bearer"));
    EXPECT_FALSE(text.toLower().contains("refresh"));
}

TEST_F(SettingsHistoryTest, ADamagedLineIsSkippedWithAWarningAndTheRestListed)
{
    ASSERT_EQ(sp(args("partner create --partner-id 7654321")).exitCode, 0);
    {
        QFile f(path(QStringLiteral("config/history.jsonl")));
        ASSERT_TRUE(f.open(QIODevice::Append));
        f.write("{\"half\": \n");
    }
    ASSERT_EQ(sp(args("partner update --partner-id 1234567")).exitCode, 0);
    const Outcome run = palctl(args("history list"));
    ASSERT_EQ(run.exitCode, 0) << run;
    EXPECT_EQ(run.json().toArray().size(), 2) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("1 damaged line"))) << run;
}

// Issue 17: a server's 30 MB error message as the newest line (written by an earlier version):
// `history list --limit 1` reads it in linear time and prints it cut to a few KB.
TEST_F(SettingsHistoryTest, AThirtyMegabyteLineIsListedQuicklyAndCut)
{
    ASSERT_EQ(sp(args("partner create --partner-id 7654321")).exitCode, 0);
    {
        pal::HistoryEntry e;
        e.time = QDateTime::currentDateTimeUtc();
        e.app = QStringLiteral("palctl");
        e.action = QStringLiteral("update");
        e.tenantId = HomeTenant;
        e.errorCode = QStringLiteral("InternalServerError");
        e.errorMessage = QString(30 * 1024 * 1024, QLatin1Char('e'));
        QFile f(path(QStringLiteral("config/history.jsonl")));
        ASSERT_TRUE(f.open(QIODevice::Append));
        f.write(QJsonDocument(e.toJson()).toJson(QJsonDocument::Compact) + '\n');
    }
    const Outcome run = palctl(args("history list --limit 1"));
    ASSERT_EQ(run.exitCode, 0) << run.err.left(2000).constData();
    EXPECT_LT(run.out.size(), 3 * pal::MaxServiceText) << "printed whole";
    const QJsonArray entries = run.json().toArray();
    ASSERT_EQ(entries.size(), 1);
    const QString message =
        entries.at(0).toObject().value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString();
    EXPECT_TRUE(message.endsWith(QStringLiteral("(cut, 31457280 bytes)"))) << qPrintable(message.right(60));
}

TEST_F(SettingsHistoryTest, HistoryExportWritesCsv)
{
    ASSERT_EQ(sp(args("partner create --partner-id 7654321")).exitCode, 0);
    const QString csv = path(QStringLiteral("history.csv"));
    Outcome run = palctl({QStringLiteral("history"), QStringLiteral("export"), csv});
    ASSERT_EQ(run.exitCode, 0) << run;
    QFile f(csv);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(f.readAll()).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
    ASSERT_EQ(lines.size(), 2);
    EXPECT_TRUE(lines.at(0).startsWith(QStringLiteral("time,app,action,tenantId,directory")));
    EXPECT_TRUE(lines.at(1).contains(QStringLiteral(",palctl,create,") + HomeTenant)) << qPrintable(lines.at(1));
    run = palctl({QStringLiteral("history"), QStringLiteral("export"), path(QStringLiteral("history.txt"))});
    EXPECT_EQ(run.exitCode, 2) << run;
    EXPECT_FALSE(QFile::exists(path(QStringLiteral("history.txt"))));
}

TEST_F(SettingsHistoryTest, AnUnreadableHistoryFailsListAndExportAndAChangeStillWarns)
{
    // A folder where history.jsonl should be: it can be neither read nor appended to (as root too).
    ASSERT_TRUE(QDir().mkpath(path(QStringLiteral("config/history.jsonl"))));
    Outcome run = palctl(args("history list"));
    EXPECT_EQ(run.exitCode, 1) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("history.jsonl cannot be read"))) << run;
    EXPECT_TRUE(run.outText().isEmpty()) << run;
    const QString csv = path(QStringLiteral("history.csv"));
    run = palctl({QStringLiteral("history"), QStringLiteral("export"), csv});
    EXPECT_EQ(run.exitCode, 1) << run;
    EXPECT_FALSE(QFile::exists(csv));

    // The link is made; palctl says that it is not recorded, and exits as the change did.
    run = sp(args("partner create --partner-id 7654321"));
    EXPECT_EQ(run.exitCode, 0) << run;
    EXPECT_TRUE(run.errText().contains(QStringLiteral("warning: this change is not in the link history"))) << run;
    EXPECT_EQ(sp(args("partner show")).json().toObject().value(QLatin1String("partnerId")).toString(),
              QStringLiteral("7654321"));
}

TEST_F(SettingsHistoryTest, ExportToAnUnwritablePathFailsAndWritesNothing)
{
    ASSERT_EQ(sp(args("partner create --partner-id 7654321")).exitCode, 0);
    const QString csv = path(QStringLiteral("no-such-folder/history.csv"));
    const Outcome run = palctl({QStringLiteral("history"), QStringLiteral("export"), csv});
    EXPECT_EQ(run.exitCode, 1) << run;
    EXPECT_TRUE(run.errText().contains(csv)) << run;
    EXPECT_FALSE(QFile::exists(csv));
}

TEST_F(SettingsHistoryTest, APalctlChangeReachesARunningPaldeskWithASignal)
{
    // paldesk's root, watching the same configuration folder as the palctl processes.
    pal::AppServices::Options options;
    options.configDirectory = path(QStringLiteral("config"));
    options.watchConfiguration = true;
    pal::AppServices paldesk(options);
    pal::AppConfig *config = paldesk.config();
    ASSERT_FALSE(paldesk.configError());
    QSignalSpy partner(config, &pal::AppConfig::partnerIdChanged);
    QSignalSpy clouds(config, &pal::AppConfig::cloudsChanged);

    ASSERT_EQ(palctl(args("settings set partner-id 1234567")).exitCode, 0);
    ASSERT_TRUE(partner.count() > 0 || partner.wait(5000));
    EXPECT_EQ(config->partnerId(), QStringLiteral("1234567"));

    const Outcome registered =
        palctl({QStringLiteral("cloud"), QStringLiteral("register"), QStringLiteral("--name"), QStringLiteral("Lab"),
                QStringLiteral("--login-endpoint"), QStringLiteral("http://127.0.0.1:9"),
                QStringLiteral("--arm-endpoint"), QStringLiteral("http://127.0.0.1:9")});
    ASSERT_EQ(registered.exitCode, 0) << registered;
    ASSERT_TRUE(clouds.count() > 0 || clouds.wait(5000));
    EXPECT_TRUE(config->cloud(QStringLiteral("Lab")));
}

TEST_F(SettingsHistoryTest, ASettingsFileLargerThanTheBoundIsRefusedUnreadAndKept)
{
    ASSERT_EQ(palctl(args("settings set partner-id 1234567")).exitCode, 0);
    const QString file = path(QStringLiteral("config/settings.json"));
    QFile settingsFile(file);
    ASSERT_TRUE(settingsFile.open(QIODevice::WriteOnly));
    // Well-formed JSON: only its size is wrong.
    settingsFile.write("{\"partnerId\":\"1234567\",\"padding\":\"");
    settingsFile.write(QByteArray(40 * 1024 * 1024, 'x'));
    settingsFile.write("\"}");
    settingsFile.close();
    const qint64 size = QFileInfo(file).size();
    for (const char *command : {"settings show", "settings set partner-id 7654321"}) {
        const Outcome run = palctl(args(command));
        EXPECT_EQ(run.exitCode, 1) << command << run; // as for any damaged configuration file
        EXPECT_TRUE(run.errText().contains(QStringLiteral("settings.json is larger than 32 MB"))) << command << run;
    }
    EXPECT_EQ(QFileInfo(file).size(), size) << "the file is as it was";
}
