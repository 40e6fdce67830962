// The end of a notification against whatever ended it first, in-process on both databases
// (SQLite and PostgreSQL): an expiry (another node's sweep, a withdrawal or a decision finding it
// past its time) or a withdrawal that comes second changes nothing and tells nobody; a decided
// notification stays decided. And an expiry found at decision time wakes the webhook dispatcher.
#include "feed/changetransaction.h"
#include "inboxdomainfixture.h"
#include "protocol/wiretime.h"

#include <QJsonArray>
#include <QTest>

#include <memory>

using namespace tessera;
using namespace tessera::server;

class TestNotificationRaces : public QObject, protected test::InboxDomainFixture
{
    Q_OBJECT

    int m_decisionKicks = 0;

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

    // Opens a fresh database of kind with the services on it, an API key and two employees.
    void open(const QString &kind)
    {
        openDomain(kind, QStringLiteral("races"));
        if (QTest::currentTestFailed())
            return;
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

    void cleanup() { closeDomain(); }

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
