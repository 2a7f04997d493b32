#pragma once
// The fixture the sign-in flow tests share: AccountManager over a fake network (FakeNetwork) and
// an in-memory secret store, a fake clock, and a headless "browser" that answers the authorize URL
// through the real loopback listener with a second, real QNetworkAccessManager.
#include "AccountManager.h"
#include "AccountTokenProvider.h"
#include "BrowserSignIn.h"
#include "FakeEntra.h"
#include "Pkce.h"
#include "SecretStore.h"
#include "TestCertificates.h"
#include "Wait.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QUrlQuery>
#include <gtest/gtest.h>

namespace signintest {

using namespace pal;
using namespace pal::test;

inline const QString kHome = QStringLiteral("11111111-1111-1111-1111-111111111111");
inline const QString kOther = QStringLiteral("22222222-2222-2222-2222-222222222222");
inline const QString kMfa = QStringLiteral("33333333-3333-3333-3333-333333333333");
inline const QString kOid = QStringLiteral("aaaaaaaa-0000-0000-0000-000000000001");

// Answers the authorize URL like a browser whose user approves at once: it calls the loopback
// redirect with a code and the state (or a forged state / an error), and keeps the page shown.
// With `strays`, it first sends what a real browser or another program may send to the port
// (a /favicon.ico, a code without state, an error without state, another sign-in's state), one
// after the other, and only then the real answer. `host` replaces the redirect's host (e.g. ::1).
class HeadlessBrowser final : public BrowserOpener
{
public:
    QUrl opened;
    QByteArray page;
    int pageStatus = 0;
    QString forgedState;
    QString redirectError;
    bool strays = false;
    QString host;
    QList<int> strayStatuses; // what the strays got, in order
    bool realSentAfterStrays = false;

    void openUrl(const QUrl &url) override
    {
        opened = url;
        const QUrlQuery q(url);
        QUrl redirect(q.queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded));
        if (!host.isEmpty())
            redirect.setHost(host);
        QUrlQuery answer;
        if (!redirectError.isEmpty()) {
            answer.addQueryItem(QStringLiteral("error"), redirectError);
            answer.addQueryItem(QStringLiteral("error_description"), QStringLiteral("The user said no"));
        } else {
            answer.addQueryItem(QStringLiteral("code"), QStringLiteral("the-code"));
        }
        answer.addQueryItem(QStringLiteral("state"), forgedState.isEmpty()
                                                         ? q.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded)
                                                         : forgedState);
        m_redirect = redirect;
        m_redirect.setQuery(answer);
        m_pending.clear();
        if (strays) {
            for (const char *stray : {"/favicon.ico", "/?code=stray-code", "/?error=access_denied",
                                      "/?code=stray-code&state=another-sign-in"}) {
                m_pending.append(redirect.resolved(QUrl(QString::fromLatin1(stray))));
            }
        }
        m_pending.append(m_redirect);
        next();
    }
    // True if something still listens at the redirect's port on 127.0.0.1 or on ::1.
    bool listenerStillOpen()
    {
        for (const QString &h : {QStringLiteral("127.0.0.1"), QStringLiteral("::1")}) {
            QUrl u = m_redirect;
            u.setHost(h);
            QNetworkReply *reply = m_network.get(QNetworkRequest(u));
            QEventLoop loop;
            QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
            loop.exec();
            const bool refused = reply->error() == QNetworkReply::ConnectionRefusedError ||
                                 reply->error() == QNetworkReply::HostNotFoundError;
            reply->deleteLater();
            if (!refused)
                return true;
        }
        return false;
    }

private:
    void next()
    {
        if (m_pending.isEmpty())
            return;
        const QUrl url = m_pending.takeFirst();
        const bool real = m_pending.isEmpty();
        if (real && strays)
            realSentAfterStrays = strayStatuses.size() == 4;
        QNetworkReply *reply = m_network.get(QNetworkRequest(url));
        QObject::connect(reply, &QNetworkReply::finished, &m_network, [this, reply, real] {
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            reply->deleteLater();
            if (real) {
                pageStatus = status;
                page = reply->readAll();
                return;
            }
            strayStatuses.append(status);
            next();
        });
    }
    QNetworkAccessManager m_network;
    QUrl m_redirect;
    QList<QUrl> m_pending;
};

class FailingSecretStore final : public SecretStore
{
public:
    bool isPersistent() const override { return true; }
    QString description() const override { return QStringLiteral("broken"); }
    void write(const QString &, const QByteArray &, QObject *context, Completion<Done> done) override
    {
        QMetaObject::invokeMethod(
            context,
            [done] { done(AzureError::make(AzureError::Kind::Keychain, QStringLiteral("The collection is locked."))); },
            Qt::QueuedConnection);
    }
    void read(const QString &, QObject *context, Completion<QByteArray> done) override
    {
        QMetaObject::invokeMethod(
            context, [done] { done(QByteArray()); }, Qt::QueuedConnection);
    }
    void remove(const QString &, QObject *context, Completion<Done> done) override
    {
        QMetaObject::invokeMethod(
            context, [done] { done(Done{}); }, Qt::QueuedConnection);
    }
};

