// The phones' push glue (platform/mobile) on the desktop, with a fake MobileOs: what the OS hands
// the entry points (an FCM data map, an APNs userInfo, a UnifiedPush body, a token) becomes the
// PushChannel's signals on the Qt thread, and anything malformed becomes nothing, with nothing of
// its content in the log.
#include "mobile/mobilebridge.h"
#include "mobile/mobileentrypoints.h"
#include "mobile/mobilepushchannel.h"
#include "mobile/mobilepushpayload.h"
#include "tst_mobile_push_fakeos.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

using namespace tessera;
using namespace tessera::test;

namespace {

// What the log said while a test ran (the glue must never write a payload or token into it).
QMutex logMutex;
QStringList logLines;
QtMessageHandler previousHandler = nullptr;

void recordLog(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        const QMutexLocker lock(&logMutex);
        logLines.append(message);
    }
    previousHandler(type, context, message);
}

QString loggedText()
{
    const QMutexLocker lock(&logMutex);
    return logLines.join(u'\n');
}

QByteArray randomBody(qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (char &byte : bytes)
        byte = static_cast<char>(QRandomGenerator::global()->bounded(256));
    return bytes;
}

QByteArray fieldsWith(const QJsonObject &fields)
{
    return QJsonDocument(fields).toJson(QJsonDocument::Compact);
}

