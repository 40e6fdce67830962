#pragma once

#include "storage/migration.h"

#include <QList>
#include <QString>

namespace tessera {

// One feature's own schema steps: its name and its migrations, numbered from 1.
struct FeatureMigrations
{
    QString feature;
    QList<Migration> migrations;

    int latestVersion() const { return migrations.isEmpty() ? 0 : migrations.constLast().version; }
};

// The client database's schema as every feature's migrations, in the order Database::open
// applies them: `base` (recorded in PRAGMA user_version) first, then each feature in the order
// it was added (recorded in the table feature_migrations), so a feature's steps may use base's
// tables. The client stack's composition fills it (services/clientschema.cpp).
class DatabaseSchema
{
public:
    static QString baseFeature() { return QStringLiteral("base"); }
    // Base alone (baseMigrations()).
    static DatabaseSchema base();

    // Adds feature's list after those already added.
    DatabaseSchema &add(const QString &feature, const QList<Migration> &migrations);

    const QList<FeatureMigrations> &features() const { return m_features; }
    // The feature's list, or null when none was added by that name.
    const FeatureMigrations *find(const QString &feature) const;

    // Checks what Database::open relies on: base first, names of lower-case letters, digits and
    // '_' (at most 40), each once, every list numbered 1, 2, 3 ... with a step to apply.
    bool validate(QString *error) const;

private:
    QList<FeatureMigrations> m_features;
};

} // namespace tessera
