#include "analytics/analyticsqueue.h"

#include "analytics/internal/analyticslogging.h"
#include "storage/database.h"
#include "storage/sqltransaction.h"

namespace tessera {

AnalyticsQueue::AnalyticsQueue(QObject *parent)
    : QObject(parent)
{ }

AnalyticsQueue::~AnalyticsQueue() = default;

void AnalyticsQueue::setDatabase(std::shared_ptr<Database> database)
{
    if (database == m_database)
        return;
    m_database = std::move(database);
    Q_EMIT databaseChanged();
}

bool AnalyticsQueue::add(const AnalyticsLine &line)
{
    if (!m_database)
        return false;
    // This SQLCipher's SQLite has no UPSERT: an UPDATE, then an INSERT when it found no line.
    SqlStatement more = m_database->prepare(
        "UPDATE analytics_queue SET count = MIN(count + 1, ?6) WHERE day = ?1 AND kind = ?2 AND"
        " name = ?3 AND platform = ?4 AND appVersion = ?5");
    SqlStatement first = m_database->prepare(
        "INSERT INTO analytics_queue (day, kind, name, platform, appVersion, count)"
        " VALUES (?1, ?2, ?3, ?4, ?5, 1)");
    for (SqlStatement *statement : { &more, &first }) {
        statement->bindText(1, line.day);
        statement->bindText(2, line.kind);
        statement->bindText(3, line.name);
        statement->bindText(4, line.platform);
        statement->bindText(5, line.appVersion);
    }
    more.bindInt64(6, maxCount);
    const bool ok = more.exec() && (m_database->changes() > 0 || first.exec());
    if (!ok)
        qCWarning(lcAnalytics) << "could not queue an event";
    return ok;
}

QList<AnalyticsLine> AnalyticsQueue::lines(int limit) const
{
    QList<AnalyticsLine> lines;
    if (!m_database)
        return lines;
    SqlStatement statement =
        m_database->prepare("SELECT day, kind, name, platform, appVersion, count"
                            " FROM analytics_queue ORDER BY day, kind, name LIMIT ?1");
    statement.bindInt64(1, limit);
    while (statement.step() == SqlStatement::Step::Row) {
        lines.append({ statement.columnText(0), statement.columnText(1), statement.columnText(2),
            statement.columnText(3), statement.columnText(4), statement.columnInt64(5) });
    }
    return lines;
}

qint64 AnalyticsQueue::lineCount() const
{
    if (!m_database)
        return 0;
    SqlStatement statement = m_database->prepare("SELECT COUNT(*) FROM analytics_queue");
    return statement.step() == SqlStatement::Step::Row ? statement.columnInt64(0) : 0;
}

bool AnalyticsQueue::remove(const QList<AnalyticsLine> &sent)
{
    if (!m_database)
        return false;
    SqlTransaction transaction(*m_database);
    if (!transaction.isActive())
        return false;
    SqlStatement less = m_database->prepare(
        "UPDATE analytics_queue SET count = count - ?6 WHERE day = ?1 AND kind = ?2 AND"
        " name = ?3 AND platform = ?4 AND appVersion = ?5");
    for (const AnalyticsLine &line : sent) {
        less.reset();
        less.bindText(1, line.day);
        less.bindText(2, line.kind);
        less.bindText(3, line.name);
        less.bindText(4, line.platform);
        less.bindText(5, line.appVersion);
        less.bindInt64(6, line.count);
        if (!less.exec())
            return false;
    }
    return m_database->exec("DELETE FROM analytics_queue WHERE count <= 0") && transaction.commit();
}

bool AnalyticsQueue::clear()
{
    return m_database && m_database->exec("DELETE FROM analytics_queue");
}

std::optional<QString> AnalyticsQueue::value(const QString &name) const
{
    if (!m_database)
        return std::nullopt;
    SqlStatement statement =
        m_database->prepare("SELECT value FROM analytics_state WHERE name = ?1");
    statement.bindText(1, name);
    if (statement.step() != SqlStatement::Step::Row)
        return std::nullopt;
    return statement.columnText(0);
}

bool AnalyticsQueue::setValue(const QString &name, const QString &value)
{
    if (!m_database)
        return false;
    SqlStatement statement =
        m_database->prepare("INSERT OR REPLACE INTO analytics_state (name, value) VALUES (?1, ?2)");
    statement.bindText(1, name);
    statement.bindText(2, value);
    return statement.exec();
}

bool AnalyticsQueue::removeValue(const QString &name)
{
    if (!m_database)
        return false;
    SqlStatement statement = m_database->prepare("DELETE FROM analytics_state WHERE name = ?1");
    statement.bindText(1, name);
    return statement.exec();
}

} // namespace tessera
