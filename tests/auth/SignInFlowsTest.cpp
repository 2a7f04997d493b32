// Silent tokens, restarts, sign-out and the accounts file through AccountManager, after a sign-in
// (the flows themselves: BrowserSignInTest, DeviceCodeSignInTest, ServicePrincipalSignInTest).
#include "SignInFixture.h"

using namespace signintest;

TEST_F(SignInFlows, SilentTokensAcrossDirectoriesWithOneSignIn)
{
    auto account = signInDeviceCode();
    ASSERT_TRUE(account) << account.error().message.toStdString();
    const QString id = account->id;
    const int afterSignIn = network.requests.size();

    // Home directory: the cached AT, no request.
    auto home = token(id, {});
    ASSERT_TRUE(home) << home.error().message.toStdString();
    EXPECT_EQ(home->tenantId, kHome);
    EXPECT_EQ(home->objectId, kOid);
    EXPECT_EQ(network.requests.size(), afterSignIn);

    // Another directory: the refresh token redeemed at that directory's authority, then rotated.
    auto other = token(id, kOther);
    ASSERT_TRUE(other) << other.error().message.toStdString();
    EXPECT_EQ(other->tenantId, kOther);
    const RecordedRequest refresh = network.requests.last();
    EXPECT_EQ(refresh.url.toString(), QStringLiteral("https://login.test/%1/oauth2/v2.0/token").arg(kOther));
    EXPECT_EQ(refresh.field(QStringLiteral("refresh_token")), QStringLiteral("rt-1"));
    auto third = token(id, QStringLiteral("44444444-4444-4444-4444-444444444444"));
    ASSERT_TRUE(third);
    EXPECT_EQ(network.requests.last().field(QStringLiteral("refresh_token")), QStringLiteral("rt-2"));

    // Reused until 5 minutes before expiry, then refreshed.
    const int before = network.count(QStringLiteral("/token"));
    clock.advance(3600 - 301);
    ASSERT_TRUE(token(id, kOther));
    EXPECT_EQ(network.count(QStringLiteral("/token")), before);
    clock.advance(2);
    ASSERT_TRUE(token(id, kOther));
    EXPECT_EQ(network.count(QStringLiteral("/token")), before + 1);
    // forceRefresh (after a 401) skips the cache.
    ASSERT_TRUE(token(id, kOther, true));
    EXPECT_EQ(network.count(QStringLiteral("/token")), before + 2);
}

TEST_F(SignInFlows, MfaDirectoryGivesInteractionRequiredForThatDirectory)
{
    auto account = signInDeviceCode();
    ASSERT_TRUE(account);
    auto mfa = token(account->id, kMfa);
    ASSERT_FALSE(mfa);
    EXPECT_EQ(mfa.error().kind, AzureError::Kind::InteractionRequired);
    EXPECT_EQ(mfa.error().tenantId, kMfa);
    EXPECT_EQ(mfa.error().code, QStringLiteral("AADSTS50076"));
    EXPECT_TRUE(
        mfa.error().message.contains(QStringLiteral("Directory %1 requires multi-factor authentication").arg(kMfa)));
    // The refresh token is kept: other directories still work.
    EXPECT_TRUE(token(account->id, kOther));
}

