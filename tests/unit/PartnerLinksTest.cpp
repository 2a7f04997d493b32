// PartnerLinks: every branch of the link-change policy (read first, write once, read again when the
// answer leaves the outcome open) against a fake ManagementPartner that keeps one link, plus the
// LinkState every front end shows.
#include "PartnerLinks.h"
#include "ArmPipeline.h"
#include "Clock.h"
#include "FakeNetwork.h"
#include "FakeTokens.h"
#include "ManagementPartnerClient.h"

#include <QEventLoop>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTimer>
#include <gtest/gtest.h>
#include <optional>

using pal::AzureError;
using pal::LinkChange;
using pal::LinkState;
using Outcome = pal::LinkChange::Outcome;
using Kind = pal::LinkState::Kind;

namespace {

const QString Tenant = QStringLiteral("00000000-0000-4000-8000-000000000001");
const QByteArray ObjectId = "11111111-1111-4111-8111-111111111111";

QByteArray linkBody(const QByteArray &partnerId)
{
    return R"({"id":"/providers/microsoft.managementpartner/partners/)" + partnerId +
           R"(","type":"Microsoft.ManagementPartner/partners","name":")" + partnerId +
           R"(","etag":1,"properties":{"partnerId":")" + partnerId + R"(","partnerName":"Partner )" + partnerId +
           R"(","tenantId":")" + Tenant.toLatin1() + R"(","objectId":")" + ObjectId +
           R"(","version":1,"createdTime":"2026-01-01T00:00:00Z","updatedTime":"2026-01-01T00:00:00Z","state":"Active"}})";
}

pal::test::FakeResponse status(int code, const QByteArray &errorCode = "Error")
{
    pal::test::FakeResponse a;
    a.status = code;
    a.body = R"({"error":{"code":")" + errorCode + R"(","message":"scripted )" + QByteArray::number(code) + R"("}})";
    a.headers = {{"x-ms-request-id", "req-" + QByteArray::number(code)}};
    return a;
}

pal::test::FakeResponse timeout()
{
    pal::test::FakeResponse a;
    a.status = 0;
    a.body.clear();
    a.error = QNetworkReply::TimeoutError;
    return a;
}

// ManagementPartner with one link for the caller. A scripted answer for a verb is given once,
// instead of the service's own; `applied` says whether the write took effect all the same (its
// answer was lost after the change was made), and `meanwhile` changes the link first (another
// process acting between our read and our write).
struct Scripted
{
    pal::test::FakeResponse answer;
    bool applied = false;
    std::optional<std::optional<QByteArray>> meanwhile;
};

// `answer`, after another process left `linkNow` linked (nullopt: removed the link).
Scripted meanwhile(pal::test::FakeResponse answer, std::optional<QByteArray> linkNow)
{
    Scripted s;
    s.answer = std::move(answer);
    s.meanwhile.emplace(std::move(linkNow));
    return s;
}

class FakePartnerService
{
public:
    std::optional<QByteArray> linked;
    QHash<QByteArray, QList<Scripted>> scripted; // by verb
    QHash<QByteArray, int> count;                // requests by verb

    pal::test::FakeResponse answer(const pal::test::RecordedRequest &s)
    {
        ++count[s.method];
        const QByteArray id = s.url.path().section(QLatin1Char('/'), -1).toLatin1();
        std::optional<Scripted> script;
        if (!scripted.value(s.method).isEmpty())
            script = scripted[s.method].takeFirst();
        if (script && script->meanwhile)
            linked = *script->meanwhile;
        if (script && !script->applied)
            return script->answer;
        pal::test::FakeResponse a = serve(s.method, id);
        return script ? script->answer : a;
    }

private:
    pal::test::FakeResponse serve(const QByteArray &verb, const QByteArray &id)
    {
        pal::test::FakeResponse a;
        if (verb == "GET") {
            if (!linked)
                return status(404, "NotFound");
            a.body = linkBody(*linked);
        } else if (verb == "PUT") {
            if (linked)
                return status(409, "Conflict");
            linked = id;
            a.body = linkBody(id);
        } else if (verb == "PATCH") {
            if (!linked)
                return status(404, "NotFound");
            linked = id;
            a.body = linkBody(id);
        } else if (verb == "DELETE") {
            if (linked != id)
                return status(404, "NotFound");
            linked.reset();
            a.contentType.clear();
        }
        return a;
    }
};

