// SecretServiceReader against the real Secret Service (gnome-keyring in a private D-Bus session)
// and against a fake one on the same bus, for what gnome-keyring cannot be made to do here
// (locked items without a prompt, several matches, a session the service forgot): it answers
// only what QtKeychain would answer, and leaves everything else to QtKeychain.
#include "SecretServiceReader.h"
#include "KeychainSecretStore.h"
#include "Wait.h"

#include <QCoreApplication>
#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusVirtualObject>
#include <QScopeGuard>
#include <gtest/gtest.h>

#include <atomic>
#include <optional>

using namespace pal;
using namespace pal::test;

namespace {

const QString service = QStringLiteral("PAL Desk");

// Reads through `reader` and waits for its answer; nullopt inside means "asks QtKeychain".
std::optional<std::optional<QByteArray>> readDirectly(SecretServiceReader &reader, const QString &key)
{
    QObject context;
    const auto r = await<std::optional<QByteArray>>([&](Completion<std::optional<QByteArray>> done) {
        reader.read(key, &context, [done](std::optional<QByteArray> secret) { done(std::move(secret)); });
    });
    if (!r)
        return std::nullopt; // timed out
    return r->value();
}

class SecretServiceReaderTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        auto probed = await<Done>([&](Completion<Done> done) { store.probe(&context, done); });
        ASSERT_TRUE(probed && *probed) << "no Secret Service: run tests/keychain/run-keychain-tests.sh";
    }
    void write(const QString &key, const QByteArray &secret)
    {
        auto w = await<Done>([&](Completion<Done> done) { store.write(key, secret, &context, done); });
        ASSERT_TRUE(w && *w) << (w ? w->error().message.toStdString() : "timeout");
    }
    void remove(const QString &key)
    {
        auto r = await<Done>([&](Completion<Done> done) { store.remove(key, &context, done); });
        ASSERT_TRUE(r && *r);
    }
    KeychainSecretStore store;
    QObject context;
};

// A Secret Service that answers as told: the items it finds, whether it opens sessions, and what
// GetSecret says. It serves every object path under its own bus name.
class FakeSecretService final : public QDBusVirtualObject
{
public:
    QList<QDBusObjectPath> unlocked;
    QList<QDBusObjectPath> locked;
    std::atomic<bool> refuseSessions = false;
    std::atomic<bool> forgetSessions = false; // GetSecret answers NoSession
    QByteArray parameters;                    // non-empty: an encrypted answer, which "plain" never gets
    QByteArray secret = "fake-secret";
    std::atomic<int> sessionsOpened = 0;
    std::atomic<int> secretsGiven = 0;

    QString introspect(const QString &) const override { return {}; }

    bool handleMessage(const QDBusMessage &message, const QDBusConnection &connection) override
    {
        const QString member = message.member();
        QDBusMessage reply;
        if (member == QLatin1String("OpenSession")) {
            if (refuseSessions) {
                reply = message.createErrorReply(QStringLiteral("org.freedesktop.DBus.Error.NotSupported"),
                                                 QStringLiteral("Algorithm plain is not supported"));
            } else {
                const int n = ++sessionsOpened;
                reply = message.createReply({QVariant::fromValue(QDBusVariant(QString())),
                                             QVariant::fromValue(QDBusObjectPath(
                                                 QStringLiteral("/org/freedesktop/secrets/session/s%1").arg(n)))});
            }
        } else if (member == QLatin1String("SearchItems")) {
            reply = message.createReply({QVariant::fromValue(unlocked), QVariant::fromValue(locked)});
        } else if (member == QLatin1String("GetSecret")) {
            if (forgetSessions) {
                reply = message.createErrorReply(QStringLiteral("org.freedesktop.Secret.Error.NoSession"),
                                                 QStringLiteral("The session does not exist"));
            } else {
                ++secretsGiven;
                QDBusArgument value;
                value.beginStructure();
                value << message.arguments().value(0).value<QDBusObjectPath>() << parameters << secret
                      << QStringLiteral("text/plain");
                value.endStructure();
                reply = message.createReply(QVariant::fromValue(value));
            }
        } else {
            return false;
        }
        return connection.send(reply);
    }
};

class FakeServiceTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        // A connection of its own for the fake, so it answers while the test's connection waits.
        ASSERT_TRUE(bus.isConnected()) << "no session bus: run tests/keychain/run-keychain-tests.sh";
        ASSERT_TRUE(bus.registerService(busName));
        ASSERT_TRUE(
            bus.registerVirtualObject(QStringLiteral("/org/freedesktop/secrets"), &fake, QDBusConnection::SubPath));
    }
    void TearDown() override
    {
        bus.unregisterObject(QStringLiteral("/org/freedesktop/secrets"), QDBusConnection::UnregisterTree);
        bus.unregisterService(busName);
        QDBusConnection::disconnectFromBus(QStringLiteral("fake-secret-service"));
    }
    static QDBusObjectPath item(int n)
    {
        return QDBusObjectPath(QStringLiteral("/org/freedesktop/secrets/item/i%1").arg(n));
    }

    const QString busName = QStringLiteral("org.paldesk.test.FakeSecrets%1").arg(QCoreApplication::applicationPid());
    QDBusConnection bus =
        QDBusConnection::connectToBus(QDBusConnection::SessionBus, QStringLiteral("fake-secret-service"));
    FakeSecretService fake;
    SecretServiceReader reader{service, busName, 2'000};
};

} // namespace

TEST_F(SecretServiceReaderTest, ATextItemQtKeychainWroteIsReadDirectlyInOneSession)
{
    // The size of a token cache with a few hundred directories.
    QByteArray cache = R"({"AccessToken": {"k": ")";
    cache.append(QByteArray(400'000, 'a'));
    cache.append(R"("}, "note": "caf\u00e9"})");
    write(QStringLiteral("test/direct"), cache);
    const auto cleanup = qScopeGuard([&] { remove(QStringLiteral("test/direct")); });

    SecretServiceReader reader(service);
    const auto first = readDirectly(reader, QStringLiteral("test/direct"));
    ASSERT_TRUE(first && *first) << "the reader left a plain text item to QtKeychain";
    EXPECT_EQ(**first, cache);
    const QString session = reader.sessionPath();
    EXPECT_FALSE(session.isEmpty());
    const auto second = readDirectly(reader, QStringLiteral("test/direct"));
    ASSERT_TRUE(second && *second);
    EXPECT_EQ(**second, cache);
    EXPECT_EQ(reader.sessionPath(), session) << "one session for every read of the process";

    // And the store answers the same, whichever way it read.
    EXPECT_TRUE(store.readsDirectly());
    const auto read = await<QByteArray>(
        [&](Completion<QByteArray> done) { store.read(QStringLiteral("test/direct"), &context, done); });
    ASSERT_TRUE(read && *read);
    EXPECT_EQ(read->value(), cache);
}

TEST_F(SecretServiceReaderTest, BinaryAndMissingItemsAreLeftToQtKeychain)
{
    const QByteArray binary("token-\x01\xff-bytes", 14);
    write(QStringLiteral("test/binary"), binary); // stored base64, type=base64
    const auto cleanup = qScopeGuard([&] { remove(QStringLiteral("test/binary")); });

    SecretServiceReader reader(service);
    auto direct = readDirectly(reader, QStringLiteral("test/binary"));
    ASSERT_TRUE(direct);
    EXPECT_FALSE(*direct);
    direct = readDirectly(reader, QStringLiteral("test/missing"));
    ASSERT_TRUE(direct);
    EXPECT_FALSE(*direct);

    // The store then asks QtKeychain, which knows both answers.
    auto read = await<QByteArray>(
        [&](Completion<QByteArray> done) { store.read(QStringLiteral("test/binary"), &context, done); });
    ASSERT_TRUE(read && *read);
    EXPECT_EQ(read->value(), binary);
    read = await<QByteArray>(
        [&](Completion<QByteArray> done) { store.read(QStringLiteral("test/missing"), &context, done); });
    ASSERT_TRUE(read && *read);
    EXPECT_TRUE(read->value().isEmpty());
}

TEST_F(SecretServiceReaderTest, AReadWhileTheStoreWritesTheSameKeySeesTheWrite)
{
    write(QStringLiteral("test/order"), "first");
    const auto cleanup = qScopeGuard([&] { remove(QStringLiteral("test/order")); });
    // The write is not awaited: a direct read would overtake QtKeychain's queue and find "first".
    std::optional<Expected<Done>> written;
    store.write(QStringLiteral("test/order"), "second", &context, [&](const Expected<Done> &r) { written = r; });
    const auto read = await<QByteArray>(
        [&](Completion<QByteArray> done) { store.read(QStringLiteral("test/order"), &context, done); });
    ASSERT_TRUE(read && *read);
    EXPECT_EQ(read->value(), "second");
    EXPECT_TRUE(waitUntil([&] { return written.has_value(); }));
}

