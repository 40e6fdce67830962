// End to end through the app's real QML against the real tessera-server (demo data): Ben opens
// Profile → Health records, adds a dose through the "Add a dose" dialog (a future date refused in
// the dialog first, nothing stored), the record shows "Waiting for medical staff"; Mira (the
// medical role) verifies it through the server; after Refresh the page shows "Verified". Then
// the certificate dialog reads an HC1 code from a photo of its QR code, through the page's
// QrImageReader: the plugin Tessera.QrCodes (qml/qrcodes), loaded with the page.
#include "appe2efixture.h"
#include "health/healthrecordsmodel.h"
#include "scanner/qrencoder.h"
#include "testhttp.h"

#include <QTemporaryDir>

Q_IMPORT_QML_PLUGIN(TesseraPlugin)

using namespace tessera;
using namespace tessera::test;

class TestAppHealth : public QObject, protected AppE2eFixture
{
    Q_OBJECT

    static QString stateOfFirstRow(App &app)
    {
        QQuickItem *row = app.item(QStringLiteral("healthRecord_0"));
        QQuickItem *chip = row ? findItem(row, QStringLiteral("healthRecordState")) : nullptr;
        return chip ? chip->property("text").toString() : QString();
    }

private Q_SLOTS:
    void initTestCase() { startParts(); }

