#include "KeychainSecretStore.h"

#include "Logging.h"
#include "Wipe.h"
#ifdef PALDESK_SECRET_SERVICE_READS
#include "SecretServiceReader.h"
#endif

#include <QPointer>
#include <QStringDecoder>
#include <QUuid>
#include <qt6keychain/keychain.h>

namespace pal {

namespace {

AzureError keychainError(const char *what, const QString &key, const QKeychain::Job *job)
{
    AzureError e = AzureError::make(
        AzureError::Kind::Keychain,
        QStringLiteral("The system keychain could not %1 \"%2\": %3").arg(QLatin1String(what), key, job->errorString()),
        QStringLiteral("keychain-%1").arg(int(job->error())));
    return e;
}

template <typename Job> Job *makeJob(const QString &service)
{
    auto *job = new Job(service);
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never a plaintext file
    return job;
}

void readWithQtKeychain(const QString &service, const QString &key, QObject *context, Completion<QByteArray> done)
{
    auto *job = makeJob<QKeychain::ReadPasswordJob>(service);
    job->setKey(key);
    QObject::connect(job, &QKeychain::Job::finished, context, [key, done = std::move(done)](QKeychain::Job *j) {
        if (j->error() == QKeychain::EntryNotFound)
            return done(QByteArray());
        if (j->error() != QKeychain::NoError) {
            qCWarning(lcCache) << "keychain read failed for" << key << j->errorString();
            return done(keychainError("read", key, j));
        }
        done(static_cast<QKeychain::ReadPasswordJob *>(j)->binaryData());
    });
    job->start();
}

// Counts a write or delete of `key` as under way until the returned completion runs.
Completion<Done> whileChanging(const std::shared_ptr<QHash<QString, int>> &changing, const QString &key,
                               Completion<Done> done)
{
    ++(*changing)[key];
    return [changing, key, done = std::move(done)](const Expected<Done> &result) {
        if (--(*changing)[key] == 0)
            changing->remove(key);
        done(result);
    };
}

} // namespace

int KeychainSecretStore::platformItemLimit()
{
#if defined(Q_OS_WIN)
    return 2'560;
#else
    return 0;
#endif
}

KeychainSecretStore::KeychainSecretStore(QString service, int maxItemBytes, Reads reads)
    : m_service(std::move(service))
    , m_maxItemBytes(maxItemBytes)
{
#ifdef PALDESK_SECRET_SERVICE_READS
    if (reads == Reads::DirectWherePossible && SecretServiceReader::qtKeychainUsesSecretService())
        m_direct = std::make_unique<SecretServiceReader>(m_service);
#else
    Q_UNUSED(reads)
#endif
}

KeychainSecretStore::~KeychainSecretStore() = default;

QString KeychainSecretStore::description() const
{
#if defined(Q_OS_WIN)
    return QStringLiteral("Windows Credential Manager");
#elif defined(Q_OS_MACOS)
    return QStringLiteral("macOS Keychain");
#else
    return QStringLiteral("Secret Service (system keychain)");
#endif
}

void KeychainSecretStore::write(const QString &key, const QByteArray &secret, QObject *context, Completion<Done> done)
{
    if (m_maxItemBytes > 0 && secret.size() > m_maxItemBytes) {
        done(AzureError::make(AzureError::Kind::Keychain,
                              QStringLiteral("The keychain item \"%1\" would be %2 bytes, over the %3-byte limit.")
                                  .arg(key)
                                  .arg(secret.size())
                                  .arg(m_maxItemBytes)));
        return;
    }
    done = whileChanging(m_changing, key, std::move(done));
    auto *job = makeJob<QKeychain::WritePasswordJob>(m_service);
    job->setKey(key);
    // Text mode stores the bytes as they are (binary mode would store base64 of them).
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = utf8(secret);
    if (utf8.hasError())
        job->setBinaryData(secret);
    else
        job->setTextData(text);
    wipe(text);
    QObject::connect(job, &QKeychain::Job::finished, context, [key, done = std::move(done)](QKeychain::Job *j) {
        if (j->error() != QKeychain::NoError) {
            qCWarning(lcCache) << "keychain write failed for" << key << j->errorString();
            return done(keychainError("store", key, j));
        }
        done(Done{});
    });
    job->start();
}

void KeychainSecretStore::read(const QString &key, QObject *context, Completion<QByteArray> done)
{
#ifdef PALDESK_SECRET_SERVICE_READS
    if (m_direct && !m_changing->contains(key)) {
        m_direct->read(key, context,
                       [service = m_service, key, context, done = std::move(done)](std::optional<QByteArray> secret) {
                           if (secret)
                               return done(*std::move(secret));
                           readWithQtKeychain(service, key, context, done);
                       });
        return;
    }
#endif
    readWithQtKeychain(m_service, key, context, std::move(done));
}

void KeychainSecretStore::remove(const QString &key, QObject *context, Completion<Done> done)
{
    done = whileChanging(m_changing, key, std::move(done));
    auto *job = makeJob<QKeychain::DeletePasswordJob>(m_service);
    job->setKey(key);
    QObject::connect(job, &QKeychain::Job::finished, context, [key, done = std::move(done)](QKeychain::Job *j) {
        if (j->error() != QKeychain::NoError && j->error() != QKeychain::EntryNotFound) {
            qCWarning(lcCache) << "keychain delete failed for" << key << j->errorString();
            return done(keychainError("delete", key, j));
        }
        done(Done{});
    });
    job->start();
}

void KeychainSecretStore::probe(QObject *context, Completion<Done> done)
{
    // Unique: with one fixed key, a process deleting its probe spoiled another's read-back.
    const QString key = QStringLiteral("probe-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QByteArray value = QByteArrayLiteral("reachable");
    write(key, value, context, [this, key, value, context, done](const Expected<Done> &written) {
        if (!written)
            return done(written.error());
        read(key, context, [this, key, value, context, done](const Expected<QByteArray> &back) {
            if (!back)
                return done(back.error());
            if (back.value() != value)
                return done(AzureError::make(AzureError::Kind::Keychain,
                                             QStringLiteral("The system keychain did not return what was stored.")));
            remove(key, context, done);
        });
    });
}

} // namespace pal
