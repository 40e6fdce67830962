#include "http/accesslog.h"

#include "base/clock.h"
#include "base/serverlogging.h"
#include "protocol/wiretime.h"
#include "storage/sqlhelpers.h"
#include "storage/storage.h"

#include <QDeadlineTimer>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <algorithm>
#include <map>

namespace tessera::server {

namespace {

// Lines per INSERT statement: one round trip to PostgreSQL for this many (8 values each, well
// under SQLite's limit of bound values).
constexpr qsizetype kRowsPerStatement = 32;
constexpr int kColumns = 8;

QString insertStatement(qsizetype rows)
{
    QString statement =
        QStringLiteral("INSERT INTO access_log (at, user_id, device_id, method, endpoint, status,"
                       " client_ip, requests) VALUES ");
    for (qsizetype row = 0; row < rows; ++row) {
        if (row > 0)
            statement += QLatin1String(", ");
        statement += QLatin1String("(?, ?, ?, ?, ?, ?, ?, ?)");
    }
    return statement;
}

} // namespace

// Writes batches on one thread's connection, with its INSERT statements prepared once.
class AccessLog::Writer
{
public:
    explicit Writer(Storage &storage)
        : m_storage(storage)
    { }

    bool write(const QList<Line> &lines)
    {
        QSqlDatabase db = m_storage.connection();
        if (!db.isOpen() && !db.open()) {
            qCWarning(lcStorage) << "access log: the database does not answer:"
                                 << db.lastError().text();
            return false;
        }
        sql::Transaction transaction(db);
        if (!transaction.isActive()) {
            m_statements.clear();
            return false;
        }
        for (qsizetype first = 0; first < lines.size(); first += kRowsPerStatement) {
            const qsizetype rows = std::min(kRowsPerStatement, lines.size() - first);
            QSqlQuery *const query = statement(db, rows);
            if (query == nullptr)
                return false;
            for (qsizetype row = 0; row < rows; ++row) {
                const Line &line = lines.at(first + row);
                const int base = static_cast<int>(row) * kColumns;
                query->bindValue(base, wiretime::format(line.at));
                query->bindValue(base + 1, sql::textOrNull(line.entry.userId));
                query->bindValue(base + 2, sql::textOrNull(line.entry.deviceId));
                query->bindValue(base + 3, line.entry.method);
                query->bindValue(base + 4, line.entry.endpoint);
                query->bindValue(base + 5, line.entry.status);
                query->bindValue(base + 6, line.entry.clientIp);
                query->bindValue(base + 7, line.requests);
            }
            const bool ok = query->exec();
            if (!ok) {
                qCWarning(lcStorage) << "access log: insert failed:" << query->lastError().text();
                m_statements.clear(); // prepared again on a connection that may be new
                return false;
            }
            query->finish();
        }
        if (!transaction.commit()) {
            m_statements.clear();
            return false;
        }
        return true;
    }

    void clear() { m_statements.clear(); }

private:
    QSqlQuery *statement(QSqlDatabase &db, qsizetype rows)
    {
        auto found = m_statements.find(rows);
        if (found != m_statements.end())
            return &found->second;
        QSqlQuery query(db);
        if (!query.prepare(insertStatement(rows))) {
            qCWarning(lcStorage) << "access log: cannot prepare the insert:"
                                 << query.lastError().text();
            return nullptr;
        }
        return &m_statements.emplace(rows, std::move(query)).first->second;
    }

