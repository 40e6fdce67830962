#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

namespace tessera::server {

class SecretSeal;

// What a migration's code step may use besides the database.
struct MigrationContext
{
    // Opens the server's secrets seal (storage/secretsatrest.h) on db, in the step's transaction;
    // null with *error set when it cannot. Unset (tools and tests that migrate databases with
    // nothing to seal): a step that needs the seal fails.
    std::function<std::unique_ptr<SecretSeal>(QSqlDatabase &db, QString *error)> openSeal;
};

// The part of a step SQL alone cannot do (values sealed with the server's key): runs after the
// step's statements in its transaction, on both databases; false (with *error set) rolls the
// step back and stops the migration.
using MigrationCode = bool (*)(QSqlDatabase &db, const MigrationContext &context, QString *error);

// One numbered step of the schema. The same steps run on SQLite and PostgreSQL: statements are
// written in the SQL both share, with a few placeholders that Storage fills per dialect:
//   {{ID}}   an auto-incrementing integer primary key
//   {{BLOB}} a binary column
//   {{SYNC_ID table}} (a whole statement) after rows were copied into table with their ids
//            (a rebuild): its next {{ID}} follows the largest
struct Migration
{
    int version;
    QString name;
    QStringList statements;
    MigrationCode code = nullptr; // none: the statements are the whole step
};

// The migrations of `base`: the tables every feature shares (people, roles, API keys, devices,
// notifications ...), in order, numbered from 1 without gaps. A feature's own tables go in its
// own list (MigrationRegistry). Never edit a released step: add a new one.
const QList<Migration> &baseMigrations();

} // namespace tessera::server
