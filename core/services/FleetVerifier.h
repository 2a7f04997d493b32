#pragma once
// FleetVerifier: checks the partner link in many directories at once, a token per directory,
// at most `concurrency` directories in flight. Each directory ends in exactly one result: linked
// (with the link), not linked, or an error (including "interaction required" for MFA directories).
// Results arrive as they finish; finished() fires once when every directory has a result.

#include "AccessTokenProvider.h"
#include "AzureError.h"
#include "CallHandle.h"
#include "Directory.h"
#include "PartnerLink.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <optional>

namespace pal {

class ManagementPartnerClient;

struct DirectoryVerification
{
    enum class Outcome { Linked, NotLinked, Failed };
    Directory directory;
    Outcome outcome = Outcome::Failed;
    std::optional<PartnerLink> link; // Linked
    std::optional<AzureError> error; // Failed
    QString expectedPartnerId;       // when set, Linked to another ID is reported as a mismatch
    QDateTime checkedAt;
    qint64 elapsedMs = 0;

    bool matchesExpected() const; // Linked and (no expectation or same ID)
    QString outcomeName() const;  // "linked", "not linked", "error"
};

class FleetVerifier final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FleetVerifier)
public:
    static constexpr int DefaultConcurrency = 8;

    explicit FleetVerifier(ManagementPartnerClient *client, QObject *parent = nullptr);

    void setConcurrency(int concurrency); // clamped to 1..64
    void setExpectedPartnerId(const QString &partnerId);
    // Starts a run; ignored (with a warning) while one is running. An empty list finishes at once.
    void start(const QList<Directory> &directories);
    // Directories not yet checked and those in flight end as Failed with Kind::Cancelled.
    void cancel();
    bool isRunning() const;
    // In input order once finished(); in completion order while running.
    const QList<DirectoryVerification> &results() const { return m_results; }

    // Reports: CSV (RFC 4180, header row) and JSON (array of objects), with ISO 8601 UTC times.
    static QByteArray toCsv(const QList<DirectoryVerification> &results);
    static QByteArray toJson(const QList<DirectoryVerification> &results);

Q_SIGNALS:
    void progress(int done, int total);
    void directoryVerified(const pal::DirectoryVerification &result);
    void finished();

private:
    void startNext();
    void record(int index, DirectoryVerification result);
    ManagementPartnerClient *m_client;
    int m_concurrency = DefaultConcurrency;
    QString m_expected;
    QList<Directory> m_queue;
    QList<DirectoryVerification> m_results;
    QHash<int, CallHandle> m_inFlight; // by index into the started list
    QList<int> m_resultIndex;          // input position of each entry of m_results
    int m_total = 0;
    int m_running = 0;
    int m_nextIndex = 0;
    quint64 m_generation = 0; // callbacks of an earlier run are ignored
    bool m_cancelling = false;
};

} // namespace pal
