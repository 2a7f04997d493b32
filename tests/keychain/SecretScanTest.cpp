// A full session with the real keychain: browser sign-in, switches across directories, a
// partner link created through ARM, a service principal sign-in; then every file PAL Desk could
// have written (the config dir, and HOME when it is a throwaway test home) and every log line
// are searched for any token, code or secret, and none may be found.
#include "AccountTokenProvider.h"
#include "CacheSecret.h"
#include "KeychainSecretStore.h"
#include "ManagementPartnerClient.h"
#include "SignInSandboxFixture.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QMutex>

using namespace pal;
using namespace pal::test;

namespace {

QMutex logMutex;
QStringList capturedLog;
QtMessageHandler previousHandler = nullptr;

void captureMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        QMutexLocker lock(&logMutex);
        capturedLog.append(QStringLiteral("%1: %2").arg(QString::fromLatin1(context.category), message));
    }
    if (previousHandler)
        previousHandler(type, context, message);
}

class SecretScan : public SignInSandboxFixture
{
protected:
    SecretStore *secretStore() override { return &keychain; }
    void SetUp() override
    {
        QLoggingCategory::setFilterRules(QStringLiteral("paldesk.*=true"));
        previousHandler = qInstallMessageHandler(captureMessage);
        SignInSandboxFixture::SetUp();
        auto probed = await<Done>([&](Completion<Done> done) { keychain.probe(manager.get(), done); });
        ASSERT_TRUE(probed && *probed) << "no Secret Service: run tests/keychain/run-keychain-tests.sh";
    }
    void TearDown() override
    {
        SignInSandboxFixture::TearDown();
        qInstallMessageHandler(previousHandler);
        QLoggingCategory::setFilterRules(QString());
    }
    KeychainSecretStore keychain;
};

// The secrets of a cache: every "secret" field of every section.
QList<QByteArray> cacheSecrets(const QByteArray &cacheJson)
{
    QList<QByteArray> out;
    const QJsonObject root = QJsonDocument::fromJson(cacheJson).object();
    for (const QString &section : root.keys()) {
        const QJsonObject entries = root.value(section).toObject();
        for (const QString &key : entries.keys()) {
            const QString secret = entries.value(key).toObject().value(QLatin1String("secret")).toString();
            if (!secret.isEmpty())
                out.append(secret.toUtf8());
        }
    }
    return out;
}

// A needle per secret, plus its last 24 characters (a JWT's signature), to catch partial leaks.
QList<QByteArray> needlesFor(const QList<QByteArray> &secrets)
{
    QList<QByteArray> needles;
    for (const QByteArray &s : secrets) {
        needles.append(s);
        if (s.size() > 40)
            needles.append(s.right(24));
    }
    return needles;
}

} // namespace

TEST_F(SecretScan, NoTokenOrSecretInFilesOrLogs)
{
    QList<QByteArray> secrets;
    auto account = signInWithBrowser();
    ASSERT_TRUE(account) << account.error().userMessage().toStdString();
    secrets += browser.codesSeen;

    QStringList directories{scenario::ContosoPartner.tenantId};
    directories += customerTenants();
    for (const QString &tenant : directories) {
        auto t = token(account->id, tenant);
        ASSERT_TRUE(t) << t.error().userMessage().toStdString();
        secrets.append(t->token);
    }

    // A link, through the real ARM client.
    ArmPipeline pipeline(&network, manager->tokenProvider(account->id), cloud);
    ManagementPartnerClient partners(&pipeline);
    auto link = await<PartnerLink>([&](Completion<PartnerLink> done) {
        partners.create(customerTenants().first(), PartnerId::parse(scenario::ContosoPartnerServices.id).value(),
                        manager.get(), done);
    });
    ASSERT_TRUE(link && *link) << (link ? link->error().userMessage().toStdString() : "timeout");
    EXPECT_EQ(link->value().tenantId, customerTenants().first());

    auto sp = await<Account>([&](Completion<Account> done) {
        manager->signInWithClientSecret(options(scenario::ContosoPartner.tenantId, scenario::PalAutomation.clientId),
                                        scenario::PalAutomation.secret.toUtf8(), manager.get(), done);
    });
    ASSERT_TRUE(sp && *sp);
    secrets.append(scenario::PalAutomation.secret.toUtf8());

    auto cache = await<QByteArray>([&](Completion<QByteArray> done) {
        CacheSecret::read(&keychain, AccountTokenProvider::cacheKey(account->id), manager.get(), done);
    });
    ASSERT_TRUE(cache && *cache);
    const QList<QByteArray> stored = cacheSecrets(cache->value());
    ASSERT_GE(stored.size(), 7) << "access tokens, refresh token and id tokens are in the keychain";
    secrets += stored;
    const QList<QByteArray> needles = needlesFor(secrets);

    QStringList roots{dir.path()};
    const QString home = QDir::homePath();
    if (home.startsWith(QDir::tempPath()))
        roots.append(home); // the throwaway HOME of run-keychain-tests.sh: keyring files included
    int scanned = 0;
    for (const QString &root : roots) {
        QDirIterator files(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (files.hasNext()) {
            QFile f(files.next());
            if (!f.open(QIODevice::ReadOnly))
                continue;
            const QByteArray content = f.readAll();
            ++scanned;
            for (const QByteArray &needle : needles)
                EXPECT_FALSE(content.contains(needle)) << "secret found in " << f.fileName().toStdString();
        }
    }
    EXPECT_GE(scanned, 1);

    QMutexLocker lock(&logMutex);
    ASSERT_FALSE(capturedLog.isEmpty()) << "the paldesk.* categories should have logged the session";
    const QByteArray log = capturedLog.join(QLatin1Char('\n')).toUtf8();
    for (const QByteArray &needle : needles)
        EXPECT_FALSE(log.contains(needle)) << "secret found in the log";
    EXPECT_FALSE(log.contains("Bearer "));
    EXPECT_FALSE(log.contains("code="));
}
