#pragma once
// ConfigLock: the one cross-process lock of PAL Desk's configuration folder, and the "lock, re-read,
// merge, write" step every writer of that folder's files (settings.json, accounts.json, the history)
// and of the token cache in the keychain goes through. paldesk and any number of palctl processes
// may run at once; each write applies only what its process changed onto what is on disk now.
//
// The lock is a QLockFile `{folder}/paldesk.lock` (as MSAL's cache extensions keep a lock file
// beside the cache). It is held only for short read-merge-write sections, never across a network
// call; waiting for it is bounded (WaitMs), and a lock left by a process that died (kill -9, crash)
// is taken over: at once when its PID is gone, else once it is StaleMs old (also when the process
// died before it wrote its PID into the file). A live holder is never broken, however long its
// section: QLockFile removes a stale lock only when it can flock() it, and the holder keeps it flocked.
//
// Two ways to hold it:
//  - update(): synchronous, for one file: read it, let the caller merge, write it with QSaveFile
//    (mode 0600, in a 0700 folder) before returning.
//  - acquire(): asynchronous, for the keychain (whose jobs complete later): the lock is held until
//    the last copy of the Hold handed to the caller is gone. Waiting polls; the thread never blocks.
// Within one process the lock is shared: a synchronous section that finds the lock held by this
// process (an asynchronous holder waiting for the keychain) runs at once, which is safe because
// every file's read-merge-write is synchronous; asynchronous holders of one process take turns.
// Use from one thread (the application's).

#include "AzureError.h"
#include "Expected.h"

#include <QByteArray>
#include <QString>
#include <functional>
#include <memory>

class QObject;

namespace pal {

class ConfigLock
{
public:
    static constexpr int WaitMs = 10'000; // a writer waits at most this long for another process
    static constexpr int StaleMs = 3'000; // a lock file this old, not flocked, is a dead process's
    static constexpr int PollMs = 3;
    // The code of the error a wait that ran out gets (Kind::Timeout, but not the service's).
    static inline const QString LockedCode = QStringLiteral("ConfigurationLocked");

    // `waitMs`: how long a writer waits for another process (tests shorten it).
    explicit ConfigLock(QString directory, int waitMs = WaitMs);
    ~ConfigLock();
    Q_DISABLE_COPY_MOVE(ConfigLock)

    const QString &directory() const { return m_directory; }
    QString lockFilePath() const;

    // The merge step: the file's current bytes (empty when it does not exist) -> the new bytes.
    using Merge = std::function<Expected<QByteArray>(const QByteArray &current)>;
    // Under the lock: reads {directory}/{fileName}, calls `merge`, writes the result. A merge error
    // writes nothing and is returned as it is.
    Expected<Done> update(const QString &fileName, const Merge &merge);
    // Under the lock, runs `section` (synchronous): for a writer that is not one file's
    // read-merge-write, such as the link history appending a line to its own file.
    Expected<Done> locked(const std::function<Expected<Done>()> &section);

    // Held while it lives; share it (std::shared_ptr) across the asynchronous steps of a section.
    class Private; // public so the waiting code can share it; defined in the .cpp
    class Hold
    {
    public:
        ~Hold();
        Q_DISABLE_COPY_MOVE(Hold)

    private:
        friend class ConfigLock;
        explicit Hold(std::shared_ptr<Private> lock);
        std::shared_ptr<Private> m_lock;
    };
    // Calls `done` (on `context`, once) when the lock is held, or with an error when the wait ran out.
    void acquire(QObject *context, Completion<std::shared_ptr<Hold>> done);

    // A file of the folder as it is now (no lock needed: writes replace files atomically). Missing: empty.
    Expected<QByteArray> read(const QString &fileName) const;
    // QSaveFile, mode 0600, in `directory` (created, mode 0700).
    static Expected<Done> writePrivateFile(const QString &directory, const QString &fileName, const QByteArray &data);

private:
    QString m_directory;
    std::shared_ptr<Private> d; // shared with the Holds, which may outlive this object
};

} // namespace pal
