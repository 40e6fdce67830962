// Attacks on the server's storage and stream that must keep failing (docs/SECURITY.md), against the
// real tessera-server: the database file is private; idempotency keys are pruned (SQLite and
// PostgreSQL); an unauthenticated stream cannot make the server buffer a large frame.
#include "databasekinds.h"
#include "demoaccounts.h"
#include "postgrescluster.h"
#include "serverprocess.h"
#include "serversql.h"
#include "testhttp.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QTcpSocket>
#include <QTest>
#include <QtEndian>

using namespace tessera::test;

namespace {

const QString kStart = QStringLiteral("2026-11-29T09:00:00Z");

// A client-to-server WebSocket frame header (masked, mask 0: the payload goes as it is).
QByteArray frameHeader(quint8 firstByte, quint64 length)
{
    QByteArray header(1, char(firstByte));
    if (length < 126) {
        header.append(char(0x80 | length));
    } else if (length <= 0xffff) {
        header.append(char(0x80 | 126));
        char size[2];
        qToBigEndian<quint16>(quint16(length), size);
        header.append(size, 2);
    } else {
        header.append(char(0x80 | 127));
        char size[8];
        qToBigEndian<quint64>(length, size);
        header.append(size, 8);
    }
    header.append(4, '\0'); // the masking key
    return header;
}

} // namespace

class TestServerHostile : public QObject
{
    Q_OBJECT

    PostgresCluster m_postgres;
    int m_databases = 0;

    ServerProcess::Options options(const QString &kind = QStringLiteral("sqlite"))
    {
        ServerProcess::Options options;
        options.now = kStart;
        options.database = databaseForKind(
            m_postgres, kind, QStringLiteral("server_hostile_%1").arg(++m_databases));
        return options;
    }

    static int count(const ServerProcess &server, const QString &databaseUrl, const QString &sql)
    {
        return serverSqlInt(server.dataDir(), databaseUrl, sql);
    }

