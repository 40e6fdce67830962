#pragma once

#include "storage/sqlerror.h"

namespace tessera {

class Database;

// A transaction as a scope guard: BEGIN IMMEDIATE on construction (takes the write lock at
// once, so a busy database fails here and not halfway through), ROLLBACK on destruction unless
// commit() succeeded. Not nestable (SQLite has no nested BEGIN); the Database must outlive it.
class SqlTransaction
{
public:
    explicit SqlTransaction(Database &db);
    ~SqlTransaction();
    SqlTransaction(const SqlTransaction &) = delete;
    SqlTransaction &operator=(const SqlTransaction &) = delete;

    // False when BEGIN failed (see error()); then commit() fails and nothing is rolled back.
    bool isActive() const { return m_active; }
    bool commit();
    void rollback();

    const SqlError &error() const { return m_error; }

private:
    Database &m_db;
    bool m_active = false;
    SqlError m_error;
};

} // namespace tessera
