#include "privacy/personaldata.h"

#include "base/serverlogging.h"
#include "feed/changetransaction.h"
#include "storage/sqlhelpers.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSqlField>
#include <QSqlRecord>

namespace tessera::server {

namespace {

bool isIdentifier(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z_][a-z0-9_]{0,62}$"));
    return pattern.match(name).hasMatch();
}

// A stored value as JSON: text and numbers as they are, bytes in base64, NULL as null.
QJsonValue jsonOf(const QVariant &value)
{
    if (value.isNull())
        return QJsonValue::Null;
    switch (value.typeId()) {
    case QMetaType::QByteArray:
        return QString::fromLatin1(value.toByteArray().toBase64());
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
        return value.toLongLong();
    case QMetaType::Double:
        return value.toDouble();
    case QMetaType::Bool:
        return value.toBool();
    default:
        return value.toString();
    }
}

} // namespace

PersonalTable audienceTable(const QString &table, const QStringList &columns)
{
    PersonalTable declared { QStringLiteral("audiences"), table, columns };
    declared.exported = false;
    declared.reason = QStringLiteral("a publication's audience names the people it is for; what"
                                     " reached the person is in its own section");
    for (const QString &column : columns)
        declared.erase.append(jsonPseudonymized(table, column));
    return declared;
}

void PersonalData::add(const QList<PersonalTable> &tables)
{
    for (const PersonalTable &table : tables) {
        bool valid =
            isIdentifier(table.table) && !table.columns.isEmpty() && !table.section.isEmpty();
        for (const QString &column : table.columns + table.withheld)
            valid = valid && isIdentifier(column);
        for (const PersonalTable &known : std::as_const(m_tables))
            valid = valid && known.table != table.table;
        Q_ASSERT_X(valid, "PersonalData::add", qPrintable(table.table));
        if (valid)
            m_tables.append(table);
    }
}

std::optional<PersonalSubject> PersonalData::subject(QSqlDatabase &db, const QString &userId)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT id, username_key, display_name FROM users WHERE id = ?"),
            { userId }))
        return std::nullopt;
    PersonalSubject person;
    if (query.next()) {
        person.userId = query.value(0).toString();
        person.usernameKey = query.value(1).toString();
        person.displayName = query.value(2).toString();
    }
    return person;
}

QString PersonalData::bound(
    const QString &statement, const PersonalSubject &person, QVariantList *values)
{
    values->clear();
    static const QRegularExpression token(
        QStringLiteral("\\{(user|username|name|pseudonym|now)\\}"));
    QString result;
    qsizetype from = 0;
    QRegularExpressionMatchIterator it = token.globalMatch(statement);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        // Typed: PostgreSQL cannot infer a parameter's type inside ||.
        result +=
            statement.mid(from, match.capturedStart() - from) + QStringLiteral("CAST(? AS TEXT)");
        const QString name = match.captured(1);
        values->append(name == u"user" ? person.userId
                : name == u"username"  ? person.usernameKey
                : name == u"name"      ? person.displayName
                : name == u"now"       ? person.now
                                       : person.pseudonym);
        from = match.capturedEnd();
    }
    return result + statement.mid(from);
}

QString PersonalData::whereOf(
    const PersonalTable &table, const PersonalSubject &person, QVariantList *values)
{
    if (!table.where.isEmpty())
        return bound(table.where, person, values);
    QStringList terms;
    for (const QString &column : table.columns)
        terms.append(column + QStringLiteral(" = {user}"));
    return bound(terms.join(QStringLiteral(" OR ")), person, values);
}

QString pseudonymized(const QString &table, const QString &column)
{
    return QStringLiteral("UPDATE %1 SET %2 = {pseudonym} WHERE %2 = {user}").arg(table, column);
}

QString jsonPseudonymized(const QString &table, const QString &column)
{
    return QStringLiteral("UPDATE %1 SET %2 = REPLACE(%2, '\"' || {user} || '\"', '\"' ||"
                          " {pseudonym} || '\"') WHERE %2 LIKE '%\"' || {user} || '\"%'")
        .arg(table, column);
}

QString nameReplaced(const QString &table, const QString &column)
{
    // An empty name is in every text: nothing to replace.
    return QStringLiteral("UPDATE %1 SET %2 = REPLACE(%2, {name}, {pseudonym}) WHERE {name} <> ''"
                          " AND %2 LIKE '%' || {name} || '%'")
        .arg(table, column);
}