TEST_F(SignInFlows, RestartKeepsTheSignInAndSignOutLeavesNothing)
{
    auto account = signInDeviceCode();
    ASSERT_TRUE(account);
    auto sp = await<Account>([&](Completion<Account> done) {
        manager->signInWithClientSecret(options(kHome, QStringLiteral("app-1")), "s3cr3t", manager.get(), done);
    });
    ASSERT_TRUE(sp && *sp);
    EXPECT_FALSE(accountsFile().contains("rt-1"));
    EXPECT_FALSE(accountsFile().contains("at-"));

    manager = makeManager(&secrets); // a new process, same config dir and keychain
    ASSERT_TRUE(manager->restore());
    ASSERT_EQ(manager->accounts().size(), 2);
    const int calls = network.requests.size();
    auto home = token(account->id, {});
    ASSERT_TRUE(home) << home.error().message.toStdString();
    EXPECT_EQ(network.requests.size(), calls) << "served from the stored cache";
    ASSERT_TRUE(token(account->id, kOther));

    auto out = await<Done>([&](Completion<Done> done) { manager->signOut(account->id, manager.get(), done); });
    ASSERT_TRUE(out && *out);
    EXPECT_EQ(manager->accounts().size(), 1);
    // Issue 17: tokenProvider() is never null; a signed-out account's provider refuses every request.
    const auto gone = token(account->id, {});
    ASSERT_FALSE(gone);
    EXPECT_EQ(gone.error().code, QStringLiteral("AccountNotSignedIn"));
    for (auto it = secrets.items().begin(); it != secrets.items().end(); ++it)
        EXPECT_FALSE(it.key().startsWith(account->id)) << it.key().toStdString();
    EXPECT_FALSE(accountsFile().contains(account->id.toUtf8()));

    out = await<Done>([&](Completion<Done> done) { manager->signOut(sp->value().id, manager.get(), done); });
    ASSERT_TRUE(out && *out);
    EXPECT_TRUE(secrets.items().isEmpty());
    EXPECT_TRUE(manager->accounts().isEmpty());
}

TEST_F(SignInFlows, KeychainFailureReachesTheCallerAndNothingIsKept)
{
    FailingSecretStore broken;
    manager = makeManager(&broken);
    auto r = await<Account>([&](Completion<Account> done) {
        manager->signInWithClientSecret(options(kHome, QStringLiteral("app-1")), "s3cr3t", manager.get(), done);
    });
    ASSERT_TRUE(r && !*r);
    EXPECT_EQ(r->error().kind, AzureError::Kind::Keychain);
    EXPECT_TRUE(r->error().message.contains(QStringLiteral("locked")));
    EXPECT_TRUE(manager->accounts().isEmpty());
    EXPECT_FALSE(QFile::exists(dir.filePath(QStringLiteral("accounts.json"))));
}

TEST_F(SignInFlows, BrokenAccountsFileIsNamed)
{
    QFile f(dir.filePath(QStringLiteral("accounts.json")));
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write("{ not json");
    f.close();
    auto r = manager->restore();
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("accounts.json")));
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("line 1, column"))) << qPrintable(r.error().message);
    EXPECT_TRUE(manager->accounts().isEmpty());
}

TEST_F(SignInFlows, AccountsFileWithoutAnAccountsListIsNamed)
{
    QFile f(dir.filePath(QStringLiteral("accounts.json")));
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(R"({"accounts": {}})");
    f.close();
    auto r = manager->restore();
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("accounts.json")));
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("no \"accounts\" list"))) << qPrintable(r.error().message);
}

namespace {
// A working store that can be told to start failing writes (a keychain that got locked).
class LockableSecretStore final : public SecretStore
{
public:
    bool locked = false;
    MemorySecretStore inner;
    bool isPersistent() const override { return true; }
    QString description() const override { return QStringLiteral("lockable"); }
    void write(const QString &key, const QByteArray &secret, QObject *context, Completion<Done> done) override
    {
        if (!locked)
            return inner.write(key, secret, context, done);
        QMetaObject::invokeMethod(
            context,
            [done] {
                done(AzureError::make(AzureError::Kind::Keychain,
                                      QStringLiteral("Cannot create an item in a locked collection")));
            },
            Qt::QueuedConnection);
    }
    void read(const QString &key, QObject *context, Completion<QByteArray> done) override
    {
        inner.read(key, context, done);
    }
    void remove(const QString &key, QObject *context, Completion<Done> done) override
    {
        inner.remove(key, context, done);
    }
};
} // namespace

TEST_F(SignInFlows, KeychainFailureDuringSilentRefreshReachesTheFlush)
{
    LockableSecretStore store;
    manager = makeManager(&store);
    auto account = signInDeviceCode();
    ASSERT_TRUE(account) << account.error().message.toStdString();
    store.locked = true;
    // Tokens are written behind their answers: the caller gets its token from memory...
    EXPECT_TRUE(token(account->id, kOther));
    // ...and the write's failure is what the flush before exit reports (palctl prints it).
    auto flushed = await<Done>([&](Completion<Done> done) { manager->flush(manager.get(), done); });
    ASSERT_TRUE(flushed);
    ASSERT_FALSE(*flushed);
    EXPECT_EQ(flushed->error().kind, AzureError::Kind::Keychain);
    EXPECT_TRUE(flushed->error().message.contains(QStringLiteral("locked collection")));
    // Unlocked again: the next flush writes what could not be written.
    store.locked = false;
    flushed = await<Done>([&](Completion<Done> done) { manager->flush(manager.get(), done); });
    ASSERT_TRUE(flushed && *flushed);
}

