#include "inbox/inboxstore.h"

#include "base/logging.h"
#include "inbox/internal/inboxsql.h"
#include "net/apiclient.h"
#include "protocol/wiretime.h"
#include "storage/database.h"
#include "storage/sqlstatement.h"
#include "storage/sqltransaction.h"

#include <QJsonDocument>
#include <QStringEncoder>
#include <QTimer>

namespace tessera {

namespace {

const QString cursorSetting = QStringLiteral("inbox.cursor");

// text as UTF-8 at the end of out, without a QByteArray of its own.
void appendUtf8(QByteArray &out, QStringView text)
{
    QStringEncoder encoder(QStringEncoder::Utf8, QStringEncoder::Flag::Stateless);
    const qsizetype start = out.size();
    out.resize(start + encoder.requiredSpace(text.size()));
    char *const end = encoder.appendToBuffer(out.data() + start, text);
    out.truncate(end - out.constData());
}

// The stored form of actions (an array) and data (any value; scalars wrapped as {"v": ...},
// unwrapped when read): compact JSON.
QByteArray jsonText(const QJsonValue &value)
{
    if (value.isArray())
        return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    if (value.isObject())
        return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    return QJsonDocument(QJsonObject { { QStringLiteral("v"), value } })
        .toJson(QJsonDocument::Compact);
}

QJsonValue parseJsonText(const QByteArray &text, bool scalarWrapped)
{
    // The common empty cases without a parser.
    if (text == "[]")
        return QJsonArray();
    if (text == "{}")
        return QJsonObject();
    const QJsonDocument document = QJsonDocument::fromJson(text);
    if (document.isArray())
        return document.array();
    if (!document.isObject())
        return QJsonValue(QJsonValue::Null);
    const QJsonObject object = document.object();
    if (scalarWrapped && object.size() == 1 && object.contains(QStringLiteral("v"))
        && !object.value(QStringLiteral("v")).isObject()
        && !object.value(QStringLiteral("v")).isArray())
        return object.value(QStringLiteral("v"));
    return object;
}

// The form wiretime::format writes ("2026-11-29T09:05:00Z") read without a regular expression
// and Qt's ISO parser (both show up when a screenful is read); anything else goes through
// wiretime::parse.
std::optional<QDateTime> parseStoredTime(const QByteArray &text)
{
    if (text.size() != 20 || text.at(4) != '-' || text.at(7) != '-' || text.at(10) != 'T'
        || text.at(13) != ':' || text.at(16) != ':' || text.at(19) != 'Z')
        return std::nullopt;
    const auto number = [&text](int from, int digits) {
        int value = 0;
        for (int i = from; i < from + digits; ++i) {
            const char c = text.at(i);
            if (c < '0' || c > '9')
                return -1;
            value = value * 10 + (c - '0');
        }
        return value;
    };
    const int year = number(0, 4);
    const int month = number(5, 2);
    const int day = number(8, 2);
    const int hour = number(11, 2);
    const int minute = number(14, 2);
    const int second = number(17, 2);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0)
        return std::nullopt;
    const QDate date(year, month, day);
    const QTime time(hour, minute, second);
    if (!date.isValid() || !time.isValid())
        return std::nullopt;
    return QDateTime(date, time, Qt::UTC);
}

QDateTime timeColumn(const SqlStatement &statement, int column)
{
    if (statement.isNull(column))
        return {};
    const QByteArray text = statement.columnUtf8(column);
    if (const std::optional<QDateTime> stored = parseStoredTime(text))
        return *stored;
    return wiretime::parse(QString::fromUtf8(text)).value_or(QDateTime());
}

InboxItem readItem(const SqlStatement &row)
{
    InboxItem item;
    item.id = row.columnText(0);
    item.subsystem = row.columnText(1);
    item.title = row.columnText(2);
    item.body = row.columnText(3);
    item.category = row.columnText(4);
    item.priority = row.columnText(5);
    item.createdAt = timeColumn(row, 6);
    item.expiresAt = timeColumn(row, 7);
    item.actionable = row.columnBool(8);
    item.actions = parseJsonText(row.columnUtf8(9), false).toArray();
    item.data = parseJsonText(row.columnUtf8(10), true);
    item.state = row.columnText(11);
    item.decidedBy = row.columnText(12);
    item.decidedByName = row.columnText(13);
    item.decidedAt = timeColumn(row, 14);
    item.decidedVia = row.columnText(15);
    item.decidedAction = row.columnText(16);
    item.version = row.columnInt64(17);
    item.readPending = row.columnBool(18);
    item.statusText = row.columnText(19);
    item.pending = !row.isNull(20);
    item.pendingAction = row.columnText(20);
    return item;
}

// wiretime::format's form ("2026-11-29T09:05:00Z", whole seconds, UTC) as UTF-8, written
// directly (Qt's ISO formatting shows up in a delta's time per item).
QByteArray storedTime(const QDateTime &time)
{
    const QDateTime utc = time.toUTC();
    const QDate date = utc.date();
    const QTime clock = utc.time();
    if (date.year() < 1000 || date.year() > 9999)
        return wiretime::format(time).toUtf8();
    QByteArray text(20, Qt::Uninitialized);
    char *out = text.data();
    const auto put = [&out](int value, int digits) {
        for (int i = digits - 1; i >= 0; --i) {
            out[i] = char('0' + value % 10);
            value /= 10;
        }
        out += digits;
    };
    put(date.year(), 4);
    *out++ = '-';
    put(date.month(), 2);
    *out++ = '-';
    put(date.day(), 2);
    *out++ = 'T';
    put(clock.hour(), 2);
    *out++ = ':';
    put(clock.minute(), 2);
    *out++ = ':';
    put(clock.second(), 2);
    *out = 'Z';
    return text;
}

void bindTimeOrNull(SqlStatement &statement, int index, const QDateTime &time)
{
    if (time.isValid())
        statement.bindUtf8(index, storedTime(time));
    else
        statement.bindNull(index);
}

// Text bound through a buffer reused from field to field and item to item (SQLite copies it):
// no QByteArray per field.
void bindText(SqlStatement &statement, int index, QStringView text, QByteArray &scratch)
{
    scratch.resize(0);
    appendUtf8(scratch, text);
    statement.bindUtf8(index, scratch);
}

void bindTextOrNull(SqlStatement &statement, int index, const QString &text, QByteArray &scratch)
{
    if (text.isNull())
        statement.bindNull(index);
    else
        bindText(statement, index, text, scratch);
}

PendingDecision readDecision(const SqlStatement &row)
{
    PendingDecision decision;
    decision.seq = row.columnInt64(0);
    decision.itemId = row.columnText(1);
    decision.action = row.columnText(2);
    decision.comment = row.columnText(3);
    decision.version = row.columnInt64(4);
    decision.idempotencyKey = row.columnText(5).toLatin1();
    decision.createdAt = timeColumn(row, 6);
    decision.attempts = static_cast<int>(row.columnInt64(7));
    decision.nextAttemptAt = timeColumn(row, 8);
    decision.lastError = row.columnText(9);
    return decision;
}

// The WHERE clause of a filter (?1: the category).
const char *filterClause(const InboxItemFilter &filter)
{
    switch (filter.kind) {
    case InboxItemFilter::Kind::All:
        return "";
    case InboxItemFilter::Kind::NeedsAction:
        return " WHERE i.actionable = 1 AND i.state IN ('unread', 'read') AND o.itemId IS NULL";
    case InboxItemFilter::Kind::Unread:
        return " WHERE i.state = 'unread'";
    case InboxItemFilter::Kind::Category:
        return " WHERE i.category = ?1";
    }
    return "";
}

// A statement of the cache, prepared once and run again after a reset.
SqlStatement &reuse(SqlStatement &statement, Database &database, const char *sql)
{
    if (statement.isValid())
        statement.reset();
    else
        statement = database.prepare(sql);
    return statement;
}

#define SELECT_DECISIONS                                                                           \
    "SELECT seq, itemId, action, comment, version, idempotencyKey, createdAt, attempts,"           \
    " nextAttemptAt, lastError FROM decision_outbox"

} // namespace

