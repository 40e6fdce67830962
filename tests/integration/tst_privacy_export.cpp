// A person's export against the real server (SQLite and PostgreSQL), the coverage of what each
// feature declares it holds about a person, and the person's erasure (DESIGN.md, "People's
// data"; decision 9): Ben signs in, decides a notification, reads a post, answers events (one
// with a single place, Asha waiting behind him), a named and an anonymous survey, and as a
// publisher uploads an image and posts; Asha does some of it too. Then
// - GET /v1/privacy/export gives Ben, and only Ben, every declared table's rows of his, with no
//   secret column, and as many rows per table as the database holds for him;
// - every text of every column of every table is searched for Ben's id and username: a table
//   that holds them must be declared by some feature, and a hit in a column no feature declared
//   must be in a row the export gives. A new table naming people without a declaration fails;
// - erasing Ben (the server's own code on its database) leaves no table holding his id,
//   username, name or e-mail, keeps his post and image by "Former employee" in Asha's delta,
//   moves Asha up to his place and tells her, ends his sessions and devices, leaves Asha's data
//   as it was, and a second erasure changes nothing.
#include "privacyfixture.h"
#include "protocol/passkeys.h"

using namespace tessera::server;
using namespace tessera::test;

class TestPrivacyExport : public QObject, protected PrivacyFixture
{
    Q_OBJECT

    QMap<QString, QStringList> m_benTokens; // by database kind: Ben's tokens from the scenario
    QMap<QString, QString> m_benRefresh; // and his refresh token as a publisher
    QMap<QString, QString> m_benPass; // and the pass of that device

private Q_SLOTS:
    void initTestCase()
    {
        registerPersonalData(m_declared);
        QVERIFY(!m_declared.tables().isEmpty());
        QString problem;
        QVERIFY2(startStages(QStringLiteral("privacy"), &problem), qPrintable(problem));
    }

    void cleanupTestCase()
    {
        m_stages.clear();
        m_postgres.stop();
    }

    void exportAndCoverage_data() { addDatabaseKinds(); }
    void exportAndCoverage()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QJsonObject benAccount = demoAccount(srv, QStringLiteral("Ben Okafor"));
        const QString benId = benAccount.value(QStringLiteral("userId")).toString();
        const QString benName = benAccount.value(QStringLiteral("username")).toString();
        const QString ben =
            signIn(srv, QStringLiteral("Ben Okafor"), QStringLiteral("ben-device-1"));
        m_benTokens[kind] = QStringList { ben };
        const QString asha =
            signIn(srv, QStringLiteral("Asha Rao"), QStringLiteral("asha-device-1"));
        QVERIFY(!ben.isEmpty() && !asha.isEmpty());
        const QString key = demoKey(srv);

        // Inbox: a leave request to Ben, approved by him.
        const HttpResult created = httpRequest("POST", srv.url(QStringLiteral("/v1/notifications")),
            compactJson(leaveRequestFor(benId)), bearer(key, newKey()));
        QCOMPARE(created.status, 201);
        const QString notification = created.json().value(QStringLiteral("id")).toString();
        const HttpResult decided =
            httpRequest("POST", srv.url(QStringLiteral("/v1/inbox/%1/decision").arg(notification)),
                compactJson(QJsonObject { { QStringLiteral("action"), QStringLiteral("approve") },
                    { QStringLiteral("version"), 1 } }),
                bearer(ben, newKey()));
        QCOMPARE(decided.status, 200);

        // News: a post to Ben and Asha by name, read by both.
        const QString post = idOfPut(srv, QStringLiteral("privacy-post"),
            NewsFixture::post(
                QStringLiteral("For two"), users({ benId, QStringLiteral("E1001") })));
        QVERIFY(!post.isEmpty());
        QCOMPARE(markRead(srv, ben, QStringList { post }).status, 200);
        QCOMPARE(markRead(srv, asha, QStringList { post }).status, 200);

        // Events: going, by both.
        const QString event = idOfEvent(srv, QStringLiteral("privacy-event"),
            eventBody(kind, QStringLiteral("Coffee"), users({ benId, QStringLiteral("E1001") })));
        QVERIFY(!event.isEmpty());
        QCOMPARE(rsvp(srv, ben, event, QStringLiteral("going")).status, 200);
        QCOMPARE(rsvp(srv, asha, event, QStringLiteral("going")).status, 200);

