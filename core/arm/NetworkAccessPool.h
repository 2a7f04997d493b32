#pragma once
// NetworkAccessPool: a QNetworkAccessManager that lets many requests to one HTTP/1.1 server be in
// flight at once. Qt 6.4 opens at most six HTTP/1.1 connections per host and manager (the
// channel count is fixed before Qt 6.5's QHttp1Configuration), and each manager keeps its
// connections in its own thread's cache, so more managers mean more connections. This one hands
// each request to a "lane" (a plain manager of its own) that has fewer than six requests in flight
// to that origin, opening a new lane only when every open one is full, up to maxLanes().
//
// A server that answered over HTTP/2 (Azure's ARM and Entra do, over TLS) multiplexes every
// request on one connection, so its requests all go to the first lane once that is known.
// Lanes copy the pool's proxy, redirect policy and transfer timeout; they keep no cookies and no
// cache (PAL Desk's requests use neither). A one-request run (palctl partner show) opens one lane.
// Use it wherever a plain manager would be used; replies report this pool as their manager().

#include <QHash>
#include <QList>
#include <QNetworkAccessManager>

namespace pal {

class NetworkAccessPool final : public QNetworkAccessManager
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NetworkAccessPool)
public:
    // Qt's HTTP/1.1 connections per host and manager (QHttpNetworkConnectionPrivate, Qt 6.4).
    static constexpr int ConnectionsPerLane = 6;
    // 11 lanes carry 64 requests at once: the highest fleet concurrency.
    static constexpr int DefaultMaxLanes = 11;

    explicit NetworkAccessPool(QObject *parent = nullptr, int maxLanes = DefaultMaxLanes);
    ~NetworkAccessPool() override;

    int maxLanes() const { return m_maxLanes; }
    int laneCount() const { return int(m_lanes.size()); }
    // Closes the kept-alive connections of every lane (hides the base's, which reaches one lane).
    void clearConnectionCache();

protected:
    QNetworkReply *createRequest(Operation op, const QNetworkRequest &request, QIODevice *outgoingData) override;

private:
    class Lane;
    struct Origin
    {
        QList<int> inFlight; // per lane
        bool multiplexed = false;
    };
    Lane *laneFor(Origin &origin, int *index);

    int m_maxLanes;
    QList<Lane *> m_lanes;
    QHash<QString, Origin> m_origins; // by scheme://host:port
};

} // namespace pal