    Storage &m_storage;
    std::map<qsizetype, QSqlQuery> m_statements; // by rows per statement
};

AccessLog::AccessLog(Storage &storage, const Clock &clock, std::chrono::milliseconds flushInterval)
    : m_storage(storage)
    , m_clock(clock)
    , m_flushInterval(flushInterval)
{ }

AccessLog::~AccessLog()
{
    stop();
    QMutexLocker lock(&m_mutex);
    if (m_queue.isEmpty())
        return;
    // Recorded after stop() (nothing should be, but nothing is lost either): written here.
    Writer writer(m_storage);
    if (!writer.write(m_queue))
        qCWarning(lcStorage) << "access log:" << m_queue.size()
                             << "lines could not be written at shutdown";
    writer.clear();
    m_queue.clear();
}

void AccessLog::start()
{
    if (m_thread != nullptr)
        return;
    m_thread = QThread::create([this] { run(); });
    m_thread->setObjectName(QStringLiteral("access-log"));
    m_thread->start();
}

void AccessLog::stop()
{
    if (m_thread == nullptr)
        return;
    {
        QMutexLocker lock(&m_mutex);
        m_stopping = true;
        m_wake.wakeAll();
    }
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
}

bool AccessLog::isProbe(const AccessLogEntry &entry)
{
    return entry.userId.isEmpty() && entry.method == QLatin1String("GET")
        && entry.endpoint == QLatin1String("/v1/health");
}

void AccessLog::record(const AccessLogEntry &entry)
{
    const bool probe = isProbe(entry);
    const QString probeKey =
        probe ? entry.clientIp + QLatin1Char(' ') + QString::number(entry.status) : QString();
    Line line { entry, m_clock.now(), 1, 0 };

    QMutexLocker lock(&m_mutex);
    line.sequence = ++m_recorded;
    if (probe) {
        const auto found = m_probeLines.constFind(probeKey);
        if (found != m_probeLines.cend()) {
            ++m_queue[*found].requests;
            return;
        }
    }
    if (m_queue.size() >= maxQueuedRows) {
        // The database has refused for a long while: keep the newest.
        m_queue.removeFirst();
        m_probeLines.clear();
        ++m_dropped;
    }
    if (probe)
        m_probeLines.insert(probeKey, m_queue.size());
    m_queue.append(std::move(line));
    // The writer sleeps while nothing waits; it starts its interval at the first line.
    if (m_queue.size() == 1 || m_queue.size() == batchRows)
        m_wake.wakeOne();
}

bool AccessLog::flush(std::chrono::milliseconds timeout)
{
    QMutexLocker lock(&m_mutex);
    if (m_thread == nullptr)
        return m_queue.isEmpty();
    const qint64 target = m_recorded;
    if (m_writtenUpTo >= target)
        return true;
    m_flushTarget = std::max(m_flushTarget, target);
    m_wake.wakeAll();
    const QDeadlineTimer deadline(timeout);
    while (m_writtenUpTo < target && !m_stopping && !deadline.hasExpired())
        m_written.wait(&m_mutex, deadline);
    return m_writtenUpTo >= target;
}

void AccessLog::requeue(QList<Line> &&lines)
{
    lines.append(std::move(m_queue));
    m_queue = std::move(lines);
    m_probeLines.clear();
    if (m_queue.size() > maxQueuedRows) {
        const qsizetype excess = m_queue.size() - maxQueuedRows;
        m_queue.remove(0, excess);
        m_dropped += excess;
    }
}

void AccessLog::run()
{
    Writer writer(m_storage);
    QMutexLocker lock(&m_mutex);
    for (;;) {
        while (!m_stopping && m_queue.isEmpty())
            m_wake.wait(&m_mutex);
        if (m_queue.isEmpty())
            break; // stopping, and everything is written
        const QDeadlineTimer deadline(m_flushInterval);
        // A flush() waiting skips the interval.
        while (!m_stopping && m_queue.size() < batchRows && !deadline.hasExpired()
            && m_flushTarget <= m_writtenUpTo)
            m_wake.wait(&m_mutex, deadline);

        QList<Line> lines = std::exchange(m_queue, {});
        m_probeLines.clear();
        lock.unlock();
        const bool written = writer.write(lines);
        lock.relock();
        if (m_dropped > 0) {
            qCWarning(lcStorage) << "access log:" << m_dropped
                                 << "lines were dropped while the database refused them";
            m_dropped = 0;
        }
        if (written) {
            m_writtenUpTo = std::max(m_writtenUpTo, lines.constLast().sequence);
            m_written.wakeAll();
            continue;
        }
        requeue(std::move(lines));
        if (m_stopping)
            break;
        // Retried after an interval (or at once when the server stops).
        const QDeadlineTimer retry(m_flushInterval);
        while (!m_stopping && !retry.hasExpired())
            m_wake.wait(&m_mutex, retry);
    }
    if (!m_queue.isEmpty())
        qCWarning(lcStorage) << "access log:" << m_queue.size()
                             << "lines could not be written before the server stopped";
    m_queue.clear();
    lock.unlock();
    writer.clear();
    m_storage.closeThreadConnection();
}

} // namespace tessera::server