        // Surveys: a named one and an anonymous one, answered by both.
        const QString named = idOfSurvey(srv, QStringLiteral("privacy-named"),
            survey(kind, QStringLiteral("Named"), users({ benId, QStringLiteral("E1001") })));
        const QString anonymous = idOfSurvey(srv, QStringLiteral("privacy-anonymous"),
            survey(kind, QStringLiteral("Anonymous"), users({ benId, QStringLiteral("E1001") }),
                true));
        QVERIFY(!named.isEmpty() && !anonymous.isEmpty());
        for (const QString &token : { ben, asha }) {
            QCOMPARE(answer(srv, token, named,
                         inputs(QStringLiteral("good"), QStringLiteral("4"), QStringLiteral("Hi")))
                         .status,
                200);
            QCOMPARE(answer(srv, token, anonymous,
                         inputs(QStringLiteral("ok"), QStringLiteral("3"), QStringLiteral("Hm")))
                         .status,
                200);
        }

        // News as a publisher: Ben, granted the role, posts to both with an image of his own and
        // his name in the text; Asha reads it. Events: coffee for one, Ben going, Asha waiting.
        QCOMPARE(grantPublisher(srv, benId), 200);
        const QJsonObject publisher = signInDemo(srv, QStringLiteral("Ben Okafor"),
            testDevice(QStringLiteral("ben-device-2"), tessera::pass::generateKeyPair().publicKey));
        const QString benPublisher = publisher.value(QStringLiteral("accessToken")).toString();
        m_benTokens[kind].append(benPublisher);
        m_benRefresh[kind] = publisher.value(QStringLiteral("refreshToken")).toString();
        const HttpResult issued =
            httpRequest("GET", srv.url(QStringLiteral("/v1/pass")), {}, bearer(benPublisher));
        QCOMPARE(issued.status, 200);
        m_benPass[kind] = issued.json().value(QStringLiteral("passId")).toString();
        QVERIFY(!m_benPass.value(kind).isEmpty());
        const QString image = uploadOwn(srv, benPublisher, "Ben's team photo");
        QVERIFY(!image.isEmpty());
        QJsonObject own = NewsFixture::post(
            QStringLiteral("Welcome from Ben Okafor"), users({ benId, QStringLiteral("E1001") }));
        own.insert(QStringLiteral("body"), QStringLiteral("Greetings from Ben Okafor and team."));
        own.insert(QStringLiteral("image"), image);
        const QString ownPost = putOwn(srv, benPublisher, QStringLiteral("welcome"), own);
        QVERIFY(!ownPost.isEmpty());
        QCOMPARE(markRead(srv, asha, QStringList { ownPost }).status, 200);
        QJsonObject forOne = eventBody(
            kind, QStringLiteral("Coffee for one"), users({ benId, QStringLiteral("E1001") }));
        forOne.insert(QStringLiteral("capacity"), 1);
        const QString single = idOfEvent(srv, QStringLiteral("privacy-single"), forOne);
        QCOMPARE(rsvp(srv, ben, single, QStringLiteral("going")).status, 200);
        QCOMPARE(rsvp(srv, asha, single, QStringLiteral("going")).status, 200);
        QCOMPARE(detail(srv, asha, single).json().value(QStringLiteral("myAnswer")).toString(),
            QStringLiteral("waiting"));

        // The export: Ben's, only his.
        const HttpResult exported =
            httpRequest("GET", srv.url(QStringLiteral("/v1/privacy/export")), {}, bearer(ben));
        if (exported.status != 200)
            qWarning().noquote() << srv.output().right(3000);
        QVERIFY2(exported.status == 200, exported.body.constData());
        QVERIFY(exported.header("Content-Disposition").startsWith("attachment"));
        QVERIFY(fits(QStringLiteral("GET"), QStringLiteral("/v1/privacy/export"), exported));
        const QJsonObject document = exported.json();
        QCOMPARE(document.value(QStringLiteral("person")).toString(), benId);
        for (const QByteArray &other : { QByteArrayLiteral("Asha Rao"),
                 QByteArrayLiteral("asha-device-1"), QByteArrayLiteral("asha.rao") })
            QVERIFY2(!exported.body.contains(other), other.constData());
        QVERIFY(!exported.body.contains("Hm")); // the anonymous free text is no one's

