#include "storage/secretsatrest.h"

#include "base/serverlogging.h"
#include "storage/sqlhelpers.h"
#include "storage/storage.h"

#include <QList>
#include <QSqlQuery>

#include <sodium.h>

namespace tessera::server {

namespace {

// A sealed column: its table, key column, value column and how a row's context is named.
struct SealedColumn
{
    QString table;
    QString value;
    QString (*context)(const QString &id);
};

const QList<SealedColumn> &sealedColumns()
{
    static const QList<SealedColumn> columns {
        { QStringLiteral("api_keys"), QStringLiteral("webhook_secret"), &webhookSecretContext },
        { QStringLiteral("issuer_keys"), QStringLiteral("secret_key"), &issuerSecretKeyContext },
    };
    return columns;
}

} // namespace

QString webhookSecretContext(const QString &apiKeyId)
{
    return QStringLiteral("api_keys.webhook_secret ") + apiKeyId;
}

QString issuerSecretKeyContext(const QString &issuerKeyId)
{
    return QStringLiteral("issuer_keys.secret_key ") + issuerKeyId;
}

std::unique_ptr<SecretSeal> openSecretSeal(QSqlDatabase &db, const QString &keyFile, QString *error)
{
    QSqlQuery query(db);
    // One sealed value (any), to check the key opens it.
    QString sealedId;
    QString sealedValue;
    const SealedColumn *sealedColumn = nullptr;
    for (const SealedColumn &column : sealedColumns()) {
        if (!sql::exec(query,
                QStringLiteral("SELECT id, %1 FROM %2 WHERE %1 LIKE 'sealed1:%' LIMIT 1")
                    .arg(column.value, column.table))) {
            *error = QStringLiteral("cannot read %1").arg(column.table);
            return nullptr;
        }
        if (query.next()) {
            sealedId = query.value(0).toString();
            sealedValue = query.value(1).toString();
            sealedColumn = &column;
            break;
        }
    }
    std::optional<QByteArray> key = SecretSeal::loadKey(keyFile, sealedColumn == nullptr, error);
    if (!key)
        return nullptr;
    auto seal = std::make_unique<SecretSeal>(*key);
    sodium_memzero(key->data(), static_cast<size_t>(key->size()));
    if (sealedColumn != nullptr
        && !seal->open(sealedValue, sealedColumn->context(sealedId)).has_value()) {
        *error = QStringLiteral("the secrets key %1 does not open the secrets sealed in the "
                                "database (%2 %3): it belongs to another server, or was replaced; "
                                "restore the right file")
                     .arg(keyFile, sealedColumn->table, sealedId);
        return nullptr;
    }
    return seal;
}

std::unique_ptr<SecretSeal> openSecretsAtRest(
    Storage &storage, const QString &keyFile, QString *error)
{
    QSqlDatabase db = storage.connection();
    sql::Transaction transaction(db);
    if (!transaction.isActive()) {
        *error = QStringLiteral("cannot read the sealed secrets: no transaction");
        return nullptr;
    }
    std::unique_ptr<SecretSeal> seal = openSecretSeal(db, keyFile, error);
    if (!seal)
        return nullptr;
    QSqlQuery query(db);
    int sealedNow = 0;
    for (const SealedColumn &column : sealedColumns()) {
        if (!sql::exec(query,
                QStringLiteral("SELECT id, %1 FROM %2 WHERE %1 NOT LIKE 'sealed1:%'")
                    .arg(column.value, column.table))) {
            *error = QStringLiteral("cannot read %1").arg(column.table);
            return nullptr;
        }
        QList<std::pair<QString, QString>> plain;
        while (query.next())
            plain.append({ query.value(0).toString(), query.value(1).toString() });
        for (auto &[id, value] : plain) {
            QByteArray bytes = value.toUtf8();
            const QString sealed = seal->seal(bytes, column.context(id));
            sodium_memzero(bytes.data(), static_cast<size_t>(bytes.size()));
            if (!sql::exec(query,
                    QStringLiteral("UPDATE %1 SET %2 = ? WHERE id = ?")
                        .arg(column.table, column.value),
                    { sealed, id })) {
                *error = QStringLiteral("cannot seal %1 %2").arg(column.table, id);
                return nullptr;
            }
            ++sealedNow;
        }
    }
    if (!transaction.commit()) {
        *error = QStringLiteral("cannot store the sealed secrets");
        return nullptr;
    }
    if (sealedNow > 0)
        qCInfo(lcStorage) << "sealed" << sealedNow << "secrets kept in plain text until now";
    return seal;
}

} // namespace tessera::server
