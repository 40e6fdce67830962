#include "sqlhelpers.h"

#include "serverlogging.h"

#include <QSqlError>

namespace tessera::server::sql {

bool exec(QSqlQuery &query, const QString &statement, const QVariantList &values)
{
    if (!query.prepare(statement)) {
        qCWarning(lcStorage).noquote()
            << "cannot prepare" << statement.left(80) << ":" << query.lastError().text();
        return false;
    }
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec()) {
        qCWarning(lcStorage).noquote()
            << "statement failed:" << statement.left(80) << ":" << query.lastError().text();
        return false;
    }
    return true;
}

QVariant nullText()
{
    return QVariant(QMetaType::fromType<QString>());
}

QVariant textOrNull(const QString &value)
{
    return value.isEmpty() ? nullText() : QVariant(value);
}

Transaction::Transaction(QSqlDatabase db)
    : m_db(std::move(db))
{
    m_active = m_db.transaction();
    if (!m_active)
        qCWarning(lcStorage) << "cannot start a transaction:" << m_db.lastError().text();
}

Transaction::~Transaction()
{
    if (m_active)
        m_db.rollback();
}

bool Transaction::commit()
{
    if (!m_active)
        return false;
    m_active = false;
    if (!m_db.commit()) {
        qCWarning(lcStorage) << "commit failed:" << m_db.lastError().text();
        m_db.rollback();
        return false;
    }
    return true;
}

} // namespace tessera::server::sql
