#pragma once

// Header only (the tessera_testfakes target): the fake of the PushChannel seam, with the push
// service it registers at run in the test process: a small HTTP/1.1 receiver on loopback
// (LoopbackPushService) that takes each POST to /push/<name> as a push (answering 201 Created,
// as RFC 8030 says) and hands its raw body to the channel's messageReceived(), the way a
// platform hands the app what its push service delivered.
#include "push/pushchannel.h"

#include <QHostAddress>
#include <QList>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

#include <functional>

namespace tessera::test {

class LoopbackPushService : public QObject
{
public:
    static constexpr qsizetype maxBodyBytes = qsizetype(64) * 1024;

    explicit LoopbackPushService(QObject *parent = nullptr)
        : QObject(parent)
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection())
                follow(socket);
        });
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    QUrl endpoint(const QString &name) const
    {
        return QUrl(
            QStringLiteral("http://127.0.0.1:%1/push/%2").arg(m_server.serverPort()).arg(name));
    }
    // Every push received, in order: the endpoint's name and the raw body.
    const QList<std::pair<QString, QByteArray>> &received() const { return m_received; }
    int receivedBy(const QString &name) const
    {
        int count = 0;
        for (const auto &each : m_received)
            count += each.first == name ? 1 : 0;
        return count;
    }

    // Called for each push received while context lives (header only: no signals of its own).
    void onPush(
        QObject *context, std::function<void(const QString &name, const QByteArray &body)> handler)
    {
        m_handlers.append({ context, std::move(handler) });
    }

private:
    void follow(QTcpSocket *socket)
    {
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
            QByteArray &buffer = m_buffers[socket];
            buffer += socket->readAll();
            const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
            if (headerEnd < 0)
                return;
            const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
            const QList<QByteArray> request = lines.value(0).trimmed().split(' ');
            qsizetype length = 0;
            for (const QByteArray &line : lines) {
                const qsizetype colon = line.indexOf(':');
                if (colon > 0 && line.left(colon).trimmed().toLower() == "content-length")
                    length = line.mid(colon + 1).trimmed().toLongLong();
            }
            if (length < 0 || length > maxBodyBytes) {
                answer(socket, "413 Content Too Large");
                return;
            }
            if (buffer.size() < headerEnd + 4 + length)
                return;
            const QByteArray body = buffer.mid(headerEnd + 4, length);
            m_buffers.remove(socket);
            const QByteArray path = request.value(1);
            if (request.value(0) != "POST" || !path.startsWith("/push/")) {
                answer(socket, "404 Not Found");
                return;
            }
            answer(socket, "201 Created");
            const QString name = QString::fromLatin1(path.mid(6));
            m_received.append({ name, body });
            const auto handlers = m_handlers;
            for (const auto &[context, handler] : handlers)
                if (!context.isNull())
                    handler(name, body);
        });
    }

    void answer(QTcpSocket *socket, const QByteArray &status)
    {
        socket->write("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        socket->disconnectFromHost();
    }

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QList<std::pair<QString, QByteArray>> m_received;
    QList<std::pair<QPointer<QObject>, std::function<void(const QString &, const QByteArray &)>>>
        m_handlers;
};

// A platform's channel whose registration is a Web Push endpoint at service (named name); what
// the service receives for name comes out as messageReceived(). deliver() hands a body in
// directly (what a hostile or broken push service could send).
class FakePushChannel final : public PushChannel
{
public:
    FakePushChannel(LoopbackPushService &service, QString name, QObject *parent = nullptr)
        : PushChannel(parent)
        , m_service(&service)
        , m_name(std::move(name))
    {
        service.onPush(this, [this](const QString &to, const QByteArray &body) {
            if (to == m_name)
                Q_EMIT messageReceived(body);
        });
    }

    void requestRegistration() override
    {
        ++m_requests;
        QTimer::singleShot(0, this, [this] {
            if (!m_failure.isEmpty()) {
                Q_EMIT registrationFailed(m_failure);
                return;
            }
            if (m_service)
                Q_EMIT registered(
                    { QStringLiteral("webpush"), m_service->endpoint(m_name).toString(), {} });
        });
    }
    void unregister() override { ++m_unregisters; }

    void setFailure(const QString &reason) { m_failure = reason; }
    void deliver(const QByteArray &body) { Q_EMIT messageReceived(body); }
    void changeToken() { Q_EMIT registrationChanged(); }
    int requests() const { return m_requests; }
    int unregisters() const { return m_unregisters; }

private:
    QPointer<LoopbackPushService> m_service;
    QString m_name;
    QString m_failure;
    int m_requests = 0;
    int m_unregisters = 0;
};

} // namespace tessera::test