TEST_F(SignInFlows, MemoryStoreSaysNothingIsRemembered)
{
    auto r = await<Done>([&](Completion<Done> done) { manager->checkSecretStore(manager.get(), done); });
    ASSERT_TRUE(r && *r);
    EXPECT_FALSE(manager->secretsPersist());
    EXPECT_TRUE(manager->secretStoreDescription().contains(QStringLiteral("nothing is remembered")));
}

TEST_F(SignInFlows, SigningInAgainToOneDirectoryKeepsTheAccountAndItsOtherTokens)
{
    auto account = signInDeviceCode();
    ASSERT_TRUE(account);
    ASSERT_TRUE(token(account->id, kOther));
    AccessTokenProvider *provider = manager->tokenProvider(account->id);
    // Interactive sign-in to the MFA directory: a token for that directory, same home account.
    network.handler = FakeEntra::withDiscovery([&](const RecordedRequest &c) -> FakeResponse {
        if (c.url.path().endsWith(QLatin1String("/devicecode")))
            return {200,
                    R"({"device_code":"dc","user_code":"U","verification_uri":"https://login.test/d","interval":1})"};
        return {200,
                FakeEntra::userTokens(QStringLiteral("guest-oid-in-mfa"), kMfa, QStringLiteral("admin@partner.test"),
                                      QStringLiteral("rt-mfa"), QStringLiteral("at-mfa"), 3600, kHome, kOid)};
    });
    auto again = await<Account>(
        [&](Completion<Account> done) { manager->signInWithDeviceCode(options(kMfa), {}, manager.get(), done); });
    ASSERT_TRUE(again && *again) << (again ? again->error().message.toStdString() : "timeout");
    EXPECT_EQ(again->value().id, account->id);
    EXPECT_EQ(again->value().homeTenantId, kHome);
    EXPECT_EQ(manager->accounts().size(), 1);
    EXPECT_EQ(manager->tokenProvider(account->id), provider) << "a provider held by callers stays valid";
    const int calls = network.requests.size();
    auto mfa = token(account->id, kMfa);
    ASSERT_TRUE(mfa) << mfa.error().message.toStdString();
    EXPECT_EQ(mfa->objectId, QStringLiteral("guest-oid-in-mfa"));
    ASSERT_TRUE(token(account->id, kOther));
    EXPECT_EQ(network.requests.size(), calls) << "both directories served from the cache";
}

TEST(AccountStorage, RoundTripsMetadataOnly)
{
    Account a;
    a.id = QStringLiteral("oid.tid");
    a.username = QStringLiteral("admin@partner.test");
    a.homeTenantId = QStringLiteral("tid");
    a.objectId = QStringLiteral("oid");
    a.clientId = QStringLiteral("client");
    a.cloudName = QStringLiteral("Custom");
    a.authorityTenant = QStringLiteral("organizations");
    a.kind = SignInKind::ClientCertificate;
    a.certificatePath = QStringLiteral("/certs/sp.pfx");
    a.cloudDefinition = QJsonObject{{QStringLiteral("name"), QStringLiteral("Custom")}};
    const Account b = Account::fromStorage(a.toStorage());
    EXPECT_EQ(b.toStorage(), a.toStorage());
    EXPECT_EQ(b.kind, SignInKind::ClientCertificate);
    EXPECT_EQ(a.toJson(), (QJsonObject{{QStringLiteral("id"), QStringLiteral("oid.tid")},
                                       {QStringLiteral("username"), QStringLiteral("admin@partner.test")},
                                       {QStringLiteral("tenantId"), QStringLiteral("tid")},
                                       {QStringLiteral("kind"), QStringLiteral("client-certificate")}}));
}
