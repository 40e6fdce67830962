#include "http/connectionguard.h"

#include "http/answerorder.h"
#include "http/routetable.h"

#include <QSslSocket>

#include <sys/socket.h>

namespace tessera::server {

namespace {

// How long a closing connection still reads (and drops) what the client sends after its answer.
constexpr std::chrono::seconds lingerTime { 3 };
constexpr qint64 readChunk = qint64(64) * 1024;

} // namespace

ConnectionGuard::ConnectionGuard(QTcpSocket *socket, FrontDoor *door, const HttpLimits &limits,
    BodyLimit bodyLimit, std::function<QDateTime()> now, std::function<void()> release)
    : QObject(socket)
    , m_socket(socket)
    , m_door(door)
    , m_order(AnswerOrder::of(socket))
    , m_limits(limits)
    , m_bodyLimit(std::move(bodyLimit))
    , m_now(std::move(now))
    , m_release(std::move(release))
    , m_framer(limits.maxHeaderBytes)
{
    m_beforeConnection = connect(socket, &QIODevice::readyRead, this, &ConnectionGuard::beforeHttp);
    m_order->setCloser([self = QPointer<ConnectionGuard>(this)] {
        if (!self.isNull())
            self->closeGently();
    });
    connect(m_order, &AnswerOrder::answerWritten, this, [this] {
        m_lastActivity.restart();
        rearm();
    });
    connect(socket, &QIODevice::bytesWritten, this, &ConnectionGuard::shutDownWhenFlushed);
    if (auto *tls = qobject_cast<QSslSocket *>(socket))
        connect(
            tls, &QSslSocket::encryptedBytesWritten, this, &ConnectionGuard::shutDownWhenFlushed);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ConnectionGuard::timedOut);
    m_headDeadline = QDeadlineTimer(m_limits.headerTimeout);
    m_lastActivity.start();
    // Until the first head is in, a read takes no more than a head and a little of a body.
    socket->setReadBufferSize(m_limits.maxHeaderBytes + readChunk);
    rearm();
}

ConnectionGuard::~ConnectionGuard()
{
    if (m_release)
        m_release();
}

qint64 ConnectionGuard::httpPosition() const
{
    return m_received - m_socket->bytesAvailable();
}

bool ConnectionGuard::handedToWebSocket() const
{
    // QHttpServer 6.4 calls socket->disconnect() before it gives the socket to its
    // QWebSocketServer: every connection to the socket's signals ends, this guard's too. This
    // follows QHttpServer's internals: re-check it whenever the Qt version changes.
    return m_handedOver && !m_beforeConnection;
}

void ConnectionGuard::beforeHttp()
{
    if (m_closing || m_cutOff) {
        drainInput();
        return;
    }
    const qint64 available = m_socket->bytesAvailable();
    const qint64 fresh = available - m_knownUnread;
    if (fresh > 0) {
        m_lastActivity.restart();
        const QByteArray bytes = m_socket->peek(available);
        parse(QByteArrayView(bytes).sliced(bytes.size() - std::min<qint64>(fresh, bytes.size())));
    }
    m_knownUnread = available;
    runDueActions();
    rearm();
}

void ConnectionGuard::afterHttp()
{
    if (m_closing || m_cutOff)
        return;
    m_knownUnread = m_socket->bytesAvailable();
    runDueActions();
    rearm();
}

void ConnectionGuard::parse(QByteArrayView fresh)
{
    qsizetype at = 0;
    while (at < fresh.size() && !m_framer.stopped()) {
        qsizetype taken = 0;
        const RequestFramer::Event event = m_framer.feed(fresh.sliced(at), &taken);
        at += taken;
        handle(event, m_received + at);
    }
    m_received += fresh.size();
}

