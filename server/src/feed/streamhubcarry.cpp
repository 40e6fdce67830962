#include "feed/streamhub.h"

#include <QPointer>
#include <QThreadPool>
#include <QWebSocket>

// StreamHub's hints that carry the changed objects (feed/streamcarry.h): read on the pool, sent
// from the event loop to the sockets still open for the person.

namespace tessera::server {

void StreamHub::setCarrier(const QString &kind, const StreamCarrier &carrier)
{
    m_carriers.insert(kind, carrier);
}

void StreamHub::sendCarried(const StreamCarrier &carrier, const QString &kind,
    const QString &userId, qint64 since, qint64 cursor, const QList<QWebSocket *> &sockets)
{
    QList<QPointer<QWebSocket>> guarded;
    guarded.reserve(sockets.size());
    for (QWebSocket *socket : sockets)
        guarded.append(socket);
    m_pool->start([this, carrier, kind, userId, since, cursor, guarded] {
        const QString text = streamcarry::message(
            kind, since, cursor, carrier(userId, since, streamcarry::maxItems));
        QMetaObject::invokeMethod(
            this,
            [this, guarded, text, userId] {
                for (const QPointer<QWebSocket> &pointer : guarded) {
                    QWebSocket *const socket = pointer.data();
                    if (socket == nullptr || !isStreamOf(socket, userId))
                        continue; // closed, or signed out, meanwhile
                    socket->sendTextMessage(text);
                    socket->flush();
                }
            },
            Qt::QueuedConnection);
    });
}

} // namespace tessera::server
