// Card media against the real server (SQLite and PostgreSQL): a sub-system's upload (checked by
// magic number, 413 past 5 MiB, the same bytes answering the same id), and the fetch that serves a
// medium only to the people of an object linking to it (a Home card, a service, a notification's
// card, also to more people than one audience holds, a submission's result card), 404 to everyone
// else and after the object is gone; a key cannot open another key's medium; unreferenced media
// are deleted after their retention.
#include "cardsfixture.h"
#include "serversql.h"
#include "servicecalls.h"

#include <QCryptographicHash>

using namespace tessera::test;

namespace {

// An image's bytes: the magic number of its type, then payload (the server checks the former and
// stores the latter as it is).
QByteArray imageBytes(const QByteArray &type, const QByteArray &payload)
{
    QByteArray magic;
    if (type == "image/png")
        magic = QByteArrayLiteral("\x89PNG\r\n\x1a\n");
    else if (type == "image/jpeg")
        magic = QByteArrayLiteral("\xff\xd8\xff\xe0");
    else if (type == "image/gif")
        magic = QByteArrayLiteral("GIF89a");
    else if (type == "image/webp")
        magic = QByteArrayLiteral("RIFF\x10\x00\x00\x00WEBPVP8 ");
    return magic + payload;
}

QString sha256Of(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

} // namespace

class TestMedia : public QObject, protected CardsFixture
{
    Q_OBJECT

    static HttpResult upload(const ServerProcess &server, const QByteArray &contentType,
        const QByteArray &bytes, const QString &key = {})
    {
        auto headers = bearer(key.isEmpty() ? demoKey(server) : key);
        if (!contentType.isEmpty())
            headers.append({ QByteArrayLiteral("Content-Type"), contentType });
        return httpRequest(
            "POST", server.url(QStringLiteral("/v1/subsystem/media")), bytes, headers);
    }

    static HttpResult fetch(const ServerProcess &server, const QString &token, const QString &id,
        const QByteArray &ifNoneMatch = {})
    {
        auto headers = bearer(token);
        if (!ifNoneMatch.isEmpty())
            headers.append({ QByteArrayLiteral("If-None-Match"), ifNoneMatch });
        return httpRequest("GET", server.url(QStringLiteral("/v1/media/") + id), {}, headers);
    }

    static QString newKey(const ServerProcess &server, const QString &name)
    {
        const QString admin = signIn(server, QStringLiteral("Tessera Admin"));
        return asAdmin(server, admin, "POST", QStringLiteral("/v1/admin/api-keys"),
            QJsonObject { { QStringLiteral("subsystem"), name },
                { QStringLiteral("scopes"), QJsonArray { QStringLiteral("cards:write") } } })
            .json()
            .value(QStringLiteral("key"))
            .toString();
    }

    // The medium's bytes as the server serves them to token: the status, and the checks of its
    // headers.
    static void verifyServed(
        const HttpResult &served, const QByteArray &bytes, const QByteArray &contentType)
    {
        QCOMPARE(served.status, 200);
        QCOMPARE(served.body, bytes);
        QCOMPARE(served.header("Content-Type"), contentType);
        QCOMPARE(served.header("X-Content-Type-Options"), QByteArrayLiteral("nosniff"));
        QVERIFY2(served.header("Cache-Control").startsWith("private, max-age="),
            served.header("Cache-Control").constData());
        QCOMPARE(served.header("ETag"), '"' + sha256Of(bytes).toLatin1() + '"');
    }

    static void verifyHidden(const HttpResult &hidden)
    {
        QCOMPARE(hidden.status, 404);
        QCOMPARE(errorCode(hidden), QStringLiteral("not_found"));
        QVERIFY(fits(QStringLiteral("GET"), QStringLiteral("/v1/media/{id}"), hidden));
    }

    int storedMedia(const ServerProcess &server, const QString &database) const
    {
        return runServerSql(
            server.dataDir(), database, QStringLiteral("SELECT COUNT(*) FROM media"))
            .value.toInt();
    }

