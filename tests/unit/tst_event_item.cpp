// An event as the wire contract gives it: every field checked (types, lengths in code points,
// times, a time zone this device knows, https-only online link, capacity, answer and waiting
// place), HTML kept as text, the description's markdown as a card or as plain text.
#include "events/eventitem.h"
#include "eventsfixture.h"

#include <QJsonArray>

using namespace tessera;
using namespace tessera::test;

class TestEventItem : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsEveryField()
    {
        QJsonObject json = wireEvent(QStringLiteral("evt_a1"));
        json.insert(QStringLiteral("onlineUrl"), QStringLiteral("https://meet.example.com/r/1"));
        json.insert(QStringLiteral("myAnswer"), QStringLiteral("waiting"));
        json.insert(QStringLiteral("waitingPlace"), 3);
        json.insert(QStringLiteral("version"), 4);
        json.insert(QStringLiteral("sequence"), 3);
        json.insert(QStringLiteral("unknownField"), QStringLiteral("ignored"));
        QString problem;
        const std::optional<EventItem> read = EventItem::fromJson(json, &problem);
        QVERIFY2(read, qPrintable(problem));
        QCOMPARE(read->id, QStringLiteral("evt_a1"));
        QCOMPARE(read->start, QDateTime(QDate(2027, 7, 10), QTime(8, 0), Qt::UTC));
        QCOMPARE(read->end, QDateTime(QDate(2027, 7, 10), QTime(10, 0), Qt::UTC));
        QCOMPARE(read->timeZone, QStringLiteral("Europe/Berlin"));
        QCOMPARE(read->start.toTimeZone(read->zone()).time(), QTime(10, 0)); // CEST
        QVERIFY(read->hasPlace);
        QCOMPARE(read->placeText(), QStringLiteral("Berlin HQ, Room 4.01"));
        QCOMPARE(read->onlineUrl, QStringLiteral("https://meet.example.com/r/1"));
        QCOMPARE(read->capacity, 20);
        QCOMPARE(read->myAnswer, QStringLiteral("waiting"));
        QCOMPARE(read->waitingPlace, 3);
        QCOMPARE(read->version, 4);
        QCOMPARE(read->sequence, 3);
        QCOMPARE(read->source, QStringLiteral("People team"));
        QVERIFY(!read->cancelled);
        // What it writes, it reads again the same.
        const std::optional<EventItem> again = EventItem::fromJson(read->toJson(), &problem);
        QVERIFY2(again, qPrintable(problem));
        QCOMPARE(again->toJson(), read->toJson());
    }

    void nullsAndAbsentFields()
    {
        QJsonObject json = wireEvent(QStringLiteral("evt_b"));
        json.remove(QStringLiteral("description"));
        json.insert(QStringLiteral("place"), QJsonValue());
        json.insert(QStringLiteral("capacity"), QJsonValue());
        QString problem;
        const std::optional<EventItem> read = EventItem::fromJson(json, &problem);
        QVERIFY2(read, qPrintable(problem));
        QVERIFY(read->description.isEmpty());
        QVERIFY(!read->hasPlace);
        QCOMPARE(read->placeText(), QString());
        QCOMPARE(read->capacity, 0);
        QVERIFY(read->myAnswer.isEmpty());
        QVERIFY(read->descriptionCard().isEmpty());
    }

    void refusesWhatTheContractRulesOut_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("why");
        const auto row = [](const char *name, const char *field, const QJsonValue &value,
                             const char *why) {
            QTest::newRow(name) << QString::fromLatin1(field) << value << QString::fromLatin1(why);
        };
        row("no id", "id", QJsonValue(), "no valid id");
        row("id not evt_", "id", QStringLiteral("news_1"), "no valid id");
        row("id with a slash", "id", QStringLiteral("evt_a/b"), "no valid id");
        row("empty title", "title", QString(), "title");
        row("title 201", "title", QString(201, QLatin1Char('x')), "title");
        row("title a number", "title", 5, "title");
        row("description too long", "description", QString(32769, QLatin1Char('d')), "description");
        row("start not a time", "start", QStringLiteral("tomorrow"), "start or end");
        row("end before start", "end", QStringLiteral("2027-07-10T07:00:00Z"), "after its start");
        row("end equal to start", "end", QStringLiteral("2027-07-10T08:00:00Z"), "after its start");
        row("end 15 days later", "end", QStringLiteral("2027-07-25T08:00:01Z"), "within 14 days");
        row("unknown zone", "timeZone", QStringLiteral("Europe/Atlantis"), "timeZone");
        row("zone a number", "timeZone", 1, "timeZone");
        row("empty zone", "timeZone", QString(), "timeZone");
        row("place a text", "place", QStringLiteral("Berlin"), "place");
        row("site too long", "place",
            QJsonObject { { QStringLiteral("site"), QString(101, QLatin1Char('s')) } }, "place");
        row("http link", "onlineUrl", QStringLiteral("http://meet.example.com/"), "https");
        row("javascript link", "onlineUrl", QStringLiteral("javascript:alert(1)"), "https");
        row("link with user", "onlineUrl", QStringLiteral("https://u:p@meet.example.com/"),
            "https");
        row("capacity 0", "capacity", 0, "capacity");
        row("capacity -1", "capacity", -1, "capacity");
        row("capacity 2.5", "capacity", 2.5, "capacity");
        row("closes not a time", "rsvpClosesAt", QJsonValue(), "rsvpClosesAt");
        row("cancelled a text", "cancelled", QStringLiteral("no"), "cancelled");
        row("version 0", "version", 0, "version");
        row("sequence -1", "sequence", -1, "sequence");
        row("answer unknown", "myAnswer", QStringLiteral("yes"), "myAnswer");
        row("waiting place without waiting", "waitingPlace", 2, "waitingPlace");
        row("waiting place 0", "waitingPlace", 0, "waitingPlace");
        row("no source", "source", QJsonValue(), "source");
    }

    void refusesWhatTheContractRulesOut()
    {
        QFETCH(QString, field);
        QFETCH(QJsonValue, value);
        QFETCH(QString, why);
        QJsonObject json = wireEvent(QStringLiteral("evt_bad"));
        if (value.isUndefined())
            json.remove(field);
        else
            json.insert(field, value);
        QString problem;
        QVERIFY(!EventItem::fromJson(json, &problem));
        QVERIFY2(problem.contains(why), qPrintable(problem));
    }

    void waitingNeedsItsPlace()
    {
        QString problem;
        QVERIFY(!EventItem::fromJson(with(wireEvent(QStringLiteral("evt_w")),
                                         QStringLiteral("myAnswer"), QStringLiteral("waiting")),
            &problem));
        QVERIFY(problem.contains(QStringLiteral("waitingPlace")));
    }

    void lengthsCountCodePoints()
    {
        // 200 characters outside the BMP are 400 UTF-16 units: still a valid title.
        QString title;
        for (int i = 0; i < 200; ++i)
            title += QStringLiteral("🎉");
        QString problem;
        QVERIFY2(
            EventItem::fromJson(
                with(wireEvent(QStringLiteral("evt_c")), QStringLiteral("title"), title), &problem),
            qPrintable(problem));
    }

    void htmlStaysText()
    {
        const QString html = QStringLiteral("<img src=x onerror=alert(1)> & <b>bold</b>");
        const EventItem read =
            eventFrom(with(with(wireEvent(QStringLiteral("evt_h")), QStringLiteral("title"), html),
                QStringLiteral("description"), html));
        QCOMPARE(read.title, html);
        // The card engine refuses tag-like text: the description is then shown as plain text.
        QVERIFY(read.descriptionCard().isEmpty());
    }

    void descriptionAsCardAndPlainText()
    {
        const EventItem read = eventFrom(wireEvent(QStringLiteral("evt_d")));
        const QJsonObject card = read.descriptionCard();
        QCOMPARE(card.value(QStringLiteral("type")).toString(), QStringLiteral("AdaptiveCard"));
        QCOMPARE(card.value(QStringLiteral("body"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("text")),
            read.description);
        QCOMPARE(read.descriptionPlainText(),
            QStringLiteral("Bring a laptop, see the plan (https://example.com/plan)"));
        const EventItem list = eventFrom(with(wireEvent(QStringLiteral("evt_l")),
            QStringLiteral("description"), QStringLiteral("Agenda:\n- _coffee_\n1. talks")));
        QCOMPARE(list.descriptionPlainText(), QStringLiteral("Agenda:\n- coffee\n1. talks"));
    }

    void rsvpOpenUntilClosingOrCancelled()
    {
        const EventItem open = eventFrom(wireEvent(QStringLiteral("evt_o")));
        QVERIFY(open.rsvpOpenAt(QDateTime(QDate(2027, 7, 10), QTime(7, 59), Qt::UTC)));
        QVERIFY(!open.rsvpOpenAt(QDateTime(QDate(2027, 7, 10), QTime(8, 0), Qt::UTC)));
        const EventItem cancelled =
            eventFrom(with(wireEvent(QStringLiteral("evt_x")), QStringLiteral("cancelled"), true));
        QVERIFY(!cancelled.rsvpOpenAt(QDateTime(QDate(2027, 7, 1), QTime(8, 0), Qt::UTC)));
    }
};

QTEST_GUILESS_MAIN(TestEventItem)
#include "tst_event_item.moc"