class PartnerLinksTest : public ::testing::Test
{
protected:
    PartnerLinksTest()
        : m_pipeline(&m_network, &m_tokens, pal::CloudEnvironment::azureCloud(), pal::RetryPolicy::none(), &m_clock)
        , m_client(&m_pipeline)
        , m_links(&m_client, QStringLiteral("admin@contoso.example"), &m_clock)
    {
        m_network.handler = [this](const pal::test::RecordedRequest &s) { return m_service.answer(s); };
        m_directory.tenantId = Tenant;
        m_directory.displayName = QStringLiteral("Contoso");
    }

    using Operation = pal::CallHandle (pal::PartnerLinks::*)(const pal::Directory &, const pal::PartnerId &, QObject *,
                                                             pal::LinkChangeDone);

    LinkChange run(Operation operation, const char *partnerId)
    {
        std::optional<LinkChange> result;
        int calls = 0;
        QEventLoop loop;
        const pal::CallHandle call = (m_links.*operation)(
            m_directory, pal::PartnerId::parse(QLatin1String(partnerId)).value(), &m_context, [&](const LinkChange &c) {
                ++calls;
                result = c;
                loop.quit();
            });
        if (!result) {
            QTimer::singleShot(10000, &loop, &QEventLoop::quit);
            loop.exec();
        }
        EXPECT_EQ(calls, 1);
        return result.value_or(LinkChange{});
    }
    LinkChange create(const char *id) { return run(&pal::PartnerLinks::create, id); }
    LinkChange update(const char *id) { return run(&pal::PartnerLinks::update, id); }
    LinkChange remove(const char *id) { return run(&pal::PartnerLinks::remove, id); }

    LinkState read()
    {
        std::optional<LinkState> result;
        QEventLoop loop;
        const pal::CallHandle call = m_links.read(m_directory, &m_context, [&](const LinkState &s) {
            result = s;
            loop.quit();
        });
        if (!result)
            loop.exec();
        return *result;
    }

    void script(const QByteArray &verb, pal::test::FakeResponse answer, bool applied = false)
    {
        m_service.scripted[verb].append(Scripted{std::move(answer), applied, std::nullopt});
    }
    int writes() const
    {
        return m_service.count.value("PUT") + m_service.count.value("PATCH") + m_service.count.value("DELETE");
    }

    pal::test::FakeNetwork m_network;
    pal::test::FakeTokens m_tokens;
    pal::ManualClock m_clock;
    pal::ArmPipeline m_pipeline;
    pal::ManagementPartnerClient m_client;
    pal::PartnerLinks m_links;
    FakePartnerService m_service;
    pal::Directory m_directory;
    QObject m_context;
};

} // namespace

TEST_F(PartnerLinksTest, CreateWhenNotLinkedReadsFirstThenPutsOnceAndAnnouncesIt)
{
    QSignalSpy changed(&m_links, &pal::PartnerLinks::linkChanged);
    QSignalSpy failed(&m_links, &pal::PartnerLinks::linkChangeFailed);
    const LinkChange c = create("1234567");
    EXPECT_EQ(c.outcome, Outcome::Done);
    EXPECT_TRUE(c.succeeded());
    EXPECT_EQ(c.before.kind, Kind::NotLinked);
    EXPECT_EQ(c.after.kind, Kind::Linked);
    EXPECT_EQ(c.after.partnerId(), QStringLiteral("1234567"));
    EXPECT_FALSE(c.error);
    EXPECT_TRUE(c.writeSent);
    EXPECT_FALSE(c.readAgain);
    EXPECT_EQ(m_service.count.value("PUT"), 1);
    EXPECT_GE(m_service.count.value("GET"), 1) << "read first";
    ASSERT_EQ(changed.size(), 1);
    EXPECT_EQ(failed.size(), 0);
    const LinkChange announced = changed.first().first().value<LinkChange>();
    EXPECT_EQ(announced.action, LinkChange::Action::Create);
    EXPECT_EQ(announced.actionName(), QStringLiteral("create"));
    EXPECT_EQ(announced.directory.tenantId, Tenant);
    EXPECT_EQ(announced.who.username, QStringLiteral("admin@contoso.example"));
    EXPECT_EQ(announced.who.objectId, QString::fromLatin1(ObjectId));
    EXPECT_EQ(announced.when, m_clock.now());
    EXPECT_FALSE(announced.before.isLinked());
    EXPECT_EQ(announced.after.partnerId(), QStringLiteral("1234567"));
}