InboxStore::InboxStore(QObject *parent)
    : InboxStore(nullptr, parent)
{ }

InboxStore::InboxStore(std::shared_ptr<Database> database, QObject *parent)
    : QObject(parent)
    , m_database(std::move(database))
    , m_catchUpIdle(new QTimer(this))
{
    m_catchUpIdle->setSingleShot(true);
    m_catchUpIdle->setInterval(catchUpIdleMs);
    connect(m_catchUpIdle, &QTimer::timeout, this, &InboxStore::endCatchUp);
}

InboxStore::~InboxStore()
{
    endCatchUp(); // the database may live on with another owner
}

void InboxStore::setDatabase(std::shared_ptr<Database> database)
{
    if (database == m_database)
        return;
    endCatchUp();
    m_database = std::move(database);
    Q_EMIT changed();
}

void InboxStore::beginCatchUp()
{
    m_catchUpIdle->start();
    if (m_catchUp)
        return;
    // Set outside a transaction; a failure only costs speed.
    const QByteArray settings = QByteArrayLiteral("PRAGMA cache_size = -")
        + QByteArray::number(catchUpCacheKiB) + QByteArrayLiteral("; PRAGMA wal_autocheckpoint = ")
        + QByteArray::number(catchUpCheckpointPages)
        + QByteArrayLiteral("; PRAGMA journal_size_limit = -1");
    m_catchUp = m_database->exec(settings);
    if (!m_catchUp)
        qCWarning(lcInbox).noquote() << "catch-up settings:" << m_database->lastError().message;
}

