// AppServices, the composition root: builds on first use only, one secret-store policy, the
// history's place, the in-process sandbox through the starter it is handed.
#include "AppServices.h"
#include "AccountManager.h"
#include "AppConfig.h"
#include "LinkHistory.h"
#include "SecretStore.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <gtest/gtest.h>
#include <optional>

using pal::AppServices;

namespace {

// Sets an environment variable for one test and puts back what was there.
class ScopedEnv
{
public:
    ScopedEnv(const char *name, const QByteArray &value)
        : m_name(name)
        , m_had(qEnvironmentVariableIsSet(name))
        , m_before(qgetenv(name))
    {
        if (value.isNull())
            qunsetenv(name);
        else
            qputenv(name, value);
    }
    ~ScopedEnv()
    {
        if (m_had)
            qputenv(m_name, m_before);
        else
            qunsetenv(m_name);
    }

private:
    const char *m_name;
    bool m_had;
    QByteArray m_before;
};

} // namespace

TEST(AppServices, BuildsNothingItIsNotAskedFor)
{
    QTemporaryDir dir;
    AppServices::Options options;
    options.configDirectory = dir.filePath(QStringLiteral("paldesk"));
    AppServices services(options);
    EXPECT_NE(services.network(), nullptr);
    EXPECT_FALSE(QDir(options.configDirectory).exists()) << "no folder, no file read, before a command needs one";
    ASSERT_NE(services.config(), nullptr);
    EXPECT_FALSE(services.configError());
    EXPECT_EQ(services.config()->directory(), options.configDirectory);
    EXPECT_FALSE(services.secretStoreChecked());
    EXPECT_TRUE(services.secretStoreDescription().isEmpty()) << "no secret store until the accounts are needed";
}

TEST(AppServices, AnUnreadableConfigurationLeavesTheDefaultsAndSaysWhy)
{
    QTemporaryDir dir;
    QFile f(dir.filePath(QStringLiteral("settings.json")));
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write("{");
    f.close();
    AppServices::Options options;
    options.configDirectory = dir.path();
    AppServices services(options);
    EXPECT_EQ(services.config()->currentCloudName(), QStringLiteral("AzureCloud"));
    ASSERT_TRUE(services.configError());
    EXPECT_TRUE(services.configError()->message.contains(QStringLiteral("settings.json")));
}

TEST(AppServices, PaldeskSecretStoreMemoryKeepsSecretsInMemoryAndSaysSo)
{
    QTemporaryDir dir;
    const ScopedEnv memory("PALDESK_SECRET_STORE", "memory");
    AppServices::Options options;
    options.configDirectory = dir.path();
    AppServices services(options);
    ASSERT_NE(services.accounts(), nullptr);
    EXPECT_FALSE(services.secretsPersist());
    EXPECT_TRUE(services.secretStoreChecked()) << "nothing to probe";
    EXPECT_EQ(services.whyNotPersistent(), QStringLiteral("the memory store was chosen for this run"));
    EXPECT_TRUE(services.secretStoreDescription().contains(QStringLiteral("memory")));
    QObject context;
    bool answered = false;
    services.checkSecretStore(&context, [&](const pal::Expected<pal::Done> &r) { answered = r.hasValue(); });
    ASSERT_TRUE(QTest::qWaitFor([&] { return answered; }, 2000));
    // Never a file: nothing but the accounts' metadata is in the folder.
    for (const QString &name : QDir(dir.path()).entryList(QDir::Files))
        EXPECT_TRUE(name == QLatin1String("accounts.json") || name == QLatin1String("settings.json"))
            << name.toStdString();
}

TEST(AppServices, TheHistoryLivesBesideAMovedConfigurationElseInTheDataFolder)
{
    QTemporaryDir dir;
    {
        AppServices::Options options;
        options.configDirectory = dir.filePath(QStringLiteral("config"));
        AppServices services(options);
        EXPECT_EQ(services.history()->filePath(), dir.filePath(QStringLiteral("config/history.jsonl")));
    }
    {
        const ScopedEnv config("PALDESK_CONFIG_DIR", QByteArray());
        const ScopedEnv configHome("XDG_CONFIG_HOME", dir.filePath(QStringLiteral("xdg-config")).toUtf8());
        const ScopedEnv data("XDG_DATA_HOME", dir.filePath(QStringLiteral("xdg-data")).toUtf8());
        AppServices services(AppServices::Options{});
        EXPECT_EQ(services.history()->filePath(), dir.filePath(QStringLiteral("xdg-data/paldesk/history.jsonl")));
    }
    {
        AppServices::Options options;
        options.ephemeral = true; // palctl --sandbox: nothing kept
        AppServices services(options);
        const QString folder = services.config()->directory();
        EXPECT_EQ(services.history()->filePath(), QDir(folder).filePath(QStringLiteral("history.jsonl")));
        EXPECT_TRUE(QDir(folder).exists());
    }
}

TEST(AppServices, StartsTheSandboxOnceThroughItsStarterAsThisProcesssCloud)
{
    QTemporaryDir dir;
    int starts = 0;
    AppServices::Options options;
    options.configDirectory = dir.path();
    options.startSandbox = [&starts]() -> pal::Expected<QByteArray> {
        ++starts;
        return QByteArray(R"({"name":"Sandbox","loginEndpoint":"http://127.0.0.1:4001",)"
                          R"("resourceManagerEndpoint":"http://127.0.0.1:4001"})");
    };
    AppServices services(options);
    ASSERT_TRUE(services.canStartSandbox());
    const auto cloud = services.startSandbox();
    ASSERT_TRUE(cloud) << qPrintable(cloud.error().message);
    EXPECT_EQ(cloud->name, pal::AppConfig::inProcessSandboxName());
    EXPECT_TRUE(services.startSandbox());
    EXPECT_EQ(starts, 1);
    EXPECT_TRUE(services.config()->isSessionCloud(pal::AppConfig::inProcessSandboxName()));
    EXPECT_FALSE(QFile::exists(services.config()->filePath())) << "its port is gone next run: never saved";

    AppServices without(AppServices::Options{});
    EXPECT_FALSE(without.canStartSandbox());
    const auto refused = without.startSandbox();
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, pal::AzureError::Kind::InvalidInput);
}

