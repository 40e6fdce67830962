#include "webhookreceiver.h"

#include <QMessageAuthenticationCode>
#include <QPointer>
#include <QSet>
#include <QTcpSocket>
#include <QTimer>

namespace tessera::test {

WebhookReceiver::WebhookReceiver(QObject *parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { serve(socket); });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    });
}

bool WebhookReceiver::listen(quint16 port)
{
    if (!m_server.listen(QHostAddress::LocalHost, port))
        return false;
    m_port = m_server.serverPort();
    return true;
}

void WebhookReceiver::close()
{
    m_server.close();
}

QByteArray WebhookReceiver::url(const QByteArray &path) const
{
    return "http://127.0.0.1:" + QByteArray::number(m_port) + path;
}

void WebhookReceiver::serve(QTcpSocket *socket)
{
    QByteArray buffer = socket->property("buffer").toByteArray() + socket->readAll();
    for (;;) {
        const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            break;
        const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
        Delivery delivery;
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        delivery.path = requestLine.value(1);
        qsizetype length = 0;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines.at(i).indexOf(':');
            if (colon < 0)
                continue;
            const QByteArray name = lines.at(i).left(colon).trimmed().toLower();
            const QByteArray value = lines.at(i).mid(colon + 1).trimmed();
            delivery.headers.insert(name, value);
            if (name == "content-length")
                length = value.toLongLong();
        }
        if (buffer.size() < headerEnd + 4 + length)
            break;
        delivery.body = buffer.mid(headerEnd + 4, length);
        buffer.remove(0, headerEnd + 4 + length);
        const int status = m_redirect.isEmpty() ? m_status : 302;
        delivery.answeredWith = status;
        m_deliveries.append(delivery);
        const QByteArray body = m_answer;
        QByteArray answer = "HTTP/1.1 " + QByteArray::number(status)
            + " Status\r\nContent-Type: application/json\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n";
        if (!m_redirect.isEmpty())
            answer += "Location: " + m_redirect + "\r\n";
        answer += "\r\n" + body;
        if (m_delayMs <= 0) {
            socket->write(answer);
            continue;
        }
        QTimer::singleShot(m_delayMs, socket, [socket = QPointer<QTcpSocket>(socket), answer] {
            if (socket && socket->state() == QAbstractSocket::ConnectedState)
                socket->write(answer);
        });
    }
    socket->setProperty("buffer", buffer);
}

bool WebhookReceiver::hasValidSignature(const Delivery &delivery, const QByteArray &secret)
{
    const QList<QByteArray> parts = delivery.headers.value("tessera-signature").split(',');
    if (parts.size() != 2 || !parts.at(0).startsWith("t=") || !parts.at(1).startsWith("v1="))
        return false;
    const QByteArray stamp = parts.at(0).mid(2);
    const QByteArray expected = QMessageAuthenticationCode::hash(
        stamp + '.' + delivery.body, secret, QCryptographicHash::Sha256)
                                    .toHex();
    return parts.at(1).mid(3) == expected;
}

QList<WebhookReceiver::Delivery> WebhookReceiver::distinctDeliveries() const
{
    QList<Delivery> distinct;
    QSet<QByteArray> seen;
    for (const Delivery &delivery : m_deliveries) {
        const QByteArray id = delivery.headers.value(QByteArrayLiteral("tessera-delivery-id"));
        if (!seen.contains(id)) {
            seen.insert(id);
            distinct.append(delivery);
        }
    }
    return distinct;
}

} // namespace tessera::test
