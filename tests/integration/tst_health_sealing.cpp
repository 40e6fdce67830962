// The decoded HC1 fields at rest (health step 3), on SQLite and PostgreSQL: a database an older
// server left with the fields in plain text has them sealed by the migration with the server's
// secrets key (opened as the server opens it, in the step's transaction), and read back opened;
// without a key the step refuses and changes nothing; fields that do not open (another key,
// another record's value) make the read fail, logged without their content, never a certificate
// shown without fields.
#include "app/servermigrations.h"
#include "databasekinds.h"
#include "health/healthmigrations.h"
#include "health/healthrepository.h"
#include "postgrescluster.h"
#include "storage/migrationregistry.h"
#include "storage/secretsatrest.h"
#include "storage/secretseal.h"
#include "storage/storage.h"
#include "storagetesting.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <sodium.h>

using namespace tessera::server;
using namespace tessera::test;

namespace {

// A name and a date of birth no other column holds.
const QString familyName = QStringLiteral("Quellenhof-Marker");
const QString dateOfBirth = QStringLiteral("1961-07-23");

QString plainFields()
{
    const QJsonObject fields { { QStringLiteral("familyName"), familyName },
        { QStringLiteral("givenName"), QStringLiteral("Ilse") },
        { QStringLiteral("dateOfBirth"), dateOfBirth },
        { QStringLiteral("vaccinations"),
            QJsonArray {
                QJsonObject { { QStringLiteral("dose"), 2 }, { QStringLiteral("doses"), 2 },
                    { QStringLiteral("product"), QStringLiteral("EU/1/20/1528") } } } } };
    return QString::fromUtf8(QJsonDocument(fields).toJson(QJsonDocument::Compact));
}

// What the warnings of the read said (the fields must not be among them).
QStringList warnings;
void recordWarning(QtMsgType type, const QMessageLogContext &, const QString &message)
{
    if (type == QtWarningMsg)
        warnings.append(message);
}

} // namespace

class TestHealthSealing : public QObject
{
    Q_OBJECT

    PostgresCluster m_postgres;
    QTemporaryDir m_dir;

    // A database at health step 2 (fields in plain text): a person, two records, hr_a's
    // certificate with decoded fields, hr_b's (a photo) without.
    std::unique_ptr<Storage> oldDatabase(const QString &kind)
    {
        auto storage = openStorage(m_postgres, m_dir.path(), kind);
        if (!storage)
            return nullptr;
        QString error;
        if (!storage->migrate(MigrationRegistry()
                                  .add(MigrationRegistry::baseFeature(), baseMigrations())
                                  .add(QStringLiteral("health"), healthMigrations().mid(0, 2)),
                &error)) {
            qWarning("migrate: %s", qPrintable(error));
            return nullptr;
        }
        const QString record = QStringLiteral(
            "INSERT INTO health_records (id, user_id, vaccine, dose, given_on, country, state,"
            " created_at) VALUES ('%1', 'u1', 'EU/1/20/1528', 2, '2026-06-01', 'DE', 'pending',"
            " '2026-12-01T10:00:00Z')");
        const QString certificate = QStringLiteral(
            "INSERT INTO health_certificates (record_id, user_id, kind, content_type, size,"
            " sealed, signature, fields, uploaded_at) VALUES ('%1', 'u1', '%2', 'text/plain', 9,"
            " 'sealed1:x', %3, %4, '2026-12-01T10:00:00Z')");
        QString quoted = plainFields();
        quoted.replace(QLatin1Char('\''), QStringLiteral("''"));
        const bool ok =
            runSql(*storage,
                QStringLiteral("INSERT INTO users (id, kind, username, username_key,"
                               " display_name, user_type, created_at, updated_at) VALUES ('u1',"
                               " 'local', 'U1', 'u1', 'One', 'employee', '2026-12-01T10:00:00Z',"
                               " '2026-12-01T10:00:00Z')"))
            && runSql(*storage, record.arg(QStringLiteral("hr_a")))
            && runSql(*storage, record.arg(QStringLiteral("hr_b")))
            && runSql(*storage,
                certificate.arg(QStringLiteral("hr_a"), QStringLiteral("hc1"),
                    QStringLiteral("'not_checked'"),
                    QLatin1Char('\'') + quoted + QLatin1Char('\'')))
            && runSql(*storage,
                certificate.arg(QStringLiteral("hr_b"), QStringLiteral("image"),
                    QStringLiteral("NULL"), QStringLiteral("NULL")));
        return ok ? std::move(storage) : nullptr;
    }

    static QString storedFields(Storage &storage, const QString &recordId)
    {
        return sqlValue(storage,
            QStringLiteral("SELECT fields FROM health_certificates WHERE record_id = '%1'")
                .arg(recordId))
            .toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(sodium_init() >= 0);
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
    }

    void cleanupTestCase() { m_postgres.stop(); }

