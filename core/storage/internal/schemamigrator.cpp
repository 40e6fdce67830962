#include "storage/internal/schemamigrator.h"

#include "base/logging.h"
#include "storage/database.h"
#include "storage/databaseschema.h"
#include "storage/sqltransaction.h"

#include <QDateTime>
#include <QDir>

namespace tessera {

bool SchemaMigrator::readFeatureVersions(
    Database &db, QMap<QString, int> *versions, SqlError *error)
{
    {
        SqlStatement tables = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = "
                                         "'table' AND name = 'feature_migrations'");
        if (tables.step() != SqlStatement::Step::Row) {
            *error = tables.error();
            return false;
        }
        if (tables.columnInt64(0) == 0)
            return true;
    }
    SqlStatement query =
        db.prepare("SELECT feature, MAX(version) FROM feature_migrations GROUP BY feature");
    SqlStatement::Step step = SqlStatement::Step::Done;
    while ((step = query.step()) == SqlStatement::Step::Row)
        versions->insert(query.columnText(0), int(query.columnInt64(1)));
    if (step == SqlStatement::Step::Error) {
        *error = query.error();
        return false;
    }
    return true;
}

std::optional<SchemaMigrator::Failure> SchemaMigrator::apply(
    Database &db, const DatabaseSchema &schema, int baseVersion, QMap<QString, int> *features)
{
    if (schema.features().size() > 1
        && !db.exec("CREATE TABLE IF NOT EXISTS feature_migrations ("
                    "  feature TEXT NOT NULL,"
                    "  version INTEGER NOT NULL,"
                    "  description TEXT NOT NULL,"
                    "  appliedAt TEXT NOT NULL,"
                    "  PRIMARY KEY (feature, version)"
                    ")"))
        return Failure { db.lastError().code, db.lastError().describe() };
    for (const FeatureMigrations &entry : schema.features()) {
        const bool isBase = entry.feature == DatabaseSchema::baseFeature();
        const int applied = isBase ? baseVersion : features->value(entry.feature);
        for (const Migration &migration : entry.migrations) {
            if (migration.version <= applied)
                continue;
            SqlTransaction transaction(db);
            if (!transaction.isActive())
                return Failure { transaction.error().code,
                    QStringLiteral("migration %1 %2: %3")
                        .arg(entry.feature)
                        .arg(migration.version)
                        .arg(transaction.error().describe()) };
            const auto failed = [&](const QString &why) {
                return Failure { std::nullopt,
                    QStringLiteral("migration %1 %2 (%3): %4")
                        .arg(entry.feature)
                        .arg(migration.version)
                        .arg(migration.description, why) };
            };
            if (!migration.apply(db))
                return failed(db.lastError().describe());
            {
                SqlStatement check = db.prepare("PRAGMA foreign_key_check");
                const SqlStatement::Step step = check.step();
                if (step == SqlStatement::Step::Row)
                    return failed(QStringLiteral("foreign key violation in table %1")
                                      .arg(check.columnText(0)));
                if (step == SqlStatement::Step::Error)
                    return failed(check.error().describe());
            }
            if (isBase) {
                // PRAGMA takes no bound parameters; the number is this build's constant.
                const QByteArray setVersion = QByteArrayLiteral("PRAGMA user_version = ")
                    + QByteArray::number(migration.version);
                if (!db.exec(setVersion))
                    return failed(db.lastError().describe());
            } else {
                SqlStatement record = db.prepare("INSERT INTO feature_migrations (feature, "
                                                 "version, description, appliedAt) VALUES "
                                                 "(?1, ?2, ?3, ?4)");
                record.bindText(1, entry.feature);
                record.bindInt64(2, migration.version);
                record.bindText(3, migration.description);
                record.bindText(4, QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
                if (!record.exec())
                    return failed(record.error().describe());
            }
            if (!transaction.commit())
                return failed(transaction.error().describe());
            if (!isBase)
                features->insert(entry.feature, migration.version);
            qCInfo(lcDatabase).noquote()
                << "migrated" << QDir::toNativeSeparators(db.path()) << "to" << entry.feature
                << migration.version << "-" << migration.description;
        }
    }
    return std::nullopt;
}

} // namespace tessera
