#include "storage/databaseschema.h"

#include "storage/basemigrations.h"

#include <QRegularExpression>

namespace tessera {

DatabaseSchema DatabaseSchema::base()
{
    return DatabaseSchema().add(baseFeature(), baseMigrations());
}

DatabaseSchema &DatabaseSchema::add(const QString &feature, const QList<Migration> &migrations)
{
    m_features.append(FeatureMigrations { feature, migrations });
    return *this;
}

const FeatureMigrations *DatabaseSchema::find(const QString &feature) const
{
    for (const FeatureMigrations &entry : m_features) {
        if (entry.feature == feature)
            return &entry;
    }
    return nullptr;
}

bool DatabaseSchema::validate(QString *error) const
{
    static const QRegularExpression name(QStringLiteral("^[a-z][a-z0-9_]{0,39}$"));
    if (m_features.isEmpty() || m_features.constFirst().feature != baseFeature()) {
        *error = QStringLiteral("invalid migration list: the migrations of base must come first");
        return false;
    }
    QStringList seen;
    for (const FeatureMigrations &entry : m_features) {
        if (!name.match(entry.feature).hasMatch() || seen.contains(entry.feature)) {
            *error = QStringLiteral("invalid migration list: feature “%1” is not a name or is "
                                    "added twice")
                         .arg(entry.feature);
            return false;
        }
        seen.append(entry.feature);
        for (qsizetype i = 0; i < entry.migrations.size(); ++i) {
            if (entry.migrations.at(i).version != i + 1 || !entry.migrations.at(i).apply) {
                *error = QStringLiteral("invalid migration list: entry %1 of %2 has version %3")
                             .arg(i)
                             .arg(entry.feature)
                             .arg(entry.migrations.at(i).version);
                return false;
            }
        }
    }
    return true;
}

} // namespace tessera