    // A fresh server (its clock at the start) with Ben (E1002) and Asha signed in, and (setUp)
    // one medium uploaded by the demo key.
    struct Stage
    {
        ServerProcess server;
        QString database; // the server's --database (empty: SQLite)
        QString ben;
        QString asha;
        QByteArray bytes;
        QString id;
        QString url;
    };

    // false and *problem when a step fails.
    bool start(Stage &stage, const QString &kind, QString *problem)
    {
        const ServerProcess::Options opts = options(kind);
        stage.database = opts.database;
        if (!moveClock(0) || !stage.server.start(opts)) {
            *problem = QStringLiteral("no server: ") + stage.server.error();
            return false;
        }
        stage.ben = signIn(stage.server, QStringLiteral("Ben Okafor"));
        stage.asha = signIn(stage.server, QStringLiteral("Asha Rao"));
        if (stage.ben.isEmpty() || stage.asha.isEmpty()) {
            *problem = QStringLiteral("Ben or Asha could not sign in");
            return false;
        }
        return true;
    }

    bool setUp(Stage &stage, const QString &kind, const QByteArray &type, const QByteArray &payload,
        QString *problem)
    {
        if (!start(stage, kind, problem))
            return false;
        stage.bytes = imageBytes(type, payload);
        const HttpResult uploaded = upload(stage.server, type, stage.bytes);
        if (uploaded.status != 201) {
            *problem = QStringLiteral("upload answered %1").arg(uploaded.status);
            return false;
        }
        stage.id = uploaded.json().value(QStringLiteral("id")).toString();
        stage.url = uploaded.json().value(QStringLiteral("url")).toString();
        return !stage.id.isEmpty();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
    }

    void uploadChecksTypeAndSize_data() { addDatabaseKinds(); }
    void uploadChecksTypeAndSize()
    {
        QFETCH(QString, kind);
        Stage stage;
        QString problem;
        QVERIFY2(start(stage, kind, &problem), qPrintable(problem));
        const ServerProcess &server = stage.server;
        const QString path = QStringLiteral("/v1/subsystem/media");

        // Each accepted type, by its magic number.
        QStringList ids;
        for (const char *name : { "image/png", "image/jpeg", "image/gif", "image/webp" }) {
            const QByteArray type(name);
            const QByteArray bytes = imageBytes(type, "payload of " + type);
            const HttpResult created = upload(server, type, bytes);
            QCOMPARE(created.status, 201);
            QVERIFY(fits(QStringLiteral("POST"), path, created));
            const QJsonObject medium = created.json();
            const QString id = medium.value(QStringLiteral("id")).toString();
            QVERIFY(id.startsWith(QStringLiteral("med_")));
            QVERIFY(!ids.contains(id));
            ids.append(id);
            QCOMPARE(medium.value(QStringLiteral("url")).toString(),
                QStringLiteral("https://127.0.0.1/v1/media/") + id);
            QCOMPARE(
                medium.value(QStringLiteral("contentType")).toString(), QString::fromLatin1(type));
            QCOMPARE(medium.value(QStringLiteral("size")).toInteger(), bytes.size());
            QCOMPARE(medium.value(QStringLiteral("sha256")).toString(), sha256Of(bytes));
        }
        QCOMPARE(storedMedia(server, stage.database), 4);

        // The same bytes again: the same medium (200), nothing stored twice; parameters of the
        // Content-Type and its case do not matter.
        const QByteArray png = imageBytes("image/png", "payload of image/png");
        const HttpResult again = upload(server, "Image/PNG; charset=binary", png);
        QCOMPARE(again.status, 200);
        QVERIFY(fits(QStringLiteral("POST"), path, again));
        QCOMPARE(again.json().value(QStringLiteral("id")).toString(), ids.first());
        QCOMPARE(storedMedia(server, stage.database), 4);

        // Not an image type: 415; bytes of another type or of none: 422; nothing stored.
        for (const QByteArray &type : { QByteArray("text/html"), QByteArray("image/svg+xml"),
                 QByteArray("application/octet-stream"), QByteArray() }) {
            const HttpResult refused = upload(server, type, png);
            QCOMPARE(refused.status, 415);
            QCOMPARE(errorCode(refused), QStringLiteral("unsupported_media_type"));
            QVERIFY(fits(QStringLiteral("POST"), path, refused));
        }
        const HttpResult mismatch =
            upload(server, "image/png", imageBytes("image/jpeg", "a jpeg, said to be a png"));
        QCOMPARE(mismatch.status, 422);
        QCOMPARE(errorCode(mismatch), QStringLiteral("media_type_mismatch"));
        QVERIFY(fits(QStringLiteral("POST"), path, mismatch));
        for (const QByteArray &bytes :
            { QByteArrayLiteral("<svg xmlns='http://www.w3.org/2000/svg'/>"), QByteArray(),
                QByteArrayLiteral("RIFF\x10\x00\x00\x00WAVEfmt ") }) {
            const HttpResult junk = upload(server, "image/webp", bytes);
            QCOMPARE(junk.status, 422);
            QCOMPARE(errorCode(junk), QStringLiteral("media_type_mismatch"));
        }
        QCOMPARE(storedMedia(server, stage.database), 4);

        // 5 MiB is the limit: one byte more is 413 before the body is read.
        const qint64 limit = qint64(5) * 1024 * 1024;
        const QByteArray largest = imageBytes("image/png", QByteArray(limit - 8, 'x'));
        QCOMPARE(largest.size(), limit);
        const HttpResult atLimit = upload(server, "image/png", largest);
        QCOMPARE(atLimit.status, 201);
        QCOMPARE(atLimit.json().value(QStringLiteral("size")).toInteger(), limit);
        const HttpResult tooLarge = upload(server, "image/png", largest + 'x');
        QCOMPARE(tooLarge.status, 413);
        QCOMPARE(errorCode(tooLarge), QStringLiteral("body_too_large"));
        QVERIFY(fits(QStringLiteral("POST"), path, tooLarge));
        QCOMPARE(storedMedia(server, stage.database), 5);

        // Another key's upload of the same bytes is its own medium.
        const QString other = newKey(server, QStringLiteral("facilities"));
        QVERIFY(!other.isEmpty());
        const HttpResult theirs = upload(server, "image/png", png, other);
        QCOMPARE(theirs.status, 201);
        QVERIFY(theirs.json().value(QStringLiteral("id")).toString() != ids.first());
    }

