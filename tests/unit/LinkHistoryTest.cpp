// LinkHistory: history.jsonl written under the configuration's lock, read newest first; damaged
// lines skipped alone; two processes appending at once; the identity filled from the token; CSV.
#include "LinkHistory.h"
#include "FakeTokens.h"
#include "ServiceText.h"
#include "TestFiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

using pal::test::readFile;

using pal::HistoryEntry;
using pal::HistoryLink;
using pal::LinkChange;
using pal::LinkHistory;
using pal::LinkState;

namespace {

const QString Fabrikam = QStringLiteral("2f6e8a10-3b7c-4d21-9e55-6a1c0b9d4e01");
const QString Contoso = QStringLiteral("7d3c1b2a-0f4e-4c6d-9a8b-1e2f3a4b5c6d");

pal::PartnerLink link(const QString &id, const QString &name, const QString &objectId = QStringLiteral("oid-1"))
{
    pal::PartnerLink l;
    l.partnerId = id;
    l.partnerName = name;
    l.objectId = objectId;
    l.tenantId = Fabrikam;
    l.state = QStringLiteral("Active");
    return l;
}

// An update of Fabrikam's link from 7654321 to 1234567, as PartnerLinks reports it.
LinkChange update(const QDateTime &when = QDateTime::currentDateTimeUtc())
{
    LinkChange c;
    c.action = LinkChange::Action::Update;
    c.directory.tenantId = Fabrikam;
    c.directory.displayName = QStringLiteral("Fabrikam Ltd");
    c.partnerId = QStringLiteral("1234567");
    c.who = {QStringLiteral("admin@contoso-partner.example"), Fabrikam, QStringLiteral("oid-1")};
    c.when = when;
    c.before = LinkState::linked(link(QStringLiteral("7654321"), QStringLiteral("Previous Partner Inc.")), {}, when);
    c.after = LinkState::linked(link(QStringLiteral("1234567"), QStringLiteral("Contoso Partner Services")), {}, when);
    c.outcome = LinkChange::Outcome::Done;
    c.writeSent = true;
    return c;
}

// A create that was refused (another ID linked): no link was seen, so no object id.
LinkChange refusedCreate()
{
    LinkChange c;
    c.action = LinkChange::Action::Create;
    c.directory.tenantId = Contoso;
    c.partnerId = QStringLiteral("1234567");
    c.who = {QStringLiteral("admin@contoso-partner.example"), Contoso, QString()};
    c.when = QDateTime::currentDateTimeUtc();
    c.before = LinkState::failed(pal::AzureError::make(pal::AzureError::Kind::Forbidden, QStringLiteral("no")), c.when);
    c.after = c.before;
    pal::AzureError e = pal::AzureError::make(pal::AzureError::Kind::Forbidden,
                                              QStringLiteral("The client does not have authorization."),
                                              QStringLiteral("AuthorizationFailed"));
    e.requestId = QStringLiteral("req-42");
    c.error = e;
    c.outcome = LinkChange::Outcome::NotDone;
    return c;
}

void appendRaw(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::Append));
    f.write(bytes);
}

class LinkHistoryTest : public ::testing::Test
{
protected:
    QString path() const { return dir.filePath(QStringLiteral("data/paldesk/history.jsonl")); }
    QTemporaryDir dir;
    LinkHistory history{path(), dir.filePath(QStringLiteral("config")), QStringLiteral("palctl")};
};

} // namespace

