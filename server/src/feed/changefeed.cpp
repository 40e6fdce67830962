#include "feed/changefeed.h"

#include "base/clock.h"
#include "base/serverlogging.h"
#include "protocol/wiretime.h"
#include "storage/sqlhelpers.h"
#include "storage/storage.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QUuid>

namespace tessera::server {

namespace {

// The PostgreSQL advisory lock of the feed (the same id every node uses).
constexpr qint64 kFeedLockId = 7303;

QVariant peopleColumn(const QStringList &people)
{
    if (people.isEmpty())
        return sql::nullText();
    return QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(people)).toJson(QJsonDocument::Compact));
}

QStringList peopleFrom(const QVariant &column)
{
    QStringList people;
    const QJsonArray array = QJsonDocument::fromJson(column.toString().toUtf8()).array();
    for (const auto &value : array)
        people.append(value.toString());
    return people;
}

} // namespace

ChangeFeed::ChangeFeed(Storage &storage, const Clock &clock)
    : m_storage(storage)
    , m_clock(clock)
    , m_nodeId(QUuid::createUuid().toString(QUuid::WithoutBraces))
{ }

QList<QByteArray> ChangeFeed::notifyPayloads(const QList<Change> &changes) const
{
    struct Touched
    {
        qint64 cursor = 0;
        QSet<QString> people;
        bool all = false;
    };
    QHash<QString, Touched> byKind;
    QStringList order;
    for (const Change &change : changes) {
        if (!byKind.contains(change.kind))
            order.append(change.kind);
        Touched &touched = byKind[change.kind];
        touched.cursor = std::max(touched.cursor, change.cursor);
        touched.all = touched.all || !change.audience.isEmpty();
        for (const QString &person : change.people)
            touched.people.insert(person);
    }
    QList<QByteArray> payloads;
    for (const QString &kind : std::as_const(order)) {
        const Touched &touched = byKind[kind];
        QJsonObject payload { { QStringLiteral("n"), m_nodeId }, { QStringLiteral("k"), kind },
            { QStringLiteral("c"), QString::number(touched.cursor) } };
        bool all = touched.all || touched.people.size() > notifyPeople;
        if (!all) {
            QStringList people(touched.people.cbegin(), touched.people.cend());
            people.sort();
            payload.insert(QStringLiteral("u"), QJsonArray::fromStringList(people));
        }
        QByteArray text = QJsonDocument(payload).toJson(QJsonDocument::Compact);
        if (all || text.size() > maxNotifyBytes) {
            payload.remove(QStringLiteral("u"));
            payload.insert(QStringLiteral("a"), true);
            text = QJsonDocument(payload).toJson(QJsonDocument::Compact);
        }
        payloads.append(text);
    }
    return payloads;
}

bool ChangeFeed::notifyNodes(QSqlDatabase &db, const QList<Change> &changes) const
{
    if (m_storage.kind() != Storage::Kind::Postgresql || changes.isEmpty())
        return true;
    const QList<QByteArray> payloads = notifyPayloads(changes);
    for (const QByteArray &payload : payloads) {
        QSqlQuery query(db);
        if (!sql::exec(query, QStringLiteral("SELECT pg_notify(?, ?)"),
                { QString::fromLatin1(notifyChannel), QString::fromUtf8(payload) }))
            return false;
    }
    return true;
}

void ChangeFeed::registerKind(const QString &kind)
{
    m_kinds.insert(kind);
}

bool ChangeFeed::hasKind(const QString &kind) const
{
    return m_kinds.contains(kind);
}

void ChangeFeed::addListener(Listener listener)
{
    m_listeners.append(std::move(listener));
}

bool ChangeFeed::lockDatabase(QSqlDatabase &db) const
{
    if (m_storage.kind() != Storage::Kind::Postgresql)
        return true; // SQLite: one server process, the mutex is the lock
    QSqlQuery query(db);
    return sql::exec(query, QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(kFeedLockId));
}

std::optional<qint64> ChangeFeed::take(QSqlDatabase &db, const Change &change) const
{
    if (!hasKind(change.kind)) {
        qCWarning(lcServer) << "change of unregistered kind" << change.kind;
        return std::nullopt;
    }
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("INSERT INTO changes (at, kind, people, audience) VALUES (?, ?, ?, ?)"
                           " RETURNING id"),
            // A broadcast's row carries its audience, not the people it was hinted to.
            { wiretime::format(m_clock.now()), change.kind,
                peopleColumn(change.audience.isEmpty() ? change.people : QStringList {}),
                sql::textOrNull(change.audience) })
        || !query.next())
        return std::nullopt;
    return query.value(0).toLongLong();
}

void ChangeFeed::published(const QList<Change> &changes) const
{
    if (m_listeners.isEmpty())
        return;
    QHash<QString, QHash<QString, qint64>> byKind;
    for (const Change &change : changes) {
        QHash<QString, qint64> &cursors = byKind[change.kind];
        for (const QString &person : change.people) {
            qint64 &newest = cursors[person];
            newest = std::max(newest, change.cursor);
        }
    }
    for (auto it = byKind.cbegin(); it != byKind.cend(); ++it) {
        if (it.value().isEmpty())
            continue;
        for (const Listener &listener : m_listeners)
            listener(it.key(), it.value());
    }
}

std::optional<QList<Change>> ChangeFeed::changesSince(
    qint64 cursor, int limit, const QString &kind) const
{
    QSqlDatabase db = m_storage.connection();
    QSqlQuery query(db);
    QString statement =
        QStringLiteral("SELECT id, kind, people, audience FROM changes WHERE id > ?");
    QVariantList values { cursor };
    if (!kind.isEmpty()) {
        statement += QStringLiteral(" AND kind = ?");
        values.append(kind);
    }
    statement += QStringLiteral(" ORDER BY id LIMIT ") + QString::number(std::max(limit, 0));
    if (!sql::exec(query, statement, values))
        return std::nullopt;
    QList<Change> changes;
    while (query.next()) {
        changes.append(Change { query.value(1).toString(), peopleFrom(query.value(2)),
            query.value(3).toString(), query.value(0).toLongLong() });
    }
    return changes;
}

} // namespace tessera::server
