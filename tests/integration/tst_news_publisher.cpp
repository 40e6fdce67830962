// News published by a person with the publisher role against the real server (SQLite
// and PostgreSQL): an admin grants the role, the person publishes, replaces, reads the counts
// of and withdraws their post on /v1/news/posts/{postId} with the answers of the sub-system
// routes; the post's source is the person's display name; a person without the role gets 403
// and nothing is stored; another publisher's post is 404 to them and the same post id is theirs
// apart (as is a key's); a bad body is a 422 with the path and stores nothing.
#include "newsfixture.h"

using namespace tessera::test;

class TestNewsPublisher : public QObject, protected NewsFixture
{
    Q_OBJECT

    static QString userIdOf(const ServerProcess &server, const QString &displayName)
    {
        return demoAccount(server, displayName).value(QStringLiteral("userId")).toString();
    }

    static QUrl ownUrl(const ServerProcess &server, const QString &postId, bool stats = false)
    {
        return server.url(QStringLiteral("/v1/news/posts/") + postId
            + (stats ? QStringLiteral("/stats") : QString()));
    }

    static HttpResult putOwn(const ServerProcess &server, const QString &token,
        const QString &postId, const QJsonObject &body)
    {
        return httpRequest("PUT", ownUrl(server, postId), compactJson(body), bearer(token));
    }

    static HttpResult deleteOwn(
        const ServerProcess &server, const QString &token, const QString &postId)
    {
        return httpRequest("DELETE", ownUrl(server, postId), {}, bearer(token));
    }

    static HttpResult statsOwn(
        const ServerProcess &server, const QString &token, const QString &postId)
    {
        return httpRequest("GET", ownUrl(server, postId, true), {}, bearer(token));
    }

    static QString errorCode(const HttpResult &result)
    {
        return result.json()
            .value(QStringLiteral("error"))
            .toObject()
            .value(QStringLiteral("code"))
            .toString();
    }

    int postsNamed(const QString &kind, const QString &postId)
    {
        return sqlInt(kind,
            QStringLiteral("SELECT COUNT(*) FROM news_posts WHERE post_id = '%1'").arg(postId));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString problem;
        QVERIFY2(startStages(QStringLiteral("newspub"), &problem), qPrintable(problem));
    }

    void cleanupTestCase()
    {
        m_stages.clear();
        m_postgres.stop();
    }

    void publisherPublishesReplacesWithdraws_data() { addDatabaseKinds(); }
    void publisherPublishesReplacesWithdraws()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QString path = QStringLiteral("/v1/news/posts/{postId}");
        const QString ashaId = userIdOf(srv, QStringLiteral("Asha Rao"));
        const QString benId = userIdOf(srv, QStringLiteral("Ben Okafor"));
        QVERIFY(!ashaId.isEmpty() && !benId.isEmpty());
        const QString ben = signIn(srv, QStringLiteral("Ben Okafor"));
        const QJsonObject body =
            post(QStringLiteral("Town hall on Friday"), users({ ashaId, benId }));

        // Without the role: 403 on every route, nothing stored.
        const QString before =
            signIn(srv, QStringLiteral("Asha Rao"), QStringLiteral("asha-device-1"));
        const HttpResult refused = putOwn(srv, before, QStringLiteral("townhall"), body);
        QCOMPARE(refused.status, 403);
        QCOMPARE(errorCode(refused), QStringLiteral("forbidden"));
        QCOMPARE(postsNamed(kind, QStringLiteral("townhall")), 0);
        QCOMPARE(statsOwn(srv, before, QStringLiteral("townhall")).status, 403);
        QCOMPARE(deleteOwn(srv, before, QStringLiteral("townhall")).status, 403);

        // The admin grants Asha the role.
        const QString admin = signIn(srv, QStringLiteral("Tessera Admin"));
        const HttpResult granted =
            httpRequest("PUT", srv.url(QStringLiteral("/v1/admin/users/%1/roles").arg(ashaId)),
                compactJson(QJsonObject {
                    { QStringLiteral("roles"), QJsonArray { QStringLiteral("publisher") } } }),
                bearer(admin));
        QCOMPARE(granted.status, 200);
        const QString asha =
            signIn(srv, QStringLiteral("Asha Rao"), QStringLiteral("asha-device-2"));