void InboxStore::endCatchUp()
{
    m_catchUpIdle->stop();
    if (!m_catchUp)
        return;
    m_catchUp = false;
    if (!m_database)
        return;
    // The smaller cache frees the pages above it. The WAL is copied into the file now (PASSIVE:
    // no waiting for readers); the next write cuts its file back to journal_size_limit.
    const QByteArray settings = QByteArrayLiteral("PRAGMA cache_size = -")
        + QByteArray::number(Database::cacheKiB)
        + QByteArrayLiteral("; PRAGMA wal_autocheckpoint = ")
        + QByteArray::number(Database::walCheckpointPages)
        + QByteArrayLiteral("; PRAGMA journal_size_limit = ")
        + QByteArray::number(Database::walSizeLimitBytes)
        + QByteArrayLiteral("; PRAGMA wal_checkpoint(PASSIVE)");
    if (!m_database->exec(settings))
        qCWarning(lcInbox).noquote() << "ending a catch-up:" << m_database->lastError().message;
}

void InboxStore::notifyChanged()
{
    Q_EMIT changed();
}

QList<InboxItem> InboxStore::items() const
{
    QList<InboxItem> result;
    if (!m_database)
        return result;
    SqlStatement statement = m_database->prepare(TESSERA_INBOX_SELECT_ITEMS TESSERA_INBOX_ORDER);
    if (!statement.isValid()) {
        qCWarning(lcInbox).noquote() << "reading the inbox:" << statement.error().message;
        return result;
    }
    while (statement.step() == SqlStatement::Step::Row)
        result.append(readItem(statement));
    return result;
}

std::optional<InboxItem> InboxStore::item(const QString &id) const
{
    if (!m_database)
        return std::nullopt;
    SqlStatement statement = m_database->prepare(TESSERA_INBOX_SELECT_ITEMS " WHERE i.id = ?1");
    statement.bindText(1, id);
    if (statement.step() != SqlStatement::Step::Row)
        return std::nullopt;
    return readItem(statement);
}

QList<InboxItem> InboxStore::items(const InboxItemFilter &filter, int limit, int offset) const
{
    QList<InboxItem> result;
    if (!m_database || limit <= 0)
        return result;
    const QByteArray sql =
        QByteArrayLiteral(TESSERA_INBOX_SELECT_ITEMS) + filterClause(filter) + TESSERA_INBOX_PAGE;
    SqlStatement statement = m_database->prepare(sql);
    if (!statement.isValid()) {
        qCWarning(lcInbox).noquote() << "reading the inbox:" << statement.error().message;
        return result;
    }
    if (filter.kind == InboxItemFilter::Kind::Category)
        statement.bindText(1, filter.category);
    statement.bindInt64(2, limit);
    statement.bindInt64(3, std::max(offset, 0));
    result.reserve(std::min(limit, 1000));
    SqlStatement::Step step = SqlStatement::Step::Done;
    while ((step = statement.step()) == SqlStatement::Step::Row)
        result.append(readItem(statement));
    if (step == SqlStatement::Step::Error)
        qCWarning(lcInbox).noquote() << "reading the inbox:" << statement.error().message;
    return result;
}