TEST_F(PartnerLinksTest, CreateWhenTheSameIdIsLinkedChangesNothing)
{
    m_service.linked = "1234567";
    QSignalSpy changed(&m_links, &pal::PartnerLinks::linkChanged);
    QSignalSpy failed(&m_links, &pal::PartnerLinks::linkChangeFailed);
    const LinkChange c = create("1234567");
    EXPECT_EQ(c.outcome, Outcome::Unchanged);
    EXPECT_TRUE(c.succeeded());
    EXPECT_FALSE(c.writeSent);
    EXPECT_EQ(c.after.partnerId(), QStringLiteral("1234567"));
    EXPECT_EQ(writes(), 0);
    EXPECT_EQ(changed.size() + failed.size(), 0);
}

TEST_F(PartnerLinksTest, CreateWhenAnotherIdIsLinkedIsRefusedNamingItWithoutAPut)
{
    m_service.linked = "7654321";
    QSignalSpy failed(&m_links, &pal::PartnerLinks::linkChangeFailed);
    const LinkChange c = create("1234567");
    EXPECT_EQ(c.outcome, Outcome::NotDone);
    ASSERT_TRUE(c.error);
    EXPECT_EQ(c.error->kind, AzureError::Kind::Conflict);
    EXPECT_TRUE(c.error->message.contains(QStringLiteral("7654321"))) << qPrintable(c.error->message);
    EXPECT_EQ(c.after.partnerId(), QStringLiteral("7654321"));
    EXPECT_FALSE(c.writeSent);
    EXPECT_EQ(writes(), 0);
    ASSERT_EQ(failed.size(), 1) << "a failed attempt is announced too";
    EXPECT_EQ(failed.first().first().value<LinkChange>().error->kind, AzureError::Kind::Conflict);
}

TEST_F(PartnerLinksTest, ConflictOnThePutReadsAgainAndSaysWhoIsLinked)
{
    // Another process links 7654321 between our read and our PUT.
    m_service.scripted["PUT"].append(meanwhile(status(409, "Conflict"), QByteArray("7654321")));
    const LinkChange c = create("1234567");
    EXPECT_EQ(c.outcome, Outcome::NotDone);
    EXPECT_TRUE(c.readAgain);
    EXPECT_EQ(c.error->kind, AzureError::Kind::Conflict);
    EXPECT_EQ(c.error->requestId, QStringLiteral("req-409"));
    EXPECT_EQ(c.after.partnerId(), QStringLiteral("7654321"));
    EXPECT_EQ(m_service.count.value("PUT"), 1);
}

TEST_F(PartnerLinksTest, ConflictOnThePutWithOurIdLinkedMeanwhileIsUnchanged)
{
    m_service.scripted["PUT"].append(meanwhile(status(409, "Conflict"), QByteArray("1234567")));
    QSignalSpy changed(&m_links, &pal::PartnerLinks::linkChanged);
    const LinkChange c = create("1234567");
    EXPECT_EQ(c.outcome, Outcome::Unchanged) << "linked as asked, but not by us";
    EXPECT_TRUE(c.readAgain);
    EXPECT_FALSE(c.error);
    EXPECT_EQ(changed.size(), 0);
}

TEST_F(PartnerLinksTest, A504AfterThePutWasAppliedIsReadAgainAndDoneNeverResent)
{
    // What users met: the PUT was made, its answer was a 504, and a re-sent PUT said "already linked".
    script("PUT", status(504, "GatewayTimeout"), /*applied*/ true);
    QSignalSpy changed(&m_links, &pal::PartnerLinks::linkChanged);
    const LinkChange c = create("1234567");
    EXPECT_EQ(c.outcome, Outcome::Done);
    EXPECT_TRUE(c.readAgain);
    EXPECT_FALSE(c.error);
    EXPECT_EQ(c.after.partnerId(), QStringLiteral("1234567"));
    EXPECT_EQ(m_service.count.value("PUT"), 1) << "a write is never sent twice";
    EXPECT_EQ(changed.size(), 1);
}