    void addADoseThenMedicalStaffVerify()
    {
        const QJsonObject ben = account(QStringLiteral("Ben Okafor"));
        App app(m_server.url());
        QVERIFY(app.window);
        signIn(app, ben.value(QStringLiteral("kind")).toString(),
            ben.value(QStringLiteral("username")).toString(),
            ben.value(QStringLiteral("password")).toString());
        QVERIFY(waitForState(app, Session::State::SignedIn));
        QTRY_VERIFY_WITH_TIMEOUT(isShown(app.item(QStringLiteral("shellPage"))), answerTimeoutMs);
        QVERIFY(click(app, app.item(QStringLiteral("tab_profile"))));
        QTRY_VERIFY_WITH_TIMEOUT(isShown(app.item(QStringLiteral("profilePage"))), answerTimeoutMs);
        QQuickItem *entry = app.item(QStringLiteral("healthEntry"));
        scrollIntoView(app, entry);
        QVERIFY(click(app, entry));
        QTRY_VERIFY_WITH_TIMEOUT(isShown(app.item(QStringLiteral("healthPage"))), answerTimeoutMs);
        auto *records = app.services->stack().part<HealthRecordsModel>();
        QVERIFY(records);
        QTRY_VERIFY_WITH_TIMEOUT(!records->isLoading(), answerTimeoutMs);
        QCOMPARE(records->rowCount(), 0);
        QVERIFY(isShown(app.item(QStringLiteral("healthEmpty"))));

        // The dialog: a date in the future is refused there, and nothing is stored.
        QVERIFY(click(app, app.item(QStringLiteral("healthAddDose"))));
        QTRY_VERIFY_WITH_TIMEOUT(isShown(app.item(QStringLiteral("doseDate"))), answerTimeoutMs);
        const QString tomorrow =
            QDateTime::currentDateTimeUtc().date().addDays(1).toString(Qt::ISODate);
        app.item(QStringLiteral("doseDate"))->setProperty("text", QString());
        QVERIFY(type(app, QStringLiteral("doseDate"), tomorrow));
        QVERIFY(type(app, QStringLiteral("doseCountry"), QStringLiteral("DE")));
        QVERIFY(click(app, app.item(QStringLiteral("doseAdd"))));
        QTRY_VERIFY_WITH_TIMEOUT(isShown(app.item(QStringLiteral("doseProblem"))), answerTimeoutMs);
        QVERIFY(text(app, QStringLiteral("doseProblem")).contains(u"future"));
        const QString token = signInDemo(
            m_server, QStringLiteral("Ben Okafor"), testDevice(QStringLiteral("other-device-0001")))
                                  .value(QStringLiteral("accessToken"))
                                  .toString();
        const HttpResult none = httpRequest(
            "GET", m_server.url(QStringLiteral("/v1/health-records")), {}, bearer(token));
        QCOMPARE(none.json().value(QStringLiteral("records")).toArray().size(), 0);

        // A good date: sent, the dialog closes, the record waits for medical staff.
        app.item(QStringLiteral("doseDate"))->setProperty("text", QString());
        QVERIFY(type(app, QStringLiteral("doseDate"), QStringLiteral("2021-06-30")));
        QVERIFY(click(app, app.item(QStringLiteral("doseAdd"))));
        QTRY_COMPARE_WITH_TIMEOUT(records->rowCount(), 1, answerTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(!isShown(app.item(QStringLiteral("doseDate"))), answerTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(
            stateOfFirstRow(app), QStringLiteral("Waiting for medical staff"), answerTimeoutMs);
        const QString id = records->records().constFirst().id;
        QCOMPARE(records->records().constFirst().country, QStringLiteral("DE"));

        // Mira verifies it; Refresh shows it.
        const QString mira = signInDemo(
            m_server, QStringLiteral("Mira Nurse"), testDevice(QStringLiteral("mira-device-0001")))
                                 .value(QStringLiteral("accessToken"))
                                 .toString();
        QCOMPARE(httpRequest("POST",
                     m_server.url(QStringLiteral("/v1/medical/records/%1/verify").arg(id)), "{}",
                     bearer(mira))
                     .status,
            200);
        QVERIFY(click(app, app.item(QStringLiteral("healthRefresh"))));
        QTRY_COMPARE_WITH_TIMEOUT(
            stateOfFirstRow(app), QStringLiteral("Verified"), answerTimeoutMs);

        // A photo of an HC1 code's QR code: "Read code" puts its text in the HC1 field (read
        // by the plugin's decoder), a photo without one says so.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString code = QStringLiteral("HC1:NOT A REAL CERTIFICATE 0123");
        const QString photo = dir.filePath(QStringLiteral("code.png"));
        QVERIFY(QrEncoder::render(code.toLatin1(), 6, 4).save(photo));
        const QString blank = dir.filePath(QStringLiteral("blank.png"));
        QImage white(120, 120, QImage::Format_Grayscale8);
        white.fill(255);
        QVERIFY(white.save(blank));
        QQuickItem *row = app.item(QStringLiteral("healthRecord_0"));
        QVERIFY(row);
        QVERIFY(click(app, findItem(row, QStringLiteral("healthRecordAttach"))));
        QTRY_VERIFY_WITH_TIMEOUT(
            isShown(app.item(QStringLiteral("certificateMode"))), answerTimeoutMs);
        QVERIFY(app.item(QStringLiteral("certificateMode"))->setProperty("currentIndex", 1));
        QTRY_VERIFY_WITH_TIMEOUT(
            isShown(app.item(QStringLiteral("certificateReadPhoto"))), answerTimeoutMs);
        QVERIFY(type(app, QStringLiteral("certificatePath"), blank));
        QVERIFY(click(app, app.item(QStringLiteral("certificateReadPhoto"))));
        QTRY_VERIFY_WITH_TIMEOUT(!records->problem().isEmpty(), answerTimeoutMs);
        QVERIFY(text(app, QStringLiteral("certificateHc1")).isEmpty());
        app.item(QStringLiteral("certificatePath"))->setProperty("text", QString());
        QVERIFY(type(app, QStringLiteral("certificatePath"), photo));
        QVERIFY(click(app, app.item(QStringLiteral("certificateReadPhoto"))));
        QTRY_COMPARE_WITH_TIMEOUT(
            text(app, QStringLiteral("certificateHc1")), code, answerTimeoutMs);
        QVERIFY(records->problem().isEmpty());
    }
};

int main(int argc, char *argv[])
{
    return runEndToEnd<TestAppHealth>(argc, argv);
}

#include "tst_app_e2e_health.moc"
