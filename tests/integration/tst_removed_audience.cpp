// "removed" only to those who could have seen it, and "reset" when a person's audiences changed,
// against the real server (SQLite and PostgreSQL): a person outside every audience a card, a
// post, a service, an event or a survey has had never finds its id in a delta's removed list
// (created, changed, deleted or cancelled); a card that went from A to B to C is removed for a
// person of A; a change of a person's roles (an audience fact) makes their next delta of Home,
// news, services, events and surveys answer reset, and the reset's own pages (several, with since
// still before the reset) are not reset again.
#include "cardsfixture.h"
#include "servicecalls.h"

#include <QDateTime>

#include <tuple>

using namespace tessera::test;

class TestRemovedAudience : public QObject, protected CardsFixture
{
    Q_OBJECT

    struct Person
    {
        QString token;
        QString cards;
        QString news;
        QString services;
        QString events;
        QString surveys;
    };

    static QJsonObject users(const QStringList &ids)
    {
        return audienceOf(QStringLiteral("users"), ids);
    }

    static QJsonObject post(const QString &title, const QJsonObject &audience)
    {
        return QJsonObject { { QStringLiteral("title"), title },
            { QStringLiteral("summary"), QString(title + QStringLiteral(": the summary")) },
            { QStringLiteral("body"), QStringLiteral("Plain news.") },
            { QStringLiteral("category"), QStringLiteral("Company") },
            { QStringLiteral("audience"), audience } };
    }

    // An event two days after the server's start (the tests keep its clock there), two hours long.
    static QJsonObject event(const QString &title, const QJsonObject &audience)
    {
        const QDateTime start =
            QDateTime::fromString(kCardsStart, Qt::ISODate).addSecs(qint64(48) * 3600);
        return QJsonObject { { QStringLiteral("title"), title },
            { QStringLiteral("description"), QStringLiteral("Plain text.") },
            { QStringLiteral("start"), start.toString(Qt::ISODate) },
            { QStringLiteral("end"), start.addSecs(qint64(2) * 3600).toString(Qt::ISODate) },
            { QStringLiteral("timeZone"), QStringLiteral("Europe/Berlin") },
            { QStringLiteral("audience"), audience } };
    }

    // A named survey (the services' leave form as its card) closing 30 days after the start.
    static QJsonObject survey(const QString &title, const QJsonObject &audience)
    {
        const QDateTime closes = QDateTime::fromString(kCardsStart, Qt::ISODate).addDays(30);
        return QJsonObject { { QStringLiteral("title"), title },
            { QStringLiteral("card"), ServiceCalls::leaveForm() },
            { QStringLiteral("audience"), audience },
            { QStringLiteral("closesAt"), closes.toString(Qt::ISODate) },
            { QStringLiteral("anonymous"), false }, { QStringLiteral("editable"), false } };
    }

    static HttpResult get(const ServerProcess &server, const QString &path, const QString &token,
        const QString &since, const QString &reset = {})
    {
        QUrl url = server.url(path);
        QUrlQuery query;
        if (!since.isEmpty())
            query.addQueryItem(QStringLiteral("since"), since);
        if (!reset.isEmpty())
            query.addQueryItem(QStringLiteral("reset"), reset);
        url.setQuery(query);
        return httpRequest("GET", url, {}, bearer(token));
    }

    static QString cursorOf(const HttpResult &result)
    {
        return result.json().value(QStringLiteral("cursor")).toString();
    }

    // Signs the person in and reads every feature to its end: their cursors.
    static Person synced(const ServerProcess &server, const QString &name)
    {
        Person person { signIn(server, name), {}, {}, {}, {}, {} };
        person.cards = cursorOf(get(server, QStringLiteral("/v1/cards"), person.token, {}));
        person.news = cursorOf(get(server, QStringLiteral("/v1/news"), person.token, {}));
        person.services = cursorOf(get(server, QStringLiteral("/v1/services"), person.token, {}));
        person.events = cursorOf(get(server, QStringLiteral("/v1/events"), person.token, {}));
        person.surveys = cursorOf(get(server, QStringLiteral("/v1/surveys"), person.token, {}));
        return person;
    }

