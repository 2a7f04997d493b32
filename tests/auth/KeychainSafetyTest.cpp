// Ways a sign-in could be lost or left behind, without a server or a keychain (issue 17):
// a newer sign-in elsewhere (an MFA one) is not overwritten by an older process's refresh, each
// configuration folder keeps its own keychain items, a sign-in cut short is recorded before its
// keychain write and swept afterwards, and keychain work under the lock has a deadline.
// The same against a real gnome-keyring: tests/keychain and tests/cli/KeychainProcessesTest.cpp.
#include "AbandonedSignIns.h"
#include "AccountManager.h"
#include "AccountTokenProvider.h"
#include "AccountsFile.h"
#include "ConfigLock.h"
#include "DeadlineSecretStore.h"
#include "FakeEntra.h"
#include "FolderSecretStore.h"
#include "SecretStore.h"
#include "TokenCache.h"
#include "Wait.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>
#include <gtest/gtest.h>
#include <unistd.h>

using namespace pal;
using namespace pal::test;
using namespace std::chrono_literals;

namespace {

const QString kHome = QStringLiteral("11111111-1111-1111-1111-111111111111");
const QString kOid = QStringLiteral("aaaaaaaa-0000-0000-0000-000000000001");

QString tenant(int i)
{
    return QStringLiteral("33333333-0000-0000-0000-%1").arg(i, 12, 10, QLatin1Char('0'));
}

// A keychain standing in for the OS one (persistent, so sweeps apply): writes can fail or hang,
// and a hook sees each write as it happens.
class Keychain final : public SecretStore
{
public:
    bool isPersistent() const override { return true; }
    QString description() const override { return QStringLiteral("test keychain"); }
    void write(const QString &key, const QByteArray &secret, QObject *context, Completion<Done> done) override
    {
        if (onWrite)
            onWrite(key);
        if (hang)
            return; // a keychain waiting for its unlock prompt: no answer
        if (failWrites)
            return QTimer::singleShot(
                0, context, [done] { done(AzureError::make(AzureError::Kind::Keychain, QStringLiteral("refused"))); });
        // A copy of its own, as the OS keychain keeps one: the caller's buffers are not shared with it.
        inner.write(key, QByteArray(secret.constData(), secret.size()), context, std::move(done));
    }
    void read(const QString &key, QObject *context, Completion<QByteArray> done) override
    {
        if (hang)
            return;
        inner.read(key, context, std::move(done));
    }
    void remove(const QString &key, QObject *context, Completion<Done> done) override
    {
        if (hang)
            return;
        inner.remove(key, context, std::move(done));
    }
    QHash<QString, QByteArray> &items() { return inner.items(); }

