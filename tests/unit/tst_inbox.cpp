// The inbox without a server: InboxItem's wire form, InboxStore on a real SQLCipher file (upserts,
// the cursor, read marks, the outbox), InboxModel over a store filled directly (rows newest first,
// every role, filters, unread count, pending decisions, conflict words, row signals) and the
// outbox's own checks before it writes a decision.
#include "fakes/testdeviceinfo.h"
#include "identity/session.h"
#include "inbox/decisionoutbox.h"
#include "inbox/inboxhistory.h"
#include "inbox/inboxitem.h"
#include "inbox/inboxmodel.h"
#include "inbox/inboxstore.h"
#include "net/apiclient.h"
#include "storage/database.h"
#include "storage/memorysecretstore.h"
#include "storage/sqlstatement.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace tessera;

namespace {

using test::TestDeviceInfo;

// A Session with nothing signed in, aimed at a loopback port that listens but never answers:
// an outbox on it writes decisions and sends nothing.
struct SignedOutSession
{
    explicit SignedOutSession(const QString &databasePath)
        : client(loopbackEndpoint(probe))
        , session(client, secrets, device, { databasePath, QStringLiteral("device-1"), {} })
    { }

    static ServerEndpoint loopbackEndpoint(QTcpServer &probe)
    {
        probe.listen(QHostAddress::LocalHost);
        return *ServerEndpoint::parse(QStringLiteral("http://127.0.0.1:%1").arg(probe.serverPort()),
            ServerEndpoint::PlainHttp::AllowOnLoopback, nullptr);
    }

    QTcpServer probe;
    ApiClient client;
    MemorySecretStore secrets;
    TestDeviceInfo device;
    Session session;
};

// A wire item: created at 2026-11-29T09:MM:00Z, unread, version 1, approve and reject (with a
// comment) as its actions.
QJsonObject wireItem(
    const QString &id, int minute, const QString &category = QStringLiteral("leave"))
{
    return QJsonObject {
        { QStringLiteral("id"), id },
        { QStringLiteral("subsystem"), QStringLiteral("demo-hr") },
        { QStringLiteral("title"), QStringLiteral("Leave request %1").arg(id) },
        { QStringLiteral("body"), QStringLiteral("Three days.") },
        { QStringLiteral("category"), category },
        { QStringLiteral("priority"), QStringLiteral("high") },
        { QStringLiteral("createdAt"),
            QStringLiteral("2026-11-29T09:%1:00Z").arg(minute, 2, 10, QLatin1Char('0')) },
        { QStringLiteral("expiresAt"), QJsonValue(QJsonValue::Null) },
        { QStringLiteral("actionable"), true },
        { QStringLiteral("actions"),
            QJsonArray {
                QJsonObject { { QStringLiteral("id"), QStringLiteral("approve") },
                    { QStringLiteral("label"), QStringLiteral("Approve") },
                    { QStringLiteral("requiresComment"), false } },
                QJsonObject { { QStringLiteral("id"), QStringLiteral("reject") },
                    { QStringLiteral("label"), QStringLiteral("Reject") },
                    { QStringLiteral("requiresComment"), true } },
            } },
        { QStringLiteral("data"), QJsonObject { { QStringLiteral("days"), 3 } } },
        { QStringLiteral("state"), QStringLiteral("unread") },
        { QStringLiteral("decidedBy"), QJsonValue(QJsonValue::Null) },
        { QStringLiteral("decidedByName"), QJsonValue(QJsonValue::Null) },
        { QStringLiteral("decidedAt"), QJsonValue(QJsonValue::Null) },
        { QStringLiteral("decidedVia"), QJsonValue(QJsonValue::Null) },
        { QStringLiteral("decidedAction"), QJsonValue(QJsonValue::Null) },
        { QStringLiteral("version"), 1 },
    };
}

InboxItem item(const QJsonObject &json)
{
    QString error;
    const auto parsed = InboxItem::fromJson(json, &error);
    if (!parsed)
        qFatal("not an item: %s", qPrintable(error));
    return *parsed;
}

InboxItem decided(QJsonObject json, const QString &action, const QString &state)
{
    json.insert(QStringLiteral("state"), state);
    json.insert(QStringLiteral("decidedAction"), action);
    json.insert(QStringLiteral("decidedBy"), QStringLiteral("E1001"));
    json.insert(QStringLiteral("decidedByName"), QStringLiteral("Asha Rao"));
    json.insert(QStringLiteral("decidedAt"), QStringLiteral("2026-11-29T10:42:00Z"));
    json.insert(QStringLiteral("decidedVia"), QStringLiteral("app · Pixel 8"));
    json.insert(QStringLiteral("version"), json.value(QStringLiteral("version")).toInt() + 1);
    return item(json);
}

} // namespace

class TestInbox : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_files = 0;

    std::shared_ptr<Database> newDatabase()
    {
        DatabaseOpenResult opened = Database::open(
            m_dir.filePath(QStringLiteral("inbox-%1.db").arg(++m_files)), Database::newKey());
        if (!opened.ok())
            qFatal("cannot open a database: %s", qPrintable(opened.detail));
        return opened.database;
    }

