// End to end through the app's real QML against the real tessera-server (demo data): the inbox
// loop (a notification arrives live, is approved from the list, the webhook receives it) and the
// scanner role adding the scanner. The composition is main.cpp's with an in-memory secret store.
#include "appe2efixture.h"

#include <QVideoFrame>
#include <QVideoSink>

Q_IMPORT_QML_PLUGIN(TesseraPlugin)

using namespace tessera;
using namespace tessera::test;

class TestAppFlows : public QObject, protected AppE2eFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { startParts(); }

    // The whole loop: a sub-system notifies Asha while she has the app open; the item arrives
    // through the live stream with its unread badge; she approves it from the list; the item
    // shows approved and the sub-system's webhook receives the signed decision.
    void notificationArrivesLiveAndIsApprovedFromTheList()
    {
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        const QJsonObject asha = account(QStringLiteral("Asha Rao"));
        App app(m_server.url());
        QVERIFY(app.window);
        signIn(app, asha.value(QStringLiteral("kind")).toString(),
            asha.value(QStringLiteral("username")).toString(),
            asha.value(QStringLiteral("password")).toString());
        QVERIFY(waitForState(app, Session::State::SignedIn));
        QTRY_VERIFY_WITH_TIMEOUT(isShown(app.item(QStringLiteral("homePage"))), answerTimeoutMs);
        QVERIFY(click(app, app.item(QStringLiteral("tab_inbox"))));
        QTRY_VERIFY_WITH_TIMEOUT(isShown(app.item(QStringLiteral("inboxPage"))), answerTimeoutMs);
        // Sent only once the stream is open: it must bring the item, not the sign-in's sync.
        QTRY_VERIFY_WITH_TIMEOUT(app.services->inboxSync().isLive(), answerTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(!app.services->inboxSync().isLoading(), answerTimeoutMs);
        const int unreadBefore = app.services->inboxModel().unreadCount();

        const QJsonObject key = demoApiKey(m_server);
        const QJsonObject notification {
            { QStringLiteral("recipients"),
                QJsonObject { { QStringLiteral("users"),
                    QJsonArray { asha.value(QStringLiteral("userId")).toString() } } } },
            { QStringLiteral("title"), QStringLiteral("Overtime for Saturday") },
            { QStringLiteral("body"),
                QStringLiteral("Four hours of overtime on the line 3 retool.") },
            { QStringLiteral("category"), QStringLiteral("overtime") },
            { QStringLiteral("priority"), QStringLiteral("high") },
            { QStringLiteral("actionable"), true },
            { QStringLiteral("actions"),
                QJsonArray { QJsonObject { { QStringLiteral("id"), QStringLiteral("approve") },
                                 { QStringLiteral("label"), QStringLiteral("Approve") } },
                    QJsonObject { { QStringLiteral("id"), QStringLiteral("reject") },
                        { QStringLiteral("label"), QStringLiteral("Reject") },
                        { QStringLiteral("requiresComment"), true } } } },
            { QStringLiteral("reference"), QStringLiteral("OT-2211") },
            { QStringLiteral("callbackUrl"), QString::fromLatin1(receiver.url()) },
        };
        const ApiReply sent =
            waitFor(app.client.post(QStringLiteral("/v1/notifications"), notification,
                ApiClient::RequestOptions { key.value(QStringLiteral("key")).toString().toLatin1(),
                    ApiClient::newIdempotencyKey() }));
        QVERIFY2(sent.ok(), qPrintable(sent.describe()));
        const QString id = sent.body.value(QStringLiteral("id")).toString();

        // On screen through the stream, unread, with its badge.
        const QString rowName = QStringLiteral("inboxItem_") + id;
        QTRY_VERIFY_WITH_TIMEOUT(isShown(app.item(rowName)), answerTimeoutMs);
        QQuickItem *row = app.item(rowName);
        QCOMPARE(findItem(row, QStringLiteral("inboxItemTitle"))->property("text").toString(),
            QStringLiteral("Overtime for Saturday"));
        QCOMPARE(findItem(row, QStringLiteral("inboxItemState"))->property("text").toString(),
            QStringLiteral("Needs action"));
        QTRY_COMPARE_WITH_TIMEOUT(
            app.services->inboxModel().unreadCount(), unreadBefore + 1, answerTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(
            findItem(app.item(QStringLiteral("tab_inbox")), QStringLiteral("navBadge"))
                ->isVisible(),
            true, answerTimeoutMs);

        // Approve from the list.
        QVERIFY(click(app, findItem(row, QStringLiteral("approveButton"))));
        QTRY_VERIFY_WITH_TIMEOUT(!receiver.deliveries().isEmpty(), answerTimeoutMs);
        const WebhookReceiver::Delivery &delivery = receiver.deliveries().constFirst();
        QVERIFY(WebhookReceiver::hasValidSignature(
            delivery, key.value(QStringLiteral("webhookSecret")).toString().toUtf8()));
        const QJsonObject hook = QJsonDocument::fromJson(delivery.body).object();
        QCOMPARE(hook.value(QStringLiteral("notificationId")).toString(), id);
        QCOMPARE(hook.value(QStringLiteral("reference")).toString(), QStringLiteral("OT-2211"));
        QCOMPARE(hook.value(QStringLiteral("action")).toString(), QStringLiteral("approve"));
        QCOMPARE(hook.value(QStringLiteral("decidedBy")).toString(),
            asha.value(QStringLiteral("userId")).toString());

        // The row says so, and nothing waits in the outbox.
        QTRY_COMPARE_WITH_TIMEOUT(findItem(app.item(rowName), QStringLiteral("inboxItemState"))
                                      ->property("text")
                                      .toString(),
            QStringLiteral("Approved"), answerTimeoutMs);
        QCOMPARE(app.services->inboxModel().pendingDecisions(), 0);
        signOutThroughProfile(app, QStringLiteral("tab_profile"));
    }

    void scannerRoleAddsTheScanner()
    {
        const QJsonObject sam = account(QStringLiteral("Sam Guard"));
        QVERIFY(!sam.isEmpty());
        App app(m_server.url());
        QVERIFY(app.window);
        signIn(app, sam.value(QStringLiteral("kind")).toString(),
            sam.value(QStringLiteral("username")).toString(),
            sam.value(QStringLiteral("password")).toString());
        QVERIFY(waitForState(app, Session::State::SignedIn));
        QTRY_VERIFY_WITH_TIMEOUT(isShown(app.item(QStringLiteral("shellPage"))), answerTimeoutMs);
        QCOMPARE(visibleDestinations(app, QStringLiteral("tab_")),
            QStringList(
                { QStringLiteral("pass"), QStringLiteral("scanner"), QStringLiteral("profile") }));
        QVERIFY(click(app, app.item(QStringLiteral("tab_scanner"))));
        QTRY_VERIFY_WITH_TIMEOUT(isShown(app.item(QStringLiteral("scannerPage"))), answerTimeoutMs);

        // Ben shows his pass: a PNG of the code his phone presents now, opened on the desktop's
        // scanner (as QA does with "Open image or video…") under the office entry process.
        const QJsonObject ben = account(QStringLiteral("Ben Okafor"));
        QVERIFY(!ben.isEmpty());
        PassPhone phone(m_server.url());
        phone.session->signIn(ben.value(QStringLiteral("kind")).toString(),
            ben.value(QStringLiteral("username")).toString(),
            ben.value(QStringLiteral("password")).toString());
        QTRY_COMPARE_WITH_TIMEOUT(
            phone.session->state(), Session::State::SignedIn, answerTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(phone.pass->state(), PassHolder::State::Ready, answerTimeoutMs);

        ScannerController &scanner = app.services->scannerController();
        QTRY_VERIFY_WITH_TIMEOUT(scanner.isReady(), answerTimeoutMs);
        QCOMPARE(scanner.syncState(), QStringLiteral("ready"));
        QVERIFY(isShown(app.item(QStringLiteral("viewfinder"))));
        QVERIFY(isShown(app.item(QStringLiteral("openFileButton"))));
        QVERIFY(app.item(QStringLiteral("openFileButton"))->isEnabled());
        scanner.setProcess(QStringLiteral("office-entry"));
        QTRY_COMPARE_WITH_TIMEOUT(
            app.item(QStringLiteral("processChooser"))->property("currentValue").toString(),
            QStringLiteral("office-entry"), answerTimeoutMs);
        QVERIFY(isShown(app.item(QStringLiteral("noScans"))));

        QTemporaryDir files;
        const QString png = files.filePath(QStringLiteral("ben.png"));
        QVERIFY(QrEncoder::render(phone.pass->qrText().toLatin1(), 6).save(png));
        QSignalSpy feedback(&scanner, &ScannerController::feedback);
        QVERIFY2(scanner.openFile(QUrl::fromLocalFile(png)), qPrintable(scanner.errorMessage()));

        // The verdict over the whole window: green, allowed, his initials.
        QObject *verdict = findObject(app.window, QStringLiteral("scanVerdict"));
        QVERIFY(verdict);
        QTRY_VERIFY_WITH_TIMEOUT(verdict->property("opened").toBool(), answerTimeoutMs);
        QCOMPARE(verdict->property("verdict").toString(), QStringLiteral("allow"));
        QCOMPARE(text(app, QStringLiteral("scanVerdictHeadline")), QStringLiteral("Allowed"));
        QCOMPARE(text(app, QStringLiteral("scanVerdictSubject")), QStringLiteral("BO · Employee"));
        QCOMPARE(scanner.lastResult().value(QStringLiteral("reason")).toString(),
            QStringLiteral("allowed"));
        QCOMPARE(scanner.lastResult().value(QStringLiteral("process")).toString(),
            QStringLiteral("office-entry"));
        // The sound-and-vibration seam hears the verdict once (the picture stays in view), in
        // words the platform's ScanFeedback takes.
        QCOMPARE(feedback.size(), 1);
        const QString played = feedback.first().first().toString();
        QCOMPARE(played, QStringLiteral("allow"));
        QCOMPARE(ScanFeedback::verdictFromName(played), ScanFeedback::Verdict::Allow);
        QVERIFY(!ScanFeedback::verdictFromName(QStringLiteral("maybe")));
        // A tap dismisses it.
        QVERIFY(click(app, app.item(QStringLiteral("scanVerdictDismiss"))));
        QTRY_VERIFY_WITH_TIMEOUT(!verdict->property("visible").toBool(), answerTimeoutMs);
        QVERIFY(scanner.lastResult().isEmpty());

        // The scan is listed, its record queued and then uploaded to the server.
        QTRY_VERIFY_WITH_TIMEOUT(isShown(app.item(QStringLiteral("recentScan0"))), answerTimeoutMs);
        QCOMPARE(scanner.recentScans().size(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(
            text(app, QStringLiteral("scanUpload0")), QStringLiteral("Uploaded"), answerTimeoutMs);
        QCOMPARE(scanner.pendingUploads(), 0);
        QVERIFY(!isShown(app.item(QStringLiteral("noScans"))));
        // The image is done with: the viewfinder is blank again, not left on its last frame.
        QTRY_VERIFY_WITH_TIMEOUT(!scanner.isPlayingFile(), answerTimeoutMs);
        const auto *const sink = qobject_cast<const QVideoSink *>(scanner.videoSink());
        QVERIFY(sink);
        QVERIFY(!sink->videoFrame().isValid());

        signOutThroughProfile(app, QStringLiteral("tab_profile"));
        QVERIFY(scanner.recentScans().isEmpty());
    }
};

int main(int argc, char *argv[])
{
    return runEndToEnd<TestAppFlows>(argc, argv);
}

#include "tst_app_e2e_flows.moc"