    MemorySecretStore inner;
    bool hang = false;
    bool failWrites = false;
    std::function<void(const QString &)> onWrite;
};

class KeychainSafety : public ::testing::Test
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
        if (grant == QLatin1String("client_credentials"))
            return {200, FakeEntra::appTokens(QStringLiteral("sp-oid"), kHome)};
        if (grant == QLatin1String("refresh_token")) {
            // The MFA directory takes only a refresh token of the sign-in that did MFA.
            if (t == mfaDirectory && c.field(QStringLiteral("refresh_token")).toUtf8() != mfaRefreshToken)
                return {400, FakeEntra::error(QStringLiteral("interaction_required"), 50076,
                                              QStringLiteral("AADSTS50076: multi-factor authentication needed"))};
            return {200, FakeEntra::userTokens(kOid, t, QStringLiteral("admin@partner.test"),
                                               QStringLiteral("rt-%1").arg(++issued), QStringLiteral("at-%1").arg(t),
                                               3600, kHome)};
        }
        return {200, FakeEntra::userTokens(kOid, kHome, QStringLiteral("admin@partner.test"),
                                           QStringLiteral("rt-%1").arg(++issued), QStringLiteral("at"))};
    }
    std::unique_ptr<AccountManager> process(SecretStore *store = nullptr, const QString &folder = {})
    {
        auto m = std::make_unique<AccountManager>(&network, store ? store : &keychain,
                                                  folder.isEmpty() ? dir.path() : folder, nullptr, &clock);
        m->setPollingTimeScale(0.01);
        EXPECT_TRUE(m->restore());
        return m;
    }
    Expected<Account> signIn(AccountManager *m)
    {
        SignInOptions o;
        o.cloud = cloud;
        auto r = await<Account>([&](Completion<Account> done) { m->signInWithDeviceCode(o, {}, m, done); });
        return r ? *r : Expected<Account>(AzureError::make(AzureError::Kind::Timeout, QStringLiteral("test timeout")));
    }
    Expected<AccessToken> token(AccountManager *m, const QString &id, const QString &t)
    {
        AccessTokenProvider *p = m->tokenProvider(id);
        if (!p)
            return AzureError::make(AzureError::Kind::NotFound, QStringLiteral("no provider"));
        auto r = await<AccessToken>([&](Completion<AccessToken> done) { p->requestToken(TokenRequest{t}, m, done); });
        return r ? *r
                 : Expected<AccessToken>(AzureError::make(AzureError::Kind::Timeout, QStringLiteral("test timeout")));
    }
    Expected<Done> flush(AccountManager *m)
    {
        auto r = await<Done>([&](Completion<Done> done) { m->flush(m, done); });
        return r ? *r : Expected<Done>(AzureError::make(AzureError::Kind::Timeout, QStringLiteral("test timeout")));
    }
    Expected<Done> checkKeychain(AccountManager *m)
    {
        auto r = await<Done>([&](Completion<Done> done) { m->checkSecretStore(m, done); });
        return r ? *r : Expected<Done>(AzureError::make(AzureError::Kind::Timeout, QStringLiteral("test timeout")));
    }
    QByteArray storedRefreshToken(const QString &id, const QString &prefix = {})
    {
        const auto cache = TokenCache::fromJson(keychain.items().value(prefix + AccountTokenProvider::cacheKey(id)));
        if (!cache)
            return {};
        return cache->findRefreshToken(id, cloud.loginHost(), defaultClientId()).value_or(QByteArray());
    }
    QStringList refreshTokensSentTo(const QString &t) const
    {
        QStringList sent;
        for (const RecordedRequest &c : network.requests)
            if (c.field(QStringLiteral("grant_type")) == QLatin1String("refresh_token") &&
                c.url.path().section(QLatin1Char('/'), 1, 1) == t)
                sent << c.field(QStringLiteral("refresh_token"));
        return sent;
    }
    QStringList pendingIds()
    {
        ConfigLock lock(dir.path());
        const auto pending = AccountsFile(&lock).pending();
        QStringList ids;
        for (const PendingSignIn &p : pending.valueOr({}))
            ids << p.accountId;
        return ids;
    }

    QTemporaryDir dir;
    FakeNetwork network;
    Keychain keychain;
    ManualClock clock{QDateTime::currentDateTimeUtc()};
    CloudEnvironment cloud;
    int issued = 0;
    QString mfaDirectory;
    QByteArray mfaRefreshToken;
};

} // namespace

// ---- a newer sign-in elsewhere wins ----

// paldesk runs; `palctl login --tenant <MFA directory>` signs the account in again; paldesk's next
// refresh redeems its older refresh token. The sign-in's refresh token must stay the stored one.
TEST_F(KeychainSafety, AnOlderProcesssRefreshDoesNotOverwriteANewerSignIn)
{
    auto paldesk = process();
    auto account = signIn(paldesk.get());
    ASSERT_TRUE(account) << account.error().message.toStdString();
    ASSERT_TRUE(token(paldesk.get(), account->id, tenant(1)));
    ASSERT_TRUE(flush(paldesk.get()));

    clock.advance(60);
    auto palctl = process();
    ASSERT_TRUE(signIn(palctl.get()));
    const QByteArray signedIn = storedRefreshToken(account->id);
    ASSERT_EQ(signedIn, QByteArray("rt-") + QByteArray::number(issued));

    clock.advance(60);
    ASSERT_TRUE(token(paldesk.get(), account->id, tenant(2))); // redeems paldesk's older refresh token
    ASSERT_TRUE(flush(paldesk.get()));
    EXPECT_EQ(storedRefreshToken(account->id), signedIn) << "the sign-in's refresh token was overwritten";
    auto saved = TokenCache::fromJson(keychain.items().value(AccountTokenProvider::cacheKey(account->id)));
    ASSERT_TRUE(saved);
    EXPECT_TRUE(saved.value().findAccessToken(account->id, cloud.loginHost(), defaultClientId(), tenant(2),
                                              {cloud.armScope}, clock.now()))
        << "paldesk's access token is kept all the same";

    // From now on paldesk redeems the sign-in's refresh token.
    clock.advance(60);
    ASSERT_TRUE(token(paldesk.get(), account->id, tenant(3)));
    EXPECT_EQ(refreshTokensSentTo(tenant(3)), QStringList{QString::fromUtf8(signedIn)});
}