    // PUT /v1/subsystem/{what}/{id} with the demo key, again after the key's rate limit's wait.
    static HttpResult put(const ServerProcess &server, const QString &what, const QString &id,
        const QJsonObject &body)
    {
        HttpResult result;
        for (int attempt = 0; attempt < 5; ++attempt) {
            result =
                httpRequest("PUT", server.url(QStringLiteral("/v1/subsystem/%1/%2").arg(what, id)),
                    compactJson(body), bearer(demoKey(server)));
            if (result.status != 429)
                break;
            QTest::qWait(1100);
        }
        if (result.status != 201 && result.status != 200)
            qWarning() << "put" << what << id << result.status << result.body;
        return result;
    }

    static int remove(const ServerProcess &server, const QString &what, const QString &id)
    {
        return httpRequest("DELETE",
            server.url(QStringLiteral("/v1/subsystem/%1/%2").arg(what, id)), {},
            bearer(demoKey(server)))
            .status;
    }

    static QString idOf(const HttpResult &result)
    {
        return result.json().value(QStringLiteral("id")).toString();
    }

    static QString userIdOf(const ServerProcess &server, const QString &displayName)
    {
        return demoAccount(server, displayName).value(QStringLiteral("userId")).toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
    }

    // Ben's card, post, service, event and survey are created, changed and deleted (the event
    // moved to Asha, then cancelled); Mira (Medical) was never in their audience: her deltas name
    // none of them, Ben's name each.
    void outsiderNeverHearsOfIt_data() { addDatabaseKinds(); }
    void outsiderNeverHearsOfIt()
    {
        QFETCH(QString, kind);
        QVERIFY(moveClock(0));
        ServerProcess server;
        QVERIFY2(server.start(options(kind)), qPrintable(server.error()));
        // Something for everyone first: every cursor is past 0, so the reads below are deltas
        // (a first sync lists no removed at all).
        const QString welcome = QStringLiteral("welcome");
        QVERIFY(!idOf(put(server, QStringLiteral("cards"), welcome,
                          cardBody(textCard(QStringLiteral("Welcome")), everyone())))
                     .isEmpty());
        QVERIFY(!idOf(put(server, QStringLiteral("news"), welcome,
                          post(QStringLiteral("Welcome"), everyone())))
                     .isEmpty());
        QVERIFY(!idOf(
            put(server, QStringLiteral("services"), welcome, ServiceCalls::service(everyone())))
                     .isEmpty());
        QVERIFY(!idOf(put(server, QStringLiteral("events"), welcome,
                          event(QStringLiteral("Welcome"), everyone())))
                     .isEmpty());
        QVERIFY(!idOf(put(server, QStringLiteral("surveys"), welcome,
                          survey(QStringLiteral("Welcome"), everyone())))
                     .isEmpty());
        const Person ben = synced(server, QStringLiteral("Ben Okafor"));
        const Person mira = synced(server, QStringLiteral("Mira Nurse"));
        for (const QString &cursor : { ben.cards, ben.news, ben.services, ben.events, ben.surveys,
                 mira.cards, mira.news, mira.services, mira.events, mira.surveys })
            QVERIFY(cursor.toLongLong() > 0);

        const QJsonObject forBen = users({ QStringLiteral("E1002") });
        const QString card = idOf(put(server, QStringLiteral("cards"), QStringLiteral("leave"),
            cardBody(textCard(QStringLiteral("Ben's leave")), forBen)));
        const QString news = idOf(put(server, QStringLiteral("news"), QStringLiteral("promo"),
            post(QStringLiteral("Ben's promotion"), forBen)));
        const QString service = idOf(put(server, QStringLiteral("services"),
            QStringLiteral("bens-leave"), ServiceCalls::service(forBen)));
        const QString review = idOf(put(server, QStringLiteral("events"),
            QStringLiteral("bens-review"), event(QStringLiteral("Ben's review"), forBen)));
        const QString pulse = idOf(put(server, QStringLiteral("surveys"),
            QStringLiteral("bens-pulse"), survey(QStringLiteral("Ben's pulse"), forBen)));
        QVERIFY(!card.isEmpty() && !news.isEmpty() && !service.isEmpty() && !review.isEmpty()
            && !pulse.isEmpty());
        // Changed, then deleted (a post's change, a service's withdrawal, the review moved to
        // Asha and cancelled: still hers, cancelled).
        QVERIFY(!idOf(put(server, QStringLiteral("cards"), QStringLiteral("leave"),
                          cardBody(textCard(QStringLiteral("Ben's leave, 2 days")), forBen)))
                     .isEmpty());
        QVERIFY(!idOf(put(server, QStringLiteral("news"), QStringLiteral("promo"),
                          post(QStringLiteral("Ben's promotion (again)"), forBen)))
                     .isEmpty());
        QVERIFY(!idOf(put(server, QStringLiteral("events"), QStringLiteral("bens-review"),
                          event(QStringLiteral("Asha's review"),
                              users({ userIdOf(server, QStringLiteral("Asha Rao")) }))))
                     .isEmpty());
        QVERIFY(!idOf(put(server, QStringLiteral("surveys"), QStringLiteral("bens-pulse"),
                          survey(QStringLiteral("Ben's pulse, week 2"), forBen)))
                     .isEmpty());
        QCOMPARE(remove(server, QStringLiteral("cards"), QStringLiteral("leave")), 204);
        QCOMPARE(remove(server, QStringLiteral("news"), QStringLiteral("promo")), 204);
        QCOMPARE(remove(server, QStringLiteral("services"), QStringLiteral("bens-leave")), 204);
        QCOMPARE(remove(server, QStringLiteral("events"), QStringLiteral("bens-review")), 204);
        QCOMPARE(remove(server, QStringLiteral("surveys"), QStringLiteral("bens-pulse")), 204);

        const std::tuple<QString, QString, QString, QString> features[] = {
            { QStringLiteral("/v1/cards"), mira.cards, ben.cards, card },
            { QStringLiteral("/v1/news"), mira.news, ben.news, news },
            { QStringLiteral("/v1/services"), mira.services, ben.services, service },
            { QStringLiteral("/v1/events"), mira.events, ben.events, review },
            { QStringLiteral("/v1/surveys"), mira.surveys, ben.surveys, pulse },
        };
        for (const auto &[path, miraSince, benSince, id] : features) {
            const HttpResult miras = get(server, path, mira.token, miraSince);
            QCOMPARE(miras.status, 200);
            QVERIFY(fits(QStringLiteral("get"), path, miras));
            QCOMPARE(removedOf(miras), QStringList());
            QCOMPARE(miras.body.contains(id.toUtf8()), false);
            // Her cursor still moves past those changes (nothing to hide there: the feed is
            // one).
            QVERIFY2(cursorOf(miras).toLongLong() > miraSince.toLongLong(), qPrintable(path));
            // Ben had it: it is removed from his device.
            QCOMPARE(removedOf(get(server, path, ben.token, benSince)), QStringList { id });
        }
    }

