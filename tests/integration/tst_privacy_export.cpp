// A person's export against the real server (SQLite and PostgreSQL), and the coverage of what
// each feature declares it holds about a person (DESIGN.md, "People's data"; decision 9): Ben
// signs in, decides a notification, reads a post, answers an event, a named and an anonymous
// survey; Asha does some of it too. Then
// - GET /v1/privacy/export gives Ben, and only Ben, every declared table's rows of his, with no
//   secret column, and as many rows per table as the database holds for him;
// - every text of every column of every table is searched for Ben's id and username: a table
//   that holds them must be declared by some feature, and a hit in a column no feature declared
//   must be in a row the export gives. A new table naming people without a declaration fails;
// - erasing Ben by every feature's declaration leaves no table holding his id, username, name or
//   e-mail, ends his sessions, and leaves Asha's data as it was.
#include "app/personaldataregistry.h"
#include "eventsfixture.h"
#include "privacy/personaldata.h"
#include "surveysfixture.h"

#include <QUuid>

using namespace tessera::server;
using namespace tessera::test;

class TestPrivacyExport : public QObject, protected SurveysFixture, protected EventsFixture
{
    Q_OBJECT

    PersonalData m_declared;
    QMap<QString, QString> m_benTokens; // by database kind: Ben's token from the scenario

    static QByteArray newKey() { return QUuid::createUuid().toByteArray(QUuid::WithoutBraces); }

    QStringList tables(const QString &kind) { return tablesLike(kind, QStringLiteral("%")); }

    // Rows of table where column's text holds marker.
    int hits(const QString &kind, const QString &table, const QString &columnName,
        const QString &marker, const QString &andWhere = {})
    {
        QString statement = QStringLiteral("SELECT COUNT(*) FROM %1 WHERE CAST(%2 AS TEXT) LIKE"
                                           " '%%3%'")
                                .arg(table, columnName, marker);
        if (!andWhere.isEmpty())
            statement += QStringLiteral(" AND NOT (%1)").arg(andWhere);
        return sqlInt(kind, statement);
    }

    // For each column, then each marker: how many rows of table hold it (one statement).
    QList<int> hitsPerColumn(const QString &kind, const QString &table, const QStringList &columns,
        const QStringList &markers)
    {
        QStringList terms;
        for (const QString &columnName : columns)
            for (const QString &marker : markers)
                terms.append(
                    QStringLiteral("COUNT(CASE WHEN CAST(%1 AS TEXT) LIKE '%%2%' THEN 1 END)")
                        .arg(columnName, marker));
        QList<int> counts;
        for (const QVariant &value :
            rows(kind, QStringLiteral("SELECT %1 FROM %2").arg(terms.join(u','), table)).value(0))
            counts.append(value.toInt());
        return counts;
    }

    // The declared WHERE of a table with the person's values written in (test data only).
    static QString literalWhere(const PersonalTable &table, const PersonalSubject &person)
    {
        QVariantList values;
        QString where = PersonalData::whereOf(table, person, &values);
        for (const QVariant &value : values)
            where.replace(where.indexOf(QStringLiteral("CAST(? AS TEXT)")), 15,
                QLatin1Char('\'') + value.toString() + QLatin1Char('\''));
        return where;
    }

    QSqlDatabase openDirect(const QString &kind, const QString &connection)
    {
        QSqlDatabase db;
        const QString url = stage(kind).database;
        if (url.isEmpty()) {
            db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
            db.setDatabaseName(QDir(server(kind).dataDir()).filePath(QStringLiteral("tessera.db")));
        } else {
            const QUrl parsed(url);
            db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
            db.setHostName(parsed.host());
            db.setPort(parsed.port());
            db.setUserName(parsed.userName());
            db.setDatabaseName(parsed.path().mid(1));
        }
        db.open();
        return db;
    }

    const PersonalTable *declared(const QString &table) const
    {
        for (const PersonalTable &known : m_declared.tables())
            if (known.table == table)
                return &known;
        return nullptr;
    }

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
        m_benTokens[kind] = ben;
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
                QStringLiteral("news_reads"), QStringLiteral("event_rsvps"),
                QStringLiteral("survey_answers"), QStringLiteral("survey_marks") }) {
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

    // After the export: Ben erased straight on the database by every feature's declaration (the
    // privacy role's approval will call it); then no table holds his id, username, name or
    // e-mail, the audit trail keeps a pseudonym, and Asha's data is all there.
    void erasureLeavesNoTrace_data() { addDatabaseKinds(); }
    void erasureLeavesNoTrace()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QJsonObject benAccount = demoAccount(srv, QStringLiteral("Ben Okafor"));
        const QString benId = benAccount.value(QStringLiteral("userId")).toString();
        const int ashasBefore = sqlInt(kind,
            QStringLiteral("SELECT (SELECT COUNT(*) FROM news_reads WHERE user_id = 'E1001') +"
                           " (SELECT COUNT(*) FROM event_rsvps WHERE user_id = 'E1001') +"
                           " (SELECT COUNT(*) FROM survey_answers WHERE user_id = 'E1001')"));
        QVERIFY(ashasBefore >= 3);
        QVERIFY(
            sqlInt(kind,
                QStringLiteral("SELECT COUNT(*) FROM news_reads WHERE user_id = '%1'").arg(benId))
            > 0);

        const QString connection = QStringLiteral("erasure");
        {
            QSqlDatabase db = openDirect(kind, connection);
            QVERIFY2(db.isOpen(), qPrintable(db.lastError().text()));
            std::optional<PersonalSubject> person = PersonalData::subject(db, benId);
            QVERIFY(person && person->userId == benId);
            person->pseudonym =
                QStringLiteral("erased_") + QUuid::createUuid().toString(QUuid::Id128).left(16);
            person->now = rfc3339(serverNow(kind));
            QVERIFY(db.transaction());
            QVERIFY(m_declared.erase(db, *person));
            QVERIFY(db.commit());
            db.close();
        }
        QSqlDatabase::removeDatabase(connection);

        const QStringList markers { benId, benAccount.value(QStringLiteral("username")).toString(),
            QStringLiteral("Ben Okafor"), QStringLiteral("ben.okafor@") };
        for (const QString &table : tables(kind)) {
            const QStringList columns = columnsOf(kind, table);
            const QList<int> found = hitsPerColumn(kind, table, columns, markers);
            for (qsizetype i = 0; i < found.size(); ++i)
                QVERIFY2(found.at(i) == 0,
                    qPrintable(QStringLiteral("%1.%2 still holds %3: %4")
                                   .arg(table, columns.at(i / markers.size()),
                                       markers.at(i % markers.size()),
                                       column(kind,
                                           QStringLiteral("SELECT CAST(%1 AS TEXT) FROM %2 WHERE"
                                                          " CAST(%1 AS TEXT) LIKE '%%3%'")
                                               .arg(columns.at(i / markers.size()), table,
                                                   markers.at(i % markers.size())))
                                           .join(QLatin1Char('\n')))));
        }
        QCOMPARE(sqlInt(kind,
                     QStringLiteral("SELECT (SELECT COUNT(*) FROM news_reads WHERE user_id ="
                                    " 'E1001') + (SELECT COUNT(*) FROM event_rsvps WHERE user_id"
                                    " = 'E1001') + (SELECT COUNT(*) FROM survey_answers WHERE"
                                    " user_id = 'E1001')")),
            ashasBefore);
        // Signed out everywhere: his token no longer opens anything.
        QCOMPARE(httpRequest(
                     "GET", srv.url(QStringLiteral("/v1/me")), {}, bearer(m_benTokens.value(kind)))
                     .status,
            401);
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
