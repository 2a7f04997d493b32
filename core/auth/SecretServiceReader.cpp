#include "SecretServiceReader.h"

#include "Logging.h"

#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QObject>
#include <QPointer>

namespace pal {

namespace {

const QString servicePath = QStringLiteral("/org/freedesktop/secrets");
const QString serviceInterface = QStringLiteral("org.freedesktop.Secret.Service");
const QString itemInterface = QStringLiteral("org.freedesktop.Secret.Item");

// QtKeychain's libsecret schema "org.qt.keychain" (SECRET_SCHEMA_DONT_MATCH_NAME): user = the key,
// server = the service, type = how the secret was stored. Text is searched for first, as QtKeychain
// does when it reads.
QDBusArgument searchAttributes(const QString &service, const QString &key)
{
    QDBusArgument attributes;
    attributes.beginMap(QMetaType::fromType<QString>(), QMetaType::fromType<QString>());
    const std::pair<QString, QString> pairs[] = {{QStringLiteral("user"), key},
                                                 {QStringLiteral("server"), service},
                                                 {QStringLiteral("type"), QStringLiteral("plaintext")}};
    for (const auto &[name, value] : pairs) {
        attributes.beginMapEntry();
        attributes << name << value;
        attributes.endMapEntry();
    }
    attributes.endMap();
    return attributes;
}

// Runs `then` with the finished call, through `context` (dropped if it is gone).
void whenFinished(const QDBusPendingCall &call, QObject *context, std::function<void(const QDBusPendingCall &)> then)
{
    auto *watcher = new QDBusPendingCallWatcher(call, context);
    QObject::connect(watcher, &QDBusPendingCallWatcher::finished, context,
                     [then = std::move(then)](QDBusPendingCallWatcher *w) {
                         w->deleteLater();
                         then(*w);
                     });
}

} // namespace

struct SecretServiceReader::State
{
    QString service;
    QString busName;
    int timeoutMs = 0;
    QString session; // object path of the open "plain" session

    QDBusMessage serviceCall(const QString &method) const
    {
        return QDBusMessage::createMethodCall(busName, servicePath, serviceInterface, method);
    }
};

SecretServiceReader::SecretServiceReader(QString service, QString busName, int timeoutMs)
    : m_state(std::make_shared<State>())
{
    m_state->service = std::move(service);
    m_state->busName = std::move(busName);
    m_state->timeoutMs = timeoutMs;
}

SecretServiceReader::~SecretServiceReader() = default;

bool SecretServiceReader::qtKeychainUsesSecretService()
{
    // QtKeychain (keychain_unix.cpp) picks KWallet on KDE 4, and on Plasma 5 and 6 when kwalletd
    // answers; everywhere else libsecret. Any KDE session is left to QtKeychain here.
    const QByteArray desktop = qgetenv("XDG_CURRENT_DESKTOP");
    const QByteArray session = qgetenv("DESKTOP_SESSION");
    return desktop != "KDE" && session != "kde" && session != "kde4" && qEnvironmentVariableIsEmpty("KDE_FULL_SESSION");
}

QString SecretServiceReader::sessionPath() const
{
    return m_state->session;
}

void SecretServiceReader::read(const QString &key, QObject *context, Answer answer)
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        return answer(std::nullopt);
    const std::shared_ptr<State> state = m_state;

    // The search and (the first time) the session are asked for together: one round trip less.
    QDBusMessage search = state->serviceCall(QStringLiteral("SearchItems"));
    search << QVariant::fromValue(searchAttributes(state->service, key));
    const QDBusPendingCall searched = bus.asyncCall(search, state->timeoutMs);
    std::optional<QDBusPendingCall> opened;
    if (state->session.isEmpty()) {
        QDBusMessage open = state->serviceCall(QStringLiteral("OpenSession"));
        open << QStringLiteral("plain") << QVariant::fromValue(QDBusVariant(QString()));
        opened = bus.asyncCall(open, state->timeoutMs);
    }

    // Step 2, once both answered: exactly one unlocked item, then its secret.
    auto getSecret = [state, key, context, answer](const QDBusPendingCall &searchedCall) {
        const QDBusPendingReply<QList<QDBusObjectPath>, QList<QDBusObjectPath>> found = searchedCall;
        if (found.isError() || state->session.isEmpty()) {
            qCDebug(lcCache) << "Secret Service search for" << key
                             << "failed; asking QtKeychain:" << found.error().name();
            return answer(std::nullopt);
        }
        const QList<QDBusObjectPath> unlocked = found.argumentAt<0>();
        if (unlocked.size() != 1) {
            qCDebug(lcCache) << "Secret Service has" << unlocked.size() << "unlocked text item(s) for" << key << "and"
                             << found.argumentAt<1>().size() << "locked; asking QtKeychain";
            return answer(std::nullopt);
        }
        QDBusMessage get = QDBusMessage::createMethodCall(state->busName, unlocked.first().path(), itemInterface,
                                                          QStringLiteral("GetSecret"));
        get << QVariant::fromValue(QDBusObjectPath(state->session));
        const QString usedSession = state->session;
        whenFinished(QDBusConnection::sessionBus().asyncCall(get, state->timeoutMs), context,
                     [state, key, usedSession, answer](const QDBusPendingCall &call) {
                         const QDBusMessage reply = call.reply();
                         if (reply.type() != QDBusMessage::ReplyMessage || reply.arguments().size() != 1) {
                             qCDebug(lcCache) << "Secret Service did not give the secret of" << key
                                              << "; asking QtKeychain:" << reply.errorName();
                             if (state->session == usedSession) // it may have closed: open another next time
                                 state->session.clear();
                             return answer(std::nullopt);
                         }
                         // Secret: (o session, ay parameters, ay value, s content_type); "plain" has no parameters.
                         const QDBusArgument secret = reply.arguments().first().value<QDBusArgument>();
                         QDBusObjectPath session;
                         QByteArray parameters;
                         QByteArray value;
                         QString contentType;
                         secret.beginStructure();
                         secret >> session >> parameters >> value >> contentType;
                         secret.endStructure();
                         if (!parameters.isEmpty()) {
                             qCDebug(lcCache)
                                 << "Secret Service answered an unexpected secret for" << key << "; asking QtKeychain";
                             return answer(std::nullopt);
                         }
                         answer(std::move(value));
                     });
    };

    if (!opened)
        return whenFinished(searched, context, getSecret);
    whenFinished(*opened, context, [state, searched, context, getSecret](const QDBusPendingCall &call) {
        const QDBusPendingReply<QDBusVariant, QDBusObjectPath> reply = call;
        if (reply.isError())
            qCDebug(lcCache) << "Secret Service session not opened; asking QtKeychain:" << reply.error().name();
        else if (state->session.isEmpty())
            state->session = reply.argumentAt<1>().path();
        whenFinished(searched, context, getSecret); // sent at the same time: it may have answered already
    });
}

} // namespace pal
