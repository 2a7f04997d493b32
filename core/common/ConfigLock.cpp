#include "ConfigLock.h"

#include "BoundedRead.h"
#include "Limits.h"
#include "Logging.h"
#include "PrivateFile.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QLockFile>
#include <QMutex>
#include <QSet>
#include <QTimer>

namespace pal {

namespace {

const QString LockFileName = QStringLiteral("paldesk.lock");

// A file lock belongs to a process, not to an object: two ConfigLocks of one process (AppConfig's
// and AccountManager's, say) must not wait for each other while one of them holds the lock across
// event-loop turns. This set says which lock files this process holds now.
QMutex heldMutex;
QSet<QString> &heldPaths()
{
    static QSet<QString> paths;
    return paths;
}

// Kind::Timeout (the wait ran out), with a code of its own so it is never told as a service that
// did not answer (AzureError::userMessage gives it no network advice).
AzureError lockError(const QString &text)
{
    return AzureError::make(AzureError::Kind::Timeout, text, ConfigLock::LockedCode);
}

Expected<Done> ensurePrivateFolder(const QString &directory)
{
    if (!QDir().mkpath(directory))
        return AzureError::make(AzureError::Kind::InvalidInput,
                                QStringLiteral("The configuration folder %1 cannot be created.").arg(directory),
                                QStringLiteral("InvalidConfiguration"));
    // Only its owner may list or open what PAL Desk keeps there.
    QFile::setPermissions(directory, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    return Done{};
}

} // namespace

class ConfigLock::Private
{
public:
    explicit Private(const QString &path)
        : file(path)
        , path(path)
    {
        file.setStaleLockTime(StaleMs);
    }

    bool heldByThisProcess() const
    {
        QMutexLocker locker(&heldMutex);
        return heldPaths().contains(path);
    }

    // Takes the lock file, waiting at most `waitMs`. False (and *error) when another process keeps it.
    bool take(int waitMs, AzureError *error)
    {
        if (const auto folder = ensurePrivateFolder(QFileInfo(path).absolutePath()); !folder) {
            *error = folder.error();
            return false;
        }
        if (!file.tryLock(waitMs)) {
            if (waitMs > 0 || file.error() != QLockFile::LockFailedError)
                *error = describeFailure();
            return false;
        }
        QMutexLocker locker(&heldMutex);
        heldPaths().insert(path);
        return true;
    }

    void release()
    {
        {
            QMutexLocker locker(&heldMutex);
            heldPaths().remove(path);
        }
        file.unlock();
    }

    AzureError describeFailure() const
    {
        if (file.error() == QLockFile::PermissionError)
            return AzureError::make(AzureError::Kind::InvalidInput,
                                    QStringLiteral("The lock file %1 cannot be created (no permission).").arg(path),
                                    QStringLiteral("InvalidConfiguration"));
        qint64 pid = 0;
        QString host, app;
        const QString holder =
            file.getLockInfo(&pid, &host, &app)
                ? QStringLiteral("%1, process %2").arg(app.isEmpty() ? QStringLiteral("?") : app).arg(pid)
                : QStringLiteral("%1").arg(path);
        return lockError(QStringLiteral("Another PAL Desk process holds the configuration lock (%1); it stayed "
                                        "locked for more than %2 s. Try again when that process is done, or end it.")
                             .arg(holder)
                             .arg(qMax(1, waitMs / 1000)));
    }

