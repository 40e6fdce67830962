#pragma once

#include <QHash>
#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>
#include <functional>

namespace tessera::server {

class ChangeFeed;

// PostgreSQL only: hears the other nodes' change-feed commits (ChangeFeed::notifyChannel) and
// hints this node's streams as a local commit would (DESIGN.md, second round, decision 3). Runs
// on a QThread of its own with an event loop and its own connection (Qt's QPSQL driver delivers
// notifications only there). Every pingMilliseconds it runs SELECT 1 on that connection: a
// connection lost (PostgreSQL restarted, the network) goes silent without an error, so the ping
// is what notices. It then connects again, listens again and catches up from the change feed:
// every change after the newest cursor it heard is hinted (the people of each kind, or every
// stream for a broadcast), so no hint is lost for good. A notification this node sent itself
// (its ChangeFeed's node id) is skipped: the local commit already hinted its streams.
//
// Ended sessions: the node that ends a session (sign-out, a remote sign-out, a password change,
// a person disabled or erased) closes its own streams of it and, after the commit, tells the
// others on sessionChannel (announceSessionsEnded); each other node's listener closes its
// streams of that session as its own sign-out would (StreamHub::endSessions, 4401). One lost
// while a listener reconnects is caught by the streams' token check (StreamHub::pingSeconds).
class FeedListener
{
public:
    using Hint = std::function<void(const QString &kind, const QHash<QString, qint64> &cursors)>;
    using HintAll = std::function<void(const QString &kind, qint64 cursor)>;
    // A person's sessions on deviceId ended on another node (every device's when it is empty).
    using SessionsEnded = std::function<void(const QString &userId, const QString &deviceId)>;
    static constexpr int pingMilliseconds = 2000;
    // {"n":node id,"u":user id,"d":device id, "" for every device}: ids only, nothing secret.
    static constexpr const char *sessionChannel = "tessera_session";
    // Longest user or device id sent or taken (the server's are UUIDs; a payload stays far under
    // PostgreSQL's 8,000 bytes).
    static constexpr int maxIdLength = 200;

    FeedListener(const ChangeFeed &feed, Hint hint, HintAll hintAll);
    ~FeedListener(); // stops the thread and closes its connection
    FeedListener(const FeedListener &) = delete;
    FeedListener &operator=(const FeedListener &) = delete;

    // Before start(): told of sessions ended on other nodes (on the listener's thread).
    void setSessionsEndedListener(SessionsEnded listener);
    void start();
    // PostgreSQL (nothing on SQLite, a single node): tells every node's listener that userId's
    // sessions on deviceId (every device's when empty) ended. Call after the commit that ended
    // them, outside a transaction (a NOTIFY is sent at commit); false when it was not sent.
    static bool announceSessionsEnded(
        const ChangeFeed &feed, const QString &userId, const QString &deviceId);
    // The payload announceSessionsEnded sends (public for the tests).
    static QByteArray sessionPayload(
        const QString &nodeId, const QString &userId, const QString &deviceId);
    // How many times it listened (1 after the first start; each reconnection adds one).
    int listens() const { return m_listens.load(); }

private:
    class Worker;

    QThread m_thread;
    Worker *m_worker = nullptr;
    std::atomic<int> m_listens { 0 };
};

} // namespace tessera::server
