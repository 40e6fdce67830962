#pragma once

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace tessera {

class Database;

// One queued line: how often (count) a screen, feature or error was seen on a day.
struct AnalyticsLine
{
    QString day; // YYYY-MM-DD
    QString kind; // "screen" | "feature" | "error"
    QString name;
    QString platform;
    QString appVersion;
    qint64 count = 0;

    bool operator==(const AnalyticsLine &) const = default;
};

// The analytics tables in the session's encrypted database (analyticscachemigrations.cpp): the
// queue of counts and a few named values (installation ids, consent). Without a database every read
// answers nothing and every write fails. Not thread-safe: use it from one thread, like Database.
class AnalyticsQueue : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 maxCount = 10'000; // a line's count at most (the server's bound)

    explicit AnalyticsQueue(QObject *parent = nullptr);
    ~AnalyticsQueue() override;

    void setDatabase(std::shared_ptr<Database> database);
    bool hasDatabase() const { return m_database != nullptr; }

    // Adds one to the line's count (a new line with count 1); a line at maxCount stays there.
    bool add(const AnalyticsLine &line);
    // The oldest lines first (by day), at most limit.
    QList<AnalyticsLine> lines(int limit) const;
    qint64 lineCount() const;
    // Takes sent lines off the queue: each line's count less what was sent (a line seen again
    // while its upload ran keeps the difference).
    bool remove(const QList<AnalyticsLine> &sent);
    bool clear();

    std::optional<QString> value(const QString &name) const;
    bool setValue(const QString &name, const QString &value);
    bool removeValue(const QString &name);

Q_SIGNALS:
    // The database came or went.
    void databaseChanged();

private:
    std::shared_ptr<Database> m_database;
};

} // namespace tessera
