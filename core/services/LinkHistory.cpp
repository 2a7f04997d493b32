#include "LinkHistory.h"

#include "AccessTokenProvider.h"
#include "ConfigLock.h"
#include "CsvCell.h"
#include "Logging.h"
#include "PrivateFile.h"
#include "ServiceText.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QPointer>
#include <QStandardPaths>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <functional>
#include <sys/stat.h>
#include <unistd.h>

namespace pal {

namespace {

QString isoTime(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

QJsonValue linkJson(const std::optional<HistoryLink> &link)
{
    if (!link)
        return QJsonValue::Null;
    return QJsonObject{{QStringLiteral("partnerId"), link->partnerId},
                       {QStringLiteral("partnerName"), link->partnerName}};
}

// nullopt inside the optional: the value is not a link object nor null (a damaged line).
std::optional<std::optional<HistoryLink>> linkFrom(const QJsonValue &v)
{
    if (v.isNull() || v.isUndefined())
        return std::optional<HistoryLink>();
    if (!v.isObject() || !v.toObject().value(QLatin1String("partnerId")).isString())
        return std::nullopt;
    const QJsonObject o = v.toObject();
    return std::optional<HistoryLink>(
        HistoryLink{o.value(QLatin1String("partnerId")).toString(), o.value(QLatin1String("partnerName")).toString()});
}

std::optional<HistoryLink> linkOf(const LinkState &state)
{
    if (!state.isLinked() || !state.link)
        return std::nullopt;
    return HistoryLink{state.link->partnerId, state.link->partnerName};
}

AzureError historyError(const QString &text)
{
    return AzureError::make(AzureError::Kind::InvalidInput, text, QStringLiteral("InvalidHistory"));
}

bool matches(const HistoryEntry &e, const QString &directory)
{
    return directory.isEmpty() || e.tenantId.compare(directory, Qt::CaseInsensitive) == 0 ||
           (!e.displayName.isEmpty() && e.displayName.compare(directory, Qt::CaseInsensitive) == 0);
}

} // namespace

HistoryEntry HistoryEntry::fromChange(const LinkChange &change, const QString &app)
{
    HistoryEntry e;
    e.time = (change.when.isValid() ? change.when : QDateTime::currentDateTimeUtc()).toUTC();
    e.app = app;
    e.action = change.actionName();
    e.tenantId = change.directory.tenantId;
    e.displayName = change.directory.displayName;
    e.identityTenantId = change.who.tenantId.isEmpty() ? change.directory.tenantId : change.who.tenantId;
    e.objectId = change.who.objectId;
    e.username = change.who.username;
    e.before = linkOf(change.before);
    // A change that sent nothing and read nothing again leaves the link as it was found.
    e.after = change.after.isPending() ? e.before : linkOf(change.after);
    e.ok = change.succeeded();
    if (change.error && !e.ok) {
        // A server's text, kept no longer than it is shown (a 30 MB message would make the file slow to read).
        e.errorCode = capServiceText(change.error->code.isEmpty() ? change.error->kindName() : change.error->code);
        e.errorMessage = capServiceText(change.error->message);
        e.requestId = change.error->requestId;
    } else if (!e.ok) {
        e.errorCode = QStringLiteral("Unknown");
    }
    return e;
}

QJsonObject HistoryEntry::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("time"), isoTime(time));
    o.insert(QStringLiteral("app"), app);
    o.insert(QStringLiteral("action"), action);
    o.insert(QStringLiteral("directory"),
             QJsonObject{{QStringLiteral("tenantId"), tenantId}, {QStringLiteral("displayName"), displayName}});
    o.insert(QStringLiteral("identity"), QJsonObject{{QStringLiteral("tenantId"), identityTenantId},
                                                     {QStringLiteral("objectId"), objectId},
                                                     {QStringLiteral("username"), username}});
    o.insert(QStringLiteral("before"), linkJson(before));
    o.insert(QStringLiteral("after"), linkJson(after));
    o.insert(QStringLiteral("result"), ok ? QStringLiteral("ok") : QStringLiteral("failed"));
    o.insert(QStringLiteral("error"), ok ? QJsonValue(QJsonValue::Null)
                                         : QJsonValue(QJsonObject{{QStringLiteral("code"), errorCode},
                                                                  {QStringLiteral("message"), errorMessage},
                                                                  {QStringLiteral("requestId"), requestId}}));
    return o;
}