TEST_F(PartnerLinksTest, ATimeoutOnThePutThatWasNotAppliedIsNotDone)
{
    script("PUT", timeout());
    const LinkChange c = create("1234567");
    EXPECT_EQ(c.outcome, Outcome::NotDone);
    EXPECT_TRUE(c.readAgain);
    ASSERT_TRUE(c.error);
    EXPECT_EQ(c.error->kind, AzureError::Kind::Timeout);
    EXPECT_FALSE(c.error->message.contains(QStringLiteral("may have been made")))
        << "reading settled it: " << qPrintable(c.error->message);
    EXPECT_EQ(c.after.kind, Kind::NotLinked);
    EXPECT_EQ(m_service.count.value("PUT"), 1);
}

TEST_F(PartnerLinksTest, ALostAnswerAndAFailedReadMayHaveBeenMade)
{
    script("PUT", status(500, "InternalServerError"), /*applied*/ true);
    // The first read is fine (the GET partners/ → 404 → GET partners fallback), the one after the PUT fails.
    QSignalSpy failed(&m_links, &pal::PartnerLinks::linkChangeFailed);
    m_network.handler = [this, puts = 0](const pal::test::RecordedRequest &s) mutable {
        if (s.method == "PUT")
            ++puts;
        if (s.method == "GET" && puts > 0)
            return status(503, "ServiceUnavailable");
        return m_service.answer(s);
    };
    const LinkChange c = create("1234567");
    EXPECT_EQ(c.outcome, Outcome::MayBeDone);
    EXPECT_FALSE(c.succeeded());
    ASSERT_TRUE(c.error);
    EXPECT_EQ(c.error->kind, AzureError::Kind::Server);
    EXPECT_EQ(c.error->httpStatus, 500);
    EXPECT_EQ(c.after.kind, Kind::Failed);
    EXPECT_EQ(m_service.count.value("PUT"), 1);
    EXPECT_EQ(failed.size(), 1);
}

TEST_F(PartnerLinksTest, AFailedFirstReadSendsNoWrite)
{
    script("GET", status(403, "AuthorizationFailed"));
    const LinkChange c = create("1234567");
    EXPECT_EQ(c.outcome, Outcome::NotDone);
    EXPECT_EQ(c.error->kind, AzureError::Kind::Forbidden);
    EXPECT_EQ(c.before.kind, Kind::Failed);
    EXPECT_FALSE(c.writeSent);
    EXPECT_EQ(writes(), 0);
}

TEST_F(PartnerLinksTest, ARefusedWriteIsNotReadAgain)
{
    script("PUT", status(403, "AuthorizationFailed"));
    const LinkChange c = create("1234567");
    EXPECT_EQ(c.outcome, Outcome::NotDone);
    EXPECT_EQ(c.error->kind, AzureError::Kind::Forbidden);
    EXPECT_FALSE(c.readAgain);
    EXPECT_EQ(c.after.kind, Kind::NotLinked) << "as read first";
}

TEST_F(PartnerLinksTest, UpdateWhenNothingIsLinkedIsNotFoundWithoutAPatch)
{
    const LinkChange c = update("1234567");
    EXPECT_EQ(c.outcome, Outcome::NotDone);
    EXPECT_EQ(c.error->kind, AzureError::Kind::NotFound);
    EXPECT_EQ(writes(), 0);
}

TEST_F(PartnerLinksTest, UpdateChangesTheLinkAndKnowsWhatWasBefore)
{
    m_service.linked = "7654321";
    QSignalSpy changed(&m_links, &pal::PartnerLinks::linkChanged);
    const LinkChange c = update("1234567");
    EXPECT_EQ(c.outcome, Outcome::Done);
    EXPECT_EQ(c.before.partnerId(), QStringLiteral("7654321"));
    EXPECT_EQ(c.after.partnerId(), QStringLiteral("1234567"));
    EXPECT_EQ(m_service.count.value("PATCH"), 1);
    ASSERT_EQ(changed.size(), 1);
    EXPECT_EQ(changed.first().first().value<LinkChange>().actionName(), QStringLiteral("update"));
}

TEST_F(PartnerLinksTest, UpdateToTheLinkedIdChangesNothing)
{
    m_service.linked = "1234567";
    const LinkChange c = update("1234567");
    EXPECT_EQ(c.outcome, Outcome::Unchanged);
    EXPECT_EQ(writes(), 0);
}