void ConnectionGuard::handle(RequestFramer::Event event, qint64 offset)
{
    switch (event) {
    case RequestFramer::Event::NeedMore:
        break;
    case RequestFramer::Event::RequestStarted:
        m_anyRequest = true;
        m_headDeadline = QDeadlineTimer(m_limits.headerTimeout);
        break;
    case RequestFramer::Event::HeadComplete:
        handle(headComplete(), offset);
        break;
    case RequestFramer::Event::RequestComplete:
        m_requestStart = offset; // where the next one begins, empty lines before it included
        if (m_closeAfterRequest) {
            m_framer.stop();
            m_actions.emplace_back(Action::Kind::StopHttp, offset);
        }
        break;
    case RequestFramer::Event::BodyTooLarge:
        refuse(RouteTable::bodyTooLarge(m_bodyLimitNow));
        break;
    case RequestFramer::Event::Malformed:
        refuse(http::error(400, QStringLiteral("invalid_request"),
            QStringLiteral("The request is not well-formed HTTP/1.1.")));
        break;
    case RequestFramer::Event::HeadTooLarge:
        refuse(http::error(431, QStringLiteral("headers_too_large"),
            QStringLiteral("The request line and header fields are larger than %1 bytes.")
                .arg(m_limits.maxHeaderBytes)));
        break;
    }
}

RequestFramer::Event ConnectionGuard::headComplete()
{
    const RequestHead &head = m_framer.head();
    Action start(Action::Kind::Start, m_requestStart);
    if (head.upgrade) {
        // What follows is WebSocket frames (streamhub.cpp sets their limits), not HTTP.
        m_upgrading = true;
        m_framer.stop();
        m_actions.push_back(start);
        return RequestFramer::Event::NeedMore;
    }
    m_bodyLimitNow =
        m_bodyLimit ? m_bodyLimit(head.method, head.target) : RouteTable::unroutedBodyBytes;
    const RequestFramer::Event event = m_framer.setBodyLimit(m_bodyLimitNow);
    if (event == RequestFramer::Event::BodyTooLarge)
        return event; // refused: QHttpServer never reads it, so nothing of Start matters
    m_closeAfterRequest = head.close;
    start.closeAfter = head.close;
    start.sendContinue = head.expectContinue && head.minorVersion == 1 && head.hasBody();
    m_actions.push_back(start);
    return event;
}

void ConnectionGuard::refuse(HttpResponse refusal)
{
    m_framer.stop();
    m_actions.emplace_back(m_requestStart, std::move(refusal));
}

void ConnectionGuard::runDueActions()
{
    while (!m_actions.empty() && !m_closing && !m_cutOff) {
        // Before the hand-over QHttpServer reads nothing: everything is due.
        if (m_handedOver && m_actions.front().at > httpPosition())
            break;
        const Action action = std::move(m_actions.front());
        m_actions.pop_front();
        run(action);
    }
}

void ConnectionGuard::run(const Action &action)
{
    switch (action.kind) {
    case Action::Kind::Start:
        if (action.sendContinue && !m_order->closing())
            m_order->writeInTurn(QByteArrayLiteral("HTTP/1.1 100 Continue\r\n\r\n"), false);
        if (action.closeAfter)
            m_order->closeNextTurn();
        if (!m_handedOver)
            handOver();
        break;
    case Action::Kind::Refuse:
        qCInfo(lcFrontDoor).noquote()
            << "refused a request from" << m_socket->peerAddress().toString() << "with"
            << action.refusal.status;
        cutOffHttp();
        if (m_order->closing())
            break; // an earlier request closes the connection after its answer
        {
            HttpResponse refusal = action.refusal;
            refusal.setHeader(QByteArrayLiteral("Date"),
                RouteTable::httpDate(m_now ? m_now() : QDateTime::currentDateTimeUtc()));
            m_order->writeInTurn(refusal.serialize(true), true);
        }
        break;
    case Action::Kind::StopHttp:
        cutOffHttp();
        drainInput();
        break;
    }
}

