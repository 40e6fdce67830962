#pragma once

#include "feed/streamcarry.h"
#include "http/routetable.h"

#include <QHash>
#include <QMutex>
#include <QObject>
#include <QTimer>

#include <memory>
#include <utility>

class QHttpServer;
class QThreadPool;
class QWebSocket;

namespace tessera::server {

class Clock;

// GET /v1/stream: a WebSocket per running app that hints "your inbox changed", from the change
// feed (docs/NOTIFICATIONS.md). Lives on the event loop. Qt 6.4's QHttpServer accepts every
// WebSocket upgrade itself, so the token is checked right after it (on the worker pool): a socket
// without a valid token, or on another path, is closed with code 4401 (4404) before it hears
// anything. An upgrade without an Authorization header may send {"type":"auth","token"} as its
// first message instead, within tokenWaitSeconds (apps that pin the server's key do: they check the
// key on the connected socket before sending the token).
// Every 30 s each socket is pinged and its token checked again (expiry); a sign-out, a password
// change or a revocation closes the streams of the sessions it ends at once (endSessions). Incoming
// frames and messages are bounded: a few KiB until the token checked out (maxTokenMessageBytes),
// maxMessageBytes after; more closes the socket with 1009.
class StreamHub : public QObject
{
    Q_OBJECT
public:
    static constexpr int pingSeconds = 30;
    // An upgrade without Authorization (a pinned app) has this long to send its token.
    static constexpr int tokenWaitSeconds = 10;
    static constexpr int maxTokenMessageBytes = 4096;
    // What a signed-in stream may send in one frame or message (apps send nothing after their
    // token; the bound keeps a misbehaving peer's buffer small).
    static constexpr int maxMessageBytes = 64 * 1024;

    StreamHub(const Clock &clock, Authenticator authenticator, AccessLogger accessLogger,
        QThreadPool *pool, QObject *parent = nullptr);
    ~StreamHub() override;

    // Registers GET /v1/stream (a plain GET answers 400 websocket_required) and takes the
    // server's WebSocket connections.
    void addRoute(RouteTable &routes);
    void attach(QHttpServer &server);
    // Thread-safe: sends the hint {"type":kind,"cursor"} to the sockets of each person (the
    // change feed's listener; kind "inbox" for the inbox).
    void changed(const QString &kind, const QHash<QString, qint64> &cursors);
    // Thread-safe, on the thread that has just committed the change (the change feed's local
    // listener): as changed(), but a kind with a carrier has its objects read here, right after
    // the commit, for up to streamcarry::maxPeopleReadAtCommit people whose streams were hinted
    // before; the event loop then sends them without a hop through the pool (a woken pool thread
    // waits for a CPU on a loaded machine: bench_push's p99, docs/PERFORMANCE.md).
    void committed(const QString &kind, const QHash<QString, qint64> &cursors);
    // Thread-safe: sends the hint {"type":kind,"cursor"} to every signed-in stream (another
    // node's broadcast, or a catch-up after the feed listener lost its connection: each app
    // then syncs from its own cursor, so a hint too many costs one empty delta).
    void changedForAll(const QString &kind, qint64 cursor);
    // Thread-safe: the server drains; every stream is closed with reconnectCloseCode and a new one
    // is closed so as soon as it opens (the app reconnects, through the load balancer, to another
    // node).
    void drain();
    static constexpr int reconnectCloseCode = 4000;
    // Thread-safe: closes (4401 "session ended") the person's streams on deviceId, or on every
    // device when deviceId is empty; their tokens were revoked.
    void endSessions(const QString &userId, const QString &deviceId = {});

    int connectionCount() const;

    // Before any stream opens: the hints of kind may carry the changed objects that carrier
    // reads (feed/streamcarry.h; the inbox's: its delta page), on a stream hinted before.
    void setCarrier(const QString &kind, const StreamCarrier &carrier);

private:
    struct Connection;

    void accept(QHttpServer &server);
    // Checks token on the pool; first: the socket's opening check (hello, or 4401 "sign in
    // first"); log: write its access-log line.
    void authenticate(QWebSocket *socket, const QByteArray &token, bool first, bool log);
    void authenticate(QWebSocket *socket, const QByteArray &token, bool first)
    {
        authenticate(socket, token, first, first);
    }
    void takeToken(QWebSocket *socket, const QString &text);
    void closeSocket(QWebSocket *socket, int code, const QString &reason);
    void pingAll();
    // carry: the cursors are the people's own (not a broadcast): a carrier may read their objects.
    // Objects read at commit (committed()): person -> the cursor they were read after, the page.
    using ReadAhead = QHash<QString, std::pair<qint64, CarriedPage>>;
    void send(const QString &kind, const QHash<QString, qint64> &cursors, bool carry,
        const ReadAhead &readAhead = {});
    // Under m_byPersonMutex: the newest cursor of kind any of userId's streams was hinted, or -1.
    qint64 newestHinted(const QString &kind, const QString &userId) const;
    // On the pool: the carried hint (or the plain one) to sockets, last hinted at since
    // (streamhubcarry.cpp).
    void sendCarried(const StreamCarrier &carrier, const QString &kind, const QString &userId,
        qint64 since, qint64 cursor, const QList<QWebSocket *> &sockets);
    bool isStreamOf(QWebSocket *socket, const QString &userId) const;
    // The person's open streams (authenticated ones only), so that a hint walks only theirs.
    void addToPerson(QWebSocket *socket, const QString &userId);
    void removeFromPerson(QWebSocket *socket, const QString &userId);

    const Clock &m_clock;
    Authenticator m_authenticator;
    AccessLogger m_accessLogger;
    QThreadPool *m_pool;
    QHash<QWebSocket *, std::shared_ptr<Connection>> m_connections;
    // One authenticated stream of a person, with the cursor of its last hint per kind: the one
    // record of where a stream was hinted. send() carries objects only to a stream hinted before,
    // after the cursor it was hinted; committed() reads it to guess where to read from.
    struct PersonStream
    {
        QWebSocket *socket = nullptr;
        QHash<QString, qint64> hinted; // kind -> the cursor of its last hint on this socket
    };
    // userId -> their authenticated streams. Only the event loop writes it, under
    // m_byPersonMutex; the event loop reads it without, committed() (another thread) with it.
    QHash<QString, QList<PersonStream>> m_byPerson;
    mutable QMutex m_byPersonMutex;
    QHash<QString, StreamCarrier> m_carriers; // kind -> its objects' reader
    QTimer m_pingTimer;
    // Counts endSessions calls: a token check that began before one is made again.
    quint64 m_sessionsEndedEpoch = 0;
    bool m_draining = false;
};

} // namespace tessera::server
