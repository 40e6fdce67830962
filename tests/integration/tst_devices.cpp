// My devices against the real server (SQLite and PostgreSQL): Ben signed in on two devices lists
// both (this one marked current), signs the other out remotely (DELETE /v1/me/devices/{id}): its
// access token answers 401 at once, its refresh token is refused, its live pass is on the
// revocation list, its key is forgotten, it stays listed signed out, and the audit log says who;
// this device goes on working. Another person's device, or an unknown id, is 404 and changes
// nothing.
#include "newsfixture.h"
#include "protocol/passkeys.h"

using namespace tessera::test;

class TestDevices : public QObject, protected NewsFixture
{
    Q_OBJECT

    static HttpResult signOutDevice(
        const ServerProcess &server, const QString &token, const QString &deviceId)
    {
        return httpRequest(
            "DELETE", server.url(QStringLiteral("/v1/me/devices/") + deviceId), {}, bearer(token));
    }

    static QJsonObject deviceIn(const HttpResult &list, const QString &id)
    {
        for (const QJsonValue device : list.json().value(QStringLiteral("devices")).toArray())
            if (device.toObject().value(QStringLiteral("id")).toString() == id)
                return device.toObject();
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString problem;
        QVERIFY2(startStages(QStringLiteral("devices"), &problem), qPrintable(problem));
    }

    void cleanupTestCase()
    {
        m_stages.clear();
        m_postgres.stop();
    }

    void signOutAnotherDevice_data() { addDatabaseKinds(); }
    void signOutAnotherDevice()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QJsonObject phone = signInDemo(
            srv, QStringLiteral("Ben Okafor"), testDevice(QStringLiteral("ben-phone-1")));
        const tessera::pass::KeyPair tabletKey = tessera::pass::generateKeyPair();
        const QJsonObject tablet = signInDemo(srv, QStringLiteral("Ben Okafor"),
            testDevice(QStringLiteral("ben-tablet-1"), tabletKey.publicKey));
        const QString phoneToken = phone.value(QStringLiteral("accessToken")).toString();
        const QString tabletToken = tablet.value(QStringLiteral("accessToken")).toString();
        QVERIFY(!phoneToken.isEmpty() && !tabletToken.isEmpty());
        const QString tabletRefresh = tablet.value(QStringLiteral("refreshToken")).toString();

        const QUrl devicesUrl = srv.url(QStringLiteral("/v1/me/devices"));
        const HttpResult before = httpRequest("GET", devicesUrl, {}, bearer(phoneToken));
        QCOMPARE(before.status, 200);
        QCOMPARE(deviceIn(before, QStringLiteral("ben-phone-1"))
                     .value(QStringLiteral("current"))
                     .toBool(),
            true);
        QCOMPARE(deviceIn(before, QStringLiteral("ben-tablet-1"))
                     .value(QStringLiteral("signedIn"))
                     .toBool(),
            true);

        // The tablet's pass: live before, on the revocation list after.
        const HttpResult pass =
            httpRequest("GET", srv.url(QStringLiteral("/v1/pass")), {}, bearer(tabletToken));
        QVERIFY2(pass.status == 200, pass.body.constData());
        const int revokedBefore = sqlInt(kind, QStringLiteral("SELECT COUNT(*) FROM revocations"));

        // Not Asha's to sign out, and no such device: 404, nothing changes.
        const QString asha =
            signIn(srv, QStringLiteral("Asha Rao"), QStringLiteral("asha-phone-1"));
        const HttpResult foreign = signOutDevice(srv, asha, QStringLiteral("ben-tablet-1"));
        QCOMPARE(foreign.status, 404);
        QVERIFY(
            fits(QStringLiteral("DELETE"), QStringLiteral("/v1/me/devices/{deviceId}"), foreign));
        QCOMPARE(signOutDevice(srv, phoneToken, QStringLiteral("no-such-device")).status, 404);
        QCOMPARE(httpRequest("GET", devicesUrl, {}, bearer(tabletToken)).status, 200);

        // The phone signs the tablet out.
        const HttpResult done = signOutDevice(srv, phoneToken, QStringLiteral("ben-tablet-1"));
        QCOMPARE(done.status, 204);
        QCOMPARE(httpRequest("GET", devicesUrl, {}, bearer(tabletToken)).status, 401);
        const HttpResult refreshed =
            httpRequest("POST", srv.url(QStringLiteral("/v1/auth/refresh")),
                compactJson(QJsonObject { { QStringLiteral("refreshToken"), tabletRefresh } }));
        QVERIFY2(refreshed.status == 401 || refreshed.status == 400, refreshed.body.constData());
        const HttpResult after = httpRequest("GET", devicesUrl, {}, bearer(phoneToken));
        QCOMPARE(after.status, 200);
        QCOMPARE(deviceIn(after, QStringLiteral("ben-tablet-1"))
                     .value(QStringLiteral("signedIn"))
                     .toBool(),
            false);
        QCOMPARE(deviceIn(after, QStringLiteral("ben-phone-1"))
                     .value(QStringLiteral("signedIn"))
                     .toBool(),
            true);
        QCOMPARE(sqlInt(kind,
                     QStringLiteral("SELECT COUNT(*) FROM devices WHERE id = 'ben-tablet-1' AND"
                                    " public_key IS NOT NULL")),
            0);
        QCOMPARE(
            sqlInt(kind, QStringLiteral("SELECT COUNT(*) FROM revocations")), revokedBefore + 1);
        QCOMPARE(sqlInt(kind,
                     QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action ="
                                    " 'sign_out_device' AND detail = 'ben-tablet-1'")),
            1);
    }
};

QTEST_GUILESS_MAIN(TestDevices)
#include "tst_devices.moc"
