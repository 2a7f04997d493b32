// The main of the keychain tests. Run with `--keychain-helper <command> ...` it is instead a
// tiny second process that reads what the first one stored, to prove secrets survive a restart:
//   read <key>                       -> prints the item, base64 (empty line if missing)
//   cache-read <key> [limit]         -> the same for a token cache (CacheSecret), with an item limit
//   probe                            -> "persist=1" or "persist=0 <error>"
//   probes <n>                       -> n probes of the keychain one after the other; prints how many found it
//   token <configDir> <accountId>    -> "ok <tenantId> <objectId>" from the restored cache
#include "AccountManager.h"
#include "CacheSecret.h"
#include "KeychainSecretStore.h"
#include "Wait.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <cstdio>
#include <gtest/gtest.h>

using namespace pal;

namespace {

int fail(const AzureError &e)
{
    std::fprintf(stderr, "%s\n", qPrintable(e.message));
    return 2;
}

int helper(const QStringList &args)
{
    const QString command = args.value(0);
    KeychainSecretStore store(QStringLiteral("PAL Desk"),
                              command == QLatin1String("cache-read") ? args.value(2).toInt() : 0);
    QObject context;
    if (command == QLatin1String("read") || command == QLatin1String("cache-read")) {
        auto r = pal::test::await<QByteArray>([&](Completion<QByteArray> done) {
            if (command == QLatin1String("read"))
                store.read(args.value(1), &context, done);
            else
                CacheSecret::read(&store, args.value(1), &context, done);
        });
        if (!r || !*r)
            return r ? fail(r->error()) : 3;
        std::printf("%s\n", r->value().toBase64().constData());
        return 0;
    }
    if (command == QLatin1String("probes")) {
        int reachable = 0;
        for (int i = 0; i < args.value(1).toInt(); ++i) {
            auto r = pal::test::await<Done>([&](Completion<Done> done) { store.probe(&context, done); });
            if (r && *r)
                ++reachable;
            else if (r)
                std::fprintf(stderr, "%s\n", qPrintable(r->error().message));
        }
        std::printf("%d\n", reachable);
        return 0;
    }
    QNetworkAccessManager network;
    AccountManager manager(&network, &store, args.value(1), nullptr);
    if (command == QLatin1String("probe")) {
        auto r = pal::test::await<Done>([&](Completion<Done> done) { manager.checkSecretStore(&context, done); });
        if (!r)
            return 3;
        std::printf("persist=%d %s\n", manager.secretsPersist() ? 1 : 0,
                    *r ? "" : qPrintable(AzureError::kindName(r->error().kind)));
        return 0;
    }
    if (command == QLatin1String("token")) {
        if (auto restored = manager.restore(); !restored)
            return fail(restored.error());
        AccessTokenProvider *provider = manager.tokenProvider(args.value(2));
        if (!provider)
            return 4;
        auto r = pal::test::await<AccessToken>(
            [&](Completion<AccessToken> done) { provider->requestToken(TokenRequest{}, &context, done); });
        if (!r || !*r)
            return r ? fail(r->error()) : 3;
        std::printf("ok %s %s\n", qPrintable(r->value().tenantId), qPrintable(r->value().objectId));
        return 0;
    }
    return 5;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() > 1 && args.at(1) == QLatin1String("--keychain-helper"))
        return helper(args.mid(2));
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