// Processes refreshing side by side (no sign-in between) still keep the newest refresh token.
TEST_F(KeychainSafety, SiblingRefreshesStillKeepTheNewestRefreshToken)
{
    auto first = process();
    auto account = signIn(first.get());
    ASSERT_TRUE(account);
    auto second = process();
    ASSERT_TRUE(token(second.get(), account->id, tenant(1)));
    ASSERT_TRUE(flush(second.get()));
    clock.advance(60);
    ASSERT_TRUE(token(first.get(), account->id, tenant(2)));
    ASSERT_TRUE(flush(first.get()));
    EXPECT_EQ(storedRefreshToken(account->id), QByteArray("rt-") + QByteArray::number(issued));
}

// The MFA directory refuses paldesk's older refresh token; paldesk notices the newer sign-in,
// takes its refresh token from the keychain and succeeds without asking the user.
TEST_F(KeychainSafety, InteractionRequiredAfterASignInElsewhereIsTriedWithThatSignIn)
{
    mfaDirectory = tenant(9);
    auto paldesk = process();
    auto account = signIn(paldesk.get());
    ASSERT_TRUE(account);
    ASSERT_TRUE(token(paldesk.get(), account->id, tenant(1)));
    auto refused = token(paldesk.get(), account->id, mfaDirectory);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, AzureError::Kind::InteractionRequired);

    clock.advance(60);
    auto palctl = process();
    ASSERT_TRUE(signIn(palctl.get())); // with MFA
    mfaRefreshToken = storedRefreshToken(account->id);

    auto granted = token(paldesk.get(), account->id, mfaDirectory);
    ASSERT_TRUE(granted) << granted.error().message.toStdString();
    EXPECT_EQ(refreshTokensSentTo(mfaDirectory).last(), QString::fromUtf8(mfaRefreshToken));
}

// ---- one namespace per configuration folder ----

TEST(FolderSecretStore, TheDefaultFolderKeepsTodaysKeysAndOthersGetTheirOwnPrefix)
{
    QTemporaryDir standard, moved;
    EXPECT_EQ(FolderSecretStore::prefixFor(standard.path(), standard.path()), QString());
    EXPECT_EQ(FolderSecretStore::prefixFor(standard.path() + QStringLiteral("/./"), standard.path()), QString());
    const QString prefix = FolderSecretStore::prefixFor(moved.path(), standard.path());
    EXPECT_TRUE(prefix.startsWith(QLatin1String("folder-"))) << prefix.toStdString();
    EXPECT_TRUE(prefix.endsWith(QLatin1Char('/')));
    EXPECT_EQ(prefix.size(), 7 + 16 + 1);
    EXPECT_NE(FolderSecretStore::prefixFor(moved.filePath(QStringLiteral("sub")), standard.path()), prefix);
    // A symbolic link to the folder is the folder; a folder not created yet keeps its prefix once it is.
    ASSERT_TRUE(QFile::link(moved.path(), standard.filePath(QStringLiteral("link"))));
    EXPECT_EQ(FolderSecretStore::prefixFor(standard.filePath(QStringLiteral("link")), standard.path()), prefix);
    const QString later = moved.filePath(QStringLiteral("later"));
    const QString before = FolderSecretStore::prefixFor(later, standard.path());
    ASSERT_TRUE(QDir().mkpath(later));
    EXPECT_EQ(FolderSecretStore::prefixFor(later, standard.path()), before);
}

