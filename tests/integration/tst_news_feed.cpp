// News as people see it, against the real server (SQLite and PostgreSQL; one server per
// database for the whole test case): a post reaches only its audience — someone outside never
// gets it in the feed, a live hint or its hero image (404) and cannot mark it read; a scheduled
// post enters the feed (and the streams) at its publishAt on the injectable clock
// (--clock-file), its image served from then on; an expiry removes it ("removed"); read marks are
// idempotent, ignore what the person cannot see, come back through the feed as that person's own
// change (read: true, a hint on their other device) and never touch anyone else's feed.
#include "newsfixture.h"

using namespace tessera::test;

namespace {

constexpr int kTimeout = 20000; // generous: the scheduled job runs every few seconds

} // namespace

class TestNewsFeed : public QObject, protected NewsFixture
{
    Q_OBJECT

    // A PNG's bytes uploaded by the demo key: its https URL on the server's own host.
    static QString uploadImage(const ServerProcess &server, const QByteArray &payload)
    {
        auto headers = bearer(demoKey(server));
        headers.append({ QByteArrayLiteral("Content-Type"), QByteArrayLiteral("image/png") });
        const HttpResult uploaded =
            httpRequest("POST", server.url(QStringLiteral("/v1/subsystem/media")),
                QByteArrayLiteral("\x89PNG\r\n\x1a\n") + payload, headers);
        if (uploaded.status != 201)
            qWarning() << "upload" << uploaded.status << uploaded.body;
        return uploaded.json().value(QStringLiteral("url")).toString();
    }

    static int fetchImage(const ServerProcess &server, const QString &token, const QString &url)
    {
        return httpRequest("GET", server.url(QUrl(url).path()), {}, bearer(token)).status;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString problem;
        QVERIFY2(startStages(QStringLiteral("news_feed"), &problem), qPrintable(problem));
    }

    void cleanupTestCase()
    {
        m_stages.clear();
        m_postgres.stop();
    }

    void onlyTheAudienceSeesAPost_data() { addDatabaseKinds(); }
    void onlyTheAudienceSeesAPost()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QString ben = signIn(srv, QStringLiteral("Ben Okafor")); // E1002
        const QString asha = signIn(srv, QStringLiteral("Asha Rao")); // E1001
        const QString ashaStart = cursorOf(news(srv, asha));
        Stream benStream;
        Stream ashaStream;
        QVERIFY(benStream.open(srv, ben));
        QVERIFY(ashaStream.open(srv, asha));

        const QString image = uploadImage(srv, "Ben's team photo");
        QVERIFY(!image.isEmpty());
        QJsonObject body =
            post(QStringLiteral("Welcome to the team, Ben"), users({ QStringLiteral("E1002") }));
        body.insert(QStringLiteral("image"), image);
        const QString id = idOfPut(srv, QStringLiteral("welcome.E1002"), body);
        QVERIFY(!id.isEmpty());

        // Ben: in his feed with its image, a hint whose cursor is where his read ends.
        const HttpResult benFeed = news(srv, ben);
        QCOMPARE(idsOf(benFeed), QStringList { id });
        QCOMPARE(postIn(benFeed, id).value(QStringLiteral("image")).toString(), image);
        QTRY_COMPARE_WITH_TIMEOUT(benStream.newsHints().size(), 1, kTimeout);
        QCOMPARE(benStream.newsHints().constFirst(), cursorOf(benFeed));
        QCOMPARE(fetchImage(srv, ben, image), 200);

        // Asha: not in her feed (full or delta), no hint, no image, cannot mark it read.
        QVERIFY(!idsOf(news(srv, asha)).contains(id));
        QVERIFY(!idsOf(news(srv, asha, ashaStart)).contains(id));
        QCOMPARE(fetchImage(srv, asha, image), 404);
        const HttpResult refused = markRead(srv, asha, QStringList { id });
        QCOMPARE(refused.status, 200);
        QVERIFY(strings(refused.json().value(QStringLiteral("read"))).isEmpty());
        QCOMPARE(strings(refused.json().value(QStringLiteral("ignored"))), QStringList { id });
        QCOMPARE(
            sqlInt(kind,
                QStringLiteral("SELECT COUNT(*) FROM news_reads WHERE post_id = '%1'").arg(id)),
            0);
        QTest::qWait(500);
        QVERIFY(ashaStream.newsHints().isEmpty());

        // Moved to Asha: Ben is told to remove it and loses the image; Asha gets both.
        body.insert(QStringLiteral("audience"), users({ QStringLiteral("E1001") }));
        QCOMPARE(putPost(srv, QStringLiteral("welcome.E1002"), body).status, 200);
        const HttpResult benDelta = news(srv, ben, cursorOf(benFeed));
        QCOMPARE(removedOf(benDelta), QStringList { id });
        QVERIFY(idsOf(benDelta).isEmpty());
        QCOMPARE(fetchImage(srv, ben, image), 404);
        QCOMPARE(idsOf(news(srv, asha, ashaStart)), QStringList { id });
        QCOMPARE(fetchImage(srv, asha, image), 200);
        QTRY_COMPARE_WITH_TIMEOUT(ashaStream.newsHints().size(), 1, kTimeout);
        QTRY_COMPARE_WITH_TIMEOUT(benStream.newsHints().size(), 2, kTimeout);

