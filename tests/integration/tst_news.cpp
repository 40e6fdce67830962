// News posts against the real server (SQLite and PostgreSQL; one server per database for the
// whole test case): a sub-system publishes, replaces and deletes a post (201, 200 with the
// version up, 204, 404; new again after its delete); every refusal is a 422 with the JSON path
// of the first problem (HTML, a link that is not https or to a host not allowed, bad times, an
// expiry before the publication, unknown fields) or a 413 past 64 KiB, and stores nothing; a post
// to an audience of 1,500 people is one row and no per-person row until someone reads it; the
// stats count the audience from the people table and the read marks, and never name anyone.
#include "newsfixture.h"

using namespace tessera::test;

class TestNews : public QObject, protected NewsFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QString problem;
        QVERIFY2(startStages(QStringLiteral("news"), &problem), qPrintable(problem));
    }

    void cleanupTestCase()
    {
        m_stages.clear();
        m_postgres.stop();
    }

    void publishReplaceDelete_data() { addDatabaseKinds(); }
    void publishReplaceDelete()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QString ben = signIn(srv, QStringLiteral("Ben Okafor"));
        const QString path = QStringLiteral("/v1/subsystem/news/{postId}");

        QJsonObject body = post(QStringLiteral("Canteen reopens"), everyone());
        body.insert(QStringLiteral("pinned"), true);
        const HttpResult created = putPost(srv, QStringLiteral("canteen"), body);
        QCOMPARE(created.status, 201);
        QVERIFY(fits(QStringLiteral("PUT"), path, created));
        const QJsonObject answer = created.json();
        const QString id = answer.value(QStringLiteral("id")).toString();
        QVERIFY(id.startsWith(QStringLiteral("news_")));
        QCOMPARE(answer.value(QStringLiteral("postId")).toString(), QStringLiteral("canteen"));
        QCOMPARE(answer.value(QStringLiteral("version")).toInt(), 1);
        QCOMPARE(answer.value(QStringLiteral("state")).toString(), QStringLiteral("published"));

        // In Ben's feed at once, as sent.
        const HttpResult first = news(srv, ben);
        QCOMPARE(first.status, 200);
        QVERIFY(fits(QStringLiteral("GET"), QStringLiteral("/v1/news"), first));
        const QJsonObject shown = postIn(first, id);
        QCOMPARE(
            shown.value(QStringLiteral("title")).toString(), QStringLiteral("Canteen reopens"));
        QCOMPARE(shown.value(QStringLiteral("body")).toString(),
            body.value(QStringLiteral("body")).toString());
        QCOMPARE(shown.value(QStringLiteral("category")).toString(), QStringLiteral("Company"));
        QCOMPARE(shown.value(QStringLiteral("pinned")).toBool(), true);
        QCOMPARE(shown.value(QStringLiteral("read")).toBool(), false);
        QCOMPARE(shown.value(QStringLiteral("version")).toInt(), 1);
        QVERIFY(shown.value(QStringLiteral("card")).isNull());
        QVERIFY(shown.value(QStringLiteral("image")).isNull());
        QVERIFY(shown.value(QStringLiteral("expiresAt")).isNull());
        QCOMPARE(shown.value(QStringLiteral("publishedAt")).toString(),
            answer.value(QStringLiteral("publishAt")).toString());
        QCOMPARE(shown.value(QStringLiteral("source"))
                     .toObject()
                     .value(QStringLiteral("name"))
                     .toString(),
            demoApiKey(srv).value(QStringLiteral("subsystem")).toString());
        const QString cursor = cursorOf(first);

        // Replaced: 200, the same id, version 2; the delta carries the new text.
        body.insert(QStringLiteral("title"), QStringLiteral("Canteen reopens on Monday"));
        body.insert(QStringLiteral("card"),
            QJsonObject { { QStringLiteral("type"), QStringLiteral("AdaptiveCard") },
                { QStringLiteral("version"), QStringLiteral("1.5") },
                { QStringLiteral("body"),
                    QJsonArray {
                        QJsonObject { { QStringLiteral("type"), QStringLiteral("TextBlock") },
                            { QStringLiteral("text"), QStringLiteral("Menu") } } } } });
        const HttpResult replaced = putPost(srv, QStringLiteral("canteen"), body);
        QCOMPARE(replaced.status, 200);
        QVERIFY(fits(QStringLiteral("PUT"), path, replaced));
        QCOMPARE(replaced.json().value(QStringLiteral("id")).toString(), id);
        QCOMPARE(replaced.json().value(QStringLiteral("version")).toInt(), 2);
        const HttpResult delta = news(srv, ben, cursor);
        QCOMPARE(idsOf(delta), QStringList { id });
        QCOMPARE(postIn(delta, id).value(QStringLiteral("title")).toString(),
            QStringLiteral("Canteen reopens on Monday"));
        QCOMPARE(postIn(delta, id).value(QStringLiteral("card")).toObject(),
            body.value(QStringLiteral("card")).toObject());
        QCOMPARE(postIn(delta, id).value(QStringLiteral("version")).toInt(), 2);

        // Deleted: 204, then 404; removed from Ben's feed; no stats any more.
        const HttpResult deleted = deletePost(srv, QStringLiteral("canteen"));
        QCOMPARE(deleted.status, 204);
        const HttpResult again = deletePost(srv, QStringLiteral("canteen"));
        QCOMPARE(again.status, 404);
        QVERIFY(fits(QStringLiteral("DELETE"), path, again));
        const HttpResult afterDelete = news(srv, ben, cursorOf(delta));
        QVERIFY(idsOf(afterDelete).isEmpty());
        QCOMPARE(removedOf(afterDelete), QStringList { id });
        QVERIFY(!idsOf(news(srv, ben)).contains(id));
        QCOMPARE(stats(srv, QStringLiteral("canteen")).status, 404);
        // The tombstone keeps no content.
        QCOMPARE(
            sqlInt(kind,
                QStringLiteral("SELECT COUNT(*) FROM news_posts WHERE id = '%1' AND deleted = 1"
                               " AND title = '' AND body = '' AND card IS NULL")
                    .arg(id)),
            1);

        // Put again after its delete: new (201), the same id, shown again.
        const HttpResult back = putPost(srv, QStringLiteral("canteen"), body);
        QCOMPARE(back.status, 201);
        QCOMPARE(back.json().value(QStringLiteral("id")).toString(), id);
        QCOMPARE(back.json().value(QStringLiteral("version")).toInt(), 4);
        QCOMPARE(idsOf(news(srv, ben, cursorOf(afterDelete))), QStringList { id });

        // Another key cannot touch it; an unknown post is 404; no token, no feed.
        QCOMPARE(httpRequest("GET", srv.url(QStringLiteral("/v1/news"))).status, 401);
        QCOMPARE(deletePost(srv, QStringLiteral("never-put")).status, 404);
        QCOMPARE(stats(srv, QStringLiteral("never-put")).status, 404);
        QCOMPARE(deletePost(srv, QStringLiteral("canteen")).status, 204);
    }

    // Each refusal: 422 with its path (or 413), and nothing stored.
    void refusalsStoreNothing_data() { addDatabaseKinds(); }
    void refusalsStoreNothing()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QDateTime now = serverNow(kind);
        QVERIFY(now.isValid());
        const QJsonObject good = post(QStringLiteral("Fire drill"), everyone());
        const auto with = [&good](const QString &field, const QJsonValue &value) {
            QJsonObject body = good;
            body.insert(field, value);
            return body;
        };
        QJsonObject expiresBeforePublish =
            with(QStringLiteral("publishAt"), rfc3339(now.addDays(2)));
        expiresBeforePublish.insert(QStringLiteral("expiresAt"), rfc3339(now.addDays(1)));
        struct Case
        {
            QJsonObject body;
            QString code;
            QString path;
        };
        const QString field = QStringLiteral("invalid_field");
        const QList<Case> cases {
            { with(QStringLiteral("title"), QStringLiteral("<b>Fire</b> drill")), field,
                QStringLiteral("$.title") },
            { with(QStringLiteral("title"), QString()), field, QStringLiteral("$.title") },
            { with(QStringLiteral("title"), QString(201, u'x')), field, QStringLiteral("$.title") },
            { with(QStringLiteral("summary"), QStringLiteral("Meet <script>x</script>")), field,
                QStringLiteral("$.summary") },
            { with(QStringLiteral("body"), QStringLiteral("See <img src=x>")), field,
                QStringLiteral("$.body") },
            { with(QStringLiteral("body"), QStringLiteral("See [the plan](http://127.0.0.1/plan)")),
                field, QStringLiteral("$.body") },
            { with(QStringLiteral("body"),
                  QStringLiteral("See [the plan](https://evil.example.com/x)")),
                field, QStringLiteral("$.body") },
            { with(QStringLiteral("image"),
                  QStringLiteral("https://evil.example.com/v1/media/med_x")),
                field, QStringLiteral("$.image") },
            { with(QStringLiteral("publishAt"), QStringLiteral("tomorrow")), field,
                QStringLiteral("$.publishAt") },
            { with(QStringLiteral("expiresAt"), QStringLiteral("2026-13-01T00:00:00Z")), field,
                QStringLiteral("$.expiresAt") },
            { expiresBeforePublish, field, QStringLiteral("$.expiresAt") },
            { with(QStringLiteral("expiresAt"), rfc3339(now.addDays(-1))), field,
                QStringLiteral("$.expiresAt") },
            { with(QStringLiteral("pinned"), QStringLiteral("yes")), field,
                QStringLiteral("$.pinned") },
            { with(QStringLiteral("author"), QStringLiteral("HR")), field,
                QStringLiteral("$.author") },
            { with(QStringLiteral("card"),
                  QJsonObject { { QStringLiteral("type"), QStringLiteral("Nope") } }),
                QStringLiteral("invalid_card"), QStringLiteral("$.card") },
            { with(QStringLiteral("audience"), QJsonObject { { QStringLiteral("planets"), 1 } }),
                QStringLiteral("invalid_audience"), QStringLiteral("$.audience") },
        };
        const QString path = QStringLiteral("/v1/subsystem/news/{postId}");
        const QString countPosts = QStringLiteral("SELECT COUNT(*) FROM news_posts");
        const int before = sqlInt(kind, countPosts);
        QVERIFY(before >= 0);
        for (const Case &each : cases) {
            const HttpResult refused = putPost(srv, QStringLiteral("drill"), each.body);
            QVERIFY2(refused.status == 422, refused.body.constData());
            QCOMPARE(errorCode(refused), each.code);
            QVERIFY2(refused.json().value(QStringLiteral("path")).toString().startsWith(each.path),
                refused.body.constData());
            QVERIFY(fits(QStringLiteral("PUT"), path, refused));
        }
        // Past 64 KiB: 413 before the body is read.
        const HttpResult tooLarge = putPost(srv, QStringLiteral("drill"),
            with(QStringLiteral("body"), QString(qsizetype(70) * 1024, u'x')));
        QCOMPARE(tooLarge.status, 413);
        QVERIFY(fits(QStringLiteral("PUT"), path, tooLarge));
        // Not JSON: 400.
        QCOMPARE(putRaw(srv, QStringLiteral("drill"), "{not json").status, 400);
        QCOMPARE(sqlInt(kind, countPosts), before);
        QCOMPARE(stats(srv, QStringLiteral("drill")).status, 404);

        // The same post, well formed, with an allowed link and time: taken.
        QJsonObject fine = with(QStringLiteral("body"),
            QStringLiteral("See [the plan](https://127.0.0.1/v1/media/med_plan)"));
        fine.insert(QStringLiteral("expiresAt"), rfc3339(now.addDays(1)));
        QCOMPARE(putPost(srv, QStringLiteral("drill"), fine).status, 201);
        QCOMPARE(sqlInt(kind, countPosts), before + 1);
        QCOMPARE(deletePost(srv, QStringLiteral("drill")).status, 204);
    }

    // 1,500 people in the audience: one post row, no per-person row until someone reads; the
    // stats count them from the people table and count the one reader, naming no one.
    void onePostRowAndStats_data() { addDatabaseKinds(); }
    void onePostRowAndStats()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const ServerSqlResult people = runServerSql(srv.dataDir(), stage(kind).database,
            QStringLiteral(
                "INSERT INTO users (id, kind, username, username_key, display_name, department,"
                " geo, user_type, created_at, updated_at)"
                " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500)"
                " SELECT 'N' || i, 'ad', 'news' || i, 'news' || i, 'News Reader ' || i,"
                " 'Newsroom', 'Pune', 'employee', '2026-11-29T09:00:00Z', '2026-11-29T09:00:00Z'"
                " FROM n"));
        QVERIFY2(people.ok, qPrintable(people.error));
        QJsonObject audience { { QStringLiteral("departments"),
            QJsonArray { QStringLiteral("Newsroom"), QStringLiteral("Operations") } } };
        const int members = sqlInt(kind,
            QStringLiteral("SELECT COUNT(*) FROM users WHERE disabled = 0 AND department IN"
                           " ('Newsroom', 'Operations')"));
        QVERIFY(members >= 1502); // the 1,500, Asha and Ben

        const QString countChanges = QStringLiteral("SELECT COUNT(*) FROM changes");
        const int changesBefore = sqlInt(kind, countChanges);
        const QString id = idOfPut(
            srv, QStringLiteral("townhall"), post(QStringLiteral("Town hall on Friday"), audience));
        QVERIFY(!id.isEmpty());
        QCOMPARE(
            sqlInt(kind, QStringLiteral("SELECT COUNT(*) FROM news_posts WHERE id = '%1'").arg(id)),
            1);
        QCOMPARE(
            sqlInt(kind,
                QStringLiteral("SELECT COUNT(*) FROM news_reads WHERE post_id = '%1'").arg(id)),
            0);
        // One change row, carrying the audience rather than the people.
        QCOMPARE(sqlInt(kind, countChanges), changesBefore + 1);
        QCOMPARE(sqlInt(kind,
                     QStringLiteral("SELECT COUNT(*) FROM changes WHERE kind = 'news' AND people IS"
                                    " NULL AND audience IS NOT NULL AND id = (SELECT MAX(id) FROM"
                                    " changes)")),
            1);

        const HttpResult counted = stats(srv, QStringLiteral("townhall"));
        QCOMPARE(counted.status, 200);
        QVERIFY(fits(
            QStringLiteral("GET"), QStringLiteral("/v1/subsystem/news/{postId}/stats"), counted));
        QCOMPARE(counted.json().keys(),
            (QStringList {
                QStringLiteral("audience"), QStringLiteral("id"), QStringLiteral("read") }));
        QCOMPARE(counted.json().value(QStringLiteral("id")).toString(), id);
        QCOMPARE(counted.json().value(QStringLiteral("audience")).toInt(), members);
        QCOMPARE(counted.json().value(QStringLiteral("read")).toInt(), 0);

        // Ben reads it (twice): one row, read 1; the answer names nobody.
        const QString ben = signIn(srv, QStringLiteral("Ben Okafor"));
        for (int i = 0; i < 2; ++i)
            QCOMPARE(
                strings(
                    markRead(srv, ben, QStringList { id }).json().value(QStringLiteral("read"))),
                QStringList { id });
        QCOMPARE(
            sqlInt(kind,
                QStringLiteral("SELECT COUNT(*) FROM news_reads WHERE post_id = '%1'").arg(id)),
            1);
        const HttpResult read = stats(srv, QStringLiteral("townhall"));
        QCOMPARE(read.json().value(QStringLiteral("read")).toInt(), 1);
        QCOMPARE(read.json().value(QStringLiteral("audience")).toInt(), members);
        QVERIFY(!read.body.contains("E1002"));
        QVERIFY(!read.body.contains("Ben"));

        // A person disabled leaves the audience count.
        QVERIFY(runServerSql(srv.dataDir(), stage(kind).database,
            QStringLiteral("UPDATE users SET disabled = 1 WHERE id = 'N1'"))
                    .ok);
        QCOMPARE(
            stats(srv, QStringLiteral("townhall")).json().value(QStringLiteral("audience")).toInt(),
            members - 1);

        // A key without news:write gets 403 on the news routes.
        const QString admin = signIn(srv, QStringLiteral("Tessera Admin"));
        const QString other = httpRequest("POST", srv.url(QStringLiteral("/v1/admin/api-keys")),
            compactJson(QJsonObject { { QStringLiteral("subsystem"), QStringLiteral("cards-only") },
                { QStringLiteral("scopes"), QJsonArray { QStringLiteral("cards:write") } } }),
            bearer(admin))
                                  .json()
                                  .value(QStringLiteral("key"))
                                  .toString();
        QVERIFY(!other.isEmpty());
        const HttpResult forbidden = putPost(
            srv, QStringLiteral("townhall"), post(QStringLiteral("Not mine"), everyone()), other);
        QCOMPARE(forbidden.status, 403);
        QCOMPARE(errorCode(forbidden), QStringLiteral("insufficient_scope"));
    }

    // A revoked key's posts are taken down: a delta lists them under removed, a full read and
    // the media they link to are gone.
    void revokedKeysPostsAreRemoved_data() { addDatabaseKinds(); }
    void revokedKeysPostsAreRemoved()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QString admin = signIn(srv, QStringLiteral("Tessera Admin"));
        const QJsonObject made = httpRequest("POST", srv.url(QStringLiteral("/v1/admin/api-keys")),
            compactJson(QJsonObject { { QStringLiteral("subsystem"), QStringLiteral("comms") },
                { QStringLiteral("scopes"), QJsonArray { QStringLiteral("news:write") } } }),
            bearer(admin))
                                     .json();
        const QString key = made.value(QStringLiteral("key")).toString();
        QVERIFY(!key.isEmpty());
        const HttpResult put = putPost(
            srv, QStringLiteral("comms-1"), post(QStringLiteral("From comms"), everyone()), key);
        QCOMPARE(put.status, 201);
        const QString id = put.json().value(QStringLiteral("id")).toString();
        const QString ben = signIn(srv, QStringLiteral("Ben Okafor"));
        const HttpResult first = news(srv, ben);
        QVERIFY(idsOf(first).contains(id));
        QCOMPARE(postIn(first, id)
                     .value(QStringLiteral("source"))
                     .toObject()
                     .value(QStringLiteral("name"))
                     .toString(),
            QStringLiteral("comms"));

        QCOMPARE(httpRequest("POST",
                     srv.url(QStringLiteral("/v1/admin/api-keys/%1/revoke")
                                 .arg(made.value(QStringLiteral("id")).toString())),
                     {}, bearer(admin))
                     .status,
            200);
        QCOMPARE(removedOf(news(srv, ben, cursorOf(first))), QStringList { id });
        QVERIFY(!idsOf(news(srv, ben)).contains(id));
        QCOMPARE(
            sqlInt(kind,
                QStringLiteral("SELECT COUNT(*) FROM news_posts WHERE id = '%1' AND deleted = 1")
                    .arg(id)),
            1);
    }
};

QTEST_GUILESS_MAIN(TestNews)
#include "tst_news.moc"