    void plainFieldsAreSealedByTheMigration_data() { addDatabaseKinds(); }
    void plainFieldsAreSealedByTheMigration()
    {
        QFETCH(QString, kind);
        auto storage = oldDatabase(kind);
        QVERIFY(storage);
        QVERIFY(storedFields(*storage, QStringLiteral("hr_a")).contains(familyName));

        // The key as the server opens it: made now, since nothing in the database is sealed.
        const QString keyFile = m_dir.filePath(kind + QStringLiteral("-secrets.key"));
        int opened = 0;
        MigrationContext context;
        context.openSeal = [&](QSqlDatabase &db, QString *error) {
            ++opened;
            return openSecretSeal(db, keyFile, error);
        };
        QString error;
        QVERIFY2(storage->migrate(serverMigrations(), &error, context), qPrintable(error));
        QCOMPARE(opened, 1);
        QCOMPARE(storage->schemaVersion(QStringLiteral("health")).value_or(-1),
            healthMigrations().constLast().version);

        const QString column = storedFields(*storage, QStringLiteral("hr_a"));
        QVERIFY(SecretSeal::isSealed(column));
        QVERIFY(!column.contains(familyName));
        QVERIFY(!column.contains(dateOfBirth));
        QVERIFY(sqlValue(*storage,
            QStringLiteral("SELECT fields FROM health_certificates WHERE record_id = 'hr_b'"))
                    .isNull());

        // Read back opened, with the key from the file.
        const std::optional<QByteArray> key = SecretSeal::loadKey(keyFile, false, &error);
        QVERIFY2(key, qPrintable(error));
        const SecretSeal seal(*key);
        QSqlDatabase db = storage->connection();
        HealthRepository repository(db, seal);
        const std::optional<HealthRecord> record = repository.find(QStringLiteral("hr_a"));
        QVERIFY(record);
        QCOMPARE(record->fields, plainFields());
        const QJsonObject fields = record->toJson()
                                       .value(QStringLiteral("certificate"))
                                       .toObject()
                                       .value(QStringLiteral("fields"))
                                       .toObject();
        QCOMPARE(fields.value(QStringLiteral("familyName")).toString(), familyName);
        QCOMPARE(fields.value(QStringLiteral("dateOfBirth")).toString(), dateOfBirth);
        const std::optional<QList<HealthRecord>> both = repository.recordsOf(QStringLiteral("u1"));
        QVERIFY(both);
        QCOMPARE(both->size(), 2);

        // A new certificate's fields are stored sealed too.
        QVERIFY(repository.putCertificate(QStringLiteral("hr_b"), QStringLiteral("u1"),
            QStringLiteral("hc1"), QStringLiteral("text/plain"), 9, QStringLiteral("sealed1:x"),
            QStringLiteral("not_checked"), plainFields(), QStringLiteral("2026-12-02T10:00:00Z")));
        QVERIFY(SecretSeal::isSealed(storedFields(*storage, QStringLiteral("hr_b"))));
        QVERIFY(!storedFields(*storage, QStringLiteral("hr_b")).contains(familyName));
        QCOMPARE(repository.find(QStringLiteral("hr_b"))->fields, plainFields());
    }

    void withoutAKeyTheStepChangesNothing_data() { addDatabaseKinds(); }
    void withoutAKeyTheStepChangesNothing()
    {
        QFETCH(QString, kind);
        auto storage = oldDatabase(kind);
        QVERIFY(storage);
        QString error;
        QVERIFY(!storage->migrate(serverMigrations(), &error));
        QVERIFY2(error.contains(QStringLiteral("plain text")), qPrintable(error));
        QCOMPARE(storage->schemaVersion(QStringLiteral("health")).value_or(-1), 2);
        QCOMPARE(storedFields(*storage, QStringLiteral("hr_a")), plainFields());
    }

    void fieldsThatDoNotOpenFailTheRead_data() { addDatabaseKinds(); }
    void fieldsThatDoNotOpenFailTheRead()
    {
        QFETCH(QString, kind);
        auto storage = oldDatabase(kind);
        QVERIFY(storage);
        const QByteArray key(SecretSeal::keyBytes, '\x07');
        MigrationContext context;
        context.openSeal = [&key](QSqlDatabase &, QString *) {
            return std::make_unique<SecretSeal>(key);
        };
        QString error;
        QVERIFY2(storage->migrate(serverMigrations(), &error, context), qPrintable(error));
        QSqlDatabase db = storage->connection();
        const SecretSeal seal(key);
        QVERIFY(HealthRepository(db, seal).find(QStringLiteral("hr_a")));

        warnings.clear();
        const QtMessageHandler previous = qInstallMessageHandler(recordWarning);
        // Another key.
        const SecretSeal other(QByteArray(SecretSeal::keyBytes, '\x08'));
        const bool otherKeyFails = !HealthRepository(db, other).find(QStringLiteral("hr_a"))
            && !HealthRepository(db, other).recordsOf(QStringLiteral("u1"));
        // hr_a's sealed fields moved to hr_b: sealed for another record, they do not open.
        const bool moved = runSql(*storage,
            QStringLiteral("UPDATE health_certificates SET fields = '%1' WHERE record_id = 'hr_b'")
                .arg(storedFields(*storage, QStringLiteral("hr_a"))));
        const bool movedFails = !HealthRepository(db, seal).find(QStringLiteral("hr_b"));
        qInstallMessageHandler(previous);

        QVERIFY(otherKeyFails);
        QVERIFY(moved);
        QVERIFY(movedFails);
        QVERIFY(!warnings.isEmpty());
        for (const QString &warning : std::as_const(warnings)) {
            QVERIFY2(warning.contains(QStringLiteral("hr_")), qPrintable(warning));
            QVERIFY2(!warning.contains(familyName) && !warning.contains(dateOfBirth),
                qPrintable(warning));
        }
    }
};

QTEST_GUILESS_MAIN(TestHealthSealing)
#include "tst_health_sealing.moc"