    void servedOnlyToTheCardsAudience_data() { addDatabaseKinds(); }
    void servedOnlyToTheCardsAudience()
    {
        QFETCH(QString, kind);
        Stage stage;
        QString problem;
        QVERIFY2(
            setUp(stage, kind, "image/gif", "Ben's balance chart", &problem), qPrintable(problem));
        const ServerProcess &server = stage.server;

        // Uploaded, linked by no card: nobody gets it, with the answer an unknown id gets.
        verifyHidden(fetch(server, stage.ben, stage.id));
        const HttpResult unknown = fetch(server, stage.ben, QStringLiteral("med_doesNotExist"));
        verifyHidden(unknown);
        QCOMPARE(fetch(server, stage.ben, stage.id).body, unknown.body);
        QCOMPARE(fetch(server, {}, stage.id).status, 401);

        // A card for Ben links to it: Ben gets the bytes, Asha (not in the audience) 404.
        QCOMPARE(putCard(server, QStringLiteral("balance.E1002"),
                     cardBody(imageCard(stage.url),
                         audienceOf(QStringLiteral("users"), { QStringLiteral("E1002") })))
                     .status,
            201);
        const HttpResult served = fetch(server, stage.ben, stage.id);
        verifyServed(served, stage.bytes, "image/gif");
        verifyHidden(fetch(server, stage.asha, stage.id));
        // The app's copy is current: 304 without the bytes.
        const HttpResult unchanged = fetch(server, stage.ben, stage.id, served.header("ETag"));
        QCOMPARE(unchanged.status, 304);
        QVERIFY(unchanged.body.isEmpty());

        // The card's audience changes to Asha's geo: now she gets it too.
        QCOMPARE(putCard(server, QStringLiteral("balance.E1002"),
                     cardBody(imageCard(stage.url),
                         audienceOf(QStringLiteral("geos"), { QStringLiteral("Pune") })))
                     .status,
            200);
        verifyServed(fetch(server, stage.asha, stage.id), stage.bytes, "image/gif");

        // Replaced by a card without the image: nobody gets it.
        QCOMPARE(putCard(server, QStringLiteral("balance.E1002"),
                     cardBody(textCard(QStringLiteral("No chart")), everyone()))
                     .status,
            200);
        verifyHidden(fetch(server, stage.ben, stage.id));
        verifyHidden(fetch(server, stage.asha, stage.id));

        // Linked again, then the card is deleted: nobody gets it.
        QCOMPARE(putCard(server, QStringLiteral("balance.E1002"),
                     cardBody(imageCard(stage.url), everyone()))
                     .status,
            200);
        verifyServed(fetch(server, stage.asha, stage.id), stage.bytes, "image/gif");
        QCOMPARE(deleteCard(server, QStringLiteral("balance.E1002")).status, 204);
        verifyHidden(fetch(server, stage.ben, stage.id));
        verifyHidden(fetch(server, stage.asha, stage.id));

        // A card that expires: served until then, not after.
        QJsonObject expiring = cardBody(imageCard(stage.url), everyone());
        expiring.insert(QStringLiteral("expiresAt"), QStringLiteral("2026-11-29T10:00:00Z"));
        QCOMPARE(putCard(server, QStringLiteral("short"), expiring).status, 201);
        verifyServed(fetch(server, stage.ben, stage.id), stage.bytes, "image/gif");
        // (Signed in again: the access token ended with the two hours.)
        QVERIFY(moveClock(qint64(2) * 60 * 60));
        QTRY_COMPARE_WITH_TIMEOUT(
            fetch(server, signIn(server, QStringLiteral("Ben Okafor")), stage.id).status, 404,
            10000);
    }

