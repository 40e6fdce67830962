// A news post's media against the real server (SQLite and PostgreSQL; one server per database
// for the whole test case, each with its own --clock-file): the hero image, a medium the body
// links to and an image of the post's card are served to the people of the post's audience (a
// department here) with their bytes and type, and to nobody else — someone outside gets exactly
// the answer of an unknown id. A replaced post lets go of the media it no longer links to; a
// scheduled post's media are refused until the post is published; an expired, deleted or
// taken-down (revoked key) post's media are refused, and its media become unreferenced so that
// they age out. A person with the publisher role uploads media of their own for their posts.
#include "newsfixture.h"

using namespace tessera::test;

namespace {

constexpr int kTimeout = 20000; // generous: the scheduled job runs every few seconds

QByteArray pngBytes(const QByteArray &payload)
{
    return QByteArrayLiteral("\x89PNG\r\n\x1a\n") + payload;
}

QJsonObject department(const QString &name)
{
    return QJsonObject { { QStringLiteral("departments"), QJsonArray { name } } };
}

QJsonObject imageCard(const QString &url)
{
    return QJsonObject { { QStringLiteral("type"), QStringLiteral("AdaptiveCard") },
        { QStringLiteral("version"), QStringLiteral("1.5") },
        { QStringLiteral("body"),
            QJsonArray { QJsonObject { { QStringLiteral("type"), QStringLiteral("Image") },
                { QStringLiteral("url"), url } } } } };
}

QString mediaIdOf(const QString &url)
{
    return QUrl(url).path().section(u'/', -1);
}

} // namespace

class TestNewsMedia : public QObject, protected NewsFixture
{
    Q_OBJECT

    // bytes uploaded by key (the demo key when empty): the medium's https URL on the server's
    // own host.
    static QString upload(
        const ServerProcess &server, const QByteArray &bytes, const QString &key = {})
    {
        auto headers = bearer(key.isEmpty() ? demoKey(server) : key);
        headers.append({ QByteArrayLiteral("Content-Type"), QByteArrayLiteral("image/png") });
        const HttpResult uploaded =
            httpRequest("POST", server.url(QStringLiteral("/v1/subsystem/media")), bytes, headers);
        if (uploaded.status != 201)
            qWarning() << "upload" << uploaded.status << uploaded.body;
        return uploaded.json().value(QStringLiteral("url")).toString();
    }

    static HttpResult fetch(const ServerProcess &server, const QString &token, const QString &url)
    {
        return httpRequest("GET", server.url(QUrl(url).path()), {}, bearer(token));
    }

    // Whether token gets exactly the refusal of an id no medium has: no existence leak.
    static bool refusedAsUnknown(
        const ServerProcess &server, const QString &token, const QString &url)
    {
        const HttpResult refused = fetch(server, token, url);
        const HttpResult unknown = fetch(server, token,
            QStringLiteral("https://127.0.0.1/v1/media/med_") + QStringLiteral("n0ne").repeated(4));
        if (refused.status == 404 && unknown.status == 404 && refused.body == unknown.body
            && refused.header("Content-Type") == unknown.header("Content-Type")
            && refused.header("ETag").isEmpty())
            return true;
        qWarning() << url << refused.status << refused.body << "unknown:" << unknown.status
                   << unknown.body;
        return false;
    }

    // Whether token gets bytes, as a PNG.
    static bool served(const ServerProcess &server, const QString &token, const QString &url,
        const QByteArray &bytes)
    {
        const HttpResult answer = fetch(server, token, url);
        if (answer.status == 200 && answer.body == bytes
            && answer.header("Content-Type") == QByteArrayLiteral("image/png"))
            return true;
        qWarning() << url << answer.status << answer.header("Content-Type") << answer.body;
        return false;
    }

    // How many objects link to url's medium, and whether the medium is unreferenced (ageing out).
    int refsOf(const QString &kind, const QString &url)
    {
        return sqlInt(kind,
            QStringLiteral("SELECT COUNT(*) FROM media_refs WHERE media_id = '%1'")
                .arg(mediaIdOf(url)));
    }
    bool unreferenced(const QString &kind, const QString &url)
    {
        return sqlInt(kind,
                   QStringLiteral("SELECT COUNT(*) FROM media WHERE id = '%1' AND"
                                  " unreferenced_since IS NOT NULL")
                       .arg(mediaIdOf(url)))
            == 1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString problem;
        QVERIFY2(startStages(QStringLiteral("news_media"), &problem), qPrintable(problem));
    }

    void cleanupTestCase()
    {
        m_stages.clear();
        m_postgres.stop();
    }

    void onlyTheAudienceGetsThePostsMedia_data() { addDatabaseKinds(); }
    void onlyTheAudienceGetsThePostsMedia()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QString ben = signIn(srv, QStringLiteral("Ben Okafor")); // Operations
        const QString sam = signIn(srv, QStringLiteral("Sam Guard")); // Security
        QVERIFY(!ben.isEmpty() && !sam.isEmpty());