    // Opens socket to the server and upgrades it to a WebSocket on /v1/stream, without a token.
    static bool upgrade(const ServerProcess &server, QTcpSocket &socket)
    {
        socket.connectToHost(QStringLiteral("127.0.0.1"), quint16(server.url().port()));
        if (!socket.waitForConnected(10000))
            return false;
        socket.write(QStringLiteral("GET /v1/stream HTTP/1.1\r\nHost: 127.0.0.1:%1\r\n"
                                    "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                                    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                    "Sec-WebSocket-Version: 13\r\n\r\n")
                         .arg(server.url().port())
                         .toLatin1());
        QByteArray answer;
        while (!answer.contains("\r\n\r\n") && socket.waitForReadyRead(20000)) {
            // Byte by byte up to the blank line: nothing of what follows is taken.
            char c = 0;
            while (!answer.contains("\r\n\r\n") && socket.getChar(&c))
                answer.append(c);
        }
        return answer.startsWith("HTTP/1.1 101");
    }

    // Reads from socket until it has at least bytes, or the socket ends, or 20 s pass.
    static QByteArray readUntil(QTcpSocket &socket, qsizetype bytes)
    {
        QByteArray received;
        const bool done = QTest::qWaitFor(
            [&] {
                if (socket.isOpen())
                    received += socket.readAll();
                if (received.size() >= bytes || socket.state() != QAbstractSocket::ConnectedState)
                    return true;
                socket.waitForReadyRead(100);
                return false;
            },
            20000);
        if (done && socket.isOpen())
            received += socket.readAll();
        return received;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error())); }

    // The SQLite database and its -wal and -shm files are readable by the server's
    // user only, also when an older file was left with a wider mode.
    void theDatabaseFilesArePrivate()
    {
        ServerProcess server;
        ServerProcess::Options serverOptions = options();
        QVERIFY2(server.start(serverOptions), qPrintable(server.error()));
        QVERIFY(!signInDemo(
            server, QStringLiteral("Ben Okafor"), testDevice(QStringLiteral("hostile-phone")))
                     .isEmpty());
        const QString database = server.dataDir() + QStringLiteral("/tessera.db");
        constexpr QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup
            | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::WriteOther
            | QFileDevice::ExeOther;
        const auto checkPrivate = [&] {
            for (const QString &suffix :
                { QString(), QStringLiteral("-wal"), QStringLiteral("-shm") }) {
                const QFileInfo file(database + suffix);
                QVERIFY2(file.exists(), qPrintable(file.filePath()));
                QVERIFY2((file.permissions() & others) == 0,
                    qPrintable(QStringLiteral("%1: %2")
                                   .arg(file.filePath())
                                   .arg(int(file.permissions()), 0, 16)));
            }
        };
        checkPrivate();
        if (QTest::currentTestFailed())
            return;
        QVERIFY(server.stop().has_value());

        QVERIFY(QFile::setPermissions(database,
            QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup
                | QFileDevice::ReadOther));
        serverOptions.dataDir = server.dataDir();
        ServerProcess again;
        QVERIFY2(again.start(serverOptions), qPrintable(again.error()));
        checkPrivate();
    }

    // Idempotency keys are pruned with the other retention (7 days by default,
    // retention.idempotencyKeyDays): kept within it (a retry is answered as before), gone after.
    void idempotencyKeysArePruned_data() { addDatabaseKinds(); }
    void idempotencyKeysArePruned()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        ServerProcess::Options serverOptions = options(kind);
        QVERIFY2(server.start(serverOptions), qPrintable(server.error()));
        const QString key = demoApiKey(server).value(QStringLiteral("key")).toString();
        const QByteArray body = compactJson(leaveRequestFor(QStringLiteral("E1002")));
        const auto notify = [&](const ServerProcess &on) {
            return httpRequest("POST", on.url(QStringLiteral("/v1/notifications")), body,
                bearer(key, "hostile-idempotency-key"));
        };
        const HttpResult first = notify(server);
        QCOMPARE(first.status, 201);
        const QString keys = QStringLiteral("SELECT COUNT(*) FROM idempotency_keys");
        QCOMPARE(count(server, serverOptions.database, keys), 1);
        QVERIFY(server.stop().has_value());

        // Six days on, within the default 7: the retry gets the first answer again.
        serverOptions.dataDir = server.dataDir();
        serverOptions.now = QStringLiteral("2026-12-05T09:00:00Z");
        {
            ServerProcess soon;
            QVERIFY2(soon.start(serverOptions), qPrintable(soon.error()));
            const HttpResult retried = notify(soon);
            QCOMPARE(retried.status, 201);
            QCOMPARE(retried.body, first.body);
            QVERIFY(soon.stop().has_value());
        }
        // Eight days on: pruned at start.
        serverOptions.now = QStringLiteral("2026-12-07T09:00:00Z");
        {
            ServerProcess later;
            QVERIFY2(later.start(serverOptions), qPrintable(later.error()));
            QTRY_COMPARE_WITH_TIMEOUT(count(later, serverOptions.database, keys), 0, 20000);
            QVERIFY(later.stop().has_value());
        }
        // A shorter retention is honoured: a key of today is kept, one of three days ago goes.
        ServerProcess shorter;
        serverOptions.config.insert(QStringLiteral("retention"),
            QJsonObject { { QStringLiteral("idempotencyKeyDays"), 2 } });
        QVERIFY2(shorter.start(serverOptions), qPrintable(shorter.error()));
        QCOMPARE(notify(shorter).status, 201);
        QVERIFY(shorter.stop().has_value());
        serverOptions.now = QStringLiteral("2026-12-10T09:00:00Z");
        ServerProcess pruned;
        QVERIFY2(pruned.start(serverOptions), qPrintable(pruned.error()));
        QTRY_COMPARE_WITH_TIMEOUT(count(pruned, serverOptions.database, keys), 0, 20000);
    }

    // A /v1/stream socket that has not sent its token yet sends a 64 MiB frame (or
    // a message of many small frames). The server refuses it from the frame's header, or at the
    // message's limit, with close code 1009 (message too big) and stops reading long before the
    // 64 MiB are in: its peak memory stays within 16 MiB of what it was.
    void largeFrameBeforeTheTokenIsRefused_data()
    {
        QTest::addColumn<quint8>("opcode");
        QTest::addColumn<bool>("fragmented");
        QTest::newRow("binary frame") << quint8(0x2) << false;
        QTest::newRow("text frame") << quint8(0x1) << false;
        QTest::newRow("text message of small frames") << quint8(0x1) << true;
    }
    void largeFrameBeforeTheTokenIsRefused()
    {
        QFETCH(quint8, opcode);
        QFETCH(bool, fragmented);
        ServerProcess server;
        QVERIFY2(server.start(options()), qPrintable(server.error()));
        QCOMPARE(httpRequest("GET", server.url(QStringLiteral("/v1/health"))).status, 200);
        const qint64 before = server.peakMemoryKiB();
        QVERIFY(before > 0);

        constexpr qint64 total = 64LL * 1024 * 1024;
        constexpr quint64 smallFrame = 1024;
        // What opens the attack: the big frame's header, or the first 5 KiB of the message (the
        // first frame without FIN, then continuation frames).
        QByteArray opening;
        QByteArray piece; // a megabyte of what follows
        if (fragmented) {
            opening = frameHeader(opcode, smallFrame) + QByteArray(smallFrame, 'x');
            const QByteArray continuation =
                frameHeader(0x0, smallFrame) + QByteArray(smallFrame, 'x');
            for (int i = 0; i < 4; ++i)
                opening += continuation;
            while (piece.size() < 1024 * 1024)
                piece += continuation;
        } else {
            opening = frameHeader(0x80 | opcode, quint64(total));
            piece = QByteArray(1024 * 1024, 'x');
        }

        // The opening alone is refused at once: the close frame says 1009, not 4401 (no token
        // in time) after a wait for the rest.
        {
            QTcpSocket socket;
            QVERIFY(upgrade(server, socket));
            socket.write(opening);
            const QByteArray close = readUntil(socket, 4);
            QVERIFY2(close.size() >= 4, close.toHex().constData());
            QCOMPARE(quint8(close.at(0)), quint8(0x88)); // FIN + close
            QCOMPARE(qFromBigEndian<quint16>(close.constData() + 2), quint16(1009));
        }

        // The whole 64 MiB, a megabyte at a time, for as long as the server takes them.
        QTcpSocket socket;
        QVERIFY(upgrade(server, socket));
        socket.write(opening);
        qint64 sent = 0;
        while (sent < total && socket.state() == QAbstractSocket::ConnectedState) {
            socket.write(piece);
            sent += piece.size();
            while (socket.bytesToWrite() > 0 && socket.state() == QAbstractSocket::ConnectedState)
                socket.waitForBytesWritten(200);
        }
        socket.abort();
        QVERIFY2(sent < total, "the server read the whole 64 MiB");
        const qint64 after = server.peakMemoryKiB();
        QVERIFY2(after - before <= 16 * 1024,
            qPrintable(
                QStringLiteral("peak memory %1 KiB before, %2 KiB after").arg(before).arg(after)));
        // The server still serves.
        QCOMPARE(httpRequest("GET", server.url(QStringLiteral("/v1/health"))).status, 200);
    }
};

QTEST_GUILESS_MAIN(TestServerHostile)
#include "tst_server_hostile.moc"
