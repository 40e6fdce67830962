#include "feed/streamclient.h"

#include "base/logging.h"
#include "identity/authorizedapi.h"
#include "identity/failuretext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QWebSocket>

#include <algorithm>

namespace tessera {

namespace {

// A feature's hint kind: 1 to 40 lower-case letters, digits or '_'.
bool isKind(const QString &type)
{
    if (type.isEmpty() || type.size() > 40)
        return false;
    return std::all_of(type.cbegin(), type.cend(),
        [](QChar c) { return (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'_'; });
}

// A cursor as the server writes them: 1 to 19 digits.
std::optional<qint64> cursorOf(const QJsonValue &value)
{
    const QString text = value.toString();
    if (text.isEmpty() || text.size() > 19
        || !std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c.isDigit(); }))
        return std::nullopt;
    bool ok = false;
    const qint64 cursor = text.toLongLong(&ok);
    return ok ? std::optional<qint64>(cursor) : std::nullopt;
}

} // namespace

StreamClient::StreamClient(AuthorizedApi &api, QObject *parent)
    : QObject(parent)
    , m_api(api)
{
    m_reconnect.setSingleShot(true);
    connect(&m_reconnect, &QTimer::timeout, this, &StreamClient::connectNow);
    connect(&m_api, &AuthorizedApi::refreshFinished, this, [this](bool ok) {
        if (!m_waitingForRefresh || !m_active)
            return;
        m_waitingForRefresh = false;
        if (ok) {
            m_refreshedForThisConnection = true;
            connectNow();
        } else {
            scheduleReconnect();
        }
    });
}

StreamClient::~StreamClient()
{
    stop();
}

void StreamClient::setRetryDelays(std::chrono::milliseconds first, std::chrono::milliseconds last)
{
    m_backoff.setDelays(first, last);
}

void StreamClient::start()
{
    if (m_active)
        return;
    m_active = true;
    m_backoff.reset();
    connectNow();
}

void StreamClient::stop()
{
    m_active = false;
    m_waitingForRefresh = false;
    m_reconnect.stop();
    if (m_socket) {
        QWebSocket *socket = m_socket;
        m_socket = nullptr;
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
    }
    if (m_open) {
        m_open = false;
        Q_EMIT closed();
    }
}

void StreamClient::connectNow()
{
    if (!m_active)
        return;
    m_reconnect.stop();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    const QNetworkRequest request = m_api.webSocketRequest(QStringLiteral("/v1/stream"));
    if (request.url().isEmpty()) {
        // No access token yet.
        qCDebug(lcInbox) << "stream: no request to make, trying later";
        scheduleReconnect();
        return;
    }
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    m_socket->setMaxAllowedIncomingMessageSize(maxMessageBytes);
    connect(m_socket, &QWebSocket::textMessageReceived, this, &StreamClient::onMessage);
    // Unconnected also after a connection that never came about (no disconnected() then).
    QWebSocket *socket = m_socket;
    connect(m_socket, &QWebSocket::stateChanged, this,
        [this, socket](QAbstractSocket::SocketState state) {
            if (state == QAbstractSocket::UnconnectedState)
                onDisconnected(socket);
        });
    if (request.url().scheme() == u"wss")
        m_socket->setSslConfiguration(request.sslConfiguration()); // the policy's CA certificates
    if (!request.hasRawHeader("Authorization")) {
        // A pinned server: the token follows once this socket's server key has passed the pin.
        connect(m_socket, &QWebSocket::connected, this, [this, socket]() { sendToken(socket); });
    }
    qCDebug(lcInbox) << "stream: connecting to" << request.url().host();
    m_socket->open(request);
}