    void anotherKeyCannotOpenAMedium_data() { addDatabaseKinds(); }
    void anotherKeyCannotOpenAMedium()
    {
        QFETCH(QString, kind);
        Stage stage;
        QString problem;
        QVERIFY2(
            setUp(stage, kind, "image/png", "HR's private chart", &problem), qPrintable(problem));
        const ServerProcess &server = stage.server;

        // Another key's card for everyone links to HR's medium: it opens nothing.
        const QString other = newKey(server, QStringLiteral("facilities"));
        QCOMPARE(putCard(server, QStringLiteral("borrowed"),
                     cardBody(imageCard(stage.url), everyone()), other)
                     .status,
            201);
        verifyHidden(fetch(server, stage.ben, stage.id));
        // A link to another host with the same path opens nothing either.
        QCOMPARE(asAdmin(server, signIn(server, QStringLiteral("Tessera Admin")), "POST",
                     QStringLiteral("/v1/admin/api-keys/%1/card-hosts")
                         .arg(demoApiKey(server).value(QStringLiteral("id")).toString()),
                     QJsonObject { { QStringLiteral("hosts"),
                         QJsonArray { QStringLiteral("media.example.com") } } })
                     .status,
            200);
        QCOMPARE(putCard(server, QStringLiteral("elsewhere"),
                     cardBody(imageCard(
                                  QStringLiteral("https://media.example.com/v1/media/") + stage.id),
                         everyone()))
                     .status,
            201);
        verifyHidden(fetch(server, stage.ben, stage.id));
    }

    void servedToTheServicesAudience_data() { addDatabaseKinds(); }
    void servedToTheServicesAudience()
    {
        QFETCH(QString, kind);
        Stage stage;
        QString problem;
        QVERIFY2(
            setUp(stage, kind, "image/jpeg", "a leave calendar", &problem), qPrintable(problem));

        QJsonObject form = ServiceCalls::leaveForm();
        QJsonArray body = form.value(QStringLiteral("body")).toArray();
        body.prepend(QJsonObject { { QStringLiteral("type"), QStringLiteral("Image") },
            { QStringLiteral("url"), stage.url } });
        form.insert(QStringLiteral("body"), body);
        const HttpResult put = ServiceCalls::put(stage.server, QStringLiteral("leave"),
            ServiceCalls::service(ServiceCalls::toUsers({ QStringLiteral("E1002") }),
                QStringLiteral("Apply for leave"), form));
        QCOMPARE(put.status, 201);
        verifyServed(fetch(stage.server, stage.ben, stage.id), stage.bytes, "image/jpeg");
        verifyHidden(fetch(stage.server, stage.asha, stage.id));

        QCOMPARE(ServiceCalls::withdraw(stage.server, QStringLiteral("leave")).status, 204);
        verifyHidden(fetch(stage.server, stage.ben, stage.id));
    }

