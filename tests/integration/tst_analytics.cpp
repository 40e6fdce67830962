// Analytics with consent against the real server (SQLite and PostgreSQL):
// - a batch is accepted (202) and its events are added to the daily counts the admin reads
//   (GET /v1/admin/analytics), summed across batches and installations; a person may not read;
// - a bad batch (not JSON, unknown fields, a wrong field of any event, over 500 events) is 400 or
//   422 and stores nothing, raw or counted;
// - DELETE /v1/analytics/installations/{id} drops that installation's raw events only;
// - raw events are deleted by the retention job once older than 7 days (--clock-file), the
//   daily counts stay;
// - no column of any analytics table holds the sender's user id, and the access log names no
//   one for the events and installation routes (the same person's settings read names them:
//   the check is not vacuous).
#include "surveysfixture.h"

#include <QRandomGenerator>

using namespace tessera::test;

class TestAnalytics : public QObject, protected SurveysFixture
{
    Q_OBJECT

    struct Person
    {
        QString id;
        QString token;
    };

    Person signInPerson(const ServerProcess &srv, const QString &name)
    {
        const QJsonObject answer = signInDemo(srv, name, testDevice(QStringLiteral("analytics")));
        return {
            answer.value(QStringLiteral("user")).toObject().value(QStringLiteral("id")).toString(),
            answer.value(QStringLiteral("accessToken")).toString()
        };
    }

