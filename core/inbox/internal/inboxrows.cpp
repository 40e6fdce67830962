#include "inbox/internal/inboxrows.h"

#include "protocol/wiretime.h"
#include "storage/database.h"
#include "storage/sqlstatement.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringEncoder>

namespace tessera::inboxrows {

namespace {

// text as UTF-8 at the end of out, without a QByteArray of its own.
void appendUtf8(QByteArray &out, QStringView text)
{
    QStringEncoder encoder(QStringEncoder::Utf8, QStringEncoder::Flag::Stateless);
    const qsizetype start = out.size();
    out.resize(start + encoder.requiredSpace(text.size()));
    char *const end = encoder.appendToBuffer(out.data() + start, text);
    out.truncate(end - out.constData());
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

} // namespace

QString cursorSetting()
{
    return QStringLiteral("inbox.cursor");
}

QByteArray jsonText(const QJsonValue &value)
{
    if (value.isArray())
        return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    if (value.isObject())
        return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    return QJsonDocument(QJsonObject { { QStringLiteral("v"), value } })
        .toJson(QJsonDocument::Compact);
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

SqlStatement &reuse(SqlStatement &statement, Database &database, const char *sql)
{
    if (statement.isValid())
        statement.reset();
    else
        statement = database.prepare(sql);
    return statement;
}

} // namespace tessera::inboxrows
