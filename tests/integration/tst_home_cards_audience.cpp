// Home cards as people see them, against the real server (SQLite and PostgreSQL): only the cards
// of their audiences (geos, named users, departments), removed ids after an audience change, a
// delete or an expiry, pages of 200, and the live hint {"type":"cards"} on the streams of the
// people in the old or the new audience only.
#include "cardsfixture.h"

#include <QNetworkRequest>
#include <QWebSocket>

using namespace tessera::test;

class TestHomeCardsAudience : public QObject, protected CardsFixture
{
    Q_OBJECT

    QString idOfPut(const ServerProcess &server, const QString &cardId, const QJsonObject &body)
    {
        const HttpResult result = putCard(server, cardId, body);
        if (result.status != 201 && result.status != 200)
            qWarning() << "put" << cardId << result.status << result.body;
        return result.json().value(QStringLiteral("id")).toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
    }

    void onlyTheAudienceSeesACard_data() { addDatabaseKinds(); }
    void onlyTheAudienceSeesACard()
    {
        QFETCH(QString, kind);
        QVERIFY(moveClock(0));
        ServerProcess server;
        QVERIFY2(server.start(options(kind)), qPrintable(server.error()));
        const QString ben = signIn(server, QStringLiteral("Ben Okafor")); // Operations, Pune
        const QString asha = signIn(server, QStringLiteral("Asha Rao")); // Operations, Pune
        const QString admin = signIn(server, QStringLiteral("Tessera Admin")); // IT, Pune

        const QString pune = idOfPut(server, QStringLiteral("wifi.pune"),
            cardBody(textCard(QStringLiteral("Pune Wi-Fi")),
                audienceOf(QStringLiteral("geos"), { QStringLiteral("Pune") })));
        const QString berlin = idOfPut(server, QStringLiteral("wifi.berlin"),
            cardBody(textCard(QStringLiteral("Berlin Wi-Fi")),
                audienceOf(QStringLiteral("geos"), { QStringLiteral("Berlin") })));
        const QString forBen = idOfPut(server, QStringLiteral("leave.E1002"),
            cardBody(textCard(QStringLiteral("Ben's leave")),
                audienceOf(QStringLiteral("users"), { QStringLiteral("E1002") })));
        QJsonObject operationsEmployees =
            audienceOf(QStringLiteral("departments"), { QStringLiteral("Operations") });
        operationsEmployees.insert(
            QStringLiteral("userTypes"), QJsonArray { QStringLiteral("employee") });
        const QString operations = idOfPut(server, QStringLiteral("ops"),
            cardBody(textCard(QStringLiteral("Operations")), operationsEmployees));
        QVERIFY(!pune.isEmpty() && !berlin.isEmpty() && !forBen.isEmpty() && !operations.isEmpty());

        QCOMPARE(idsOf(homeCards(server, ben)), (QStringList { pune, forBen, operations }));
        QCOMPARE(idsOf(homeCards(server, asha)), (QStringList { pune, operations }));
        QCOMPARE(idsOf(homeCards(server, admin)), QStringList { pune });
        // No token, no cards.
        QCOMPARE(httpRequest("GET", server.url(QStringLiteral("/v1/cards"))).status, 401);
    }

