#pragma once

#include <QByteArray>
#include <QObject>

#include <functional>
#include <map>
#include <utility>

class QTcpSocket;

namespace tessera::server {

// HTTP/1.1 answers pipelined requests in the order they came (RFC 9112, 9.3.2), but QHttpServer
// 6.4 reads the next request of a connection as soon as a route returns, and the answers come
// back from the pool when each is done. Each connection's socket gets one of these: every request
// takes a turn as it arrives, and an answer that is ready before the ones asked for earlier waits
// for them. The front door writes its own messages (100 Continue, a refusal) in turns too, so
// they come after the answers the connection still owes. A child of the socket, so it goes with
// it (a Q_OBJECT: findChild needs that).
class AnswerOrder : public QObject
{
    Q_OBJECT

public:
    struct Turn
    {
        quint64 number = 0;
        bool close = false; // the answer closes the connection (and says so)
    };

    static AnswerOrder *of(QTcpSocket *socket);

    // After a request that asked to close the connection, nothing more is run or answered on it.
    bool closing() const { return m_closing; }
    // The next turn closes the connection whatever its request asked (HTTP/1.0: its version is
    // not in QHttpServerRequest 6.4, so the front door, which read it, says so here).
    void closeNextTurn() { m_closeNext = true; }

    Turn takeTurn(bool close);
    void answer(quint64 turn, QByteArray message, bool close);
    // message in a turn of its own, after every answer owed so far.
    void writeInTurn(QByteArray message, bool close)
    {
        answer(takeTurn(close).number, std::move(message), close);
    }

    quint64 owed() const { return m_nextTurn - m_nextToWrite; } // answers not written yet
    // How the connection is closed after a closing answer; by default disconnectFromHost().
    void setCloser(std::function<void()> closer) { m_closer = std::move(closer); }

Q_SIGNALS:
    void answerWritten(); // an answer went to the socket (it may still be in its buffer)

private:
    explicit AnswerOrder(QTcpSocket *socket);

    struct Answer
    {
        QByteArray message;
        bool close = false;
    };

    quint64 m_nextTurn = 0;
    quint64 m_nextToWrite = 0;
    bool m_closing = false;
    bool m_closeNext = false;
    std::function<void()> m_closer;
    std::map<quint64, Answer> m_ready; // answers waiting for an earlier one, by turn
};

} // namespace tessera::server
