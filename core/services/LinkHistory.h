#pragma once
// LinkHistory: every partner link create, update and delete either app made or tried, one JSON
// object a line in history.jsonl (JSON Lines), newest last:
//   {"time","app","action","directory":{"tenantId","displayName"},
//    "identity":{"tenantId","objectId","username"},"before":{"partnerId","partnerName"}|null,
//    "after":{"partnerId","partnerName"}|null,"result":"ok"|"failed",
//    "error":{"code","message","requestId"}|null}
// Never a token, a code or a secret: only these fields are written.
//
// Appends run under the configuration's ConfigLock (paldesk and any number of palctl processes
// write the same file), open the file with O_APPEND and mode 0600 (its folder 0700), and first
// end a line a killed writer left without its newline, so a damaged line stays one line. Reading
// goes backwards from the end in blocks and stops at the limit, so the newest entries come back
// fast from a large file, in time linear in what it reads however long a line is; a damaged
// line is skipped (counted, with a warning) and the rest read. Server text (an error's code and
// message) is kept at most MaxServiceText characters (ServiceText.h), written and read.
//
// record() turns a LinkChange into an entry (not one cancelled before its write was sent: nothing
// happened; one cancelled after it is recorded as failed, "may have been made"). A failed create never saw a link, so
// its identity's object id comes from a silent token for the directory (the token's oid); while such look-ups are under
// way isRecording() is true, and idle() follows when the last entry is written.

#include "AzureError.h"
#include "Expected.h"
#include "LinkChange.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <memory>
#include <optional>

namespace pal {

class AccessTokenProvider;
class ConfigLock;

struct HistoryLink
{
    QString partnerId;
    QString partnerName;
    bool operator==(const HistoryLink &) const = default;
};

struct HistoryEntry
{
    QDateTime time; // UTC
    QString app;    // "paldesk", "palctl"
    QString action; // "create", "update", "delete"
    QString tenantId;
    QString displayName;
    QString identityTenantId;
    QString objectId;
    QString username;
    std::optional<HistoryLink> before; // nullopt: nothing linked (or not known)
    std::optional<HistoryLink> after;
    bool ok = false;
    QString errorCode; // failed only
    QString errorMessage;
    QString requestId;

    static HistoryEntry fromChange(const LinkChange &change, const QString &app);
    QJsonObject toJson() const;
    // nullopt when `o` is not an entry (a damaged or foreign line).
    static std::optional<HistoryEntry> fromJson(const QJsonObject &o);
    // For people: "7654321 (Adventure Works) → 1234567", "— → 1234567".
    QString changeSummary() const;
};

struct HistoryFilter
{
    QString directory; // a tenant id or display name (any case); empty: every directory
    int limit = 0;     // the newest `limit` entries; 0: all
};

class LinkHistory final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LinkHistory)
public:
    // `lockDirectory`: the configuration folder, whose ConfigLock the history shares.
    LinkHistory(QString filePath, const QString &lockDirectory, QString appName, QObject *parent = nullptr);
    ~LinkHistory() override;

    static QString fileName() { return QStringLiteral("history.jsonl"); }
    // $XDG_DATA_HOME/paldesk/history.jsonl (~/.local/share/paldesk/history.jsonl).
    static QString defaultPath();
    const QString &filePath() const { return m_path; }
    const QString &appName() const { return m_app; }

    [[nodiscard]] Expected<Done> append(const HistoryEntry &entry);
    void record(const LinkChange &change, AccessTokenProvider *tokens);
    bool isRecording() const { return m_recording > 0; }
    // Another process may have appended (AppServices watches the folder).
    void noticeChange() { Q_EMIT changed(); }

    using Filter = HistoryFilter;
    struct Page
    {
        QList<HistoryEntry> entries; // newest first
        int damaged = 0;             // lines skipped because they are not entries
    };
    [[nodiscard]] Expected<Page> read(const Filter &filter = {}) const;
    // The same for the file at `path`, from any thread (paldesk reads a large history off the GUI
    // thread); `blockSize`: how much is read at a time, backwards from the end.
    static constexpr qint64 BlockSize = qint64(64) * 1024;
    [[nodiscard]] static Expected<Page> readFile(const QString &path, const Filter &filter = {},
                                                 qint64 blockSize = BlockSize);
    // The newest successful change of this directory (by anyone recorded here), if any; the
    // error when the file cannot be read.
    [[nodiscard]] Expected<std::optional<HistoryEntry>> lastChange(const QString &tenantId) const;

    // CSV (RFC 4180, cells neutralised against formulas by CsvCell), oldest first
    // as a spreadsheet reads a log; write() saves it atomically.
    [[nodiscard]] static QByteArray csv(const QList<HistoryEntry> &newestFirst);
    [[nodiscard]] static Expected<Done> writeCsv(const QString &path, const QList<HistoryEntry> &newestFirst);

Q_SIGNALS:
    void appended(const pal::HistoryEntry &entry); // written by this process
    void appendFailed(const pal::AzureError &error);
    // The file changed, here (after appended) or in another process (noticeChange()).
    void changed();
    void idle(); // the last record() in progress has been written (or failed)

private:
    void write(const HistoryEntry &entry);

    QString m_path;
    QString m_app;
    std::unique_ptr<ConfigLock> m_lock;
    int m_recording = 0;
};

} // namespace pal

Q_DECLARE_METATYPE(pal::HistoryEntry)
