// End to end through the app's real QML against the real tessera-server (demo data): an error
// the app shows is counted in analytics by its kind ("errors"), through the one hook
// (Banner.errorKind -> ShownErrors -> the shell -> AnalyticsRecorder::errorShown).
// - Asha says yes on the consent panel after sign-in; My devices shows an error in its banner
//   (a remote sign-out of this very device, which the model refuses): the controls report it
//   once, the recorder queues one `error` line "devices.request" (count 1), and the upload reaches
//   the server, whose daily counts hold it;
// - she says no with Profile's switch; the same banner shown again is reported by the controls
//   but queues nothing.
#include "analytics/analyticsqueue.h"
#include "analytics/analyticsrecorder.h"
#include "analytics/analyticsuploader.h"
#include "appe2efixture.h"
#include "privacy/devicesmodel.h"
#include "testhttp.h"

#include <QQmlContext>
#include <QQmlExpression>

Q_IMPORT_QML_PLUGIN(TesseraPlugin)

using namespace tessera;
using namespace tessera::test;

class TestAppAnalytics : public QObject, protected AppE2eFixture
{
    Q_OBJECT

    static QList<AnalyticsLine> errorLines(AnalyticsQueue &queue)
    {
        QList<AnalyticsLine> errors;
        for (const AnalyticsLine &line : queue.lines(AnalyticsUploader::maxBatch)) {
            if (line.kind == u"error")
                errors.append(line);
        }
        return errors;
    }

    // The admin's read of the daily counts: how many `error` events of kind.
    qint64 serverCount(const QString &kind) const
    {
        const QString admin = signInDemo(m_server, QStringLiteral("Tessera Admin"),
            testDevice(QStringLiteral("analytics-admin")))
                                  .value(QStringLiteral("accessToken"))
                                  .toString();
        const HttpResult read = httpRequest(
            "GET", m_server.url(QStringLiteral("/v1/admin/analytics")), {}, bearer(admin));
        if (read.status != 200)
            return -1;
        qint64 count = 0;
        for (const auto &each : read.json().value(QStringLiteral("days")).toArray()) {
            const QJsonObject row = each.toObject();
            if (row.value(QStringLiteral("kind")).toString() == u"error"
                && row.value(QStringLiteral("name")).toString() == kind)
                count += row.value(QStringLiteral("count")).toInteger();
        }
        return count;
    }

