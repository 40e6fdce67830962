// NotificationService, InboxService and DecisionService in-process on a temporary SQLite
// database: who receives, what each change does to the feed, and the exactly-once rules of
// creating and deciding (a step that fails before its commit leaves nothing behind).
#include "base/clock.h"
#include "domainsql.h"
#include "feed/changefeed.h"
#include "inbox/decisionservice.h"
#include "inbox/inboxservice.h"
#include "maintenance/retention.h"
#include "notifications/notificationservice.h"
#include "protocol/wiretime.h"
#include "storage/sqlhelpers.h"
#include "storage/storage.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace tessera;
using namespace tessera::server;

class TestNotificationDomain : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Storage> m_storage;
    Clock m_clock;
    std::unique_ptr<ChangeFeed> m_feed;
    std::unique_ptr<NotificationService> m_notifications;
    std::unique_ptr<InboxService> m_inbox;
    std::unique_ptr<DecisionService> m_decisions;
    QHash<QString, qint64> m_heard; // person -> newest inbox cursor heard
    int m_queued = 0;

    void exec(const QString &statement, const QVariantList &values = {})
    {
        test::domainExec(*m_storage, statement, values);
    }

    int count(const QString &statement, const QVariantList &values = {})
    {
        return test::domainCount(*m_storage, statement, values);
    }

    void addPerson(const QString &id, const QString &type, const QString &department)
    {
        const QString now = wiretime::format(m_clock.now());
        exec(QStringLiteral("INSERT INTO users (id, kind, username, username_key, display_name,"
                            " department, user_type, created_at, updated_at)"
                            " VALUES (?, 'local', ?, ?, ?, ?, ?, ?, ?)"),
            { id, id, id, QString(QStringLiteral("Name of ") + id), department, type, now, now });
    }

    NewNotification request(bool actionable = true)
    {
        NewNotification notification;
        notification.recipients.departments = { QStringLiteral("HR") };
        notification.title = QStringLiteral("Leave request");
        notification.body = QStringLiteral("Approve?");
        notification.category = QStringLiteral("leave");
        notification.priority = QStringLiteral("normal");
        notification.actionable = actionable;
        if (actionable)
            notification.actions = QJsonArray {
                QJsonObject { { QStringLiteral("id"), QStringLiteral("approve") },
                    { QStringLiteral("label"), QStringLiteral("Approve") },
                    { QStringLiteral("requiresComment"), false } },
                QJsonObject { { QStringLiteral("id"), QStringLiteral("reject") },
                    { QStringLiteral("label"), QStringLiteral("Reject") },
                    { QStringLiteral("requiresComment"), true } },
            };
        notification.reference = QStringLiteral("ref-1");
        notification.callbackUrl = QStringLiteral("https://hr.example/hooks/decided");
        return notification;
    }

    QString created(const NewNotification &notification = {})
    {
        const CreateResult result = m_notifications->create(QStringLiteral("key_hr"),
            QStringLiteral("hr"), notification.title.isEmpty() ? request() : notification);
        return result.outcome == CreateResult::Outcome::Created ? result.id : QString();
    }

    Decision approve(qint64 version = 1)
    {
        return Decision { QStringLiteral("approve"), {}, version, {} };
    }

