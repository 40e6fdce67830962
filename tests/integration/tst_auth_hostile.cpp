// Attacks on identity and the live stream that must keep failing (issue 22), against the real
// tessera-server on SQLite and PostgreSQL: a password change ends the attacker's other session;
// concurrent wrong passwords get at most 5 checks; a signed-out stream closes at once and hears
// nothing more; the account's own words are refused as a password; the database file is private;
// idempotency keys are pruned; an unauthenticated stream cannot make the server buffer a large
// frame.
#include "databasekinds.h"
#include "demoaccounts.h"
#include "postgrescluster.h"
#include "serverprocess.h"
#include "serversql.h"
#include "testhttp.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QWebSocket>
#include <QtEndian>

#include <memory>
#include <sodium.h>

using namespace tessera::test;

namespace {

const QString kStart = QStringLiteral("2026-11-29T09:00:00Z");

QJsonObject leaveRequestFor(const QString &userId)
{
    return QJsonObject {
        { QStringLiteral("recipients"),
            QJsonObject { { QStringLiteral("users"), QJsonArray { userId } } } },
        { QStringLiteral("title"), QStringLiteral("Leave request") },
        { QStringLiteral("body"), QStringLiteral("Three days of annual leave.") },
        { QStringLiteral("category"), QStringLiteral("leave") },
        { QStringLiteral("priority"), QStringLiteral("normal") },
        { QStringLiteral("actionable"), true },
        { QStringLiteral("actions"), approveRejectActions() },
        { QStringLiteral("reference"), QStringLiteral("HR-4711") },
    };
}

// The server's peak resident memory so far (VmHWM), in KiB; -1 when unreadable.
qint64 peakMemoryKiB(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

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

class TestAuthHostile : public QObject
{
    Q_OBJECT

    PostgresCluster m_postgres;
    int m_databases = 0;
    int m_keys = 0;

    ServerProcess::Options options(const QString &kind = QStringLiteral("sqlite"))
    {
        ServerProcess::Options options;
        options.now = kStart;
        options.database =
            databaseForKind(m_postgres, kind, QStringLiteral("auth_hostile_%1").arg(++m_databases));
        return options;
    }

    static int count(const ServerProcess &server, const QString &databaseUrl, const QString &sql)
    {
        const ServerSqlResult result = runServerSql(server.dataDir(), databaseUrl, sql);
        if (!result.ok || !result.hasRow) {
            qWarning("%s: %s", qPrintable(sql), qPrintable(result.error));
            return -1;
        }
        return result.value.toInt();
    }

    static HttpResult post(const ServerProcess &server, const QString &path,
        const QJsonObject &body, const QString &token = {})
    {
        return httpRequest("POST", server.url(path), compactJson(body), bearer(token));
    }

    static HttpResult changePassword(const ServerProcess &server, const QString &username,
        const QString &current, const QString &next, const QString &deviceId)
    {
        return post(server, QStringLiteral("/v1/auth/password"),
            QJsonObject { { QStringLiteral("username"), username },
                { QStringLiteral("currentPassword"), current },
                { QStringLiteral("newPassword"), next },
                { QStringLiteral("device"), testDevice(deviceId) } });
    }

    static QUrl streamUrl(const ServerProcess &server)
    {
        QUrl url = server.url(QStringLiteral("/v1/stream"));
        url.setScheme(QStringLiteral("ws"));
        return url;
    }

    // Opens a stream with token in the upgrade; true once its hello came. messages collects
    // every text message.
    bool openStream(const ServerProcess &server, QWebSocket &socket, const QString &token,
        QStringList &messages)
    {
        connect(&socket, &QWebSocket::textMessageReceived, this,
            [&messages](const QString &text) { messages.append(text); });
        QNetworkRequest request(streamUrl(server));
        request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
        socket.open(request);
        return QTest::qWaitFor([&messages] { return !messages.isEmpty(); }, 20000)
            && messages.first() == QStringLiteral("{\"type\":\"hello\"}");
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
    void initTestCase()
    {
        QVERIFY(sodium_init() >= 0);
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
    }

    // Issue 22, 5: an attacker signed in with the victim's password (the laptop here) keeps
    // nothing once the victim changes it on their phone: access token, refresh token and live
    // stream all end; the phone stays signed in with the answer's new pair.
    void passwordChangeEndsEveryOtherSession_data() { addDatabaseKinds(); }
    void passwordChangeEndsEveryOtherSession()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        QVERIFY2(server.start(options(kind)), qPrintable(server.error()));
        const QJsonObject mira = demoAccount(server, QStringLiteral("Mira Nurse"));
        const QString username = mira.value(QStringLiteral("username")).toString();
        const QString password = mira.value(QStringLiteral("password")).toString();
        const QJsonObject phone = signInDemo(
            server, QStringLiteral("Mira Nurse"), testDevice(QStringLiteral("hostile-phone")));
        const QJsonObject laptop = signInDemo(
            server, QStringLiteral("Mira Nurse"), testDevice(QStringLiteral("hostile-laptop")));
        const QString laptopAccess = laptop.value(QStringLiteral("accessToken")).toString();
        const QString laptopRefresh = laptop.value(QStringLiteral("refreshToken")).toString();
        QVERIFY(!laptopAccess.isEmpty() && !phone.isEmpty());
        QWebSocket laptopStream;
        QStringList laptopMessages;
        QSignalSpy laptopClosed(&laptopStream, &QWebSocket::disconnected);
        QVERIFY(openStream(server, laptopStream, laptopAccess, laptopMessages));

        const QString chosen = QStringLiteral("copper kettle morning tram");
        const HttpResult changed =
            changePassword(server, username, password, chosen, QStringLiteral("hostile-phone"));
        QCOMPARE(changed.status, 200);

        // The other device: every token refused, its stream closed.
        const HttpResult me =
            httpRequest("GET", server.url(QStringLiteral("/v1/me")), {}, bearer(laptopAccess));
        QCOMPARE(me.status, 401);
        QCOMPARE(errorCode(me), QStringLiteral("invalid_token"));
        const HttpResult refreshed = post(server, QStringLiteral("/v1/auth/refresh"),
            QJsonObject { { QStringLiteral("refreshToken"), laptopRefresh } });
        QCOMPARE(refreshed.status, 401);
        QCOMPARE(errorCode(refreshed), QStringLiteral("invalid_refresh_token"));
        QTRY_COMPARE_WITH_TIMEOUT(laptopClosed.size(), 1, 20000);
        QCOMPARE(int(laptopStream.closeCode()), 4401);
        // The old phone pair is gone too; the pair the change answered works and refreshes.
        QCOMPARE(httpRequest("GET", server.url(QStringLiteral("/v1/me")), {},
                     bearer(phone.value(QStringLiteral("accessToken")).toString()))
                     .status,
            401);
        QCOMPARE(httpRequest("GET", server.url(QStringLiteral("/v1/me")), {},
                     bearer(changed.json().value(QStringLiteral("accessToken")).toString()))
                     .status,
            200);
        QCOMPARE(post(server, QStringLiteral("/v1/auth/refresh"),
                     QJsonObject { { QStringLiteral("refreshToken"),
                         changed.json().value(QStringLiteral("refreshToken")) } })
                     .status,
            200);
        // The old password signs nobody in; the new one does.
        const auto signInWith = [&](const QString &secret) {
            return post(server, QStringLiteral("/v1/auth/login"),
                QJsonObject { { QStringLiteral("kind"), QStringLiteral("local") },
                    { QStringLiteral("username"), username },
                    { QStringLiteral("password"), secret },
                    { QStringLiteral("device"), testDevice(QStringLiteral("hostile-laptop")) } })
                .status;
        };
        QCOMPARE(signInWith(password), 401);
        QCOMPARE(signInWith(chosen), 200);
    }

    // Issue 22, 6: 20 wrong passwords for one name at once, over 4 clients with 5 connections
    // each: the server checks at most 5 of them (401) and refuses the rest before checking
    // (429), so the count of failures recorded stays at 5 at most; the right password is then
    // locked out too. The person's hash is made slower to check (Argon2id, 12 passes over 8 MiB)
    // so that the checks overlap as they would at the server's real cost.
    void concurrentWrongPasswordsGetAtMostFiveChecks_data() { addDatabaseKinds(); }
    void concurrentWrongPasswordsGetAtMostFiveChecks()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        const ServerProcess::Options serverOptions = options(kind);
        QVERIFY2(server.start(serverOptions), qPrintable(server.error()));
        const QJsonObject mira = demoAccount(server, QStringLiteral("Mira Nurse"));
        const QString username = mira.value(QStringLiteral("username")).toString();
        const QByteArray password = "the right one, slow to check";
        char hash[crypto_pwhash_STRBYTES];
        QCOMPARE(crypto_pwhash_str(
                     hash, password.constData(), quint64(password.size()), 12, 8 * 1024 * 1024),
            0);
        const ServerSqlResult slower = runServerSql(server.dataDir(), serverOptions.database,
            QStringLiteral("UPDATE users SET password_hash = '%1' WHERE id = '%2'")
                .arg(QLatin1String(hash), mira.value(QStringLiteral("userId")).toString()));
        QVERIFY2(slower.ok, qPrintable(slower.error));

        constexpr int clients = 4;
        constexpr int perClient = 5;
        std::unique_ptr<QNetworkAccessManager> managers[clients];
        QList<QNetworkReply *> replies;
        for (int c = 0; c < clients; ++c) {
            managers[c] = std::make_unique<QNetworkAccessManager>();
            for (int i = 0; i < perClient; ++i) {
                QNetworkRequest request(server.url(QStringLiteral("/v1/auth/login")));
                request.setHeader(
                    QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
                // Several spellings of one name: they count as one.
                const QString spelling = i % 2 == 0 ? username : username.toUpper();
                replies.append(managers[c]->post(request,
                    compactJson(QJsonObject { { QStringLiteral("kind"), QStringLiteral("local") },
                        { QStringLiteral("username"), spelling },
                        { QStringLiteral("password"),
                            QStringLiteral("wrong guess %1").arg(c * perClient + i) },
                        { QStringLiteral("device"),
                            testDevice(QStringLiteral("hostile-guesser-%1").arg(c)) } })));
            }
        }
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(replies.cbegin(), replies.cend(),
                [](const QNetworkReply *reply) { return reply->isFinished(); }),
            180000);
        int checked = 0;
        int refused = 0;
        for (QNetworkReply *reply : std::as_const(replies)) {
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status == 401)
                ++checked;
            else if (status == 429)
                ++refused;
            else
                qWarning("unexpected answer %d: %s", status, reply->readAll().constData());
            reply->deleteLater();
        }
        QVERIFY2(checked >= 1 && checked <= 5, qPrintable(QString::number(checked)));
        QCOMPARE(checked + refused, clients * perClient);
        const int recorded = count(server, serverOptions.database,
            QStringLiteral("SELECT COUNT(*) FROM login_failures WHERE scope = 'user'"));
        QCOMPARE(recorded, checked);

        const HttpResult right = post(server, QStringLiteral("/v1/auth/login"),
            QJsonObject { { QStringLiteral("kind"), QStringLiteral("local") },
                { QStringLiteral("username"), username },
                { QStringLiteral("password"), QString::fromLatin1(password) },
                { QStringLiteral("device"), testDevice(QStringLiteral("hostile-phone")) } });
        QCOMPARE(right.status, 429);
        QCOMPARE(errorCode(right), QStringLiteral("too_many_attempts"));
        QVERIFY(right.header("Retry-After").toInt() > 0);
    }

