// Home cards' sub-system API against the real server (SQLite and PostgreSQL): put, replace (the
// version bumps), list and delete; the 64 KiB body limit; every refusal (card, audience, fields)
// with the JSON path of its first problem and nothing stored after it; the cards:write scope; the
// key's allowed card hosts, set by an admin.
#include "cardsfixture.h"
#include "serversql.h"

#include <memory>

using namespace tessera::test;

class TestHomeCards : public QObject, protected CardsFixture
{
    Q_OBJECT

    // The servers of refusalsNameThePathAndStoreNothing, by database kind.
    QHash<QString, std::shared_ptr<ServerProcess>> m_refusalServers;
    QHash<QString, QString> m_refusalDatabases;

    // How many card rows the server's database holds.
    int storedCards(const ServerProcess &server, const QString &database) const
    {
        return runServerSql(
            server.dataDir(), database, QStringLiteral("SELECT COUNT(*) FROM cards"))
            .value.toInt();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
    }

    void cleanupTestCase() { m_refusalServers.clear(); }

    void putReplaceListDelete_data() { addDatabaseKinds(); }
    void putReplaceListDelete()
    {
        QFETCH(QString, kind);
        const ServerProcess::Options opts = options(kind);
        ServerProcess server;
        QVERIFY2(server.start(opts), qPrintable(server.error()));
        const QString ben = signIn(server, QStringLiteral("Ben Okafor"));

        const HttpResult created = putCard(server, QStringLiteral("leave-balance.E1002"),
            cardBody(textCard(QStringLiteral("Annual leave: **12** days")),
                audienceOf(QStringLiteral("users"), { QStringLiteral("E1002") })));
        QCOMPARE(created.status, 201);
        const QString one = QStringLiteral("/v1/subsystem/cards/{cardId}");
        QVERIFY(fits(QStringLiteral("PUT"), one, created));
        const QString id = created.json().value(QStringLiteral("id")).toString();
        QVERIFY(!id.isEmpty());
        QCOMPARE(created.json().value(QStringLiteral("cardId")).toString(),
            QStringLiteral("leave-balance.E1002"));
        QCOMPARE(created.json().value(QStringLiteral("version")).toInt(), 1);
        QVERIFY(!created.json().value(QStringLiteral("updatedAt")).toString().isEmpty());

        const HttpResult first = homeCards(server, ben);
        QCOMPARE(first.status, 200);
        QVERIFY(fits(QStringLiteral("GET"), QStringLiteral("/v1/cards"), first));
        QCOMPARE(idsOf(first), QStringList { id });
        const QJsonObject shown =
            first.json().value(QStringLiteral("cards")).toArray().first().toObject();
        QCOMPARE(shown.value(QStringLiteral("source")).toObject().value(QStringLiteral("name")),
            QJsonValue(QStringLiteral("demo-hr")));
        QCOMPARE(shown.value(QStringLiteral("order")).toInt(), 0);
        QVERIFY(shown.value(QStringLiteral("expiresAt")).isNull());
        QCOMPARE(shown.value(QStringLiteral("card")).toObject(),
            textCard(QStringLiteral("Annual leave: **12** days")));
        QCOMPARE(first.json().value(QStringLiteral("more")).toBool(), false);
        const QString cursor = first.json().value(QStringLiteral("cursor")).toString();
        QVERIFY(cursor.toLongLong() > 0);

        // Replaced in place: the same id, the next version, 200.
        QJsonObject replacement = cardBody(textCard(QStringLiteral("Annual leave: **9** days")),
            audienceOf(QStringLiteral("users"), { QStringLiteral("E1002") }));
        replacement.insert(QStringLiteral("order"), -5);
        replacement.insert(QStringLiteral("expiresAt"), QStringLiteral("2026-12-31T00:00:00Z"));
        const HttpResult replaced =
            putCard(server, QStringLiteral("leave-balance.E1002"), replacement);
        QCOMPARE(replaced.status, 200);
        QVERIFY(fits(QStringLiteral("PUT"), one, replaced));
        QCOMPARE(replaced.json().value(QStringLiteral("id")).toString(), id);
        QCOMPARE(replaced.json().value(QStringLiteral("version")).toInt(), 2);
        const HttpResult delta = homeCards(server, ben, cursor);
        QCOMPARE(idsOf(delta), QStringList { id });
        const QJsonObject changed =
            delta.json().value(QStringLiteral("cards")).toArray().first().toObject();
        QCOMPARE(changed.value(QStringLiteral("version")).toInt(), 2);
        QCOMPARE(changed.value(QStringLiteral("order")).toInt(), -5);
        QCOMPARE(changed.value(QStringLiteral("expiresAt")).toString(),
            QStringLiteral("2026-12-31T00:00:00Z"));
        QVERIFY(removedOf(delta).isEmpty());

        // The key's list.
        const HttpResult listed = keyCards(server);
        QCOMPARE(listed.status, 200);
        QVERIFY(fits(QStringLiteral("GET"), QStringLiteral("/v1/subsystem/cards"), listed));
        const QJsonArray cards = listed.json().value(QStringLiteral("cards")).toArray();
        QCOMPARE(cards.size(), 1);
        const QJsonObject entry = cards.first().toObject();
        QCOMPARE(entry.value(QStringLiteral("id")).toString(), id);
        QCOMPARE(entry.value(QStringLiteral("cardId")).toString(),
            QStringLiteral("leave-balance.E1002"));
        QCOMPARE(entry.value(QStringLiteral("audience")).toObject(),
            audienceOf(QStringLiteral("users"), { QStringLiteral("E1002") }));
        QCOMPARE(entry.value(QStringLiteral("version")).toInt(), 2);

        // Deleted: 204, then 404; gone from the list and removed in the delta.
        const QString afterReplace = delta.json().value(QStringLiteral("cursor")).toString();
        QCOMPARE(deleteCard(server, QStringLiteral("leave-balance.E1002")).status, 204);
        const HttpResult again = deleteCard(server, QStringLiteral("leave-balance.E1002"));
        QCOMPARE(again.status, 404);
        QCOMPARE(errorCode(again), QStringLiteral("not_found"));
        QVERIFY(fits(QStringLiteral("DELETE"), one, again));
        QCOMPARE(deleteCard(server, QStringLiteral("never-put")).status, 404);
        QVERIFY(keyCards(server).json().value(QStringLiteral("cards")).toArray().isEmpty());
        const HttpResult afterDelete = homeCards(server, ben, afterReplace);
        QVERIFY(idsOf(afterDelete).isEmpty());
        QCOMPARE(removedOf(afterDelete), QStringList { id });
        QVERIFY(fits(QStringLiteral("GET"), QStringLiteral("/v1/cards"), afterDelete));
        QVERIFY(idsOf(homeCards(server, ben)).isEmpty());

        // Put again after its deletion: new (201), under the id the apps knew.
        const HttpResult back = putCard(server, QStringLiteral("leave-balance.E1002"),
            cardBody(textCard(QStringLiteral("Back")), everyone()));
        QCOMPARE(back.status, 201);
        QCOMPARE(back.json().value(QStringLiteral("id")).toString(), id);
        QCOMPARE(back.json().value(QStringLiteral("version")).toInt(), 4);

        // Bad ids and cursors.
        QCOMPARE(putCard(server, QStringLiteral("has%20space"),
                     cardBody(textCard(QStringLiteral("x")), everyone()))
                     .status,
            400);
        QCOMPARE(putCard(server, QString(65, QLatin1Char('a')),
                     cardBody(textCard(QStringLiteral("x")), everyone()))
                     .status,
            400);
        QCOMPARE(homeCards(server, ben, QStringLiteral("abc")).status, 400);
        QCOMPARE(homeCards(server, ben, QStringLiteral("-1")).status, 400);
    }

