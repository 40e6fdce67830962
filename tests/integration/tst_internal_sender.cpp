// The server's own sender of actionable items (InternalSender), in-process on both databases
// (SQLite and PostgreSQL): an item reaches every person of the role and never the requester; it
// commits (or rolls back) with the caller's transaction; a decision runs the handler once inside
// the deciding transaction (a handler that refuses leaves the item open and nothing of the
// decision written); no webhook delivery and no event are made; its key row authenticates nobody
// and is not in the admin's list of API keys; a withdrawal ends it for everyone.
#include "feed/changetransaction.h"
#include "http/httpresponses.h"
#include "inboxdomainfixture.h"
#include "notifications/internalsender.h"
#include "protocol/wiretime.h"
#include "storage/secretseal.h"
#include "subsystems/apikeyservice.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <memory>

using namespace tessera;
using namespace tessera::server;

class TestInternalSender : public QObject, protected test::InboxDomainFixture
{
    Q_OBJECT

    std::unique_ptr<InternalSender> m_sender;
    QList<InternalDecision> m_told; // what the handler was told, in order
    QStringList m_committed; // the notification ids the committed listener was told of
    bool m_accept = true; // what the handler answers
    int m_sent = 0; // sent() calls: each writes its own row

    int inboxOf(const QString &user, const QString &id)
    {
        return count(QStringLiteral("SELECT COUNT(*) FROM inbox_items WHERE user_id = ? AND"
                                    " notification_id = ?"),
            { user, id });
    }

    void addPerson(const QString &id, const QString &role)
    {
        const QString now = wiretime::format(m_clock.now());
        test::domainExec(*m_storage,
            QStringLiteral("INSERT INTO users (id, kind, username, username_key, display_name,"
                           " department, user_type, created_at, updated_at)"
                           " VALUES (?, 'local', ?, ?, ?, 'Legal', 'employee', ?, ?)"),
            { id, id, id, id, now, now });
        if (!role.isEmpty())
            test::domainExec(*m_storage,
                QStringLiteral("INSERT INTO user_roles (user_id, role) VALUES (?, ?)"),
                { id, role });
    }

    // A fresh database of kind with the services on it, a sub-system's key, three people of the
    // privacy role (p3 is the one who asks) and one without it.
    void open(const QString &kind)
    {
        openDomain(kind, QStringLiteral("internal"));
        if (QTest::currentTestFailed())
            return;
        m_decisions->setInternalSenders(m_notifications.get());
        m_told.clear();
        m_committed.clear();
        m_accept = true;
        m_sent = 0;
        // The handler writes a row of its own in the deciding transaction: it is there only
        // when the decision committed.
        m_sender = std::make_unique<InternalSender>(*m_notifications, QStringLiteral("privacy"),
            [this](ChangeTransaction &transaction, const InternalDecision &decision) {
                m_told.append(decision);
                QSqlQuery query(transaction.db());
                return sql::exec(query,
                           QStringLiteral(
                               "INSERT INTO server_settings (name, value) VALUES (?, ?)"),
                           { QString(QStringLiteral("decided-") + QString::number(m_told.size())),
                               decision.action })
                    && m_accept;
            });
        // Told after the commit: the handler's row is there to read.
        m_sender->setCommittedListener([this](const InternalDecision &decision) {
            if (count(QStringLiteral("SELECT COUNT(*) FROM server_settings WHERE name LIKE"
                                     " 'decided-%'"))
                > 0)
                m_committed.append(decision.notificationId);
        });
        const QString now = wiretime::format(m_clock.now());
        test::domainExec(*m_storage,
            QStringLiteral("INSERT INTO api_keys (id, subsystem, key_hash, webhook_secret,"
                           " created_at) VALUES ('key_hr', 'hr', 'hash', 'secret', ?)"),
            { now });
        addPerson(QStringLiteral("p1"), QStringLiteral("privacy"));
        addPerson(QStringLiteral("p2"), QStringLiteral("privacy"));
        addPerson(QStringLiteral("p3"), QStringLiteral("privacy"));
        addPerson(QStringLiteral("u4"), QString());
    }

    static NewNotification request()
    {
        NewNotification notification;
        notification.recipients.roles = { QStringLiteral("privacy") };
        notification.title = QStringLiteral("Deletion request from p3");
        notification.body = QStringLiteral("Please delete my data.");
        notification.category = QStringLiteral("privacy");
        notification.priority = QStringLiteral("normal");
        notification.actionable = true;
        notification.actions = QJsonArray {
            QJsonObject { { QStringLiteral("id"), QStringLiteral("approve") },
                { QStringLiteral("label"), QStringLiteral("Approve") } },
            QJsonObject { { QStringLiteral("id"), QStringLiteral("reject") },
                { QStringLiteral("label"), QStringLiteral("Reject") },
                { QStringLiteral("requiresComment"), true } },
        };
        notification.reference = QStringLiteral("prq_1");
        notification.requester = QStringLiteral("p3");
        return notification;
    }

