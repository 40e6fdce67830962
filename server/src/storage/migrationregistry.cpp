#include "storage/migrationregistry.h"

#include <QRegularExpression>

namespace tessera::server {

MigrationRegistry &MigrationRegistry::add(
    const QString &feature, const QList<Migration> &migrations)
{
    m_features.append(FeatureMigrations { feature, migrations });
    return *this;
}

const FeatureMigrations *MigrationRegistry::find(const QString &feature) const
{
    for (const FeatureMigrations &entry : m_features) {
        if (entry.feature == feature)
            return &entry;
    }
    return nullptr;
}

bool MigrationRegistry::validate(QString *error) const
{
    static const QRegularExpression name(QStringLiteral("^[a-z][a-z0-9_]{0,39}$"));
    if (m_features.isEmpty() || m_features.constFirst().feature != baseFeature()) {
        *error = QStringLiteral("the migrations of “base” must come first");
        return false;
    }
    QStringList seen;
    for (const FeatureMigrations &entry : m_features) {
        if (!name.match(entry.feature).hasMatch()) {
            *error = QStringLiteral("“%1” is not a feature name for migrations").arg(entry.feature);
            return false;
        }
        if (seen.contains(entry.feature)) {
            *error = QStringLiteral("the migrations of “%1” are added twice").arg(entry.feature);
            return false;
        }
        seen.append(entry.feature);
        for (qsizetype i = 0; i < entry.migrations.size(); ++i) {
            const Migration &migration = entry.migrations.at(i);
            if (migration.version != i + 1
                || (migration.statements.isEmpty() && migration.code == nullptr)) {
                *error = QStringLiteral("migration %1 of “%2” is not numbered %3 or has no "
                                        "statements or code")
                             .arg(migration.version)
                             .arg(entry.feature)
                             .arg(i + 1);
                return false;
            }
        }
    }
    return true;
}

} // namespace tessera::server