TEST(SecretServiceReaderDesktop, KdeSessionsAreLeftToQtKeychain)
{
    // QtKeychain keeps KDE's secrets in KWallet: reading the Secret Service there could find
    // another store's item.
    const QByteArray before = qgetenv("XDG_CURRENT_DESKTOP");
    const auto restore = qScopeGuard([&] { qputenv("XDG_CURRENT_DESKTOP", before); });
    qputenv("XDG_CURRENT_DESKTOP", "KDE");
    EXPECT_FALSE(SecretServiceReader::qtKeychainUsesSecretService());
    EXPECT_FALSE(KeychainSecretStore().readsDirectly());
    qputenv("XDG_CURRENT_DESKTOP", "GNOME");
    EXPECT_TRUE(SecretServiceReader::qtKeychainUsesSecretService());
    EXPECT_TRUE(KeychainSecretStore().readsDirectly());
    EXPECT_FALSE(KeychainSecretStore(service, 0, KeychainSecretStore::Reads::QtKeychainOnly).readsDirectly());
}

TEST_F(FakeServiceTest, OneUnlockedItemIsRead)
{
    fake.unlocked = {item(1)};
    const auto r = readDirectly(reader, QStringLiteral("k"));
    ASSERT_TRUE(r && *r);
    EXPECT_EQ(**r, "fake-secret");
    EXPECT_EQ(fake.sessionsOpened, 1);
}

TEST_F(FakeServiceTest, ALockedItemIsLeftToQtKeychainWhichPromptsToUnlock)
{
    fake.locked = {item(1)};
    const auto r = readDirectly(reader, QStringLiteral("k"));
    ASSERT_TRUE(r);
    EXPECT_FALSE(*r);
    EXPECT_EQ(fake.secretsGiven, 0) << "nothing is unlocked or read behind QtKeychain's back";
}

TEST_F(FakeServiceTest, SeveralMatchingItemsAreLeftToQtKeychain)
{
    fake.unlocked = {item(1), item(2)};
    const auto r = readDirectly(reader, QStringLiteral("k"));
    ASSERT_TRUE(r);
    EXPECT_FALSE(*r);
    EXPECT_EQ(fake.secretsGiven, 0);
}

TEST_F(FakeServiceTest, ARefusedSessionIsLeftToQtKeychain)
{
    fake.unlocked = {item(1)};
    fake.refuseSessions = true;
    const auto r = readDirectly(reader, QStringLiteral("k"));
    ASSERT_TRUE(r);
    EXPECT_FALSE(*r);
    EXPECT_EQ(fake.secretsGiven, 0);
    EXPECT_TRUE(reader.sessionPath().isEmpty());
}

TEST_F(FakeServiceTest, ASessionTheServiceForgotIsOpenedAgainNextTime)
{
    fake.unlocked = {item(1)};
    ASSERT_TRUE(readDirectly(reader, QStringLiteral("k")).value_or(std::nullopt));
    fake.forgetSessions = true; // e.g. the keyring daemon restarted
    auto r = readDirectly(reader, QStringLiteral("k"));
    ASSERT_TRUE(r);
    EXPECT_FALSE(*r);
    EXPECT_TRUE(reader.sessionPath().isEmpty());
    fake.forgetSessions = false;
    r = readDirectly(reader, QStringLiteral("k"));
    ASSERT_TRUE(r && *r);
    EXPECT_EQ(fake.sessionsOpened, 2);
}

TEST_F(FakeServiceTest, AnEncryptedAnswerIsLeftToQtKeychain)
{
    fake.unlocked = {item(1)};
    fake.parameters = QByteArray(16, 'i'); // an AES IV: never the answer to a "plain" session
    const auto r = readDirectly(reader, QStringLiteral("k"));
    ASSERT_TRUE(r);
    EXPECT_FALSE(*r);
}

TEST_F(FakeServiceTest, NoSecretServiceOnTheBusIsLeftToQtKeychain)
{
    SecretServiceReader nobody(service, QStringLiteral("org.paldesk.test.NobodyHere"), 2'000);
    const auto r = readDirectly(nobody, QStringLiteral("k"));
    ASSERT_TRUE(r) << "an absent service must answer, not hang";
    EXPECT_FALSE(*r);
}
