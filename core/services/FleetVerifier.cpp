#include "FleetVerifier.h"

#include "Logging.h"
#include "ManagementPartnerClient.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>
#include <algorithm>
#include <numeric>

namespace pal {

bool DirectoryVerification::matchesExpected() const
{
    if (outcome != Outcome::Linked || !link)
        return false;
    return expectedPartnerId.isEmpty() || link->partnerId == expectedPartnerId;
}

QString DirectoryVerification::outcomeName() const
{
    switch (outcome) {
    case Outcome::Linked:
        return QStringLiteral("linked");
    case Outcome::NotLinked:
        return QStringLiteral("not linked");
    case Outcome::Failed:
        return QStringLiteral("error");
    }
    return QStringLiteral("error");
}

FleetVerifier::FleetVerifier(ManagementPartnerClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{}

void FleetVerifier::setConcurrency(int concurrency)
{
    m_concurrency = std::clamp(concurrency, 1, 64);
}

void FleetVerifier::setExpectedPartnerId(const QString &partnerId)
{
    m_expected = partnerId.trimmed();
}

bool FleetVerifier::isRunning() const
{
    return m_running > 0 || !m_queue.isEmpty();
}

void FleetVerifier::start(const QList<Directory> &directories)
{
    if (isRunning()) {
        qCWarning(lcServices) << "fleet verification already running; start ignored";
        return;
    }
    ++m_generation;
    m_queue = directories;
    m_results.clear();
    m_resultIndex.clear();
    m_inFlight.clear();
    m_total = int(directories.size());
    m_running = 0;
    m_nextIndex = 0;
    m_cancelling = false;
    qCInfo(lcServices) << "verifying" << m_total << "directories," << m_concurrency << "at a time";
    if (m_total == 0) {
        const quint64 generation = m_generation;
        QTimer::singleShot(0, this, [this, generation] {
            if (generation != m_generation)
                return;
            Q_EMIT progress(0, 0);
            Q_EMIT finished();
        });
        return;
    }
    startNext();
}

void FleetVerifier::startNext()
{
    while (!m_cancelling && m_running < m_concurrency && !m_queue.isEmpty()) {
        const Directory directory = m_queue.takeFirst();
        const int index = m_nextIndex++;
        const quint64 generation = m_generation;
        ++m_running;
        auto clock = std::make_shared<QElapsedTimer>();
        clock->start();
        CallHandle handle = m_client->current(
            directory.tenantId, this, [this, directory, index, generation, clock](const Expected<PartnerLink> &link) {
                if (generation != m_generation)
                    return;
                DirectoryVerification result;
                result.directory = directory;
                result.expectedPartnerId = m_expected;
                result.checkedAt = QDateTime::currentDateTimeUtc();
                result.elapsedMs = clock->elapsed();
                if (link) {
                    result.outcome = DirectoryVerification::Outcome::Linked;
                    result.link = link.value();
                } else if (link.error().kind == AzureError::Kind::NotFound) {
                    result.outcome = DirectoryVerification::Outcome::NotLinked;
                } else {
                    result.outcome = DirectoryVerification::Outcome::Failed;
                    result.error = link.error();
                }
                --m_running;
                m_inFlight.remove(index);
                record(index, std::move(result));
            });
        if (m_running > 0 && handle.isRunning())
            m_inFlight.insert(index, handle);
    }
}

void FleetVerifier::record(int index, DirectoryVerification result)
{
    m_results.append(result);
    m_resultIndex.append(index);
    Q_EMIT directoryVerified(result);
    Q_EMIT progress(int(m_results.size()), m_total);
    if (m_results.size() == m_total) {
        // Reports read best in the order the directories were given.
        QList<int> order(m_results.size());
        std::iota(order.begin(), order.end(), 0);
        std::sort(order.begin(), order.end(), [this](int a, int b) { return m_resultIndex[a] < m_resultIndex[b]; });
        QList<DirectoryVerification> sorted;
        sorted.reserve(m_results.size());
        for (int i : order)
            sorted.append(m_results[i]);
        m_results = std::move(sorted);
        m_resultIndex.clear();
        qCInfo(lcServices) << "fleet verification finished:" << m_total << "directories";
        Q_EMIT finished();
        return;
    }
    startNext();
}

void FleetVerifier::cancel()
{
    if (!isRunning() || m_cancelling)
        return;
    m_cancelling = true;
    const quint64 generation = m_generation;
    // Directories never started end as cancelled without a request.
    const QList<Directory> notStarted = std::exchange(m_queue, {});
    for (const Directory &directory : notStarted) {
        DirectoryVerification result;
        result.directory = directory;
        result.expectedPartnerId = m_expected;
        result.checkedAt = QDateTime::currentDateTimeUtc();
        AzureError e =
            AzureError::make(AzureError::Kind::Cancelled, QStringLiteral("Cancelled before it was checked."));
        e.tenantId = directory.tenantId;
        result.error = e;
        record(m_nextIndex++, std::move(result));
        if (generation != m_generation)
            return;
    }
    // Those in flight complete through their callbacks with Kind::Cancelled.
    const QList<CallHandle> inFlight = m_inFlight.values();
    for (const CallHandle &handle : inFlight)
        handle.cancel();
}

namespace {

QString csvField(QString text)
{
    // Spreadsheets run cells starting with these as formulas; a directory name must never be one.
    if (!text.isEmpty() && QStringLiteral("=+-@\t\r").contains(text.at(0)))
        text.prepend(QLatin1Char('\''));
    if (text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"')) || text.contains(QLatin1Char('\n')) ||
        text.contains(QLatin1Char('\r'))) {
        text.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        return QLatin1Char('"') + text + QLatin1Char('"');
    }
    return text;
}

QString isoTime(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

} // namespace

QByteArray FleetVerifier::toCsv(const QList<DirectoryVerification> &results)
{
    const QStringList header{
        QStringLiteral("tenantId"),          QStringLiteral("directory"),       QStringLiteral("defaultDomain"),
        QStringLiteral("outcome"),           QStringLiteral("partnerId"),       QStringLiteral("partnerName"),
        QStringLiteral("expectedPartnerId"), QStringLiteral("matchesExpected"), QStringLiteral("state"),
        QStringLiteral("objectId"),          QStringLiteral("errorKind"),       QStringLiteral("httpStatus"),
        QStringLiteral("errorCode"),         QStringLiteral("errorMessage"),    QStringLiteral("requestId"),
        QStringLiteral("checkedAt"),         QStringLiteral("elapsedMs")};
    QString out = header.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    for (const DirectoryVerification &r : results) {
        const PartnerLink link = r.link.value_or(PartnerLink{});
        const AzureError error = r.error.value_or(AzureError{});
        const bool failed = r.error.has_value();
        const QStringList row{
            r.directory.tenantId,
            r.directory.displayName,
            r.directory.defaultDomain,
            r.outcomeName(),
            link.partnerId,
            link.partnerName,
            r.expectedPartnerId,
            r.outcome == DirectoryVerification::Outcome::Linked
                ? (r.matchesExpected() ? QStringLiteral("yes") : QStringLiteral("no"))
                : QString(),
            link.state,
            link.objectId,
            failed ? error.kindName() : QString(),
            failed && error.httpStatus ? QString::number(error.httpStatus) : QString(),
            error.code,
            error.message,
            error.requestId,
            isoTime(r.checkedAt),
            QString::number(r.elapsedMs),
        };
        QStringList fields;
        for (const QString &f : row)
            fields.append(csvField(f));
        out += fields.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    }
    return out.toUtf8();
}

QByteArray FleetVerifier::toJson(const QList<DirectoryVerification> &results)
{
    QJsonArray array;
    for (const DirectoryVerification &r : results) {
        QJsonObject o{
            {QStringLiteral("tenantId"), r.directory.tenantId},
            {QStringLiteral("directory"), r.directory.displayName},
            {QStringLiteral("defaultDomain"), r.directory.defaultDomain},
            {QStringLiteral("outcome"), r.outcomeName()},
            {QStringLiteral("checkedAt"), isoTime(r.checkedAt)},
            {QStringLiteral("elapsedMs"), r.elapsedMs},
        };
        o.insert(QStringLiteral("link"), r.link ? QJsonValue(r.link->toJson()) : QJsonValue(QJsonValue::Null));
        if (!r.expectedPartnerId.isEmpty()) {
            o.insert(QStringLiteral("expectedPartnerId"), r.expectedPartnerId);
            o.insert(QStringLiteral("matchesExpected"), r.matchesExpected());
        }
        if (r.error) {
            const AzureError &e = *r.error;
            o.insert(QStringLiteral("error"), QJsonObject{{QStringLiteral("kind"), e.kindName()},
                                                          {QStringLiteral("httpStatus"), e.httpStatus},
                                                          {QStringLiteral("code"), e.code},
                                                          {QStringLiteral("message"), e.message},
                                                          {QStringLiteral("requestId"), e.requestId},
                                                          {QStringLiteral("correlationId"), e.correlationId}});
        } else {
            o.insert(QStringLiteral("error"), QJsonValue(QJsonValue::Null));
        }
        array.append(o);
    }
    return QJsonDocument(array).toJson(QJsonDocument::Indented);
}

} // namespace pal
