#include "feed/streamhub.h"

#include "base/clock.h"
#include "base/serverlogging.h"

#include <QHttpServer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutexLocker>
#include <QPointer>
#include <QThreadPool>
#include <QWebSocket>

namespace tessera::server {

struct StreamHub::Connection
{
    QString userId;
    QString deviceId;
    QByteArray token;
    bool authenticated = false;
    bool awaitingToken = false; // opened without Authorization: the first message brings it
    QTimer expiry;
    QTimer tokenDeadline;
};

StreamHub::StreamHub(const Clock &clock, Authenticator authenticator, AccessLogger accessLogger,
    QThreadPool *pool, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_authenticator(std::move(authenticator))
    , m_accessLogger(std::move(accessLogger))
    , m_pool(pool)
{
    m_pingTimer.setInterval(pingSeconds * 1000);
    connect(&m_pingTimer, &QTimer::timeout, this, &StreamHub::pingAll);
    m_pingTimer.start();
}

StreamHub::~StreamHub()
{
    const auto sockets = m_connections.keys();
    m_connections.clear();
    {
        const QMutexLocker lock(&m_byPersonMutex);
        m_byPerson.clear();
    }
    for (QWebSocket *socket : sockets) {
        socket->disconnect(this);
        socket->abort();
        delete socket;
    }
}

int StreamHub::connectionCount() const
{
    return static_cast<int>(m_connections.size());
}

void StreamHub::addRoute(RouteTable &routes)
{
    routes.addWebSocket(QStringLiteral("/v1/stream"), Access::SignedIn, [](const HttpRequest &) {
        return http::error(400, QStringLiteral("websocket_required"),
            QStringLiteral("Open /v1/stream as a WebSocket."));
    });
}

void StreamHub::attach(QHttpServer &server)
{
    connect(
        &server, &QHttpServer::newWebSocketConnection, this, [this, &server] { accept(server); });
}

void StreamHub::accept(QHttpServer &server)
{
    while (server.hasPendingWebSocketConnections()) {
        QWebSocket *socket = server.nextPendingWebSocketConnection().release();
        socket->setParent(this);
        // Before anything else is read: an unauthenticated peer may send only its small token
        // message; a larger frame or message is refused from its header (close code 1009).
        socket->setMaxAllowedIncomingFrameSize(maxTokenMessageBytes);
        socket->setMaxAllowedIncomingMessageSize(maxTokenMessageBytes);
        auto connection = std::make_shared<Connection>();
        m_connections.insert(socket, connection);
        connect(socket, &QWebSocket::disconnected, this, [this, socket] {
            const auto gone = m_connections.take(socket);
            if (gone && gone->authenticated)
                removeFromPerson(socket, gone->userId);
            socket->deleteLater();
        });
        // Apart from the token (below), apps send nothing; anything else is ignored.
        const QString path = socket->requestUrl().path();
        const QByteArray authorization =
            socket->request().rawHeader(QByteArrayLiteral("Authorization"));
        AccessLogEntry entry;
        entry.method = QStringLiteral("GET");
        entry.endpoint = QStringLiteral("/v1/stream");
        entry.clientIp = socket->peerAddress().toString();
        if (m_draining) {
            closeSocket(socket, reconnectCloseCode, QStringLiteral("reconnect"));
            continue;
        }
        if (path != QStringLiteral("/v1/stream")) {
            entry.endpoint = QStringLiteral("(websocket)");
            entry.status = 404;
            m_pool->start([logger = m_accessLogger, entry] {
                if (logger)
                    logger(entry);
            });
            closeSocket(socket, 4404, QStringLiteral("no such stream"));
            continue;
        }
        const QByteArray scheme = QByteArrayLiteral("bearer ");
        const QByteArray token = authorization.left(scheme.size()).toLower() == scheme
            ? authorization.mid(scheme.size()).trimmed()
            : QByteArray();
        if (token.isEmpty() && authorization.isEmpty()) {
            // A pinned app checks the server's key on the connected socket first, then sends
            // {"type":"auth","token":...} as its first message; no token in time: 4401.
            connection->awaitingToken = true;
            QPointer<QWebSocket> guarded(socket);
            connect(socket, &QWebSocket::textMessageReceived, this,
                [this, guarded](const QString &text) {
                    QWebSocket *const live = guarded.data();
                    if (live != nullptr)
                        takeToken(live, text);
                });
            connection->tokenDeadline.setSingleShot(true);
            connect(&connection->tokenDeadline, &QTimer::timeout, this, [this, guarded] {
                QWebSocket *const late = guarded.data();
                if (late == nullptr)
                    return;
                const auto waiting = m_connections.value(late);
                if (waiting && waiting->awaitingToken) {
                    waiting->awaitingToken = false;
                    authenticate(late, QByteArray(), true); // logged and closed with 4401
                }
            });
            connection->tokenDeadline.start(tokenWaitSeconds * 1000);
            continue;
        }
        connection->token = token;
        authenticate(socket, token, true);
    }
}

void StreamHub::takeToken(QWebSocket *socket, const QString &text)
{
    const auto connection = m_connections.value(socket);
    if (!connection || !connection->awaitingToken)
        return; // only the first message counts; later ones are ignored
    connection->awaitingToken = false;
    connection->tokenDeadline.stop();
    const QJsonObject message = text.size() <= maxTokenMessageBytes
        ? QJsonDocument::fromJson(text.toUtf8()).object()
        : QJsonObject();
    const QByteArray token = message.value(QStringLiteral("type")).toString() == u"auth"
        ? message.value(QStringLiteral("token")).toString().toLatin1()
        : QByteArray();
    connection->token = token;
    authenticate(socket, token, true); // an empty or wrong token: 4401
}

void StreamHub::authenticate(QWebSocket *socket, const QByteArray &token, bool first, bool log)
{
    QPointer<QWebSocket> guarded(socket);
    const QString clientIp = socket->peerAddress().toString();
    const quint64 epoch = m_sessionsEndedEpoch;
    m_pool->start([this, guarded, token, first, log, clientIp, epoch] {
        std::optional<Principal> principal;
        if (!token.isEmpty() && m_authenticator)
            principal = m_authenticator(token);
        const bool allowed = principal && !principal->isSubsystem();
        if (log && m_accessLogger) {
            AccessLogEntry entry;
            entry.method = QStringLiteral("GET");
            entry.endpoint = QStringLiteral("/v1/stream");
            entry.clientIp = clientIp;
            entry.status = allowed ? 101 : 401;
            if (principal) {
                entry.userId = principal->userId;
                entry.deviceId = principal->deviceId;
            }
            m_accessLogger(entry);
        }
        QMetaObject::invokeMethod(
            this,
            [this, guarded, principal, allowed, first, epoch] {
                QWebSocket *const live = guarded.data();
                if (live == nullptr)
                    return;
                const auto connection = m_connections.value(live);
                if (!connection)
                    return;
                if (live->state() != QAbstractSocket::ConnectedState)
                    return; // closed meanwhile (expiry, sign-out, the peer): nothing to open
                if (allowed && epoch != m_sessionsEndedEpoch) {
                    // Sessions ended while the token was being checked: this check may predate
                    // the revocation, so it is made again (without a second access-log line).
                    authenticate(live, connection->token, first, false);
                    return;
                }
                if (!allowed) {
                    closeSocket(live, 4401,
                        first ? QStringLiteral("sign in first") : QStringLiteral("session ended"));
                    return;
                }
                if (connection->authenticated && connection->userId != principal->userId)
                    removeFromPerson(live, connection->userId);
                if (!connection->authenticated || connection->userId != principal->userId)
                    addToPerson(live, principal->userId);
                connection->userId = principal->userId;
                connection->deviceId = principal->deviceId;
                connection->authenticated = true;
                const qint64 left = m_clock.now().msecsTo(principal->tokenExpiresAt);
                connection->expiry.setSingleShot(true);
                connection->expiry.disconnect();
                connect(&connection->expiry, &QTimer::timeout, this, [this, guarded] {
                    if (QWebSocket *const expired = guarded.data())
                        closeSocket(expired, 4401, QStringLiteral("token expired"));
                });
                connection->expiry.start(
                    static_cast<int>(std::clamp<qint64>(left, 0, 24LL * 3600 * 1000)));
                if (first) {
                    live->setMaxAllowedIncomingFrameSize(maxMessageBytes);
                    live->setMaxAllowedIncomingMessageSize(maxMessageBytes);
                    qCDebug(lcHttp) << "stream opened for" << principal->userId;
                    live->sendTextMessage(QStringLiteral("{\"type\":\"hello\"}"));
                }
            },
            Qt::QueuedConnection);
    });
}

void StreamHub::closeSocket(QWebSocket *socket, int code, const QString &reason)
{
    const auto connection = m_connections.value(socket);
    if (connection && connection->authenticated) {
        connection->authenticated = false;
        removeFromPerson(socket, connection->userId);
    }
    socket->close(static_cast<QWebSocketProtocol::CloseCode>(code), reason);
}

void StreamHub::pingAll()
{
    for (auto it = m_connections.cbegin(); it != m_connections.cend(); ++it) {
        if (!it.value()->authenticated)
            continue;
        it.key()->ping();
        authenticate(it.key(), it.value()->token, false);
    }
}

void StreamHub::endSessions(const QString &userId, const QString &deviceId)
{
    QMetaObject::invokeMethod(
        this,
        [this, userId, deviceId] {
            ++m_sessionsEndedEpoch;
            QList<QWebSocket *> sockets;
            for (const PersonStream &stream : m_byPerson.value(userId))
                sockets.append(stream.socket);
            for (QWebSocket *socket : std::as_const(sockets)) {
                const auto connection = m_connections.value(socket);
                if (connection && (deviceId.isEmpty() || connection->deviceId == deviceId))
                    closeSocket(socket, 4401, QStringLiteral("session ended"));
            }
        },
        Qt::QueuedConnection);
}

void StreamHub::changed(const QString &kind, const QHash<QString, qint64> &cursors)
{
    QMetaObject::invokeMethod(
        this, [this, kind, cursors] { send(kind, cursors, true); }, Qt::QueuedConnection);
}

void StreamHub::changedForAll(const QString &kind, qint64 cursor)
{
    QMetaObject::invokeMethod(
        this,
        [this, kind, cursor] {
            QHash<QString, qint64> cursors;
            for (auto it = m_byPerson.cbegin(); it != m_byPerson.cend(); ++it)
                cursors.insert(it.key(), cursor);
            send(kind, cursors, false);
        },
        Qt::QueuedConnection);
}

void StreamHub::drain()
{
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_draining = true;
            const QList<QWebSocket *> sockets = m_connections.keys();
            for (QWebSocket *socket : sockets)
                closeSocket(socket, reconnectCloseCode, QStringLiteral("reconnect"));
        },
        Qt::QueuedConnection);
}

