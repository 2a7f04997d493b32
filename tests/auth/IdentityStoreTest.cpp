// The identity store without a server or a keychain: the merge rules of the token cache, its
// keychain layout (one JSON item; split by generations for a store with an item limit; the first
// version's chunks), and AccountManager objects standing in for separate processes that share one
// configuration folder and one "keychain": sign-out that holds, damaged items, parallel refreshes
// with one keychain write and one discovery, scoped tokens. The configuration files themselves
// (lock, settings.json) are ConfigFilesTest's.
#include "AccountManager.h"
#include "AccountTokenProvider.h"
#include "CacheSecret.h"
#include "EntraError.h"
#include "FakeEntra.h"
#include "SecretStore.h"
#include "TestFiles.h"
#include "TokenCache.h"
#include "Wait.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <gtest/gtest.h>

using namespace pal;
using namespace pal::test;

namespace {

// A SecretStore that counts writes per key and can fail the N-th write (a process killed mid-way).
class RecordingStore final : public SecretStore
{
public:
    explicit RecordingStore(int maxItemBytes = 0)
        : inner(maxItemBytes)
    {}
    bool isPersistent() const override { return true; }
    QString description() const override { return QStringLiteral("test"); }
    int maxItemBytes() const override { return inner.maxItemBytes(); }
    void write(const QString &key, const QByteArray &secret, QObject *context, Completion<Done> done) override
    {
        ++writes[key];
        if (failWritesFrom > 0 && ++writeCount >= failWritesFrom) {
            QTimer::singleShot(0, context, [done] {
                done(AzureError::make(AzureError::Kind::Keychain, QStringLiteral("cut short")));
            });
            return;
        }
        if (holdWrites) { // a slow keychain: the write waits until release()
            held.append([this, key, secret, context, done] { inner.write(key, secret, context, done); });
            return;
        }
        inner.write(key, secret, context, std::move(done));
    }
    void release()
    {
        holdWrites = false;
        for (const auto &w : std::exchange(held, {}))
            w();
    }
    void read(const QString &key, QObject *context, Completion<QByteArray> done) override
    {
        inner.read(key, context, std::move(done));
    }
    void remove(const QString &key, QObject *context, Completion<Done> done) override
    {
        inner.remove(key, context, std::move(done));
    }
    QHash<QString, QByteArray> &items() { return inner.items(); }

    MemorySecretStore inner;
    QHash<QString, int> writes;
    int failWritesFrom = 0; // > 0: this write and every later one fail
    int writeCount = 0;
    bool holdWrites = false;
    QList<std::function<void()>> held;
};

Expected<Done> writeCache(SecretStore *store, const QString &key, const QByteArray &doc)
{
    QObject context;
    auto r = await<Done>([&](Completion<Done> done) { CacheSecret::write(store, key, doc, &context, done); });
    return r ? *r : Expected<Done>(AzureError::make(AzureError::Kind::Timeout, QStringLiteral("test timeout")));
}

Expected<QByteArray> readCache(SecretStore *store, const QString &key)
{
    QObject context;
    auto r = await<QByteArray>([&](Completion<QByteArray> done) { CacheSecret::read(store, key, &context, done); });
    return r ? *r : Expected<QByteArray>(AzureError::make(AzureError::Kind::Timeout, QStringLiteral("test timeout")));
}

QByteArray bigDocument(int bytes)
{
    QByteArray doc = R"({"AccessToken":{"k":{"secret":")";
    while (doc.size() < bytes)
        doc.append(char('a' + doc.size() % 26));
    return doc + R"("}}})";
}

} // namespace

// ---- merge rules ----

namespace {

TokenCache cacheOf(const QByteArray &json)
{
    return TokenCache::fromJson(json).value();
}

QJsonObject entry(const TokenCache &cache, const char *section, const char *key)
{
    return cache.json().value(QLatin1String(section)).toObject().value(QLatin1String(key)).toObject();
}

} // namespace