// Two configuration folders (PALDESK_CONFIG_DIR) on one keychain: signing out in one leaves the
// other's sign-in, and the other's work does not write the first's items back.
TEST_F(KeychainSafety, ConfigurationFoldersKeepTheirOwnSignIns)
{
    QTemporaryDir otherDir;
    FolderSecretStore standard(&keychain, FolderSecretStore::prefixFor(dir.path(), dir.path()));
    const QString prefix = FolderSecretStore::prefixFor(otherDir.path(), dir.path());
    FolderSecretStore moved(&keychain, prefix);
    auto here = process(&standard);
    auto there = process(&moved, otherDir.path());
    auto account = signIn(here.get());
    ASSERT_TRUE(account);
    ASSERT_TRUE(signIn(there.get()));
    ASSERT_TRUE(keychain.items().contains(AccountTokenProvider::cacheKey(account->id)));
    ASSERT_TRUE(keychain.items().contains(prefix + AccountTokenProvider::cacheKey(account->id)));

    auto out = await<Done>([&](Completion<Done> done) { here->signOut(account->id, here.get(), done); });
    ASSERT_TRUE(out && *out);
    EXPECT_FALSE(keychain.items().contains(AccountTokenProvider::cacheKey(account->id)));
    auto stillThere = token(there.get(), account->id, tenant(4));
    ASSERT_TRUE(stillThere) << stillThere.error().message.toStdString();
    ASSERT_TRUE(flush(there.get()));
    EXPECT_FALSE(keychain.items().contains(AccountTokenProvider::cacheKey(account->id))) << "written back";
    EXPECT_FALSE(storedRefreshToken(account->id, prefix).isEmpty());
}

// ---- a sign-in cut short ----

TEST_F(KeychainSafety, ASignInIsRecordedAsPendingBeforeItsFirstKeychainWrite)
{
    QStringList pendingAtWrite;
    keychain.onWrite = [&](const QString &key) {
        if (key.endsWith(QLatin1String("/tokencache")))
            pendingAtWrite = pendingIds();
    };
    auto palctl = process();
    auto account = signIn(palctl.get());
    ASSERT_TRUE(account);
    EXPECT_EQ(pendingAtWrite, QStringList{account->id});
    EXPECT_TRUE(pendingIds().isEmpty()) << "listed now: no longer pending";
}

// `kill -9` of `palctl login` between the keychain write and accounts.json, as the files and the
// keychain are left: the next check of the keychain (start-up, login, logout) removes the items.
TEST_F(KeychainSafety, ASignInCutShortIsSweptAndALiveOneIsLeftAlone)
{
    QProcess gone;
    gone.start(QStringLiteral("true"), {});
    ASSERT_TRUE(gone.waitForStarted());
    const qint64 deadPid = gone.processId();
    ASSERT_TRUE(gone.waitForFinished());
    ConfigLock lock(dir.path());
    AccountsFile file(&lock);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    ASSERT_TRUE(file.addPending({QStringLiteral("cut.short"), QStringLiteral("cut@partner.test"), deadPid, now}));
    keychain.items().insert(QStringLiteral("cut.short/tokencache"), R"({"RefreshToken":{}})");
    keychain.items().insert(QStringLiteral("cut.short/client-credential"), "secret");
    // Another process (alive) in the middle of its sign-in: not ours to sweep.
    ASSERT_TRUE(
        file.addPending({QStringLiteral("under.way"), QStringLiteral("busy@partner.test"), qint64(::getppid()), now}));
    keychain.items().insert(QStringLiteral("under.way/tokencache"), R"({"RefreshToken":{}})");

    auto palctl = process();
    ASSERT_TRUE(checkKeychain(palctl.get()));
    EXPECT_FALSE(keychain.items().contains(QStringLiteral("cut.short/tokencache")));
    EXPECT_FALSE(keychain.items().contains(QStringLiteral("cut.short/client-credential")));
    EXPECT_TRUE(keychain.items().contains(QStringLiteral("under.way/tokencache")));
    EXPECT_EQ(pendingIds(), QStringList{QStringLiteral("under.way")});
    EXPECT_EQ(palctl->sweptSignIns(), QStringList{QStringLiteral("cut@partner.test")});
}

