#pragma once

#include "net/backoff.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>

class QWebSocket;

namespace tessera {

class AuthorizedApi;

// The live stream, GET /v1/stream: a WebSocket opened with the session's access token in the
// upgrade request (with a pinned server key: in the first message, sent only after the key the
// server presented on this socket has passed the pin; otherwise nothing is sent and it fails). The
// server says {"type":"hello"} once it accepted the token, then
// {"type":"inbox","cursor"} whenever the person's inbox changed (and {"type":KIND,"cursor"} when
// another feature's objects did: "cards" for Home). A hint carries no data to
// trust: the listener delta-syncs. Reconnects with exponential backoff; a close with code 4401
// (token refused or expired) refreshes the token first. Never logs the token.
class StreamClient : public QObject
{
    Q_OBJECT
public:
    static constexpr quint16 closeCodeUnauthorized = 4401;

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

    void setRetryDelays(std::chrono::milliseconds first, std::chrono::milliseconds last);

Q_SIGNALS:
    // The server accepted the token (after every (re)connect): time to sync.
    void opened();
    // Something changed for this person: a feature's hint {"type":kind,"cursor"} by the kind of
    // what changed ("inbox" for the inbox, "cards" for Home, "services" and "submissions" for
    // self-service ...); cursor is where the server's delta now ends. Every feature follows its
    // own kind on the inbox's stream and delta-syncs.
    void changed(const QString &kind, const QString &cursor);
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
    QString m_lastError;
    Backoff m_backoff { std::chrono::seconds(1), std::chrono::minutes(5) };
};

} // namespace tessera
