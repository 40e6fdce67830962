#pragma once

#include "net/backoff.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>
#include <optional>

class QWebSocket;

namespace tessera {

class AuthorizedApi;

// The live stream, GET /v1/stream: a WebSocket opened with the session's access token in the
// upgrade request (with a pinned server key: in the first message, sent only after the key the
// server presented on this socket has passed the pin; otherwise nothing is sent and it fails). The
// server says {"type":"hello"} once it accepted the token, then
// {"type":"inbox","cursor"} whenever the person's inbox changed (and {"type":KIND,"cursor"} when
// another feature's objects did: "cards" for Home). A plain hint carries no data: the listener
// delta-syncs. A hint may carry the changed objects themselves (issue 21.2; the inbox's, as its
// delta page has them): {"type":KIND,"cursor":C,"since":P,"items":[...]}, at most
// maxCarriedBytes, the objects being everything after P up to C (carried(); the listener
// applies them only where its cursor is P, else delta-syncs). A carried hint that is too large
// or malformed counts as the plain hint (changed()). Reconnects with exponential backoff; a close
// with code 4401 (token refused or expired) refreshes the token first; a close with code 4000 on an
// open stream (its node drains, docs/DEPLOYMENT.md) reconnects at once, not counted as a failure.
// Never logs the token.
class StreamClient : public QObject
{
    Q_OBJECT
public:
    static constexpr quint16 closeCodeUnauthorized = 4401;
    // A draining node closes its streams with this code: reconnect (through the load balancer,
    // to another node) at once.
    static constexpr quint16 closeCodeReconnect = 4000;
    // The most a reconnect after a 4000 waits: a random wait up to this spreads the streams of a
    // draining node (thousands) instead of all arriving at the next node in one millisecond.
    static constexpr std::chrono::milliseconds maxDrainDelay { 500 };
    // The most a hint with objects may weigh (its UTF-8 bytes); larger: a plain hint.
    static constexpr int maxCarriedBytes = 16 * 1024;
    // The most any message may weigh: a larger one closes the connection (1009; a reconnect
    // and a sync follow).
    static constexpr int maxMessageBytes = 64 * 1024;

    // The wait before connecting again after a connection ended with closeCode (wasOpen: the
    // server had said hello on it), when it is not a failure: a 4000 on an open stream waits
    // random % (maxDrainDelay + 1) ms. nullopt: a failure, the backoff's next delay. A 4000
    // before the hello (a draining node refusing a new stream) is a failure, so a client sent
    // to that node again does not loop on it.
    static std::optional<std::chrono::milliseconds> drainReconnectDelay(
        int closeCode, bool wasOpen, quint32 random);

    // A hint's carried objects, when the message is a well-formed carried hint of at most
    // maxCarriedBytes (bytes: the message's UTF-8 size): since < cursor, both cursors, items an
    // array (its objects unchecked). nullopt: none, or not well-formed (a plain hint then).
    struct Carried
    {
        QString since;
        QString cursor;
        QJsonArray items;
    };
    static std::optional<Carried> carriedOf(const QJsonObject &message, qsizetype bytes);

    explicit StreamClient(AuthorizedApi &api, QObject *parent = nullptr);
    ~StreamClient() override;

    // Keeps a stream open (reconnecting) until stop().
    void start();
    void stop();
    bool isActive() const { return m_active; }
    // The server has said hello on the current connection.
    bool isOpen() const { return m_open; }
    // The close code of the last connection that ended (0: none yet; 4401: token refused).
    int lastCloseCode() const { return m_lastCloseCode; }
    // Why the last connection failed before it opened (a pin mismatch); empty after a hello.
    QString lastError() const { return m_lastError; }
    // The wait of the reconnect scheduled last (after a 4000 or the backoff's); 0 before any.
    std::chrono::milliseconds lastReconnectDelay() const { return m_lastReconnectDelay; }

    void setRetryDelays(std::chrono::milliseconds first, std::chrono::milliseconds last);

Q_SIGNALS:
    // The server accepted the token (after every (re)connect): time to sync.
    void opened();
    // Something changed for this person: a feature's hint {"type":kind,"cursor"} by the kind of
    // what changed ("inbox" for the inbox, "cards" for Home, "services" and "submissions" for
    // self-service ...); cursor is where the server's delta now ends. Every feature follows its
    // own kind on the inbox's stream and delta-syncs.
    void changed(const QString &kind, const QString &cursor);
    // A hint that carries the changed objects: items (JSON objects, unchecked) are everything
    // after since up to cursor (both cursors, since < cursor).
    void carried(
        const QString &kind, const QString &since, const QString &cursor, const QJsonArray &items);
    // The connection ended (a reconnect follows while active).
    void closed();
    // A connection was given up before anything was sent (the server's key is not the pinned
    // one); a reconnect follows while active.
    void failed(const QString &reason);

private:
    void connectNow();
    void onDisconnected(QWebSocket *socket);
    void onMessage(const QString &text);
    void sendToken(QWebSocket *socket);
    void scheduleReconnect();

    AuthorizedApi &m_api;
    QWebSocket *m_socket = nullptr;
    QTimer m_reconnect;
    bool m_active = false;
    bool m_open = false;
    bool m_refreshedForThisConnection = false;
    bool m_waitingForRefresh = false;
    int m_lastCloseCode = 0;
    std::chrono::milliseconds m_lastReconnectDelay { 0 };
    QString m_lastError;
    Backoff m_backoff { std::chrono::seconds(1), std::chrono::minutes(5) };
};

} // namespace tessera
