#include "protocol/wirefields.h"

#include <QJsonObject>
#include <QTest>

using namespace tessera;

// WireFields: the client's wire items' field reader. Each read is checked for what it takes, what
// it refuses and the exact words of the problem (the items' tests and their pages rely on them).
class TestWireFields : public QObject
{
    Q_OBJECT

    static QJsonObject post()
    {
        return QJsonObject {
            { QStringLiteral("id"), QStringLiteral("news_1") },
            { QStringLiteral("title"), QStringLiteral("Canteen") },
            { QStringLiteral("pinned"), true },
            { QStringLiteral("version"), 3 },
            { QStringLiteral("publishedAt"), QStringLiteral("2026-12-01T09:00:00+01:00") },
            { QStringLiteral("expiresAt"), QJsonValue() },
            { QStringLiteral("image"), QStringLiteral("https://tessera.example/v1/media/m1") },
            { QStringLiteral("link"), QStringLiteral("https://meet.example.com/x") },
            { QStringLiteral("seats"), 12 },
            { QStringLiteral("source"),
                QJsonObject { { QStringLiteral("name"), QStringLiteral("Comms") } } },
        };
    }

    static QJsonObject with(const char *field, const QJsonValue &value)
    {
        QJsonObject json = post();
        if (value.isUndefined())
            json.remove(QLatin1StringView(field));
        else
            json.insert(QLatin1StringView(field), value);
        return json;
    }

    // The problem reading every field of json gives, "" when it is good.
    static QString problemOf(const QJsonObject &json)
    {
        WireFields fields(json, QStringLiteral("post"));
        QString id;
        QString title;
        QString summary;
        bool pinned = false;
        qint64 version = 0;
        QDateTime published;
        QDateTime expires;
        QString image;
        QString link;
        qint64 seats = 0;
        QString source;
        const bool good = fields.id(u"news_", 128, &id) && fields.text("title", 1, 200, &title)
            && fields.text("summary", 0, 500, &summary) && fields.flag("pinned", &pinned)
            && fields.version(&version) && fields.time("publishedAt", &published)
            && fields.optionalTime("expiresAt", &expires)
            && fields.optionalMediaUrl("image", 2048, &image)
            && fields.optionalHttpsUrl("link", 2048, &link)
            && fields.optionalWhole(
                "seats", 1, 1000, &seats, QStringLiteral("its seats is not a number from 1"))
            && fields.sourceName(200, &source);
        if (good != fields.ok())
            return QStringLiteral("ok() disagrees with the reads");
        return fields.problem();
    }

private Q_SLOTS:
    void readsAGoodObject()
    {
        WireFields fields(post(), QStringLiteral("post"));
        QString id;
        QString title;
        QString summary = QStringLiteral("untouched");
        bool pinned = false;
        qint64 version = 0;
        QDateTime published;
        QDateTime expires;
        QString image;
        qint64 seats = 0;
        QString source;
        QVERIFY(fields.id(u"news_", 128, &id));
        QVERIFY(fields.text("title", 1, 200, &title));
        QVERIFY(fields.text("summary", 0, 500, &summary)); // absent: left as it was
        QVERIFY(fields.flag("pinned", &pinned));
        QVERIFY(fields.version(&version));
        QVERIFY(fields.time("publishedAt", &published));
        QVERIFY(fields.optionalTime("expiresAt", &expires));
        QVERIFY(fields.optionalMediaUrl("image", 2048, &image));
        QVERIFY(fields.optionalWhole("seats", 1, 1000, &seats, QStringLiteral("seats")));
        QVERIFY(fields.sourceName(200, &source));
        QVERIFY(fields.ok());
        QCOMPARE(fields.problem(), QString());
        QCOMPARE(id, QStringLiteral("news_1"));
        QCOMPARE(title, QStringLiteral("Canteen"));
        QCOMPARE(summary, QStringLiteral("untouched"));
        QVERIFY(pinned);
        QCOMPARE(version, qint64(3));
        QCOMPARE(published, QDateTime(QDate(2026, 12, 1), QTime(8, 0), Qt::UTC));
        QCOMPARE(published.timeSpec(), Qt::UTC);
        QVERIFY(!expires.isValid());
        QCOMPARE(image, QStringLiteral("https://tessera.example/v1/media/m1"));
        QCOMPARE(seats, qint64(12));
        QCOMPARE(source, QStringLiteral("Comms"));
    }

