#include "rawhttpconnection.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>

namespace tessera::test {

QByteArray RawAnswer::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QString RawAnswer::code() const
{
    return QJsonDocument::fromJson(body)
        .object()
        .value(QStringLiteral("error"))
        .toObject()
        .value(QStringLiteral("code"))
        .toString();
}

std::optional<RawAnswer> takeRawAnswer(QByteArray &buffer, bool bodyExpected)
{
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0)
        return std::nullopt;
    const QList<QByteArray> lines = buffer.left(end).split('\n');
    RawAnswer answer;
    answer.status = lines.first().split(' ').value(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        answer.headers.append(
            { lines[i].left(colon).trimmed(), lines[i].mid(colon + 1).trimmed() });
    }
    const qsizetype length =
        bodyExpected && answer.status >= 200 ? answer.header("Content-Length").toLongLong() : 0;
    if (buffer.size() < end + 4 + length)
        return std::nullopt;
    answer.body = buffer.mid(end + 4, length);
    buffer.remove(0, end + 4 + length);
    return answer;
}

RawHttpConnection::RawHttpConnection(std::unique_ptr<QTcpSocket> socket)
    : m_socket(std::move(socket))
{ }

bool RawHttpConnection::open(const QUrl &url)
{
    m_socket->connectToHost(url.host(), static_cast<quint16>(url.port()));
    return m_socket->waitForConnected(10000);
}

void RawHttpConnection::send(const QByteArray &bytes)
{
    m_socket->write(bytes);
    m_socket->flush();
}

std::optional<RawAnswer> RawHttpConnection::next(bool bodyExpected, int timeout)
{
    QElapsedTimer clock;
    clock.start();
    while (true) {
        m_buffer += m_socket->readAll();
        if (auto answer = takeRawAnswer(m_buffer, bodyExpected))
            return answer;
        if (m_socket->state() != QAbstractSocket::ConnectedState || clock.elapsed() > timeout)
            return std::nullopt;
        m_socket->waitForReadyRead(100);
    }
}

bool RawHttpConnection::closedWithin(int timeout)
{
    QElapsedTimer clock;
    clock.start();
    while (m_socket->state() == QAbstractSocket::ConnectedState && clock.elapsed() < timeout) {
        m_socket->waitForReadyRead(100);
        m_buffer += m_socket->readAll();
    }
    m_buffer += m_socket->readAll();
    return m_socket->state() != QAbstractSocket::ConnectedState;
}

} // namespace tessera::test
