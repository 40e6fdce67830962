#pragma once

#include "base/serverconfig.h"
#include "http/answerorder.h"
#include "http/frontdoor.h"
#include "http/httpresponses.h"
#include "http/requestframer.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <deque>
#include <functional>

class QTcpSocket;

namespace tessera::server {

// One connection's front door (see FrontDoor): reads every byte the client sends ahead of
// QHttpServer, with a RequestFramer, and peeks (QIODevice::peek) so that nothing is consumed.
//
// Its readyRead slot is connected before QHttpServer's and another one after it; the bytes
// QHttpServer left unread tell where QHttpServer is in the stream, so that what is decided for a
// request (hand the connection over, answer 100 Continue, close after it, refuse it) happens
// when QHttpServer has dispatched every request before it and before it reads that one. A
// refusal (400 malformed, 408 too slow, 413 body too large, 431 head too large) is written after
// the answers still owed (AnswerOrder), QHttpServer is cut off the socket, and the connection is
// closed gently: the answer is flushed, the sending side shut, and what the client still sends
// is read and dropped for a moment, so that the client reads the answer instead of a reset.
// Timers: the head must be complete within headerTimeout of the connection's start or of the
// request's first byte; an idle keep-alive connection (or a body that stopped) ends after
// idleTimeout. A child of the socket: goes with it; release() runs then (per-address count).
class ConnectionGuard : public QObject
{
    Q_OBJECT
public:
    ConnectionGuard(QTcpSocket *socket, FrontDoor *door, const HttpLimits &limits,
        BodyLimit bodyLimit, std::function<QDateTime()> now, std::function<void()> release);
    ~ConnectionGuard() override;

private:
    // Something to do once QHttpServer has read up to a stream offset.
    struct Action
    {
        enum class Kind {
            Start, // a request QHttpServer may read: hand over, 100 Continue, close after it
            Refuse, // answer refusal in turn and close; QHttpServer never reads this request
            StopHttp, // the request before ended the connection: nothing after it is read
        };
        Action(Kind what, qint64 offset)
            : kind(what)
            , at(offset)
        { }
        Action(qint64 offset, HttpResponse answer)
            : kind(Kind::Refuse)
            , at(offset)
            , refusal(std::move(answer))
        { }

        Kind kind = Kind::Start;
        qint64 at = 0;
        bool closeAfter = false;
        bool sendContinue = false;
        HttpResponse refusal;
    };

    void beforeHttp(); // readyRead, before QHttpServer's slot
    void afterHttp(); // readyRead, after it
    void parse(QByteArrayView fresh);
    void handle(RequestFramer::Event event, qint64 offset); // offset: just after the event
    RequestFramer::Event headComplete();
    void refuse(HttpResponse refusal); // the current request, once QHttpServer is at it
    void runDueActions();
    void run(const Action &action);
    void handOver();
    void cutOffHttp(); // QHttpServer reads nothing more from the socket
    void closeGently();
    void drainInput();
    void shutDownWhenFlushed();
    bool waitingForHead() const;
    void rearm();
    void timedOut();
    bool handedToWebSocket() const;
    qint64 httpPosition() const; // stream offset up to which QHttpServer has read

    QTcpSocket *m_socket;
    QPointer<FrontDoor> m_door;
    QPointer<QObject> m_http; // the QHttpServer that reads the socket once handed over
    AnswerOrder *m_order; // a sibling: a child of the socket too
    HttpLimits m_limits;
    BodyLimit m_bodyLimit;
    std::function<QDateTime()> m_now; // the server's clock, for Date
    std::function<void()> m_release;
    RequestFramer m_framer;

    qint64 m_received = 0; // bytes of the stream framed so far
    qint64 m_knownUnread = 0; // of those, still in the socket's buffer after the last slot
    qint64 m_requestStart = 0; // where the current request begins (the previous one's end)
    qint64 m_bodyLimitNow = 0; // the current request's
    bool m_closeAfterRequest = false; // the current request ends the connection
    bool m_handedOver = false;
    bool m_anyRequest = false; // before it, the header deadline runs from the connection's start
    bool m_upgrading = false; // a WebSocket upgrade was asked for: not HTTP after it
    bool m_cutOff = false; // QHttpServer no longer reads; what comes is dropped
    bool m_closing = false;
    bool m_shutDown = false;
    std::deque<Action> m_actions;
    QMetaObject::Connection m_beforeConnection;
    QMetaObject::Connection m_afterConnection;

    QTimer m_timer;
    QDeadlineTimer m_headDeadline;
    QElapsedTimer m_lastActivity; // bytes received or an answer written
};

} // namespace tessera::server
