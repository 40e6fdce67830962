#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace tessera::server {

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
};

// The migrations of `base`: the tables every feature shares (people, roles, API keys, devices,
// notifications ...), in order, numbered from 1 without gaps. A feature's own tables go in its
// own list (MigrationRegistry). Never edit a released step: add a new one.
const QList<Migration> &baseMigrations();

} // namespace tessera::server