    // Profile -> My devices, the list loaded; then a sign-out of this device, which the model
    // refuses with an error the page's banner shows.
    void showDevicesError(App &app)
    {
        QVERIFY(click(app, app.item(QStringLiteral("tab_profile"))));
        QTRY_VERIFY_WITH_TIMEOUT(isShown(app.item(QStringLiteral("profilePage"))), answerTimeoutMs);
        QVERIFY(click(app, app.item(QStringLiteral("myDevicesEntry"))));
        QTRY_VERIFY_WITH_TIMEOUT(
            isShown(app.item(QStringLiteral("myDevicesPage"))), answerTimeoutMs);
        DevicesModel &devices = app.services->devices();
        QTRY_VERIFY_WITH_TIMEOUT(!devices.isLoading() && devices.rowCount() >= 1, answerTimeoutMs);
        QVERIFY(!devices.signOut(app.session->deviceId()));
        QVERIFY(!devices.error().isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(
            isShown(app.item(QStringLiteral("devicesError"))), answerTimeoutMs);
    }

    // Back from My devices to Profile (Escape), the page and its banner gone.
    static void leaveDevices(App &app)
    {
        app.item(QStringLiteral("devicesList"))->forceActiveFocus();
        QTest::keyClick(app.window, Qt::Key_Escape);
        QTRY_VERIFY_WITH_TIMEOUT(
            !isShown(app.item(QStringLiteral("myDevicesPage"))), answerTimeoutMs);
        QVERIFY(isShown(app.item(QStringLiteral("profilePage"))));
    }

private Q_SLOTS:
    void initTestCase() { startParts(); }

    void errorShownIsCountedWithConsentOnly()
    {
        App app(m_server.url());
        QVERIFY(app.window);
        ClientStack &stack = app.services->stack();
        AnalyticsRecorder *recorder = stack.part<AnalyticsRecorder>();
        AnalyticsQueue *queue = stack.part<AnalyticsQueue>();
        AnalyticsUploader *uploader = stack.part<AnalyticsUploader>();
        QVERIFY(recorder && queue && uploader);
        uploader->setThreshold(1000); // uploads only when the test says

        // What the controls report: the QML singleton the shell listens to, as the window's QML
        // sees it.
        QQmlExpression lookup(qmlContext(app.window), app.window, QStringLiteral("ShownErrors"));
        QObject *shownErrors = lookup.evaluate().value<QObject *>();
        QVERIFY2(shownErrors, qPrintable(lookup.error().toString()));
        QSignalSpy reported(shownErrors, SIGNAL(shown(QString)));

        const QJsonObject asha = account(QStringLiteral("Asha Rao"));
        signIn(app, asha.value(QStringLiteral("kind")).toString(),
            asha.value(QStringLiteral("username")).toString(),
            asha.value(QStringLiteral("password")).toString());
        QVERIFY(waitForState(app, Session::State::SignedIn));
        QTRY_VERIFY_WITH_TIMEOUT(isShown(app.item(QStringLiteral("shellPage"))), answerTimeoutMs);
        // "Share" on the panel the shell shows after sign-in.
        QTRY_VERIFY_WITH_TIMEOUT(
            isShown(app.item(QStringLiteral("analyticsConsentAccept"))), answerTimeoutMs);
        QVERIFY(click(app, app.item(QStringLiteral("analyticsConsentAccept"))));
        QCOMPARE(recorder->consent(), AnalyticsRecorder::Consent::On);
        QCOMPARE(errorLines(*queue).size(), 0);
        QCOMPARE(reported.size(), 0);

        showDevicesError(app);
        QCOMPARE(reported.size(), 1);
        QCOMPARE(reported.first().first().toString(), QStringLiteral("devices.request"));
        const QList<AnalyticsLine> errors = errorLines(*queue);
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.first().name, QStringLiteral("devices.request"));
        QCOMPARE(errors.first().count, 1);

        // Uploaded: the server counts it.
        QCOMPARE(serverCount(QStringLiteral("devices.request")), 0);
        QSignalSpy uploaded(uploader, &AnalyticsUploader::uploaded);
        QTRY_VERIFY_WITH_TIMEOUT(!uploader->isBusy(), answerTimeoutMs);
        uploader->sendNow();
        QTRY_VERIFY_WITH_TIMEOUT(!uploaded.isEmpty(), answerTimeoutMs);
        QCOMPARE(queue->lineCount(), 0);
        QCOMPARE(serverCount(QStringLiteral("devices.request")), 1);

        // "No" with Profile's switch: the same error shown again is reported by the controls,
        // but nothing is queued.
        leaveDevices(app);
        QVERIFY(click(app, app.item(QStringLiteral("analyticsConsentToggle"))));
        QCOMPARE(recorder->consent(), AnalyticsRecorder::Consent::Off);
        reported.clear();
        QVERIFY(click(app, app.item(QStringLiteral("myDevicesEntry"))));
        QTRY_VERIFY_WITH_TIMEOUT(
            isShown(app.item(QStringLiteral("myDevicesPage"))), answerTimeoutMs);
        DevicesModel &devices = app.services->devices();
        QTRY_VERIFY_WITH_TIMEOUT(!devices.isLoading(), answerTimeoutMs);
        QVERIFY(!devices.signOut(app.session->deviceId()));
        QTRY_VERIFY_WITH_TIMEOUT(
            isShown(app.item(QStringLiteral("devicesError"))), answerTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(!reported.isEmpty(), answerTimeoutMs);
        QCOMPARE(reported.first().first().toString(), QStringLiteral("devices.request"));
        QCOMPARE(queue->lineCount(), 0);
        QVERIFY(!recorder->errorShown(QStringLiteral("devices.request")));
    }
};

int main(int argc, char *argv[])
{
    return runEndToEnd<TestAppAnalytics>(argc, argv);
}

#include "tst_app_e2e_analytics.moc"