    void refusalsNameThePathAndStoreNothing_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("path");
        const QByteArray text = "{\"type\":\"TextBlock\",\"text\":\"Hi\"}";
        const QByteArray audience = "\"audience\":{\"everyone\":true}";
        const auto card = [&](const QByteArray &elements) -> QByteArray {
            return "{\"card\":{\"type\":\"AdaptiveCard\",\"version\":\"1.5\",\"body\":[" + elements
                + "]}," + audience + "}";
        };
        struct Row
        {
            const char *name;
            QByteArray body;
            const char *code;
            const char *path;
        };
        const QList<Row> rows {
            { "http image",
                card(text + ",{\"type\":\"Image\",\"url\":\"http://cdn.example.com/a.png\"}"),
                "invalid_card", "$.card.body[1].url" },
            { "host not allowed",
                card(text + ",{\"type\":\"Image\",\"url\":\"https://tracker.example.com/p.gif\"}"),
                "invalid_card", "$.card.body[1].url" },
            { "duplicate input ids",
                card("{\"type\":\"Input.Text\",\"id\":\"a\"},{\"type\":\"Input.Text\",\"id\":"
                     "\"a\"}"),
                "invalid_card", "$.card.body[1].id" },
            { "html", card("{\"type\":\"TextBlock\",\"text\":\"<img src=x>\"}"), "invalid_card",
                "$.card.body[0].text" },
            { "card not an object", "{\"card\":[1]," + audience + "}", "invalid_card", "$.card" },
            { "card missing", "{" + audience + "}", "invalid_card", "$.card" },
            { "wrong type", "{\"card\":{\"type\":\"Card\",\"version\":\"1.5\"}," + audience + "}",
                "invalid_card", "$.card.type" },
            { "audience missing", "{\"card\":{\"type\":\"AdaptiveCard\",\"version\":\"1.5\"}}",
                "invalid_audience", "$.audience" },
            { "audience unknown field",
                "{\"card\":{\"type\":\"AdaptiveCard\",\"version\":\"1.5\"},\"audience\":{\"teams\":"
                "[\"a\"]}}",
                "invalid_audience", "$.audience.teams" },
            { "audience bad user type",
                "{\"card\":{\"type\":\"AdaptiveCard\",\"version\":\"1.5\"},\"audience\":{"
                "\"userTypes\":[\"x\"]}}",
                "invalid_audience", "$.audience.userTypes[0]" },
            { "order too big", card(text).chopped(1) + ",\"order\":1001}", "invalid_field",
                "$.order" },
            { "order not whole", card(text).chopped(1) + ",\"order\":1.5}", "invalid_field",
                "$.order" },
            { "order a string", card(text).chopped(1) + ",\"order\":\"1\"}", "invalid_field",
                "$.order" },
            { "expiresAt past", card(text).chopped(1) + ",\"expiresAt\":\"2026-11-28T09:00:00Z\"}",
                "invalid_field", "$.expiresAt" },
            { "expiresAt not a time", card(text).chopped(1) + ",\"expiresAt\":\"tomorrow\"}",
                "invalid_field", "$.expiresAt" },
            { "unknown field", card(text).chopped(1) + ",\"colour\":\"red\"}", "invalid_field",
                "$.colour" },
        };
        for (const QString &kind : { QStringLiteral("sqlite"), QStringLiteral("postgresql") }) {
            for (const Row &row : rows) {
                QTest::addRow("%s %s", qPrintable(kind), row.name)
                    << kind << row.body << QString::fromLatin1(row.code)
                    << QString::fromLatin1(row.path);
            }
        }
    }
    void refusalsNameThePathAndStoreNothing()
    {
        QFETCH(QString, kind);
        QFETCH(QByteArray, body);
        QFETCH(QString, code);
        QFETCH(QString, path);
        // One server per database, kept for its rows.
        auto &servers = m_refusalServers;
        auto &databases = m_refusalDatabases;
        if (!servers.contains(kind)) {
            const ServerProcess::Options opts = options(kind);
            auto server = std::make_shared<ServerProcess>();
            QVERIFY2(server->start(opts), qPrintable(server->error()));
            servers.insert(kind, server);
            databases.insert(kind, opts.database);
        }
        const ServerProcess &server = *servers.value(kind);
        const HttpResult refused = putRaw(server, QStringLiteral("wifi.pune"), body);
        QCOMPARE(refused.status, 422);
        QCOMPARE(errorCode(refused), code);
        QCOMPARE(refused.json().value(QStringLiteral("path")).toString(), path);
        QVERIFY(
            fits(QStringLiteral("PUT"), QStringLiteral("/v1/subsystem/cards/{cardId}"), refused));
        QVERIFY(!refused.json()
                     .value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("message"))
                     .toString()
                     .isEmpty());
        QCOMPARE(storedCards(server, databases.value(kind)), 0);
        QCOMPARE(putRaw(server, QStringLiteral("wifi.pune"), "not json").status, 400);
        QCOMPARE(storedCards(server, databases.value(kind)), 0);
    }

    void bodyOverTheLimitIs413_data() { addDatabaseKinds(); }
    void bodyOverTheLimitIs413()
    {
        QFETCH(QString, kind);
        const ServerProcess::Options opts = options(kind);
        ServerProcess server;
        QVERIFY2(server.start(opts), qPrintable(server.error()));
        const QJsonObject big =
            cardBody(textCard(QString(qsizetype(70) * 1024, QLatin1Char('x'))), everyone());
        const HttpResult refused = putCard(server, QStringLiteral("big"), big);
        QCOMPARE(refused.status, 413);
        QCOMPARE(storedCards(server, opts.database), 0);
        // Under the limit (60 KiB of text) it is taken.
        QCOMPARE(
            putCard(server, QStringLiteral("big"),
                cardBody(textCard(QString(qsizetype(60) * 1024, QLatin1Char('x'))), everyone()))
                .status,
            201);
    }

    void scopeAndCardHosts_data() { addDatabaseKinds(); }
    void scopeAndCardHosts()
    {
        QFETCH(QString, kind);
        const ServerProcess::Options opts = options(kind);
        ServerProcess server;
        QVERIFY2(server.start(opts), qPrintable(server.error()));
        const QString admin = signIn(server, QStringLiteral("Tessera Admin"));
        const QString keyId = demoApiKey(server).value(QStringLiteral("id")).toString();

        // The demo key holds cards:write; a key without it gets 403 on every card route.
        QVERIFY(demoApiKey(server)
                    .value(QStringLiteral("scopes"))
                    .toArray()
                    .contains(QStringLiteral("cards:write")));
        const HttpResult made = asAdmin(server, admin, "POST", QStringLiteral("/v1/admin/api-keys"),
            QJsonObject { { QStringLiteral("subsystem"), QStringLiteral("notices") },
                { QStringLiteral("scopes"),
                    QJsonArray { QStringLiteral("notifications:write") } } });
        QCOMPARE(made.status, 201);
        const QString narrow = made.json().value(QStringLiteral("key")).toString();
        const QJsonObject body = cardBody(textCard(QStringLiteral("Hi")), everyone());
        QCOMPARE(errorCode(putCard(server, QStringLiteral("a"), body, narrow)),
            QStringLiteral("insufficient_scope"));
        QCOMPARE(putCard(server, QStringLiteral("a"), body, narrow).status, 403);
        QCOMPARE(deleteCard(server, QStringLiteral("a"), narrow).status, 403);
        QCOMPARE(keyCards(server, narrow).status, 403);
        QCOMPARE(storedCards(server, opts.database), 0);
        // A person's token is no key.
        QCOMPARE(keyCards(server, admin).status, 403);

        // A link to media.example.com: refused until the admin allows the host.
        const QJsonObject withImage =
            cardBody(imageCard(QStringLiteral("https://Media.Example.com/wifi.png")), everyone());
        const HttpResult refused = putCard(server, QStringLiteral("wifi"), withImage);
        QCOMPARE(refused.status, 422);
        QCOMPARE(refused.json().value(QStringLiteral("path")).toString(),
            QStringLiteral("$.card.body[1].url"));
        const QString hostsPath = QStringLiteral("/v1/admin/api-keys/%1/card-hosts").arg(keyId);
        const auto setHosts = [&](const QJsonArray &hosts) {
            return asAdmin(server, admin, "POST", hostsPath,
                QJsonObject { { QStringLiteral("hosts"), hosts } });
        };
        QCOMPARE(errorCode(setHosts({ QStringLiteral("https://media.example.com") })),
            QStringLiteral("invalid_host"));
        QCOMPARE(setHosts({ QStringLiteral("media.example.com:443") }).status, 422);
        // Addresses and names without a dot are no card hosts.
        for (const QString &host : { QStringLiteral("10.0.0.1"), QStringLiteral("127.0.0.1"),
                 QStringLiteral("localhost"), QStringLiteral("::1"), QStringLiteral("[::1]"),
                 QStringLiteral("fe80::1"), QStringLiteral("media") }) {
            QCOMPARE(errorCode(setHosts({ host })), QStringLiteral("invalid_host"));
        }
        QJsonArray tooMany;
        for (int i = 0; i < 21; ++i)
            tooMany.append(QStringLiteral("h%1.example.com").arg(i));
        QCOMPARE(setHosts(tooMany).status, 422);
        QCOMPARE(
            asAdmin(server, admin, "POST", hostsPath, QJsonObject { { QStringLiteral("x"), 1 } })
                .status,
            400);
        QCOMPARE(
            asAdmin(server, admin, "POST", QStringLiteral("/v1/admin/api-keys/key_nope/card-hosts"),
                QJsonObject { { QStringLiteral("hosts"), QJsonArray() } })
                .status,
            404);
        // A person who is not an admin may not.
        QCOMPARE(asAdmin(server, signIn(server, QStringLiteral("Ben Okafor")), "POST", hostsPath,
                     QJsonObject { { QStringLiteral("hosts"), QJsonArray() } })
                     .status,
            403);
        QCOMPARE(putCard(server, QStringLiteral("wifi"), withImage).status, 422);

        const HttpResult allowed = setHosts({ QStringLiteral("MEDIA.example.com") });
        QCOMPARE(allowed.status, 200);
        QVERIFY(fits(
            QStringLiteral("POST"), QStringLiteral("/v1/admin/api-keys/{id}/card-hosts"), allowed));
        QCOMPARE(allowed.json().value(QStringLiteral("cardHosts")).toArray(),
            QJsonArray { QStringLiteral("media.example.com") });
        const HttpResult keys = asAdmin(server, admin, "GET", QStringLiteral("/v1/admin/api-keys"));
        QVERIFY(fits(QStringLiteral("GET"), QStringLiteral("/v1/admin/api-keys"), keys));
        bool listed = false;
        for (const auto &key : keys.json().value(QStringLiteral("keys")).toArray()) {
            if (key.toObject().value(QStringLiteral("id")).toString() == keyId) {
                QCOMPARE(key.toObject().value(QStringLiteral("cardHosts")).toArray(),
                    QJsonArray { QStringLiteral("media.example.com") });
                listed = true;
            }
        }
        QVERIFY(listed);
        QCOMPARE(putCard(server, QStringLiteral("wifi"), withImage).status, 201);
        // Another host is still refused; the change is audit-logged.
        QCOMPARE(
            putCard(server, QStringLiteral("wifi"),
                cardBody(imageCard(QStringLiteral("https://other.example.com/a.png")), everyone()))
                .status,
            422);
        QCOMPARE(runServerSql(server.dataDir(), opts.database,
                     QStringLiteral("SELECT detail FROM audit_log WHERE action ="
                                    " 'change_api_key_card_hosts'"))
                     .value.toString(),
            QStringLiteral("card hosts media.example.com (were none)"));
        // Cleared again: the stored card stays, a new put with the link is refused.
        QCOMPARE(setHosts({}).status, 200);
        QCOMPARE(putCard(server, QStringLiteral("wifi"), withImage).status, 422);
        QCOMPARE(keyCards(server).json().value(QStringLiteral("cards")).toArray().size(), 1);
    }

    void tooManyCards_data() { addDatabaseKinds(); }
    void tooManyCards()
    {
        QFETCH(QString, kind);
        const ServerProcess::Options opts = options(kind);
        ServerProcess server;
        QVERIFY2(server.start(opts), qPrintable(server.error()));
        // 500 live rows written straight, then the 501st through the API.
        QString values;
        for (int i = 0; i < 500; ++i) {
            values += QStringLiteral("%1('crd_t%2', '%3', 't%2', '{}', '{\"everyone\":true}', 1,"
                                     " '2026-11-29T09:00:00Z', 0)")
                          .arg(i == 0 ? QString() : QStringLiteral(","))
                          .arg(i)
                          .arg(demoApiKey(server).value(QStringLiteral("id")).toString());
        }
        QVERIFY(runServerSql(server.dataDir(), opts.database,
            QStringLiteral("INSERT INTO cards (id, api_key_id, card_id, card, audience, version,"
                           " updated_at, change_id) VALUES ")
                + values)
                    .ok);
        const QJsonObject body = cardBody(textCard(QStringLiteral("one more")), everyone());
        const HttpResult refused = putCard(server, QStringLiteral("t500"), body);
        QCOMPARE(refused.status, 422);
        QCOMPARE(errorCode(refused), QStringLiteral("too_many_cards"));
        QVERIFY(
            fits(QStringLiteral("PUT"), QStringLiteral("/v1/subsystem/cards/{cardId}"), refused));
        // Replacing a live one is fine; after a delete there is room again.
        QCOMPARE(putCard(server, QStringLiteral("t1"), body).status, 200);
        QCOMPARE(deleteCard(server, QStringLiteral("t2")).status, 204);
        QCOMPARE(putCard(server, QStringLiteral("t500"), body).status, 201);
    }
};

QTEST_GUILESS_MAIN(TestHomeCards)
#include "tst_home_cards.moc"
