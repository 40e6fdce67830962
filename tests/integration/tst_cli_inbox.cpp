// tessera-cli's inbox commands end to end, against the real server over TLS (a throwaway CA),
// with the tokens in the real Secret Service (scripts/with-keyring.sh) and the data in a --data
// folder: notify as a sub-system, inbox with its filters, decide (confirmed, refused locally,
// already decided elsewhere), and a decision made while the server is down that a later run
// sends with the same key: applied once, one webhook.
#include "cliinboxfixture.h"

using namespace tessera::test;

class TestCliInbox : public QObject, protected CliInboxFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { startServerAndSignInBen(); }

    void notifyChecksItsUsageAndIsIdempotent()
    {
        QCOMPARE(cli({ QStringLiteral("notify"), QStringLiteral("--to"), QStringLiteral("E1002"),
                         QStringLiteral("--title"), QStringLiteral("T"), QStringLiteral("--body"),
                         QStringLiteral("B") })
                     .exitCode,
            2); // no key
        QCOMPARE(cli({ QStringLiteral("notify"), QStringLiteral("--title"), QStringLiteral("T"),
                         QStringLiteral("--body"), QStringLiteral("B") },
                     { { QStringLiteral("TESSERA_API_KEY"), m_apiKey } })
                     .exitCode,
            2); // nobody
        QCOMPARE(
            cli({ QStringLiteral("notify"), QStringLiteral("--to"), QStringLiteral("E1002"),
                    QStringLiteral("--title"), QStringLiteral("T"), QStringLiteral("--body"),
                    QStringLiteral("B"), QStringLiteral("--action"), QStringLiteral("approve") },
                { { QStringLiteral("TESSERA_API_KEY"), m_apiKey } })
                .exitCode,
            2); // an action without a label
        const QStringList arguments { QStringLiteral("notify"), QStringLiteral("--key"), m_apiKey,
            QStringLiteral("--to"), QStringLiteral("E1002"), QStringLiteral("--title"),
            QStringLiteral("Office move"), QStringLiteral("--body"),
            QStringLiteral("We move on Monday."), QStringLiteral("--category"),
            QStringLiteral("facilities"), QStringLiteral("--idempotency-key"),
            QStringLiteral("cli-test-move") };
        const RunResult first = cli(arguments);
        QVERIFY2(first.exitCode == 0, first.output.constData());
        const QJsonObject created = lastJson(first.output);
        QVERIFY(created.value(QStringLiteral("id")).toString().startsWith(QStringLiteral("ntf_")));
        QCOMPARE(created.value(QStringLiteral("recipientCount")).toInt(), 1);
        const RunResult again = cli(arguments);
        QCOMPARE(again.exitCode, 0);
        QCOMPARE(lastJson(again.output).value(QStringLiteral("id")),
            created.value(QStringLiteral("id")));
        // A wrong key: the server refuses (exit 1).
        QCOMPARE(
            cli({ QStringLiteral("notify"), QStringLiteral("--key"), QStringLiteral("tsk_wrong"),
                    QStringLiteral("--to"), QStringLiteral("E1002"), QStringLiteral("--title"),
                    QStringLiteral("T"), QStringLiteral("--body"), QStringLiteral("B") })
                .exitCode,
            1);
        // Human text.
        const RunResult human = cli(
            { QStringLiteral("notify"), QStringLiteral("--key"), m_apiKey, QStringLiteral("--to"),
                QStringLiteral("E1001"), QStringLiteral("--title"), QStringLiteral("Hello"),
                QStringLiteral("--body"), QStringLiteral("Asha only") },
            {}, false);
        QCOMPARE(human.exitCode, 0);
        QVERIFY2(human.output.contains(" to 1 person."), human.output.constData());
    }

    void inboxListsAndFilters()
    {
        const QString request =
            notify({ QStringLiteral("E1002") }, QStringLiteral("Laptop refresh"));
        QVERIFY(!request.isEmpty());
        const RunResult all = cli({ QStringLiteral("inbox") });
        QVERIFY2(all.exitCode == 0, all.output.constData());
        const QList<QJsonObject> listed = items(all.output);
        QCOMPARE(listed.size(), 2); // the office move and the laptop refresh, newest first
        QCOMPARE(listed.first().value(QStringLiteral("id")).toString(), request);
        QCOMPARE(
            listed.first().value(QStringLiteral("state")).toString(), QStringLiteral("unread"));
        QCOMPARE(listed.first().value(QStringLiteral("pending")).toBool(), false);
        QCOMPARE(listed.first().value(QStringLiteral("actions")).toArray().size(), 2);
        QCOMPARE(listed.last().value(QStringLiteral("category")).toString(),
            QStringLiteral("facilities"));

        const RunResult needsAction =
            cli({ QStringLiteral("inbox"), QStringLiteral("--needs-action") });
        QCOMPARE(needsAction.exitCode, 0);
        QCOMPARE(items(needsAction.output).size(), 1);
        QCOMPARE(
            items(cli({ QStringLiteral("inbox"), QStringLiteral("--unread") }).output).size(), 2);

        const RunResult human = cli({ QStringLiteral("inbox") }, {}, false);
        QCOMPARE(human.exitCode, 0);
        QVERIFY2(human.output.contains("Laptop refresh"), human.output.constData());
        QVERIFY2(
            human.output.contains("Actions: approve (Approve); reject (Reject, needs --comment)"),
            human.output.constData());
        QCOMPARE(cli({ QStringLiteral("inbox"), QStringLiteral("extra") }).exitCode, 2);
    }

    void decideConfirmedRefusedAndConflicted()
    {
        const QString request =
            notify({ QStringLiteral("E1002") }, QStringLiteral("Conference trip"));
        QVERIFY(!request.isEmpty());
        // Usage: the action needs a comment; an unknown action; a missing action.
        const RunResult noComment =
            cli({ QStringLiteral("decide"), request, QStringLiteral("reject") });
        QCOMPARE(noComment.exitCode, 2);
        QCOMPARE(errorCode(noComment.output), QStringLiteral("comment_required"));
        QCOMPARE(
            cli({ QStringLiteral("decide"), request, QStringLiteral("escalate") }).exitCode, 2);
        QCOMPARE(cli({ QStringLiteral("decide"), request }).exitCode, 2);

        const RunResult approved =
            cli({ QStringLiteral("decide"), request, QStringLiteral("approve") });
        QVERIFY2(approved.exitCode == 0, approved.output.constData());
        const QJsonObject answer = lastJson(approved.output);
        QCOMPARE(answer.value(QStringLiteral("status")).toString(), QStringLiteral("confirmed"));
        QCOMPARE(answer.value(QStringLiteral("item"))
                     .toObject()
                     .value(QStringLiteral("state"))
                     .toString(),
            QStringLiteral("approved"));
        // The CLI signs in as platform "cli": the decision says it came from there.
        QCOMPARE(answer.value(QStringLiteral("item"))
                     .toObject()
                     .value(QStringLiteral("decidedVia"))
                     .toString(),
            QStringLiteral("cli"));
        QTRY_COMPARE_WITH_TIMEOUT(deliveriesFor(request), 1, 30000);

        // Asha approves a shared request on her phone first; Ben's decide shows who and when.
        const QString shared = notify(
            { QStringLiteral("E1001"), QStringLiteral("E1002") }, QStringLiteral("Team offsite"));
        const QString token = signInDemo(
            *m_server, QStringLiteral("Asha Rao"), testDevice(QStringLiteral("asha-phone")))
                                  .value(QStringLiteral("accessToken"))
                                  .toString();
        const HttpResult first =
            httpRequest("POST", m_server->url(QStringLiteral("/v1/inbox/%1/decision").arg(shared)),
                QByteArrayLiteral("{\"action\":\"approve\",\"version\":1}"),
                bearer(token, QByteArrayLiteral("asha-offsite")));
        QCOMPARE(first.status, 200);
        const RunResult late = cli({ QStringLiteral("decide"), shared, QStringLiteral("reject"),
            QStringLiteral("--comment"), QStringLiteral("Too expensive") });
        QCOMPARE(late.exitCode, 1);
        const QString message = lastJson(late.output)
                                    .value(QStringLiteral("error"))
                                    .toObject()
                                    .value(QStringLiteral("message"))
                                    .toString();
        QVERIFY2(message.startsWith(QStringLiteral("Already approved by Asha Rao on Pixel 8 at ")),
            qPrintable(message));
    }

    void approveAndRejectAsTheIssueNamesThem()
    {
        const QString first = notify({ QStringLiteral("E1002") }, QStringLiteral("Car park"));
        const QString second = notify({ QStringLiteral("E1002") }, QStringLiteral("Home office"));
        QVERIFY(!first.isEmpty() && !second.isEmpty());
        // Usage: reject needs --comment (before anything is written or sent); an id is needed.
        const RunResult noReason = cli({ QStringLiteral("reject"), second });
        QCOMPARE(noReason.exitCode, 2);
        QCOMPARE(errorCode(noReason.output), QStringLiteral("comment_required"));
        const RunResult blankReason = cli(
            { QStringLiteral("reject"), second, QStringLiteral("--comment"), QStringLiteral(" ") });
        QCOMPARE(blankReason.exitCode, 2);
        QCOMPARE(errorCode(blankReason.output), QStringLiteral("comment_required"));
        QCOMPARE(cli({ QStringLiteral("approve") }).exitCode, 2);
        QCOMPARE(cli({ QStringLiteral("approve"), first, QStringLiteral("extra") }).exitCode, 2);
        QCOMPARE(cli({ QStringLiteral("approve"), first, QStringLiteral("--title"),
                         QStringLiteral("x") })
                     .exitCode,
            2); // an option approve does not take
        // An unknown item: refused on this device, nothing sent.
        const RunResult unknown = cli({ QStringLiteral("approve"), QStringLiteral("ntf_nothere") });
        QCOMPARE(unknown.exitCode, 1);
        QVERIFY(!errorCode(unknown.output).isEmpty());

        const RunResult approved = cli({ QStringLiteral("approve"), first,
            QStringLiteral("--comment"), QStringLiteral("Fine by me") });
        QVERIFY2(approved.exitCode == 0, approved.output.constData());
        QCOMPARE(lastJson(approved.output).value(QStringLiteral("status")).toString(),
            QStringLiteral("confirmed"));
        QCOMPARE(lastJson(approved.output)
                     .value(QStringLiteral("item"))
                     .toObject()
                     .value(QStringLiteral("state"))
                     .toString(),
            QStringLiteral("approved"));
        // Approving it again: already decided, here (refused by the outbox's checks).
        QCOMPARE(cli({ QStringLiteral("approve"), first }).exitCode, 1);

        const RunResult rejected = cli({ QStringLiteral("reject"), second,
            QStringLiteral("--comment"), QStringLiteral("Not this quarter") });
        QVERIFY2(rejected.exitCode == 0, rejected.output.constData());
        QCOMPARE(lastJson(rejected.output)
                     .value(QStringLiteral("item"))
                     .toObject()
                     .value(QStringLiteral("state"))
                     .toString(),
            QStringLiteral("rejected"));
        // The sub-system hears both, with the comment.
        QTRY_COMPARE_WITH_TIMEOUT(deliveriesFor(second), 1, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(deliveriesFor(first), 1, 30000);
        for (const QJsonObject &event : eventsFor(second)) {
            QCOMPARE(event.value(QStringLiteral("action")).toString(), QStringLiteral("reject"));
            QCOMPARE(event.value(QStringLiteral("comment")).toString(),
                QStringLiteral("Not this quarter"));
        }

        // approve on an item whose approve action needs a comment: refused, exit 2.
        const QStringList arguments { QStringLiteral("notify"), QStringLiteral("--to"),
            QStringLiteral("E1002"), QStringLiteral("--title"), QStringLiteral("Budget"),
            QStringLiteral("--body"), QStringLiteral("B"), QStringLiteral("--action"),
            QStringLiteral("approve:Approve:comment") };
        // Actions without --callback: refused (422 callback_required, exit 1) unless polled.
        const RunResult unheard =
            cli(arguments, { { QStringLiteral("TESSERA_API_KEY"), m_apiKey } });
        QCOMPARE(unheard.exitCode, 1);
        QCOMPARE(errorCode(unheard.output), QStringLiteral("callback_required"));
        const RunResult sent =
            cli(arguments + QStringList { QStringLiteral("--delivery"), QStringLiteral("poll") },
                { { QStringLiteral("TESSERA_API_KEY"), m_apiKey } });
        QCOMPARE(sent.exitCode, 0);
        const QString budget = lastJson(sent.output).value(QStringLiteral("id")).toString();
        const RunResult needsComment = cli({ QStringLiteral("approve"), budget });
        QCOMPARE(needsComment.exitCode, 2);
        QCOMPARE(errorCode(needsComment.output), QStringLiteral("comment_required"));
        // Human text.
        const RunResult human = cli({ QStringLiteral("approve"), budget,
                                        QStringLiteral("--comment"), QStringLiteral("OK") },
            {}, false);
        QCOMPARE(human.exitCode, 0);
        QVERIFY2(human.output.contains("Approved: Budget"), human.output.constData());
    }

    // watch: a notification sent while it runs shows up on its output (through the live
    // stream's hint and a delta sync), so does a decision made elsewhere; SIGINT ends it with 0.
    void watchPrintsChangesLive()
    {
        const QString watcherData = m_dir.filePath(QStringLiteral("ben-watcher"));
        QVERIFY(loginBen(watcherData));
        ChildProcess watch;
        QVERIFY2(m_cli.start(watch, watcherData, { QStringLiteral("watch") }),
            qPrintable(watch.error()));
        // The first sync and the stream's hello may come in either order; both before the test
        // sends anything (what the first sync brings is not printed as a change).
        QTRY_VERIFY2_WITH_TIMEOUT(lineWith(watch, QStringLiteral("event"), QStringLiteral("synced"))
                && lineWith(watch, QStringLiteral("event"), QStringLiteral("live")),
            watch.output().constData(), 60000);

        const QString request = notify({ QStringLiteral("E1002") }, QStringLiteral("Desk swap"));
        QVERIFY(!request.isEmpty());
        QTRY_VERIFY2_WITH_TIMEOUT(
            !watchLines(watch, request).isEmpty(), watch.output().constData(), 60000);
        const QJsonObject appeared = watchLines(watch, request).constFirst();
        QCOMPARE(appeared.value(QStringLiteral("change")).toString(), QStringLiteral("new"));
        QCOMPARE(appeared.value(QStringLiteral("title")).toString(), QStringLiteral("Desk swap"));
        QCOMPARE(appeared.value(QStringLiteral("state")).toString(), QStringLiteral("unread"));

        // Decided in the other installation: the watcher shows the new state.
        const RunResult approved = cli({ QStringLiteral("approve"), request });
        QVERIFY2(approved.exitCode == 0, approved.output.constData());
        QTRY_VERIFY2_WITH_TIMEOUT(watchLines(watch, request).size() >= 2
                && watchLines(watch, request).constLast().value(QStringLiteral("state")).toString()
                    == u"approved",
            watch.output().constData(), 60000);
        QCOMPARE(watchLines(watch, request).constLast().value(QStringLiteral("change")).toString(),
            QStringLiteral("changed"));

        const std::optional<int> exitCode = watch.stop(SIGINT);
        QVERIFY2(exitCode.has_value(), watch.output().constData());
        QCOMPARE(*exitCode, 0);

        // SIGTERM ends it cleanly too; without a session it says so and exits 1.
        ChildProcess again;
        QVERIFY(m_cli.start(again, watcherData, { QStringLiteral("watch") }));
        QVERIFY2(again.waitForLine(QRegularExpression(QStringLiteral(R"("event":"synced")")),
                     std::chrono::seconds(60)),
            again.output().constData());
        QCOMPARE(again.stop(SIGTERM), std::optional<int>(0));

        // The session ends while it watches (signed out): the server closes the stream at once,
        // the refresh is refused, watch says so and exits 1.
        ChildProcess ending;
        QVERIFY(m_cli.start(ending, watcherData, { QStringLiteral("watch") }));
        QTRY_VERIFY2_WITH_TIMEOUT(lineWith(ending, QStringLiteral("event"), QStringLiteral("live")),
            ending.output().constData(), 60000);
        const RunResult loggedOut = cli({ QStringLiteral("logout") }, {}, true, watcherData);
        QVERIFY2(loggedOut.exitCode == 0, loggedOut.output.constData());
        QTRY_VERIFY2_WITH_TIMEOUT(!ending.isRunning(), ending.output().constData(), 120000);
        QCOMPARE(ending.stop(), std::optional<int>(1));
        QVERIFY2(!errorCode(ending.output()).isEmpty(), ending.output().constData());
        const RunResult signedOut = cli({ QStringLiteral("watch") }, {}, true, watcherData);
        QCOMPARE(signedOut.exitCode, 1);
        QCOMPARE(errorCode(signedOut.output), QStringLiteral("not_signed_in"));
        QCOMPARE(cli({ QStringLiteral("watch"), QStringLiteral("extra") }).exitCode, 2);
    }

    void decisionWhileTheServerIsDownIsSentOnceLater()
    {
        const QString request = notify({ QStringLiteral("E1002") }, QStringLiteral("New monitor"));
        QCOMPARE(cli({ QStringLiteral("inbox") }).exitCode, 0); // now in the cache
        const QString dataDir = m_server->dataDir();
        QVERIFY(m_server->stop().has_value());

        const RunResult offline =
            cli({ QStringLiteral("decide"), request, QStringLiteral("approve") });
        QCOMPARE(offline.exitCode, 1);
        QCOMPARE(lastJson(offline.output).value(QStringLiteral("status")).toString(),
            QStringLiteral("queued"));
        // Again while still down: the same decision, still queued (not a second one).
        const RunResult stillOffline =
            cli({ QStringLiteral("decide"), request, QStringLiteral("approve") });
        QCOMPARE(stillOffline.exitCode, 1);
        QCOMPARE(lastJson(stillOffline.output).value(QStringLiteral("status")).toString(),
            QStringLiteral("queued"));
        const RunResult other = cli({ QStringLiteral("decide"), request, QStringLiteral("reject"),
            QStringLiteral("--comment"), QStringLiteral("changed my mind") });
        QCOMPARE(other.exitCode, 1);
        QCOMPARE(errorCode(other.output), QStringLiteral("decision_pending"));
        const RunResult cached = cli({ QStringLiteral("inbox") });
        QCOMPARE(cached.exitCode, 1); // could not sync: the cache is shown
        bool shownPending = false;
        for (const QJsonObject &item : items(cached.output)) {
            if (item.value(QStringLiteral("id")).toString() == request)
                shownPending = item.value(QStringLiteral("pending")).toBool();
        }
        QVERIFY(shownPending);

        // The stopped server keeps its (temporary) data folder for the one coming back.
        const std::unique_ptr<ServerProcess> stopped = std::move(m_server);
        m_server = std::make_unique<ServerProcess>();
        QVERIFY2(m_server->start(m_tls.serverOptions(dataDir)), qPrintable(m_server->error()));
        const RunResult sent =
            cli({ QStringLiteral("decide"), request, QStringLiteral("approve") });
        QVERIFY2(sent.exitCode == 0, sent.output.constData());
        QCOMPARE(lastJson(sent.output).value(QStringLiteral("status")).toString(),
            QStringLiteral("confirmed"));
        QTRY_COMPARE_WITH_TIMEOUT(deliveriesFor(request), 1, 30000);
        QTest::qWait(2500);
        QCOMPARE(deliveriesFor(request), 1);
        const RunResult after = cli({ QStringLiteral("inbox") });
        QCOMPARE(after.exitCode, 0);
        for (const QJsonObject &item : items(after.output)) {
            if (item.value(QStringLiteral("id")).toString() == request) {
                QCOMPARE(
                    item.value(QStringLiteral("state")).toString(), QStringLiteral("approved"));
                QCOMPARE(item.value(QStringLiteral("pending")).toBool(), false);
            }
        }
    }

    void terminalSeesNoControlsFromTheServer()
    {
        // A sub-system's title with a right-to-left override (the server takes format
        // characters; control characters it refuses): the terminal gets U+FFFD in its place, and
        // --json keeps the text as the server gave it.
        const QString title = QStringLiteral("Invoice \u202Efdp.exe");
        QVERIFY(!notify({ QStringLiteral("E1002") }, title).isEmpty());
        const RunResult human = cli({ QStringLiteral("inbox") }, {}, false);
        QCOMPARE(human.exitCode, 0);
        QVERIFY2(human.output.contains("Invoice \xef\xbf\xbd"
                                       "fdp.exe"),
            human.output.constData());
        QVERIFY(!human.output.contains("\xe2\x80\xae"));
        bool found = false;
        for (const QJsonObject &item : items(cli({ QStringLiteral("inbox") }).output))
            found = found || item.value(QStringLiteral("title")).toString() == title;
        QVERIFY(found);
    }

    void cleanupTestCase() { signOutBen(); }
};

QTEST_GUILESS_MAIN(TestCliInbox)
#include "tst_cli_inbox.moc"