        const QByteArray heroBytes = pngBytes("the Operations team at the summit");
        const QByteArray planBytes = pngBytes("the floor plan");
        const QByteArray badgeBytes = pngBytes("the new badge");
        const QString hero = upload(srv, heroBytes);
        const QString plan = upload(srv, planBytes);
        const QString badge = upload(srv, badgeBytes);
        QVERIFY(!hero.isEmpty() && !plan.isEmpty() && !badge.isEmpty());
        // Uploaded, linked by nothing yet: nobody gets them.
        QVERIFY(refusedAsUnknown(srv, ben, hero));

        QJsonObject body = post(QStringLiteral("Operations reached the summit"),
            department(QStringLiteral("Operations")));
        body.insert(QStringLiteral("image"), hero);
        body.insert(QStringLiteral("body"), QStringLiteral("See [the floor plan](%1)").arg(plan));
        body.insert(QStringLiteral("card"), imageCard(badge));
        const QString id = idOfPut(srv, QStringLiteral("summit"), body);
        QVERIFY(!id.isEmpty());
        QCOMPARE(idsOf(news(srv, ben)).count(id), 1);
        QVERIFY(!idsOf(news(srv, sam)).contains(id));

        // Ben (in the department): the hero image, the body's medium and the card's image.
        QVERIFY(served(srv, ben, hero, heroBytes));
        QVERIFY(served(srv, ben, plan, planBytes));
        QVERIFY(served(srv, ben, badge, badgeBytes));
        // Sam (outside): the answer of an unknown id for each, nothing that says they exist.
        QVERIFY(refusedAsUnknown(srv, sam, hero));
        QVERIFY(refusedAsUnknown(srv, sam, plan));
        QVERIFY(refusedAsUnknown(srv, sam, badge));

        // Replaced without the body's link and the card: those media are let go of (for
        // nobody, ageing out), the hero image stays.
        body.insert(QStringLiteral("body"), QStringLiteral("The plan follows."));
        body.remove(QStringLiteral("card"));
        QCOMPARE(putPost(srv, QStringLiteral("summit"), body).status, 200);
        QVERIFY(served(srv, ben, hero, heroBytes));
        QVERIFY(refusedAsUnknown(srv, ben, plan));
        QVERIFY(refusedAsUnknown(srv, ben, badge));
        QCOMPARE(refsOf(kind, plan), 0);
        QVERIFY(unreferenced(kind, plan));
        QVERIFY(unreferenced(kind, badge));
        QVERIFY(!unreferenced(kind, hero));

        // Moved to Security: Sam gets the hero image, Ben the refusal of an unknown id.
        body.insert(QStringLiteral("audience"), department(QStringLiteral("Security")));
        QCOMPARE(putPost(srv, QStringLiteral("summit"), body).status, 200);
        QVERIFY(served(srv, sam, hero, heroBytes));
        QVERIFY(refusedAsUnknown(srv, ben, hero));

