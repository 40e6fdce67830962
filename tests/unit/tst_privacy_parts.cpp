// core/privacy's checks of what the server sends: a device of GET /v1/me/devices and a privacy
// request of /v1/privacy/requests (each field's type and bounds; a bad one refused with the
// reason), the requests' states in words, and "last seen" as relative time.
#include "privacy/deviceentry.h"
#include "privacy/devicesmodel.h"
#include "privacy/privacyrequest.h"
#include "privacy/privacyrequestsmodel.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <QTest>

using namespace tessera;

class TestPrivacyParts : public QObject
{
    Q_OBJECT

    static QJsonObject device()
    {
        return { { QStringLiteral("id"), QStringLiteral("ben-phone-1") },
            { QStringLiteral("platform"), QStringLiteral("android") },
            { QStringLiteral("osVersion"), QStringLiteral("14") },
            { QStringLiteral("model"), QStringLiteral("Pixel 8") },
            { QStringLiteral("appVersion"), QStringLiteral("1.4.0") },
            { QStringLiteral("createdAt"), QStringLiteral("2026-11-01T08:00:00Z") },
            { QStringLiteral("lastSeenAt"), QStringLiteral("2026-12-07T10:42:00Z") },
            { QStringLiteral("current"), false }, { QStringLiteral("signedIn"), true } };
    }

    static QJsonObject request()
    {
        return { { QStringLiteral("id"), QStringLiteral("prq_1") },
            { QStringLiteral("kind"), QStringLiteral("deletion") },
            { QStringLiteral("comment"), QStringLiteral("I am leaving") },
            { QStringLiteral("state"), QStringLiteral("rejected") },
            { QStringLiteral("createdAt"), QStringLiteral("2026-12-01T09:00:00Z") },
            { QStringLiteral("decidedAt"), QStringLiteral("2026-12-02T09:00:00Z") },
            { QStringLiteral("decisionComment"), QStringLiteral("Payroll keeps it 10 years") } };
    }

private Q_SLOTS:
    void deviceIsRead()
    {
        QString error;
        const auto parsed = DeviceEntry::fromJson(device(), &error);
        QVERIFY2(parsed, qPrintable(error));
        QCOMPARE(parsed->id, QStringLiteral("ben-phone-1"));
        QCOMPARE(parsed->model, QStringLiteral("Pixel 8"));
        QCOMPARE(parsed->lastSeenAt, QDateTime(QDate(2026, 12, 7), QTime(10, 42), Qt::UTC));
        QVERIFY(parsed->signedIn);
        QVERIFY(!parsed->current);
    }

    void badDeviceIsRefused_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QJsonValue>("value");
        QTest::newRow("id too short") << "id" << QJsonValue(QStringLiteral("abc"));
        QTest::newRow("id with a slash") << "id" << QJsonValue(QStringLiteral("../../etc/x"));
        QTest::newRow("model too long") << "model" << QJsonValue(QString(65, QLatin1Char('m')));
        QTest::newRow("model a number") << "model" << QJsonValue(42);
        QTest::newRow("lastSeenAt not a time") << "lastSeenAt" << QJsonValue(QStringLiteral("now"));
        QTest::newRow("current a string") << "current" << QJsonValue(QStringLiteral("true"));
        QTest::newRow("signedIn missing") << "signedIn" << QJsonValue(QJsonValue::Undefined);
    }
    void badDeviceIsRefused()
    {
        QFETCH(QString, field);
        QFETCH(QJsonValue, value);
        QJsonObject object = device();
        if (value.isUndefined())
            object.remove(field);
        else
            object.insert(field, value);
        QString error;
        QVERIFY(!DeviceEntry::fromJson(object, &error));
        QVERIFY2(error.startsWith(field), qPrintable(error));
    }

    void requestIsRead()
    {
        QString error;
        const auto parsed = PrivacyRequest::fromJson(request(), &error);
        QVERIFY2(parsed, qPrintable(error));
        QCOMPARE(parsed->kind, QStringLiteral("deletion"));
        QCOMPARE(parsed->state, QStringLiteral("rejected"));
        QCOMPARE(parsed->decisionComment, QStringLiteral("Payroll keeps it 10 years"));
        QVERIFY(parsed->decidedAt.isValid());
        // Undecided: no decidedAt, no decisionComment.
        QJsonObject pending = request();
        pending.insert(QStringLiteral("state"), QStringLiteral("pending"));
        pending.remove(QStringLiteral("decidedAt"));
        pending.remove(QStringLiteral("decisionComment"));
        const auto open = PrivacyRequest::fromJson(pending, &error);
        QVERIFY2(open, qPrintable(error));
        QVERIFY(!open->decidedAt.isValid());
        QVERIFY(open->decisionComment.isEmpty());
    }

    void badRequestIsRefused_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QJsonValue>("value");
        QTest::newRow("unknown kind") << "kind" << QJsonValue(QStringLiteral("erasure"));
        QTest::newRow("unknown state") << "state" << QJsonValue(QStringLiteral("lost"));
        QTest::newRow("comment too long")
            << "comment" << QJsonValue(QString(2001, QLatin1Char('c')));
        QTest::newRow("createdAt not a time")
            << "createdAt" << QJsonValue(QStringLiteral("monday"));
        QTest::newRow("decidedAt not a time") << "decidedAt" << QJsonValue(7);
        QTest::newRow("decisionComment a list") << "decisionComment" << QJsonValue(QJsonArray {});
        QTest::newRow("no id") << "id" << QJsonValue(QString());
    }
    void badRequestIsRefused()
    {
        QFETCH(QString, field);
        QFETCH(QJsonValue, value);
        QJsonObject object = request();
        object.insert(field, value);
        QString error;
        QVERIFY(!PrivacyRequest::fromJson(object, &error));
        QVERIFY2(error.startsWith(field), qPrintable(error));
    }

    void statesInWords()
    {
        QCOMPARE(PrivacyRequestsModel::stateText(QStringLiteral("pending")),
            QStringLiteral("Waiting for the privacy team"));
        QCOMPARE(PrivacyRequestsModel::stateText(QStringLiteral("done")), QStringLiteral("Done"));
        QCOMPARE(PrivacyRequestsModel::stateText(QStringLiteral("rejected")),
            QStringLiteral("Rejected"));
    }

    void lastSeenIsRelative()
    {
        const QDateTime now(QDate(2026, 12, 7), QTime(12, 0), Qt::UTC);
        QCOMPARE(DevicesModel::relativeTime(now.addSecs(-20), now), QStringLiteral("just now"));
        QCOMPARE(DevicesModel::relativeTime(now.addSecs(30), now), QStringLiteral("just now"));
        QCOMPARE(DevicesModel::relativeTime(now.addSecs(-60), now), QStringLiteral("1 minute ago"));
        QCOMPARE(DevicesModel::relativeTime(now.addSecs(qint64 { -5 } * 60), now),
            QStringLiteral("5 minutes ago"));
        QCOMPARE(DevicesModel::relativeTime(now.addSecs(qint64 { -3 } * 3600), now),
            QStringLiteral("3 hours ago"));
        QCOMPARE(DevicesModel::relativeTime(now.addDays(-2), now), QStringLiteral("2 days ago"));
        QCOMPARE(DevicesModel::relativeTime(now.addDays(-45), now),
            QLocale().toString(now.addDays(-45).toLocalTime().date(), QLocale::ShortFormat));
        QCOMPARE(DevicesModel::relativeTime(QDateTime(), now), QStringLiteral("never"));
    }
};

QTEST_GUILESS_MAIN(TestPrivacyParts)
#include "tst_privacy_parts.moc"