TEST_F(LinkHistoryTest, AnEntryIsOneLineWithExactlyTheFieldsOfTheFormat)
{
    QSignalSpy appended(&history, &LinkHistory::appended);
    ASSERT_TRUE(history.append(HistoryEntry::fromChange(update(), history.appName())));
    EXPECT_EQ(appended.count(), 1);
    const QByteArray text = readFile(path());
    ASSERT_TRUE(text.endsWith('\n'));
    ASSERT_EQ(text.count('\n'), 1);
    const QJsonObject o = QJsonDocument::fromJson(text).object();
    const QStringList keys = o.keys();
    EXPECT_EQ(QSet<QString>(keys.begin(), keys.end()),
              (QSet<QString>{QStringLiteral("time"), QStringLiteral("app"), QStringLiteral("action"),
                             QStringLiteral("directory"), QStringLiteral("identity"), QStringLiteral("before"),
                             QStringLiteral("after"), QStringLiteral("result"), QStringLiteral("error")}));
    EXPECT_EQ(o.value(QStringLiteral("app")).toString(), QStringLiteral("palctl"));
    EXPECT_EQ(o.value(QStringLiteral("action")).toString(), QStringLiteral("update"));
    EXPECT_EQ(o.value(QStringLiteral("result")).toString(), QStringLiteral("ok"));
    EXPECT_TRUE(o.value(QStringLiteral("error")).isNull());
    EXPECT_EQ(o.value(QStringLiteral("directory")).toObject(),
              (QJsonObject{{QStringLiteral("tenantId"), Fabrikam},
                           {QStringLiteral("displayName"), QStringLiteral("Fabrikam Ltd")}}));
    EXPECT_EQ(o.value(QStringLiteral("identity")).toObject(),
              (QJsonObject{{QStringLiteral("tenantId"), Fabrikam},
                           {QStringLiteral("objectId"), QStringLiteral("oid-1")},
                           {QStringLiteral("username"), QStringLiteral("admin@contoso-partner.example")}}));
    EXPECT_EQ(o.value(QStringLiteral("before")).toObject(),
              (QJsonObject{{QStringLiteral("partnerId"), QStringLiteral("7654321")},
                           {QStringLiteral("partnerName"), QStringLiteral("Previous Partner Inc.")}}));
    EXPECT_EQ(o.value(QStringLiteral("after")).toObject().value(QStringLiteral("partnerId")).toString(),
              QStringLiteral("1234567"));
    EXPECT_TRUE(QDateTime::fromString(o.value(QStringLiteral("time")).toString(), Qt::ISODateWithMs).isValid());

    // Only its owner may read it, in a folder only its owner may list.
    EXPECT_EQ(QFileInfo(path()).permissions() & ~(QFileDevice::ReadUser | QFileDevice::WriteUser),
              QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    EXPECT_EQ(QFile::permissions(QFileInfo(path()).absolutePath()) &
                  (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::ExeOther),
              QFileDevice::Permissions());
}

TEST_F(LinkHistoryTest, AFailedAttemptCarriesItsErrorAndTheTokensObjectId)
{
    pal::test::FakeTokens tokens;
    QSignalSpy idle(&history, &LinkHistory::idle);
    // FakeTokens hands out no oid; a provider that does fills it in.
    struct OidTokens final : pal::AccessTokenProvider
    {
        void requestToken(const pal::TokenRequest &r, QObject *context, pal::Completion<pal::AccessToken> done) override
        {
            QTimer::singleShot(0, context, [r, done] {
                pal::AccessToken t;
                t.token = "never-written";
                t.tenantId = r.tenantId;
                t.objectId = QStringLiteral("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d");
                done(t);
            });
        }
    } withOid;
    history.record(refusedCreate(), &withOid);
    EXPECT_TRUE(history.isRecording());
    ASSERT_TRUE(idle.wait(2000));
    const auto page = history.read();
    ASSERT_TRUE(page);
    ASSERT_EQ(page->entries.size(), 1);
    const HistoryEntry &e = page->entries.first();
    EXPECT_FALSE(e.ok);
    EXPECT_EQ(e.objectId, QStringLiteral("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"));
    EXPECT_EQ(e.errorCode, QStringLiteral("AuthorizationFailed"));
    EXPECT_EQ(e.requestId, QStringLiteral("req-42"));
    EXPECT_FALSE(e.before) << "nothing was seen linked";
    EXPECT_FALSE(readFile(path()).contains("never-written")) << "never a token";

    // A token that cannot be had leaves the object id empty; the attempt is still recorded.
    tokens.error = pal::AzureError::make(pal::AzureError::Kind::InteractionRequired, QStringLiteral("MFA"));
    history.record(refusedCreate(), &tokens);
    ASSERT_TRUE(idle.wait(2000));
    EXPECT_EQ(history.read()->entries.size(), 2);
    EXPECT_TRUE(history.read()->entries.first().objectId.isEmpty());
}

TEST_F(LinkHistoryTest, ReadsNewestFirstWithALimitAndADirectoryFilter)
{
    const QDateTime start = QDateTime::currentDateTimeUtc();
    for (int i = 0; i < 5; ++i) {
        LinkChange c = update(start.addSecs(i));
        if (i % 2)
            c.directory = {};
        if (i % 2)
            c.directory.tenantId = Contoso;
        ASSERT_TRUE(history.append(HistoryEntry::fromChange(c, QStringLiteral("paldesk"))));
    }
    const auto all = history.read();
    ASSERT_TRUE(all);
    ASSERT_EQ(all->entries.size(), 5);
    for (qsizetype i = 1; i < all->entries.size(); ++i)
        EXPECT_GT(all->entries.at(i - 1).time, all->entries.at(i).time) << "newest first";
    EXPECT_EQ(history.read({QString(), 2})->entries.size(), 2);
    EXPECT_EQ(history.read({QString(), 2})->entries.first().time.toSecsSinceEpoch(),
              start.addSecs(4).toSecsSinceEpoch());
    EXPECT_EQ(history.read({QStringLiteral("fabrikam ltd"), 0})->entries.size(), 3) << "by name, any case";
    EXPECT_EQ(history.read({Contoso.toUpper(), 0})->entries.size(), 2) << "by tenant id";
    const auto last = history.lastChange(Contoso);
    ASSERT_TRUE(last && last.value());
    EXPECT_EQ(last.value()->time.toSecsSinceEpoch(), start.addSecs(3).toSecsSinceEpoch());
    const auto none = history.lastChange(QStringLiteral("nowhere"));
    ASSERT_TRUE(none);
    EXPECT_FALSE(none.value());
}

TEST_F(LinkHistoryTest, ADamagedLineIsSkippedAloneAndAKilledWritersHalfLineStaysItsOwn)
{
    ASSERT_TRUE(history.append(HistoryEntry::fromChange(update(), QStringLiteral("palctl"))));
    appendRaw(path(), "not json at all\n{\"time\":\"yesterday\"}\n");
    // A writer killed mid-line leaves no newline; the next append must not glue onto it.
    appendRaw(path(), "{\"time\":\"2024-05-01T10:00:00.000Z\",\"app\":\"palctl\",\"act");
    ASSERT_TRUE(history.append(HistoryEntry::fromChange(update(), QStringLiteral("paldesk"))));
    const auto page = history.read();
    ASSERT_TRUE(page);
    EXPECT_EQ(page->damaged, 3);
    ASSERT_EQ(page->entries.size(), 2);
    EXPECT_EQ(page->entries.at(0).app, QStringLiteral("paldesk"));
    EXPECT_EQ(page->entries.at(1).app, QStringLiteral("palctl"));
}

TEST_F(LinkHistoryTest, ALargeFileIsReadFromItsEndAcrossBlocks)
{
    // 20,000 lines (several MB), and one line far longer than a read block.
    QByteArray bulk;
    const QDateTime start = QDateTime::currentDateTimeUtc().addDays(-1);
    for (int i = 0; i < 20000; ++i) {
        HistoryEntry e = HistoryEntry::fromChange(update(start.addSecs(i)), QStringLiteral("palctl"));
        e.username = QStringLiteral("user%1@example.com").arg(i);
        bulk += QJsonDocument(e.toJson()).toJson(QJsonDocument::Compact) + '\n';
    }
    QDir().mkpath(QFileInfo(path()).absolutePath());
    appendRaw(path(), bulk);
    HistoryEntry huge = HistoryEntry::fromChange(update(start.addSecs(30000)), QStringLiteral("paldesk"));
    huge.displayName = QString(200 * 1024, QLatin1Char('x'));
    ASSERT_TRUE(history.append(huge));

    const auto newest = history.read({QString(), 3});
    ASSERT_TRUE(newest);
    ASSERT_EQ(newest->entries.size(), 3);
    EXPECT_EQ(newest->entries.at(0).displayName.size(), 200 * 1024);
    EXPECT_EQ(newest->entries.at(1).username, QStringLiteral("user19999@example.com"));
    EXPECT_EQ(newest->entries.at(2).username, QStringLiteral("user19998@example.com"));
    const auto all = history.read();
    ASSERT_TRUE(all);
    EXPECT_EQ(all->entries.size(), 20001);
    EXPECT_EQ(all->damaged, 0);
    EXPECT_EQ(all->entries.last().username, QStringLiteral("user0@example.com"));
}

TEST_F(LinkHistoryTest, TwoProcessesAppendingAtOnceLoseNothingAndBreakNoLine)
{
    constexpr int PerProcess = 100;
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        // The other process: its own LinkHistory on the same file and configuration folder.
        LinkHistory other(path(), dir.filePath(QStringLiteral("config")), QStringLiteral("paldesk"));
        int failures = 0;
        for (int i = 0; i < PerProcess; ++i)
            failures += other.append(HistoryEntry::fromChange(update(), other.appName())) ? 0 : 1;
        ::_exit(failures == 0 ? 0 : 1);
    }
    int written = 0;
    for (int i = 0; i < PerProcess; ++i)
        written += history.append(HistoryEntry::fromChange(update(), history.appName())) ? 1 : 0;
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
    EXPECT_EQ(written, PerProcess);
    const auto page = history.read();
    ASSERT_TRUE(page);
    EXPECT_EQ(page->damaged, 0);
    ASSERT_EQ(page->entries.size(), 2 * PerProcess);
    int fromPaldesk = 0;
    for (const HistoryEntry &e : page->entries)
        fromPaldesk += e.app == QLatin1String("paldesk") ? 1 : 0;
    EXPECT_EQ(fromPaldesk, PerProcess);
}

