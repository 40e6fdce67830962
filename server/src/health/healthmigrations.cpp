#include "health/healthmigrations.h"

#include "base/serverlogging.h"
#include "health/healthrepository.h"
#include "storage/secretseal.h"
#include "storage/sqlhelpers.h"

#include <QSqlQuery>

namespace tessera::server {

namespace {

// Step 3: the decoded HC1 fields (name, date of birth, doses) of certificates stored before they
// were sealed, sealed now with the key the certificate bytes use (HealthRepository::fieldsContext).
bool sealCertificateFields(QSqlDatabase &db, const MigrationContext &context, QString *error)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT record_id, fields FROM health_certificates WHERE fields IS NOT"
                           " NULL AND fields <> '' AND fields NOT LIKE 'sealed1:%'"))) {
        *error = QStringLiteral("cannot read health_certificates");
        return false;
    }
    QList<std::pair<QString, QString>> plain;
    while (query.next())
        plain.append({ query.value(0).toString(), query.value(1).toString() });
    if (plain.isEmpty())
        return true;
    if (!context.openSeal) {
        *error = QStringLiteral("%1 health certificates hold HC1 fields in plain text, and no"
                                " secrets key was given to seal them")
                     .arg(plain.size());
        return false;
    }
    const std::unique_ptr<SecretSeal> seal = context.openSeal(db, error);
    if (!seal)
        return false;
    for (const auto &[recordId, fields] : plain) {
        if (!sql::exec(query,
                QStringLiteral("UPDATE health_certificates SET fields = ? WHERE record_id = ?"),
                { seal->seal(fields.toUtf8(), HealthRepository::fieldsContext(recordId)),
                    recordId })) {
            *error = QStringLiteral("cannot seal the HC1 fields of health record %1").arg(recordId);
            return false;
        }
    }
    qCInfo(lcStorage) << "sealed the HC1 fields of" << plain.size() << "health certificates";
    return true;
}

} // namespace

const QList<Migration> &healthMigrations()
{
    static const QList<Migration> migrations = {
        { 1, QStringLiteral("Vaccination records and their sealed certificates"),
            {
                // One dose a person registered (HealthService): vaccine (a code of
                // protocol/healthwire.h), dose 1..10, given_on (YYYY-MM-DD, never after the
                // server's day when stored), country (ISO 3166-1 alpha-2), state pending | verified
                // | rejected, reason (a rejection's comment), decided_by (the medical person's user
                // id) and decided_at.
                QStringLiteral("CREATE TABLE health_records ("
                               " id TEXT PRIMARY KEY,"
                               " user_id TEXT NOT NULL REFERENCES users(id),"
                               " vaccine TEXT NOT NULL,"
                               " dose INTEGER NOT NULL,"
                               " given_on TEXT NOT NULL,"
                               " country TEXT NOT NULL,"
                               " state TEXT NOT NULL,"
                               " reason TEXT,"
                               " decided_by TEXT,"
                               " created_at TEXT NOT NULL,"
                               " decided_at TEXT)"),
                QStringLiteral("CREATE INDEX health_records_user ON health_records (user_id)"),
                QStringLiteral("CREATE INDEX health_records_state ON health_records (state)"),
                // A record's certificate (at most one; a new upload replaces it): kind image |
                // pdf | hc1 as its bytes show, its content type, size, and the bytes sealed
                // (SecretSeal, context "health_certificates <record id>"), so that a copy of the
                // database alone shows no certificate. signature (hc1 only): not_checked | valid
                // | invalid; fields: the decoded HC1 fields (JSON), when decoded.
                QStringLiteral("CREATE TABLE health_certificates ("
                               " record_id TEXT PRIMARY KEY REFERENCES health_records(id),"
                               " user_id TEXT NOT NULL REFERENCES users(id),"
                               " kind TEXT NOT NULL,"
                               " content_type TEXT NOT NULL,"
                               " size BIGINT NOT NULL,"
                               " sealed TEXT NOT NULL,"
                               " signature TEXT,"
                               " fields TEXT,"
                               " uploaded_at TEXT NOT NULL)"),
                QStringLiteral(
                    "CREATE INDEX health_certificates_user ON health_certificates (user_id)"),
            } },
        { 2, QStringLiteral("A record's medical inbox item"),
            {
                // The actionable item the medical role got for a pending record
                // (InternalSender "medical"); withdrawn when the record is decided through the
                // medical routes. NULL when there was none (no employee holds the role).
                QStringLiteral("ALTER TABLE health_records ADD COLUMN notification_id TEXT"),
            } },
        // health_certificates.fields sealed like the certificate's bytes (SecretSeal, context
        // "health_certificates.fields <record id>"): a copy of the database alone shows no name,
        // date of birth or dose. The rows stored in plain text until now are sealed here.
        { 3, QStringLiteral("HC1 fields sealed at rest"), {}, &sealCertificateFields },
    };
    return migrations;
}

} // namespace tessera::server
