#pragma once

#include "storage/migrations.h"

#include <QList>
#include <QString>

namespace tessera::server {

// One feature's own schema steps: its name and its migrations, numbered from 1.
struct FeatureMigrations
{
    QString feature;
    QList<Migration> migrations;

    int latestVersion() const { return migrations.isEmpty() ? 0 : migrations.constLast().version; }
};

// Every feature's migrations, in the order Storage::migrate applies them: `base` (the server's
// shared tables, recorded in schema_migrations) first, then each feature in the order it was
// added (recorded in feature_migrations), so a feature's steps may use base's tables and those
// of the features added before it. The composition root fills it (app/servermigrations.cpp).
class MigrationRegistry
{
public:
    static QString baseFeature() { return QStringLiteral("base"); }

    // Adds feature's list after those already added.
    MigrationRegistry &add(const QString &feature, const QList<Migration> &migrations);

    const QList<FeatureMigrations> &features() const { return m_features; }
    // The feature's list, or null when none was added by that name.
    const FeatureMigrations *find(const QString &feature) const;

    // Checks what Storage::migrate relies on: base first, names of lower-case letters, digits and
    // '_' (at most 40), each once, every list numbered 1, 2, 3 ... with statements or code in every
    // step.
    bool validate(QString *error) const;

private:
    QList<FeatureMigrations> m_features;
};

} // namespace tessera::server