int InboxStore::itemCount(const InboxItemFilter &filter) const
{
    if (!m_database)
        return 0;
    // All items: the count of the smallest index (an outbox row per item at most, so the join
    // would not change it); a filter needs the join.
    const QByteArray sql = filter.kind == InboxItemFilter::Kind::All
        ? QByteArrayLiteral(TESSERA_INBOX_COUNT_ALL)
        : QByteArrayLiteral("SELECT count(*) FROM inbox_items i LEFT JOIN decision_outbox o"
                            " ON o.itemId = i.id")
            + filterClause(filter);
    SqlStatement statement = m_database->prepare(sql);
    if (filter.kind == InboxItemFilter::Kind::Category)
        statement.bindText(1, filter.category);
    if (statement.step() != SqlStatement::Step::Row)
        return 0;
    return static_cast<int>(statement.columnInt64(0));
}

QStringList InboxStore::categories() const
{
    QStringList result;
    if (!m_database)
        return result;
    SqlStatement statement = m_database->prepare(TESSERA_INBOX_CATEGORIES);
    while (statement.step() == SqlStatement::Step::Row)
        result.append(statement.columnText(0));
    return result;
}

int InboxStore::pendingItemCount() const
{
    if (!m_database)
        return 0;
    SqlStatement statement = m_database->prepare(TESSERA_INBOX_COUNT_PENDING);
    if (statement.step() != SqlStatement::Step::Row)
        return 0;
    return static_cast<int>(statement.columnInt64(0));
}

struct InboxStore::ItemStatements
{
    SqlStatement lookup;
    SqlStatement update;
    SqlStatement insert;
    QByteArray scratch; // UTF-8 of one value at a time
};

bool InboxStore::writeItem(const InboxItem &item)
{
    ItemStatements statements;
    return writeItem(item, statements);
}

bool InboxStore::writeItem(const InboxItem &item, ItemStatements &statements)
{
    // SQLite 3.15: no UPSERT. Update first (keeping the local columns), insert when new.
    SqlStatement &current = reuse(statements.lookup, *m_database, TESSERA_INBOX_LOOKUP);
    bindText(current, 1, item.id, statements.scratch);
    const SqlStatement::Step found = current.step();
    if (found == SqlStatement::Step::Error) {
        qCWarning(lcInbox).noquote()
            << "looking up item" << item.id << ":" << current.error().message;
        return false;
    }
    const bool exists = found == SqlStatement::Step::Row;
    const bool readPending = exists && current.columnBool(0);
    current.reset();

    QString state = item.state;
    bool keepReadPending = readPending;
    if (readPending) {
        if (state == u"unread")
            state = QStringLiteral("read"); // the server has not heard of the read mark yet
        else if (state == u"read")
            keepReadPending = false; // it has
    }
    SqlStatement &statement = exists
        ? reuse(statements.update, *m_database,
            "UPDATE inbox_items SET subsystem = ?2, title = ?3, body = ?4, category = ?5,"
            " priority = ?6, createdAt = ?7, expiresAt = ?8, actionable = ?9, actions = ?10,"
            " data = ?11, state = ?12, decidedBy = ?13, decidedByName = ?14, decidedAt = ?15,"
            " decidedVia = ?16, decidedAction = ?17, version = ?18, readPending = ?19,"
            " statusText = CASE WHEN ?18 > version THEN NULL ELSE statusText END"
            " WHERE id = ?1")
        : reuse(statements.insert, *m_database, TESSERA_INBOX_INSERT);
    QByteArray &scratch = statements.scratch;
    bindText(statement, 1, item.id, scratch);
    bindText(statement, 2, item.subsystem, scratch);
    bindText(statement, 3, item.title, scratch);
    bindText(statement, 4, item.body, scratch);
    bindText(statement, 5, item.category, scratch);
    bindText(statement, 6, item.priority, scratch);
    statement.bindUtf8(7, storedTime(item.createdAt));
    bindTimeOrNull(statement, 8, item.expiresAt);
    statement.bindBool(9, item.actionable);
    statement.bindUtf8(10, jsonText(item.actions));
    statement.bindUtf8(11, jsonText(item.data));
    bindText(statement, 12, state, scratch);
    bindTextOrNull(statement, 13, item.decidedBy, scratch);
    bindTextOrNull(statement, 14, item.decidedByName, scratch);
    bindTimeOrNull(statement, 15, item.decidedAt);
    bindTextOrNull(statement, 16, item.decidedVia, scratch);
    bindTextOrNull(statement, 17, item.decidedAction, scratch);
    statement.bindInt64(18, item.version);
    statement.bindBool(19, keepReadPending);
    const bool ok = statement.exec();
    if (!ok)
        qCWarning(lcInbox).noquote()
            << "storing item" << item.id << ":" << statement.error().message;
    statement.reset();
    return ok;
}