TEST_F(LinkHistoryTest, CsvIsOldestFirstAndNoCellRunsAsAFormula)
{
    LinkChange c = update();
    c.directory.displayName = QStringLiteral("=HYPERLINK(\"http://evil.example\",\"click\")");
    ASSERT_TRUE(history.append(
        HistoryEntry::fromChange(update(QDateTime::currentDateTimeUtc().addSecs(-60)), QStringLiteral("palctl"))));
    ASSERT_TRUE(history.append(HistoryEntry::fromChange(c, QStringLiteral("paldesk"))));
    const QString csvPath = dir.filePath(QStringLiteral("history.csv"));
    ASSERT_TRUE(LinkHistory::writeCsv(csvPath, history.read()->entries));
    const QStringList lines = QString::fromUtf8(readFile(csvPath)).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
    ASSERT_EQ(lines.size(), 3);
    EXPECT_TRUE(lines.at(0).startsWith(QStringLiteral("time,app,action,tenantId,directory,")));
    EXPECT_TRUE(lines.at(1).contains(QStringLiteral(",palctl,update,")));
    EXPECT_TRUE(lines.at(2).contains(QStringLiteral("\"'=HYPERLINK(\"\"http://evil.example\"\"")))
        << qPrintable(lines.at(2));
    EXPECT_FALSE(LinkHistory::writeCsv(dir.filePath(QStringLiteral("history.xlsx")), {}));
}

