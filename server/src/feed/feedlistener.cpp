#include "feed/feedlistener.h"

#include "base/serverlogging.h"
#include "feed/changefeed.h"
#include "storage/sqlhelpers.h"
#include "storage/storage.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>

namespace tessera::server {

namespace {

// The changes read per page while catching up.
constexpr int catchUpPage = 1000;

} // namespace

class FeedListener::Worker : public QObject
{
public:
    Worker(const ChangeFeed &feed, Hint hint, HintAll hintAll, std::atomic<int> &listens)
        : m_feed(feed)
        , m_hint(std::move(hint))
        , m_hintAll(std::move(hintAll))
        , m_listens(listens)
    { }

    void setSessionsEnded(SessionsEnded listener) { m_sessionsEnded = std::move(listener); }

    // On the thread: listens, then pings.
    void begin()
    {
        m_timer = new QTimer(this);
        m_timer->setInterval(pingMilliseconds);
        connect(m_timer, &QTimer::timeout, this, &Worker::tick);
        m_timer->start();
        listen();
    }

    // On the thread, before it quits.
    void end()
    {
        if (m_timer != nullptr)
            m_timer->stop();
        drop();
    }

private:
    void listen()
    {
        QSqlDatabase db = m_feed.storage().connection();
        if (!db.isOpen()) {
            m_feed.storage().closeThreadConnection();
            return; // again at the next tick
        }
        QSqlDriver *const driver = db.driver();
        for (const char *channel : { ChangeFeed::notifyChannel, sessionChannel }) {
            if (!driver->subscribeToNotification(QString::fromLatin1(channel))) {
                qCWarning(lcServer)
                    << "cannot listen to the change feed:" << driver->lastError().text();
                drop();
                return;
            }
        }
        connect(driver, &QSqlDriver::notification, this,
            [this](const QString &name, QSqlDriver::NotificationSource, const QVariant &payload) {
                if (name == QString::fromLatin1(ChangeFeed::notifyChannel))
                    heard(payload.toString().toUtf8());
                else if (name == QString::fromLatin1(sessionChannel))
                    sessionEnded(payload.toString().toUtf8());
            });
        // Listening from here on: what committed before is read from the feed.
        QSqlQuery query(db);
        if (!query.exec(QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM changes"))
            || !query.next()) {
            drop();
            return;
        }
        const qint64 newest = query.value(0).toLongLong();
        query.finish();
        m_listening = true;
        if (m_listens.fetch_add(1) > 0) {
            qCInfo(lcServer) << "listening to the change feed again; catching up from" << m_heard;
            catchUp(newest);
        }
        m_heard = std::max(m_heard, newest);
    }

    void drop()
    {
        if (m_listening) {
            QSqlDatabase db = m_feed.storage().connection();
            if (db.isOpen()) {
                for (const char *channel : { ChangeFeed::notifyChannel, sessionChannel })
                    db.driver()->unsubscribeFromNotification(QString::fromLatin1(channel));
            }
        }
        m_listening = false;
        m_feed.storage().closeThreadConnection();
    }

    // Still listening: the ping answered, on a connection that holds the subscription (not one
    // opened again in its place).
    bool alive() const
    {
        if (!m_feed.storage().ping())
            return false;
        const QSqlDatabase db = m_feed.storage().connection();
        const QStringList channels =
            db.isOpen() ? db.driver()->subscribedToNotifications() : QStringList();
        return channels.contains(QString::fromLatin1(ChangeFeed::notifyChannel))
            && channels.contains(QString::fromLatin1(sessionChannel));
    }

    void tick()
    {
        if (m_listening && alive())
            return;
        if (m_listening)
            qCWarning(lcServer) << "the change feed's listener lost its connection; reconnecting";
        drop();
        listen();
    }

    // Everything after m_heard up to newest, hinted as the local commits would have.
    void catchUp(qint64 newest)
    {
        QHash<QString, QHash<QString, qint64>> byKind;
        QHash<QString, qint64> everyone; // kind -> cursor, for broadcasts
        qint64 from = m_heard;
        while (from < newest) {
            const auto page = m_feed.changesSince(from, catchUpPage);
            if (!page || page->isEmpty())
                break;
            for (const Change &change : *page) {
                from = change.cursor;
                if (!change.audience.isEmpty() || change.people.isEmpty()) {
                    everyone[change.kind] = std::max(everyone.value(change.kind), change.cursor);
                    continue;
                }
                QHash<QString, qint64> &cursors = byKind[change.kind];
                for (const QString &person : change.people)
                    cursors[person] = std::max(cursors.value(person), change.cursor);
            }
        }
        for (auto it = byKind.cbegin(); it != byKind.cend(); ++it)
            m_hint(it.key(), it.value());
        for (auto it = everyone.cbegin(); it != everyone.cend(); ++it)
            m_hintAll(it.key(), it.value());
    }

    void heard(const QByteArray &text)
    {
        const QJsonObject payload = QJsonDocument::fromJson(text).object();
        const QString kind = payload.value(QStringLiteral("k")).toString();
        bool ok = false;
        const qint64 cursor = payload.value(QStringLiteral("c")).toString().toLongLong(&ok);
        if (kind.isEmpty() || !ok || cursor <= 0) {
            qCWarning(lcServer) << "a change-feed notification of another form:" << text.left(80);
            return;
        }
        m_heard = std::max(m_heard, cursor);
        if (payload.value(QStringLiteral("n")).toString() == m_feed.nodeId())
            return; // this node's own commit: its streams were hinted then
        if (payload.value(QStringLiteral("a")).toBool()) {
            m_hintAll(kind, cursor);
            return;
        }
        QHash<QString, qint64> cursors;
        const QJsonArray people = payload.value(QStringLiteral("u")).toArray();
        for (const auto &person : people) {
            if (person.isString())
                cursors.insert(person.toString(), cursor);
        }
        if (!cursors.isEmpty())
            m_hint(kind, cursors);
    }

    // Another node ended a session: its streams here close too.
    void sessionEnded(const QByteArray &text)
    {
        const QJsonObject payload = QJsonDocument::fromJson(text).object();
        const QJsonValue user = payload.value(QStringLiteral("u"));
        const QJsonValue device = payload.value(QStringLiteral("d"));
        const auto isId = [](const QJsonValue &value, bool mayBeEmpty) {
            return value.isString() && (mayBeEmpty || !value.toString().isEmpty())
                && value.toString().size() <= maxIdLength;
        };
        if (!isId(user, false) || !isId(device, true)) {
            qCWarning(lcServer) << "a session notification of another form:" << text.left(80);
            return;
        }
        if (payload.value(QStringLiteral("n")).toString() == m_feed.nodeId())
            return; // this node's own: it closed its streams then
        if (m_sessionsEnded)
            m_sessionsEnded(user.toString(), device.toString());
    }

    const ChangeFeed &m_feed;
    Hint m_hint;
    HintAll m_hintAll;
    SessionsEnded m_sessionsEnded;
    std::atomic<int> &m_listens;
    QTimer *m_timer = nullptr;
    bool m_listening = false;
    qint64 m_heard = 0; // the newest cursor heard or read
};

FeedListener::FeedListener(const ChangeFeed &feed, Hint hint, HintAll hintAll)
    : m_worker(new Worker(feed, std::move(hint), std::move(hintAll), m_listens))
{
    m_thread.setObjectName(QStringLiteral("feed listener"));
}

FeedListener::~FeedListener()
{
    if (m_thread.isRunning()) {
        QMetaObject::invokeMethod(
            m_worker, [worker = m_worker] { worker->end(); }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
    delete m_worker; // its thread ended (or never ran), its timer stopped
}

void FeedListener::setSessionsEndedListener(SessionsEnded listener)
{
    m_worker->setSessionsEnded(std::move(listener));
}

QByteArray FeedListener::sessionPayload(
    const QString &nodeId, const QString &userId, const QString &deviceId)
{
    return QJsonDocument(QJsonObject { { QStringLiteral("n"), nodeId },
                             { QStringLiteral("u"), userId }, { QStringLiteral("d"), deviceId } })
        .toJson(QJsonDocument::Compact);
}

bool FeedListener::announceSessionsEnded(
    const ChangeFeed &feed, const QString &userId, const QString &deviceId)
{
    if (feed.storage().kind() != Storage::Kind::Postgresql)
        return true; // one node: its own streams are all there are
    if (userId.isEmpty() || userId.size() > maxIdLength || deviceId.size() > maxIdLength)
        return false;
    QSqlQuery query(feed.storage().connection());
    if (!sql::exec(query, QStringLiteral("SELECT pg_notify(?, ?)"),
            { QString::fromLatin1(sessionChannel),
                QString::fromUtf8(sessionPayload(feed.nodeId(), userId, deviceId)) })) {
        qCWarning(lcServer) << "the other nodes were not told of an ended session; their streams"
                               " close at their next token check";
        return false;
    }
    return true;
}

void FeedListener::start()
{
    m_worker->moveToThread(&m_thread);
    m_thread.start();
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker] { worker->begin(); }, Qt::QueuedConnection);
}

} // namespace tessera::server