    // A notification's card: its recipients get its media, nobody else; a bad card's media
    // stay hidden (nothing was stored).
    void servedToTheNotificationsRecipients_data() { addDatabaseKinds(); }
    void servedToTheNotificationsRecipients()
    {
        QFETCH(QString, kind);
        Stage stage;
        QString problem;
        QVERIFY2(
            setUp(stage, kind, "image/png", "an overtime chart", &problem), qPrintable(problem));
        verifyHidden(fetch(stage.server, stage.ben, stage.id));

        // A notice (no decision) whose card shows the chart.
        QJsonObject notification = leaveRequestFor(QStringLiteral("E1002"));
        notification.remove(QStringLiteral("actions"));
        notification.insert(QStringLiteral("actionable"), false);
        notification.insert(QStringLiteral("card"), imageCard(stage.url));
        const HttpResult sent =
            httpRequest("POST", stage.server.url(QStringLiteral("/v1/notifications")),
                compactJson(notification), bearer(demoKey(stage.server), "media-notification-1"));
        QVERIFY2(sent.status == 201, sent.body.constData());
        verifyServed(fetch(stage.server, stage.ben, stage.id), stage.bytes, "image/png");
        verifyHidden(fetch(stage.server, stage.asha, stage.id));

        // More recipients than one audience holds (1,000): 1,000 more in Operations (A1000 ...
        // A1999, before Asha E1001 and Ben E1002); the last of them gets the card's medium too.
        const ServerSqlResult seeded = runServerSql(stage.server.dataDir(), stage.database,
            QStringLiteral("INSERT INTO users (id, kind, username, username_key, display_name,"
                           " department, geo, user_type, created_at, updated_at) WITH RECURSIVE"
                           " n(i) AS (SELECT 1000 UNION ALL SELECT i + 1 FROM n WHERE i < 1999)"
                           " SELECT 'A' || i, 'local', 'bulk' || i, 'bulk' || i, 'Bulk',"
                           " 'Operations', 'Pune', 'employee', '2026-11-28', '2026-11-28' FROM n"));
        QVERIFY2(seeded.ok, qPrintable(seeded.error));
        const QByteArray rota = imageBytes("image/png", "the Operations rota");
        const HttpResult second = upload(stage.server, "image/png", rota);
        QCOMPARE(second.status, 201);
        const QString rotaId = second.json().value(QStringLiteral("id")).toString();
        notification.insert(QStringLiteral("recipients"),
            audienceOf(QStringLiteral("departments"), { QStringLiteral("Operations") }));
        notification.insert(QStringLiteral("card"),
            imageCard(second.json().value(QStringLiteral("url")).toString()));
        const HttpResult many =
            httpRequest("POST", stage.server.url(QStringLiteral("/v1/notifications")),
                compactJson(notification), bearer(demoKey(stage.server), "media-notification-2"));
        QVERIFY2(many.status == 201, many.body.constData());
        QCOMPARE(many.json().value(QStringLiteral("recipientCount")).toInt(), 1002);
        verifyServed(fetch(stage.server, stage.ben, rotaId), rota, "image/png");
        verifyServed(fetch(stage.server, stage.asha, rotaId), rota, "image/png");
    }

