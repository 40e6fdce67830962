// InboxModel over a store filled directly, without a server: rows newest first, every role,
// filters, unread count, pending decisions, conflict words, row signals, pages loaded and counted
// in SQL, the inbox page served, and the history read from the server's events.
#include "inboxfixture.h"

using namespace tessera;
using namespace tessera::test;

class TestInboxModel : public QObject, protected InboxFixture
{
    Q_OBJECT

private Q_SLOTS:
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
        DecisionOutbox outbox(session.api(), session.scope(), store);
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

QTEST_GUILESS_MAIN(TestInboxModel)
#include "tst_inbox_model.moc"