void StreamClient::sendToken(QWebSocket *socket)
{
    if (socket != m_socket)
        return;
    const QByteArray message = m_api.webSocketAuthMessage(
        socket->sslConfiguration().peerCertificate(), socket->requestUrl().scheme() == u"wss");
    if (message.isEmpty()) {
        m_lastError = tr("The server's key does not match the pinned key: the live stream was "
                         "not opened.");
        qCWarning(lcInbox) << "stream: the server's key does not match the pin; nothing sent";
        Q_EMIT failed(m_lastError);
        socket->abort(); // the reconnect after the backoff checks again
        return;
    }
    socket->sendTextMessage(QString::fromUtf8(message));
}

void StreamClient::onMessage(const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    const QJsonObject message = QJsonDocument::fromJson(utf8).object();
    const QString type = message.value(QStringLiteral("type")).toString();
    if (type == u"hello") {
        qCInfo(lcInbox) << "stream: open";
        m_open = true;
        m_lastError.clear();
        m_backoff.reset();
        m_refreshedForThisConnection = false;
        Q_EMIT opened();
    } else if (isKind(type)) {
        if (message.contains(QStringLiteral("items"))) {
            // Objects only when the whole is well-formed and small; else the plain hint.
            if (const auto carriedItems = carriedOf(message, utf8.size())) {
                Q_EMIT carried(
                    type, carriedItems->since, carriedItems->cursor, carriedItems->items);
                return;
            }
            qCInfo(lcInbox) << "stream: a hint's objects refused (malformed or too large)";
        }
        Q_EMIT changed(type, message.value(QStringLiteral("cursor")).toString());
    }
}

std::optional<StreamClient::Carried> StreamClient::carriedOf(
    const QJsonObject &message, qsizetype bytes)
{
    const QJsonValue items = message.value(QStringLiteral("items"));
    const auto since = cursorOf(message.value(QStringLiteral("since")));
    const auto cursor = cursorOf(message.value(QStringLiteral("cursor")));
    if (!items.isArray() || !since || !cursor || *since >= *cursor || bytes > maxCarriedBytes)
        return std::nullopt;
    return Carried { QString::number(*since), QString::number(*cursor), items.toArray() };
}

void StreamClient::onDisconnected(QWebSocket *socket)
{
    if (!socket || socket != m_socket)
        return;
    const int code = int(socket->closeCode());
    m_lastCloseCode = code;
    const bool wasOpen = m_open;
    m_socket = nullptr;
    socket->disconnect(this);
    socket->deleteLater();
    m_open = false;
    qCInfo(lcInbox) << "stream: closed, code" << code;
    if (wasOpen)
        Q_EMIT closed();
    if (!m_active)
        return;
    if (code == closeCodeUnauthorized && !m_refreshedForThisConnection) {
        // The token was refused or expired: a fresh one, then at once again (the backoff's
        // timer stays as the fallback when no refresh can be made).
        scheduleReconnect();
        m_waitingForRefresh = true;
        m_api.refreshNow();
        return;
    }
    if (const auto wait =
            drainReconnectDelay(code, wasOpen, QRandomGenerator::global()->generate())) {
        // The node drains: another one takes the stream (the backoff stays where the hello
        // left it, so a failure after this waits only the first delay).
        qCInfo(lcInbox) << "stream: the server drains; reconnecting in" << wait->count() << "ms";
        m_refreshedForThisConnection = false;
        m_lastReconnectDelay = *wait;
        m_reconnect.start(*wait);
        return;
    }
    scheduleReconnect();
}

std::optional<std::chrono::milliseconds> StreamClient::drainReconnectDelay(
    int closeCode, bool wasOpen, quint32 random)
{
    if (closeCode != closeCodeReconnect || !wasOpen)
        return std::nullopt;
    return std::chrono::milliseconds(random % quint32(maxDrainDelay.count() + 1));
}

void StreamClient::scheduleReconnect()
{
    if (!m_active)
        return;
    m_refreshedForThisConnection = false;
    m_lastReconnectDelay = m_backoff.next();
    m_reconnect.start(m_lastReconnectDelay);
}

} // namespace tessera