    // request() sent in a transaction that also writes a row of the caller's; committed when
    // commit, else rolled back. The result of send().
    CreateResult sent(bool commit = true)
    {
        ChangeTransaction transaction(*m_feed);
        if (!transaction.isActive())
            return {};
        QSqlQuery query(transaction.db());
        if (!sql::exec(query,
                QStringLiteral("INSERT INTO server_settings (name, value) VALUES (?, 'p3')"),
                { QString(QStringLiteral("asked-") + QString::number(++m_sent)) }))
            return {};
        CreateResult result = m_sender->send(transaction, request());
        if (commit && (result.outcome != CreateResult::Outcome::Created || !transaction.commit()))
            return {};
        return result;
    }

    DecisionResult decide(
        const QString &user, const QString &id, const QString &action, const QString &comment = {})
    {
        return m_decisions->decide(
            user, QStringLiteral("dev"), id, Decision { action, comment, 1, {} });
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error())); }

    void cleanup()
    {
        m_sender.reset();
        closeDomain();
    }

    // Every person of the role but the requester gets it, with the caller's own row, in one
    // commit; rolled back, neither is there.
    void reachesTheRoleNotTheRequester_data() { test::addDatabaseKinds(); }
    void reachesTheRoleNotTheRequester()
    {
        QFETCH(QString, kind);
        open(kind);
        const CreateResult rolledBack = sent(false);
        QCOMPARE(rolledBack.outcome, CreateResult::Outcome::Created);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM notifications")), 0);
        QCOMPARE(
            count(QStringLiteral("SELECT COUNT(*) FROM server_settings WHERE name = 'asked-1'")),
            0);

        const CreateResult result = sent();
        QCOMPARE(result.outcome, CreateResult::Outcome::Created);
        QCOMPARE(result.recipientCount, 2);
        QCOMPARE(result.dropped.size(), 1);
        QCOMPARE(result.dropped.constFirst().id, QStringLiteral("p3"));
        QCOMPARE(result.dropped.constFirst().reason, QStringLiteral("requester"));
        QCOMPARE(inboxOf(QStringLiteral("p1"), result.id), 1);
        QCOMPARE(inboxOf(QStringLiteral("p2"), result.id), 1);
        QCOMPARE(inboxOf(QStringLiteral("p3"), result.id), 0);
        QCOMPARE(inboxOf(QStringLiteral("u4"), result.id), 0);
        QCOMPARE(
            count(QStringLiteral("SELECT COUNT(*) FROM server_settings WHERE name = 'asked-2'")),
            1);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM notifications WHERE id = ? AND"
                                      " api_key_id = ? AND callback_url IS NULL"),
                     { result.id, m_sender->apiKeyId() }),
            1);
        // A second item uses the same key row.
        QCOMPARE(sent().outcome, CreateResult::Outcome::Created);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM api_keys WHERE internal = 1")), 1);
    }

    // The first decision runs the handler once, in its transaction, and makes no webhook delivery
    // and no event; a second decider finds it decided and the handler is not told again.
    void decisionRunsHandlerOnce_data() { test::addDatabaseKinds(); }
    void decisionRunsHandlerOnce()
    {
        QFETCH(QString, kind);
        open(kind);
        const CreateResult created = sent();
        QCOMPARE(created.outcome, CreateResult::Outcome::Created);
        // The requester is not asked, even though they have the role.
        QCOMPARE(decide(QStringLiteral("p3"), created.id, QStringLiteral("approve")).outcome,
            DecisionResult::Outcome::NotFound);
        QVERIFY(m_told.isEmpty());

        const DecisionResult decided = decide(
            QStringLiteral("p1"), created.id, QStringLiteral("reject"), QStringLiteral("No."));
        QCOMPARE(decided.outcome, DecisionResult::Outcome::Decided);
        QCOMPARE(m_told.size(), 1);
        QCOMPARE(m_committed, QStringList { created.id });
        const InternalDecision &told = m_told.constFirst();
        QCOMPARE(told.notificationId, created.id);
        QCOMPARE(told.reference, QStringLiteral("prq_1"));
        QCOMPARE(told.action, QStringLiteral("reject"));
        QCOMPARE(told.comment, QStringLiteral("No."));
        QCOMPARE(told.deciderId, QStringLiteral("p1"));
        QVERIFY(wiretime::parse(told.decidedAt).has_value());
        QCOMPARE(stateOf(created.id), QStringLiteral("decided"));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM server_settings WHERE name ="
                                      " 'decided-1' AND value = 'reject'")),
            1);

        QCOMPARE(decide(QStringLiteral("p2"), created.id, QStringLiteral("approve")).outcome,
            DecisionResult::Outcome::AlreadyDecided);
        QCOMPARE(m_told.size(), 1);
        QCOMPARE(m_committed.size(), 1);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM webhook_deliveries")), 0);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM subsystem_events")), 0);
    }

    // A handler that refuses rolls the decision back: the item stays open (version and all), the
    // handler's own row is gone, and the next decision is taken.
    void refusingHandlerLeavesItemOpen_data() { test::addDatabaseKinds(); }
    void refusingHandlerLeavesItemOpen()
    {
        QFETCH(QString, kind);
        open(kind);
        const CreateResult created = sent();
        QCOMPARE(created.outcome, CreateResult::Outcome::Created);
        m_accept = false;
        const DecisionResult refused =
            decide(QStringLiteral("p1"), created.id, QStringLiteral("approve"));
        QCOMPARE(refused.outcome, DecisionResult::Outcome::NotTaken);
        QCOMPARE(m_told.size(), 1);
        QVERIFY(m_committed.isEmpty());
        QCOMPARE(stateOf(created.id), QStringLiteral("open"));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM notifications WHERE id = ? AND"
                                      " version = 1 AND decided_by IS NULL"),
                     { created.id }),
            1);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM server_settings WHERE name LIKE"
                                      " 'decided-%'")),
            0);

        m_accept = true;
        QCOMPARE(decide(QStringLiteral("p2"), created.id, QStringLiteral("approve")).outcome,
            DecisionResult::Outcome::Decided);
        QCOMPARE(m_told.size(), 2);
        QCOMPARE(m_committed, QStringList { created.id });
        QCOMPARE(stateOf(created.id), QStringLiteral("decided"));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM webhook_deliveries")), 0);
    }

    // The key row never authenticates (revoked, no key hashes to it) and the admin's list of
    // keys shows only the sub-system's.
    void notInTheAdminsKeyList_data() { test::addDatabaseKinds(); }
    void notInTheAdminsKeyList()
    {
        QFETCH(QString, kind);
        open(kind);
        QCOMPARE(sent().outcome, CreateResult::Outcome::Created);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM api_keys WHERE id = ? AND"
                                      " revoked_at IS NOT NULL"),
                     { m_sender->apiKeyId() }),
            1);
        const SecretSeal seal(QByteArray(32, 'k'));
        ApiKeyService keys(*m_storage, m_clock, seal);
        const HttpResponse listed = keys.list(HttpRequest {});
        QCOMPARE(listed.status, 200);
        QStringList ids;
        const QJsonObject body = QJsonDocument::fromJson(listed.body).object();
        for (const QJsonValue key : body.value(QStringLiteral("keys")).toArray())
            ids.append(key.toObject().value(QStringLiteral("id")).toString());
        QCOMPARE(ids, QStringList { QStringLiteral("key_hr") });
    }

    // A withdrawal ends the item for everyone (no event); another sender's item is not its to
    // end.
    void withdrawEndsItForEveryone_data() { test::addDatabaseKinds(); }
    void withdrawEndsItForEveryone()
    {
        QFETCH(QString, kind);
        open(kind);
        const CreateResult created = sent();
        QCOMPARE(created.outcome, CreateResult::Outcome::Created);
        {
            ChangeTransaction transaction(*m_feed);
            QCOMPARE(m_sender->withdraw(transaction, created.id), Written::Changed);
            QCOMPARE(m_sender->withdraw(transaction, created.id), Written::Unchanged);
            QCOMPARE(
                m_sender->withdraw(transaction, QStringLiteral("ntf_none")), Written::Unchanged);
            QVERIFY(transaction.commit());
        }
        QCOMPARE(stateOf(created.id), QStringLiteral("withdrawn"));
        QCOMPARE(decide(QStringLiteral("p1"), created.id, QStringLiteral("approve")).outcome,
            DecisionResult::Outcome::Withdrawn);
        QVERIFY(m_told.isEmpty());
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM subsystem_events")), 0);

        InternalSender medical(*m_notifications, QStringLiteral("medical"),
            [](ChangeTransaction &, const InternalDecision &) { return true; });
        const CreateResult other = sent();
        ChangeTransaction transaction(*m_feed);
        QCOMPARE(medical.withdraw(transaction, other.id), Written::Unchanged);
        QVERIFY(transaction.commit());
        QCOMPARE(stateOf(other.id), QStringLiteral("open"));
    }
};

QTEST_GUILESS_MAIN(TestInternalSender)
#include "tst_internal_sender.moc"