std::optional<HistoryEntry> HistoryEntry::fromJson(const QJsonObject &o)
{
    HistoryEntry e;
    e.time = QDateTime::fromString(o.value(QLatin1String("time")).toString(), Qt::ISODateWithMs);
    e.app = o.value(QLatin1String("app")).toString();
    e.action = o.value(QLatin1String("action")).toString();
    const QString result = o.value(QLatin1String("result")).toString();
    const QJsonObject directory = o.value(QLatin1String("directory")).toObject();
    e.tenantId = directory.value(QLatin1String("tenantId")).toString();
    if (!e.time.isValid() || e.tenantId.isEmpty() ||
        (e.action != QLatin1String("create") && e.action != QLatin1String("update") &&
         e.action != QLatin1String("delete")) ||
        (result != QLatin1String("ok") && result != QLatin1String("failed")))
        return std::nullopt;
    e.time = e.time.toUTC();
    e.ok = result == QLatin1String("ok");
    e.displayName = directory.value(QLatin1String("displayName")).toString();
    const QJsonObject identity = o.value(QLatin1String("identity")).toObject();
    e.identityTenantId = identity.value(QLatin1String("tenantId")).toString();
    e.objectId = identity.value(QLatin1String("objectId")).toString();
    e.username = identity.value(QLatin1String("username")).toString();
    const auto before = linkFrom(o.value(QLatin1String("before")));
    const auto after = linkFrom(o.value(QLatin1String("after")));
    if (!before || !after)
        return std::nullopt;
    e.before = *before;
    e.after = *after;
    const QJsonObject error = o.value(QLatin1String("error")).toObject();
    e.errorCode = capServiceText(error.value(QLatin1String("code")).toString());
    e.errorMessage = capServiceText(error.value(QLatin1String("message")).toString()); // as written since issue 17
    e.requestId = error.value(QLatin1String("requestId")).toString();
    return e;
}

QString HistoryEntry::changeSummary() const
{
    const auto text = [](const std::optional<HistoryLink> &l) {
        if (!l)
            return QStringLiteral("—");
        return l->partnerName.isEmpty() ? l->partnerId : QStringLiteral("%1 (%2)").arg(l->partnerId, l->partnerName);
    };
    return QStringLiteral("%1 → %2").arg(text(before), text(after));
}

LinkHistory::LinkHistory(QString filePath, const QString &lockDirectory, QString appName, QObject *parent)
    : QObject(parent)
    , m_path(std::move(filePath))
    , m_app(std::move(appName))
    , m_lock(std::make_unique<ConfigLock>(lockDirectory))
{}

LinkHistory::~LinkHistory() = default;

QString LinkHistory::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/paldesk/") +
           fileName();
}

Expected<Done> LinkHistory::append(const HistoryEntry &entry)
{
    const QByteArray line = QJsonDocument(entry.toJson()).toJson(QJsonDocument::Compact) + '\n';
    const QString folder = QFileInfo(m_path).absolutePath();
    auto written = m_lock->locked([&]() -> Expected<Done> {
        if (!QDir().mkpath(folder))
            return historyError(QStringLiteral("The folder %1 cannot be created.").arg(folder));
        QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        // O_APPEND with mode 0600 from the first byte (QFile would create it with the umask's mode);
        // read as well, to see whether the last line ended.
        const QByteArray path = QFile::encodeName(m_path);
        const int fd = ::open(path.constData(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0)
            return historyError(
                QStringLiteral("%1 cannot be opened (%2).").arg(m_path, QString::fromLocal8Bit(std::strerror(errno))));
        ::fchmod(fd, S_IRUSR | S_IWUSR);
        QByteArray bytes = line;
        // A writer killed mid-line left no newline: end that line, so this one stays whole.
        struct stat st = {};
        if (::fstat(fd, &st) == 0 && st.st_size > 0) {
            char last = '\n';
            if (::pread(fd, &last, 1, st.st_size - 1) == 1 && last != '\n')
                bytes.prepend('\n');
        }
        qint64 done = 0;
        while (done < bytes.size()) {
            const ssize_t n = ::write(fd, bytes.constData() + done, size_t(bytes.size() - done));
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                const QString why = QString::fromLocal8Bit(std::strerror(errno));
                ::close(fd);
                return historyError(QStringLiteral("%1 cannot be written (%2).").arg(m_path, why));
            }
            done += n;
        }
        ::close(fd);
        return Done{};
    });
    if (!written) {
        qCWarning(lcServices).noquote() << "link history not written:" << written.error().message;
        Q_EMIT appendFailed(written.error());
        return written;
    }
    Q_EMIT appended(entry);
    Q_EMIT changed();
    return written;
}

