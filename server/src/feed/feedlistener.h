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
class FeedListener
{
public:
    using Hint = std::function<void(const QString &kind, const QHash<QString, qint64> &cursors)>;
    using HintAll = std::function<void(const QString &kind, qint64 cursor)>;
    static constexpr int pingMilliseconds = 2000;

    FeedListener(const ChangeFeed &feed, Hint hint, HintAll hintAll);
    ~FeedListener(); // stops the thread and closes its connection
    FeedListener(const FeedListener &) = delete;
    FeedListener &operator=(const FeedListener &) = delete;

    void start();
    // How many times it listened (1 after the first start; each reconnection adds one).
    int listens() const { return m_listens.load(); }

private:
    class Worker;

    QThread m_thread;
    Worker *m_worker = nullptr;
    std::atomic<int> m_listens { 0 };
};

} // namespace tessera::server