        const PersonalSubject person { benId, benName, QStringLiteral("Ben Okafor"), {}, {} };
        const QJsonObject sections = document.value(QStringLiteral("sections")).toObject();
        // Secrets stay on the server: withheld, and said so.
        const QJsonObject profile = sections.value(QStringLiteral("profile")).toObject();
        QCOMPARE(profile.value(QStringLiteral("users")).toArray().size(), 1);
        const QJsonObject benRow =
            profile.value(QStringLiteral("users")).toArray().first().toObject();
        QCOMPARE(
            benRow.value(QStringLiteral("display_name")).toString(), QStringLiteral("Ben Okafor"));
        QVERIFY(!benRow.contains(QStringLiteral("password_hash")));
        for (const QJsonValue received : sections.value(QStringLiteral("inbox"))
                                             .toObject()
                                             .value(QStringLiteral("notifications"))
                                             .toArray())
            QVERIFY(!received.toObject().contains(QStringLiteral("callback_url")));
        for (const QJsonValue token : sections.value(QStringLiteral("signIns"))
                                          .toObject()
                                          .value(QStringLiteral("refresh_tokens"))
                                          .toArray())
            QVERIFY(!token.toObject().contains(QStringLiteral("token_hash")));
        QVERIFY(
            document.value(QStringLiteral("withheld"))
                .toArray()
                .contains(QJsonObject { { QStringLiteral("table"), QStringLiteral("users") },
                    { QStringLiteral("columns"), QJsonArray { QStringLiteral("password_hash") } },
                    { QStringLiteral("reason"), declared(QStringLiteral("users"))->reason } }));
        // What an erasure would keep is said, with the reason: his post, by "Former employee".
        QVERIFY(
            document.value(QStringLiteral("keptOnErasure"))
                .toArray()
                .contains(QJsonObject { { QStringLiteral("table"), QStringLiteral("news_posts") },
                    { QStringLiteral("reason"), declared(QStringLiteral("news_posts"))->kept } }));
        for (const PersonalTable &table : m_declared.tables()) {
            if (!table.exported)
                continue;
            const QJsonArray rows =
                sections.value(table.section).toObject().value(table.table).toArray();
            // The export's own request is logged after it answered.
            const QString itself = table.table == u"access_log"
                ? QStringLiteral(" AND endpoint <> '/v1/privacy/export'")
                : QString();
            const int stored = sqlInt(kind,
                QStringLiteral("SELECT COUNT(*) FROM %1 WHERE (%2)%3")
                    .arg(table.table, literalWhere(table, person), itself));
            QVERIFY2(rows.size() == stored,
                qPrintable(QStringLiteral("%1: exported %2 of %3 rows")
                               .arg(table.table)
                               .arg(rows.size())
                               .arg(stored)));
        }
        // What the scenario made is there.
        for (const QString &table :
            { QStringLiteral("users"), QStringLiteral("devices"), QStringLiteral("access_tokens"),
                QStringLiteral("inbox_items"), QStringLiteral("notifications"),
                QStringLiteral("news_reads"), QStringLiteral("news_posts"), QStringLiteral("media"),
                QStringLiteral("event_rsvps"), QStringLiteral("survey_answers"),
                QStringLiteral("survey_marks") }) {
            const PersonalTable *known = declared(table);
            QVERIFY2(known, qPrintable(table));
            QVERIFY2(!sections.value(known->section).toObject().value(table).toArray().isEmpty(),
                qPrintable(table));
        }

        // Every declaration names real tables and columns.
        const QStringList all = tables(kind);
        for (const PersonalTable &table : m_declared.tables()) {
            QVERIFY2(all.contains(table.table), qPrintable(table.table));
            const QStringList columns = columnsOf(kind, table.table);
            for (const QString &columnName : table.columns + table.withheld)
                QVERIFY2(columns.contains(columnName),
                    qPrintable(table.table + QLatin1Char('.') + columnName));
        }