TEST(TokenCacheMerge, NewerRefreshTokenWinsAndEveryOtherEntryIsKept)
{
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1'000'000, Qt::UTC);
    const TokenCache disk = cacheOf(R"({
        "RefreshToken": {"rt": {"secret": "from-disk", "last_modification_time": "900"}},
        "AccessToken": {"at-a": {"secret": "a-disk", "cached_at": "950", "expires_on": "1003600"},
                        "at-b": {"secret": "b-disk", "cached_at": "950", "expires_on": "1003600"},
                        "at-old": {"secret": "expired", "cached_at": "1", "expires_on": "999999"}},
        "Account": {"acct-other": {"username": "other"}}, "Custom": {"x": {"y": 1}}})");
    const TokenCache mine = cacheOf(R"({
        "RefreshToken": {"rt": {"secret": "mine-older", "last_modification_time": "800"},
                         "rt2": {"secret": "mine-only", "last_modification_time": "800"}},
        "AccessToken": {"at-a": {"secret": "a-mine", "cached_at": "990", "expires_on": "1003600"},
                        "at-b": {"secret": "b-mine", "cached_at": "900", "expires_on": "1003600"}}})");
    const TokenCache merged = TokenCache::merged(disk, mine, now);
    EXPECT_EQ(entry(merged, "RefreshToken", "rt").value(QLatin1String("secret")).toString(),
              QStringLiteral("from-disk")); // newer on disk: another process's rotation is not lost
    EXPECT_EQ(entry(merged, "RefreshToken", "rt2").value(QLatin1String("secret")).toString(),
              QStringLiteral("mine-only"));
    EXPECT_EQ(entry(merged, "AccessToken", "at-a").value(QLatin1String("secret")).toString(),
              QStringLiteral("a-mine")); // cached later here
    EXPECT_EQ(entry(merged, "AccessToken", "at-b").value(QLatin1String("secret")).toString(),
              QStringLiteral("b-disk")); // cached later there
    EXPECT_TRUE(entry(merged, "AccessToken", "at-old").isEmpty()) << "expired access tokens are dropped";
    EXPECT_EQ(entry(merged, "Account", "acct-other").value(QLatin1String("username")).toString(),
              QStringLiteral("other"));
    EXPECT_EQ(merged.json().value(QLatin1String("Custom")).toObject().size(), 1);

    // The other way round, this process's newer refresh token wins.
    const TokenCache newer = cacheOf(R"({"RefreshToken": {"rt": {"secret": "mine-newer",
        "last_modification_time": "901"}}})");
    EXPECT_EQ(entry(TokenCache::merged(disk, newer, now), "RefreshToken", "rt").value(QLatin1String("secret")),
              QStringLiteral("mine-newer"));
}

// What a copy takes from another is what merged() would: and only that, so the copy in memory can
// take in another process's tokens after a save without merging the whole cache again.
TEST(TokenCacheMerge, AbsorbTakesOnlyTheOtherCopysNewerEntries)
{
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1'000'000, Qt::UTC);
    const TokenCache disk = cacheOf(R"({
        "RefreshToken": {"rt": {"secret": "from-disk", "last_modification_time": "900"}},
        "AccessToken": {"at-a": {"secret": "a-disk", "realm": "a", "cached_at": "950", "expires_on": "1003600"},
                        "at-same": {"secret": "same", "realm": "s", "cached_at": "900", "expires_on": "1003600"},
                        "at-disk": {"secret": "disk-only", "realm": "d", "cached_at": "900", "expires_on": "1003600"},
                        "at-old": {"secret": "expired", "realm": "o", "cached_at": "1", "expires_on": "999999"}}})");
    TokenCache mine = cacheOf(R"({
        "RefreshToken": {"rt": {"secret": "mine-older", "last_modification_time": "800"}},
        "AccessToken": {"at-a": {"secret": "a-mine", "realm": "a", "cached_at": "990", "expires_on": "1003600"},
                        "at-same": {"secret": "same", "realm": "s", "cached_at": "900", "expires_on": "1003600"}}})");
    const TokenCache expected = TokenCache::merged(disk, mine, now);
    const TokenCache taken = mine.absorb(disk, now);
    EXPECT_EQ(mine.json(), expected.json());
    EXPECT_EQ(taken.json().value(QLatin1String("AccessToken")).toObject().keys(),
              (QStringList{QStringLiteral("at-disk")}))
        << "neither this copy's newer token nor the one both have, nor the expired one";
    EXPECT_EQ(entry(taken, "RefreshToken", "rt").value(QLatin1String("secret")).toString(),
              QStringLiteral("from-disk"));

    // Another copy of this process's cache that moved on meanwhile takes the same, and keeps its own.
    TokenCache memory = cacheOf(R"({
        "RefreshToken": {"rt": {"secret": "mine-older", "last_modification_time": "800"}},
        "AccessToken": {"at-a": {"secret": "a-mine", "realm": "a", "cached_at": "990", "expires_on": "1003600"},
                        "at-new": {"secret": "new", "realm": "n", "cached_at": "995", "expires_on": "1003600"}}})");
    memory.absorb(taken, now);
    EXPECT_EQ(entry(memory, "RefreshToken", "rt").value(QLatin1String("secret")).toString(),
              QStringLiteral("from-disk"));
    EXPECT_EQ(entry(memory, "AccessToken", "at-new").value(QLatin1String("secret")).toString(), QStringLiteral("new"));
    const auto found = memory.findAccessToken({}, {}, {}, QStringLiteral("d"), {}, now);
    ASSERT_TRUE(found) << "a token taken in is found like any other";
    EXPECT_EQ(found->secret, QByteArray("disk-only"));
}

