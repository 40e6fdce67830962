#include "http/answerorder.h"

#include <QTcpSocket>

namespace tessera::server {

AnswerOrder::AnswerOrder(QTcpSocket *socket)
    : QObject(socket)
{ }

AnswerOrder *AnswerOrder::of(QTcpSocket *socket)
{
    auto *order = socket->findChild<AnswerOrder *>(QString(), Qt::FindDirectChildrenOnly);
    return order != nullptr ? order : new AnswerOrder(socket);
}

AnswerOrder::Turn AnswerOrder::takeTurn(bool close)
{
    close = close || std::exchange(m_closeNext, false);
    m_closing = m_closing || close;
    return Turn { m_nextTurn++, close };
}

void AnswerOrder::answer(quint64 turn, QByteArray message, bool close)
{
    m_ready.emplace(turn, Answer { std::move(message), close });
    auto *socket = static_cast<QTcpSocket *>(parent());
    bool closeNow = false;
    bool wrote = false;
    for (auto it = m_ready.begin(); it != m_ready.end() && it->first == m_nextToWrite;
         it = m_ready.erase(it)) {
        ++m_nextToWrite;
        socket->write(it->second.message);
        wrote = true;
        if (it->second.close) {
            closeNow = true;
            m_ready.clear();
            break;
        }
    }
    if (wrote)
        Q_EMIT answerWritten();
    if (!closeNow)
        return;
    if (m_closer)
        m_closer();
    else
        socket->disconnectFromHost();
}

} // namespace tessera::server