// Issue 17: a server's 30 MB error message made history.jsonl's newest line 30 MB long; reading
// backwards copied the part read so far again for every block, the square of the line's length
// over the block size (49 s for `history list --limit 1` with 64 KiB blocks). A 16 MB line read in
// 1 KiB blocks would take that algorithm some 900 s, far past the test's timeout (120 s); read
// linearly it takes about a second, whatever the machine.
TEST_F(LinkHistoryTest, AVeryLongLineIsReadInTimeLinearInItsLength)
{
    ASSERT_TRUE(history.append(HistoryEntry::fromChange(update(), QStringLiteral("palctl"))));
    HistoryEntry huge = HistoryEntry::fromChange(refusedCreate(), QStringLiteral("palctl"));
    huge.errorMessage = QString(16 * 1024 * 1024, QLatin1Char('e')); // as an earlier version wrote it
    ASSERT_TRUE(history.append(huge));
    ASSERT_TRUE(history.append(HistoryEntry::fromChange(update(), QStringLiteral("paldesk"))));

    const auto page = LinkHistory::readFile(history.filePath(), {QString(), 3}, 1024);
    ASSERT_TRUE(page) << qPrintable(page.error().message);
    ASSERT_EQ(page->entries.size(), 3);
    EXPECT_EQ(page->damaged, 0);
    EXPECT_EQ(page->entries.at(0).app, QStringLiteral("paldesk"));
    const QString &message = page->entries.at(1).errorMessage;
    EXPECT_LE(message.size(), pal::MaxServiceText + 40) << "read back cut, as it is shown";
    EXPECT_TRUE(message.endsWith(QStringLiteral("(cut, 16777216 bytes)"))) << qPrintable(message.right(40));
    EXPECT_EQ(page->entries.at(2).app, QStringLiteral("palctl"));
}