        // Deleted: nobody; the medium is unreferenced.
        QCOMPARE(deletePost(srv, QStringLiteral("summit")).status, 204);
        QVERIFY(refusedAsUnknown(srv, sam, hero));
        QCOMPARE(refsOf(kind, hero), 0);
        QVERIFY(unreferenced(kind, hero));
    }

    void scheduledThenExpired_data() { addDatabaseKinds(); }
    void scheduledThenExpired()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QString asha = signIn(srv, QStringLiteral("Asha Rao")); // Operations
        const QDateTime now = serverNow(kind);
        QVERIFY(now.isValid());
        const QByteArray heroBytes = pngBytes("the town hall stage");
        const QString hero = upload(srv, heroBytes);
        QVERIFY(!hero.isEmpty());

        QJsonObject body =
            post(QStringLiteral("Town hall"), department(QStringLiteral("Operations")));
        body.insert(QStringLiteral("image"), hero);
        body.insert(QStringLiteral("publishAt"), rfc3339(now.addSecs(600)));
        body.insert(QStringLiteral("expiresAt"), rfc3339(now.addSecs(1800)));
        const HttpResult scheduled = putPost(srv, QStringLiteral("town-hall"), body);
        QCOMPARE(scheduled.status, 201);
        QCOMPARE(scheduled.json().value(QStringLiteral("state")).toString(),
            QStringLiteral("scheduled"));
        const QString id = scheduled.json().value(QStringLiteral("id")).toString();

        // Before its publishAt: linked (kept, not ageing out) but refused to its own audience.
        QTest::qWait(3000); // the scheduled job would have published it by now
        QVERIFY(refusedAsUnknown(srv, asha, hero));
        QCOMPARE(refsOf(kind, hero), 1);
        QVERIFY(!unreferenced(kind, hero));

        // Published (the clock moves 11 minutes on): served.
        QVERIFY(moveClock(kind, qint64(11) * 60));
        QTRY_VERIFY_WITH_TIMEOUT(idsOf(news(srv, asha)).contains(id), kTimeout);
        QVERIFY(served(srv, asha, hero, heroBytes));

        // Past its expiresAt (20 minutes more): refused at once, whether the scheduled job has
        // recorded the expiry yet or not; once it has, the medium is let go of.
        QVERIFY(moveClock(kind, qint64(20) * 60));
        QTRY_VERIFY_WITH_TIMEOUT(!idsOf(news(srv, asha)).contains(id), kTimeout);
        QVERIFY(refusedAsUnknown(srv, asha, hero));
        QTRY_COMPARE_WITH_TIMEOUT(refsOf(kind, hero), 0, kTimeout);
        QVERIFY(unreferenced(kind, hero));
        QVERIFY(refusedAsUnknown(srv, asha, hero));

        // Put again with a later expiry: shown again, and so is its image.
        const QDateTime later = serverNow(kind);
        body.insert(QStringLiteral("publishAt"), rfc3339(later.addSecs(-60)));
        body.insert(QStringLiteral("expiresAt"), rfc3339(later.addSecs(3600)));
        QCOMPARE(putPost(srv, QStringLiteral("town-hall"), body).status, 200);
        QVERIFY(served(srv, asha, hero, heroBytes));
        QVERIFY(!unreferenced(kind, hero));
        QCOMPARE(deletePost(srv, QStringLiteral("town-hall")).status, 204);
    }

    // A key of its own (news:write for the post, cards:write for the upload): when the key is
    // revoked its posts are taken down, and their media with them.
    void revokedKeysPostMediaAreRefused_data() { addDatabaseKinds(); }
    void revokedKeysPostMediaAreRefused()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QString admin = signIn(srv, QStringLiteral("Tessera Admin"));
        const QJsonObject made = httpRequest("POST", srv.url(QStringLiteral("/v1/admin/api-keys")),
            compactJson(QJsonObject {
                { QStringLiteral("subsystem"), QStringLiteral("comms-media") },
                { QStringLiteral("scopes"),
                    QJsonArray { QStringLiteral("news:write"), QStringLiteral("cards:write") } } }),
            bearer(admin))
                                     .json();
        const QString key = made.value(QStringLiteral("key")).toString();
        QVERIFY(!key.isEmpty());
        const QByteArray heroBytes = pngBytes("from comms, with a picture");
        const QString hero = upload(srv, heroBytes, key);
        QVERIFY(!hero.isEmpty());
        QJsonObject body =
            post(QStringLiteral("From comms"), department(QStringLiteral("Operations")));
        body.insert(QStringLiteral("image"), hero);
        QCOMPARE(putPost(srv, QStringLiteral("comms-picture"), body, key).status, 201);
        const QString ben = signIn(srv, QStringLiteral("Ben Okafor"));
        QVERIFY(served(srv, ben, hero, heroBytes));

        // The demo key links to the comms key's medium: that counts for nothing (another key's
        // medium is not opened to the demo key's audience).
        QJsonObject borrowed = post(QStringLiteral("Borrowed"), everyone());
        borrowed.insert(QStringLiteral("image"), hero);
        QCOMPARE(putPost(srv, QStringLiteral("borrowed"), borrowed).status, 201);
        const QString sam = signIn(srv, QStringLiteral("Sam Guard"));
        QVERIFY(refusedAsUnknown(srv, sam, hero));
        QCOMPARE(deletePost(srv, QStringLiteral("borrowed")).status, 204);

        QCOMPARE(httpRequest("POST",
                     srv.url(QStringLiteral("/v1/admin/api-keys/%1/revoke")
                                 .arg(made.value(QStringLiteral("id")).toString())),
                     {}, bearer(admin))
                     .status,
            200);
        QVERIFY(refusedAsUnknown(srv, ben, hero));
        QCOMPARE(refsOf(kind, hero), 0);
        QVERIFY(unreferenced(kind, hero));
    }

    // A person with the publisher role uploads media of their own (POST /v1/news/media) for their
    // posts: served to the post's audience only; a person without the role gets 403; a post
    // linking to someone else's medium (another publisher's, or a publisher's from a key's post)
    // opens it to no one.
    void publisherUploadsForTheirOwnPosts_data() { addDatabaseKinds(); }
    void publisherUploadsForTheirOwnPosts()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QString path = QStringLiteral("/v1/news/media");
        const QString admin = signIn(srv, QStringLiteral("Tessera Admin")); // publisher, IT
        const QString ben = signIn(srv, QStringLiteral("Ben Okafor")); // Operations
        const QString sam = signIn(srv, QStringLiteral("Sam Guard")); // Security
        const auto uploadAs = [&](const QString &token, const QByteArray &bytes) {
            auto headers = bearer(token);
            headers.append({ QByteArrayLiteral("Content-Type"), QByteArrayLiteral("image/png") });
            return httpRequest("POST", srv.url(path), bytes, headers);
        };
        const auto putOwn = [&](const QString &token, const QString &postId,
                                const QJsonObject &body) {
            return httpRequest("PUT", srv.url(QStringLiteral("/v1/news/posts/") + postId),
                compactJson(body), bearer(token))
                .status;
        };

        // Without the role: 403, nothing stored.
        const int before = sqlInt(kind, QStringLiteral("SELECT COUNT(*) FROM media"));
        const HttpResult refused = uploadAs(ben, pngBytes("Ben's picture"));
        QCOMPARE(refused.status, 403);
        QVERIFY(fits(QStringLiteral("POST"), path, refused));
        QCOMPARE(sqlInt(kind, QStringLiteral("SELECT COUNT(*) FROM media")), before);

        // The publisher's upload: 201, the same bytes again the same medium (200).
        const QByteArray picnicBytes = pngBytes("the summer picnic");
        const HttpResult uploaded = uploadAs(admin, picnicBytes);
        QCOMPARE(uploaded.status, 201);
        QVERIFY(fits(QStringLiteral("POST"), path, uploaded));
        const QString picnic = uploaded.json().value(QStringLiteral("url")).toString();
        const HttpResult again = uploadAs(admin, picnicBytes);
        QCOMPARE(again.status, 200);
        QCOMPARE(again.json().value(QStringLiteral("url")).toString(), picnic);
        QCOMPARE(sqlInt(kind,
                     QStringLiteral("SELECT COUNT(*) FROM media WHERE id = '%1' AND user_id IS NOT"
                                    " NULL AND api_key_id IS NULL")
                         .arg(mediaIdOf(picnic))),
            1);
        // Not an image: refused as a key's upload is.
        QCOMPARE(uploadAs(admin, "GIF89a, not a PNG").status, 422);

        // Their post for Operations: Ben gets the image; Sam and the publisher (IT) do not.
        QJsonObject body =
            post(QStringLiteral("Summer picnic"), department(QStringLiteral("Operations")));
        body.insert(QStringLiteral("image"), picnic);
        QCOMPARE(putOwn(admin, QStringLiteral("picnic"), body), 201);
        QVERIFY(served(srv, ben, picnic, picnicBytes));
        QVERIFY(refusedAsUnknown(srv, sam, picnic));
        QVERIFY(refusedAsUnknown(srv, admin, picnic));

        // A key's post linking to the publisher's medium opens it to no one (here: everyone).
        QJsonObject borrowed = post(QStringLiteral("Borrowed picnic"), everyone());
        borrowed.insert(QStringLiteral("image"), picnic);
        QCOMPARE(putPost(srv, QStringLiteral("borrowed-picnic"), borrowed).status, 201);
        QVERIFY(refusedAsUnknown(srv, sam, picnic));
        QCOMPARE(deletePost(srv, QStringLiteral("borrowed-picnic")).status, 204);

        // Another publisher (Asha, granted the role) links to the admin's medium: no one gets it
        // through her post.
        const QString ashaId =
            demoAccount(srv, QStringLiteral("Asha Rao")).value(QStringLiteral("userId")).toString();
        QCOMPARE(httpRequest("PUT", srv.url(QStringLiteral("/v1/admin/users/%1/roles").arg(ashaId)),
                     compactJson(QJsonObject {
                         { QStringLiteral("roles"), QJsonArray { QStringLiteral("publisher") } } }),
                     bearer(admin))
                     .status,
            200);
        const QString asha =
            signIn(srv, QStringLiteral("Asha Rao"), QStringLiteral("news-media-asha"));
        QJsonObject hers = post(QStringLiteral("Asha's picnic"), everyone());
        hers.insert(QStringLiteral("image"), picnic);
        QCOMPARE(putOwn(asha, QStringLiteral("picnic"), hers), 201);
        QVERIFY(refusedAsUnknown(srv, sam, picnic));
        QCOMPARE(httpRequest(
                     "DELETE", srv.url(QStringLiteral("/v1/news/posts/picnic")), {}, bearer(asha))
                     .status,
            204);

        // Withdrawn: nobody; the medium ages out.
        QCOMPARE(httpRequest(
                     "DELETE", srv.url(QStringLiteral("/v1/news/posts/picnic")), {}, bearer(admin))
                     .status,
            204);
        QVERIFY(refusedAsUnknown(srv, ben, picnic));
        QVERIFY(unreferenced(kind, picnic));
    }
};

QTEST_GUILESS_MAIN(TestNewsMedia)
#include "tst_news_media.moc"