void LinkHistory::write(const HistoryEntry &entry)
{
    (void)append(entry); // a failure is logged and signalled (appendFailed)
}

void LinkHistory::record(const LinkChange &change, AccessTokenProvider *tokens)
{
    // Cancelled before its write was sent (Ctrl-C, a view closed): nothing happened in Azure.
    if (!change.writeSent && change.error && change.error->kind == AzureError::Kind::Cancelled)
        return;
    HistoryEntry entry = HistoryEntry::fromChange(change, m_app);
    if (!entry.objectId.isEmpty() || !tokens)
        return write(entry);
    // A failed create saw no link, so nothing named the identity's object id: the token does (its
    // oid). It was just used for the attempt, so the provider answers from its cache.
    ++m_recording;
    TokenRequest request;
    request.tenantId = change.directory.tenantId;
    tokens->requestToken(request, this, [this, entry](const Expected<AccessToken> &token) mutable {
        if (token && !token->objectId.isEmpty()) {
            entry.objectId = token->objectId;
            if (!token->tenantId.isEmpty())
                entry.identityTenantId = token->tenantId;
        }
        write(entry);
        if (--m_recording == 0)
            Q_EMIT idle();
    });
}

Expected<LinkHistory::Page> LinkHistory::read(const Filter &filter) const
{
    return readFile(m_path, filter);
}