TEST_F(LinkHistoryTest, EveryLineIsFoundWhateverTheBlockSize)
{
    for (int i = 0; i < 3; ++i)
        ASSERT_TRUE(history.append(HistoryEntry::fromChange(update(), QStringLiteral("palctl"))));
    const qint64 size = QFileInfo(history.filePath()).size();
    // Lines across block edges, longer than a block, a block ending just after a line break.
    for (const qint64 block : {qint64(1), qint64(7), qint64(64), size / 3, size / 3 + 1, size, size + 1})
        EXPECT_EQ(LinkHistory::readFile(history.filePath(), {}, block)->entries.size(), 3) << block;
}

// Issue 17: what a server said is recorded cut to a few KB.
TEST_F(LinkHistoryTest, TheRecordOfALongServerMessageIsCut)
{
    LinkChange c = refusedCreate();
    c.error->message = QString(1024 * 1024, QLatin1Char('e'));
    c.who.objectId = QStringLiteral("oid-1"); // recorded at once
    history.record(c, nullptr);
    const QByteArray file = readFile(history.filePath());
    EXPECT_LT(file.size(), 3 * pal::MaxServiceText);
    EXPECT_TRUE(file.contains("(cut, 1048576 bytes)")) << file.right(100).constData();
}

// Issue 17: the parts a ";" or tab reader splits out of a quoted cell do not run either.
TEST_F(LinkHistoryTest, CsvHasNoFormulaForAnySeparator)
{
    LinkChange c = update();
    c.directory.displayName = QStringLiteral("Northwind;=1+1;@SUM(A1:A9)");
    ASSERT_TRUE(history.append(HistoryEntry::fromChange(c, QStringLiteral("palctl"))));
    const QByteArray csv = LinkHistory::csv(history.read()->entries);
    EXPECT_TRUE(csv.contains("\"Northwind;'=1+1;'@SUM(A1:A9)\"")) << csv.constData();
    EXPECT_TRUE(pal::test::formulaParts(csv).isEmpty())
        << csv.constData() << "\n"
        << qPrintable(pal::test::formulaParts(csv).join(QLatin1Char('|')));
}

