#pragma once

#include "http/routetable.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QMutex>
#include <QWaitCondition>

#include <chrono>
#include <memory>

class QThread;

namespace tessera::server {

class Clock;
class Storage;

// The access log's one writer (docs/IDENTITY.md, "Access log"). record() costs a request a lock
// and an append: the line (time, user, device, method, endpoint, status, client IP) waits in
// memory, and a thread of the log's own writes what waits in one transaction once flushInterval
// has passed since the first line came, or at once when batchRows lines wait. stop(), on every
// clean shutdown (SIGTERM included), writes what is left; a crash loses the lines still waiting,
// at most one interval's worth (or batchRows).
//
// A health probe (GET /v1/health without a token, what load balancers call every few seconds)
// from one address with one status joins the probe line already waiting in the batch: that line's
// `requests` counts them, so the log still accounts for every request without a row per probe.
//
// While the database refuses, lines stay queued (retried every interval) up to maxQueuedRows;
// beyond that the oldest are dropped, with a warning saying how many.
class AccessLog
{
public:
    static constexpr qsizetype batchRows = 500;
    static constexpr qsizetype maxQueuedRows = 100000;
    static constexpr std::chrono::milliseconds defaultFlushInterval { 250 };

    AccessLog(Storage &storage, const Clock &clock,
        std::chrono::milliseconds flushInterval = defaultFlushInterval);
    ~AccessLog(); // stop(), then writes anything recorded after it on the calling thread
    AccessLog(const AccessLog &) = delete;
    AccessLog &operator=(const AccessLog &) = delete;

    void start(); // the writer thread
    // Writes every waiting line and ends the writer thread. Lines recorded later wait for the
    // destructor.
    void stop();

    // Any thread. Never blocks on the database.
    void record(const AccessLogEntry &entry);
    // Any thread: waits until every line recorded before the call is written (a person's export
    // and erasure read the table), at most timeout. false when they are not (no writer thread, or
    // the database refused them meanwhile).
    bool flush(std::chrono::milliseconds timeout = std::chrono::seconds(5));

    static bool isProbe(const AccessLogEntry &entry);

private:
    struct Line
    {
        AccessLogEntry entry;
        QDateTime at;
        int requests = 1;
        qint64 sequence = 0; // the order of record() calls
    };
    class Writer;

    void run();
    void requeue(QList<Line> &&lines); // under m_mutex

    Storage &m_storage;
    const Clock &m_clock;
    const std::chrono::milliseconds m_flushInterval;
    QThread *m_thread = nullptr;

    QMutex m_mutex;
    QWaitCondition m_wake;
    QWaitCondition m_written; // a batch was written
    qint64 m_recorded = 0; // the sequence of the last line recorded
    qint64 m_writtenUpTo = 0; // every line up to this sequence is written (or dropped)
    qint64 m_flushTarget = 0; // a flush() waits for lines up to this one
    QList<Line> m_queue;
    QHash<QString, qsizetype> m_probeLines; // "ip status" -> index in m_queue
    bool m_stopping = false;
    qint64 m_dropped = 0;
};

} // namespace tessera::server
