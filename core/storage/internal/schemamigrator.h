#pragma once

#include "storage/sqlerror.h"

#include <QMap>
#include <QString>

#include <optional>

namespace tessera {

class Database;
class DatabaseSchema;

// The migrating part of Database::open: what each feature has applied, and the missing steps.
class SchemaMigrator
{
public:
    struct Failure
    {
        // Set when the database refused a transaction or the record table (busy, I/O): the
        // open's outcome follows the code; unset when a step failed (and was rolled back).
        std::optional<int> sqliteCode;
        QString detail; // for logs
    };

    // Each feature's highest recorded step, base aside (its version is PRAGMA user_version);
    // nothing before a feature's first step made the table. Reads only.
    static bool readFeatureVersions(Database &db, QMap<QString, int> *versions, SqlError *error);

    // Applies schema's missing steps, base's (above baseVersion) first, then each feature's
    // (above its entry in features, which follows what was applied): each step in its own
    // transaction together with its record (user_version, or a feature_migrations row), checked
    // with foreign_key_check before its commit. Run it with foreign keys off.
    static std::optional<Failure> apply(
        Database &db, const DatabaseSchema &schema, int baseVersion, QMap<QString, int> *features);
};

} // namespace tessera