QString base64Url(const QByteArray &bytes)
{
    return QString::fromLatin1(
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

// Runs fn on a thread of its own, as the OS's callbacks come (FCM's service thread, a
// BroadcastReceiver), and waits for it.
template<typename Fn>
void onOsThread(Fn fn)
{
    std::unique_ptr<QThread> thread(QThread::create(std::move(fn)));
    thread->start();
    QVERIFY(thread->wait(10'000));
}

} // namespace

class TestMobilePush : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<PushRegistration>();
        previousHandler = qInstallMessageHandler(recordLog);
    }

    void fcmAndApnsFieldsAndUnifiedPushBodiesArrive()
    {
        FakeMobileOs os;
        MobileBridge bridge;
        MobilePushChannel channel(os, bridge);
        QSignalSpy received(&channel, &PushChannel::messageReceived);
        const QByteArray fcm = randomBody(300);
        const QByteArray apns = randomBody(MobilePushPayload::maxEncryptedBytes);
        const QByteArray unified = randomBody(MobilePushPayload::minEncryptedBytes);

        // FCM: the data map; "p" base64url without padding, beside FCM's own keys.
        bridge.pushFieldsArrived(fieldsWith({ { QStringLiteral("p"), base64Url(fcm) },
            { QStringLiteral("collapse_key"), QStringLiteral("itm_1") } }));
        // APNs: userInfo with its "aps" dictionary; padding given this time.
        bridge.pushFieldsArrived(fieldsWith(
            { { QStringLiteral("aps"), QJsonObject { { QStringLiteral("mutable-content"), 1 } } },
                { QStringLiteral("p"),
                    QString::fromLatin1(apns.toBase64(QByteArray::Base64UrlEncoding)) } }));
        bridge.pushBodyArrived(unified);
        // Queued to the event loop, never delivered inside the OS's call.
        QCOMPARE(received.count(), 0);
        QTRY_COMPARE(received.count(), 3);
        QCOMPARE(received.at(0).at(0).toByteArray(), fcm);
        QCOMPARE(received.at(1).at(0).toByteArray(), apns);
        QCOMPARE(received.at(2).at(0).toByteArray(), unified);
    }

    void malformedPushesAreDropped_data()
    {
        QTest::addColumn<QByteArray>("fields");
        const QString marker = QStringLiteral("SECRETMARKER");
        const QString good = base64Url(randomBody(200));
        const auto withP = [](const auto &p) {
            return fieldsWith({ { QStringLiteral("p"), QJsonValue(p) } });
        };
        QTest::newRow("not JSON") << (marker + QStringLiteral("{")).toUtf8();
        QTest::newRow("an array") << QJsonDocument(QJsonArray { marker }).toJson();
        QTest::newRow("no p") << fieldsWith({ { QStringLiteral("q"), QString(good + marker) } });
        QTest::newRow("p a number") << withP(42);
        QTest::newRow("p an object") << withP(QJsonObject { { marker, good } });
        QTest::newRow("p empty") << withP(QString());
        QTest::newRow("standard base64") << withP(QString(QStringLiteral("+/") + good));
        QTest::newRow("spaces") << withP(
            QString(good.left(40) + QStringLiteral(" ") + good.mid(40)));
        QTest::newRow("padding inside")
            << withP(QString(good.left(40) + QStringLiteral("=") + good.mid(40)));
        QTest::newRow("one char too many")
            << withP(QString(base64Url(randomBody(201)) + QStringLiteral("A")));
        QTest::newRow("not ASCII") << withP(QString(good + QStringLiteral("\u00e9")));
        QTest::newRow("too short")
            << withP(base64Url(randomBody(MobilePushPayload::minEncryptedBytes - 1)));
        QTest::newRow("too large")
            << withP(base64Url(randomBody(MobilePushPayload::maxEncryptedBytes + 1)));
        QTest::newRow("fields too large") << fieldsWith({ { QStringLiteral("p"), good },
            { QStringLiteral("pad"), QString(MobilePushPayload::maxFieldsBytes, u'x') } });
    }

    void malformedPushesAreDropped()
    {
        QFETCH(QByteArray, fields);
        FakeMobileOs os;
        MobileBridge bridge;
        MobilePushChannel channel(os, bridge);
        QSignalSpy received(&channel, &PushChannel::messageReceived);
        const QByteArray good = randomBody(100);

        bridge.pushFieldsArrived(fields);
        // A good push after it: when it is there, the bad one had its chance to arrive.
        bridge.pushFieldsArrived(fieldsWith({ { QStringLiteral("p"), base64Url(good) } }));
        QTRY_COMPARE(received.count(), 1);
        QCoreApplication::processEvents();
        QCOMPARE(received.count(), 1);
        QCOMPARE(received.at(0).at(0).toByteArray(), good);
        QVERIFY(!loggedText().contains(QStringLiteral("SECRETMARKER")));
    }

    void unifiedPushBodiesOfTheWrongSizeAreDropped()
    {
        FakeMobileOs os;
        MobileBridge bridge;
        MobilePushChannel channel(os, bridge);
        QSignalSpy received(&channel, &PushChannel::messageReceived);
        bridge.pushBodyArrived({});
        bridge.pushBodyArrived(randomBody(MobilePushPayload::minEncryptedBytes - 1));
        bridge.pushBodyArrived(randomBody(MobilePushPayload::maxEncryptedBytes + 1));
        const QByteArray good = randomBody(MobilePushPayload::maxEncryptedBytes);
        bridge.pushBodyArrived(good);
        QTRY_COMPARE(received.count(), 1);
        QCoreApplication::processEvents();
        QCOMPARE(received.count(), 1);
        QCOMPARE(received.at(0).at(0).toByteArray(), good);
    }

    void osThreadsHopToTheEventLoop()
    {
        FakeMobileOs os;
        MobileBridge bridge;
        MobilePushChannel channel(os, bridge);
        QThread *deliveredOn = nullptr;
        QByteArray delivered;
        connect(&channel, &PushChannel::messageReceived, this, [&](const QByteArray &encrypted) {
            deliveredOn = QThread::currentThread();
            delivered = encrypted;
        });
        const QByteArray body = randomBody(500);
        onOsThread([&] {
            bridge.pushFieldsArrived(fieldsWith({ { QStringLiteral("p"), base64Url(body) } }));
        });
        QTRY_COMPARE(delivered, body);
        QCOMPARE(deliveredOn, QThread::currentThread());
    }

    void pushesBeforeTheAppWaitForIt()
    {
        // A push that started the app: the OS calls before the channel is made.
        FakeMobileOs os;
        MobileBridge bridge;
        QList<QByteArray> bodies;
        for (int i = 0; i < MobileBridge::maxWaiting + 2; ++i) {
            bodies.append(randomBody(50 + i));
            bridge.pushBodyArrived(bodies.constLast());
        }
        MobilePushChannel channel(os, bridge);
        QSignalSpy received(&channel, &PushChannel::messageReceived);
        QTRY_COMPARE(received.count(), MobileBridge::maxWaiting);
        // The oldest went first.
        QCOMPARE(received.constFirst().at(0).toByteArray(), bodies.at(2));
        QCOMPARE(received.constLast().at(0).toByteArray(), bodies.constLast());
    }

    void registrationAsksTheOsAndReportsItsToken_data()
    {
        QTest::addColumn<QString>("transport");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("endpoint");
        QTest::addColumn<QString>("token");
        const QString fcm = QStringLiteral("cX1-_a:APA91bH") + QString(140, u'k');
        const QString apns = QStringLiteral("0A1B2C3D4E5F60718293A4B5C6D7E8F9") + QString(32, u'f');
        const QString endpoint = QStringLiteral("https://ntfy.example.org/upAbC123?up=1");
        QTest::newRow("fcm") << QStringLiteral("fcm") << fcm << QString() << fcm;
        QTest::newRow("apns, hex in lower case")
            << QStringLiteral("apns") << apns << QString() << apns.toLower();
        QTest::newRow("unifiedpush")
            << QStringLiteral("webpush") << endpoint << endpoint << QString();
    }

    void registrationAsksTheOsAndReportsItsToken()
    {
        QFETCH(QString, transport);
        QFETCH(QString, value);
        QFETCH(QString, endpoint);
        QFETCH(QString, token);
        FakeMobileOs os;
        MobileBridge bridge;
        MobilePushChannel channel(os, bridge);
        QSignalSpy registered(&channel, &PushChannel::registered);
        QSignalSpy changed(&channel, &PushChannel::registrationChanged);
        channel.requestRegistration();
        QCOMPARE(os.tokenRequests(), 1);
        onOsThread([&] { bridge.pushTokenArrived(transport, value); });
        QTRY_COMPARE(registered.count(), 1);
        const auto registration = registered.at(0).at(0).value<PushRegistration>();
        QCOMPARE(registration.transport, transport);
        QCOMPARE(registration.endpoint, endpoint);
        QCOMPARE(registration.token, token);
        QVERIFY(!loggedText().contains(value));

        // The same token again (the OS repeats itself at start): nothing to do.
        bridge.pushTokenArrived(transport, value);
        // A rotation (FCM onNewToken, a new UnifiedPush endpoint): register again.
        bridge.pushTokenArrived(transport,
            transport == u"webpush" ? QString(endpoint + u'2') : QString(value + u'0' + u'0'));
        QTRY_COMPARE(changed.count(), 1);
        QCoreApplication::processEvents();
        QCOMPARE(changed.count(), 1);
        QCOMPARE(registered.count(), 1);

        channel.unregister();
        QCOMPARE(os.unregistrations(), 1);
    }

    void tokensOfTheWrongShapeFail_data()
    {
        QTest::addColumn<QString>("transport");
        QTest::addColumn<QString>("value");
        QTest::newRow("empty") << QStringLiteral("fcm") << QString();
        QTest::newRow("fcm with a space") << QStringLiteral("fcm") << QStringLiteral("ab cd");
        QTest::newRow("fcm too long") << QStringLiteral("fcm") << QString(4097, u'a');
        QTest::newRow("apns not hex") << QStringLiteral("apns") << QString(64, u'g');
        QTest::newRow("apns odd") << QStringLiteral("apns") << QString(63, u'a');
        QTest::newRow("apns short") << QStringLiteral("apns") << QString(30, u'a');
        QTest::newRow("webpush over http")
            << QStringLiteral("webpush") << QStringLiteral("http://ntfy.example.org/up1");
        QTest::newRow("webpush with a user")
            << QStringLiteral("webpush") << QStringLiteral("https://u:p@ntfy.example.org/up1");
        QTest::newRow("webpush no URL") << QStringLiteral("webpush") << QStringLiteral("up1");
        QTest::newRow("unknown transport") << QStringLiteral("hms") << QStringLiteral("abc");
    }

    void tokensOfTheWrongShapeFail()
    {
        QFETCH(QString, transport);
        QFETCH(QString, value);
        FakeMobileOs os;
        MobileBridge bridge;
        MobilePushChannel channel(os, bridge);
        QSignalSpy registered(&channel, &PushChannel::registered);
        QSignalSpy failed(&channel, &PushChannel::registrationFailed);
        channel.requestRegistration();
        bridge.pushTokenArrived(transport, value);
        QTRY_COMPARE(failed.count(), 1);
        QCOMPARE(registered.count(), 0);
        if (!value.isEmpty())
            QVERIFY(!failed.at(0).at(0).toString().contains(value));
    }

    void theOsFailureReachesTheChannel()
    {
        FakeMobileOs os;
        MobileBridge bridge;
        MobilePushChannel channel(os, bridge);
        QSignalSpy failed(&channel, &PushChannel::registrationFailed);
        // Unasked: nothing to report.
        bridge.pushRegistrationFailed(QStringLiteral("SERVICE_NOT_AVAILABLE"));
        QCoreApplication::processEvents();
        QCOMPARE(failed.count(), 0);
        channel.requestRegistration();
        bridge.pushRegistrationFailed(QStringLiteral("SERVICE_NOT_AVAILABLE\n"));
        QTRY_COMPARE(failed.count(), 1);
        QCOMPARE(failed.at(0).at(0).toString(), QStringLiteral("SERVICE_NOT_AVAILABLE "));
    }

    void theEntryPointsUseTheProcessBridge()
    {
        FakeMobileOs os;
        MobilePushChannel channel(os, MobileBridge::instance());
        QSignalSpy received(&channel, &PushChannel::messageReceived);
        QSignalSpy registered(&channel, &PushChannel::registered);
        const QByteArray body = randomBody(120);
        channel.requestRegistration();
        onOsThread([&] {
            mobile::pushTokenArrived(QStringLiteral("fcm"), QStringLiteral("tok:en"));
            mobile::pushFieldsArrived(fieldsWith({ { QStringLiteral("p"), base64Url(body) } }));
            mobile::pushBodyArrived(body);
        });
        QTRY_COMPARE(received.count(), 2);
        QCOMPARE(received.at(0).at(0).toByteArray(), body);
        QCOMPARE(received.at(1).at(0).toByteArray(), body);
        QCOMPARE(registered.count(), 1);
    }

    void aDestroyedChannelGetsNothing()
    {
        FakeMobileOs os;
        MobileBridge bridge;
        {
            MobilePushChannel channel(os, bridge);
            bridge.pushBodyArrived(randomBody(60));
            // Destroyed with the push still queued: no call reaches a dead object.
        }
        QCoreApplication::processEvents();
        // After it, a push waits for the next channel.
        const QByteArray body = randomBody(70);
        bridge.pushBodyArrived(body);
        MobilePushChannel next(os, bridge);
        QSignalSpy received(&next, &PushChannel::messageReceived);
        QTRY_COMPARE(received.count(), 1);
        QCOMPARE(received.at(0).at(0).toByteArray(), body);
    }
};

QTEST_GUILESS_MAIN(TestMobilePush)
#include "tst_mobile_push.moc"
