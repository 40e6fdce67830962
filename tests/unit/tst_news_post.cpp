// A news post as the wire contract gives it (GET /v1/news, NewsPost): every field checked for
// its type, length and form, the card through CardParser, times as RFC 3339, the image only an
// https media URL; HTML-like text stays text (never markup), and the body is shown through the
// card engine's markdown runs only when CardParser takes it.
#include "cards/cardparser.h"
#include "news/newspost.h"
#include "newsfixture.h"

#include <QJsonDocument>

using namespace tessera;
using namespace tessera::test;

class TestNewsPost : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsEveryField()
    {
        QJsonObject json =
            wirePost(QStringLiteral("news_a1"), QStringLiteral("2026-12-01T09:00:00Z"), true, true);
        json.insert(QStringLiteral("card"), textCard(QStringLiteral("On the card")));
        json.insert(
            QStringLiteral("image"), QStringLiteral("https://tessera.example/v1/media/med_1"));
        json.insert(QStringLiteral("expiresAt"), QStringLiteral("2026-12-31T00:00:00+01:00"));
        json.insert(QStringLiteral("version"), 3);
        json.insert(QStringLiteral("unknownLater"), QStringLiteral("ignored"));
        QString problem;
        const auto post = NewsPost::fromJson(json, &problem);
        QVERIFY2(post, qPrintable(problem));
        QCOMPARE(post->id, QStringLiteral("news_a1"));
        QCOMPARE(post->title, QStringLiteral("Title of news_a1"));
        QCOMPARE(post->summary, QStringLiteral("Summary of news_a1"));
        QCOMPARE(post->category, QStringLiteral("Company"));
        QVERIFY(post->pinned);
        QVERIFY(post->read);
        QCOMPARE(post->version, 3);
        QCOMPARE(post->publishedAt, QDateTime(QDate(2026, 12, 1), QTime(9, 0), Qt::UTC));
        QCOMPARE(post->expiresAt, QDateTime(QDate(2026, 12, 30), QTime(23, 0), Qt::UTC));
        QCOMPARE(post->image, QStringLiteral("https://tessera.example/v1/media/med_1"));
        QVERIFY(post->hasCard());
        QCOMPARE(post->source, QStringLiteral("Communications"));
        QVERIFY(post->isExpiredAt(QDateTime(QDate(2027, 1, 1), QTime(0, 0), Qt::UTC)));
        QVERIFY(!post->isExpiredAt(QDateTime(QDate(2026, 12, 2), QTime(0, 0), Qt::UTC)));

        // Written back in the wire's shape and read again: the same post.
        const auto again = NewsPost::fromJson(post->toJson(), &problem);
        QVERIFY2(again, qPrintable(problem));
        QCOMPARE(again->toJson(), post->toJson());
    }

    void optionalFieldsDefaultToEmpty()
    {
        QJsonObject json = wirePost(QStringLiteral("news_min"));
        for (const char *name : { "summary", "body", "category", "card", "image", "expiresAt" })
            json.remove(QLatin1StringView(name));
        QString problem;
        const auto post = NewsPost::fromJson(json, &problem);
        QVERIFY2(post, qPrintable(problem));
        QVERIFY(post->summary.isEmpty() && post->body.isEmpty() && post->category.isEmpty());
        QVERIFY(!post->hasCard());
        QVERIFY(post->image.isEmpty());
        QVERIFY(!post->expiresAt.isValid());
        QVERIFY(post->bodyCard().isEmpty());
    }

    void refusesBadFields_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("named");

        const QString longText201 = QString(201, u'x');
        QTest::newRow("id missing") << "id" << QJsonValue() << "no valid id";
        QTest::newRow("id a number") << "id" << QJsonValue(5) << "no valid id";
        QTest::newRow("id without news_")
            << "id" << QJsonValue(QStringLiteral("card_1")) << "no valid id";
        QTest::newRow("id with a slash")
            << "id" << QJsonValue(QStringLiteral("news_a/b")) << "no valid id";
        QTest::newRow("id too long")
            << "id" << QJsonValue(QString(QStringLiteral("news_") + QString(200, u'a')))
            << "no valid id";
        QTest::newRow("title empty") << "title" << QJsonValue(QString()) << "title";
        QTest::newRow("title missing") << "title" << QJsonValue(QJsonValue::Undefined) << "title";
        QTest::newRow("title a number") << "title" << QJsonValue(7) << "title";
        QTest::newRow("title 201 characters") << "title" << QJsonValue(longText201) << "title";
        QTest::newRow("summary an object") << "summary" << QJsonValue(QJsonObject()) << "summary";
        QTest::newRow("summary 501 characters")
            << "summary" << QJsonValue(QString(501, u's')) << "summary";
        QTest::newRow("summary null") << "summary" << QJsonValue() << "summary";
        QTest::newRow("body 32769 characters")
            << "body" << QJsonValue(QString(32769, u'b')) << "body";
        QTest::newRow("body an array") << "body" << QJsonValue(QJsonArray()) << "body";
        QTest::newRow("category 65 characters")
            << "category" << QJsonValue(QString(65, u'c')) << "category";
        QTest::newRow("category true") << "category" << QJsonValue(true) << "category";
        QTest::newRow("pinned a string")
            << "pinned" << QJsonValue(QStringLiteral("true")) << "pinned";
        QTest::newRow("pinned missing")
            << "pinned" << QJsonValue(QJsonValue::Undefined) << "pinned";
        QTest::newRow("read a number") << "read" << QJsonValue(1) << "read";
        QTest::newRow("version zero") << "version" << QJsonValue(0) << "version";
        QTest::newRow("version a fraction") << "version" << QJsonValue(1.5) << "version";
        QTest::newRow("version a string")
            << "version" << QJsonValue(QStringLiteral("1")) << "version";
        QTest::newRow("publishedAt not a time")
            << "publishedAt" << QJsonValue(QStringLiteral("yesterday")) << "publishedAt";
        QTest::newRow("publishedAt null") << "publishedAt" << QJsonValue() << "publishedAt";
        QTest::newRow("expiresAt a number") << "expiresAt" << QJsonValue(12) << "expiresAt";
        QTest::newRow("expiresAt no zone")
            << "expiresAt" << QJsonValue(QStringLiteral("2026-12-01T09:00:00")) << "expiresAt";
        QTest::newRow("image http")
            << "image" << QJsonValue(QStringLiteral("http://tessera.example/v1/media/m"))
            << "image";
        QTest::newRow("image not media")
            << "image" << QJsonValue(QStringLiteral("https://tessera.example/x.png")) << "image";
        QTest::newRow("image javascript")
            << "image" << QJsonValue(QStringLiteral("javascript:alert(1)")) << "image";
        QTest::newRow("image with a user")
            << "image" << QJsonValue(QStringLiteral("https://u:p@tessera.example/v1/media/m"))
            << "image";
        QTest::newRow("image an object") << "image" << QJsonValue(QJsonObject()) << "image";
        QTest::newRow("card a string") << "card" << QJsonValue(QStringLiteral("{}")) << "card";
        QTest::newRow("card empty") << "card" << QJsonValue(QJsonObject()) << "card";
        QTest::newRow("card not a card")
            << "card"
            << QJsonValue(QJsonObject { { QStringLiteral("type"), QStringLiteral("Nope") } })
            << "card does not parse";
        QTest::newRow("card with HTML")
            << "card" << QJsonValue(textCard(QStringLiteral("<b>x</b>"))) << "card does not parse";
        QTest::newRow("source missing")
            << "source" << QJsonValue(QJsonValue::Undefined) << "source";
        QTest::newRow("source name a number")
            << "source" << QJsonValue(QJsonObject { { QStringLiteral("name"), 3 } }) << "source";
    }

    void refusesBadFields()
    {
        QFETCH(QString, field);
        QFETCH(QJsonValue, value);
        QFETCH(QString, named);
        QJsonObject json = wirePost(QStringLiteral("news_bad"));
        if (value.isUndefined())
            json.remove(field);
        else
            json.insert(field, value);
        // The unchanged post is taken: only the field makes the difference.
        QVERIFY(NewsPost::fromJson(wirePost(QStringLiteral("news_bad")), nullptr));
        QString problem;
        QVERIFY(!NewsPost::fromJson(json, &problem));
        QVERIFY2(problem.contains(named), qPrintable(problem));
    }

    void lengthsCountCharactersNotUtf16Units()
    {
        // 200 characters outside the BMP are 400 UTF-16 units: still a valid title.
        QString title;
        for (int i = 0; i < 200; ++i)
            title += QString::fromUcs4(U"\U0001F4F0");
        QJsonObject json = wirePost(QStringLiteral("news_emoji"));
        json.insert(QStringLiteral("title"), title);
        QVERIFY(NewsPost::fromJson(json, nullptr));
        json.insert(QStringLiteral("title"), QString(title + u'x'));
        QVERIFY(!NewsPost::fromJson(json, nullptr));
    }

    void htmlStaysText()
    {
        QJsonObject json = wirePost(QStringLiteral("news_html"));
        json.insert(QStringLiteral("title"), QStringLiteral("<b>Bold</b> & <script>x</script>"));
        json.insert(QStringLiteral("summary"), QStringLiteral("<img src=x onerror=alert(1)>"));
        json.insert(QStringLiteral("category"), QStringLiteral("<i>cat</i>"));
        json.insert(QStringLiteral("body"), QStringLiteral("<h1>Head</h1> **strong**"));
        QString problem;
        const auto post = NewsPost::fromJson(json, &problem);
        QVERIFY2(post, qPrintable(problem));
        // Kept exactly as written: no tag removed, none interpreted.
        QCOMPARE(post->title, QStringLiteral("<b>Bold</b> & <script>x</script>"));
        QCOMPARE(post->summary, QStringLiteral("<img src=x onerror=alert(1)>"));
        QCOMPARE(post->category, QStringLiteral("<i>cat</i>"));
        QCOMPARE(post->body, QStringLiteral("<h1>Head</h1> **strong**"));
        // The card engine refuses tag-like text: the body is not turned into a card, the page
        // shows it as plain text.
        QVERIFY(post->bodyCard().isEmpty());
    }

    void bodyBecomesACardOfMarkdownRuns()
    {
        const NewsPost news = post(wirePost(QStringLiteral("news_md")));
        const QJsonObject card = news.bodyCard();
        QVERIFY(!card.isEmpty());
        const cards::CardParseResult parsed = cards::CardParser().parse(card);
        QVERIFY(parsed.isValid());
        QCOMPARE(parsed.card.links, QStringList { QStringLiteral("https://example.com/x") });
        const cards::CardElement &block = parsed.card.body.front();
        QCOMPARE(block.markdown.size(), 1);
        const cards::MarkdownBlock &runs = block.markdown.constFirst();
        QCOMPARE(runs.runs.constFirst().text, QStringLiteral("Bold"));
        QVERIFY(runs.runs.constFirst().bold);
        QCOMPARE(runs.runs.constLast().link, 0);
        QCOMPARE(runs.plainText(), QStringLiteral("Bold news with a link"));

        // A link that is not https is never a link of the card: the body is plain text then.
        QJsonObject json = wirePost(QStringLiteral("news_ftp"));
        json.insert(QStringLiteral("body"), QStringLiteral("see [here](http://plain.example/)"));
        QVERIFY(post(json).bodyCard().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestNewsPost)
#include "tst_news_post.moc"