TEST(AppServices, ASandboxThatDoesNotStartSaysWhy)
{
    AppServices::Options options;
    options.startSandbox = []() -> pal::Expected<QByteArray> {
        return pal::AzureError::make(pal::AzureError::Kind::Network, QStringLiteral("port 0 is taken"));
    };
    AppServices services(options);
    const auto cloud = services.startSandbox();
    ASSERT_FALSE(cloud);
    EXPECT_TRUE(cloud.error().message.contains(QStringLiteral("port 0 is taken")));
}

// Issue 17: accounts whose saved cloud no longer validates (an earlier version's, or accounts.json
// edited by hand) get a provider that says which account, why and what to run; never a null one.
TEST(AppServices, AnAccountWhoseSavedCloudIsInvalidSaysSoInsteadOfHandingOutNoProvider)
{
    QTemporaryDir dir;
    const ScopedEnv memory("PALDESK_SECRET_STORE", "memory");
    const QJsonObject lab{{QStringLiteral("name"), QStringLiteral("Lab")},
                          {QStringLiteral("loginEndpoint"), QStringLiteral("http://127.0.0.1:8400")},
                          {QStringLiteral("resourceManagerEndpoint"), QStringLiteral("http://127.0.0.1:8400")}};
    QJsonObject offLoopback = lab;
    offLoopback.insert(QStringLiteral("loginEndpoint"), QStringLiteral("http://login.example.com"));
    QJsonObject refused = lab;
    refused.insert(QStringLiteral("loginEndpoint"), QStringLiteral("https://login.microsoftonline.com"));
    refused.insert(QStringLiteral("armScope"), QStringLiteral("https://management.azure.com/.default"));
    const QList<QPair<QString, QJsonValue>> variants{{QStringLiteral("missing"), QJsonValue(QJsonValue::Undefined)},
                                                     {QStringLiteral("empty"), QJsonObject()},
                                                     {QStringLiteral("string"), QStringLiteral("Lab")},
                                                     {QStringLiteral("offloopback"), offLoopback},
                                                     {QStringLiteral("refused"), refused}};
    QJsonArray list;
    for (const auto &[id, cloud] : variants) {
        QJsonObject a{{QStringLiteral("id"), id},
                      {QStringLiteral("username"), QString(id + QStringLiteral("@lab.example"))},
                      {QStringLiteral("cloudName"), QStringLiteral("Lab")},
                      {QStringLiteral("kind"), QStringLiteral("browser")}};
        if (!cloud.isUndefined())
            a.insert(QStringLiteral("cloud"), cloud);
        list.append(a);
    }
    QFile f(dir.filePath(QStringLiteral("accounts.json")));
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(QJsonDocument(QJsonObject{{QStringLiteral("version"), 1}, {QStringLiteral("accounts"), list}}).toJson());
    f.close();

    AppServices::Options options;
    options.configDirectory = dir.path();
    AppServices services(options);
    pal::AccountManager *accounts = services.accounts();
    ASSERT_NE(accounts, nullptr);
    ASSERT_EQ(accounts->accounts().size(), variants.size());
    for (const auto &[id, cloud] : variants) {
        const auto saved = accounts->cloudOf(id);
        ASSERT_FALSE(saved) << qPrintable(id);
        EXPECT_EQ(saved.error().code, QStringLiteral("InvalidAccountCloud"));
        pal::AccessTokenProvider *provider = accounts->tokenProvider(id);
        ASSERT_NE(provider, nullptr) << qPrintable(id);
        QObject context;
        std::optional<pal::Expected<pal::AccessToken>> token;
        provider->requestToken({}, &context, [&](const pal::Expected<pal::AccessToken> &t) { token = t; });
        ASSERT_TRUE(QTest::qWaitFor([&] { return token.has_value(); }, 2000)) << qPrintable(id);
        ASSERT_FALSE(*token);
        const pal::AzureError &e = token->error();
        EXPECT_EQ(e.kind, pal::AzureError::Kind::InvalidInput);
        EXPECT_TRUE(e.message.contains(id + QStringLiteral("@lab.example"))) << qPrintable(e.message);
        EXPECT_TRUE(e.message.contains(QStringLiteral("\"Lab\""))) << qPrintable(e.message);
        EXPECT_TRUE(e.message.contains(QStringLiteral("palctl cloud register --force"))) << qPrintable(e.message);
        EXPECT_TRUE(e.message.contains(QStringLiteral("sign in again"))) << qPrintable(e.message);
    }
    // An account nobody signed in: a provider all the same, answering that it is not signed in.
    pal::AccessTokenProvider *nobody = accounts->tokenProvider(QStringLiteral("nobody"));
    ASSERT_NE(nobody, nullptr);
    QObject context;
    std::optional<pal::Expected<pal::AccessToken>> token;
    nobody->requestToken({}, &context, [&](const pal::Expected<pal::AccessToken> &t) { token = t; });
    ASSERT_TRUE(QTest::qWaitFor([&] { return token.has_value(); }, 2000));
    ASSERT_FALSE(*token);
    EXPECT_EQ(token->error().kind, pal::AzureError::Kind::InteractionRequired);
}