    // A fresh installation id as an app makes one (22+ url-safe characters).
    static QString installation()
    {
        QByteArray bytes(24, Qt::Uninitialized);
        QRandomGenerator::system()->fillRange(
            reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / 4);
        return QString::fromLatin1(
            bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    }

    QString today(const QString &kind)
    {
        return serverNow(kind).toUTC().date().toString(Qt::ISODate);
    }

    static QJsonObject event(const QString &day, const QString &kind, const QString &name,
        qint64 count = 1, const QString &platform = QStringLiteral("linux"))
    {
        return QJsonObject { { QStringLiteral("day"), day }, { QStringLiteral("kind"), kind },
            { QStringLiteral("name"), name }, { QStringLiteral("platform"), platform },
            { QStringLiteral("appVersion"), QStringLiteral("1.4.0") },
            { QStringLiteral("count"), count } };
    }

    static HttpResult postRaw(
        const ServerProcess &srv, const QString &token, const QByteArray &body)
    {
        return httpRequest(
            "POST", srv.url(QStringLiteral("/v1/analytics/events")), body, bearer(token));
    }

    static HttpResult post(const ServerProcess &srv, const QString &token,
        const QString &installationId, const QJsonArray &events)
    {
        return postRaw(srv, token,
            compactJson(QJsonObject { { QStringLiteral("installationId"), installationId },
                { QStringLiteral("events"), events } }));
    }

    static HttpResult adminRead(
        const ServerProcess &srv, const QString &token, const QString &query = {})
    {
        QUrl url = srv.url(QStringLiteral("/v1/admin/analytics"));
        if (!query.isEmpty())
            url.setQuery(query);
        return httpRequest("GET", url, {}, bearer(token));
    }

    // The admin read's count of (day, kind, name, platform); 0 when absent.
    static qint64 countIn(const HttpResult &read, const QString &day, const QString &kind,
        const QString &name, const QString &platform = QStringLiteral("linux"))
    {
        for (const auto &each : read.json().value(QStringLiteral("days")).toArray()) {
            const QJsonObject row = each.toObject();
            if (row.value(QStringLiteral("day")).toString() == day
                && row.value(QStringLiteral("kind")).toString() == kind
                && row.value(QStringLiteral("name")).toString() == name
                && row.value(QStringLiteral("platform")).toString() == platform)
                return row.value(QStringLiteral("count")).toInteger();
        }
        return 0;
    }

    int rawOf(const QString &kind, const QString &installationId)
    {
        return sqlInt(kind,
            QStringLiteral("SELECT COUNT(*) FROM analytics_events WHERE installation_id = '%1'")
                .arg(installationId));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString problem;
        QVERIFY2(startStages(QStringLiteral("analytics"), &problem), qPrintable(problem));
    }

    void cleanupTestCase()
    {
        m_stages.clear();
        m_postgres.stop();
    }

    void ingestToCounts_data() { addDatabaseKinds(); }
    void ingestToCounts()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const Person ben = signInPerson(srv, QStringLiteral("Ben Okafor"));
        const Person admin = signInPerson(srv, QStringLiteral("Tessera Admin"));
        QVERIFY(!ben.token.isEmpty() && !admin.token.isEmpty());

        const HttpResult settings = httpRequest(
            "GET", srv.url(QStringLiteral("/v1/analytics/settings")), {}, bearer(ben.token));
        QCOMPARE(settings.status, 200);
        QVERIFY(fits(QStringLiteral("GET"), QStringLiteral("/v1/analytics/settings"), settings));
        QCOMPARE(settings.json().value(QStringLiteral("defaultConsent")).toBool(false), true);

        const QString day = today(kind);
        const QString first = installation();
        const QString second = installation();
        const HttpResult accepted = post(srv, ben.token, first,
            QJsonArray { event(day, QStringLiteral("screen"), QStringLiteral("inbox"), 3),
                event(day, QStringLiteral("feature"), QStringLiteral("pass.show")),
                event(day, QStringLiteral("error"), QStringLiteral("sync.failed"), 2) });
        QCOMPARE(accepted.status, 202);
        QVERIFY(fits(QStringLiteral("POST"), QStringLiteral("/v1/analytics/events"), accepted));
        QCOMPARE(post(srv, ben.token, second,
                     QJsonArray { event(day, QStringLiteral("screen"), QStringLiteral("inbox"), 4),
                         event(day, QStringLiteral("screen"), QStringLiteral("inbox"), 1,
                             QStringLiteral("android")) })
                     .status,
            202);
        QCOMPARE(rawOf(kind, first), 3);
        QCOMPARE(rawOf(kind, second), 2);

        const HttpResult read =
            adminRead(srv, admin.token, QStringLiteral("from=%1&to=%1").arg(day));
        QCOMPARE(read.status, 200);
        QVERIFY(fits(QStringLiteral("GET"), QStringLiteral("/v1/admin/analytics"), read));
        QCOMPARE(countIn(read, day, QStringLiteral("screen"), QStringLiteral("inbox")), 7);
        QCOMPARE(countIn(read, day, QStringLiteral("screen"), QStringLiteral("inbox"),
                     QStringLiteral("android")),
            1);
        QCOMPARE(countIn(read, day, QStringLiteral("feature"), QStringLiteral("pass.show")), 1);
        QCOMPARE(countIn(read, day, QStringLiteral("error"), QStringLiteral("sync.failed")), 2);
        // The default window (the last 30 days) holds today too.
        QCOMPARE(countIn(adminRead(srv, admin.token), day, QStringLiteral("screen"),
                     QStringLiteral("inbox")),
            7);

        // A person is no admin; a window the wrong way round is refused.
        QCOMPARE(adminRead(srv, ben.token).status, 403);
        QCOMPARE(
            adminRead(srv, admin.token, QStringLiteral("from=2026-12-02&to=2026-12-01")).status,
            400);
        QCOMPARE(adminRead(srv, admin.token, QStringLiteral("from=yesterday")).status, 400);
        // Signed out: no batch.
        QCOMPARE(postRaw(srv, QStringLiteral("not-a-token"), "{}").status, 401);
    }

