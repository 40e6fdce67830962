#include "feed/feedmigrations.h"

namespace tessera::server {

const QList<Migration> &feedMigrations()
{
    static const QList<Migration> migrations = {
        { 1, QStringLiteral("a person's latest resync, found by index"),
            {
                // DeltaReset::latestFor reads a person's newest change of kind "resync" (its
                // people column names that one person) on every delta read of an audience
                // feature. Partial: only resync rows, whose people column is short (an inbox
                // change may name thousands of people, too long for a PostgreSQL index entry).
                QStringLiteral("CREATE INDEX changes_resync ON changes (people, id)"
                               " WHERE kind = 'resync'"),
            } },
    };
    return migrations;
}

} // namespace tessera::server