    void removedAfterAudienceChangeDeleteAndExpiry_data() { addDatabaseKinds(); }
    void removedAfterAudienceChangeDeleteAndExpiry()
    {
        QFETCH(QString, kind);
        QVERIFY(moveClock(0));
        ServerProcess server;
        QVERIFY2(server.start(options(kind)), qPrintable(server.error()));
        const QString ben = signIn(server, QStringLiteral("Ben Okafor"));
        const QString asha = signIn(server, QStringLiteral("Asha Rao"));

        const QString moving = idOfPut(server, QStringLiteral("moving"),
            cardBody(textCard(QStringLiteral("For Ben first")),
                audienceOf(QStringLiteral("users"), { QStringLiteral("E1002") })));
        QJsonObject expiring = cardBody(textCard(QStringLiteral("Fire drill at 11")), everyone());
        expiring.insert(QStringLiteral("expiresAt"), QStringLiteral("2026-11-29T10:00:00Z"));
        const QString drill = idOfPut(server, QStringLiteral("drill"), expiring);
        const HttpResult benFirst = homeCards(server, ben);
        QCOMPARE(idsOf(benFirst), (QStringList { moving, drill }));
        const QString benCursor = benFirst.json().value(QStringLiteral("cursor")).toString();
        const HttpResult ashaFirst = homeCards(server, asha);
        QCOMPARE(idsOf(ashaFirst), QStringList { drill });
        const QString ashaCursor = ashaFirst.json().value(QStringLiteral("cursor")).toString();

        // Now for Asha: Ben is told to remove it, Asha gets it.
        QVERIFY(!idOfPut(server, QStringLiteral("moving"),
            cardBody(textCard(QStringLiteral("For Asha now")),
                audienceOf(QStringLiteral("users"), { QStringLiteral("E1001") })))
                     .isEmpty());
        const HttpResult benDelta = homeCards(server, ben, benCursor);
        QVERIFY(idsOf(benDelta).isEmpty());
        QCOMPARE(removedOf(benDelta), QStringList { moving });
        QVERIFY(fits(QStringLiteral("GET"), QStringLiteral("/v1/cards"), benDelta));
        const HttpResult ashaDelta = homeCards(server, asha, ashaCursor);
        QCOMPARE(idsOf(ashaDelta), QStringList { moving });
        QVERIFY(removedOf(ashaDelta).isEmpty());

        // Deleted: Asha removes it; Ben (who lost it before) hears of it again, harmlessly.
        QCOMPARE(deleteCard(server, QStringLiteral("moving")).status, 204);
        const HttpResult ashaAfter =
            homeCards(server, asha, ashaDelta.json().value(QStringLiteral("cursor")).toString());
        QCOMPARE(removedOf(ashaAfter), QStringList { moving });
        QVERIFY(!idsOf(homeCards(server, asha)).contains(moving));

        // Two hours on, the drill card has expired: in no answer and not in the key's list; a
        // delta from before its last change names it under removed (an app drops it at its
        // expiresAt anyway).
        QVERIFY(moveClock(qint64(2) * 3600));
        QTRY_VERIFY_WITH_TIMEOUT(idsOf(homeCards(server, ben)).isEmpty(), 10000);
        QVERIFY(idsOf(homeCards(server, asha)).isEmpty());
        QVERIFY(keyCards(server).json().value(QStringLiteral("cards")).toArray().isEmpty());
        const HttpResult fromStart = homeCards(server, ben, QStringLiteral("1"));
        QVERIFY(idsOf(fromStart).isEmpty());
        QVERIFY(removedOf(fromStart).contains(drill));
        // Put again with a later expiry: new again (201), shown again.
        expiring.insert(QStringLiteral("expiresAt"), QStringLiteral("2026-11-29T23:00:00Z"));
        QCOMPARE(putCard(server, QStringLiteral("drill"), expiring).status, 201);
        QCOMPARE(idsOf(homeCards(server, ben)), QStringList { drill });
    }