TEST_F(PartnerLinksTest, ALinkThatVanishedBeforeThePatchIsReadAgain)
{
    m_service.linked = "7654321";
    m_service.scripted["PATCH"].append(meanwhile(status(404, "NotFound"), std::nullopt));
    const LinkChange c = update("1234567");
    EXPECT_EQ(c.outcome, Outcome::NotDone);
    EXPECT_TRUE(c.readAgain);
    EXPECT_EQ(c.error->kind, AzureError::Kind::NotFound);
    EXPECT_EQ(c.after.kind, Kind::NotLinked);
}

TEST_F(PartnerLinksTest, ATimedOutPatchThatWasAppliedIsDone)
{
    m_service.linked = "7654321";
    script("PATCH", timeout(), /*applied*/ true);
    const LinkChange c = update("1234567");
    EXPECT_EQ(c.outcome, Outcome::Done);
    EXPECT_TRUE(c.readAgain);
    EXPECT_EQ(c.after.partnerId(), QStringLiteral("1234567"));
    EXPECT_EQ(m_service.count.value("PATCH"), 1);
}

TEST_F(PartnerLinksTest, A502PatchThatWasNotAppliedIsNotDoneAndShowsTheOldLink)
{
    m_service.linked = "7654321";
    script("PATCH", status(502, "BadGateway"));
    const LinkChange c = update("1234567");
    EXPECT_EQ(c.outcome, Outcome::NotDone);
    EXPECT_EQ(c.error->httpStatus, 502);
    EXPECT_EQ(c.after.partnerId(), QStringLiteral("7654321"));
}

TEST_F(PartnerLinksTest, DeleteRemovesTheConfirmedLink)
{
    m_service.linked = "1234567";
    QSignalSpy changed(&m_links, &pal::PartnerLinks::linkChanged);
    const LinkChange c = remove("1234567");
    EXPECT_EQ(c.outcome, Outcome::Done);
    EXPECT_EQ(c.before.partnerId(), QStringLiteral("1234567"));
    EXPECT_EQ(c.after.kind, Kind::NotLinked);
    EXPECT_EQ(m_service.count.value("DELETE"), 1);
    EXPECT_FALSE(m_service.linked);
    ASSERT_EQ(changed.size(), 1);
    EXPECT_EQ(changed.first().first().value<LinkChange>().who.objectId, QString::fromLatin1(ObjectId))
        << "the identity as the removed link named it";
}

TEST_F(PartnerLinksTest, DeleteNeverRemovesALinkToAnotherId)
{
    m_service.linked = "7654321";
    const LinkChange c = remove("1234567");
    EXPECT_EQ(c.outcome, Outcome::NotDone);
    EXPECT_EQ(c.error->kind, AzureError::Kind::NotFound);
    EXPECT_TRUE(c.error->message.contains(QStringLiteral("the linked partner ID is 7654321")));
    EXPECT_EQ(writes(), 0);
    EXPECT_EQ(m_service.linked, QByteArray("7654321"));
}

TEST_F(PartnerLinksTest, DeleteWhenNothingIsLinkedChangesNothing)
{
    const LinkChange c = remove("1234567");
    EXPECT_EQ(c.outcome, Outcome::Unchanged);
    EXPECT_EQ(writes(), 0);
}

TEST_F(PartnerLinksTest, A504DeleteIsReadAgain)
{
    m_service.linked = "1234567";
    script("DELETE", status(504, "GatewayTimeout"), /*applied*/ true);
    LinkChange c = remove("1234567");
    EXPECT_EQ(c.outcome, Outcome::Done);
    EXPECT_TRUE(c.readAgain);

    m_service.linked = "1234567";
    script("DELETE", status(504, "GatewayTimeout"), /*applied*/ false);
    c = remove("1234567");
    EXPECT_EQ(c.outcome, Outcome::NotDone);
    EXPECT_EQ(c.after.partnerId(), QStringLiteral("1234567"));
    EXPECT_EQ(m_service.count.value("DELETE"), 2) << "one per attempt";
}

TEST_F(PartnerLinksTest, TheOutcomeReachesTheHistoryEvenWhenTheAskerIsGone)
{
    QSignalSpy changed(&m_links, &pal::PartnerLinks::linkChanged);
    auto context = std::make_unique<QObject>();
    bool called = false;
    const pal::CallHandle call = m_links.create(m_directory, pal::PartnerId::parse(QStringLiteral("1234567")).value(),
                                                context.get(), [&](const LinkChange &) { called = true; });
    context.reset(); // the view closed
    ASSERT_TRUE(changed.wait(5000));
    EXPECT_FALSE(called);
    EXPECT_EQ(m_service.linked, QByteArray("1234567"));
}

