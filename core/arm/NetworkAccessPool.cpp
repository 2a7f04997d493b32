#include "NetworkAccessPool.h"

#include "Logging.h"

#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <algorithm>
#include <memory>

namespace pal {

// A plain manager whose createRequest() the pool may call: that is the customisation point Qt
// documents for subclasses, and the reply it makes lives in this lane's connection cache.
class NetworkAccessPool::Lane final : public QNetworkAccessManager
{
public:
    using QNetworkAccessManager::QNetworkAccessManager;
    QNetworkReply *start(Operation op, const QNetworkRequest &request, QIODevice *outgoingData)
    {
        return createRequest(op, request, outgoingData);
    }
};

namespace {

QString originKey(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    return scheme + QStringLiteral("://") + url.host().toLower() + QLatin1Char(':') +
           QString::number(url.port(scheme == QLatin1String("https") ? 443 : 80));
}

} // namespace

NetworkAccessPool::NetworkAccessPool(QObject *parent, int maxLanes)
    : QNetworkAccessManager(parent)
    , m_maxLanes(qMax(1, maxLanes))
{}

NetworkAccessPool::~NetworkAccessPool()
{
    m_origins.clear(); // replies destroyed with their lanes find nothing left to count
    qDeleteAll(m_lanes);
}

void NetworkAccessPool::clearConnectionCache()
{
    for (Lane *lane : std::as_const(m_lanes))
        lane->clearConnectionCache();
    QNetworkAccessManager::clearConnectionCache();
}

NetworkAccessPool::Lane *NetworkAccessPool::laneFor(Origin &origin, int *index)
{
    const auto addLane = [this] {
        auto *lane = new Lane;
        lane->setProxy(proxy());
        lane->setStrictTransportSecurityEnabled(isStrictTransportSecurityEnabled());
        lane->setAutoDeleteReplies(false); // the pool's own setting travels as the request's attribute
        m_lanes.append(lane);
        if (m_lanes.size() > 1)
            qCDebug(lcHttp) << "network pool: lane" << m_lanes.size() << "of" << m_maxLanes;
    };
    if (m_lanes.isEmpty())
        addLane();
    while (origin.inFlight.size() < m_lanes.size())
        origin.inFlight.append(0);
    int chosen = 0;
    if (!origin.multiplexed) {
        chosen = -1;
        for (int i = 0; i < origin.inFlight.size() && chosen < 0; ++i)
            if (origin.inFlight[i] < ConnectionsPerLane)
                chosen = i;
        if (chosen < 0 && m_lanes.size() < m_maxLanes) {
            addLane();
            origin.inFlight.append(0);
            chosen = int(m_lanes.size()) - 1;
        }
        if (chosen < 0) // every lane is full: the least busy one queues it
            chosen = int(std::min_element(origin.inFlight.cbegin(), origin.inFlight.cend()) - origin.inFlight.cbegin());
    }
    *index = chosen;
    return m_lanes[chosen];
}

QNetworkReply *NetworkAccessPool::createRequest(Operation op, const QNetworkRequest &original, QIODevice *outgoingData)
{
    const QString scheme = original.url().scheme().toLower();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        return QNetworkAccessManager::createRequest(op, original, outgoingData);

    // What QNetworkAccessManager::createRequest() takes from the manager, taken from the pool.
    QNetworkRequest request(original);
    if (request.attribute(QNetworkRequest::RedirectPolicyAttribute).isNull())
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, redirectPolicy());
    if (autoDeleteReplies() && request.attribute(QNetworkRequest::AutoDeleteReplyOnFinishAttribute).isNull())
        request.setAttribute(QNetworkRequest::AutoDeleteReplyOnFinishAttribute, true);
    if (request.transferTimeout() == 0)
        request.setTransferTimeout(transferTimeout());

    const QString key = originKey(request.url());
    int index = 0;
    Lane *lane = laneFor(m_origins[key], &index);
    if (lane->proxy() != proxy())
        lane->setProxy(proxy());
    QNetworkReply *reply = lane->start(op, request, outgoingData);
    ++m_origins[key].inFlight[index];

    auto released = std::make_shared<bool>(false);
    auto release = [this, key, index, released](bool multiplexed) {
        if (*released)
            return;
        *released = true;
        const auto it = m_origins.find(key);
        if (it == m_origins.end())
            return;
        --it->inFlight[index];
        if (multiplexed && !it->multiplexed) {
            it->multiplexed = true;
            qCDebug(lcHttp).noquote() << "network pool:" << key << "speaks HTTP/2; one connection from now on";
        }
    };
    connect(reply, &QNetworkReply::finished, this,
            [reply, release] { release(reply->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool()); });
    connect(reply, &QObject::destroyed, this, [release] { release(false); });
    return reply;
}

} // namespace pal