    // A card for Asha, then for Ben, then for Medical: Asha (in its first audience) is told it is
    // removed, though previousAudience is Ben's by then; Sam (in none) is not.
    void removedForEveryEarlierAudience_data() { addDatabaseKinds(); }
    void removedForEveryEarlierAudience()
    {
        QFETCH(QString, kind);
        QVERIFY(moveClock(0));
        ServerProcess server;
        QVERIFY2(server.start(options(kind)), qPrintable(server.error()));
        QVERIFY(!idOf(put(server, QStringLiteral("cards"), QStringLiteral("welcome"),
                          cardBody(textCard(QStringLiteral("Welcome")), everyone())))
                     .isEmpty());
        const QString ashaId = userIdOf(server, QStringLiteral("Asha Rao"));
        const QString benId = userIdOf(server, QStringLiteral("Ben Okafor"));
        QVERIFY(!ashaId.isEmpty() && !benId.isEmpty());
        const QString card = idOf(put(server, QStringLiteral("cards"), QStringLiteral("moving"),
            cardBody(textCard(QStringLiteral("Moving")), users({ ashaId }))));
        QVERIFY(!card.isEmpty());
        const Person asha = synced(server, QStringLiteral("Asha Rao"));
        const Person sam = synced(server, QStringLiteral("Sam Guard"));
        QVERIFY(asha.cards.toLongLong() > 0 && sam.cards.toLongLong() > 0);
        QVERIFY(idsOf(get(server, QStringLiteral("/v1/cards"), asha.token, {})).contains(card));

        QVERIFY(!idOf(put(server, QStringLiteral("cards"), QStringLiteral("moving"),
                          cardBody(textCard(QStringLiteral("Moving")), users({ benId }))))
                     .isEmpty());
        QVERIFY(!idOf(
            put(server, QStringLiteral("cards"), QStringLiteral("moving"),
                cardBody(textCard(QStringLiteral("Moving")),
                    audienceOf(QStringLiteral("departments"), { QStringLiteral("Medical") }))))
                     .isEmpty());

        const HttpResult ashas = get(server, QStringLiteral("/v1/cards"), asha.token, asha.cards);
        QCOMPARE(ashas.status, 200);
        QCOMPARE(removedOf(ashas), QStringList { card });
        QVERIFY(fits(QStringLiteral("get"), QStringLiteral("/v1/cards"), ashas));
        const HttpResult sams = get(server, QStringLiteral("/v1/cards"), sam.token, sam.cards);
        QCOMPARE(removedOf(sams), QStringList());
        QCOMPARE(idsOf(sams), QStringList());
        QVERIFY(cursorOf(sams).toLongLong() > sam.cards.toLongLong()); // read past the changes
        const Person mira = synced(server, QStringLiteral("Mira Nurse"));
        QVERIFY(idsOf(get(server, QStringLiteral("/v1/cards"), mira.token, {})).contains(card));
    }

