#include "attest/atteststore.h"

#include "attest/internal/attestlogging.h"
#include "storage/database.h"
#include "storage/sqlstatement.h"

#include <QJsonDocument>
#include <QUuid>

namespace tessera {

namespace {

QJsonObject objectOf(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

} // namespace

AttestStore::AttestStore(std::shared_ptr<Database> database, QObject *parent)
    : QObject(parent)
    , m_database(std::move(database))
{ }

AttestStore::~AttestStore() = default;

void AttestStore::setDatabase(std::shared_ptr<Database> database)
{
    m_database = std::move(database);
    Q_EMIT changed();
}

QString AttestStore::value(const char *name) const
{
    if (!m_database)
        return {};
    SqlStatement select = m_database->prepare("SELECT value FROM attest_values WHERE name = ?1");
    select.bindText(1, QString::fromLatin1(name));
    return select.step() == SqlStatement::Step::Row ? select.columnText(0) : QString();
}

bool AttestStore::setValue(const char *name, const QJsonObject &value)
{
    if (!m_database)
        return false;
    SqlStatement write =
        m_database->prepare("INSERT OR REPLACE INTO attest_values (name, value) VALUES (?1, ?2)");
    write.bindText(1, QString::fromLatin1(name));
    write.bindUtf8(2, QJsonDocument(value).toJson(QJsonDocument::Compact));
    if (!write.exec()) {
        qCWarning(lcAttest) << "cannot store" << name << write.error().message;
        return false;
    }
    Q_EMIT changed();
    return true;
}

QJsonObject AttestStore::form() const
{
    return objectOf(value("form"));
}

bool AttestStore::setForm(const QJsonObject &form)
{
    return setValue("form", form);
}

QJsonObject AttestStore::lastAnswer() const
{
    return objectOf(value("answer"));
}

bool AttestStore::setLastAnswer(const QJsonObject &answer)
{
    return setValue("answer", answer);
}

std::optional<qint64> AttestStore::queue(const QJsonObject &body)
{
    if (!m_database)
        return std::nullopt;
    SqlStatement insert = m_database->prepare(
        "INSERT INTO attest_outbox (idempotency_key, body, queued_at) VALUES (?1, ?2, ?3)");
    insert.bindText(1, QUuid::createUuid().toString(QUuid::WithoutBraces));
    insert.bindUtf8(2, QJsonDocument(body).toJson(QJsonDocument::Compact));
    insert.bindInt64(3, QDateTime::currentMSecsSinceEpoch());
    if (!insert.exec()) {
        qCWarning(lcAttest) << "cannot queue the answer" << insert.error().message;
        return std::nullopt;
    }
    const qint64 seq = m_database->lastInsertRowId();
    Q_EMIT changed();
    Q_EMIT queued();
    return seq;
}

std::optional<AttestEntry> AttestStore::pending() const
{
    if (!m_database)
        return std::nullopt;
    SqlStatement select = m_database->prepare("SELECT seq, idempotency_key, body, attempts,"
                                              " next_attempt_at FROM attest_outbox ORDER BY seq"
                                              " LIMIT 1");
    if (select.step() != SqlStatement::Step::Row)
        return std::nullopt;
    AttestEntry entry;
    entry.seq = select.columnInt64(0);
    entry.idempotencyKey = select.columnText(1);
    entry.body = objectOf(select.columnText(2));
    entry.attempts = int(select.columnInt64(3));
    if (!select.isNull(4))
        entry.nextAttemptAt = QDateTime::fromMSecsSinceEpoch(select.columnInt64(4), Qt::UTC);
    return entry;
}

bool AttestStore::deferred(qint64 seq, const QDateTime &at)
{
    if (!m_database)
        return false;
    SqlStatement update = m_database->prepare("UPDATE attest_outbox SET attempts = attempts + 1,"
                                              " next_attempt_at = ?1 WHERE seq = ?2");
    update.bindInt64(1, at.toMSecsSinceEpoch());
    update.bindInt64(2, seq);
    return update.exec();
}

bool AttestStore::remove(qint64 seq)
{
    if (!m_database)
        return false;
    SqlStatement remove = m_database->prepare("DELETE FROM attest_outbox WHERE seq = ?1");
    remove.bindInt64(1, seq);
    if (!remove.exec())
        return false;
    Q_EMIT changed();
    return true;
}

bool AttestStore::makeDue()
{
    return m_database && m_database->exec("UPDATE attest_outbox SET next_attempt_at = NULL");
}

} // namespace tessera
