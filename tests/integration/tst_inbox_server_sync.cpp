// The client side of the inbox against the real server over TLS: the first sync, deltas and the
// stream's hints into the model; decisions confirmed, conflicted and withdrawn; an offline decision
// that survives a restart and applies once.
#include "inboxserverfixture.h"

using namespace tessera;
using namespace tessera::test;

class TestInboxServerSync : public QObject, protected InboxServerFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { startParts(); }

    // Initial sync, delta after new and changed items, the stream's hints, read marks, filters.
    void syncStreamAndModel()
    {
        ServerProcess server;
        QVERIFY2(server.start(serverOptions()), qPrintable(server.error()));
        const QString first =
            notify(server, { QStringLiteral("E1002") }, {}, QStringLiteral("First"));
        const QString second =
            notify(server, { QStringLiteral("E1002") }, {}, QStringLiteral("Second"));
        QVERIFY(!first.isEmpty() && !second.isEmpty());
        notify(server, { QStringLiteral("E1001") }); // Asha's: never on Ben's device

        MemorySecretStore secrets;
        Device ben(server.url(), m_ca.caFile(), secrets, m_deviceInfo, newDatabasePath(),
            QStringLiteral("ben-phone"));
        ben.sync->setPageSize(1); // paging: one item per page, until hasMore is false
        QSignalSpy synced(ben.sync, &InboxSync::synced);
        ben.sync->start();
        QVERIFY(signIn(ben, server, QStringLiteral("Ben Okafor")));

        // The initial sync: both of Ben's items, newest first, in the store and the model.
        QTRY_COMPARE_WITH_TIMEOUT(ben.model->rowCount(), 2, kTimeout);
        QCOMPARE(ben.model->itemAt(0).id, second);
        QCOMPARE(ben.model->itemAt(1).id, first);
        QCOMPARE(ben.store->items().size(), 2);
        QVERIFY(!ben.store->cursor().isEmpty());
        QCOMPARE(ben.model->unreadCount(), 2);
        QCOMPARE(ben.role(first, InboxModel::SubsystemRole).toString(), QStringLiteral("demo-hr"));
        QCOMPARE(ben.role(first, InboxModel::ActionsRole).toList().size(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(!synced.isEmpty(), kTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(!ben.model->isLoading(), kTimeout);
        QCOMPARE(ben.model->error(), QString());

        // The stream says hello; a new notification arrives through its hint (no sync asked).
        QTRY_VERIFY_WITH_TIMEOUT(ben.sync->isLive(), kTimeout);
        QSignalSpy inserted(ben.model, &QAbstractItemModel::rowsInserted);
        const QString third =
            notify(server, { QStringLiteral("E1002") }, {}, QStringLiteral("Third"));
        QTRY_COMPARE_WITH_TIMEOUT(ben.model->rowCount(), 3, kTimeout);
        QCOMPARE(ben.model->itemAt(0).id, third);
        QCOMPARE(ben.role(third, InboxModel::TitleRole).toString(), QStringLiteral("Third"));
        QVERIFY(!inserted.isEmpty());

        // A changed item: the sub-system withdraws one; the delta brings the new state.
        const HttpResult withdrawn =
            httpRequest("DELETE", server.url(QStringLiteral("/v1/notifications/%1").arg(first)), {},
                bearer(apiKey(server)));
        QCOMPARE(withdrawn.status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(ben.role(first, InboxModel::StateRole).toString(),
            QStringLiteral("withdrawn"), kTimeout);
        QCOMPARE(ben.role(first, InboxModel::VersionRole).toLongLong(), 2);
        QCOMPARE(ben.model->rowCount(), 3); // in place, no second row
        QCOMPARE(ben.model->unreadCount(), 2);

        // Filters.
        ben.model->setFilter(InboxModel::Filter::NeedsAction);
        QCOMPARE(ben.model->rowCount(), 2);
        ben.model->setFilter(InboxModel::Filter::Unread);
        QCOMPARE(ben.model->rowCount(), 2);
        ben.model->setCategory(QStringLiteral("leave"));
        ben.model->setFilter(InboxModel::Filter::Category);
        QCOMPARE(ben.model->rowCount(), 3);
        ben.model->setCategory(QStringLiteral("it"));
        QCOMPARE(ben.model->rowCount(), 0);
        ben.model->setFilter(InboxModel::Filter::All);

        // Read: at once here, then told to the server (its answer clears the local mark).
        ben.model->markRead(second);
        QCOMPARE(ben.model->unreadCount(), 1);
        QCOMPARE(ben.role(second, InboxModel::StateRole).toString(), QStringLiteral("read"));
        QTRY_VERIFY_WITH_TIMEOUT(ben.store->pendingReads().isEmpty(), kTimeout);
        const HttpResult one =
            httpRequest("GET", server.url(QStringLiteral("/v1/inbox/%1").arg(second)), {},
                bearer(tokenOf(server, QStringLiteral("Ben Okafor"))));
        QCOMPARE(one.json().value(QStringLiteral("state")).toString(), QStringLiteral("read"));

        // Back from the background: the stream closes and opens again, and it syncs. Going to
        // the background syncs once more: that run ends before the next item is sent.
        ben.sync->setForeground(false);
        QTRY_VERIFY_WITH_TIMEOUT(!ben.sync->isLive() && !ben.sync->isLoading(), kTimeout);
        // Ben's tablet stays in the foreground: once the stream's hint has brought it the new
        // item, a phone still listening would have had the hint too.
        MemorySecretStore tabletSecrets;
        Device tablet(server.url(), m_ca.caFile(), tabletSecrets, m_deviceInfo, newDatabasePath(),
            QStringLiteral("ben-tablet"));
        tablet.sync->start();
        QVERIFY(signIn(tablet, server, QStringLiteral("Ben Okafor")));
        QTRY_VERIFY_WITH_TIMEOUT(tablet.sync->isLive() && !tablet.sync->isLoading(), kTimeout);
        const QString fourth =
            notify(server, { QStringLiteral("E1002") }, {}, QStringLiteral("Fourth"));
        QTRY_COMPARE_WITH_TIMEOUT(tablet.rowOf(fourth), 0, kTimeout);
        QCOMPARE(ben.rowOf(fourth), -1); // nothing is listening while in the background
        ben.sync->setForeground(true);
        QTRY_COMPARE_WITH_TIMEOUT(ben.rowOf(fourth), 0, kTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(ben.sync->isLive(), kTimeout);
    }

    // A decision made here: pending at once, confirmed by the server, one signed webhook.
    // Someone else first: the conflict words. Withdrawn before the decision arrived: 410 shown.
    void decisionsConfirmedConflictedWithdrawn()
    {
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        ServerProcess server;
        QVERIFY2(server.start(serverOptions()), qPrintable(server.error()));
        const QString mine = notify(server, { QStringLiteral("E1002") }, receiver.url());
        const QString shared =
            notify(server, { QStringLiteral("E1001"), QStringLiteral("E1002") }, receiver.url());
        const QString pulled = notify(server, { QStringLiteral("E1002") }, receiver.url());

        MemorySecretStore secrets;
        Device ben(server.url(), m_ca.caFile(), secrets, m_deviceInfo, newDatabasePath(),
            QStringLiteral("ben-phone"));
        ben.sync->setStreamEnabled(false); // the delta is asked for by hand here
        ben.sync->start();
        QVERIFY(signIn(ben, server, QStringLiteral("Ben Okafor")));
        QTRY_COMPARE_WITH_TIMEOUT(ben.model->rowCount(), 3, kTimeout);

        // Confirmed.
        QSignalSpy finished(ben.outbox, &DecisionOutbox::decisionFinished);
        QCOMPARE(ben.model->approve(mine), QString());
        QCOMPARE(ben.role(mine, InboxModel::PendingRole).toBool(), true); // before any answer
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kTimeout);
        QCOMPARE(finished.first().at(0).toString(), mine);
        QCOMPARE(finished.first().at(1).value<DecisionOutbox::Outcome>(),
            DecisionOutbox::Outcome::Confirmed);
        QCOMPARE(ben.role(mine, InboxModel::StateRole).toString(), QStringLiteral("approved"));
        QCOMPARE(ben.role(mine, InboxModel::PendingRole).toBool(), false);
        QCOMPARE(
            ben.role(mine, InboxModel::DecidedByNameRole).toString(), QStringLiteral("Ben Okafor"));
        QCOMPARE(
            ben.role(mine, InboxModel::DecidedViaRole).toString(), QStringLiteral("app · Pixel 8"));
        QCOMPARE(ben.model->pendingDecisions(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(receiver.deliveries().size(), 1, kTimeout);
        const QJsonObject hook =
            QJsonDocument::fromJson(receiver.deliveries().first().body).object();
        QCOMPARE(hook.value(QStringLiteral("notificationId")).toString(), mine);
        QCOMPARE(hook.value(QStringLiteral("action")).toString(), QStringLiteral("approve"));
        QCOMPARE(hook.value(QStringLiteral("decidedBy")).toString(), QStringLiteral("E1002"));

        // Asha approves the shared one on her phone before Ben's rejection reaches the server.
        const HttpResult asha =
            httpRequest("POST", server.url(QStringLiteral("/v1/inbox/%1/decision").arg(shared)),
                compactJson(QJsonObject { { QStringLiteral("action"), QStringLiteral("approve") },
                    { QStringLiteral("version"), 1 } }),
                bearer(tokenOf(server, QStringLiteral("Asha Rao")), "asha-1"));
        QCOMPARE(asha.status, 200);
        QCOMPARE(ben.model->reject(shared), QStringLiteral("“Reject” needs a comment."));
        QCOMPARE(ben.model->reject(shared, QStringLiteral("Team is short that week")), QString());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, kTimeout);
        QCOMPARE(finished.last().at(1).value<DecisionOutbox::Outcome>(),
            DecisionOutbox::Outcome::Conflicted);
        const QString words = ben.role(shared, InboxModel::ConflictTextRole).toString();
        QVERIFY2(words.startsWith(QStringLiteral("Already approved by Asha Rao on Pixel 8 at ")),
            qPrintable(words));
        QCOMPARE(finished.last().at(2).toString(), words);
        QCOMPARE(ben.role(shared, InboxModel::StateRole).toString(), QStringLiteral("approved"));
        QCOMPARE(ben.role(shared, InboxModel::StatusTextRole).toString(), words);
        QCOMPARE(ben.role(shared, InboxModel::PendingRole).toBool(), false);

        // Withdrawn by the sender; Ben's device has not synced since.
        QCOMPARE(
            httpRequest("DELETE", server.url(QStringLiteral("/v1/notifications/%1").arg(pulled)),
                {}, bearer(apiKey(server)))
                .status,
            200);
        QCOMPARE(ben.role(pulled, InboxModel::StateRole).toString(), QStringLiteral("unread"));
        QCOMPARE(ben.model->approve(pulled), QString());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 3, kTimeout);
        QCOMPARE(finished.last().at(1).value<DecisionOutbox::Outcome>(),
            DecisionOutbox::Outcome::Conflicted);
        QCOMPARE(ben.role(pulled, InboxModel::StateRole).toString(), QStringLiteral("withdrawn"));
        QVERIFY(ben.role(pulled, InboxModel::StatusTextRole)
                    .toString()
                    .startsWith(QStringLiteral("Withdrawn by the sender")));
        QCOMPARE(ben.model->pendingDecisions(), 0);

        // A refusal the device could not see coming (its copy of the actions is stale): 422,
        // shown, and the decision leaves the outbox.
        const QString another = notify(server, { QStringLiteral("E1002") }, receiver.url());
        ben.sync->syncNow();
        QTRY_VERIFY_WITH_TIMEOUT(ben.rowOf(another) >= 0, kTimeout);
        InboxItem stale = *ben.store->item(another);
        stale.actions =
            QJsonArray { QJsonObject { { QStringLiteral("id"), QStringLiteral("reject") },
                { QStringLiteral("label"), QStringLiteral("Reject") } } };
        QVERIFY(ben.store->upsert(stale));
        QCOMPARE(ben.model->reject(another), QString());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 4, kTimeout);
        QCOMPARE(finished.last().at(1).value<DecisionOutbox::Outcome>(),
            DecisionOutbox::Outcome::Refused);
        QVERIFY(ben.role(another, InboxModel::StatusTextRole)
                    .toString()
                    .contains(QStringLiteral("needs a comment")));
        QCOMPARE(ben.model->pendingDecisions(), 0);

        // Still exactly one webhook (the conflicts and the refusal decided nothing here).
        QTRY_COMPARE_WITH_TIMEOUT(receiver.deliveries().size(), 2, kTimeout); // Asha's approval
        QTest::qWait(2500);
        QCOMPARE(receiver.deliveries().size(), 2);
    }

    // Decided while the server is down: pending, retried, kept across a restart of the app, and
    // applied exactly once when the server is back (one webhook delivery).
    void offlineDecisionSurvivesRestartAndAppliesOnce()
    {
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        ServerProcess server;
        QVERIFY2(server.start(serverOptions()), qPrintable(server.error()));
        const QString id = notify(server, { QStringLiteral("E1002") }, receiver.url());
        const QString databasePath = newDatabasePath();
        MemorySecretStore secrets; // stands in for the keyring, which outlives the app
        QByteArray key;
        {
            Device ben(server.url(), m_ca.caFile(), secrets, m_deviceInfo, databasePath,
                QStringLiteral("ben-phone"));
            ben.sync->start();
            QVERIFY(signIn(ben, server, QStringLiteral("Ben Okafor")));
            QTRY_COMPARE_WITH_TIMEOUT(ben.rowOf(id), 0, kTimeout);

            QVERIFY(server.stop().has_value());
            QSignalSpy deferred(ben.outbox, &DecisionOutbox::decisionDeferred);
            QCOMPARE(ben.model->approve(id), QString());
            QCOMPARE(ben.role(id, InboxModel::PendingRole).toBool(), true);
            QCOMPARE(ben.model->pendingDecisions(), 1);
            QVERIFY(!ben.role(id, InboxModel::StatusTextRole).toString().isEmpty());
            // Retried with backoff while the server is away.
            QTRY_VERIFY_WITH_TIMEOUT(deferred.size() >= 2, kTimeout);
            const QList<PendingDecision> waiting = ben.store->pendingDecisions();
            QCOMPARE(waiting.size(), 1);
            QVERIFY(waiting.first().attempts >= 2);
            key = waiting.first().idempotencyKey;
        } // the app quits

        ServerProcess back;
        QVERIFY2(back.start(serverOptions(server.dataDir())), qPrintable(back.error()));
        Device again(back.url(), m_ca.caFile(), secrets, m_deviceInfo, databasePath,
            QStringLiteral("ben-phone"));
        // The restored session opens the same database: the outbox finds the decision (with the
        // key it was made with) and sends it.
        QByteArray keyFound;
        connect(again.session.get(), &Session::databaseChanged, this, [&] {
            if (again.store->hasDatabase())
                keyFound = again.store->pendingDecisions().value(0).idempotencyKey;
        });
        QVERIFY(again.run([&] { again.session->restore(); }));
        QCOMPARE(again.session->state(), Session::State::SignedIn);
        QCOMPARE(keyFound, key);
        again.sync->start();
        QTRY_COMPARE_WITH_TIMEOUT(again.model->pendingDecisions(), 0, kTimeout);
        QCOMPARE(again.role(id, InboxModel::StateRole).toString(), QStringLiteral("approved"));
        QCOMPARE(again.role(id, InboxModel::ConflictTextRole).toString(), QString());

        QTRY_COMPARE_WITH_TIMEOUT(receiver.deliveries().size(), 1, kTimeout);
        QTest::qWait(2500);
        QCOMPARE(receiver.deliveries().size(), 1);
        const HttpResult item = httpRequest("GET", back.url(QStringLiteral("/v1/inbox/%1").arg(id)),
            {}, bearer(tokenOf(back, QStringLiteral("Ben Okafor"))));
        int decidedEvents = 0;
        const QJsonArray history = item.json().value(QStringLiteral("history")).toArray();
        for (const auto &event : history)
            decidedEvents +=
                event.toObject().value(QStringLiteral("event")).toString() == u"decided";
        QCOMPARE(decidedEvents, 1);
    }
};

QTEST_GUILESS_MAIN(TestInboxServerSync)
#include "tst_inbox_server_sync.moc"
