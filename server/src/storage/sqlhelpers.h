#pragma once

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <QVariantList>

#include <optional>

namespace tessera::server::sql {

// Prepares statement, binds values in order and runs it. false (with the driver's message
// logged under tessera.storage, never sent to a client) when anything fails.
bool exec(QSqlQuery &query, const QString &statement, const QVariantList &values = {});

// Runs statement and answers its first column as strings, in the order of the rows; nullopt when
// it fails (logged as exec() logs).
std::optional<QStringList> strings(
    QSqlDatabase &db, const QString &statement, const QVariantList &values = {});

// "?,?,?": count placeholders for an IN (...) list.
QString placeholders(qsizetype count);
// The strings as values to bind, in order.
QVariantList values(const QStringList &strings);

// A typed NULL for a text column (QPSQL needs the type).
QVariant nullText();
// value, or a typed NULL when it is empty.
QVariant textOrNull(const QString &value);

// A transaction that rolls back unless committed.
class Transaction
{
public:
    explicit Transaction(const QSqlDatabase &db);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    bool isActive() const { return m_active; }
    bool commit();

private:
    QSqlDatabase m_db;
    bool m_active = false;
};

} // namespace tessera::server::sql
