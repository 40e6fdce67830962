#include "bench_webpush_sink.h"

#include <QMutexLocker>
#include <QTcpServer>
#include <QTcpSocket>

#include <pthread.h>

namespace tessera::bench {

qint64 monotonicNs()
{
    timespec now {};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return qint64(now.tv_sec) * 1000000000 + now.tv_nsec;
}

PushSink::PushSink() = default;

PushSink::~PushSink()
{
    if (m_thread.isRunning()) {
        QMetaObject::invokeMethod(
            m_context,
            [this] {
                for (QTcpSocket *socket : m_buffers.keys())
                    QObject::disconnect(socket, nullptr, m_context, nullptr);
                m_buffers.clear();
                delete m_server;
                m_server = nullptr;
            },
            Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
    delete m_context;
}

bool PushSink::start()
{
    m_thread.setObjectName(QStringLiteral("push-sink"));
    m_thread.start();
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    QMetaObject::invokeMethod(
        m_context, [this] { listen(); }, Qt::BlockingQueuedConnection);
    return m_port != 0;
}

void PushSink::listen()
{
    pthread_getcpuclockid(pthread_self(), &m_threadClock);
    m_server = new QTcpServer;
    if (!m_server->listen(QHostAddress::LocalHost, 0))
        return;
    m_port = m_server->serverPort();
    QObject::connect(m_server, &QTcpServer::newConnection, m_context, [this] {
        while (QTcpSocket *socket = m_server->nextPendingConnection()) {
            m_buffers.insert(socket, {});
            QObject::connect(
                socket, &QTcpSocket::readyRead, m_context, [this, socket] { readFrom(socket); });
            QObject::connect(socket, &QTcpSocket::disconnected, m_context, [this, socket] {
                m_buffers.remove(socket);
                socket->deleteLater();
            });
        }
    });
}

namespace {

QByteArray headerValue(const QList<QByteArray> &lines, const QByteArray &name)
{
    for (const QByteArray &line : lines) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

} // namespace

void PushSink::readFrom(QTcpSocket *socket)
{
    QByteArray &buffer = m_buffers[socket];
    buffer.append(socket->readAll());

    QByteArray answers;
    for (;;) {
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            break;
        const QList<QByteArray> lines = buffer.left(end).split('\n');
        bool numeric = false;
        const qsizetype length = headerValue(lines, "Content-Length").toLongLong(&numeric);
        if (!numeric && !headerValue(lines, "Content-Length").isEmpty()) {
            socket->abort(); // not HTTP this sink understands
            return;
        }
        if (buffer.size() < end + 4 + length)
            break; // the body is still coming
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        record(requestLine.value(1), headerValue(lines, "Content-Encoding"),
            headerValue(lines, "Authorization"), length);
        buffer.remove(0, end + 4 + length);
        answers.append("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");
    }
    if (!answers.isEmpty())
        socket->write(answers);
}

void PushSink::record(const QByteArray &path, const QByteArray &encoding,
    const QByteArray &authorization, qsizetype bodySize)
{
    QMutexLocker lock(&m_mutex);
    ++m_counts.requests;
    m_paths.insert(path);
    m_counts.distinctPaths = int(m_paths.size());
    if (encoding == "aes128gcm" && authorization.startsWith("vapid t=")
        && authorization.contains(", k="))
        ++m_counts.encrypted;
    if (m_counts.authorization.isEmpty())
        m_counts.authorization = authorization;
    m_counts.minBody = m_counts.requests == 1 ? bodySize : std::min(m_counts.minBody, bodySize);
    m_counts.maxBody = std::max(m_counts.maxBody, bodySize);
    if (m_counts.requests == m_expected)
        m_counts.lastAtNs = monotonicNs();
}

void PushSink::reset(int expected)
{
    QMutexLocker lock(&m_mutex);
    m_expected = expected;
    m_counts = {};
    m_paths.clear();
}

PushSink::Counts PushSink::counts() const
{
    QMutexLocker lock(&m_mutex);
    return m_counts;
}

qint64 PushSink::cpuNs() const
{
    timespec used {};
    clock_gettime(m_threadClock, &used);
    return qint64(used.tv_sec) * 1000000000 + used.tv_nsec;
}

} // namespace tessera::bench