bool InboxStore::applyDelta(const QList<InboxItem> &items, const QString &cursor)
{
    if (!m_database)
        return false;
    {
        // A delta page is only what the server has, with its cursor, in one transaction: a power
        // cut may lose it as a whole (WAL), and it is fetched again. So its commit does not wait
        // for the disk (synchronous = NORMAL); the decisions and read marks the person makes
        // keep FULL. Set outside the transaction, as SQLite requires, and set back on every path.
        struct RelaxedSync
        {
            Database &db;
            explicit RelaxedSync(Database &database)
                : db(database)
            {
                db.exec("PRAGMA synchronous = NORMAL");
            }
            ~RelaxedSync() { db.exec("PRAGMA synchronous = FULL"); }
            RelaxedSync(const RelaxedSync &) = delete;
            RelaxedSync &operator=(const RelaxedSync &) = delete;
        } relaxed(*m_database);
        if (items.size() >= catchUpItems)
            beginCatchUp();
        else
            endCatchUp();
        SqlTransaction transaction(*m_database);
        if (!transaction.isActive())
            return false;
        // Destroyed before the transaction: prepared once for the page, finalized before the
        // commit or rollback is over.
        ItemStatements statements;
        for (const InboxItem &item : items) {
            if (!writeItem(item, statements))
                return false;
        }
        SqlStatement statement = m_database->prepare(TESSERA_SETTING_PUT);
        statement.bindText(1, cursorSetting);
        statement.bindText(2, cursor);
        if (!statement.exec() || !transaction.commit())
            return false;
    }
    if (!items.isEmpty())
        notifyChanged();
    return true;
}

bool InboxStore::upsert(const InboxItem &item)
{
    if (!m_database || !writeItem(item))
        return false;
    notifyChanged();
    return true;
}

QString InboxStore::cursor() const
{
    if (!m_database)
        return {};
    SqlStatement statement = m_database->prepare("SELECT value FROM settings WHERE name = ?1");
    statement.bindText(1, cursorSetting);
    if (statement.step() != SqlStatement::Step::Row)
        return {};
    return statement.columnText(0);
}

int InboxStore::unreadCount() const
{
    if (!m_database)
        return 0;
    SqlStatement statement = m_database->prepare(TESSERA_INBOX_COUNT_UNREAD);
    if (statement.step() != SqlStatement::Step::Row)
        return 0;
    return static_cast<int>(statement.columnInt64(0));
}

bool InboxStore::setStatusText(const QString &itemId, const QString &text)
{
    if (!m_database)
        return false;
    SqlStatement statement =
        m_database->prepare("UPDATE inbox_items SET statusText = ?2 WHERE id = ?1");
    statement.bindText(1, itemId);
    if (text.isEmpty())
        statement.bindNull(2);
    else
        statement.bindText(2, text);
    if (!statement.exec())
        return false;
    notifyChanged();
    return true;
}

bool InboxStore::markReadLocally(const QString &itemId)
{
    if (!m_database)
        return false;
    SqlStatement statement =
        m_database->prepare("UPDATE inbox_items SET state = 'read', readPending = 1 WHERE id = ?1 "
                            "AND state = 'unread'");
    statement.bindText(1, itemId);
    if (!statement.exec() || m_database->changes() != 1)
        return false;
    notifyChanged();
    return true;
}

QStringList InboxStore::pendingReads() const
{
    QStringList ids;
    if (!m_database)
        return ids;
    SqlStatement statement =
        m_database->prepare("SELECT id FROM inbox_items WHERE readPending = 1 ORDER BY id");
    while (statement.step() == SqlStatement::Step::Row)
        ids.append(statement.columnText(0));
    return ids;
}

bool InboxStore::confirmRead(const InboxItem &item)
{
    if (!m_database)
        return false;
    {
        SqlTransaction transaction(*m_database);
        if (!transaction.isActive())
            return false;
        SqlStatement told =
            m_database->prepare("UPDATE inbox_items SET readPending = 0 WHERE id = ?1");
        told.bindText(1, item.id);
        if (!told.exec() || !writeItem(item) || !transaction.commit())
            return false;
    }
    notifyChanged();
    return true;
}

