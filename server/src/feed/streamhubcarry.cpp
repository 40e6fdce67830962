#include "feed/streamhub.h"

#include <QMutexLocker>
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

void StreamHub::committed(const QString &kind, const QHash<QString, qint64> &cursors)
{
    // m_carriers is complete before any stream opens (setCarrier): read-only here.
    const auto carrier = m_carriers.constFind(kind);
    if (carrier == m_carriers.cend() || cursors.size() > streamcarry::maxPeopleReadAtCommit)
        return changed(kind, cursors);
    QHash<QString, qint64> since;
    {
        const QMutexLocker lock(&m_byPersonMutex);
        for (auto it = cursors.cbegin(); it != cursors.cend(); ++it) {
            const qint64 last = newestHinted(kind, it.key());
            if (last >= 0 && last < it.value())
                since.insert(it.key(), last);
        }
    }
    // A guess: send() uses a page only for the sockets still hinted where it starts (a stream
    // hinted at another cursor is read for on the pool).
    ReadAhead readAhead;
    for (auto it = since.cbegin(); it != since.cend(); ++it) {
        readAhead.insert(
            it.key(), { it.value(), (*carrier)(it.key(), it.value(), streamcarry::maxItems) });
    }
    QMetaObject::invokeMethod(
        this,
        [this, kind, cursors, readAhead = std::move(readAhead)] {
            send(kind, cursors, true, readAhead);
        },
        Qt::QueuedConnection);
}

qint64 StreamHub::newestHinted(const QString &kind, const QString &userId) const
{
    qint64 newest = -1;
    const auto person = m_byPerson.constFind(userId);
    if (person == m_byPerson.cend())
        return newest;
    for (const PersonStream &stream : *person)
        newest = std::max(newest, stream.hinted.value(kind, -1));
    return newest;
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