namespace {

// Reads `path` backwards, a block at a time, and hands `take` each line, newest first, until it
// returns false. Each byte is read and searched once: a line longer than a block is kept as its
// pieces and joined once, so a 30 MB line costs what reading 30 MB costs, not its square.
// Returns how many lines were skipped as damaged.
Expected<int> scanBackwards(const QString &path, qint64 blockSize,
                            const std::function<bool(const HistoryEntry &)> &take)
{
    int damaged = 0;
    QFile file(path);
    if (!file.exists())
        return damaged;
    // Unbuffered: the blocks are read once each, and a buffer would read ahead of a seek backwards.
    if (!file.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return historyError(QStringLiteral("%1 cannot be read (%2).").arg(path, file.errorString()));
    QList<QByteArray> pieces; // the line being read: its later pieces, first to last
    const auto line = [&pieces](QByteArray start) {
        qsizetype size = start.size();
        for (const QByteArray &p : std::as_const(pieces))
            size += p.size();
        start.reserve(size);
        for (const QByteArray &p : std::as_const(pieces))
            start += p;
        pieces.clear();
        return start;
    };
    bool more = true;
    const auto parse = [&](const QByteArray &text) {
        if (text.trimmed().isEmpty())
            return;
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
        const auto entry = doc.isObject() ? HistoryEntry::fromJson(doc.object()) : std::nullopt;
        if (!entry)
            ++damaged;
        else
            more = take(*entry);
    };
    qint64 end = file.size();
    while (end > 0 && more) {
        const qint64 start = qMax<qint64>(0, end - blockSize);
        if (!file.seek(start))
            return historyError(QStringLiteral("%1 cannot be read (%2).").arg(path, file.errorString()));
        const QByteArray block = file.read(end - start);
        if (block.size() != end - start)
            return historyError(QStringLiteral("%1 cannot be read (%2).").arg(path, file.errorString()));
        end = start;
        qsizetype lineEnd = block.size(); // block[lineEnd] ends the line being read (or the block does)
        while (more && lineEnd > 0) {
            const qsizetype newline = block.lastIndexOf('\n', lineEnd - 1);
            if (newline < 0) { // the line began in an earlier block
                pieces.prepend(block.left(lineEnd));
                break;
            }
            parse(line(block.mid(newline + 1, lineEnd - newline - 1)));
            lineEnd = newline;
        }
    }
    if (more && !pieces.isEmpty())
        parse(line({}));
    return damaged;
}

} // namespace

Expected<LinkHistory::Page> LinkHistory::readFile(const QString &path, const Filter &filter, qint64 blockSize)
{
    Page page;
    const auto damaged = scanBackwards(path, blockSize, [&](const HistoryEntry &e) {
        if (matches(e, filter.directory))
            page.entries.append(e);
        return filter.limit <= 0 || page.entries.size() < filter.limit;
    });
    if (!damaged)
        return damaged.error();
    page.damaged = damaged.value();
    if (page.damaged > 0)
        qCWarning(lcServices).noquote() << path << ":" << page.damaged
                                        << "damaged line(s) skipped; the other entries are read";
    return page;
}

Expected<std::optional<HistoryEntry>> LinkHistory::lastChange(const QString &tenantId) const
{
    // Newest first: the first success of this very directory ends the read.
    std::optional<HistoryEntry> found;
    const auto damaged = scanBackwards(m_path, BlockSize, [&](const HistoryEntry &e) {
        if (e.ok && e.tenantId.compare(tenantId, Qt::CaseInsensitive) == 0)
            found = e;
        return !found;
    });
    if (!damaged)
        return damaged.error();
    return found;
}

QByteArray LinkHistory::csv(const QList<HistoryEntry> &newestFirst)
{
    const QStringList header{QStringLiteral("time"),
                             QStringLiteral("app"),
                             QStringLiteral("action"),
                             QStringLiteral("tenantId"),
                             QStringLiteral("directory"),
                             QStringLiteral("identityTenantId"),
                             QStringLiteral("objectId"),
                             QStringLiteral("username"),
                             QStringLiteral("beforePartnerId"),
                             QStringLiteral("beforePartnerName"),
                             QStringLiteral("afterPartnerId"),
                             QStringLiteral("afterPartnerName"),
                             QStringLiteral("result"),
                             QStringLiteral("errorCode"),
                             QStringLiteral("errorMessage"),
                             QStringLiteral("requestId")};
    QString out = header.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    for (auto it = newestFirst.crbegin(); it != newestFirst.crend(); ++it) {
        const HistoryEntry &e = *it;
        const HistoryLink before = e.before.value_or(HistoryLink{});
        const HistoryLink after = e.after.value_or(HistoryLink{});
        const QStringList row{isoTime(e.time),
                              e.app,
                              e.action,
                              e.tenantId,
                              e.displayName,
                              e.identityTenantId,
                              e.objectId,
                              e.username,
                              before.partnerId,
                              before.partnerName,
                              after.partnerId,
                              after.partnerName,
                              e.ok ? QStringLiteral("ok") : QStringLiteral("failed"),
                              e.errorCode,
                              e.errorMessage,
                              e.requestId};
        QStringList cells;
        for (const QString &cell : row)
            cells << CsvCell::write(cell);
        out += cells.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    }
    return out.toUtf8();
}

Expected<Done> LinkHistory::writeCsv(const QString &path, const QList<HistoryEntry> &newestFirst)
{
    if (!path.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive))
        return historyError(QStringLiteral("%1: the history is exported as CSV; name a .csv file.").arg(path));
    // Tenants, object ids and user names: for its owner's eyes (0600), as history.jsonl itself.
    if (const auto written = writePrivateFile(path, csv(newestFirst)); !written)
        return historyError(QStringLiteral("%1 cannot be written (%2).").arg(path, written.error()));
    return Done{};
}

} // namespace pal