// ---- keychain layout ----

TEST(CacheSecret, WithoutAnItemLimitTheCacheIsOneItemOfMsalJson)
{
    MemorySecretStore store;
    const QByteArray doc = bigDocument(100'000);
    ASSERT_TRUE(writeCache(&store, QStringLiteral("a/tokencache"), doc));
    EXPECT_EQ(store.items().size(), 1);
    EXPECT_EQ(store.items().value(QStringLiteral("a/tokencache")), doc);
    EXPECT_EQ(readCache(&store, QStringLiteral("a/tokencache")).value(), doc);
    EXPECT_TRUE(readCache(&store, QStringLiteral("missing")).value().isEmpty());
}

TEST(CacheSecret, ALimitedStoreGetsGenerationsOfPiecesAndThePointerLast)
{
    RecordingStore store(256);
    const QString key = QStringLiteral("a/tokencache");
    const QByteArray first = bigDocument(2'000);
    ASSERT_TRUE(writeCache(&store, key, first));
    for (auto it = store.items().begin(); it != store.items().end(); ++it)
        EXPECT_LE(it.value().size(), 256) << it.key().toStdString();
    const QJsonObject pointer = QJsonDocument::fromJson(store.items().value(key)).object();
    EXPECT_EQ(pointer.value(QLatin1String("generation")).toInt(), 1);
    EXPECT_EQ(pointer.value(QLatin1String("pieces")).toInt(), 8);
    EXPECT_EQ(pointer.value(QLatin1String("sha256")).toString().size(), 64);
    EXPECT_EQ(readCache(&store, key).value(), first);

    const QByteArray second = bigDocument(1'000);
    ASSERT_TRUE(writeCache(&store, key, second));
    EXPECT_EQ(readCache(&store, key).value(), second);
    EXPECT_FALSE(store.items().contains(CacheSecret::pieceKey(key, 1, 0))) << "old generation deleted after";
    EXPECT_EQ(store.items().size(), 4 + 1);

    // A write cut short before the pointer switched leaves the previous document whole.
    store.failWritesFrom = store.writeCount + 3;
    ASSERT_FALSE(writeCache(&store, key, bigDocument(3'000)));
    store.failWritesFrom = 0;
    EXPECT_EQ(readCache(&store, key).value(), second);
    // The next write takes over the cut-short generation's pieces and leaves nothing of it behind.
    ASSERT_TRUE(writeCache(&store, key, first));
    EXPECT_EQ(readCache(&store, key).value(), first);
    EXPECT_EQ(store.items().size(), 8 + 1);

    // A damaged piece is "sign in again", not a keychain failure.
    store.items()[CacheSecret::pieceKey(key, 3, 2)] = "xxxx";
    const auto damaged = readCache(&store, key);
    ASSERT_FALSE(damaged);
    EXPECT_EQ(damaged.error().kind, AzureError::Kind::InteractionRequired);
    EXPECT_EQ(damaged.error().code, QStringLiteral("damaged_cache"));

    QObject context;
    auto removed = await<Done>([&](Completion<Done> done) { CacheSecret::remove(&store, key, &context, done); });
    ASSERT_TRUE(removed && *removed);
    EXPECT_TRUE(store.items().isEmpty()) << store.items().keys().join(QLatin1Char(' ')).toStdString();
}

TEST(CacheSecret, TheFirstVersionsChunksAreReadReplacedAndRemovedBeyondTheirCount)
{
    MemorySecretStore store;
    const QString key = QStringLiteral("a/tokencache");
    const QByteArray doc = R"({"AccessToken":{},"RefreshToken":{}})";
    store.items().insert(key, R"({"chunks":2,"bytes":)" + QByteArray::number(doc.size()) + "}");
    store.items().insert(key + QStringLiteral(".0"), doc.left(20));
    store.items().insert(key + QStringLiteral(".1"), doc.mid(20));
    EXPECT_EQ(readCache(&store, key).value(), doc);

    ASSERT_TRUE(writeCache(&store, key, doc)); // rewritten in the new layout
    EXPECT_EQ(store.items().value(key), doc);
    EXPECT_EQ(store.items().size(), 1);

    // Chunks past the manifest's count (a write of the first version cut short) go at sign-out.
    store.items().insert(key, R"({"chunks":1,"bytes":20})");
    store.items().insert(key + QStringLiteral(".0"), doc.left(20));
    store.items().insert(key + QStringLiteral(".4"), "left over");
    store.items().insert(key + QStringLiteral(".9"), "left over");
    const auto incomplete = readCache(&store, key);
    ASSERT_TRUE(incomplete); // a legacy document cut short: its JSON check happens in TokenCache
    QObject context;
    auto removed = await<Done>([&](Completion<Done> done) { CacheSecret::remove(&store, key, &context, done); });
    ASSERT_TRUE(removed && *removed);
    EXPECT_TRUE(store.items().isEmpty()) << store.items().keys().join(QLatin1Char(' ')).toStdString();
}

// ---- several "processes" sharing a configuration folder and a keychain ----

namespace {

const QString kHome = QStringLiteral("11111111-1111-1111-1111-111111111111");
const QString kOid = QStringLiteral("aaaaaaaa-0000-0000-0000-000000000001");
const QString kPowerApps = QStringLiteral("https://service.powerapps.com//.default");
const QString kPowerBi = QStringLiteral("https://analysis.windows.net/powerbi/api/.default");

QString tenant(int i)
{
    return QStringLiteral("22222222-0000-0000-0000-%1").arg(i, 12, 10, QLatin1Char('0'));
}

class SharedStore : public ::testing::Test
{
protected:
    void SetUp() override
    {
        cloud =
            CloudEnvironment::create(QStringLiteral("Test"), FakeEntra::loginBase(), QStringLiteral("https://arm.test"))
                .value();
        network.handler = FakeEntra::withDiscovery([this](const RecordedRequest &c) { return entra(c); });
    }
    FakeResponse entra(const RecordedRequest &c)
    {
        const QString grant = c.field(QStringLiteral("grant_type"));
        const QString t = c.url.path().section(QLatin1Char('/'), 1, 1);
        if (c.url.path().endsWith(QLatin1String("/devicecode")))
            return {200,
                    R"({"device_code":"dc","user_code":"U","verification_uri":"https://login.test/d","interval":1})"};
        if (grant == QLatin1String("refresh_token")) {
            const QString scope = c.field(QStringLiteral("scope"));
            if (scope.contains(kPowerBi))
                return {400, FakeEntra::error(QStringLiteral("invalid_grant"), 65001,
                                              QStringLiteral("AADSTS65001: consent needed"))};
            return {200, FakeEntra::userTokens(
                             kOid, t, QStringLiteral("admin@partner.test"), QStringLiteral("rt-%1").arg(++issued),
                             QStringLiteral("at-%1-%2").arg(t, scope.section(QLatin1Char(' '), 0, 0)), 3600, kHome)};
        }
        return {200, FakeEntra::userTokens(kOid, kHome, QStringLiteral("admin@partner.test"),
                                           QStringLiteral("rt-%1").arg(++issued), QStringLiteral("at"))};
    }
    std::unique_ptr<AccountManager> process()
    {
        auto m = std::make_unique<AccountManager>(&network, &keychain, dir.path(), nullptr, &clock);
        m->setPollingTimeScale(0.01);
        EXPECT_TRUE(m->restore());
        return m;
    }
    Expected<Account> signIn(AccountManager *m, bool remember = true)
    {
        SignInOptions o;
        o.cloud = cloud;
        o.remember = remember;
        auto r = await<Account>([&](Completion<Account> done) { m->signInWithDeviceCode(o, {}, m, done); });
        return r ? *r : Expected<Account>(AzureError::make(AzureError::Kind::Timeout, QStringLiteral("timeout")));
    }
    Expected<AccessToken> token(AccountManager *m, const QString &id, const QString &t, const QString &scope = {})
    {
        AccessTokenProvider *p = m->tokenProvider(id);
        if (!p)
            return AzureError::make(AzureError::Kind::NotFound, QStringLiteral("no provider"));
        TokenRequest request;
        request.tenantId = t;
        request.scope = scope;
        auto r = await<AccessToken>([&](Completion<AccessToken> done) { p->requestToken(request, m, done); });
        return r ? *r : Expected<AccessToken>(AzureError::make(AzureError::Kind::Timeout, QStringLiteral("timeout")));
    }
    Expected<Done> flush(AccountManager *m)
    {
        auto r = await<Done>([&](Completion<Done> done) { m->flush(m, done); });
        return r ? *r : Expected<Done>(AzureError::make(AzureError::Kind::Timeout, QStringLiteral("timeout")));
    }
    int refreshPosts() const
    {
        int n = 0;
        for (const RecordedRequest &c : network.requests)
            n += c.field(QStringLiteral("grant_type")) == QLatin1String("refresh_token") ? 1 : 0;
        return n;
    }
    TokenCache stored(const QString &id)
    {
        return TokenCache::fromJson(keychain.items().value(AccountTokenProvider::cacheKey(id))).value();
    }

    QTemporaryDir dir;
    FakeNetwork network;
    RecordingStore keychain;
    ManualClock clock{QDateTime::currentDateTimeUtc()};
    CloudEnvironment cloud;
    int issued = 0;
};

} // namespace

TEST_F(SharedStore, ParallelRefreshesShareOneDiscoveryAndOneKeychainWrite)
{
    auto paldesk = process();
    auto account = signIn(paldesk.get());
    ASSERT_TRUE(account) << account.error().message.toStdString();
    const QString key = AccountTokenProvider::cacheKey(account->id);
    keychain.writes.clear();
    network.requests.clear();

    AccessTokenProvider *provider = paldesk->tokenProvider(account->id);
    constexpr int directories = 12;
    QHash<QString, Expected<AccessToken>> answers;
    for (int i = 0; i < directories; ++i)
        for (int twice = 0; twice < 2; ++twice) // the same directory asked twice: one request
            provider->requestToken(TokenRequest{tenant(i)}, paldesk.get(),
                                   [&answers, i](const Expected<AccessToken> &t) { answers.insert(tenant(i), t); });
    ASSERT_TRUE(waitUntil([&] { return answers.size() == directories; }));
    for (int i = 0; i < directories; ++i) {
        ASSERT_TRUE(answers.value(tenant(i), AzureError{})) << i;
        EXPECT_EQ(answers.value(tenant(i), AzureError{}).value().tenantId, tenant(i));
    }
    EXPECT_EQ(refreshPosts(), directories) << "one refresh per directory, all in flight together";
    EXPECT_EQ(network.count(QStringLiteral("/.well-known/openid-configuration")), 1)
        << "the cloud's metadata, reused for every directory";
    ASSERT_TRUE(flush(paldesk.get()));
    EXPECT_EQ(keychain.writes.value(key), 1) << "refreshes that finished together: one keychain write";
    const TokenCache saved = stored(account->id);
    EXPECT_EQ(saved.json().value(QLatin1String("AccessToken")).toObject().size(), directories + 1);
    EXPECT_EQ(saved.findRefreshToken(account->id, cloud.loginHost(), defaultClientId()).value(),
              QByteArray("rt-") + QByteArray::number(issued)); // the newest one
}

TEST_F(SharedStore, TokensAreAnsweredBeforeTheirWriteAndLaterOnesJoinOnePendingWrite)
{
    auto palctl = process();
    auto account = signIn(palctl.get());
    ASSERT_TRUE(account) << account.error().message.toStdString();
    const QString key = AccountTokenProvider::cacheKey(account->id);
    keychain.writes.clear();
    keychain.holdWrites = true; // a keychain that takes its time

    // The first token is answered while its write waits in the keychain.
    ASSERT_TRUE(token(palctl.get(), account->id, tenant(1)));
    ASSERT_TRUE(waitUntil([&] { return keychain.held.size() == 1; }));
    // Three more arrive while that write is in flight: answered at once, no second write yet.
    for (int i : {2, 3, 4})
        ASSERT_TRUE(token(palctl.get(), account->id, tenant(i))) << i;
    EXPECT_EQ(keychain.writes.value(key), 1) << "one write in flight, the rest pending";

    // A flush waits for both: the write in flight, then one write with the three pending tokens.
    std::optional<Expected<Done>> flushed;
    palctl->flush(palctl.get(), [&](const Expected<Done> &r) { flushed = r; });
    keychain.release();
    ASSERT_TRUE(waitUntil([&] { return flushed.has_value(); }));
    ASSERT_TRUE(*flushed);
    EXPECT_EQ(keychain.writes.value(key), 2) << "the pending tokens shared one write";
    TokenCache saved = stored(account->id);
    for (int i : {1, 2, 3, 4})
        EXPECT_TRUE(saved.findAccessToken(account->id, cloud.loginHost(), defaultClientId(), tenant(i),
                                          {cloud.armScope}, clock.now()))
            << i;
    // Nothing unsaved: the next flush ends at once, without a write.
    ASSERT_TRUE(flush(palctl.get()));
    EXPECT_EQ(keychain.writes.value(key), 2);
}

TEST_F(SharedStore, AFailedWriteIsTheFlushsErrorAndTheTokensAreWrittenByTheNextOne)
{
    auto palctl = process();
    auto account = signIn(palctl.get());
    ASSERT_TRUE(account);
    keychain.failWritesFrom = keychain.writeCount + 1; // the keychain refuses from now on
    ASSERT_TRUE(token(palctl.get(), account->id, tenant(1))) << "served from memory all the same";
    const auto failed = flush(palctl.get());
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().kind, AzureError::Kind::Keychain);
    EXPECT_FALSE(stored(account->id)
                     .findAccessToken(account->id, cloud.loginHost(), defaultClientId(), tenant(1), {cloud.armScope},
                                      clock.now()));
    // The keychain is back: the next flush writes what the failed write could not.
    keychain.failWritesFrom = 0;
    ASSERT_TRUE(flush(palctl.get()));
    EXPECT_TRUE(stored(account->id)
                    .findAccessToken(account->id, cloud.loginHost(), defaultClientId(), tenant(1), {cloud.armScope},
                                     clock.now()));
}

TEST_F(SharedStore, TwoProcessesRefreshingKeepEachOthersTokens)
{
    auto first = process();
    auto account = signIn(first.get());
    ASSERT_TRUE(account);
    auto second = process(); // started after the sign-in, like a second palctl
    ASSERT_TRUE(token(first.get(), account->id, tenant(1)));
    ASSERT_TRUE(flush(first.get()));
    ASSERT_TRUE(token(second.get(), account->id, tenant(2))); // its copy did not have tenant 1's token
    ASSERT_TRUE(flush(second.get()));
    ASSERT_TRUE(token(first.get(), account->id, tenant(3)));
    ASSERT_TRUE(flush(first.get()));
    TokenCache saved = stored(account->id);
    for (int i : {1, 2, 3})
        EXPECT_TRUE(saved.findAccessToken(account->id, cloud.loginHost(), defaultClientId(), tenant(i),
                                          {cloud.armScope}, clock.now()))
            << i;
    EXPECT_EQ(saved.findRefreshToken(account->id, cloud.loginHost(), defaultClientId()).value(),
              QByteArray("rt-") + QByteArray::number(issued));
    // A third process finds all of them without asking Entra.
    const int posts = refreshPosts();
    auto third = process();
    for (int i : {1, 2, 3})
        ASSERT_TRUE(token(third.get(), account->id, tenant(i)));
    EXPECT_EQ(refreshPosts(), posts);
}

// An account in many directories: its cache is large enough to be parsed, merged and written on a
// worker thread. Two processes still keep each other's tokens, and the one that saves after the
// other takes the other's tokens in without asking Entra for them.
TEST_F(SharedStore, ALargeCacheKeepsTheTokensOfBothProcesses)
{
    auto first = process();
    auto account = signIn(first.get());
    ASSERT_TRUE(account);
    constexpr int directories = 150;
    AccessTokenProvider *provider = first->tokenProvider(account->id);
    int answered = 0;
    for (int i = 0; i < directories; ++i)
        provider->requestToken(TokenRequest{tenant(i)}, first.get(),
                               [&answered](const Expected<AccessToken> &t) { answered += t ? 1 : 0; });
    ASSERT_TRUE(waitUntil([&] { return answered == directories; }));
    ASSERT_TRUE(flush(first.get()));
    const QString key = AccountTokenProvider::cacheKey(account->id);
    ASSERT_GT(keychain.items().value(key).size(), 256 * 1024) << "large enough to be handled off the thread";

    auto second = process();
    ASSERT_TRUE(token(second.get(), account->id, tenant(directories)));
    ASSERT_TRUE(flush(second.get()));
    ASSERT_TRUE(token(first.get(), account->id, tenant(directories + 1)));
    ASSERT_TRUE(flush(first.get())); // its save reads what the second process wrote
    const int posts = refreshPosts();
    ASSERT_TRUE(token(first.get(), account->id, tenant(directories)));
    EXPECT_EQ(refreshPosts(), posts) << "the second process's token, taken in by the first";

    TokenCache saved = stored(account->id);
    for (int i : {0, directories - 1, directories, directories + 1})
        EXPECT_TRUE(saved.findAccessToken(account->id, cloud.loginHost(), defaultClientId(), tenant(i),
                                          {cloud.armScope}, clock.now()))
            << i;
    EXPECT_EQ(saved.accessTokenCount(), directories + 3); // and the sign-in's own
}

TEST_F(SharedStore, SignOutInAnotherProcessHoldsWhileThisOneWorks)
{
    auto worker = process();
    auto account = signIn(worker.get());
    ASSERT_TRUE(account);
    ASSERT_TRUE(token(worker.get(), account->id, tenant(1)));
    int changed = 0;
    QObject::connect(worker.get(), &AccountManager::accountsChanged, worker.get(), [&changed] { ++changed; });

    // A refresh on its way when `palctl logout --all` runs in another process.
    AccessTokenProvider *provider = worker->tokenProvider(account->id);
    std::optional<Expected<AccessToken>> late;
    provider->requestToken(TokenRequest{tenant(2)}, worker.get(), [&](const Expected<AccessToken> &t) { late = t; });
    auto logout = process();
    auto out = await<Done>([&](Completion<Done> done) { logout->signOut(account->id, logout.get(), done); });
    ASSERT_TRUE(out && *out);
    ASSERT_TRUE(waitUntil([&] { return late.has_value(); }));

    // Whatever came first, nothing of the account is left, and the worker's next request says why.
    EXPECT_TRUE(keychain.items().isEmpty()) << keychain.items().keys().join(QLatin1Char(' ')).toStdString();
    std::optional<Expected<AccessToken>> next; // through the provider the worker holds
    provider->requestToken(TokenRequest{tenant(3)}, worker.get(), [&](const Expected<AccessToken> &t) { next = t; });
    ASSERT_TRUE(waitUntil([&] { return next.has_value(); }));
    ASSERT_FALSE(*next);
    EXPECT_EQ(next->error().kind, AzureError::Kind::InteractionRequired);
    EXPECT_TRUE(needsFullSignIn(next->error()));
    EXPECT_TRUE(next->error().message.contains(QStringLiteral("signed out"))) << next->error().message.toStdString();
    EXPECT_TRUE(keychain.items().isEmpty());
    EXPECT_TRUE(waitUntil([&] { return worker->accounts().isEmpty(); }));
    EXPECT_GE(changed, 1);
    EXPECT_FALSE(readFile(dir.filePath(QStringLiteral("accounts.json"))).contains(account->id.toUtf8()));

    // Signing in again starts a new sign-in that the worker's old copy does not write into.
    auto again = signIn(logout.get());
    ASSERT_TRUE(again);
    next.reset();
    provider->requestToken(TokenRequest{tenant(4)}, worker.get(), [&](const Expected<AccessToken> &t) { next = t; });
    ASSERT_TRUE(waitUntil([&] { return next.has_value(); }));
    EXPECT_FALSE(*next);
    EXPECT_TRUE(token(logout.get(), again->id, tenant(4))) << "the new sign-in works";
}

TEST_F(SharedStore, ADamagedItemIsSignInAgainAndTheNextSignInReplacesIt)
{
    auto palctl = process();
    auto account = signIn(palctl.get());
    ASSERT_TRUE(account);
    keychain.items()[AccountTokenProvider::cacheKey(account->id)] = R"({"AccessToken": {"half-writ)";
    auto next = process();
    const auto t = token(next.get(), account->id, tenant(1));
    ASSERT_FALSE(t);
    EXPECT_EQ(t.error().kind, AzureError::Kind::InteractionRequired);
    EXPECT_EQ(t.error().code, QStringLiteral("damaged_cache"));
    EXPECT_TRUE(needsFullSignIn(t.error()));
    // Not remembered as broken: after a new sign-in it works, in this process and the next.
    ASSERT_TRUE(signIn(next.get()));
    EXPECT_TRUE(token(next.get(), account->id, tenant(1)));
    auto later = process();
    EXPECT_TRUE(token(later.get(), account->id, tenant(1)));
}

// A large item is the document itself, parsed once where it is used: damaged, it is "sign in
// again" all the same, and the next sign-in replaces it.
TEST_F(SharedStore, ALargeDamagedItemIsSignInAgainToo)
{
    auto palctl = process();
    auto account = signIn(palctl.get());
    ASSERT_TRUE(account);
    keychain.items()[AccountTokenProvider::cacheKey(account->id)] = bigDocument(64 * 1024).chopped(5);
    auto next = process();
    const auto t = token(next.get(), account->id, tenant(1));
    ASSERT_FALSE(t);
    EXPECT_EQ(t.error().kind, AzureError::Kind::InteractionRequired);
    EXPECT_EQ(t.error().code, QStringLiteral("damaged_cache"));
    ASSERT_TRUE(signIn(next.get()));
    EXPECT_TRUE(token(next.get(), account->id, tenant(1)));
    auto later = process();
    EXPECT_TRUE(token(later.get(), account->id, tenant(1)));
}

TEST_F(SharedStore, AccountsAndSettingsOfOtherProcessesAreKept)
{
    auto paldesk = process(); // long-running, started before the others
    auto first = signIn(paldesk.get());
    ASSERT_TRUE(first);
    // Another sign-in elsewhere: a second account (its tokens' home differs).
    auto palctl = process();
    QJsonObject list = QJsonDocument::fromJson(readFile(dir.filePath(QStringLiteral("accounts.json")))).object();
    QJsonArray accounts = list.value(QStringLiteral("accounts")).toArray();
    QJsonObject other = accounts.first().toObject();
    other.insert(QStringLiteral("id"), QStringLiteral("other.account"));
    other.insert(QStringLiteral("futureField"), QStringLiteral("kept"));
    accounts.append(other);
    list.insert(QStringLiteral("accounts"), accounts);
    QFile f(dir.filePath(QStringLiteral("accounts.json")));
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(QJsonDocument(list).toJson());
    f.close();
    // paldesk signs in again (new tokens for the first account): the other account stays.
    ASSERT_TRUE(signIn(paldesk.get()));
    const QByteArray onDisk = readFile(dir.filePath(QStringLiteral("accounts.json")));
    EXPECT_TRUE(onDisk.contains("other.account"));
    EXPECT_TRUE(onDisk.contains("futureField"));
    EXPECT_EQ(paldesk->accounts().size(), 2);
}

TEST_F(SharedStore, AnAccountOfThisProcessOnlyIsNeverSaved)
{
    auto palctl = process();
    auto account = signIn(palctl.get(), false);
    ASSERT_TRUE(account);
    EXPECT_FALSE(readFile(dir.filePath(QStringLiteral("accounts.json"))).contains(account->id.toUtf8()));
    EXPECT_TRUE(keychain.items().isEmpty()) << "its tokens stay in memory";
    EXPECT_TRUE(token(palctl.get(), account->id, tenant(1)));
    EXPECT_EQ(palctl->accounts().size(), 1);
    auto next = process();
    EXPECT_TRUE(next->accounts().isEmpty());
}

TEST_F(SharedStore, TokensAreKeptPerResourceAndErrorsNameTheirResourceAndDirectory)
{
    auto paldesk = process();
    auto account = signIn(paldesk.get());
    ASSERT_TRUE(account);
    network.requests.clear();
    const auto arm = token(paldesk.get(), account->id, tenant(1));
    const auto apps = token(paldesk.get(), account->id, tenant(1), kPowerApps);
    ASSERT_TRUE(arm && apps) << (apps ? "" : apps.error().message.toStdString());
    EXPECT_NE(arm->token, apps->token);
    ASSERT_EQ(refreshPosts(), 2);
    // The same refresh token served both; the Power Apps request asked for its own scope.
    EXPECT_TRUE(network.requests.last().field(QStringLiteral("scope")).startsWith(kPowerApps));
    // Both are cached, each under its own target.
    EXPECT_EQ(token(paldesk.get(), account->id, tenant(1))->token, arm->token);
    EXPECT_EQ(token(paldesk.get(), account->id, tenant(1), kPowerApps)->token, apps->token);
    EXPECT_EQ(refreshPosts(), 2);
    ASSERT_TRUE(flush(paldesk.get())); // written behind the answers
    const QJsonObject ats = stored(account->id).json().value(QLatin1String("AccessToken")).toObject();
    bool appsTarget = false;
    for (const QJsonValue &v : ats)
        appsTarget = appsTarget || v.toObject().value(QLatin1String("target")).toString().contains(kPowerApps);
    EXPECT_TRUE(appsTarget);

    // Consent missing for Power BI in that directory: typed, naming directory and resource;
    // ARM and Power Apps there go on working.
    const auto bi = token(paldesk.get(), account->id, tenant(1), kPowerBi);
    ASSERT_FALSE(bi);
    EXPECT_EQ(bi.error().kind, AzureError::Kind::InteractionRequired);
    EXPECT_EQ(bi.error().code, QStringLiteral("AADSTS65001"));
    EXPECT_EQ(bi.error().tenantId, tenant(1));
    EXPECT_EQ(bi.error().resource, QStringLiteral("https://analysis.windows.net/powerbi/api/"));
    EXPECT_TRUE(bi.error().message.contains(QStringLiteral("powerbi"))) << bi.error().message.toStdString();
    EXPECT_FALSE(needsFullSignIn(bi.error()));
    EXPECT_TRUE(token(paldesk.get(), account->id, tenant(1)));
    EXPECT_TRUE(token(paldesk.get(), account->id, tenant(1), kPowerApps));
    EXPECT_TRUE(token(paldesk.get(), account->id, tenant(2), kPowerApps));
}