        // Published: 201 with the sub-system route's answer; Ben sees it from Asha.
        const HttpResult created = putOwn(srv, asha, QStringLiteral("townhall"), body);
        QCOMPARE(created.status, 201);
        QVERIFY(fits(QStringLiteral("PUT"), path, created));
        const QString id = created.json().value(QStringLiteral("id")).toString();
        QVERIFY(id.startsWith(QStringLiteral("news_")));
        QCOMPARE(
            created.json().value(QStringLiteral("postId")).toString(), QStringLiteral("townhall"));
        QCOMPARE(created.json().value(QStringLiteral("version")).toInt(), 1);
        QCOMPARE(
            created.json().value(QStringLiteral("state")).toString(), QStringLiteral("published"));
        const HttpResult first = news(srv, ben);
        const QJsonObject shown = postIn(first, id);
        QCOMPARE(
            shown.value(QStringLiteral("title")).toString(), QStringLiteral("Town hall on Friday"));
        QCOMPARE(shown.value(QStringLiteral("source"))
                     .toObject()
                     .value(QStringLiteral("name"))
                     .toString(),
            QStringLiteral("Asha Rao"));
        QCOMPARE(sqlInt(kind,
                     QStringLiteral("SELECT COUNT(*) FROM news_posts WHERE id = '%1' AND"
                                    " author_id = '%2' AND api_key_id IS NULL")
                         .arg(id, ashaId)),
            1);

        // Replaced: 200, version 2, the new title in Ben's delta.
        QJsonObject changed = body;
        changed.insert(QStringLiteral("title"), QStringLiteral("Town hall moved to Monday"));
        const HttpResult replaced = putOwn(srv, asha, QStringLiteral("townhall"), changed);
        QCOMPARE(replaced.status, 200);
        QVERIFY(fits(QStringLiteral("PUT"), path, replaced));
        QCOMPARE(replaced.json().value(QStringLiteral("id")).toString(), id);
        QCOMPARE(replaced.json().value(QStringLiteral("version")).toInt(), 2);
        QCOMPARE(
            postIn(news(srv, ben, cursorOf(first)), id).value(QStringLiteral("title")).toString(),
            QStringLiteral("Town hall moved to Monday"));

        // Stats: the two people of its audience, then Ben's read mark; never who.
        const HttpResult unread = statsOwn(srv, asha, QStringLiteral("townhall"));
        QCOMPARE(unread.status, 200);
        QVERIFY(
            fits(QStringLiteral("GET"), QStringLiteral("/v1/news/posts/{postId}/stats"), unread));
        QCOMPARE(unread.json().value(QStringLiteral("audience")).toInt(), 2);
        QCOMPARE(unread.json().value(QStringLiteral("read")).toInt(), 0);
        QCOMPARE(markRead(srv, ben, QStringList { id }).status, 200);
        const HttpResult read = statsOwn(srv, asha, QStringLiteral("townhall"));
        QCOMPARE(read.json(),
            (QJsonObject { { QStringLiteral("id"), id }, { QStringLiteral("audience"), 2 },
                { QStringLiteral("read"), 1 } }));
        QVERIFY(!read.body.contains(benId.toUtf8()));

        // Another publisher (the demo's admin holds the role) cannot touch it: 404; the same
        // post id is theirs apart, as it is the demo key's.
        const HttpResult foreign = deleteOwn(srv, admin, QStringLiteral("townhall"));
        QCOMPARE(foreign.status, 404);
        QVERIFY(fits(QStringLiteral("DELETE"), path, foreign));
        QCOMPARE(statsOwn(srv, admin, QStringLiteral("townhall")).status, 404);
        const HttpResult adminsOwn = putOwn(srv, admin, QStringLiteral("townhall"), body);
        QCOMPARE(adminsOwn.status, 201);
        QVERIFY(adminsOwn.json().value(QStringLiteral("id")).toString() != id);
        const HttpResult keys = putPost(srv, QStringLiteral("townhall"), body);
        QCOMPARE(keys.status, 201);
        QVERIFY(keys.json().value(QStringLiteral("id")).toString() != id);
        QCOMPARE(postsNamed(kind, QStringLiteral("townhall")), 3);
        QCOMPARE(
            stats(srv, QStringLiteral("townhall")).json().value(QStringLiteral("read")).toInt(), 0);