    // Issue 22, 8: signing out closes the device's stream before the sign-out is answered, so
    // a notification sent right after it is never hinted on that stream.
    void signOutClosesTheStreamAtOnce()
    {
        ServerProcess server;
        QVERIFY2(server.start(options()), qPrintable(server.error()));
        const QJsonObject ben = signInDemo(
            server, QStringLiteral("Ben Okafor"), testDevice(QStringLiteral("hostile-phone")));
        const QString token = ben.value(QStringLiteral("accessToken")).toString();
        const QString benId =
            ben.value(QStringLiteral("user")).toObject().value(QStringLiteral("id")).toString();
        QWebSocket stream;
        QStringList messages;
        QSignalSpy closed(&stream, &QWebSocket::disconnected);
        QVERIFY(openStream(server, stream, token, messages));

        QCOMPARE(post(server, QStringLiteral("/v1/auth/logout"), {}, token).status, 204);
        const HttpResult notified = httpRequest("POST",
            server.url(QStringLiteral("/v1/notifications")), compactJson(leaveRequestFor(benId)),
            bearer(demoApiKey(server).value(QStringLiteral("key")).toString(),
                "hostile-" + QByteArray::number(++m_keys)));
        QCOMPARE(notified.status, 201);
        QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, 20000);
        QCOMPARE(int(stream.closeCode()), 4401);
        QCOMPARE(messages, QStringList { QStringLiteral("{\"type\":\"hello\"}") });
    }

    // Issue 22, 2 and 8: an admin disabling a person or resetting their password ends all their
    // sessions: their streams close before the admin's answer, so a notification sent right
    // after is not hinted on them.
    void adminEndingSessionsClosesTheStreams_data()
    {
        QTest::addColumn<bool>("disable");
        QTest::newRow("disabled") << true;
        QTest::newRow("password reset") << false;
    }
    void adminEndingSessionsClosesTheStreams()
    {
        QFETCH(bool, disable);
        ServerProcess server;
        QVERIFY2(server.start(options()), qPrintable(server.error()));
        const QJsonObject ben = signInDemo(
            server, QStringLiteral("Ben Okafor"), testDevice(QStringLiteral("hostile-phone")));
        const QString benId =
            ben.value(QStringLiteral("user")).toObject().value(QStringLiteral("id")).toString();
        QWebSocket stream;
        QStringList messages;
        QSignalSpy closed(&stream, &QWebSocket::disconnected);
        QVERIFY(openStream(
            server, stream, ben.value(QStringLiteral("accessToken")).toString(), messages));
        const QJsonObject admin = signInDemo(server,
            demoAccountWithRole(server, QStringLiteral("admin"))
                .value(QStringLiteral("displayName"))
                .toString(),
            testDevice(QStringLiteral("hostile-admin")));
        const QString adminToken = admin.value(QStringLiteral("accessToken")).toString();
        const HttpResult ended = disable
            ? post(server, QStringLiteral("/v1/admin/users/%1/disabled").arg(benId),
                QJsonObject { { QStringLiteral("disabled"), true } }, adminToken)
            : post(server, QStringLiteral("/v1/admin/local-users/%1/reset-password").arg(benId), {},
                adminToken);
        QCOMPARE(ended.status, 200);
        // (A disabled person is no recipient: then Asha gets it alone.)
        const QJsonObject notification = leaveRequestFor(disable ? QStringLiteral("E1001") : benId);
        QCOMPARE(httpRequest("POST", server.url(QStringLiteral("/v1/notifications")),
                     compactJson(notification),
                     bearer(demoApiKey(server).value(QStringLiteral("key")).toString(),
                         "hostile-" + QByteArray::number(++m_keys)))
                     .status,
            201);
        QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, 20000);
        QCOMPARE(int(stream.closeCode()), 4401);
        QCOMPARE(messages, QStringList { QStringLiteral("{\"type\":\"hello\"}") });
    }

    // Issue 22, 8: a person's user name, ID, name and e-mail address are refused as (part of) a
    // new password, with words that say which.
    void theAccountsOwnWordsAreNoPassword()
    {
        ServerProcess server;
        QVERIFY2(server.start(options()), qPrintable(server.error()));
        const QJsonObject admin = signInDemo(server,
            demoAccountWithRole(server, QStringLiteral("admin"))
                .value(QStringLiteral("displayName"))
                .toString(),
            testDevice(QStringLiteral("hostile-admin")));
        const HttpResult created = post(server, QStringLiteral("/v1/admin/local-users"),
            QJsonObject { { QStringLiteral("displayName"), QStringLiteral("Florence Nightingale") },
                { QStringLiteral("email"), QStringLiteral("lady.lamp@tessera.test") },
                { QStringLiteral("roles"), QJsonArray {} } },
            admin.value(QStringLiteral("accessToken")).toString());
        QCOMPARE(created.status, 201);
        const QString userId = created.json().value(QStringLiteral("userId")).toString();
        const QString temporary =
            created.json().value(QStringLiteral("temporaryPassword")).toString();

        const QList<std::pair<QString, QString>> refused {
            { QStringLiteral("Florence Nightingale"), QStringLiteral("your name") },
            { QStringLiteral("florence.nightingale"), QStringLiteral("your name") },
            { QStringLiteral("NIGHTINGALE copper tram"), QStringLiteral("your name") },
            { QStringLiteral("lady.lamp@tessera.test"), QStringLiteral("e-mail") },
            { QStringLiteral("Lady Lamp kettle morning"), QStringLiteral("e-mail") },
            { userId.toLower() + QStringLiteral(" kettle morning"), QStringLiteral("user name") },
        };
        for (const auto &[password, says] : refused) {
            const HttpResult answer = changePassword(
                server, userId, temporary, password, QStringLiteral("hostile-phone"));
            QVERIFY2(answer.status == 422, qPrintable(password));
            QCOMPARE(errorCode(answer), QStringLiteral("weak_password"));
            const QString message = answer.json()
                                        .value(QStringLiteral("error"))
                                        .toObject()
                                        .value(QStringLiteral("message"))
                                        .toString();
            QVERIFY2(message.contains(says), qPrintable(message));
        }
        QCOMPARE(changePassword(server, userId, temporary,
                     QStringLiteral("copper kettle morning tram"), QStringLiteral("hostile-phone"))
                     .status,
            200);
    }

    // Issue 22, 8: the SQLite database and its -wal and -shm files are readable by the server's
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

    // Issue 22, 8: idempotency keys are pruned with the other retention (7 days by default,
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

    // Issue 22, 4: a /v1/stream socket that has not sent its token yet sends a 64 MiB frame (or
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
        const qint64 before = peakMemoryKiB(server.pid());
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
        const qint64 after = peakMemoryKiB(server.pid());
        QVERIFY2(after - before <= 16 * 1024,
            qPrintable(
                QStringLiteral("peak memory %1 KiB before, %2 KiB after").arg(before).arg(after)));
        // The server still serves.
        QCOMPARE(httpRequest("GET", server.url(QStringLiteral("/v1/health"))).status, 200);
    }
};

QTEST_GUILESS_MAIN(TestAuthHostile)
#include "tst_auth_hostile.moc"