private Q_SLOTS:
    void itemReadsAndWritesTheWire()
    {
        const QJsonObject json = wireItem(QStringLiteral("ntf_a"), 5);
        const InboxItem parsed = item(json);
        QCOMPARE(parsed.toJson(), json);
        QVERIFY(parsed.needsAction());
        QCOMPARE(parsed.action(QStringLiteral("reject"))
                     .value(QStringLiteral("requiresComment"))
                     .toBool(),
            true);
        QString error;
        QJsonObject broken = json;
        broken.remove(QStringLiteral("version"));
        QVERIFY(!InboxItem::fromJson(broken, &error));
        QVERIFY(error.contains(QStringLiteral("version")));
        broken = json;
        broken.insert(QStringLiteral("createdAt"), QStringLiteral("yesterday"));
        QVERIFY(!InboxItem::fromJson(broken, &error));

        const InboxItem other =
            decided(json, QStringLiteral("approve"), QStringLiteral("approved"));
        const QString text = InboxItem::outcomeText(other, QStringLiteral("already_decided"));
        QVERIFY2(text.startsWith(QStringLiteral("Already approved by Asha Rao on Pixel 8 ")),
            qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral(":42")), qPrintable(text)); // the minute, any zone
        QCOMPARE(
            InboxItem::describeVia(QStringLiteral("cli")), QStringLiteral("from the command line"));
        // An approver's own approval of an "all" item, the others still asked: fields this app
        // does not know are ignored, and the item needs no more action from here.
        QJsonObject waiting = json;
        waiting.insert(QStringLiteral("state"), QStringLiteral("approved"));
        waiting.insert(QStringLiteral("approval"),
            QJsonObject { { QStringLiteral("mode"), QStringLiteral("all") },
                { QStringLiteral("approvals"),
                    QJsonArray { QJsonObject { { QStringLiteral("userId"), QStringLiteral("E1") },
                        { QStringLiteral("state"), QStringLiteral("approved") } } } } });
        QVERIFY(!item(waiting).needsAction());
        QCOMPARE(item(waiting).state, QStringLiteral("approved"));
        QJsonObject withdrawn = json;
        withdrawn.insert(QStringLiteral("state"), QStringLiteral("withdrawn"));
        QVERIFY(InboxItem::outcomeText(item(withdrawn), QStringLiteral("withdrawn"))
                    .startsWith(QStringLiteral("Withdrawn")));
    }

    void storeKeepsItemsAndCursorTogether()
    {
        InboxStore store(newDatabase());
        QSignalSpy changed(&store, &InboxStore::changed);
        QCOMPARE(store.cursor(), QString());
        QVERIFY(store.applyDelta({ item(wireItem(QStringLiteral("ntf_a"), 1)),
                                     item(wireItem(QStringLiteral("ntf_b"), 2)) },
            QStringLiteral("2")));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(store.cursor(), QStringLiteral("2"));
        QList<InboxItem> items = store.items();
        QCOMPARE(items.size(), 2);
        QCOMPARE(items.at(0).id, QStringLiteral("ntf_b")); // newest first
        QCOMPARE(items.at(1).toJson(), wireItem(QStringLiteral("ntf_a"), 1));
        QCOMPARE(store.unreadCount(), 2);

        // A delta changes an item in place (no second row) and moves the cursor.
        QVERIFY(store.applyDelta({ decided(wireItem(QStringLiteral("ntf_a"), 1),
                                     QStringLiteral("approve"), QStringLiteral("approved")) },
            QStringLiteral("3")));
        items = store.items();
        QCOMPARE(items.size(), 2);
        QCOMPARE(items.at(1).state, QStringLiteral("approved"));
        QCOMPARE(items.at(1).version, 2);
        QCOMPARE(items.at(1).decidedVia, QStringLiteral("app · Pixel 8"));
        QCOMPARE(store.cursor(), QStringLiteral("3"));
        QCOMPARE(store.unreadCount(), 1);

        // A read mark made here wins over an "unread" from the server until it is told.
        QVERIFY(store.markReadLocally(QStringLiteral("ntf_b")));
        QVERIFY(!store.markReadLocally(QStringLiteral("ntf_b")));
        QCOMPARE(store.pendingReads(), QStringList { QStringLiteral("ntf_b") });
        QVERIFY(
            store.applyDelta({ item(wireItem(QStringLiteral("ntf_b"), 2)) }, QStringLiteral("4")));
        QCOMPARE(store.item(QStringLiteral("ntf_b"))->state, QStringLiteral("read"));
        QJsonObject read = wireItem(QStringLiteral("ntf_b"), 2);
        read.insert(QStringLiteral("state"), QStringLiteral("read"));
        QVERIFY(store.confirmRead(item(read)));
        QCOMPARE(store.pendingReads(), QStringList());
    }

    void outboxRowsSurviveAndFinishOnce()
    {
        const auto database = newDatabase();
        QByteArray key;
        {
            InboxStore store(database);
            QVERIFY(store.applyDelta(
                { item(wireItem(QStringLiteral("ntf_a"), 1)) }, QStringLiteral("1")));
            const auto queued =
                store.enqueueDecision(QStringLiteral("ntf_a"), QStringLiteral("approve"), {});
            QVERIFY(queued);
            key = queued->idempotencyKey;
            QVERIFY(key.size() >= 16);
            QCOMPARE(queued->version, 1);
            // One decision per item at a time.
            QVERIFY(!store.enqueueDecision(QStringLiteral("ntf_a"), QStringLiteral("reject"), {}));
            QVERIFY(
                !store.enqueueDecision(QStringLiteral("ntf_nope"), QStringLiteral("approve"), {}));
            QVERIFY(store.recordAttempt(queued->seq, QDateTime::currentDateTimeUtc().addSecs(60),
                QStringLiteral("network_error")));
        }
        // Another store on the same database (a restart) finds it, with the same key.
        InboxStore again(database);
        const QList<PendingDecision> waiting = again.pendingDecisions();
        QCOMPARE(waiting.size(), 1);
        QCOMPARE(waiting.first().idempotencyKey, key);
        QCOMPARE(waiting.first().attempts, 1);
        QCOMPARE(waiting.first().lastError, QStringLiteral("network_error"));
        QVERIFY(again.item(QStringLiteral("ntf_a"))->pending);
        QCOMPARE(again.item(QStringLiteral("ntf_a"))->pendingAction, QStringLiteral("approve"));
        QVERIFY(again.makeDecisionsDue());
        QVERIFY(!again.pendingDecisions().first().nextAttemptAt.isValid());

        const InboxItem current = decided(wireItem(QStringLiteral("ntf_a"), 1),
            QStringLiteral("reject"), QStringLiteral("rejected"));
        QVERIFY(
            again.finishDecision(waiting.first().seq, current, QStringLiteral("Already rejected")));
        QCOMPARE(again.pendingDecisionCount(), 0);
        const InboxItem after = *again.item(QStringLiteral("ntf_a"));
        QVERIFY(!after.pending);
        QCOMPARE(after.state, QStringLiteral("rejected"));
        QCOMPARE(after.statusText, QStringLiteral("Already rejected"));
        QVERIFY(!again.finishDecision(waiting.first().seq, current, {})); // once
        // The same version again keeps the words; a newer version clears them.
        QVERIFY(again.applyDelta({ current }, QStringLiteral("2")));
        QCOMPARE(
            again.item(QStringLiteral("ntf_a"))->statusText, QStringLiteral("Already rejected"));
        QJsonObject newer = current.toJson();
        newer.insert(QStringLiteral("version"), 3);
        QVERIFY(again.applyDelta({ item(newer) }, QStringLiteral("3")));
        QCOMPARE(again.item(QStringLiteral("ntf_a"))->statusText, QString());
    }

    void modelShowsTheStore()
    {
        InboxStore store(newDatabase());
        InboxModel model(store);
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.unreadCount(), 0);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy unread(&model, &InboxModel::unreadCountChanged);

        QVERIFY(
            store.applyDelta({ item(wireItem(QStringLiteral("ntf_a"), 1)),
                                 item(wireItem(QStringLiteral("ntf_b"), 2, QStringLiteral("it"))),
                                 item(wireItem(QStringLiteral("ntf_c"), 3)) },
                QStringLiteral("3")));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.unreadCount(), 3);
        QVERIFY(!unread.isEmpty());
        QVERIFY(!inserted.isEmpty());
        const auto at = [&model](int row, InboxModel::Role role) {
            return model.data(model.index(row), role);
        };
        QCOMPARE(at(0, InboxModel::IdRole).toString(), QStringLiteral("ntf_c"));
        QCOMPARE(at(2, InboxModel::IdRole).toString(), QStringLiteral("ntf_a"));
        // Every role of a row.
        QCOMPARE(at(1, InboxModel::TitleRole).toString(), QStringLiteral("Leave request ntf_b"));
        QCOMPARE(at(1, InboxModel::SubsystemRole).toString(), QStringLiteral("demo-hr"));
        QCOMPARE(at(1, InboxModel::BodyRole).toString(), QStringLiteral("Three days."));
        QCOMPARE(at(1, InboxModel::CategoryRole).toString(), QStringLiteral("it"));
        QCOMPARE(at(1, InboxModel::PriorityRole).toString(), QStringLiteral("high"));
        QCOMPARE(at(1, InboxModel::CreatedAtRole).toDateTime(),
            QDateTime(QDate(2026, 11, 29), QTime(9, 2), Qt::UTC));
        QVERIFY(!at(1, InboxModel::ExpiresAtRole).isValid());
        QCOMPARE(at(1, InboxModel::ActionableRole).toBool(), true);
        QCOMPARE(at(1, InboxModel::ActionsRole).toList().size(), 2);
        QCOMPARE(at(1, InboxModel::ActionsRole)
                     .toList()
                     .at(1)
                     .toMap()
                     .value(QStringLiteral("requiresComment"))
                     .toBool(),
            true);
        QCOMPARE(at(1, InboxModel::DataRole).toMap().value(QStringLiteral("days")).toInt(), 3);
        QCOMPARE(at(1, InboxModel::StateRole).toString(), QStringLiteral("unread"));
        QVERIFY(!at(1, InboxModel::DecidedByRole).isValid());
        QCOMPARE(at(1, InboxModel::VersionRole).toLongLong(), 1);
        QCOMPARE(at(1, InboxModel::PendingRole).toBool(), false);
        QCOMPARE(at(1, InboxModel::NeedsActionRole).toBool(), true);
        QCOMPARE(at(1, InboxModel::UnreadRole).toBool(), true);
        QCOMPARE(at(1, InboxModel::SectionRole).toString(),
            InboxModel::dayLabel(QDateTime(QDate(2026, 11, 29), QTime(9, 2), Qt::UTC)));
        QCOMPARE(InboxModel::dayLabel(QDateTime::currentDateTimeUtc()), QStringLiteral("Today"));
        const QHash<int, QByteArray> names = model.roleNames();
        for (const char *name : { "id", "title", "body", "category", "priority", "createdAt",
                 "expiresAt", "actionable", "actions", "data", "state", "decidedBy",
                 "decidedByName", "decidedAt", "decidedVia", "decidedAction", "version", "pending",
                 "pendingAction", "conflictText", "statusText", "section" })
            QVERIFY2(names.values().contains(QByteArray(name)), name);

        // A new item comes in at the top as an inserted row, not a reset.
        inserted.clear();
        QVERIFY(
            store.applyDelta({ item(wireItem(QStringLiteral("ntf_d"), 4)) }, QStringLiteral("4")));
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted.first().at(1).toInt(), 0);
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(reset.size(), 0);

        // A change elsewhere: dataChanged on that row.
        QSignalSpy changedRows(&model, &QAbstractItemModel::dataChanged);
        QVERIFY(store.applyDelta({ decided(wireItem(QStringLiteral("ntf_a"), 1),
                                     QStringLiteral("approve"), QStringLiteral("approved")) },
            QStringLiteral("5")));
        QCOMPARE(changedRows.size(), 1);
        QCOMPARE(changedRows.first().at(0).value<QModelIndex>().row(), 3);
        QCOMPARE(at(3, InboxModel::DecidedByNameRole).toString(), QStringLiteral("Asha Rao"));
        QCOMPARE(at(3, InboxModel::DecidedViaRole).toString(), QStringLiteral("app · Pixel 8"));
        QCOMPARE(at(3, InboxModel::DecidedActionRole).toString(), QStringLiteral("approve"));
        QCOMPARE(at(3, InboxModel::DecidedAtRole).toDateTime(),
            QDateTime(QDate(2026, 11, 29), QTime(10, 42), Qt::UTC));
        QCOMPARE(model.unreadCount(), 3);

        // Filters.
        model.setFilter(InboxModel::Filter::NeedsAction);
        QCOMPARE(model.rowCount(), 3);
        store.markReadLocally(QStringLiteral("ntf_c"));
        QCOMPARE(model.unreadCount(), 2);
        model.setFilter(InboxModel::Filter::Unread);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(at(0, InboxModel::IdRole).toString(), QStringLiteral("ntf_d"));
        QCOMPARE(at(1, InboxModel::IdRole).toString(), QStringLiteral("ntf_b"));
        model.setCategory(QStringLiteral("it"));
        model.setFilter(InboxModel::Filter::Category);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(at(0, InboxModel::IdRole).toString(), QStringLiteral("ntf_b"));
        model.setFilter(InboxModel::Filter::All);
        QCOMPARE(model.rowCount(), 4);

        // A decision waiting in the outbox: pending at once, out of "needs action".
        QSignalSpy pendingChanged(&model, &InboxModel::pendingDecisionsChanged);
        QVERIFY(store.enqueueDecision(QStringLiteral("ntf_d"), QStringLiteral("approve"), {}));
        QCOMPARE(model.pendingDecisions(), 1);
        QCOMPARE(pendingChanged.size(), 1);
        QCOMPARE(at(0, InboxModel::PendingRole).toBool(), true);
        QCOMPARE(at(0, InboxModel::PendingActionRole).toString(), QStringLiteral("approve"));
        QVERIFY(!at(0, InboxModel::StatusTextRole).toString().isEmpty());
        model.setFilter(InboxModel::Filter::NeedsAction);
        QCOMPARE(model.rowCount(), 2);
        model.setFilter(InboxModel::Filter::All);

        // Someone else was first: the words show on the row.
        const PendingDecision waiting = store.pendingDecisions().first();
        const InboxItem current = decided(wireItem(QStringLiteral("ntf_d"), 4),
            QStringLiteral("approve"), QStringLiteral("approved"));
        QVERIFY(store.finishDecision(waiting.seq, current,
            InboxItem::outcomeText(current, QStringLiteral("already_decided"))));
        QCOMPARE(model.pendingDecisions(), 0);
        QVERIFY(at(0, InboxModel::ConflictTextRole)
                    .toString()
                    .startsWith(QStringLiteral("Already approved by Asha Rao on Pixel 8")));
        QCOMPARE(at(0, InboxModel::StatusTextRole), at(0, InboxModel::ConflictTextRole));
        QCOMPARE(reset.size(), 0);

        // Without a database (signed out): empty.
        store.setDatabase(nullptr);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.unreadCount(), 0);
    }

    void storeReusesItsStatementsInADelta()
    {
        const auto database = newDatabase();
        // Migration 6: the next arrival number comes from an index, not a scan of the table.
        SqlStatement plan = database->prepare(
            "EXPLAIN QUERY PLAN SELECT COALESCE(MAX(arrival), 0) + 1 FROM inbox_items");
        QString planText;
        while (plan.step() == SqlStatement::Step::Row)
            planText += plan.columnText(plan.columnCount() - 1) + u'\n';
        QVERIFY2(planText.contains(QStringLiteral("inbox_items_arrival")), qPrintable(planText));
        plan = SqlStatement();
        // Migration 7: the first screen's unread count and categories read indexes, not the table.
        for (const auto &[sql, index] :
            { std::pair {
                  "EXPLAIN QUERY PLAN SELECT count(*) FROM inbox_items WHERE state = 'unread'",
                  "inbox_items_state" },
                std::pair { "EXPLAIN QUERY PLAN SELECT DISTINCT category FROM inbox_items WHERE "
                            "category <> ''",
                    "inbox_items_category" } }) {
            plan = database->prepare(sql);
            planText.clear();
            while (plan.step() == SqlStatement::Step::Row)
                planText += plan.columnText(plan.columnCount() - 1) + u'\n';
            QVERIFY2(planText.contains(QLatin1String(index)), qPrintable(planText));
        }
        plan = SqlStatement();

        InboxStore store(database);
        QVERIFY(
            store.applyDelta({ item(wireItem(QStringLiteral("ntf_a"), 1)) }, QStringLiteral("1")));
        QVERIFY(store.markReadLocally(QStringLiteral("ntf_a")));
        // One page mixing new items (same second: the later to arrive comes first) and an update
        // of a known one (its local read mark kept), with the statements prepared once.
        QVERIFY(store.applyDelta({ item(wireItem(QStringLiteral("ntf_x"), 7)),
                                     item(wireItem(QStringLiteral("ntf_a"), 1)),
                                     item(wireItem(QStringLiteral("ntf_y"), 7)),
                                     item(wireItem(QStringLiteral("ntf_z"), 7)) },
            QStringLiteral("2")));
        const QList<InboxItem> items = store.items();
        QCOMPARE(items.size(), 4);
        QCOMPARE(items.at(0).id, QStringLiteral("ntf_z"));
        QCOMPARE(items.at(1).id, QStringLiteral("ntf_y"));
        QCOMPARE(items.at(2).id, QStringLiteral("ntf_x"));
        QCOMPARE(items.at(3).id, QStringLiteral("ntf_a"));
        QCOMPARE(items.at(3).state, QStringLiteral("read"));
        QCOMPARE(store.pendingReads(), QStringList { QStringLiteral("ntf_a") });
        QCOMPARE(items.at(0).toJson(), wireItem(QStringLiteral("ntf_z"), 7));
        // A scalar, an empty object and an empty array survive the JSON columns.
        QJsonObject scalar = wireItem(QStringLiteral("ntf_s"), 8);
        scalar.insert(QStringLiteral("data"), 42);
        scalar.insert(QStringLiteral("actions"), QJsonArray());
        scalar.insert(QStringLiteral("actionable"), false);
        QJsonObject empty = wireItem(QStringLiteral("ntf_e"), 9);
        empty.insert(QStringLiteral("data"), QJsonObject());
        QVERIFY(store.applyDelta({ item(scalar), item(empty) }, QStringLiteral("3")));
        QCOMPARE(store.item(QStringLiteral("ntf_s"))->toJson(), scalar);
        QCOMPARE(store.item(QStringLiteral("ntf_e"))->toJson(), empty);
        // Times in the form the store writes are read directly; any other RFC 3339 form through
        // the wire's parser, and something else as none.
        QVERIFY(database->exec("UPDATE inbox_items SET decidedAt = '2026-11-29T10:42:00.5+01:00',"
                               " expiresAt = '2026-02-30T10:00:00Z' WHERE id = 'ntf_e'"));
        const InboxItem odd = *store.item(QStringLiteral("ntf_e"));
        QCOMPARE(odd.decidedAt, QDateTime(QDate(2026, 11, 29), QTime(9, 42, 0, 500), Qt::UTC));
        QVERIFY(!odd.expiresAt.isValid());
        QCOMPARE(odd.createdAt, QDateTime(QDate(2026, 11, 29), QTime(9, 9), Qt::UTC));
    }

    // The store writes the JSON of actions and data itself (not through QJsonDocument): the
    // same bytes as QJsonDocument's compact form, and every kind of value reads back the same.
    // A delta page commits without waiting for the disk (it is fetched again after a power
    // cut); everything written after it, the person's decisions and read marks, waits again.
    void deltaRelaxesSyncForItsOwnCommitOnly()
    {
        const auto database = newDatabase();
        const auto synchronous = [&database] {
            SqlStatement pragma = database->prepare("PRAGMA synchronous");
            return pragma.step() == SqlStatement::Step::Row ? pragma.columnInt64(0) : -1;
        };
        constexpr qint64 full = 2;
        QCOMPARE(synchronous(), full);
        InboxStore store(database);
        QVERIFY(
            store.applyDelta({ item(wireItem(QStringLiteral("ntf_s"), 1)) }, QStringLiteral("1")));
        QCOMPARE(synchronous(), full);
        QCOMPARE(store.cursor(), QStringLiteral("1"));
        QVERIFY(store.item(QStringLiteral("ntf_s")).has_value());
    }

    // A catch-up (delta pages of catchUpItems or more) keeps a larger page cache and longer WAL
    // between checkpoints on the connection until a smaller page comes, the pages stop for
    // catchUpIdleMs, or the store lets the database go; then Database's settings are back.
    void catchUpRaisesTheCacheUntilItEnds()
    {
        const auto database = newDatabase();
        const auto pragma = [&database](const char *name) {
            return database->pragmaValue(QByteArray(QByteArrayLiteral("PRAGMA ") + name))
                .value_or(-12345);
        };
        const auto atDefaults = [&] {
            return pragma("cache_size") == -Database::cacheKiB
                && pragma("wal_autocheckpoint") == Database::walCheckpointPages
                && pragma("journal_size_limit") == Database::walSizeLimitBytes;
        };
        const auto inCatchUp = [&] {
            return pragma("cache_size") == -InboxStore::catchUpCacheKiB
                && pragma("wal_autocheckpoint") == InboxStore::catchUpCheckpointPages
                && pragma("journal_size_limit") == -1;
        };
        int next = 0;
        const auto page = [&next](int size) {
            QList<InboxItem> items;
            for (int i = 0; i < size; ++i, ++next)
                items.append(item(wireItem(QStringLiteral("ntf_c%1").arg(next), next % 50)));
            return items;
        };
        constexpr qint64 full = 2;
        QVERIFY(atDefaults());

        auto store = std::make_unique<InboxStore>(database);
        QVERIFY(store->applyDelta(page(InboxStore::catchUpItems - 1), QStringLiteral("1")));
        QVERIFY(!store->inCatchUp());
        QVERIFY(atDefaults());
        // Large pages: the catch-up's settings, kept from page to page; sync FULL after each.
        QVERIFY(store->applyDelta(page(InboxStore::catchUpItems), QStringLiteral("2")));
        QVERIFY(store->inCatchUp());
        QVERIFY(inCatchUp());
        QCOMPARE(pragma("synchronous"), full);
        QVERIFY(store->applyDelta(page(InboxStore::catchUpItems + 7), QStringLiteral("3")));
        QVERIFY(inCatchUp());
        // The last, smaller page ends it; everything is stored.
        QVERIFY(store->applyDelta(page(3), QStringLiteral("4")));
        QVERIFY(!store->inCatchUp());
        QVERIFY(atDefaults());
        QCOMPARE(store->itemCount({}), next);
        QCOMPARE(store->cursor(), QStringLiteral("4"));

        // No more pages: it ends after catchUpIdleMs, through the event loop.
        QVERIFY(store->applyDelta(page(InboxStore::catchUpItems), QStringLiteral("5")));
        QVERIFY(inCatchUp());
        QTRY_VERIFY_WITH_TIMEOUT(!store->inCatchUp(), InboxStore::catchUpIdleMs * 10);
        QVERIFY(atDefaults());

        // A store that lets its database go (sign-out, destruction) sets it back first.
        QVERIFY(store->applyDelta(page(InboxStore::catchUpItems), QStringLiteral("6")));
        QVERIFY(inCatchUp());
        store->setDatabase(newDatabase());
        QVERIFY(!store->inCatchUp());
        QVERIFY(atDefaults());
        store->setDatabase(database);
        QVERIFY(store->applyDelta(page(InboxStore::catchUpItems), QStringLiteral("7")));
        QVERIFY(inCatchUp());
        store.reset();
        QVERIFY(atDefaults());
        QCOMPARE(InboxStore(database).itemCount({}), next);
    }

    void storeWritesJsonAsQtDoes()
    {
        const auto database = newDatabase();
        InboxStore store(database);
        const QJsonObject data {
            { QStringLiteral("text"),
                QString(
                    QStringLiteral("quote \" backslash \\ slash / tab \t newline \n cr \r bell ")
                    + QChar(7) + QStringLiteral(" nul ") + QChar(0) + QStringLiteral(" end")) },
            { QStringLiteral("unicode"), QStringLiteral("Ünïcødé – 日本 😀") },
            { QStringLiteral("ключ"), true },
            { QStringLiteral("numbers"),
                QJsonArray { 0, -1, 3, 2.5, -0.125, 1e-7, 1.5e300, 9007199254740993LL,
                    qint64(-4611686018427387904LL), 123456789012.0 } },
            { QStringLiteral("nested"),
                QJsonArray { QJsonArray {}, QJsonObject {}, QJsonValue(QJsonValue::Null), false,
                    QJsonObject { { QStringLiteral("a"), QJsonArray { QStringLiteral("") } } } } },
        };
        const QJsonArray actions {
            QJsonObject { { QStringLiteral("id"), QStringLiteral("approve") },
                { QStringLiteral("label"), QStringLiteral("Genehmigen \"jetzt\"") } },
        };
        QJsonObject json = wireItem(QStringLiteral("ntf_j"), 1);
        json.insert(QStringLiteral("data"), data);
        json.insert(QStringLiteral("actions"), actions);
        QVERIFY(store.applyDelta({ item(json) }, QStringLiteral("1")));
        QCOMPARE(store.item(QStringLiteral("ntf_j"))->toJson(), json);
        {
            SqlStatement row =
                database->prepare("SELECT actions, data FROM inbox_items WHERE id = 'ntf_j'");
            QCOMPARE(row.step(), SqlStatement::Step::Row);
            QCOMPARE(row.columnUtf8(0), QJsonDocument(actions).toJson(QJsonDocument::Compact));
            QCOMPARE(row.columnUtf8(1), QJsonDocument(data).toJson(QJsonDocument::Compact));
        }
        // Scalars of every kind (stored wrapped) read back as they were.
        const QList<QJsonValue> scalars { QJsonValue(QJsonValue::Null), true, false, 0, -7, 0.1,
            QStringLiteral("text \"quoted\""), QString() };
        for (const QJsonValue &scalar : scalars) {
            json.insert(QStringLiteral("data"), scalar);
            QVERIFY(store.applyDelta({ item(json) }, QStringLiteral("2")));
            QCOMPARE(store.item(QStringLiteral("ntf_j"))->data, scalar);
        }
    }

    void modelLoadsPagesAndCountsInSql()
    {
        InboxStore store(newDatabase());
        constexpr int total = InboxModel::pageSize * 2 + 50;
        const QDateTime start(QDate(2026, 11, 29), QTime(8, 0), Qt::UTC);
        QList<InboxItem> items;
        for (int i = 0; i < total; ++i) {
            QJsonObject json = wireItem(QStringLiteral("ntf_%1").arg(i, 4, 10, QLatin1Char('0')), 0,
                i % 3 == 0 ? QStringLiteral("it") : QStringLiteral("leave"));
            json.insert(QStringLiteral("createdAt"),
                start.addSecs(i).toString(Qt::ISODate)); // ntf_0000 the oldest
            if (i % 2 == 0)
                json.insert(QStringLiteral("state"), QStringLiteral("read"));
            items.append(item(json));
        }
        QVERIFY(store.applyDelta(items, QStringLiteral("1")));
        const auto idAt = [](const InboxModel &model, int row) {
            return model.data(model.index(row), InboxModel::IdRole).toString();
        };

        InboxModel model(store);
        // The first screen: one page of the newest, while the counts are the whole cache's.
        QCOMPARE(model.rowCount(), InboxModel::pageSize);
        QCOMPARE(model.count(), total);
        QCOMPARE(model.unreadCount(), total / 2);
        QCOMPARE(
            model.categories(), (QStringList { QStringLiteral("it"), QStringLiteral("leave") }));
        QCOMPARE(idAt(model, 0), QStringLiteral("ntf_%1").arg(total - 1, 4, 10, QLatin1Char('0')));
        QVERIFY(model.canFetchMore({}));
        // get() and approveAll() reach items not loaded yet.
        QCOMPARE(model.get(QStringLiteral("ntf_0000")).value(QStringLiteral("category")).toString(),
            QStringLiteral("it"));
        QCOMPARE(model.rowOf(QStringLiteral("ntf_0000")), -1);

        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.fetchMore({});
        QCOMPARE(model.rowCount(), InboxModel::pageSize * 2);
        model.fetchMore({});
        QCOMPARE(model.rowCount(), total);
        QVERIFY(!model.canFetchMore({}));
        QCOMPARE(inserted.size(), 2);
        for (int row = 0; row < total; ++row)
            QCOMPARE(idAt(model, row),
                QStringLiteral("ntf_%1").arg(total - 1 - row, 4, 10, QLatin1Char('0')));

        // (The tester asks for more rows itself: from here on, with every row loaded.)
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        // A change to a row loaded by a later page: dataChanged on it, rows kept loaded.
        QSignalSpy changedRows(&model, &QAbstractItemModel::dataChanged);
        QJsonObject old = items.at(10).toJson();
        QVERIFY(store.applyDelta(
            { decided(old, QStringLiteral("approve"), QStringLiteral("approved")) },
            QStringLiteral("2")));
        QCOMPARE(changedRows.size(), 1);
        QCOMPARE(changedRows.first().at(0).value<QModelIndex>().row(), total - 1 - 10);
        QCOMPARE(model.rowCount(), total);
        QCOMPARE(reset.size(), 0);

        // Filters count in SQL and load their first page.
        model.setFilter(InboxModel::Filter::Unread);
        QCOMPARE(model.count(), total / 2);
        QCOMPARE(model.rowCount(), InboxModel::pageSize);
        QCOMPARE(idAt(model, 0), QStringLiteral("ntf_%1").arg(total - 1, 4, 10, QLatin1Char('0')));
        model.setCategory(QStringLiteral("it"));
        model.setFilter(InboxModel::Filter::Category);
        QCOMPARE(model.count(), (total + 2) / 3);
        QVERIFY(store.enqueueDecision(QStringLiteral("ntf_0001"), QStringLiteral("approve"), {}));
        QCOMPARE(model.pendingDecisions(), 1);
        model.setFilter(InboxModel::Filter::NeedsAction);
        // Open and actionable: all but the approved one and the pending one.
        QCOMPARE(model.count(), total - 2);
        while (model.canFetchMore({}))
            model.fetchMore({});
        QCOMPARE(model.rowCount(), total - 2);
        QCOMPARE(model.rowOf(QStringLiteral("ntf_0001")), -1);
        QCOMPARE(model.rowOf(QStringLiteral("ntf_0000")), total - 3);
    }

    void outboxChecksBeforeItWrites()
    {
        // A session with nothing signed in: the outbox writes but sends nothing.
        SignedOutSession signedOut(m_dir.filePath(QStringLiteral("session.db")));
        Session &session = signedOut.session;

        const auto database = newDatabase();
        InboxStore store(database);
        QJsonObject closed = wireItem(QStringLiteral("ntf_closed"), 2);
        closed = decided(closed, QStringLiteral("approve"), QStringLiteral("approved")).toJson();
        QJsonObject info = wireItem(QStringLiteral("ntf_info"), 3);
        info.insert(QStringLiteral("actionable"), false);
        info.insert(QStringLiteral("actions"), QJsonArray {});
        QVERIFY(store.applyDelta(
            { item(wireItem(QStringLiteral("ntf_a"), 1)), item(closed), item(info) },
            QStringLiteral("3")));
        DecisionOutbox outbox(session, store);
        QSignalSpy count(&outbox, &DecisionOutbox::pendingCountChanged);

        QCOMPARE(outbox.decide(QStringLiteral("ntf_nope"), QStringLiteral("approve"))->code,
            QStringLiteral("not_found"));
        QCOMPARE(outbox.decide(QStringLiteral("ntf_a"), QStringLiteral("escalate"))->code,
            QStringLiteral("unknown_action"));
        QCOMPARE(
            outbox.decide(QStringLiteral("ntf_a"), QStringLiteral("reject"), QStringLiteral("  "))
                ->code,
            QStringLiteral("comment_required"));
        QCOMPARE(outbox.decide(QStringLiteral("ntf_info"), QStringLiteral("approve"))->code,
            QStringLiteral("not_actionable"));
        const auto late = outbox.decide(
            QStringLiteral("ntf_closed"), QStringLiteral("reject"), QStringLiteral("no"));
        QCOMPARE(late->code, QStringLiteral("not_open"));
        QVERIFY(late->message.startsWith(QStringLiteral("Already approved by Asha Rao")));
        QCOMPARE(outbox.pendingCount(), 0);

        QVERIFY(!outbox.decide(
            QStringLiteral("ntf_a"), QStringLiteral("reject"), QStringLiteral("Not now")));
        QCOMPARE(outbox.pendingCount(), 1);
        QCOMPARE(count.size(), 1);
        QCOMPARE(outbox.decide(QStringLiteral("ntf_a"), QStringLiteral("approve"))->code,
            QStringLiteral("decision_pending"));
        const PendingDecision written = store.pendingDecisions().first();
        QCOMPARE(written.comment, QStringLiteral("Not now"));
        QCOMPARE(written.version, 1);
        QTest::qWait(50); // the outbox's first look: not signed in, nothing is sent
        QCOMPARE(store.pendingDecisions().first().attempts, 0);

        // A new outbox on the same database (a restart) has the same decision, same key.
        InboxStore again(database);
        DecisionOutbox restarted(session, again);
        QCOMPARE(restarted.pendingCount(), 1);
        QCOMPARE(again.pendingDecisions().first().idempotencyKey, written.idempotencyKey);
    }

    // What the UI asks of the model beyond the rows: categories to filter by, one item by id,
    // whether an action needs a comment, and bulk approval that leaves out what needs one.
    void modelServesTheInboxPage()
    {
        SignedOutSession signedOut(m_dir.filePath(QStringLiteral("session-ui.db")));
        Session &session = signedOut.session;
        InboxStore store(newDatabase());
        QJsonObject strict = wireItem(QStringLiteral("ntf_strict"), 4, QStringLiteral("it"));
        strict.insert(QStringLiteral("actions"),
            QJsonArray { QJsonObject { { QStringLiteral("id"), QStringLiteral("approve") },
                { QStringLiteral("label"), QStringLiteral("Approve") },
                { QStringLiteral("requiresComment"), true } } });
        QVERIFY(store.applyDelta({ item(wireItem(QStringLiteral("ntf_a"), 1)),
                                     item(wireItem(QStringLiteral("ntf_b"), 2)), item(strict) },
            QStringLiteral("3")));
        DecisionOutbox outbox(session, store);
        InboxModel model(store);
        model.setOutbox(&outbox);

        QCOMPARE(
            model.categories(), QStringList({ QStringLiteral("it"), QStringLiteral("leave") }));
        const QVariantMap one = model.get(QStringLiteral("ntf_b"));
        QCOMPARE(
            one.value(QStringLiteral("title")).toString(), QStringLiteral("Leave request ntf_b"));
        QCOMPARE(one.value(QStringLiteral("needsAction")).toBool(), true);
        QVERIFY(model.get(QStringLiteral("ntf_nope")).isEmpty());
        QVERIFY(model.requiresComment(QStringLiteral("ntf_a"), QStringLiteral("reject")));
        QVERIFY(!model.requiresComment(QStringLiteral("ntf_a"), QStringLiteral("approve")));
        QVERIFY(model.requiresComment(QStringLiteral("ntf_strict"), QStringLiteral("approve")));

        const QString left = model.approveAll({ QStringLiteral("ntf_a"), QStringLiteral("ntf_b"),
            QStringLiteral("ntf_strict"), QStringLiteral("ntf_nope") });
        QCOMPARE(left, QStringLiteral("1 item asks for a comment: approve it on its own."));
        QCOMPARE(model.pendingDecisions(), 2);
        QVERIFY(model.get(QStringLiteral("ntf_a")).value(QStringLiteral("pending")).toBool());
        QVERIFY(!model.get(QStringLiteral("ntf_strict")).value(QStringLiteral("pending")).toBool());
        QVERIFY(!model.isOffline()); // no sync: nothing known about the network
    }

    void historyReadsTheServersEvents()
    {
        const QJsonObject answer {
            { QStringLiteral("history"),
                QJsonArray {
                    QJsonObject { { QStringLiteral("event"), QStringLiteral("created") },
                        { QStringLiteral("at"), QStringLiteral("2026-11-29T09:00:00Z") },
                        { QStringLiteral("by"), QStringLiteral("demo-hr") },
                        { QStringLiteral("via"), QStringLiteral("api") } },
                    QJsonObject { { QStringLiteral("event"), QStringLiteral("decided") },
                        { QStringLiteral("at"), QStringLiteral("2026-11-29T10:42:00.250Z") },
                        { QStringLiteral("by"), QStringLiteral("E1001") },
                        { QStringLiteral("byName"), QStringLiteral("Asha Rao") },
                        { QStringLiteral("via"), QStringLiteral("app · Pixel 8") },
                        { QStringLiteral("action"), QStringLiteral("reject") },
                        { QStringLiteral("comment"), QStringLiteral("Not this week") } },
                } },
        };
        QString problem;
        const auto events = InboxHistory::parse(answer, &problem);
        QVERIFY2(events, qPrintable(problem));
        QCOMPARE(events->size(), 2);
        const QVariantMap created = events->at(0).toMap();
        QCOMPARE(
            created.value(QStringLiteral("text")).toString(), QStringLiteral("Sent by demo-hr"));
        const QVariantMap decidedEvent = events->at(1).toMap();
        QCOMPARE(decidedEvent.value(QStringLiteral("text")).toString(),
            QStringLiteral("Rejected by Asha Rao on Pixel 8"));
        QCOMPARE(decidedEvent.value(QStringLiteral("comment")).toString(),
            QStringLiteral("Not this week"));
        QCOMPARE(decidedEvent.value(QStringLiteral("at")).toDateTime(),
            QDateTime::fromString(QStringLiteral("2026-11-29T10:42:00.250Z"), Qt::ISODateWithMs));

        // Malformed answers are refused as a whole, with the reason.
        QVERIFY(!InboxHistory::parse(QJsonObject {}, &problem));
        QCOMPARE(problem, QStringLiteral("the answer has no history"));
        const QJsonObject noTime { { QStringLiteral("history"),
            QJsonArray { QJsonObject { { QStringLiteral("event"), QStringLiteral("read") } } } } };
        QVERIFY(!InboxHistory::parse(noTime, &problem));
        const QJsonObject notObjects { { QStringLiteral("history"), QJsonArray { 1, 2 } } };
        QVERIFY(!InboxHistory::parse(notObjects, &problem));
    }
};

QTEST_GUILESS_MAIN(TestInbox)
#include "tst_inbox.moc"