    QLockFile file;
    QString path;
    int waitMs = WaitMs;
    int holds = 0; // Holds alive for this lock
};

ConfigLock::ConfigLock(QString directory, int waitMs)
    : m_directory(std::move(directory))
    , d(std::make_shared<Private>(QDir(m_directory).filePath(LockFileName)))
{
    d->waitMs = waitMs;
}

ConfigLock::~ConfigLock() = default;

QString ConfigLock::lockFilePath() const
{
    return d->path;
}

ConfigLock::Hold::Hold(std::shared_ptr<Private> lock)
    : m_lock(std::move(lock))
{
    ++m_lock->holds;
}

ConfigLock::Hold::~Hold()
{
    if (--m_lock->holds == 0)
        m_lock->release();
}

Expected<QByteArray> ConfigLock::read(const QString &fileName) const
{
    QFile file(QDir(m_directory).filePath(fileName));
    if (!file.exists())
        return QByteArray();
    if (!file.open(QIODevice::ReadOnly))
        return AzureError::make(AzureError::Kind::InvalidInput,
                                QStringLiteral("%1 cannot be read (%2).").arg(file.fileName(), file.errorString()),
                                QStringLiteral("InvalidConfiguration"));
    return readAtMost(file, limits::MaxConfigFileBytes, file.fileName(), QStringLiteral("InvalidConfiguration"));
}

Expected<Done> ConfigLock::writePrivateFile(const QString &directory, const QString &fileName, const QByteArray &data)
{
    if (const auto folder = ensurePrivateFolder(directory); !folder)
        return folder;
    const QString path = QDir(directory).filePath(fileName);
    if (const auto written = pal::writePrivateFile(path, data); !written)
        return AzureError::make(AzureError::Kind::InvalidInput,
                                QStringLiteral("%1 cannot be written (%2).").arg(path, written.error()),
                                QStringLiteral("InvalidConfiguration"));
    return Done{};
}

Expected<Done> ConfigLock::update(const QString &fileName, const Merge &merge)
{
    return locked([&]() -> Expected<Done> {
        const auto current = read(fileName);
        if (!current)
            return current.error();
        const auto merged = merge(current.value());
        if (!merged)
            return merged.error();
        return writePrivateFile(m_directory, fileName, merged.value());
    });
}

Expected<Done> ConfigLock::locked(const std::function<Expected<Done>()> &section)
{
    // A holder of this process is waiting for the keychain between its steps: the file sections
    // are synchronous, so this one cannot interleave with another section's read and write.
    const bool nested = d->heldByThisProcess();
    AzureError error;
    if (!nested && !d->take(d->waitMs, &error))
        return error;
    Expected<Done> result = section();
    if (!nested)
        d->release();
    return result;
}

namespace {

// One attempt, then another PollMs later until the deadline; `lock` keeps the state alive.
void pollLock(const std::shared_ptr<ConfigLock::Private> &lock, QObject *context, qint64 deadline,
              Completion<std::shared_ptr<ConfigLock::Hold>> done,
              const std::function<std::shared_ptr<ConfigLock::Hold>()> &makeHold)
{
    AzureError error;
    // Another holder of this process (its own turn) or another process: try again shortly.
    if (!lock->heldByThisProcess() && lock->take(0, &error)) {
        auto hold = makeHold();
        QTimer::singleShot(0, context, [hold, done = std::move(done)] { done(hold); });
        return;
    }
    if (!error.message.isEmpty())
        return QTimer::singleShot(0, context, [error, done = std::move(done)] { done(error); });
    if (QDateTime::currentMSecsSinceEpoch() >= deadline) {
        const AzureError timeout =
            lock->heldByThisProcess()
                ? lockError(QStringLiteral("PAL Desk's configuration stayed locked by this process for more than %1 s.")
                                .arg(qMax(1, lock->waitMs / 1000)))
                : lock->describeFailure();
        return QTimer::singleShot(0, context, [timeout, done = std::move(done)] { done(timeout); });
    }
    QTimer::singleShot(ConfigLock::PollMs, context, [lock, context, deadline, done = std::move(done), makeHold]() {
        pollLock(lock, context, deadline, done, makeHold);
    });
}

} // namespace

void ConfigLock::acquire(QObject *context, Completion<std::shared_ptr<Hold>> done)
{
    std::shared_ptr<Private> lock = d;
    pollLock(lock, context, QDateTime::currentMSecsSinceEpoch() + lock->waitMs, std::move(done),
             [lock] { return std::shared_ptr<Hold>(new Hold(lock)); });
}

} // namespace pal