    // An admin changes Ben's roles (what audiences match): his next delta of each audience
    // feature answers reset with his resync's cursor R. The reset's sync runs over two pages of
    // cards; its second page's since is before R, yet with reset=R it is a page, not a reset
    // again. A later change resets again.
    void resetAfterAnAudienceChangeEnds_data() { addDatabaseKinds(); }
    void resetAfterAnAudienceChangeEnds()
    {
        QFETCH(QString, kind);
        QVERIFY(moveClock(0));
        ServerProcess server;
        QVERIFY2(server.start(options(kind)), qPrintable(server.error()));
        const int cardCount = 210; // more than a page (200)
        QStringList cards;
        for (int i = 0; i < cardCount; ++i) {
            const QString id =
                idOf(put(server, QStringLiteral("cards"), QStringLiteral("note.%1").arg(i),
                    cardBody(textCard(QStringLiteral("Note %1").arg(i)), everyone())));
            QVERIFY(!id.isEmpty());
            cards.append(id);
        }
        // An event and a survey for everyone: Ben's cursors of those are past 0 too.
        QVERIFY(!idOf(put(server, QStringLiteral("events"), QStringLiteral("party"),
                          event(QStringLiteral("Party"), everyone())))
                     .isEmpty());
        QVERIFY(!idOf(put(server, QStringLiteral("surveys"), QStringLiteral("lunch"),
                          survey(QStringLiteral("Lunch"), everyone())))
                     .isEmpty());
        Person ben = synced(server, QStringLiteral("Ben Okafor"));
        QVERIFY(ben.events.toLongLong() > 0 && ben.surveys.toLongLong() > 0);
        // Read every page: the cursor after the last card.
        for (HttpResult page = get(server, QStringLiteral("/v1/cards"), ben.token, ben.cards);
             !idsOf(page).isEmpty();
             page = get(server, QStringLiteral("/v1/cards"), ben.token, ben.cards))
            ben.cards = cursorOf(page);
        // Nothing changed for Ben: no reset.
        QVERIFY(!get(server, QStringLiteral("/v1/cards"), ben.token, ben.cards)
                     .json()
                     .contains(QStringLiteral("reset")));

        const QString admin = signIn(server, QStringLiteral("Tessera Admin"));
        const QString benId = userIdOf(server, QStringLiteral("Ben Okafor"));
        QCOMPARE(
            asAdmin(server, admin, "PUT", QStringLiteral("/v1/admin/users/%1/roles").arg(benId),
                QJsonObject {
                    { QStringLiteral("roles"), QJsonArray { QStringLiteral("scanner") } } })
                .status,
            200);

        const HttpResult reset = get(server, QStringLiteral("/v1/cards"), ben.token, ben.cards);
        QCOMPARE(reset.status, 200);
        QCOMPARE(reset.json().value(QStringLiteral("reset")), QJsonValue(true));
        const QString resync = cursorOf(reset);
        QVERIFY(resync.toLongLong() > ben.cards.toLongLong());
        QVERIFY(!reset.json().contains(QStringLiteral("cards")));
        QVERIFY(fits(QStringLiteral("get"), QStringLiteral("/v1/cards"), reset));
        // News, services, events and surveys too, each from its own cursor; with the reset
        // honoured, a page again.
        for (const auto &[path, since] : { std::pair { QStringLiteral("/v1/news"), ben.news },
                 std::pair { QStringLiteral("/v1/services"), ben.services },
                 std::pair { QStringLiteral("/v1/events"), ben.events },
                 std::pair { QStringLiteral("/v1/surveys"), ben.surveys } }) {
            const HttpResult other = get(server, path, ben.token, since);
            QCOMPARE(other.status, 200);
            QCOMPARE(other.json().value(QStringLiteral("reset")), QJsonValue(true));
            QCOMPARE(cursorOf(other), resync);
            QVERIFY(fits(QStringLiteral("get"), path, other));
            const HttpResult honoured = get(server, path, ben.token, since, resync);
            QCOMPARE(honoured.status, 200);
            QVERIFY2(!honoured.json().contains(QStringLiteral("reset")), qPrintable(path));
            QVERIFY(honoured.json().contains(QStringLiteral("removed")));
            QVERIFY(fits(QStringLiteral("get"), path, honoured));
            QCOMPARE(get(server, path, ben.token, since, QStringLiteral("x")).status, 400);
        }
        // A reset already honoured, or a cursor at or past it, is no reset.
        QVERIFY(!get(server, QStringLiteral("/v1/cards"), ben.token, ben.cards, resync)
                     .json()
                     .contains(QStringLiteral("reset")));
        QVERIFY(!get(server, QStringLiteral("/v1/cards"), ben.token, resync)
                     .json()
                     .contains(QStringLiteral("reset")));

        // The reset's sync: from 0 with reset=R, page after page until more is false.
        QStringList seen;
        QString since;
        int pages = 0;
        bool more = true;
        while (more) {
            QVERIFY2(++pages <= 5, "the reset's sync does not end");
            const HttpResult page =
                get(server, QStringLiteral("/v1/cards"), ben.token, since, resync);
            QCOMPARE(page.status, 200);
            QVERIFY2(!page.json().contains(QStringLiteral("reset")), page.body.constData());
            seen += idsOf(page);
            since = cursorOf(page);
            more = page.json().value(QStringLiteral("more")).toBool();
            if (more) // the loop this guards against: a later page's since is before R
                QVERIFY(since.toLongLong() < resync.toLongLong());
        }
        QCOMPARE(pages, 2);
        seen.sort();
        cards.sort();
        QCOMPARE(seen, cards);

        // Another change: reset again, past the one honoured.
        QCOMPARE(
            asAdmin(server, admin, "PUT", QStringLiteral("/v1/admin/users/%1/roles").arg(benId),
                QJsonObject {
                    { QStringLiteral("roles"), QJsonArray { QStringLiteral("publisher") } } })
                .status,
            200);
        const HttpResult again = get(server, QStringLiteral("/v1/cards"), ben.token, since, resync);
        QCOMPARE(again.json().value(QStringLiteral("reset")), QJsonValue(true));
        QVERIFY(cursorOf(again).toLongLong() > resync.toLongLong());
        // A reset that is not a cursor is refused.
        QCOMPARE(
            get(server, QStringLiteral("/v1/cards"), ben.token, since, QStringLiteral("x")).status,
            400);
    }
};

QTEST_GUILESS_MAIN(TestRemovedAudience)
#include "tst_removed_audience.moc"