// A sign-in whose keychain write failed removes what it may have written, and its record, at once.
TEST_F(KeychainSafety, ASignInThatFailedInTheKeychainLeavesNothing)
{
    keychain.failWrites = true;
    auto palctl = process();
    auto failed = signIn(palctl.get());
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().kind, AzureError::Kind::Keychain);
    EXPECT_TRUE(pendingIds().isEmpty());
    EXPECT_TRUE(keychain.items().isEmpty()) << keychain.items().keys().join(QLatin1Char(' ')).toStdString();
    EXPECT_FALSE(QFile::exists(dir.filePath(QStringLiteral("accounts.json"))));
}

// ---- a keychain that does not answer under the lock ----

TEST_F(KeychainSafety, AKeychainThatDoesNotAnswerFailsInTimeAndReleasesTheLock)
{
    auto palctl = process();
    palctl->setKeychainDeadline(300ms);
    keychain.hang = true;
    auto signedIn = signIn(palctl.get());
    ASSERT_FALSE(signedIn);
    EXPECT_EQ(signedIn.error().kind, AzureError::Kind::Keychain);
    EXPECT_TRUE(DeadlineSecretStore::isTimeout(signedIn.error()));
    EXPECT_TRUE(signedIn.error().message.contains(QStringLiteral("did not answer in 1 s")))
        << signedIn.error().message.toStdString();
    EXPECT_TRUE(signedIn.error().message.contains(QStringLiteral("locked or waiting for a password")));

    // The lock is free again: another writer gets it at once.
    ConfigLock other(dir.path(), 200);
    auto held = await<std::shared_ptr<ConfigLock::Hold>>(
        [&](Completion<std::shared_ptr<ConfigLock::Hold>> done) { other.acquire(palctl.get(), done); });
    ASSERT_TRUE(held && *held) << (held ? held->error().message.toStdString() : "timeout");
}

TEST_F(KeychainSafety, ASaveToAKeychainThatDoesNotAnswerIsTheFlushsTimeout)
{
    auto palctl = process();
    palctl->setKeychainDeadline(300ms);
    auto account = signIn(palctl.get());
    ASSERT_TRUE(account);
    keychain.hang = true;
    ASSERT_TRUE(token(palctl.get(), account->id, tenant(1))) << "answered from memory";
    const auto flushed = flush(palctl.get());
    ASSERT_FALSE(flushed);
    EXPECT_TRUE(DeadlineSecretStore::isTimeout(flushed.error())) << flushed.error().message.toStdString();
}

// ---- secrets in memory ----

// Once a service principal's sign-in is done, nothing of PAL Desk still holds the caller's secret
// (the keychain keeps its own copy), so every copy PAL Desk made could be wiped.
TEST_F(KeychainSafety, NoCopyOfTheClientSecretOutlivesItsSignIn)
{
    auto palctl = process();
    SignInOptions o;
    o.cloud = cloud;
    o.tenant = kHome;
    o.clientId = QStringLiteral("app-1");
    const QByteArray secret("s3cr3t-value");
    std::optional<bool> onlyCopy;
    palctl->signInWithClientSecret(o, secret, palctl.get(), [&](const Expected<Account> &r) {
        EXPECT_TRUE(r) << r.error().message.toStdString();
        // Queued before the finished sign-in is deleted (deleteLater follows this completion).
        QTimer::singleShot(0, palctl.get(), [&] { onlyCopy = secret.isDetached(); });
    });
    ASSERT_TRUE(waitUntil([&] { return onlyCopy.has_value(); }));
    EXPECT_TRUE(*onlyCopy) << "the sign-in still holds a copy of the secret after it was used";
    EXPECT_EQ(keychain.items().value(AccountTokenProvider::credentialKey(QStringLiteral("app-1.") + kHome)), secret);
}