class SignInFlows : public ::testing::Test
{
protected:
    void SetUp() override
    {
        clock.set(QDateTime::currentDateTimeUtc());
        cloud =
            CloudEnvironment::create(QStringLiteral("Test"), FakeEntra::loginBase(), QStringLiteral("https://arm.test"))
                .value();
        network.handler = FakeEntra::withDiscovery([this](const RecordedRequest &c) { return entra(c); });
        manager = makeManager(&secrets);
    }
    std::unique_ptr<AccountManager> makeManager(SecretStore *store)
    {
        auto m = std::make_unique<AccountManager>(&network, store, dir.path(), &browser, &clock);
        m->setPollingTimeScale(0.01);
        return m;
    }
    SignInOptions options(const QString &tenant = QStringLiteral("organizations"), const QString &clientId = {})
    {
        SignInOptions o;
        o.cloud = cloud;
        o.tenant = tenant;
        o.clientId = clientId;
        return o;
    }
    // The default fake Entra: user tokens for the home tenant; refresh tokens rotate.
    FakeResponse entra(const RecordedRequest &c)
    {
        const QString grant = c.field(QStringLiteral("grant_type"));
        const QString tenant = c.url.path().section(QLatin1Char('/'), 1, 1);
        if (grant == QLatin1String("authorization_code") || grant.endsWith(QLatin1String("device_code")))
            return {200, FakeEntra::userTokens(kOid, kHome, QStringLiteral("admin@partner.test"),
                                               QStringLiteral("rt-1"), QStringLiteral("at-") + tenant)};
        if (grant == QLatin1String("refresh_token")) {
            if (tenant == kMfa)
                return {400, FakeEntra::error(QStringLiteral("invalid_grant"), 50076,
                                              QStringLiteral("AADSTS50076: you must use multi-factor authentication"))};
            const QString next = QStringLiteral("rt-%1").arg(++rotations + 1);
            return {200, FakeEntra::userTokens(kOid, tenant, QStringLiteral("admin@partner.test"), next,
                                               QStringLiteral("at-") + tenant)};
        }
        if (grant == QLatin1String("client_credentials"))
            return {200, FakeEntra::appTokens(QStringLiteral("sp-oid"), kHome)};
        return {404, {}};
    }
    Expected<Account> signInDeviceCode()
    {
        deviceHandler = [](const RecordedRequest &) {
            return FakeResponse{200, R"({"device_code":"dc","user_code":"ABCD-EFGH",
                "verification_uri":"https://login.test/device","expires_in":900,
                "message":"To sign in, use a web browser to open the page https://login.test/device and enter the code ABCD-EFGH"})"};
        };
        auto previous = network.handler;
        network.handler = FakeEntra::withDiscovery([this](const RecordedRequest &c) {
            if (c.url.path().endsWith(QLatin1String("/devicecode")))
                return deviceHandler(c);
            return entra(c);
        });
        auto r = await<Account>([&](Completion<Account> done) {
            manager->signInWithDeviceCode(
                options(), [this](const DeviceCodePrompt &p) { prompts.append(p); }, manager.get(), done);
        });
        return r ? *r : Expected<Account>(AzureError::make(AzureError::Kind::Timeout, QStringLiteral("test timeout")));
    }
    Expected<AccessToken> token(const QString &accountId, const QString &tenant, bool force = false)
    {
        AccessTokenProvider *p = manager->tokenProvider(accountId);
        if (!p)
            return AzureError::make(AzureError::Kind::NotFound, QStringLiteral("no provider"));
        auto r = await<AccessToken>([&](Completion<AccessToken> done) {
            p->requestToken(TokenRequest{tenant, force}, manager.get(), done);
        });
        return r ? *r
                 : Expected<AccessToken>(AzureError::make(AzureError::Kind::Timeout, QStringLiteral("test timeout")));
    }
    QByteArray accountsFile() const
    {
        QFile f(dir.filePath(QStringLiteral("accounts.json")));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    QTemporaryDir dir;
    FakeNetwork network;
    MemorySecretStore secrets;
    ManualClock clock;
    HeadlessBrowser browser;
    CloudEnvironment cloud;
    std::unique_ptr<AccountManager> manager;
    FakeNetwork::Handler deviceHandler;
    QList<DeviceCodePrompt> prompts;
    int rotations = 0;
};

// A browser that never comes back (the user closed it, or the provider showed an error page).
class NeverOpeningBrowser final : public BrowserOpener
{
public:
    int opened = 0;
    QUrl url;
    void openUrl(const QUrl &u) override
    {
        ++opened;
        url = u;
    }
    // The loopback redirect the authorize URL named.
    QUrl redirect() const
    {
        return QUrl(QUrlQuery(url).queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded));
    }
};

// True when nothing listens on 127.0.0.1:port nor [::1]:port any more.
inline bool portClosed(quint16 port)
{
    for (const QHostAddress &address :
         {QHostAddress(QHostAddress::LocalHost), QHostAddress(QHostAddress::LocalHostIPv6)}) {
        QTcpSocket socket;
        socket.connectToHost(address, port);
        if (socket.waitForConnected(2000))
            return false;
    }
    return true;
}

// True when this machine can listen on the IPv6 loopback address.
inline bool hasIpv6Loopback()
{
    QTcpServer probe;
    return probe.listen(QHostAddress(QHostAddress::LocalHostIPv6), 0);
}

} // namespace signintest