std::optional<PendingDecision> InboxStore::enqueueDecision(
    const QString &itemId, const QString &action, const QString &comment)
{
    if (!m_database)
        return std::nullopt;
    const std::optional<InboxItem> current = item(itemId);
    if (!current || current->pending)
        return std::nullopt;
    PendingDecision decision;
    decision.itemId = itemId;
    decision.action = action;
    decision.comment = comment;
    decision.version = current->version;
    decision.idempotencyKey = ApiClient::newIdempotencyKey();
    decision.createdAt = QDateTime::currentDateTimeUtc();
    {
        SqlTransaction transaction(*m_database);
        if (!transaction.isActive())
            return std::nullopt;
        SqlStatement insert = m_database->prepare(
            "INSERT INTO decision_outbox (itemId, action, comment, version, idempotencyKey,"
            " createdAt) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        insert.bindText(1, itemId);
        insert.bindText(2, action);
        if (comment.isEmpty())
            insert.bindNull(3);
        else
            insert.bindText(3, comment);
        insert.bindInt64(4, decision.version);
        insert.bindText(5, QString::fromLatin1(decision.idempotencyKey));
        insert.bindText(6, wiretime::format(decision.createdAt));
        if (!insert.exec()) {
            qCWarning(lcInbox).noquote() << "outbox:" << insert.error().message;
            return std::nullopt;
        }
        decision.seq = m_database->lastInsertRowId();
        // A new decision: the words about an earlier one go.
        SqlStatement clear =
            m_database->prepare("UPDATE inbox_items SET statusText = NULL WHERE id = ?1");
        clear.bindText(1, itemId);
        if (!clear.exec() || !transaction.commit())
            return std::nullopt;
    }
    notifyChanged();
    return decision;
}

QList<PendingDecision> InboxStore::pendingDecisions() const
{
    QList<PendingDecision> result;
    if (!m_database)
        return result;
    SqlStatement statement = m_database->prepare(SELECT_DECISIONS " ORDER BY seq");
    while (statement.step() == SqlStatement::Step::Row)
        result.append(readDecision(statement));
    return result;
}

int InboxStore::pendingDecisionCount() const
{
    if (!m_database)
        return 0;
    SqlStatement statement = m_database->prepare("SELECT count(*) FROM decision_outbox");
    if (statement.step() != SqlStatement::Step::Row)
        return 0;
    return static_cast<int>(statement.columnInt64(0));
}

bool InboxStore::recordAttempt(qint64 seq, const QDateTime &nextAttemptAt, const QString &error)
{
    if (!m_database)
        return false;
    SqlStatement statement = m_database->prepare(
        "UPDATE decision_outbox SET attempts = attempts + 1, nextAttemptAt = ?2, lastError = ?3"
        " WHERE seq = ?1");
    statement.bindInt64(1, seq);
    bindTimeOrNull(statement, 2, nextAttemptAt);
    statement.bindText(3, error);
    return statement.exec();
}

bool InboxStore::makeDecisionsDue()
{
    return m_database && m_database->exec("UPDATE decision_outbox SET nextAttemptAt = NULL");
}

bool InboxStore::finishDecision(
    qint64 seq, const std::optional<InboxItem> &current, const QString &statusText)
{
    if (!m_database)
        return false;
    {
        SqlTransaction transaction(*m_database);
        if (!transaction.isActive())
            return false;
        SqlStatement find =
            m_database->prepare("SELECT itemId FROM decision_outbox WHERE seq = ?1");
        find.bindInt64(1, seq);
        if (find.step() != SqlStatement::Step::Row)
            return false;
        const QString itemId = find.columnText(0);
        find = SqlStatement();
        if (current && !writeItem(*current))
            return false;
        SqlStatement remove = m_database->prepare("DELETE FROM decision_outbox WHERE seq = ?1");
        remove.bindInt64(1, seq);
        SqlStatement text =
            m_database->prepare("UPDATE inbox_items SET statusText = ?2 WHERE id = ?1");
        text.bindText(1, itemId);
        if (statusText.isEmpty())
            text.bindNull(2);
        else
            text.bindText(2, statusText);
        if (!remove.exec() || !text.exec() || !transaction.commit())
            return false;
    }
    notifyChanged();
    return true;
}

} // namespace tessera