    void badBatchesStoreNothing_data() { addDatabaseKinds(); }
    void badBatchesStoreNothing()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const Person ben = signInPerson(srv, QStringLiteral("Ben Okafor"));
        const QString id = installation();
        const QString day = today(kind);
        const auto good = [&] { return event(day, QStringLiteral("screen"), QStringLiteral("x")); };
        const auto with = [&](const QString &field, const QJsonValue &value) {
            QJsonObject one = good();
            one.insert(field, value);
            return one;
        };
        const auto batch = [&](const QJsonArray &events, const QString &installationId) {
            return compactJson(QJsonObject { { QStringLiteral("installationId"), installationId },
                { QStringLiteral("events"), events } });
        };
        QJsonArray tooMany;
        for (int i = 0; i < 501; ++i)
            tooMany.append(good());
        QJsonObject extra = good();
        extra.insert(QStringLiteral("userId"), ben.id);
        const QList<std::pair<QByteArray, int>> bodies {
            { "not json", 400 },
            { "[]", 400 },
            { batch(QJsonArray { good() }, QStringLiteral("short")), 422 },
            { batch(QJsonArray { good() }, id + QStringLiteral("!")), 422 },
            { batch(QJsonArray {}, id), 422 },
            { batch(tooMany, id), 422 },
            { batch(QJsonArray { good(), extra }, id), 422 },
            { batch(
                  QJsonArray { good(), with(QStringLiteral("kind"), QStringLiteral("click")) }, id),
                422 },
            { batch(QJsonArray { with(QStringLiteral("name"), QStringLiteral("Inbox")) }, id),
                422 },
            { batch(QJsonArray { with(QStringLiteral("name"), QString(65, u'a')) }, id), 422 },
            { batch(QJsonArray { with(QStringLiteral("count"), 0) }, id), 422 },
            { batch(QJsonArray { with(QStringLiteral("count"), 10001) }, id), 422 },
            { batch(QJsonArray { with(QStringLiteral("count"), 1.5) }, id), 422 },
            { batch(QJsonArray { with(QStringLiteral("count"), QStringLiteral("1")) }, id), 422 },
            { batch(QJsonArray { with(QStringLiteral("day"), QStringLiteral("2026-02-30")) }, id),
                422 },
            { batch(QJsonArray { with(QStringLiteral("day"),
                        serverNow(kind).addDays(5).date().toString(Qt::ISODate)) },
                  id),
                422 },
            { batch(QJsonArray { with(QStringLiteral("platform"), QString()) }, id), 422 },
            { batch(
                  QJsonArray { with(QStringLiteral("appVersion"), QStringLiteral("1.0 <b>")) }, id),
                422 },
        };
        const int dailyBefore =
            sqlInt(kind, QStringLiteral("SELECT COUNT(*) FROM analytics_daily"));
        const int rawBefore = sqlInt(kind, QStringLiteral("SELECT COUNT(*) FROM analytics_events"));
        for (const auto &[body, status] : bodies) {
            const HttpResult refused = postRaw(srv, ben.token, body);
            QVERIFY2(refused.status == status,
                qPrintable(
                    QStringLiteral("%1 for %2: %3")
                        .arg(refused.status)
                        .arg(QString::fromUtf8(body.left(120)), QString::fromUtf8(refused.body))));
            QVERIFY(!refused.json()
                         .value(QStringLiteral("error"))
                         .toObject()
                         .value(QStringLiteral("message"))
                         .toString()
                         .isEmpty());
        }
        QCOMPARE(sqlInt(kind, QStringLiteral("SELECT COUNT(*) FROM analytics_daily")), dailyBefore);
        QCOMPARE(sqlInt(kind, QStringLiteral("SELECT COUNT(*) FROM analytics_events")), rawBefore);
        // The same installation's good batch goes in (the refusals were the bodies' fault).
        QCOMPARE(post(srv, ben.token, id, QJsonArray { good() }).status, 202);
        QCOMPARE(rawOf(kind, id), 1);
    }

    void dropInstallation_data() { addDatabaseKinds(); }
    void dropInstallation()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const Person ben = signInPerson(srv, QStringLiteral("Ben Okafor"));
        const Person admin = signInPerson(srv, QStringLiteral("Tessera Admin"));
        const QString day = today(kind);
        const QString dropped = installation();
        const QString kept = installation();
        const QJsonArray events { event(
            day, QStringLiteral("feature"), QStringLiteral("drop.me"), 5) };
        QCOMPARE(post(srv, ben.token, dropped, events).status, 202);
        QCOMPARE(post(srv, ben.token, kept, events).status, 202);
        const HttpResult gone =
            httpRequest("DELETE", srv.url(QStringLiteral("/v1/analytics/installations/") + dropped),
                {}, bearer(ben.token));
        QCOMPARE(gone.status, 204);
        QCOMPARE(rawOf(kind, dropped), 0);
        QCOMPARE(rawOf(kind, kept), 1);
        // The counts name no installation and stay.
        QCOMPARE(countIn(adminRead(srv, admin.token), day, QStringLiteral("feature"),
                     QStringLiteral("drop.me")),
            10);
        QCOMPARE(
            httpRequest("DELETE", srv.url(QStringLiteral("/v1/analytics/installations/bad!id")), {},
                bearer(ben.token))
                .status,
            400);
    }

    void noUserIdStored_data() { addDatabaseKinds(); }
    void noUserIdStored()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const Person ben = signInPerson(srv, QStringLiteral("Ben Okafor"));
        QVERIFY(!ben.id.isEmpty());
        QCOMPARE(post(srv, ben.token, installation(),
                     QJsonArray { event(
                         today(kind), QStringLiteral("screen"), QStringLiteral("scan.check")) })
                     .status,
            202);
        const QStringList tables = tablesLike(kind, QStringLiteral("analytics%"));
        QCOMPARE(tables.size(), 2);
        for (const QString &table : tables) {
            QVERIFY(sqlInt(kind, QStringLiteral("SELECT COUNT(*) FROM %1").arg(table)) > 0);
            for (const QString &column : columnsOf(kind, table)) {
                QVERIFY2(sqlInt(kind,
                             QStringLiteral("SELECT COUNT(*) FROM %1 WHERE CAST(%2 AS TEXT)"
                                            " LIKE '%%3%'")
                                 .arg(table, column, ben.id))
                        == 0,
                    qPrintable(table + u'.' + column));
            }
        }
        // The access log: the events and installation routes name no one (a request without a
        // valid token, 401 before any route runs, is logged with its address as on every
        // route: it carries no one to name); the settings read (the same people) does.
        for (const QString &endpoint : { QStringLiteral("/v1/analytics/events"),
                 QStringLiteral("/v1/analytics/installations/{id}") }) {
            QTRY_VERIFY_WITH_TIMEOUT(
                sqlInt(kind,
                    QStringLiteral("SELECT COUNT(*) FROM access_log WHERE endpoint = '%1'")
                        .arg(endpoint))
                    > 0,
                10000);
            QCOMPARE(sqlInt(kind,
                         QStringLiteral("SELECT COUNT(*) FROM access_log WHERE endpoint = '%1' AND"
                                        " status <> 401 AND (user_id IS NOT NULL OR device_id IS "
                                        "NOT NULL OR client_ip <> '')")
                             .arg(endpoint)),
                0);
        }
        QTRY_VERIFY_WITH_TIMEOUT(
            sqlInt(kind,
                QStringLiteral("SELECT COUNT(*) FROM access_log WHERE endpoint ="
                               " '/v1/analytics/settings' AND user_id = '%1'")
                    .arg(ben.id))
                > 0,
            10000);
    }

    // Last: it moves the server's clock on.
    void rawEventsExpire_data() { addDatabaseKinds(); }
    void rawEventsExpire()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const Person ben = signInPerson(srv, QStringLiteral("Ben Okafor"));
        const QString day = today(kind);
        const QString id = installation();
        QCOMPARE(post(srv, ben.token, id,
                     QJsonArray { event(day, QStringLiteral("screen"), QStringLiteral("old"), 2) })
                     .status,
            202);
        QCOMPARE(rawOf(kind, id), 1);
        // 6 days on: kept.
        QVERIFY(moveClock(kind, qint64(6) * 86400));
        QTest::qWait(5000);
        QCOMPARE(rawOf(kind, id), 1);
        // 8 days on: the retention job deletes every raw event, the counts stay.
        QVERIFY(moveClock(kind, qint64(2) * 86400));
        QTRY_COMPARE_WITH_TIMEOUT(
            sqlInt(kind, QStringLiteral("SELECT COUNT(*) FROM analytics_events")), 0, 20000);
        // Signed in after the move (a token of 8 days ago has expired).
        const Person admin = signInPerson(srv, QStringLiteral("Tessera Admin"));
        QCOMPARE(countIn(adminRead(srv, admin.token, QStringLiteral("from=%1&to=%1").arg(day)), day,
                     QStringLiteral("screen"), QStringLiteral("old")),
            2);
    }
};

QTEST_GUILESS_MAIN(TestAnalytics)
#include "tst_analytics.moc"