void ConnectionGuard::handOver()
{
    m_handedOver = true;
    FrontDoor *const door = m_door.data();
    if (door == nullptr) {
        closeGently();
        return;
    }
    // QHttpServer reads a request in a transaction: its bytes stay in the socket's buffer until
    // the whole request is in, so the buffer must take any request the limits allow.
    m_socket->setReadBufferSize(0);
    m_http = door->parent(); // bind() made the QHttpServer its parent
    door->handOver(m_socket); // QHttpServer connects its readyRead slot now, after this one's
    m_afterConnection = connect(m_socket, &QIODevice::readyRead, this, &ConnectionGuard::afterHttp);
    // Slots connected during a signal's emission miss it: QHttpServer reads on the next one.
    QMetaObject::invokeMethod(m_socket, &QIODevice::readyRead, Qt::QueuedConnection);
}

void ConnectionGuard::cutOffHttp()
{
    m_cutOff = true;
    m_framer.stop();
    m_actions.clear();
    if (!m_http.isNull())
        disconnect(m_socket, &QIODevice::readyRead, m_http.data(), nullptr);
}

void ConnectionGuard::drainInput()
{
    // QHttpServer may have left a transaction open (a request it was reading): its bytes go too.
    if (m_socket->isTransactionStarted())
        m_socket->commitTransaction();
    m_socket->skip(m_socket->bytesAvailable());
    m_knownUnread = 0;
}

void ConnectionGuard::closeGently()
{
    if (m_closing)
        return;
    m_closing = true;
    cutOffHttp();
    m_timer.stop();
    m_socket->setReadBufferSize(0); // reading again if the buffer was full: what comes is dropped
    drainInput();
    QTimer::singleShot(lingerTime, this, [this] { m_socket->abort(); });
    shutDownWhenFlushed();
}

void ConnectionGuard::shutDownWhenFlushed()
{
    if (!m_closing || m_shutDown || m_socket->bytesToWrite() > 0)
        return;
    if (auto *tls = qobject_cast<QSslSocket *>(m_socket)) {
        // TLS: close_notify and close, once written (the sending side cannot be shut alone).
        m_shutDown = true;
        tls->disconnectFromHost();
        return;
    }
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    // The answer is out: shut the sending side, so that the client reads it and then the end,
    // while what it still sends is read and dropped here until it closes (or lingerTime ends).
    m_shutDown = true;
    ::shutdown(static_cast<int>(m_socket->socketDescriptor()), SHUT_WR);
}

bool ConnectionGuard::waitingForHead() const
{
    return m_framer.inHead() || (!m_anyRequest && m_framer.betweenRequests());
}

void ConnectionGuard::rearm()
{
    if (m_closing || m_upgrading || handedToWebSocket()) {
        m_timer.stop();
        return;
    }
    qint64 remaining = 0;
    if (waitingForHead()) {
        remaining = m_headDeadline.remainingTime();
    } else if (m_framer.inBody() || (m_framer.betweenRequests() && m_order->owed() == 0)) {
        remaining = m_limits.idleTimeout.count() - m_lastActivity.elapsed();
    } else {
        m_timer.stop(); // answers owed, or a refusal waiting for them: no clock on the client
        return;
    }
    m_timer.start(std::chrono::milliseconds(std::max<qint64>(0, remaining)));
}

void ConnectionGuard::timedOut()
{
    if (m_closing || m_upgrading || handedToWebSocket())
        return;
    if (waitingForHead()) {
        if (!m_headDeadline.hasExpired()) {
            rearm();
            return;
        }
        if (!m_framer.inHead()) {
            closeGently(); // nothing was asked: nothing to answer
            return;
        }
        run(Action(m_requestStart,
            http::error(408, QStringLiteral("request_timeout"),
                QStringLiteral("The request's header fields did not arrive in time."))));
        return;
    }
    if (m_lastActivity.elapsed() < m_limits.idleTimeout.count()) {
        rearm();
        return;
    }
    if (m_framer.inBody()) {
        run(Action(m_requestStart,
            http::error(408, QStringLiteral("request_timeout"),
                QStringLiteral("The request body stopped arriving."))));
    } else if (m_framer.betweenRequests() && m_order->owed() == 0) {
        closeGently(); // idle keep-alive connection
    } else {
        rearm();
    }
}

} // namespace tessera::server