    // A submission's result card (set with its status): the person who submitted gets its
    // media, nobody else.
    void servedToTheSubmitter_data() { addDatabaseKinds(); }
    void servedToTheSubmitter()
    {
        QFETCH(QString, kind);
        Stage stage;
        QString problem;
        QVERIFY2(setUp(stage, kind, "image/gif", "a ticket badge", &problem), qPrintable(problem));
        const HttpResult put = ServiceCalls::put(stage.server, QStringLiteral("leave"),
            ServiceCalls::service(
                ServiceCalls::toUsers({ QStringLiteral("E1002") }), QStringLiteral("Leave")));
        QCOMPARE(put.status, 201);
        const QString service = put.json().value(QStringLiteral("id")).toString();
        const HttpResult submitted = httpRequest("POST",
            stage.server.url(QStringLiteral("/v1/services/%1/submissions").arg(service)),
            compactJson(ServiceCalls::filled(
                put.json().value(QStringLiteral("version")).toInt(), ServiceCalls::goodInputs())),
            bearer(stage.ben, "media-submission-1"));
        QVERIFY2(submitted.status == 201, submitted.body.constData());
        verifyHidden(fetch(stage.server, stage.ben, stage.id));

        const HttpResult status = ServiceCalls::setStatus(stage.server,
            submitted.json()
                .value(QStringLiteral("submission"))
                .toObject()
                .value(QStringLiteral("id"))
                .toString(),
            QJsonObject { { QStringLiteral("status"), QStringLiteral("received") },
                { QStringLiteral("resultCard"), imageCard(stage.url) } });
        QVERIFY2(status.status == 200, status.body.constData());
        verifyServed(fetch(stage.server, stage.ben, stage.id), stage.bytes, "image/gif");
        verifyHidden(fetch(stage.server, stage.asha, stage.id));
    }

    void unreferencedMediaAreDeleted_data() { addDatabaseKinds(); }
    void unreferencedMediaAreDeleted()
    {
        QFETCH(QString, kind);
        Stage stage; // its medium is the one kept
        QString problem;
        QVERIFY2(setUp(stage, kind, "image/png", "kept", &problem), qPrintable(problem));
        const ServerProcess &server = stage.server;
        const HttpResult dropped = upload(server, "image/png", imageBytes("image/png", "dropped"));
        const HttpResult never = upload(server, "image/png", imageBytes("image/png", "never"));
        QCOMPARE(dropped.status, 201);
        QCOMPARE(never.status, 201);
        QCOMPARE(putCard(server, QStringLiteral("kept"), cardBody(imageCard(stage.url), everyone()))
                     .status,
            201);
        QCOMPARE(putCard(server, QStringLiteral("dropped"),
                     cardBody(imageCard(dropped.json().value(QStringLiteral("url")).toString()),
                         everyone()))
                     .status,
            201);
        QCOMPARE(storedMedia(server, stage.database), 3);

        // Six days on the card linking to one is deleted: the one never linked is gone a day
        // later, the one let go of six days after that; the linked one stays.
        QVERIFY(moveClock(qint64(6) * 24 * 60 * 60));
        QCOMPARE(deleteCard(server, QStringLiteral("dropped")).status, 204);
        QVERIFY(moveClock(qint64(8) * 24 * 60 * 60));
        QTRY_COMPARE_WITH_TIMEOUT(storedMedia(server, stage.database), 2, 15000);
        const auto stored = [&](const QString &id) {
            return runServerSql(server.dataDir(), stage.database,
                QStringLiteral("SELECT COUNT(*) FROM media WHERE id = '%1'").arg(id))
                .value.toInt();
        };
        const auto idOf = [](const HttpResult &medium) {
            return medium.json().value(QStringLiteral("id")).toString();
        };
        QCOMPARE(stored(idOf(never)), 0);
        QCOMPARE(stored(idOf(dropped)), 1);
        QVERIFY(moveClock(qint64(14) * 24 * 60 * 60));
        QTRY_COMPARE_WITH_TIMEOUT(storedMedia(server, stage.database), 1, 15000);
        QCOMPARE(stored(stage.id), 1);
        // (Signed in again: Ben's first token ended days ago.)
        QCOMPARE(fetch(server, signIn(server, QStringLiteral("Ben Okafor")), stage.id).status, 200);
    }
};

QTEST_MAIN(TestMedia)
#include "tst_media.moc"
