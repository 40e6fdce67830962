#pragma once

#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QObject>
#include <QSet>
#include <QThread>

#include <ctime>
#include <memory>

class QTcpServer;
class QTcpSocket;

namespace tessera::bench {

// A loopback push service for bench_webpush: HTTP/1.1 keep-alive on 127.0.0.1, on a thread of
// its own, answering every POST 201 with an empty body and counting what it got (the distinct
// paths, the bodies marked aes128gcm with a VAPID Authorization, the body sizes) and when the
// expected-th request arrived. It reads each request whole (headers, Content-Length body) and
// keeps nothing else: its own CPU time (its thread's clock) is what a request costs it.
class PushSink
{
public:
    struct Counts
    {
        int requests = 0; // POSTs answered since reset()
        int distinctPaths = 0;
        int encrypted = 0; // Content-Encoding: aes128gcm and Authorization: vapid t=..., k=...
        qsizetype minBody = 0;
        qsizetype maxBody = 0;
        qint64 lastAtNs = 0; // CLOCK_MONOTONIC when the expected-th request was read (0: not yet)
        QByteArray authorization; // the first Authorization header seen
    };

    PushSink();
    ~PushSink();
    PushSink(const PushSink &) = delete;
    PushSink &operator=(const PushSink &) = delete;

    // Starts the thread and listens; false when it could not.
    bool start();
    quint16 port() const { return m_port; }
    // Thread-safe: forget what came so far; lastAtNs is set when the expected-th request arrives.
    void reset(int expected);
    Counts counts() const;
    // CPU time of the sink's thread so far, in nanoseconds.
    qint64 cpuNs() const;

private:
    void listen();
    void readFrom(QTcpSocket *socket);
    void record(const QByteArray &path, const QByteArray &encoding, const QByteArray &authorization,
        qsizetype bodySize);

    QThread m_thread;
    QObject *m_context = nullptr; // lives on m_thread: the receiver of its signals
    QTcpServer *m_server = nullptr; // lives on m_thread
    QHash<QTcpSocket *, QByteArray> m_buffers; // m_thread only
    quint16 m_port = 0;
    clockid_t m_threadClock {};
    mutable QMutex m_mutex;
    int m_expected = 0;
    Counts m_counts;
    QSet<QByteArray> m_paths;
};

// CLOCK_MONOTONIC now, in nanoseconds (the sink's lastAtNs is on this clock).
qint64 monotonicNs();

} // namespace tessera::bench