private Q_SLOTS:
    void init()
    {
        QString error;
        m_storage = tessera::test::openDomainStorage(m_dir, &error);
        QVERIFY2(m_storage, qPrintable(error));
        m_feed = std::make_unique<ChangeFeed>(*m_storage, m_clock);
        m_notifications = std::make_unique<NotificationService>(*m_feed, m_clock);
        m_inbox = std::make_unique<InboxService>(*m_feed, m_clock);
        m_decisions = std::make_unique<DecisionService>(*m_feed, m_clock);
        m_heard.clear();
        m_queued = 0;
        m_feed->addListener([this](const QString &kind, const QHash<QString, qint64> &cursors) {
            if (kind == NotificationService::changeKind())
                m_heard.insert(cursors);
        });
        m_decisions->setDeliveryListener([this] { ++m_queued; });

        const QString now = wiretime::format(m_clock.now());
        exec(QStringLiteral("INSERT INTO api_keys (id, subsystem, key_hash, webhook_secret,"
                            " created_at) VALUES ('key_hr', 'hr', 'hash', 'secret', ?)"),
            { now });
        exec(QStringLiteral("INSERT INTO api_key_callback_prefixes (api_key_id, prefix)"
                            " VALUES ('key_hr', 'https://hr.example/hooks/')"));
        addPerson(QStringLiteral("u1"), QStringLiteral("employee"), QStringLiteral("HR"));
        addPerson(QStringLiteral("u2"), QStringLiteral("employee"), QStringLiteral("HR"));
        addPerson(QStringLiteral("x1"), QStringLiteral("non_employee"), QStringLiteral("HR"));
        addPerson(QStringLiteral("u3"), QStringLiteral("employee"), QStringLiteral("IT"));
    }

    void cleanup()
    {
        m_decisions.reset();
        m_inbox.reset();
        m_notifications.reset();
        m_feed.reset();
        m_storage.reset();
        QFile::remove(m_dir.filePath(QStringLiteral("tessera.db"))); // openDomainStorage's file
    }

    void createReachesEmployeesWithOneChange()
    {
        const CreateResult result =
            m_notifications->create(QStringLiteral("key_hr"), QStringLiteral("hr"), request());
        QCOMPARE(result.outcome, CreateResult::Outcome::Created);
        QCOMPARE(result.recipientCount, 2); // not the non-employee, not IT
        const auto changes = m_feed->changesSince(0, 10);
        QCOMPARE(changes->size(), 1);
        QCOMPARE(changes->constFirst().people,
            QStringList({ QStringLiteral("u1"), QStringLiteral("u2") }));
        QCOMPARE(m_heard.value(QStringLiteral("u1")), changes->constFirst().cursor);
        const InboxPage page = m_inbox->changedSince(QStringLiteral("u2"), 0, 10);
        QVERIFY(page.ok);
        QCOMPARE(page.items.size(), 1);
        QCOMPARE(page.cursor, changes->constFirst().cursor);
        QVERIFY(m_inbox->changedSince(QStringLiteral("u3"), 0, 10).items.isEmpty());
    }

    void createRefusals()
    {
        NewNotification nobody = request();
        nobody.recipients.departments = { QStringLiteral("Nowhere") };
        QCOMPARE(
            m_notifications->create(QStringLiteral("key_hr"), QStringLiteral("hr"), nobody).outcome,
            CreateResult::Outcome::NoRecipients);
        NewNotification elsewhere = request();
        elsewhere.callbackUrl = QStringLiteral("https://evil.example/hooks/");
        QCOMPARE(m_notifications->create(QStringLiteral("key_hr"), QStringLiteral("hr"), elsewhere)
                     .outcome,
            CreateResult::Outcome::CallbackNotAllowed);
        QVERIFY(m_feed->changesSince(0, 10)->isEmpty());
    }

    // The step before the commit (storing the idempotent answer) fails: nothing was created.
    void createIsAllOrNothing()
    {
        const CreateResult result = m_notifications->create(QStringLiteral("key_hr"),
            QStringLiteral("hr"), request(), [](const CreateResult &) { return false; });
        QCOMPARE(result.outcome, CreateResult::Outcome::Failed);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM notifications")), 0);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM inbox_items")), 0);
        QVERIFY(m_feed->changesSince(0, 10)->isEmpty());
        QVERIFY(m_heard.isEmpty());
    }

    void decidedExactlyOnce()
    {
        const QString id = created();
        QVERIFY(!id.isEmpty());
        const DecisionResult first =
            m_decisions->decide(QStringLiteral("u1"), QStringLiteral("dev"), id, approve());
        QCOMPARE(first.outcome, DecisionResult::Outcome::Decided);
        QCOMPARE(
            first.current.value(QStringLiteral("state")).toString(), QStringLiteral("approved"));
        QCOMPARE(m_queued, 1);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM webhook_deliveries")), 1);
        // One change for both recipients.
        const auto changes = m_feed->changesSince(0, 10);
        QCOMPARE(changes->size(), 2);
        QCOMPARE(m_heard.value(QStringLiteral("u2")), changes->constLast().cursor);

        const DecisionResult second =
            m_decisions->decide(QStringLiteral("u2"), QStringLiteral("dev"), id,
                Decision { QStringLiteral("reject"), QStringLiteral("no"), 2, {} });
        QCOMPARE(second.outcome, DecisionResult::Outcome::AlreadyDecided);
        QCOMPARE(second.current.value(QStringLiteral("decidedByName")).toString(),
            QStringLiteral("Name of u1"));
        QCOMPARE(m_queued, 1);
        QCOMPARE(m_feed->changesSince(0, 10)->size(), 2);
        QCOMPARE(m_notifications->withdraw(QStringLiteral("key_hr"), id).outcome,
            WithdrawResult::Outcome::AlreadyDecided);
    }

    void decisionRefusalsChangeNothing()
    {
        const QString id = created();
        const auto decide = [&](const Decision &decision) {
            return m_decisions->decide(QStringLiteral("u1"), QStringLiteral("dev"), id, decision)
                .outcome;
        };
        using Outcome = DecisionResult::Outcome;
        QCOMPARE(decide(Decision { QStringLiteral("maybe"), {}, 1, {} }), Outcome::UnknownAction);
        QCOMPARE(decide(Decision { QStringLiteral("reject"), QStringLiteral(" "), 1, {} }),
            Outcome::CommentRequired);
        QCOMPARE(decide(approve(7)), Outcome::VersionConflict);
        QCOMPARE(
            m_decisions->decide(QStringLiteral("u3"), QStringLiteral("dev"), id, approve()).outcome,
            Outcome::NotFound);
        QCOMPARE(m_feed->changesSince(0, 10)->size(), 1); // the creation only
        // A failure before the commit rolls the decision back: still open, still decidable.
        QCOMPARE(m_decisions
                     ->decide(QStringLiteral("u1"), QStringLiteral("dev"), id, approve(),
                         [](const DecisionResult &) { return false; })
                     .outcome,
            Outcome::Failed);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM webhook_deliveries")), 0);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM subsystem_events")), 0);
        QCOMPARE(decide(approve()), Outcome::Decided);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM subsystem_events WHERE type ="
                                      " 'notification.decided' AND notification_id = ?"),
                     { id }),
            1);

        const QString info = created(request(false));
        QCOMPARE(m_decisions->decide(QStringLiteral("u1"), QStringLiteral("dev"), info, approve())
                     .outcome,
            Outcome::NotActionable);
    }

    void eventsArePrunedAfterTheirRetention()
    {
        const QString id = created();
        QCOMPARE(m_notifications->withdraw(QStringLiteral("key_hr"), id).outcome,
            WithdrawResult::Outcome::Withdrawn);
        const QString events = QStringLiteral("SELECT COUNT(*) FROM subsystem_events");
        QCOMPARE(count(events), 1);
        QVERIFY(Retention(*m_storage, m_clock).prune(90, 7, 30));
        QCOMPARE(count(events), 1); // younger than 30 days
        QVERIFY(Retention(*m_storage, Clock(m_clock.now().addDays(31))).prune(90, 7, 30));
        QCOMPARE(count(events), 0);
    }

    void expiredOnDecideOnce()
    {
        NewNotification late = request();
        late.expiresAt = m_clock.now().addSecs(-60);
        const QString id = created(late);
        const DecisionResult first =
            m_decisions->decide(QStringLiteral("u1"), QStringLiteral("dev"), id, approve());
        QCOMPARE(first.outcome, DecisionResult::Outcome::Expired);
        QVERIFY(first.expiredNow);
        QCOMPARE(
            first.current.value(QStringLiteral("state")).toString(), QStringLiteral("expired"));
        const DecisionResult again =
            m_decisions->decide(QStringLiteral("u2"), QStringLiteral("dev"), id, approve());
        QCOMPARE(again.outcome, DecisionResult::Outcome::Expired);
        QVERIFY(!again.expiredNow);
        QCOMPARE(m_feed->changesSince(0, 10)->size(), 2);
        QCOMPARE(m_notifications->expireDue(), std::optional<qsizetype>(0));
    }

    void sweepExpiresDueNotifications()
    {
        NewNotification late = request();
        late.expiresAt = m_clock.now().addSecs(-1);
        const QString one = created(late);
        const QString two = created(late);
        QCOMPARE(m_notifications->expireDue(), std::optional<qsizetype>(2));
        const InboxPage page = m_inbox->changedSince(QStringLiteral("u1"), 0, 10);
        QCOMPARE(page.items.size(), 2);
        // Each notification ended with a change of its own: a person's items never share one.
        const auto changes = m_feed->changesSince(0, 10);
        QCOMPARE(changes->size(), 4);
        for (const auto &item : page.items)
            QCOMPARE(item.toObject().value(QStringLiteral("state")).toString(),
                QStringLiteral("expired"));
    }

    void withdrawAndReadMarks()
    {
        const QString id = created();
        QCOMPARE(m_inbox->markRead(QStringLiteral("u1"), id).lookup, Lookup::Found);
        QCOMPARE(m_inbox->markRead(QStringLiteral("u1"), id).lookup, Lookup::Found);
        QCOMPARE(m_feed->changesSince(0, 10)->size(), 2); // read once
        QCOMPARE(m_inbox->markRead(QStringLiteral("u3"), id).lookup, Lookup::Missing);
        const ItemResult item = m_inbox->item(QStringLiteral("u1"), id);
        QCOMPARE(item.item.value(QStringLiteral("history")).toArray().size(), 2);

        QCOMPARE(m_notifications->withdraw(QStringLiteral("key_other"), id).outcome,
            WithdrawResult::Outcome::NotFound);
        QCOMPARE(m_notifications->withdraw(QStringLiteral("key_hr"), id).outcome,
            WithdrawResult::Outcome::Withdrawn);
        QCOMPARE(m_notifications->withdraw(QStringLiteral("key_hr"), id).outcome,
            WithdrawResult::Outcome::Withdrawn);
        QCOMPARE(m_feed->changesSince(0, 10)->size(), 3); // withdrawn once
        QCOMPARE(
            m_decisions->decide(QStringLiteral("u2"), QStringLiteral("dev"), id, approve()).outcome,
            DecisionResult::Outcome::Withdrawn);
    }
};

QTEST_GUILESS_MAIN(TestNotificationDomain)
#include "tst_notification_domain.moc"
