// The end of a notification against whatever ended it first, in-process on both databases
// (SQLite and PostgreSQL): an expiry (another node's sweep, a withdrawal or a decision finding it
// past its time) or a withdrawal that comes second changes nothing and tells nobody; a decided
// notification stays decided. And an expiry found at decision time wakes the webhook dispatcher.
#include "base/clock.h"
#include "databasekinds.h"
#include "domainsql.h"
#include "feed/changefeed.h"
#include "feed/changetransaction.h"
#include "inbox/decisionservice.h"
#include "notifications/notificationservice.h"
#include "postgrescluster.h"
#include "protocol/wiretime.h"
#include "storage/storage.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace tessera;
using namespace tessera::server;

class TestNotificationRaces : public QObject
{
    Q_OBJECT

    test::PostgresCluster m_postgres;
    int m_databases = 0;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Storage> m_storage;
    Clock m_clock;
    std::unique_ptr<ChangeFeed> m_feed;
    std::unique_ptr<NotificationService> m_notifications;
    std::unique_ptr<DecisionService> m_decisions;
    int m_decisionKicks = 0;

    int count(const QString &statement, const QVariantList &values = {})
    {
        return test::domainCount(*m_storage, statement, values);
    }

    int events(const QString &id, const QString &type)
    {
        return count(QStringLiteral("SELECT COUNT(*) FROM subsystem_events WHERE type = ? AND"
                                    " notification_id = ?"),
            { type, id });
    }

    int webhooks(const QString &id)
    {
        return count(
            QStringLiteral("SELECT COUNT(*) FROM webhook_deliveries WHERE notification_id = ?"),
            { id });
    }

    QString stateOf(const QString &id)
    {
        QSqlQuery query(m_storage->connection());
        if (!sql::exec(
                query, QStringLiteral("SELECT state FROM notifications WHERE id = ?"), { id })
            || !query.next())
            return {};
        return query.value(0).toString();
    }

    // Opens a fresh database of kind with the services on it, an API key and two employees.
    void open(const QString &kind)
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        QString database =
            test::databaseForKind(m_postgres, kind, QStringLiteral("races_%1").arg(++m_databases));
        if (database.isEmpty())
            database = QStringLiteral("sqlite:") + m_dir->filePath(QStringLiteral("tessera.db"));
        QString error;
        m_storage = Storage::open(database, m_dir->path(), &error);
        QVERIFY2(m_storage && m_storage->migrate(serverMigrations(), &error), qPrintable(error));
        m_feed = std::make_unique<ChangeFeed>(*m_storage, m_clock);
        m_notifications = std::make_unique<NotificationService>(*m_feed, m_clock);
        m_decisions = std::make_unique<DecisionService>(*m_feed, m_clock);
        m_decisionKicks = 0;
        m_decisions->setDeliveryListener([this] { ++m_decisionKicks; });

