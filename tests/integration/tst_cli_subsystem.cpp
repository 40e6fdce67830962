// tessera-cli's sub-system commands against the real server (SQLite and PostgreSQL), with the
// API key from a file, the environment or --key (warned about): notify, deliveries (the log of a
// decision's webhook), withdraw, and their refusals; reading back: notifications (by state, by
// reference, page by page), notification ID (the decision, the requester and approvals, and the
// recipients) and the events feed after a decision and a withdrawal. No session and no keyring:
// a sub-system needs only its key. (Webhook deliveries, ping and redeliver:
// tst_cli_subsystem_webhooks.)
#include "clisubsystemfixture.h"
#include "webhookreceiver.h"

using namespace tessera::test;

class TestCliSubsystem : public QObject, protected CliSubsystemFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
    }

    void subsystemCommands_data() { addDatabaseKinds(); }

    void subsystemCommands()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        QVERIFY2(startServer(server, kind), qPrintable(server.error()));
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        const QString apiKey = this->apiKey();
        const QStringList withFile { QStringLiteral("--api-key-file"), m_keyFile };

        // No key, or a file that is not there: wrong usage (2), nothing sent.
        RunResult run = cli({ QStringLiteral("withdraw"), QStringLiteral("ntf_x") });
        QCOMPARE(run.exitCode, 2);
        QCOMPARE(errorCode(run.output), QStringLiteral("usage"));
        run = cli(QStringList { QStringLiteral("deliveries"), QStringLiteral("ntf_x") }
            + QStringList {
                QStringLiteral("--api-key-file"), m_dir.filePath(QStringLiteral("none")) });
        QCOMPARE(run.exitCode, 2);

        // notify with the key from the file.
        run = cli(
            QStringList { QStringLiteral("notify"), QStringLiteral("--to"), QStringLiteral("E1002"),
                QStringLiteral("--title"), QStringLiteral("Leave request"),
                QStringLiteral("--body"), QStringLiteral("Two days."),
                QStringLiteral("--reference"), QStringLiteral("HR-1"), QStringLiteral("--action"),
                QStringLiteral("approve:Approve"), QStringLiteral("--callback"),
                QString::fromLatin1(receiver.url()) }
            + withFile);
        QVERIFY2(run.exitCode == 0, run.output.constData());
        const QString decided = lastJson(run.output).value(QStringLiteral("id")).toString();
        QVERIFY(decided.startsWith(QStringLiteral("ntf_")));
        QVERIFY(!run.output.contains("warning"));

        // deliveries before a decision: none.
        run = cli(QStringList { QStringLiteral("deliveries"), decided } + withFile);
        QVERIFY2(run.exitCode == 0, run.output.constData());
        QVERIFY(lastJson(run.output).value(QStringLiteral("deliveries")).toArray().isEmpty());

        // Ben approves; the webhook arrives; deliveries shows it with its attempt.
        QCOMPARE(decideAsBen(decided), 200);
        QTRY_COMPARE_WITH_TIMEOUT(receiver.deliveries().size(), 1, 30000);
        QJsonArray deliveries;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                run = cli(QStringList { QStringLiteral("deliveries"), decided },
                    { { QStringLiteral("TESSERA_API_KEY"), apiKey } });
                deliveries = lastJson(run.output).value(QStringLiteral("deliveries")).toArray();
                return deliveries.size() == 1
                    && deliveries.first()
                           .toObject()
                           .value(QStringLiteral("deliveredAt"))
                           .isString();
            }(),
            20000);
        const QJsonObject delivery = deliveries.first().toObject();
        QCOMPARE(delivery.value(QStringLiteral("deliveryId")).toString().toLatin1(),
            receiver.deliveries().first().headers.value("tessera-delivery-id"));
        QCOMPARE(delivery.value(QStringLiteral("attempts")).toArray().size(), 1);
        const RunResult human = cli({ QStringLiteral("deliveries"), decided },
            { { QStringLiteral("TESSERA_API_KEY"), apiKey } }, false);
        QCOMPARE(human.exitCode, 0);
        QVERIFY2(human.output.contains("delivered ") && human.output.contains("HTTP 200"),
            human.output.constData());

        // withdraw: a decided one is refused (1, already_decided); an open one is withdrawn;
        // --key works but is warned about.
        run = cli(QStringList { QStringLiteral("withdraw"), decided } + withFile);
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(errorCode(run.output), QStringLiteral("already_decided"));
        run = cli(QStringList { QStringLiteral("notify"), QStringLiteral("--to"),
                      QStringLiteral("E1002"), QStringLiteral("--title"), QStringLiteral("FYI"),
                      QStringLiteral("--body"), QStringLiteral("Office closed Friday.") }
            + withFile);
        QVERIFY2(run.exitCode == 0, run.output.constData());
        const QString open = lastJson(run.output).value(QStringLiteral("id")).toString();
        run = cli({ QStringLiteral("withdraw"), open, QStringLiteral("--key"), apiKey });
        QVERIFY2(run.exitCode == 0, run.output.constData());
        QVERIFY2(run.output.contains("warning: --key shows the API key"), run.output.constData());
        QCOMPARE(lastJson(run.output).value(QStringLiteral("state")).toString(),
            QStringLiteral("withdrawn"));
        const RunResult gone = cli(
            QStringList { QStringLiteral("withdraw"), QStringLiteral("ntf_nothing") } + withFile,
            {}, false);
        QCOMPARE(gone.exitCode, 1);
        QVERIFY2(gone.output.contains("no such notification"), gone.output.constData());

        // A wrong key: the server refuses (1).
        run = cli({ QStringLiteral("deliveries"), decided },
            { { QStringLiteral("TESSERA_API_KEY"), QStringLiteral("tsk_wrong") } });
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(errorCode(run.output), QStringLiteral("invalid_token"));
        m_server = nullptr;
    }

    // notifications, notification ID and events against what the server answers, in --json and
    // for a person.
    void readingBack_data() { addDatabaseKinds(); }
    void readingBack()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        QVERIFY2(startServer(server, kind), qPrintable(server.error()));
        const QString decided = notify({ QStringLiteral("--to"), QStringLiteral("E1002"),
            QStringLiteral("--title"), QStringLiteral("Leave request"), QStringLiteral("--body"),
            QStringLiteral("Two days."), QStringLiteral("--reference"), QStringLiteral("HR-A"),
            QStringLiteral("--action"), QStringLiteral("approve:Approve"),
            QStringLiteral("--action"), QStringLiteral("reject:Reject:comment"),
            QStringLiteral("--delivery"), QStringLiteral("poll") });
        // A second apart: the list is newest first by creation time (in whole seconds).
        QTest::qWait(1100);
        const QString open =
            notify({ QStringLiteral("--to"), QStringLiteral("E1002"), QStringLiteral("--title"),
                QStringLiteral("FYI"), QStringLiteral("--body"), QStringLiteral("Office closed."),
                QStringLiteral("--reference"), QStringLiteral("HR-B") });
        QTest::qWait(1100);
        const QString withdrawn = notify({ QStringLiteral("--to"), QStringLiteral("E1002"),
            QStringLiteral("--title"), QStringLiteral("Canteen"), QStringLiteral("--body"),
            QStringLiteral("Closed."), QStringLiteral("--reference"), QStringLiteral("HR-C") });
        QVERIFY(!decided.isEmpty() && !open.isEmpty() && !withdrawn.isEmpty());
        QCOMPARE(decideAsBen(decided), 200);
        QCOMPARE(withKey({ QStringLiteral("withdraw"), withdrawn }).exitCode, 0);

        // All, newest first; by state; by reference.
        RunResult run = withKey({ QStringLiteral("notifications") });
        QVERIFY2(run.exitCode == 0, run.output.constData());
        QCOMPARE(fieldOf(listIn(run, QStringLiteral("items")), QStringLiteral("id")),
            (QStringList { withdrawn, open, decided }));
        QCOMPARE(lastJson(run.output).value(QStringLiteral("hasMore")).toBool(), false);
        run = withKey({ QStringLiteral("notifications"), QStringLiteral("--state"),
            QStringLiteral("decided") });
        QJsonArray items = listIn(run, QStringLiteral("items"));
        QCOMPARE(fieldOf(items, QStringLiteral("id")), QStringList { decided });
        const QJsonObject decision =
            items.first().toObject().value(QStringLiteral("decision")).toObject();
        QCOMPARE(decision.value(QStringLiteral("action")).toString(), QStringLiteral("approve"));
        QCOMPARE(decision.value(QStringLiteral("decidedBy")).toString(), QStringLiteral("E1002"));
        run = withKey({ QStringLiteral("notifications"), QStringLiteral("--state"),
            QStringLiteral("withdrawn") });
        QCOMPARE(fieldOf(listIn(run, QStringLiteral("items")), QStringLiteral("id")),
            QStringList { withdrawn });
        run = withKey({ QStringLiteral("notifications"), QStringLiteral("--state"),
            QStringLiteral("open"), QStringLiteral("--reference"), QStringLiteral("HR-B") });
        QCOMPARE(fieldOf(listIn(run, QStringLiteral("items")), QStringLiteral("id")),
            QStringList { open });
        run = withKey({ QStringLiteral("notifications"), QStringLiteral("--reference"),
            QStringLiteral("HR-nothing") });
        QVERIFY(listIn(run, QStringLiteral("items")).isEmpty());

        // Page by page: the cursor of one page gives the rest.
        run = withKey(
            { QStringLiteral("notifications"), QStringLiteral("--limit"), QStringLiteral("2") });
        QCOMPARE(fieldOf(listIn(run, QStringLiteral("items")), QStringLiteral("id")),
            (QStringList { withdrawn, open }));
        QCOMPARE(lastJson(run.output).value(QStringLiteral("hasMore")).toBool(), true);
        const QString cursor = lastJson(run.output).value(QStringLiteral("cursor")).toString();
        run = withKey({ QStringLiteral("notifications"), QStringLiteral("--limit"),
            QStringLiteral("2"), QStringLiteral("--cursor"), cursor });
        QCOMPARE(fieldOf(listIn(run, QStringLiteral("items")), QStringLiteral("id")),
            QStringList { decided });
        QVERIFY(lastJson(run.output).value(QStringLiteral("cursor")).isNull());
        RunResult human = withKey(
            { QStringLiteral("notifications"), QStringLiteral("--limit"), QStringLiteral("2") },
            false);
        QCOMPARE(human.exitCode, 0);
        QVERIFY2(human.output.contains(QByteArray(open.toLatin1() + "  open  HR-B  read 0/1  FYI"))
                && human.output.contains(QByteArray("More: --cursor " + cursor.toLatin1())),
            human.output.constData());
        // Refused: a state the server does not know, a limit out of range (1, invalid_request).
        for (const QStringList &wrong :
            { QStringList { QStringLiteral("--state"), QStringLiteral("pending") },
                QStringList { QStringLiteral("--limit"), QStringLiteral("101") },
                QStringList { QStringLiteral("--cursor"), QStringLiteral("nothing") } }) {
            run = withKey(QStringList { QStringLiteral("notifications") } + wrong);
            QCOMPARE(run.exitCode, 1);
            QCOMPARE(errorCode(run.output), QStringLiteral("invalid_request"));
        }

        // One: the decision with its decider, time and channel; each recipient.
        run = withKey({ QStringLiteral("notification"), decided });
        QVERIFY2(run.exitCode == 0, run.output.constData());
        const QJsonObject one = lastJson(run.output);
        QCOMPARE(one.value(QStringLiteral("state")).toString(), QStringLiteral("decided"));
        QCOMPARE(one.value(QStringLiteral("decision"))
                     .toObject()
                     .value(QStringLiteral("decidedByName"))
                     .toString(),
            QStringLiteral("Ben Okafor"));
        QCOMPARE(
            fieldOf(one.value(QStringLiteral("recipients")).toArray(), QStringLiteral("userId")),
            QStringList { QStringLiteral("E1002") });
        QCOMPARE(fieldOf(one.value(QStringLiteral("actions")).toArray(), QStringLiteral("id")),
            (QStringList { QStringLiteral("approve"), QStringLiteral("reject") }));
        human = withKey({ QStringLiteral("notification"), decided }, false);
        QCOMPARE(human.exitCode, 0);
        QVERIFY2(human.output.contains(QByteArray(decided.toLatin1() + "  decided  HR-A"))
                && human.output.contains("Decided: approve by E1002 (Ben Okafor) at ")
                && human.output.contains("    E1002  "),
            human.output.constData());
        human = withKey({ QStringLiteral("notification"), QStringLiteral("ntf_nothing") }, false);
        QCOMPARE(human.exitCode, 1);
        QVERIFY2(human.output.contains("no such notification"), human.output.constData());

        // The events feed: the decision and the withdrawal, in order; nothing after its cursor.
        run = withKey({ QStringLiteral("events") });
        QVERIFY2(run.exitCode == 0, run.output.constData());
        const QJsonArray events = listIn(run, QStringLiteral("events"));
        QCOMPARE(fieldOf(events, QStringLiteral("type")),
            (QStringList { QStringLiteral("notification.decided"),
                QStringLiteral("notification.withdrawn") }));
        QCOMPARE(fieldOf(events, QStringLiteral("notificationId")),
            (QStringList { decided, withdrawn }));
        QCOMPARE(events.first().toObject().value(QStringLiteral("decidedBy")).toString(),
            QStringLiteral("E1002"));
        const QString last = lastJson(run.output).value(QStringLiteral("cursor")).toString();
        run = withKey({ QStringLiteral("events"), QStringLiteral("--since"), last });
        QVERIFY(listIn(run, QStringLiteral("events")).isEmpty());
        QCOMPARE(lastJson(run.output).value(QStringLiteral("cursor")).toString(), last);
        run = withKey({ QStringLiteral("events"), QStringLiteral("--limit"), QStringLiteral("1") });
        QCOMPARE(listIn(run, QStringLiteral("events")).size(), 1);
        QCOMPARE(lastJson(run.output).value(QStringLiteral("hasMore")).toBool(), true);
        const QString first = lastJson(run.output).value(QStringLiteral("cursor")).toString();
        human = withKey({ QStringLiteral("events"), QStringLiteral("--since"), first }, false);
        QCOMPARE(human.exitCode, 0);
        QVERIFY2(human.output.contains(
                     QByteArray("notification.withdrawn  " + withdrawn.toLatin1() + "  HR-C"))
                && human.output.contains(QByteArray("Next: --since " + last.toLatin1())),
            human.output.constData());
        human = withKey(
            { QStringLiteral("events"), QStringLiteral("--limit"), QStringLiteral("1") }, false);
        QVERIFY2(human.output.contains(QByteArray(
                     "notification.decided  " + decided.toLatin1() + "  HR-A  approve by E1002"))
                && human.output.contains(QByteArray("More: --since " + first.toLatin1())),
            human.output.constData());
        run = withKey({ QStringLiteral("events"), QStringLiteral("--since"), QStringLiteral("x") });
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(errorCode(run.output), QStringLiteral("invalid_request"));
        m_server = nullptr;
    }

    // notification ID of an "all" approval: the requester and each approver's state, passed
    // through in --json and listed for a person.
    void approvalsShown_data() { addDatabaseKinds(); }
    void approvalsShown()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        QVERIFY2(startServer(server, kind), qPrintable(server.error()));
        QJsonObject request = leaveRequestFor(QStringLiteral("E1001"));
        request.insert(QStringLiteral("recipients"),
            QJsonObject { { QStringLiteral("users"),
                QJsonArray { QStringLiteral("E1001"), QStringLiteral("E1002") } } });
        request.insert(QStringLiteral("approval"),
            QJsonObject { { QStringLiteral("mode"), QStringLiteral("all") } });
        request.insert(QStringLiteral("requester"), QStringLiteral("E1003"));
        request.insert(QStringLiteral("delivery"), QStringLiteral("poll"));
        const HttpResult created =
            httpRequest("POST", server.url(QStringLiteral("/v1/notifications")),
                compactJson(request), bearer(apiKey(), "cli-subsystem-approvals"));
        QCOMPARE(created.status, 201);
        const QString id = created.json().value(QStringLiteral("id")).toString();
        QCOMPARE(decideAsBen(id), 200);

        RunResult run = withKey({ QStringLiteral("notification"), id });
        QVERIFY2(run.exitCode == 0, run.output.constData());
        const QJsonObject one = lastJson(run.output);
        QCOMPARE(one.value(QStringLiteral("requester")).toString(), QStringLiteral("E1003"));
        const QJsonArray approvals = one.value(QStringLiteral("approval"))
                                         .toObject()
                                         .value(QStringLiteral("approvals"))
                                         .toArray();
        QCOMPARE(fieldOf(approvals, QStringLiteral("state")),
            (QStringList { QStringLiteral("pending"), QStringLiteral("approved") }));
        run = withKey({ QStringLiteral("notification"), id }, false);
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.output.contains("Requester: E1003\nApproval: all, 1 of 2 approved\n"
                                     "    E1001  pending  Asha Rao\n    E1002  approved ")
                && run.output.contains(" via app · Pixel 8  Ben Okafor\n")
                && run.output.contains("Recipients:\n    E1001  unread"),
            run.output.constData());

        // "any": the mode, no approvers.
        const QString any =
            notify({ QStringLiteral("--to"), QStringLiteral("E1002"), QStringLiteral("--title"),
                QStringLiteral("FYI"), QStringLiteral("--body"), QStringLiteral("Office closed."),
                QStringLiteral("--reference"), QStringLiteral("HR-ANY") });
        QVERIFY(!any.isEmpty());
        run = withKey({ QStringLiteral("notification"), any }, false);
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.output.contains("\nApproval: any\nRecipients:\n"), run.output.constData());
        QVERIFY(!run.output.contains("Requester:"));
        m_server = nullptr;
    }
};

QTEST_GUILESS_MAIN(TestCliSubsystem)
#include "tst_cli_subsystem.moc"