// Issue 17: an export lists tenants, object ids and user names: 0600, also over a file that was not.
TEST_F(LinkHistoryTest, CsvExportIsForItsOwnerOnly)
{
    ASSERT_TRUE(history.append(HistoryEntry::fromChange(update(), QStringLiteral("palctl"))));
    const QString csvPath = dir.filePath(QStringLiteral("history.csv"));
    QFile old(csvPath);
    ASSERT_TRUE(old.open(QIODevice::WriteOnly));
    old.close();
    ASSERT_TRUE(QFile::setPermissions(csvPath, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther));
    ASSERT_TRUE(LinkHistory::writeCsv(csvPath, history.read()->entries));
    EXPECT_EQ(pal::test::modeOf(csvPath), 0600);
}

TEST_F(LinkHistoryTest, AnUnreadableFileIsAnErrorThatNamesItAndChangesNothing)
{
    // A folder where the file should be: reading it fails, whoever runs the test (root too).
    ASSERT_TRUE(QDir().mkpath(path()));
    const auto page = history.read();
    ASSERT_FALSE(page);
    EXPECT_TRUE(page.error().message.contains(path())) << qPrintable(page.error().message);
    EXPECT_TRUE(page.error().message.contains(QStringLiteral("cannot be read")));
    EXPECT_FALSE(history.lastChange(Fabrikam)) << "unknown, not \"no change\"";

    QSignalSpy failed(&history, &LinkHistory::appendFailed);
    QSignalSpy changed(&history, &LinkHistory::changed);
    const auto appended = history.append(HistoryEntry::fromChange(update(), QStringLiteral("palctl")));
    ASSERT_FALSE(appended);
    EXPECT_TRUE(appended.error().message.contains(QStringLiteral("cannot be opened")))
        << qPrintable(appended.error().message);
    EXPECT_EQ(failed.count(), 1);
    EXPECT_EQ(changed.count(), 0);
    EXPECT_TRUE(QFileInfo(path()).isDir()) << "left as it was";
}

TEST_F(LinkHistoryTest, AHistoryWhoseFolderCannotBeMadeFailsTheAppendAlone)
{
    // A file where the folder should be.
    const QString blocker = dir.filePath(QStringLiteral("blocked"));
    appendRaw(blocker, "x");
    LinkHistory blocked(blocker + QStringLiteral("/paldesk/history.jsonl"), dir.filePath(QStringLiteral("config")),
                        QStringLiteral("palctl"));
    const auto appended = blocked.append(HistoryEntry::fromChange(update(), QStringLiteral("palctl")));
    ASSERT_FALSE(appended);
    EXPECT_TRUE(appended.error().message.contains(QStringLiteral("cannot be created")))
        << qPrintable(appended.error().message);
    EXPECT_EQ(readFile(blocker), QByteArray("x"));
    const auto page = blocked.read();
    ASSERT_TRUE(page) << "no file yet is an empty history";
    EXPECT_TRUE(page->entries.isEmpty());
}

TEST_F(LinkHistoryTest, ExportToAnUnwritablePlaceSaysWhyAndLeavesNoFile)
{
    ASSERT_TRUE(history.append(HistoryEntry::fromChange(update(), QStringLiteral("palctl"))));
    const QString nowhere = dir.filePath(QStringLiteral("no-such-folder/history.csv"));
    const auto written = LinkHistory::writeCsv(nowhere, history.read()->entries);
    ASSERT_FALSE(written);
    EXPECT_TRUE(written.error().message.contains(nowhere)) << qPrintable(written.error().message);
    EXPECT_FALSE(QFileInfo::exists(nowhere));
    // A folder by the name asked for is not overwritten.
    const QString folder = dir.filePath(QStringLiteral("taken.csv"));
    ASSERT_TRUE(QDir().mkpath(folder));
    EXPECT_FALSE(LinkHistory::writeCsv(folder, history.read()->entries));
    EXPECT_TRUE(QFileInfo(folder).isDir());
}