    void pagesOf200_data() { addDatabaseKinds(); }
    void pagesOf200()
    {
        QFETCH(QString, kind);
        QVERIFY(moveClock(0));
        // 203 puts at once: past the key's default rate limit (20 a second).
        ServerProcess::Options opts = options(kind);
        opts.config = QJsonObject { { QStringLiteral("http"),
            QJsonObject { { QStringLiteral("apiKeyRequestsPerSecond"), 1000 },
                { QStringLiteral("apiKeyBurst"), 1000 } } } };
        ServerProcess server;
        QVERIFY2(server.start(opts), qPrintable(server.error()));
        const QString ben = signIn(server, QStringLiteral("Ben Okafor"));
        QStringList ids;
        for (int i = 0; i < 203; ++i) {
            // Every third for someone else: pages count changes, not cards shown.
            const QJsonObject audience = i % 3 == 2
                ? audienceOf(QStringLiteral("users"), { QStringLiteral("E1001") })
                : everyone();
            const QString id = idOfPut(server, QStringLiteral("c%1").arg(i),
                cardBody(textCard(QStringLiteral("Card %1").arg(i)), audience));
            QVERIFY(!id.isEmpty());
            if (i % 3 != 2)
                ids.append(id);
        }
        const HttpResult first = homeCards(server, ben);
        QCOMPARE(first.json().value(QStringLiteral("more")).toBool(), true);
        QVERIFY(fits(QStringLiteral("GET"), QStringLiteral("/v1/cards"), first));
        QStringList seen = idsOf(first);
        QVERIFY(seen.size() <= 200);
        const HttpResult second =
            homeCards(server, ben, first.json().value(QStringLiteral("cursor")).toString());
        QCOMPARE(second.json().value(QStringLiteral("more")).toBool(), false);
        seen += idsOf(second);
        QCOMPARE(seen, ids);
        // A page of its own later: nothing new.
        const HttpResult third =
            homeCards(server, ben, second.json().value(QStringLiteral("cursor")).toString());
        QVERIFY(idsOf(third).isEmpty());
        QCOMPARE(third.json().value(QStringLiteral("cursor")),
            second.json().value(QStringLiteral("cursor")));
    }

    // Large cards: a page also ends once its JSON reaches 1 MiB (the first card always goes in),
    // with more and the cursor to continue; no card is lost or repeated across the pages.
    void pagesBoundedBySize_data() { addDatabaseKinds(); }
    void pagesBoundedBySize()
    {
        QFETCH(QString, kind);
        QVERIFY(moveClock(0));
        ServerProcess::Options opts = options(kind);
        opts.config = QJsonObject { { QStringLiteral("http"),
            QJsonObject { { QStringLiteral("apiKeyRequestsPerSecond"), 1000 },
                { QStringLiteral("apiKeyBurst"), 1000 } } } };
        ServerProcess server;
        QVERIFY2(server.start(opts), qPrintable(server.error()));
        const QString ben = signIn(server, QStringLiteral("Ben Okafor"));
        QStringList ids;
        for (int i = 0; i < 20; ++i) {
            const QString text = QStringLiteral("Card %1 ").arg(i) + QString(60000, u'x');
            const QString id = idOfPut(
                server, QStringLiteral("big%1").arg(i), cardBody(textCard(text), everyone()));
            QVERIFY(!id.isEmpty());
            ids.append(id);
        }
        QStringList seen;
        QString cursor;
        int pages = 0;
        for (bool more = true; more && pages < 20; ++pages) {
            const HttpResult page = homeCards(server, ben, cursor);
            QCOMPARE(page.status, 200);
            QVERIFY(fits(QStringLiteral("GET"), QStringLiteral("/v1/cards"), page));
            const QStringList pageIds = idsOf(page);
            QVERIFY(!pageIds.isEmpty());
            // Within 1 MiB but for the card that would have passed it (not taken).
            QVERIFY2(page.body.size() <= 1024 * 1024 + 1024,
                qPrintable(QString::number(page.body.size())));
            seen += pageIds;
            more = page.json().value(QStringLiteral("more")).toBool();
            cursor = page.json().value(QStringLiteral("cursor")).toString();
        }
        QVERIFY2(pages > 1, "20 cards of 60 KiB in one page");
        QCOMPARE(seen, ids);
    }