QString formerEmployee()
{
    return QStringLiteral("Former employee");
}

QString standInMade(const QString &table, const QString &column)
{
    return QStringLiteral("INSERT INTO users (id, kind, username, username_key, display_name,"
                          " user_type, disabled, stand_in, created_at, updated_at) SELECT"
                          " {pseudonym}, 'local', {pseudonym}, {pseudonym}, '%3', 'employee', 1,"
                          " 1, {now}, {now}"
                          " WHERE NOT EXISTS (SELECT 1 FROM users WHERE id = {pseudonym}) AND"
                          " EXISTS (SELECT 1 FROM %1 WHERE %2 = {user})")
        .arg(table, column, formerEmployee());
}

bool PersonalData::erase(ChangeTransaction &transaction, const PersonalSubject &person) const
{
    if (!transaction.isActive())
        return false;
    return eraseIn(transaction.db(), person, &transaction);
}

bool PersonalData::erase(QSqlDatabase &db, const PersonalSubject &person) const
{
    for (const PersonalTable &table : m_tables) {
        if (table.eraser) {
            qCWarning(lcServer) << "privacy: the erasure of" << table.table
                                << "needs the change feed's transaction";
            return false;
        }
    }
    return eraseIn(db, person, nullptr);
}

bool PersonalData::eraseIn(
    QSqlDatabase &db, const PersonalSubject &person, ChangeTransaction *transaction) const
{
    if (person.userId.isEmpty() || person.pseudonym.isEmpty())
        return false;
    // The erasers first, while every table still names the person as it did (an event's
    // audience, say, before a statement puts the pseudonym in their place).
    for (auto table = m_tables.crbegin(); table != m_tables.crend(); ++table)
        if (table->eraser && !(transaction && table->eraser(*transaction, person)))
            return false;
    QSqlQuery query(db);
    for (auto table = m_tables.crbegin(); table != m_tables.crend(); ++table) {
        QVariantList values;
        if (table->erase.isEmpty()) {
            const QString where = whereOf(*table, person, &values);
            if (!sql::exec(query,
                    QStringLiteral("DELETE FROM %1 WHERE %2").arg(table->table, where), values))
                return false;
            continue;
        }
        for (const QString &statement : table->erase) {
            const QString sqlText = bound(statement, person, &values);
            if (!sql::exec(query, sqlText, values))
                return false;
        }
    }
    return true;
}

std::optional<QJsonObject> PersonalData::exportOf(
    QSqlDatabase &db, const PersonalSubject &person) const
{
    QJsonObject sections;
    QJsonArray withheld;
    QJsonArray notExported;
    QJsonArray kept;
    for (const PersonalTable &table : m_tables) {
        if (!table.kept.isEmpty())
            kept.append(QJsonObject { { QStringLiteral("table"), table.table },
                { QStringLiteral("reason"), table.kept } });
        if (!table.exported) {
            notExported.append(QJsonObject { { QStringLiteral("table"), table.table },
                { QStringLiteral("reason"), table.reason } });
            continue;
        }
        if (!table.withheld.isEmpty())
            withheld.append(QJsonObject { { QStringLiteral("table"), table.table },
                { QStringLiteral("columns"), QJsonArray::fromStringList(table.withheld) },
                { QStringLiteral("reason"), table.reason } });
        QVariantList values;
        const QString where = whereOf(table, person, &values);
        QSqlQuery query(db);
        query.setForwardOnly(true);
        if (!sql::exec(
                query, QStringLiteral("SELECT * FROM %1 WHERE %2").arg(table.table, where), values))
            return std::nullopt;
        QJsonArray rows;
        while (query.next()) {
            const QSqlRecord record = query.record();
            QJsonObject row;
            for (int i = 0; i < record.count(); ++i) {
                const QString name = record.fieldName(i);
                if (!table.withheld.contains(name))
                    row.insert(name, jsonOf(record.value(i)));
            }
            rows.append(row);
        }
        QJsonObject section = sections.value(table.section).toObject();
        section.insert(table.table, rows);
        sections.insert(table.section, section);
    }
    return QJsonObject { { QStringLiteral("person"), person.userId },
        { QStringLiteral("sections"), sections }, { QStringLiteral("withheld"), withheld },
        { QStringLiteral("notExported"), notExported }, { QStringLiteral("keptOnErasure"), kept } };
}

} // namespace tessera::server
