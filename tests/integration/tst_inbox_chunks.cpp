// NotificationRepository::addToInboxes on both databases: a notification to more people than one
// statement's chunk (SQLite: rows of bound values; PostgreSQL: an array of ids) gives every
// recipient its inbox row exactly once, at the cursor, whatever characters the ids hold.
#include "app/servermigrations.h"
#include "databasekinds.h"
#include "notifications/notificationrepository.h"
#include "postgrescluster.h"
#include "storage/storage.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace tessera::server;
using namespace tessera::test;

class TestInboxChunks : public QObject
{
    Q_OBJECT

    PostgresCluster m_postgres;
    QTemporaryDir m_dir;

    std::unique_ptr<Storage> open(const QString &kind, const QString &name)
    {
        QString database = databaseForKind(m_postgres, kind, name);
        if (database.isEmpty())
            database = QStringLiteral("sqlite:") + m_dir.filePath(name + QStringLiteral(".db"));
        QString error;
        auto storage = Storage::open(database, m_dir.path(), &error);
        if (!storage || !storage->migrate(serverMigrations(), &error)) {
            qWarning("open: %s", qPrintable(error));
            return nullptr;
        }
        return storage;
    }

    static bool run(QSqlDatabase &db, const QString &statement, const QVariantList &values = {})
    {
        QSqlQuery query(db);
        query.prepare(statement);
        for (const QVariant &value : values)
            query.addBindValue(value);
        if (query.exec())
            return true;
        qWarning("%s: %s", qPrintable(statement.left(80)), qPrintable(query.lastError().text()));
        return false;
    }

    // count people "p1".."pN" in the users table (one statement), plus the named ones.
    static QStringList addPeople(QSqlDatabase &db, int count, const QStringList &named)
    {
        if (!run(db,
                QStringLiteral(
                    "INSERT INTO users (id, kind, username, username_key, display_name, user_type,"
                    " created_at, updated_at) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL"
                    " SELECT i + 1 FROM n WHERE i < ?) SELECT 'p' || i, 'ad', 'p' || i, 'p' || i,"
                    " 'P', 'employee', 'now', 'now' FROM n"),
                { count }))
            return {};
        QStringList people;
        for (int i = 1; i <= count; ++i)
            people.append(QStringLiteral("p%1").arg(i));
        for (const QString &id : named) {
            if (!run(db,
                    QStringLiteral(
                        "INSERT INTO users (id, kind, username, username_key, display_name,"
                        " user_type, created_at, updated_at) VALUES (?, 'local', ?, ?, 'N',"
                        " 'employee', 'now', 'now')"),
                    { id, QString(QStringLiteral("named-") + id),
                        QString(QStringLiteral("named-") + id) }))
                return {};
            people.append(id);
        }
        return people;
    }

    static bool addNotification(QSqlDatabase &db, const QString &id)
    {
        return run(db,
                   QStringLiteral("INSERT INTO api_keys (id, subsystem, key_hash, webhook_secret,"
                                  " created_at) VALUES (?, 's', ?, 'w', 'now')"),
                   { id, id })
            && run(db,
                QStringLiteral(
                    "INSERT INTO notifications (id, api_key_id, subsystem, title, body, category,"
                    " priority, actionable, actions, reference, created_at, state, version,"
                    " recipient_count) VALUES (?, ?, 's', 't', 'b', 'c', 'normal', 0, '[]', 'r',"
                    " 'now', 'open', 1, 0)"),
                { id, id });
    }

    // user_id -> how many rows it has, and whether every row of id is at cursor.
    static QMap<QString, int> rowsOf(QSqlDatabase &db, const QString &id, qint64 cursor)
    {
        QMap<QString, int> rows;
        QSqlQuery query(db);
        query.prepare(
            QStringLiteral("SELECT user_id, change_id FROM inbox_items WHERE notification_id = ?"));
        query.addBindValue(id);
        if (!query.exec())
            return rows;
        while (query.next()) {
            if (query.value(1).toLongLong() != cursor)
                rows[QStringLiteral("wrong cursor: ") + query.value(0).toString()] += 1;
            rows[query.value(0).toString()] += 1;
        }
        return rows;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
    }

    void everyRecipientOnce_data() { addDatabaseKinds(); }

    // One more person than the database's chunk (and the other database's too), and ids with
    // the characters an array literal or a statement would trip on.
    void everyRecipientOnce()
    {
        QFETCH(QString, kind);
        auto storage = open(kind, QStringLiteral("chunks_") + kind);
        QVERIFY(storage);
        QSqlDatabase db = storage->connection();
        const int count = int(std::max(NotificationRepository::postgresRowsPerStatement,
                              NotificationRepository::sqliteRowsPerStatement))
            + 1;
        const QStringList named { QStringLiteral("quote\"d"), QStringLiteral("back\\slash"),
            QStringLiteral("com,ma"), QStringLiteral("{brace}"), QStringLiteral(" spaced "),
            QStringLiteral("NULL"), QStringLiteral("it's"), QStringLiteral("ünï \u4e2d"),
            QStringLiteral("$1?:x"), QStringLiteral("tab\tnew\nline") };
        const QStringList people = addPeople(db, count, named);
        QCOMPARE(people.size(), count + named.size());

        // Each size around a chunk boundary, one notification each.
        const QList<qsizetype> sizes { 1, NotificationRepository::sqliteRowsPerStatement,
            NotificationRepository::sqliteRowsPerStatement + 1,
            NotificationRepository::postgresRowsPerStatement,
            NotificationRepository::postgresRowsPerStatement + 1, people.size() };
        qint64 cursor = 40;
        for (const qsizetype size : sizes) {
            // The named ids last, so the largest size holds them after the chunks before.
            const QStringList recipients = people.mid(people.size() - size);
            const QString id = QStringLiteral("n%1").arg(size);
            QVERIFY(addNotification(db, id));
            QVERIFY(NotificationRepository::addToInboxes(db, id, recipients, ++cursor));
            const QMap<QString, int> rows = rowsOf(db, id, cursor);
            QCOMPARE(rows.size(), recipients.size());
            for (const QString &person : recipients)
                QVERIFY2(rows.value(person) == 1, qPrintable(person));
        }
        QSqlQuery total(db);
        QVERIFY(total.exec(QStringLiteral("SELECT count(*) FROM inbox_items")));
        QVERIFY(total.next());
        qsizetype expected = 0;
        for (const qsizetype size : sizes)
            expected += size;
        QCOMPARE(total.value(0).toLongLong(), qint64(expected));
    }

    // A recipient who is not in the users table fails the statement (its foreign key), the same
    // on both databases: nothing is written past it silently.
    void unknownRecipientFails_data() { addDatabaseKinds(); }

    void unknownRecipientFails()
    {
        QFETCH(QString, kind);
        auto storage = open(kind, QStringLiteral("unknown_") + kind);
        QVERIFY(storage);
        QSqlDatabase db = storage->connection();
        QStringList people = addPeople(db, 3, {});
        QVERIFY(addNotification(db, QStringLiteral("n")));
        people.insert(1, QStringLiteral("nobody"));
        QVERIFY(!NotificationRepository::addToInboxes(db, QStringLiteral("n"), people, 7));
    }
};

QTEST_GUILESS_MAIN(TestInboxChunks)
#include "tst_inbox_chunks.moc"
