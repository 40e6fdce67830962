// APNs: ApnsTransport against a loopback HTTP/2 APNs provider API
// (tests/data/apns_service.py on python3-h2, h2c with prior knowledge) that verifies the provider
// token with PyJWT against the public key of a .p8 made here with openssl, checks every apns-*
// header and DECRYPTS "p" with the independent RFC 8291 decryptor of webpush_receiver.py. The
// transport runs in this process; pushes are made by hand, encrypted with the real WebPushCrypto.
#include "base/clock.h"
#include "push/apnstransport.h"
#include "push/webpushcrypto.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace tessera::server;
using Outcome = PushTransport::Outcome;

namespace {

constexpr qint64 minute = 60;
const QString keyId = QStringLiteral("KEY1234567");
const QString teamId = QStringLiteral("TEAM765432");
const QString bundleId = QStringLiteral("org.tessera.app");

QByteArray unbase64Url(const QByteArray &text)
{
    return QByteArray::fromBase64(text, QByteArray::Base64UrlEncoding);
}

QString randomToken()
{
    QByteArray bytes(32, '\0');
    QRandomGenerator::global()->fillRange(
        reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / 4);
    return QString::fromLatin1(bytes.toHex());
}

} // namespace

class TestPushApns : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QProcess m_service;
    QString m_keyFile;
    QString m_log;
    QUrl m_endpoint;
    QByteArray m_p256dh;
    QByteArray m_auth;
    // Starts 55 minutes back, so that moving it 41 minutes on keeps every iat in Apple's hour.
    Clock m_clock { QDateTime::currentDateTimeUtc().addSecs(-55 * minute) };
    std::unique_ptr<ApnsTransport> m_transport;
    qint64 m_movedMs = 0;

    // Moves the transport's clock to the given second (only forwards).
    void moveClockTo(qint64 secsSinceEpoch)
    {
        const qint64 unmoved = m_clock.now().toMSecsSinceEpoch() - m_movedMs;
        m_movedMs = std::max(m_movedMs, secsSinceEpoch * 1000 - unmoved);
        m_clock.setMovedBy(m_movedMs);
    }

    ApnsTransport::Config config(const QUrl &endpoint) const
    {
        ApnsTransport::Config c;
        c.keyFile = m_keyFile;
        c.keyId = keyId;
        c.teamId = teamId;
        c.topic = bundleId;
        c.endpoint = endpoint;
        return c;
    }

    PushTransport::Push push(const QString &token, const QByteArray &plaintext,
        const QString &urgency = QStringLiteral("high")) const
    {
        PushTransport::Push p;
        p.due.id = 7;
        p.due.itemId = QStringLiteral("item-42");
        p.due.title = QStringLiteral("Secret title");
        p.due.urgency = urgency;
        p.due.ttl = 3600;
        p.due.createdAt = QDateTime::fromSecsSinceEpoch(1'800'000'000, Qt::UTC);
        p.subscription.transport = QStringLiteral("apns");
        p.subscription.endpoint = token;
        p.subscription.p256dh = m_p256dh;
        p.subscription.auth = m_auth;
        p.encrypted = WebPushCrypto::encrypt(plaintext, m_p256dh, m_auth).value_or(QByteArray());
        return p;
    }

    static std::optional<PushTransport::Result> sendWith(
        ApnsTransport &transport, const PushTransport::Push &p)
    {
        auto result = std::make_shared<std::optional<PushTransport::Result>>();
        auto calls = std::make_shared<int>(0);
        transport.send(p, [result, calls](const PushTransport::Result &r) {
            *result = r;
            ++*calls;
        });
        if (!QTest::qWaitFor([&] { return result->has_value(); }, 40'000))
            return std::nullopt;
        QTest::qWait(50);
        return *calls == 1 ? *result : std::nullopt; // done exactly once
    }

    std::optional<PushTransport::Result> send(const PushTransport::Push &p)
    {
        return sendWith(*m_transport, p);
    }

    bool script(const QString &token, int status, const QString &reason, int retryAfter = -1)
    {
        const QString line =
            QStringLiteral("SCRIPT %1 %2 %3 %4\n")
                .arg(token)
                .arg(status)
                .arg(reason.isEmpty() ? QStringLiteral("-") : reason)
                .arg(retryAfter < 0 ? QStringLiteral("-") : QString::number(retryAfter));
        m_service.write(line.toLatin1());
        return QTest::qWaitFor([this] { return m_service.canReadLine(); }, 10'000)
            && m_service.readLine().trimmed() == "OK";
    }

    QList<QJsonObject> records() const
    {
        QFile file(m_log);
        QList<QJsonObject> out;
        if (!file.open(QIODevice::ReadOnly))
            return out;
        while (!file.atEnd()) {
            const QByteArray line = file.readLine().trimmed();
            if (!line.isEmpty())
                out.append(QJsonDocument::fromJson(line).object());
        }
        return out;
    }

    QJsonObject last() const
    {
        const QList<QJsonObject> all = records();
        return all.isEmpty() ? QJsonObject() : all.last();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_keyFile = m_dir.filePath(QStringLiteral("AuthKey.p8"));
        m_log = m_dir.filePath(QStringLiteral("apns.jsonl"));
        // Apple's .p8 is a PKCS #8 "PRIVATE KEY" on P-256.
        QCOMPARE(
            QProcess::execute(QStringLiteral("openssl"),
                { QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("EC"),
                    QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"),
                    QStringLiteral("-out"), m_keyFile }),
            0);
        m_service.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_service.start(QStringLiteral("/usr/bin/python3"),
            { QStringLiteral(TESSERA_APNS_SERVICE), QStringLiteral("--key"), m_keyFile,
                QStringLiteral("--key-id"), keyId, QStringLiteral("--team-id"), teamId,
                QStringLiteral("--topic"), bundleId, QStringLiteral("--log"), m_log });
        QVERIFY(m_service.waitForStarted());
        QVERIFY(QTest::qWaitFor([this] { return m_service.canReadLine(); }, 15'000));
        const QList<QByteArray> device = m_service.readLine().trimmed().split(' ');
        QCOMPARE(device.size(), 3);
        QCOMPARE(device[0], QByteArray("DEVICE"));
        m_p256dh = unbase64Url(device[1]);
        m_auth = unbase64Url(device[2]);
        QVERIFY(QTest::qWaitFor([this] { return m_service.canReadLine(); }, 15'000));
        const QByteArray port = m_service.readLine().trimmed();
        QVERIFY2(port.startsWith("PORT "), port.constData());
        m_endpoint = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port.mid(5).toInt()));
        QString error;
        m_transport = ApnsTransport::create(config(m_endpoint), m_clock, &error);
        QVERIFY2(m_transport, qPrintable(error));
        QCOMPARE(m_transport->name(), QStringLiteral("apns"));
    }

    void cleanupTestCase()
    {
        m_transport.reset();
        m_service.kill();
        m_service.waitForFinished();
    }

    void acceptedAndDecrypted()
    {
        const QByteArray plaintext = R"({"id":"item-42","title":"Secret title"})";
        const QString token = randomToken();
        const qint64 sentAt = m_clock.now().toSecsSinceEpoch();
        const auto result = send(push(token, plaintext));
        QVERIFY(result);
        QCOMPARE(result->outcome, Outcome::Accepted);
        QCOMPARE(result->status, 200);
        const QJsonObject record = last();
        QVERIFY2(record.value(QStringLiteral("errors")).toArray().isEmpty(),
            QJsonDocument(record).toJson().constData());
        QVERIFY(record.value(QStringLiteral("http2")).toBool());
        QCOMPARE(record.value(QStringLiteral("token")).toString(), token);
        QCOMPARE(
            record.value(QStringLiteral("plaintext")).toString(), QString::fromUtf8(plaintext));
        QCOMPARE(record.value(QStringLiteral("alertTitle")).toString(), QStringLiteral("New item"));
        QCOMPARE(record.value(QStringLiteral("kid")).toString(), keyId);
        QCOMPARE(record.value(QStringLiteral("iss")).toString(), teamId);
        QCOMPARE(record.value(QStringLiteral("alg")).toString(), QStringLiteral("ES256"));
        const auto iat = qint64(record.value(QStringLiteral("iat")).toDouble());
        QVERIFY(iat >= sentAt && iat <= m_clock.now().toSecsSinceEpoch());
        const QJsonObject headers = record.value(QStringLiteral("headers")).toObject();
        QCOMPARE(headers.value(QStringLiteral("apns-topic")).toString(), bundleId);
        QCOMPARE(
            headers.value(QStringLiteral("apns-push-type")).toString(), QStringLiteral("alert"));
        QCOMPARE(headers.value(QStringLiteral("apns-priority")).toString(), QStringLiteral("10"));
        QCOMPARE(headers.value(QStringLiteral("apns-expiration")).toString(),
            QString::number(1'800'000'000 + 3600));
        QCOMPARE(headers.value(QStringLiteral("apns-collapse-id")).toString(),
            QStringLiteral("item-42"));
    }

    void normalUrgencyIsPriorityFive()
    {
        const auto result =
            send(push(randomToken(), R"({"id":"item-42"})", QStringLiteral("normal")));
        QVERIFY(result);
        QCOMPARE(result->outcome, Outcome::Accepted);
        QCOMPARE(last()
                     .value(QStringLiteral("headers"))
                     .toObject()
                     .value(QStringLiteral("apns-priority"))
                     .toString(),
            QStringLiteral("5"));
    }

    // One provider token for 40 minutes (Apple refuses one refreshed more often than every 20),
    // then a new one (Apple refuses one older than 60).
    void providerTokenReusedForFortyMinutes()
    {
        QVERIFY(send(push(randomToken(), "{}")));
        const QJsonObject first = last();
        QVERIFY(first.value(QStringLiteral("errors")).toArray().isEmpty());
        const auto firstIat = qint64(first.value(QStringLiteral("iat")).toDouble());
        moveClockTo(firstIat + 39 * minute);
        const auto later = send(push(randomToken(), "{}"));
        QVERIFY(later);
        QCOMPARE(later->outcome, Outcome::Accepted);
        QCOMPARE(last().value(QStringLiteral("jwt")), first.value(QStringLiteral("jwt")));
        QCOMPARE(last().value(QStringLiteral("iat")), first.value(QStringLiteral("iat")));
        moveClockTo(firstIat + 41 * minute);
        const qint64 renewedAt = m_clock.now().toSecsSinceEpoch();
        const auto renewed = send(push(randomToken(), "{}"));
        QVERIFY(renewed);
        QCOMPARE(renewed->outcome, Outcome::Accepted); // not TooManyProviderTokenUpdates
        const QJsonObject third = last();
        QVERIFY(third.value(QStringLiteral("errors")).toArray().isEmpty());
        QVERIFY(third.value(QStringLiteral("jwt")) != first.value(QStringLiteral("jwt")));
        const auto iat = qint64(third.value(QStringLiteral("iat")).toDouble());
        QVERIFY(iat >= renewedAt && iat <= m_clock.now().toSecsSinceEpoch());
    }

    void expiredProviderTokenMadeAgainAtOnce()
    {
        const QString token = randomToken();
        QVERIFY(script(token, 403, QStringLiteral("ExpiredProviderToken")));
        const auto refused = send(push(token, "{}"));
        QVERIFY(refused);
        QCOMPARE(refused->outcome, Outcome::Retry);
        QCOMPARE(refused->status, 403);
        QCOMPARE(refused->detail, QStringLiteral("ExpiredProviderToken"));
        const QJsonObject before = last();
        // 5 s later: far inside the 40 minutes the token is otherwise kept
        moveClockTo(qint64(before.value(QStringLiteral("iat")).toDouble()) + 5);
        const auto again = send(push(token, "{}"));
        QVERIFY(again);
        QCOMPARE(again->outcome, Outcome::Accepted);
        const QJsonObject after = last();
        QVERIFY(after.value(QStringLiteral("jwt")) != before.value(QStringLiteral("jwt")));
        QVERIFY(qint64(after.value(QStringLiteral("iat")).toDouble())
            >= qint64(before.value(QStringLiteral("iat")).toDouble()) + 5);
        // and it is kept again afterwards
        QVERIFY(send(push(randomToken(), "{}")));
        QCOMPARE(last().value(QStringLiteral("jwt")), after.value(QStringLiteral("jwt")));
    }

    void outcomes_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<int>("retryAfter");
        QTest::addColumn<Outcome>("outcome");
        QTest::addColumn<QString>("detail");
        QTest::newRow("410 Unregistered") << 410 << QStringLiteral("Unregistered") << -1
                                          << Outcome::Gone << QStringLiteral("Unregistered");
        QTest::newRow("400 BadDeviceToken") << 400 << QStringLiteral("BadDeviceToken") << -1
                                            << Outcome::Gone << QStringLiteral("BadDeviceToken");
        QTest::newRow("400 DeviceTokenNotForTopic")
            << 400 << QStringLiteral("DeviceTokenNotForTopic") << -1 << Outcome::Gone
            << QStringLiteral("DeviceTokenNotForTopic");
        QTest::newRow("429 Retry-After") << 429 << QStringLiteral("TooManyRequests") << 17
                                         << Outcome::Retry << QStringLiteral("TooManyRequests");
        QTest::newRow("503") << 503 << QStringLiteral("ServiceUnavailable") << -1 << Outcome::Retry
                             << QStringLiteral("ServiceUnavailable");
        QTest::newRow("500") << 500 << QStringLiteral("InternalServerError") << 3 << Outcome::Retry
                             << QStringLiteral("InternalServerError");
        QTest::newRow("400 BadCollapseId") << 400 << QStringLiteral("BadCollapseId") << -1
                                           << Outcome::Refused << QStringLiteral("BadCollapseId");
        QTest::newRow("403 InvalidProviderToken")
            << 403 << QStringLiteral("InvalidProviderToken") << -1 << Outcome::Refused
            << QStringLiteral("InvalidProviderToken");
        QTest::newRow("413 no reason")
            << 413 << QString() << -1 << Outcome::Refused << QStringLiteral("answered 413");
    }
    void outcomes()
    {
        QFETCH(int, status);
        QFETCH(QString, reason);
        QFETCH(int, retryAfter);
        QFETCH(Outcome, outcome);
        QFETCH(QString, detail);
        const QString token = randomToken();
        QVERIFY(script(token, status, reason, retryAfter));
        const auto result = send(push(token, "{}"));
        QVERIFY(result);
        QCOMPARE(result->outcome, outcome);
        QCOMPARE(result->status, status);
        QCOMPARE(result->detail, detail);
        QCOMPARE(result->retryAfterSeconds.has_value(), retryAfter >= 0);
        if (retryAfter >= 0)
            QCOMPARE(*result->retryAfterSeconds, qint64(retryAfter));
        QCOMPARE(last().value(QStringLiteral("answered")).toInt(), status);
        QVERIFY(last().value(QStringLiteral("errors")).toArray().isEmpty());
        // the token is fine and kept: the next push to the device goes through
        const auto next = send(push(token, "{}"));
        QVERIFY(next);
        QCOMPARE(next->outcome, Outcome::Accepted);
    }

    void noAnswerIsRetried()
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 port = closed.serverPort();
        closed.close(); // nothing listens there now
        QString error;
        auto transport = ApnsTransport::create(
            config(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port))), m_clock, &error);
        QVERIFY2(transport, qPrintable(error));
        const auto result = sendWith(*transport, push(randomToken(), "{}"));
        QVERIFY(result);
        QCOMPARE(result->outcome, Outcome::Retry);
        QCOMPARE(result->status, 0);
    }

    void http11AnswerIsNotAccepted()
    {
        QTcpServer http11;
        QVERIFY(http11.listen(QHostAddress::LocalHost));
        int answered = 0;
        connect(&http11, &QTcpServer::newConnection, &http11, [&http11, &answered] {
            QTcpSocket *socket = http11.nextPendingConnection();
            connect(socket, &QTcpSocket::readyRead, socket, [socket, &answered] {
                socket->readAll();
                ++answered;
                socket->write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
                socket->disconnectFromHost();
            });
        });
        ApnsTransport::Config c =
            config(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(http11.serverPort())));
        c.timeout = std::chrono::seconds(3); // Qt waits for an HTTP/2 answer that never comes
        QString error;
        auto transport = ApnsTransport::create(c, m_clock, &error);
        QVERIFY2(transport, qPrintable(error));
        const auto result = sendWith(*transport, push(randomToken(), "{}"));
        QVERIFY(result);
        QVERIFY(result->outcome != Outcome::Accepted);
        QVERIFY(answered > 0); // it did answer, in HTTP/1.1
    }

    void badPushesAreNotSent()
    {
        const qsizetype before = records().size();
        const auto badToken = send(push(QStringLiteral("../../3/device/ab"), "{}"));
        QVERIFY(badToken);
        QCOMPARE(badToken->outcome, Outcome::Refused);
        QCOMPARE(badToken->status, 0);
        PushTransport::Push large = push(randomToken(), "{}");
        large.encrypted = QByteArray(3100, 'x'); // base64url makes it over 4 KiB
        const auto tooLarge = send(large);
        QVERIFY(tooLarge);
        QCOMPARE(tooLarge->outcome, Outcome::Refused);
        QVERIFY(tooLarge->detail.contains(QStringLiteral("4096")));
        QCOMPARE(records().size(), before);
        // the largest plaintext a push may carry (decision 6: 2 KiB) still fits APNs' 4 KiB
        const QByteArray most(WebPushCrypto::maxPlaintextBytes, 'a');
        const auto fits = send(push(randomToken(), most));
        QVERIFY(fits);
        QCOMPARE(fits->outcome, Outcome::Accepted);
        QCOMPARE(last().value(QStringLiteral("plaintext")).toString(), QString::fromLatin1(most));
    }
};

QTEST_GUILESS_MAIN(TestPushApns)
#include "tst_push_apns.moc"