void StreamHub::send(const QString &kind, const QHash<QString, qint64> &cursors, bool carry,
    const ReadAhead &readAhead)
{
    const auto carrier = carry ? m_carriers.constFind(kind) : m_carriers.cend();
    for (auto it = cursors.cbegin(); it != cursors.cend(); ++it) {
        const qint64 cursor = it.value();
        // Each stream's record moves on before anything is written: a socket that fails while
        // writing disconnects (and leaves the index) within flush(), so the writes below walk a
        // copy. Hints may come out of commit order: the newest counts.
        QList<std::pair<QWebSocket *, qint64>> streams; // socket, the cursor it was hinted before
        {
            const QMutexLocker lock(&m_byPersonMutex);
            const auto person = m_byPerson.find(it.key());
            if (person == m_byPerson.end())
                continue;
            for (PersonStream &stream : *person) {
                const qint64 since = stream.hinted.value(kind, -1);
                if (carry)
                    stream.hinted.insert(kind, std::max(since, cursor));
                else
                    stream.hinted.remove(kind); // a broadcast: where this app is, is unknown
                streams.append({ stream.socket, since });
            }
        }
        // One hint text per person, made once however many devices they have connected.
        const QString hint = streamcarry::hint(kind, cursor);
        QHash<qint64, QList<QWebSocket *>> carried; // by the cursor each was hinted last
        const auto ahead = readAhead.constFind(it.key());
        QString aheadText; // the objects read at commit, for the sockets hinted where they start
        for (const auto &[socket, since] : std::as_const(streams)) {
            if (carrier != m_carriers.cend() && since >= 0 && since < cursor) {
                if (ahead == readAhead.cend() || ahead->first != since) {
                    carried[since].append(socket); // read on the pool
                    continue;
                }
                if (aheadText.isEmpty())
                    aheadText = streamcarry::message(kind, since, cursor, ahead->second);
                socket->sendTextMessage(aheadText);
                socket->flush();
                continue;
            }
            socket->sendTextMessage(hint);
            // Written now, in this turn of the event loop, instead of a write-notifier round per
            // socket: one send() each, like a broker.
            socket->flush();
        }
        for (auto group = carried.cbegin(); group != carried.cend(); ++group)
            sendCarried(*carrier, kind, it.key(), group.key(), cursor, group.value());
    }
}

bool StreamHub::isStreamOf(QWebSocket *socket, const QString &userId) const
{
    const auto connection = m_connections.value(socket);
    return connection && connection->authenticated && connection->userId == userId;
}

void StreamHub::addToPerson(QWebSocket *socket, const QString &userId)
{
    const QMutexLocker lock(&m_byPersonMutex);
    m_byPerson[userId].append(PersonStream { socket, {} });
}

void StreamHub::removeFromPerson(QWebSocket *socket, const QString &userId)
{
    const QMutexLocker lock(&m_byPersonMutex);
    const auto person = m_byPerson.find(userId);
    if (person == m_byPerson.end())
        return;
    person->removeIf([socket](const PersonStream &stream) { return stream.socket == socket; });
    if (person->isEmpty())
        m_byPerson.erase(person);
}

} // namespace tessera::server