        // Deleted: nobody gets the image.
        QCOMPARE(deletePost(srv, QStringLiteral("welcome.E1002")).status, 204);
        QCOMPARE(fetchImage(srv, asha, image), 404);
    }

    void scheduledPostAppearsAtItsTime_data() { addDatabaseKinds(); }
    void scheduledPostAppearsAtItsTime()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QString ben = signIn(srv, QStringLiteral("Ben Okafor"));
        const QString start = cursorOf(news(srv, ben));
        Stream stream;
        QVERIFY(stream.open(srv, ben));
        const QDateTime now = serverNow(kind);
        QVERIFY(now.isValid());

        const QString image = uploadImage(srv, "the new office");
        QJsonObject body = post(QStringLiteral("The new office opens"), everyone());
        body.insert(QStringLiteral("image"), image);
        body.insert(QStringLiteral("publishAt"), rfc3339(now.addSecs(600)));
        const HttpResult scheduled = putPost(srv, QStringLiteral("office"), body);
        QCOMPARE(scheduled.status, 201);
        QCOMPARE(scheduled.json().value(QStringLiteral("state")).toString(),
            QStringLiteral("scheduled"));
        QCOMPARE(scheduled.json().value(QStringLiteral("publishAt")).toString(),
            rfc3339(now.addSecs(600)));
        const QString id = scheduled.json().value(QStringLiteral("id")).toString();

        // Before its time: in no feed, no hint, its image for nobody; not readable.
        QTest::qWait(3000); // the scheduled job polls every 2 s: it would have published it
        QVERIFY(!idsOf(news(srv, ben)).contains(id));
        QVERIFY(!idsOf(news(srv, ben, start)).contains(id));
        QVERIFY(stream.newsHints().isEmpty());
        QCOMPARE(fetchImage(srv, ben, image), 404);
        QCOMPARE(
            strings(markRead(srv, ben, QStringList { id }).json().value(QStringLiteral("ignored"))),
            QStringList { id });
        QCOMPARE(
            stats(srv, QStringLiteral("office")).json().value(QStringLiteral("read")).toInt(), 0);

        // Its time comes (the clock moves on 11 minutes): in the feed, hinted, image served.
        QVERIFY(moveClock(kind, qint64(11) * 60));
        QTRY_VERIFY_WITH_TIMEOUT(idsOf(news(srv, ben, start)).contains(id), kTimeout);
        QTRY_COMPARE_WITH_TIMEOUT(stream.newsHints().size(), 1, kTimeout);
        const HttpResult shown = news(srv, ben);
        QVERIFY(idsOf(shown).contains(id));
        QCOMPARE(postIn(shown, id).value(QStringLiteral("publishedAt")).toString(),
            rfc3339(now.addSecs(600)));
        QCOMPARE(fetchImage(srv, ben, image), 200);
        QCOMPARE(
            sqlInt(kind,
                QStringLiteral("SELECT COUNT(*) FROM news_posts WHERE id = '%1' AND published = 1")
                    .arg(id)),
            1);
        QCOMPARE(deletePost(srv, QStringLiteral("office")).status, 204);
    }

    void expiryRemovesAPost_data() { addDatabaseKinds(); }
    void expiryRemovesAPost()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QString ben = signIn(srv, QStringLiteral("Ben Okafor"));
        const QDateTime now = serverNow(kind);
        QJsonObject body = post(QStringLiteral("Parking closed today"), everyone());
        body.insert(QStringLiteral("expiresAt"), rfc3339(now.addSecs(600)));
        const QString id = idOfPut(srv, QStringLiteral("parking"), body);
        QVERIFY(!id.isEmpty());
        const HttpResult first = news(srv, ben);
        QVERIFY(idsOf(first).contains(id));
        QCOMPARE(postIn(first, id).value(QStringLiteral("expiresAt")).toString(),
            rfc3339(now.addSecs(600)));
        Stream stream;
        QVERIFY(stream.open(srv, ben));

        // Past its expiry: removed from the delta (the expiry is a change of the feed), hinted,
        // in no full read, not readable any more.
        QVERIFY(moveClock(kind, qint64(11) * 60));
        QTRY_COMPARE_WITH_TIMEOUT(
            removedOf(news(srv, ben, cursorOf(first))), QStringList { id }, kTimeout);
        QTRY_COMPARE_WITH_TIMEOUT(stream.newsHints().size(), 1, kTimeout);
        QVERIFY(!idsOf(news(srv, ben)).contains(id));
        QCOMPARE(
            strings(markRead(srv, ben, QStringList { id }).json().value(QStringLiteral("ignored"))),
            QStringList { id });
    }

    void readMarks_data() { addDatabaseKinds(); }
    void readMarks()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QString ben =
            signIn(srv, QStringLiteral("Ben Okafor"), QStringLiteral("ben-phone-1"));
        const QString benDesk =
            signIn(srv, QStringLiteral("Ben Okafor"), QStringLiteral("ben-desk-1"));
        const QString asha = signIn(srv, QStringLiteral("Asha Rao"));
        const QString first =
            idOfPut(srv, QStringLiteral("menu"), post(QStringLiteral("Menu"), everyone()));
        const QString second =
            idOfPut(srv, QStringLiteral("gym"), post(QStringLiteral("Gym"), everyone()));
        const QString notBens = idOfPut(srv, QStringLiteral("for-asha"),
            post(QStringLiteral("For Asha"), users({ QStringLiteral("E1001") })));
        QVERIFY(!first.isEmpty() && !second.isEmpty() && !notBens.isEmpty());
        const HttpResult before = news(srv, ben);
        QCOMPARE(postIn(before, first).value(QStringLiteral("read")).toBool(), false);
        const QString ashaCursor = cursorOf(news(srv, asha));
        Stream desk;
        Stream ashaStream;
        QVERIFY(desk.open(srv, benDesk));
        QVERIFY(ashaStream.open(srv, asha));

        // Marked on the phone: read, the rest ignored; the desk hears of it; the delta brings
        // the post again, read.
        const HttpResult marked = markRead(
            srv, ben, QStringList { first, QStringLiteral("news_unknown"), first, notBens });
        QCOMPARE(marked.status, 200);
        QVERIFY(fits(QStringLiteral("POST"), QStringLiteral("/v1/news/read"), marked));
        QCOMPARE(strings(marked.json().value(QStringLiteral("read"))), QStringList { first });
        QCOMPARE(strings(marked.json().value(QStringLiteral("ignored"))),
            (QStringList { QStringLiteral("news_unknown"), notBens }));
        QTRY_COMPARE_WITH_TIMEOUT(desk.newsHints().size(), 1, kTimeout);
        const HttpResult delta = news(srv, benDesk, cursorOf(before));
        QCOMPARE(idsOf(delta), QStringList { first });
        QCOMPARE(postIn(delta, first).value(QStringLiteral("read")).toBool(), true);
        QCOMPARE(desk.newsHints().constFirst(), cursorOf(delta));
        QCOMPARE(postIn(news(srv, ben), second).value(QStringLiteral("read")).toBool(), false);

        // Again: the same answer, no new row, no change of the feed.
        const HttpResult again = markRead(srv, ben, QStringList { first });
        QCOMPARE(strings(again.json().value(QStringLiteral("read"))), QStringList { first });
        QCOMPARE(
            sqlInt(kind,
                QStringLiteral("SELECT COUNT(*) FROM news_reads WHERE post_id = '%1'").arg(first)),
            1);
        QVERIFY(idsOf(news(srv, ben, cursorOf(delta))).isEmpty());

        // Ben's read is his own: Asha's feed has no change and shows it unread; no hint for her.
        QVERIFY(idsOf(news(srv, asha, ashaCursor)).isEmpty());
        QCOMPARE(postIn(news(srv, asha), first).value(QStringLiteral("read")).toBool(), false);
        QTest::qWait(500);
        QVERIFY(ashaStream.newsHints().isEmpty());

        // A malformed body: 422 with its path.
        const QList<QPair<QByteArray, QString>> malformed {
            { "{not json", QStringLiteral("$") },
            { "{}", QStringLiteral("$.ids") },
            { R"({"ids":[]})", QStringLiteral("$.ids") },
            { R"({"ids":"news_x"})", QStringLiteral("$.ids") },
            { R"({"ids":[1]})", QStringLiteral("$.ids[0]") },
            { R"({"ids":["news_x"],"all":true})", QStringLiteral("$.all") },
        };
        for (const auto &[body, path] : malformed) {
            const HttpResult refused = markRead(srv, ben, body);
            QVERIFY2(refused.status == 422, body.constData());
            QCOMPARE(refused.json().value(QStringLiteral("path")).toString(), path);
            QVERIFY(fits(QStringLiteral("POST"), QStringLiteral("/v1/news/read"), refused));
        }
        QStringList many;
        for (int i = 0; i < 501; ++i)
            many.append(QStringLiteral("news_%1").arg(i));
        QCOMPARE(markRead(srv, ben, many).status, 422);
        QCOMPARE(httpRequest("POST", srv.url(QStringLiteral("/v1/news/read")), "{}").status, 401);

        // Deleted: its read marks go with it.
        QCOMPARE(deletePost(srv, QStringLiteral("menu")).status, 204);
        QCOMPARE(
            sqlInt(kind,
                QStringLiteral("SELECT COUNT(*) FROM news_reads WHERE post_id = '%1'").arg(first)),
            0);
        for (const QString &postId : { QStringLiteral("gym"), QStringLiteral("for-asha") })
            QCOMPARE(deletePost(srv, postId).status, 204);
    }
};

QTEST_GUILESS_MAIN(TestNewsFeed)
#include "tst_news_feed.moc"