    void liveHintReachesTheAudienceOnly_data() { addDatabaseKinds(); }
    void liveHintReachesTheAudienceOnly()
    {
        QFETCH(QString, kind);
        QVERIFY(moveClock(0));
        ServerProcess server;
        QVERIFY2(server.start(options(kind)), qPrintable(server.error()));
        const QString ben = signIn(server, QStringLiteral("Ben Okafor")); // Operations
        const QString admin = signIn(server, QStringLiteral("Tessera Admin")); // IT
        QUrl url = server.url(QStringLiteral("/v1/stream"));
        url.setScheme(QStringLiteral("ws"));
        enum { Ben, Admin };
        const QString tokens[] = { ben, admin };
        QWebSocket sockets[2];
        QStringList messages[2];
        for (int i = 0; i < 2; ++i) {
            connect(&sockets[i], &QWebSocket::textMessageReceived, this,
                [&messages, i](const QString &text) { messages[i].append(text); });
            QNetworkRequest request(url);
            request.setRawHeader("Authorization", "Bearer " + tokens[i].toLatin1());
            sockets[i].open(request);
        }
        for (int i = 0; i < 2; ++i)
            QTRY_COMPARE_WITH_TIMEOUT(messages[i].size(), 1, 10000); // hello
        const auto hintCursor = [](const QString &text) {
            const QJsonObject hint = QJsonDocument::fromJson(text.toUtf8()).object();
            return hint.value(QStringLiteral("type")).toString() == u"cards"
                ? hint.value(QStringLiteral("cursor")).toString()
                : QString();
        };
        const auto cursorOf = [&server](const QString &token) {
            return homeCards(server, token).json().value(QStringLiteral("cursor")).toString();
        };

        // For Operations: Ben hears of it, with the cursor his read ends at; the admin does not.
        QVERIFY(!idOfPut(server, QStringLiteral("ops"),
            cardBody(textCard(QStringLiteral("Operations")),
                audienceOf(QStringLiteral("departments"), { QStringLiteral("Operations") })))
                     .isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(messages[Ben].size(), 2, 10000);
        QCOMPARE(hintCursor(messages[Ben].at(1)), cursorOf(ben));
        QTest::qWait(500);
        QCOMPARE(messages[Admin].size(), 1);

        // Moved to IT: both hear (Ben to remove it, the admin to show it).
        QVERIFY(!idOfPut(server, QStringLiteral("ops"),
            cardBody(textCard(QStringLiteral("IT now")),
                audienceOf(QStringLiteral("departments"), { QStringLiteral("IT") })))
                     .isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(messages[Ben].size(), 3, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(messages[Admin].size(), 2, 10000);
        QCOMPARE(hintCursor(messages[Admin].at(1)), cursorOf(admin));
        QCOMPARE(hintCursor(messages[Ben].at(2)), hintCursor(messages[Admin].at(1)));

        // Deleted: only the admin (its audience) hears.
        QCOMPARE(deleteCard(server, QStringLiteral("ops")).status, 204);
        QTRY_COMPARE_WITH_TIMEOUT(messages[Admin].size(), 3, 10000);
        QVERIFY(!hintCursor(messages[Admin].at(2)).isEmpty());
        QTest::qWait(500);
        QCOMPARE(messages[Ben].size(), 3);
        for (QWebSocket &socket : sockets)
            socket.close();
    }

    // A revoked key's cards are deleted: a delta lists them under removed, a full read omits them.
    void revokedKeysCardsAreRemoved_data() { addDatabaseKinds(); }
    void revokedKeysCardsAreRemoved()
    {
        QFETCH(QString, kind);
        QVERIFY(moveClock(0));
        ServerProcess server;
        QVERIFY2(server.start(options(kind)), qPrintable(server.error()));
        const QString ben = signIn(server, QStringLiteral("Ben Okafor"));
        const QString admin = signIn(server, QStringLiteral("Tessera Admin"));
        const QString card = idOfPut(server, QStringLiteral("wifi"),
            cardBody(textCard(QStringLiteral("Wi-Fi")), everyone()));
        const HttpResult first = homeCards(server, ben);
        QCOMPARE(idsOf(first), QStringList { card });
        const QString cursor = first.json().value(QStringLiteral("cursor")).toString();

        const QString keyId = demoApiKey(server).value(QStringLiteral("id")).toString();
        QCOMPARE(asAdmin(server, admin, "POST",
                     QStringLiteral("/v1/admin/api-keys/%1/revoke").arg(keyId))
                     .status,
            200);
        const HttpResult delta = homeCards(server, ben, cursor);
        QVERIFY(idsOf(delta).isEmpty());
        QCOMPARE(removedOf(delta), QStringList { card });
        QVERIFY(idsOf(homeCards(server, ben)).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestHomeCardsAudience)
#include "tst_home_cards_audience.moc"