    void namesTheFirstProblem_data()
    {
        QTest::addColumn<QJsonObject>("json");
        QTest::addColumn<QString>("problem");
        const auto row = [](const char *name, const QJsonObject &json, const char *problem) {
            QTest::newRow(name) << json << QString::fromUtf8(problem);
        };
        row("good", post(), "");
        row("no id", with("id", QJsonValue::Undefined), "a post has no valid id");
        row("other prefix", with("id", QStringLiteral("evt_1")), "a post has no valid id");
        row("only the prefix", with("id", QStringLiteral("news_")), "a post has no valid id");
        row("id with a slash", with("id", QStringLiteral("news_a/b")), "a post has no valid id");
        row("id too long", with("id", QStringLiteral("news_%1").arg(QString(124, u'a'))),
            "a post has no valid id");
        row("empty title", with("title", QString()),
            "post news_1: its title is not a text of 1 to 200 characters");
        row("no title", with("title", QJsonValue::Undefined),
            "post news_1: its title is not a text of 1 to 200 characters");
        row("title 201", with("title", QString(201, u'x')),
            "post news_1: its title is not a text of 1 to 200 characters");
        row("summary null", with("summary", QJsonValue()),
            "post news_1: its summary is not a text of at most 500 characters");
        row("summary 501", with("summary", QString(501, u's')),
            "post news_1: its summary is not a text of at most 500 characters");
        row("pinned a text", with("pinned", QStringLiteral("true")),
            "post news_1: its pinned is not true or false");
        row("version 0", with("version", 0), "post news_1: its version is not a positive integer");
        row("version 1.5", with("version", 1.5),
            "post news_1: its version is not a positive integer");
        row("version too big", with("version", 1e16),
            "post news_1: its version is not a positive integer");
        row("published without zone", with("publishedAt", QStringLiteral("2026-12-01T09:00:00")),
            "post news_1: its publishedAt is not an RFC 3339 time");
        row("published null", with("publishedAt", QJsonValue()),
            "post news_1: its publishedAt is not an RFC 3339 time");
        row("expires a number", with("expiresAt", 12),
            "post news_1: its expiresAt is neither null nor an RFC 3339 time");
        row("image http", with("image", QStringLiteral("http://tessera.example/v1/media/m1")),
            "post news_1: its image is neither null nor an https media URL");
        row("image not media", with("image", QStringLiteral("https://tessera.example/x.png")),
            "post news_1: its image is neither null nor an https media URL");
        row("image with fragment", with("image", QStringLiteral("https://t.example/v1/media/m#f")),
            "post news_1: its image is neither null nor an https media URL");
        row("link with user", with("link", QStringLiteral("https://u:p@meet.example.com/")),
            "post news_1: its link is neither null nor an https URL");
        row("link javascript", with("link", QStringLiteral("javascript:alert(1)")),
            "post news_1: its link is neither null nor an https URL");
        row("seats 0", with("seats", 0), "post news_1: its seats is not a number from 1");
        row("no source", with("source", QJsonValue::Undefined),
            "post news_1: its source has no name");
        row("source 201",
            with("source", QJsonObject { { QStringLiteral("name"), QString(201, u'n') } }),
            "post news_1: its source has no name");
        // Two problems: the first one stays.
        QJsonObject two = with("title", 5);
        two.insert(QStringLiteral("version"), 0);
        row("two problems", two, "post news_1: its title is not a text of 1 to 200 characters");
    }

    void namesTheFirstProblem()
    {
        QFETCH(QJsonObject, json);
        QFETCH(QString, problem);
        QCOMPARE(problemOf(json), problem);
    }

    void optionalFieldsMayBeAbsentOrNull()
    {
        for (const QJsonValue &absent : { QJsonValue(), QJsonValue(QJsonValue::Undefined) }) {
            QJsonObject json = post();
            for (const char *name : { "expiresAt", "image", "link", "seats" }) {
                if (absent.isUndefined())
                    json.remove(QLatin1StringView(name));
                else
                    json.insert(QLatin1StringView(name), absent);
            }
            QCOMPARE(problemOf(json), QString());
        }
    }

    void anotherProblemWordingAndTheNounsArticle()
    {
        WireFields event(QJsonObject { { QStringLiteral("id"), QStringLiteral("evt_9") },
                             { QStringLiteral("start"), QStringLiteral("soon") } },
            QStringLiteral("event"));
        QString id;
        QDateTime start;
        QVERIFY(event.id(u"evt_", 128, &id));
        QVERIFY(!event.time("start", &start, QStringLiteral("its start or end is not a time")));
        QCOMPARE(event.problem(), QStringLiteral("event evt_9: its start or end is not a time"));
        QString problem;
        QVERIFY(!event.refuse<int>(&problem));
        QCOMPARE(problem, event.problem());

        WireFields unnamed(QJsonObject {}, QStringLiteral("event"));
        QVERIFY(!unnamed.id(u"evt_", 128, &id));
        QCOMPARE(unnamed.problem(), QStringLiteral("an event has no valid id"));
        // After a problem every read answers false and the first problem stays.
        bool flag = false;
        QVERIFY(!unnamed.flag("cancelled", &flag));
        QCOMPARE(unnamed.problem(), QStringLiteral("an event has no valid id"));
    }

    void anyIdWithoutAPrefix()
    {
        QString id;
        WireFields card(QJsonObject { { QStringLiteral("id"), QStringLiteral("any thing/1") } },
            QStringLiteral("card"));
        QVERIFY(card.id(u"", 200, &id));
        QCOMPARE(id, QStringLiteral("any thing/1"));
        WireFields empty(
            QJsonObject { { QStringLiteral("id"), QString() } }, QStringLiteral("card"));
        QVERIFY(!empty.id(u"", 200, &id));
        QCOMPARE(empty.problem(), QStringLiteral("a card has no valid id"));
    }

    void lengthsCountCodePoints()
    {
        QString title;
        for (int i = 0; i < 200; ++i)
            title += QString::fromUcs4(U"\U0001F4F0");
        QCOMPARE(title.size(), qsizetype(400));
        QCOMPARE(WireFields::characters(title), qsizetype(200));
        QCOMPARE(problemOf(with("title", title)), QString());
        QCOMPARE(problemOf(with("title", QString(title + u'x'))),
            QStringLiteral("post news_1: its title is not a text of 1 to 200 characters"));
        // A lone surrogate is a character of its own.
        QCOMPARE(WireFields::characters(QString(QChar(0xD83D))), qsizetype(1));
    }
};

QTEST_GUILESS_MAIN(TestWireFields)
#include "tst_wirefields.moc"