        // Coverage: wherever Ben's id or username is stored, a feature declared it.
        const QStringList markers { benId, benName };
        for (const QString &table : all) {
            if (table == u"schema_migrations" || table == u"feature_migrations")
                continue;
            const PersonalTable *known = declared(table);
            const QStringList columns = columnsOf(kind, table);
            const QList<int> found = hitsPerColumn(kind, table, columns, markers);
            QCOMPARE(found.size(), columns.size() * markers.size());
            for (qsizetype i = 0; i < found.size(); ++i) {
                if (found.at(i) == 0)
                    continue;
                const QString &columnName = columns.at(i / markers.size());
                const QString &marker = markers.at(i % markers.size());
                QVERIFY2(known,
                    qPrintable(QStringLiteral("%1.%2 holds the person, and no feature declares"
                                              " %1 (app/personaldataregistry.cpp)")
                                   .arg(table, columnName)));
                if (known->columns.contains(columnName))
                    continue;
                // Not a declared column: only in rows the export gives.
                QVERIFY2(known->exported
                        && hits(kind, table, columnName, marker, literalWhere(*known, person)) == 0,
                    qPrintable(QStringLiteral("%1.%2 names the person outside the rows its"
                                              " feature declares")
                                   .arg(table, columnName)));
            }
        }
    }

    // After the export: Ben erased by every feature's declaration, through the server's own code
    // (the privacy role's approval calls it): then no table holds his id, username, name or
    // e-mail; the audit trail keeps a pseudonym; his post stays with its image, by "Former
    // employee", and Asha's delta says so; Asha moves up from the waiting list and is told; his
    // sessions and devices are gone; Asha's data is all there; and erasing him again changes
    // nothing and fails nothing.
    void erasureLeavesNoTrace_data() { addDatabaseKinds(); }
    void erasureLeavesNoTrace()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QJsonObject benAccount = demoAccount(srv, QStringLiteral("Ben Okafor"));
        const QString benId = benAccount.value(QStringLiteral("userId")).toString();
        const QString ashas =
            QStringLiteral("SELECT (SELECT COUNT(*) FROM news_reads WHERE user_id = 'E1001') +"
                           " (SELECT COUNT(*) FROM event_rsvps WHERE user_id = 'E1001') +"
                           " (SELECT COUNT(*) FROM survey_answers WHERE user_id = 'E1001')");
        const int ashasBefore = sqlInt(kind, ashas);
        QVERIFY(ashasBefore >= 4);
        QVERIFY(
            sqlInt(kind,
                QStringLiteral("SELECT COUNT(*) FROM news_posts WHERE author_id = '%1'").arg(benId))
            == 1);
        const QString asha =
            signIn(srv, QStringLiteral("Asha Rao"), QStringLiteral("asha-device-3"));
        const HttpResult before = news(srv, asha);
        const QString single =
            column(kind, QStringLiteral("SELECT id FROM events WHERE event_id = 'privacy-single'"))
                .value(0);
        QCOMPARE(detail(srv, asha, single).json().value(QStringLiteral("myAnswer")).toString(),
            QStringLiteral("waiting"));

        PersonalSubject person;
        QVERIFY(eraseOnServer(kind, benId, &person));
        const QStringList markers { benId, benAccount.value(QStringLiteral("username")).toString(),
            QStringLiteral("Ben Okafor"), QStringLiteral("ben.okafor@") };
        const QStringList found = markersFound(kind, markers);
        QVERIFY2(found.isEmpty(), qPrintable(found.join(u'\n')));
        QCOMPARE(sqlInt(kind, ashas), ashasBefore);

        // His post stays for its readers, by "Former employee", with its image: Asha's delta
        // brings it again without his name.
        const HttpResult after = news(srv, asha, cursorOf(before));
        QCOMPARE(after.status, 200);
        QVERIFY(!after.body.contains("Ben Okafor"));
        const QString postId =
            column(kind, QStringLiteral("SELECT id FROM news_posts WHERE post_id = 'welcome'"))
                .value(0);
        const QJsonObject kept = postIn(after, postId);
        QCOMPARE(kept.value(QStringLiteral("source")).toObject().value(QStringLiteral("name")),
            QJsonValue(formerEmployee()));
        QCOMPARE(kept.value(QStringLiteral("title")).toString(),
            QStringLiteral("Welcome from ") + formerEmployee());
        const HttpResult photo = httpRequest("GET",
            srv.url(QUrl(kept.value(QStringLiteral("image")).toString()).path()), {}, bearer(asha));
        QCOMPARE(photo.status, 200);
        QVERIFY(photo.body.endsWith("Ben's team photo"));

        // Asha had the waiting place: going now, and told so by the inbox.
        QCOMPARE(detail(srv, asha, single).json().value(QStringLiteral("myAnswer")).toString(),
            QStringLiteral("going"));
        QTRY_VERIFY_WITH_TIMEOUT(
            inboxTitles(srv, asha).contains(QStringLiteral("You have a place: Coffee for one")),
            20000);

        // Signed out everywhere: his tokens open nothing, his refresh token renews nothing, no
        // device of his is left, and his pass is revoked.
        for (const QString &token : m_benTokens.value(kind))
            QCOMPARE(
                httpRequest("GET", srv.url(QStringLiteral("/v1/me")), {}, bearer(token)).status,
                401);
        QCOMPARE(httpRequest("POST", srv.url(QStringLiteral("/v1/auth/refresh")),
                     compactJson(QJsonObject {
                         { QStringLiteral("refreshToken"), m_benRefresh.value(kind) } }))
                     .status,
            401);
        QCOMPARE(sqlInt(kind,
                     QStringLiteral("SELECT (SELECT COUNT(*) FROM devices WHERE user_id = '%1') +"
                                    " (SELECT COUNT(*) FROM access_tokens WHERE user_id = '%1') +"
                                    " (SELECT COUNT(*) FROM refresh_tokens WHERE user_id = '%1')")
                         .arg(benId)),
            0);

        // His pass is on the revocation list the scanners sync.
        QStringList revoked;
        for (const QJsonValue entry : httpRequest("GET", srv.url(QStringLiteral("/v1/revocations")),
                 {}, bearer(signIn(srv, QStringLiteral("Sam Guard"))))
                                          .json()
                                          .value(QStringLiteral("revoked"))
                                          .toArray())
            revoked.append(entry.toObject().value(QStringLiteral("passId")).toString());
        QVERIFY2(revoked.contains(m_benPass.value(kind)), qPrintable(revoked.join(u' ')));

        // Again, after a crash say: it succeeds and changes nothing.
        const QByteArray digest = erasedTablesDigest(kind);
        PersonalSubject again = person;
        QVERIFY(eraseOnServer(kind, benId, &again));
        QVERIFY(again.pseudonym != person.pseudonym);
        QCOMPARE(erasedTablesDigest(kind), digest);
    }

    void onlyThePersonsOwn_data() { addDatabaseKinds(); }
    void onlyThePersonsOwn()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        // No token: 401; a sub-system's key: refused (the export is a person's).
        QCOMPARE(httpRequest("GET", srv.url(QStringLiteral("/v1/privacy/export"))).status, 401);
        const HttpResult byKey = httpRequest(
            "GET", srv.url(QStringLiteral("/v1/privacy/export")), {}, bearer(demoKey(srv)));
        QVERIFY2(byKey.status == 401 || byKey.status == 403, byKey.body.constData());
        // Other people's ids in the query change nothing: the route takes no one's id.
        const QString asha =
            signIn(srv, QStringLiteral("Asha Rao"), QStringLiteral("asha-device-2"));
        QUrl withQuery = srv.url(QStringLiteral("/v1/privacy/export"));
        withQuery.setQuery(QStringLiteral("user=E1002"));
        const HttpResult own = httpRequest("GET", withQuery, {}, bearer(asha));
        QVERIFY2(own.status == 200, own.body.constData());
        QCOMPARE(own.json().value(QStringLiteral("person")).toString(), QStringLiteral("E1001"));
    }
};

QTEST_GUILESS_MAIN(TestPrivacyExport)
#include "tst_privacy_export.moc"