        const QString now = wiretime::format(m_clock.now());
        test::domainExec(*m_storage,
            QStringLiteral("INSERT INTO api_keys (id, subsystem, key_hash, webhook_secret,"
                           " created_at) VALUES ('key_hr', 'hr', 'hash', 'secret', ?)"),
            { now });
        test::domainExec(*m_storage,
            QStringLiteral("INSERT INTO api_key_callback_prefixes (api_key_id, prefix)"
                           " VALUES ('key_hr', 'https://hr.example/hooks/')"));
        for (const QString &id : { QStringLiteral("u1"), QStringLiteral("u2") })
            test::domainExec(*m_storage,
                QStringLiteral("INSERT INTO users (id, kind, username, username_key,"
                               " display_name, department, user_type, created_at, updated_at)"
                               " VALUES (?, 'local', ?, ?, ?, 'HR', 'employee', ?, ?)"),
                { id, id, id, id, now, now });
    }

    // An actionable notification to u1 and u2 with a callback URL; expiresAt when given.
    QString created(std::optional<QDateTime> expiresAt = std::nullopt)
    {
        NewNotification notification;
        notification.recipients.users = { QStringLiteral("u1"), QStringLiteral("u2") };
        notification.title = QStringLiteral("Leave request");
        notification.body = QStringLiteral("Approve?");
        notification.category = QStringLiteral("leave");
        notification.priority = QStringLiteral("normal");
        notification.actionable = true;
        notification.actions = QJsonArray {
            QJsonObject { { QStringLiteral("id"), QStringLiteral("approve") },
                { QStringLiteral("label"), QStringLiteral("Approve") } },
            QJsonObject { { QStringLiteral("id"), QStringLiteral("reject") },
                { QStringLiteral("label"), QStringLiteral("Reject") } },
        };
        notification.reference = QStringLiteral("ref-1");
        notification.callbackUrl = QStringLiteral("https://hr.example/hooks/decided");
        notification.expiresAt = std::move(expiresAt);
        const CreateResult result =
            m_notifications->create(QStringLiteral("key_hr"), QStringLiteral("hr"), notification);
        return result.outcome == CreateResult::Outcome::Created ? result.id : QString();
    }

    // Ends id as state in a transaction of its own, as a sweep on another node would: whether
    // it changed it.
    bool endLate(const QString &id, const QString &state)
    {
        ChangeTransaction transaction(*m_feed);
        const auto ended =
            NotificationService::end(transaction, id, state, wiretime::format(m_clock.now()));
        return transaction.commit() && ended == Written::Changed;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error())); }

    void cleanup()
    {
        m_decisions.reset();
        m_notifications.reset();
        m_feed.reset();
        m_storage.reset();
        m_dir.reset();
    }

    // A sweep (or a withdrawal) that comes after the decision leaves it decided, without an
    // event, a webhook or a change of its own.
    void endAfterDecisionChangesNothing_data() { test::addDatabaseKinds(); }
    void endAfterDecisionChangesNothing()
    {
        QFETCH(QString, kind);
        open(kind);
        const QString id = created();
        QVERIFY(!id.isEmpty());
        QCOMPARE(m_decisions
                     ->decide(QStringLiteral("u1"), QStringLiteral("dev"), id,
                         Decision { QStringLiteral("approve"), {}, 1, {} })
                     .outcome,
            DecisionResult::Outcome::Decided);
        const qsizetype changes = m_feed->changesSince(0, 100)->size();

        QVERIFY(!endLate(id, QStringLiteral("expired")));
        QVERIFY(!endLate(id, QStringLiteral("withdrawn")));
        QCOMPARE(stateOf(id), QStringLiteral("decided"));
        QCOMPARE(events(id, QStringLiteral("notification.decided")), 1);
        QCOMPARE(events(id, QStringLiteral("notification.expired")), 0);
        QCOMPARE(events(id, QStringLiteral("notification.withdrawn")), 0);
        QCOMPARE(webhooks(id), 1); // the decision's
        QCOMPARE(m_feed->changesSince(0, 100)->size(), changes);
    }

    // Two sweeps (two nodes) that both listed one due notification: it expires once, with one
    // event, one webhook and one change.
    void secondExpiryChangesNothing_data() { test::addDatabaseKinds(); }
    void secondExpiryChangesNothing()
    {
        QFETCH(QString, kind);
        open(kind);
        const QString id = created(m_clock.now().addSecs(-5));
        QVERIFY(!id.isEmpty());
        const qsizetype changes = m_feed->changesSince(0, 100)->size();

        QVERIFY(endLate(id, QStringLiteral("expired")));
        QVERIFY(!endLate(id, QStringLiteral("expired")));
        QVERIFY(!endLate(id, QStringLiteral("withdrawn")));
        QCOMPARE(stateOf(id), QStringLiteral("expired"));
        QCOMPARE(events(id, QStringLiteral("notification.expired")), 1);
        QCOMPARE(events(id, QStringLiteral("notification.withdrawn")), 0);
        QCOMPARE(webhooks(id), 1);
        QCOMPARE(m_feed->changesSince(0, 100)->size(), changes + 1);
        // The sweep finds nothing left; a withdrawal answers as for an item ended before.
        QCOMPARE(m_notifications->expireDue(), std::optional<qsizetype>(0));
        QCOMPARE(m_notifications->withdraw(QStringLiteral("key_hr"), id).outcome,
            WithdrawResult::Outcome::AlreadyEnded);
        QCOMPARE(events(id, QStringLiteral("notification.expired")), 1);
    }

    // A decision that finds its item past its time expires it and wakes the dispatcher for the
    // notification.expired webhook at once.
    void expiryAtDecisionWakesDispatcher_data() { test::addDatabaseKinds(); }
    void expiryAtDecisionWakesDispatcher()
    {
        QFETCH(QString, kind);
        open(kind);
        const QString id = created(m_clock.now().addSecs(-5));
        QVERIFY(!id.isEmpty());
        const DecisionResult result = m_decisions->decide(QStringLiteral("u1"),
            QStringLiteral("dev"), id, Decision { QStringLiteral("approve"), {}, 1, {} });
        QCOMPARE(result.outcome, DecisionResult::Outcome::Expired);
        QVERIFY(result.expiredNow);
        QCOMPARE(webhooks(id), 1);
        QCOMPARE(m_decisionKicks, 1);
        QCOMPARE(events(id, QStringLiteral("notification.expired")), 1);
    }
};

QTEST_GUILESS_MAIN(TestNotificationRaces)
#include "tst_notification_races.moc"