        // Withdrawn: 204, then 404; removed from Ben's feed; the others stay.
        const HttpResult feedBefore = news(srv, ben);
        const HttpResult withdrawn = deleteOwn(srv, asha, QStringLiteral("townhall"));
        QCOMPARE(withdrawn.status, 204);
        QCOMPARE(deleteOwn(srv, asha, QStringLiteral("townhall")).status, 404);
        QCOMPARE(statsOwn(srv, asha, QStringLiteral("townhall")).status, 404);
        const HttpResult afterDelete = news(srv, ben, cursorOf(feedBefore));
        QCOMPARE(removedOf(afterDelete), QStringList { id });
        QVERIFY(!idsOf(news(srv, ben)).contains(id));
        QCOMPARE(statsOwn(srv, admin, QStringLiteral("townhall")).status, 200);
        QCOMPARE(deleteOwn(srv, admin, QStringLiteral("townhall")).status, 204);
        QCOMPARE(deletePost(srv, QStringLiteral("townhall")).status, 204);

        // The role taken away again: 403.
        QCOMPARE(httpRequest("PUT", srv.url(QStringLiteral("/v1/admin/users/%1/roles").arg(ashaId)),
                     compactJson(QJsonObject { { QStringLiteral("roles"), QJsonArray {} } }),
                     bearer(admin))
                     .status,
            200);
        const QString after =
            signIn(srv, QStringLiteral("Asha Rao"), QStringLiteral("asha-device-3"));
        QCOMPARE(putOwn(srv, after, QStringLiteral("again"), body).status, 403);
        QCOMPARE(postsNamed(kind, QStringLiteral("again")), 0);
    }

    // The sub-system route's checks, with the server's own host the only one a person may link
    // to: each refusal is a 422 with its path, and stores nothing.
    void refusalsStoreNothing_data() { addDatabaseKinds(); }
    void refusalsStoreNothing()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QString admin = signIn(srv, QStringLiteral("Tessera Admin"));
        const QJsonObject good = post(QStringLiteral("Fire drill"), everyone());
        const auto refusedWith = [&](const QJsonObject &body, const QString &path) {
            const HttpResult result = putOwn(srv, admin, QStringLiteral("drill"), body);
            if (result.status != 422
                || result.json().value(QStringLiteral("path")).toString() != path) {
                qWarning() << "expected 422 at" << path << "got" << result.status << result.body;
                return false;
            }
            return fits(QStringLiteral("PUT"), QStringLiteral("/v1/news/posts/{postId}"), result)
                && postsNamed(kind, QStringLiteral("drill")) == 0;
        };
        QJsonObject html = good;
        html.insert(QStringLiteral("title"), QStringLiteral("<b>Fire</b> drill"));
        QVERIFY(refusedWith(html, QStringLiteral("$.title")));
        QJsonObject elsewhere = good;
        elsewhere.insert(
            QStringLiteral("body"), QStringLiteral("See [the plan](https://example.org/plan)."));
        QVERIFY(refusedWith(elsewhere, QStringLiteral("$.body")));
        QJsonObject unknown = good;
        unknown.insert(QStringLiteral("author"), QStringLiteral("someone"));
        QVERIFY(refusedWith(unknown, QStringLiteral("$.author")));
        QJsonObject late = good;
        late.insert(QStringLiteral("publishAt"), QStringLiteral("tomorrow"));
        QVERIFY(refusedWith(late, QStringLiteral("$.publishAt")));
        // A post id outside [A-Za-z0-9._-]{1,64}: 400, nothing stored.
        QCOMPARE(putOwn(srv, admin, QStringLiteral("no%20spaces"), good).status, 400);
        QCOMPARE(sqlInt(kind,
                     QStringLiteral("SELECT COUNT(*) FROM news_posts WHERE author_id IS"
                                    " NOT NULL AND deleted = 0")),
            0);
        // A link to the server's own host goes through.
        QJsonObject fine = good;
        fine.insert(QStringLiteral("body"),
            QStringLiteral("See [the plan](https://127.0.0.1/v1/media/med_plan)"));
        QCOMPARE(putOwn(srv, admin, QStringLiteral("drill"), fine).status, 201);
        QCOMPARE(deleteOwn(srv, admin, QStringLiteral("drill")).status, 204);
    }
};

QTEST_MAIN(TestNewsPublisher)
#include "tst_news_publisher.moc"