TEST_F(PartnerLinksTest, ReadComparesWithTheExpectedPartnerId)
{
    EXPECT_EQ(read().kind, Kind::NotLinked);
    m_service.linked = "7654321";
    EXPECT_EQ(read().kind, Kind::Linked) << "nothing expected: any link is fine";
    m_links.setExpectation([](const pal::Directory &) { return QStringLiteral("1234567"); });
    const LinkState other = read();
    EXPECT_EQ(other.kind, Kind::LinkedToOther);
    EXPECT_FALSE(other.matchesExpected());
    EXPECT_EQ(other.summary(), QStringLiteral("Linked to 7654321, not 1234567"));
    script("GET", status(403, "AuthorizationFailed"));
    const LinkState failed = read();
    EXPECT_EQ(failed.kind, Kind::Failed);
    EXPECT_EQ(failed.error->kind, AzureError::Kind::Forbidden);
    EXPECT_EQ(failed.name(), QStringLiteral("error"));
}

TEST(LinkState, NamesAreTheOnesPalctlPrints)
{
    const QDateTime at = QDateTime::currentDateTimeUtc();
    pal::PartnerLink link;
    link.partnerId = QStringLiteral("7654321");
    link.partnerName = QStringLiteral("Previous Partner Inc.");
    EXPECT_EQ(LinkState{}.name(), QStringLiteral("unchecked"));
    EXPECT_EQ(LinkState::linked(link, {}, at).name(), QStringLiteral("linked"));
    EXPECT_EQ(LinkState::linked(link, QStringLiteral("1234567"), at).name(), QStringLiteral("linked"));
    EXPECT_EQ(LinkState::notLinked(at).name(), QStringLiteral("not linked"));
    EXPECT_EQ(LinkState::failed(AzureError::make(AzureError::Kind::Server, {}), at).name(), QStringLiteral("error"));
    const LinkState mfa =
        LinkState::failed(AzureError::make(AzureError::Kind::InteractionRequired, QStringLiteral("MFA")), at);
    EXPECT_EQ(mfa.name(), QStringLiteral("sign-in needed"));
    EXPECT_EQ(mfa.summary(), QStringLiteral("Sign-in needed"));
    EXPECT_TRUE(mfa.needsSignIn());
    EXPECT_EQ(LinkState::notLinked(at).checking().name(), QStringLiteral("checking"));

    const QJsonObject other = LinkState::linked(link, QStringLiteral("1234567"), at).toJson();
    EXPECT_EQ(other.value(QStringLiteral("linkState")).toString(), QStringLiteral("linked"));
    EXPECT_EQ(other.value(QStringLiteral("partnerId")).toString(), QStringLiteral("7654321"));
    EXPECT_EQ(other.value(QStringLiteral("partnerName")).toString(), QStringLiteral("Previous Partner Inc."));
    EXPECT_FALSE(other.value(QStringLiteral("matchesExpected")).toBool());
    const QJsonObject none = LinkState::notLinked(at).toJson();
    EXPECT_TRUE(none.value(QStringLiteral("partnerId")).isNull());
    EXPECT_FALSE(none.contains(QStringLiteral("matchesExpected")));
}

TEST(LinkState, ComparingAgainKeepsTheAnswer)
{
    pal::PartnerLink link;
    link.partnerId = QStringLiteral("1234567");
    const LinkState s = LinkState::linked(link, QStringLiteral("7654321"), QDateTime::currentDateTimeUtc());
    EXPECT_EQ(s.kind, Kind::LinkedToOther);
    EXPECT_EQ(s.comparedWith(QStringLiteral("1234567")).kind, Kind::Linked);
    EXPECT_EQ(s.comparedWith({}).kind, Kind::Linked);
    EXPECT_EQ(LinkState::notLinked({}).comparedWith(QStringLiteral("1234567")).kind, Kind::NotLinked);
    EXPECT_EQ(s.checking().comparedWith(QStringLiteral("1234567")).kind, Kind::Checking) << "still being read";
}
