// "Add to calendar": the RFC 5545 writer. Escaping and 75-octet folding (never inside a UTF-8
// sequence) checked here; then .ics files of a Berlin event in summer time and one in winter
// time, an Asia/Kolkata one (no DST: one STANDARD), a cancelled one (METHOD:CANCEL,
// STATUS:CANCELLED, its SEQUENCE) and one with a long UTF-8 description are read back by an
// independent parser, Python's icalendar (tests/unit/read_ics.py with /usr/bin/python3), which
// checks UID, DTSTART/DTEND with their offset (also through the file's own VTIMEZONE), SEQUENCE,
// STATUS, SUMMARY, DESCRIPTION, LOCATION, URL, CRLF and the line lengths.
#include "events/eventitem.h"
#include "events/icalendar.h"
#include "eventsfixture.h"

#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>

using namespace tessera;
using namespace tessera::test;

namespace {

const QDateTime kStamp = QDateTime(QDate(2026, 12, 7), QTime(6, 30), Qt::UTC);
const QString kHost = QStringLiteral("tessera.example.com");

} // namespace

class TestICalendar : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    // Writes event's file and lets the Python reader check it against expected (uid, tzid,
    // summary and the times filled in here).
    void readBack(const EventItem &event, QJsonObject expected)
    {
        const QByteArray ics = ICalendar::write(event, kHost, kStamp);
        const QString path = m_dir.filePath(event.id + QStringLiteral(".ics"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(ics), ics.size());
        file.close();
        expected.insert(QStringLiteral("uid"), QString(event.id + QLatin1Char('@') + kHost));
        expected.insert(QStringLiteral("tzid"), event.timeZone);
        expected.insert(QStringLiteral("summary"), event.title);
        expected.insert(QStringLiteral("sequence"), event.sequence);
        expected.insert(QStringLiteral("startUtc"),
            event.start.toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss'Z'")));
        expected.insert(QStringLiteral("endUtc"),
            event.end.toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss'Z'")));
        if (!expected.contains(QStringLiteral("location")))
            expected.insert(QStringLiteral("location"), event.placeText());
        QProcess python;
        python.setProcessChannelMode(QProcess::MergedChannels);
        python.start(QStringLiteral("/usr/bin/python3"),
            { QStringLiteral(TESSERA_ICS_READER), path,
                QString::fromUtf8(QJsonDocument(expected).toJson(QJsonDocument::Compact)) });
        QVERIFY2(python.waitForFinished(60000), "the Python reader did not finish");
        const QByteArray output = python.readAll();
        QVERIFY2(python.exitStatus() == QProcess::NormalExit && python.exitCode() == 0,
            output.constData());
    }

private Q_SLOTS:
    void escapesText()
    {
        QCOMPARE(ICalendar::escapeText(QStringLiteral("a\\b;c,d\ne\r\u0001f\tg")),
            QStringLiteral("a\\\\b\\;c\\,d\\ne"
                           "f\tg"));
        QCOMPARE(ICalendar::escapeText(QStringLiteral("Grüße: 🎉")), QStringLiteral("Grüße: 🎉"));
    }

    void foldsAt75OctetsWithoutSplittingUtf8()
    {
        // "DESCRIPTION:" then 100 two-octet and 50 four-octet characters.
        QString text;
        for (int i = 0; i < 100; ++i)
            text += QStringLiteral("é");
        for (int i = 0; i < 50; ++i)
            text += QStringLiteral("🎉");
        const QByteArray line = "DESCRIPTION:" + text.toUtf8();
        const QByteArray folded = ICalendar::fold(line);
        QVERIFY(folded.endsWith("\r\n"));
        const QList<QByteArray> lines = folded.chopped(2).split('\n');
        QVERIFY(lines.size() > 5);
        QByteArray joined;
        for (int i = 0; i < lines.size(); ++i) {
            QByteArray physical = lines.at(i);
            if (i + 1 < lines.size()) {
                QVERIFY(physical.endsWith('\r'));
                physical.chop(1);
            }
            QVERIFY2(physical.size() <= 75, physical.constData());
            QVERIFY(QString::fromUtf8(physical).toUtf8() == physical); // whole characters
            if (i > 0) {
                QVERIFY(physical.startsWith(' '));
                physical.remove(0, 1);
            }
            joined += physical;
        }
        QCOMPARE(joined, line);
        // A line of 75 octets stays whole; 76 folds.
        QCOMPARE(ICalendar::fold(QByteArray(75, 'x')), QByteArray(75, 'x') + "\r\n");
        QCOMPARE(ICalendar::fold(QByteArray(76, 'x')), QByteArray(75, 'x') + "\r\n x\r\n");
    }

    void berlinInSummerAndWinter()
    {
        QJsonObject summer = wireEvent(QStringLiteral("evt_summer"));
        summer.insert(QStringLiteral("onlineUrl"), QStringLiteral("https://meet.example.com/r/1"));
        const EventItem july = eventFrom(summer);
        const QByteArray ics = ICalendar::write(july, kHost, kStamp);
        QVERIFY(ics.contains("\r\nDTSTART;TZID=Europe/Berlin:20270710T100000\r\n"));
        QVERIFY(ics.contains("\r\nDTSTAMP:20261207T063000Z\r\n"));
        QVERIFY(ics.contains("BEGIN:DAYLIGHT\r\n"));
        QVERIFY(ics.contains("BEGIN:STANDARD\r\n"));
        QVERIFY(ics.contains("TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n"));
        QCOMPARE(ics.count('\n'), ics.count("\r\n")); // no bare LF
        readBack(july,
            QJsonObject { { QStringLiteral("offsetSeconds"), 7200 },
                { QStringLiteral("method"), QStringLiteral("PUBLISH") },
                { QStringLiteral("status"), QStringLiteral("CONFIRMED") },
                { QStringLiteral("description"),
                    QStringLiteral("Bring a laptop, see the plan (https://example.com/plan)") },
                { QStringLiteral("location"), QStringLiteral("Berlin HQ, Room 4.01") },
                { QStringLiteral("url"), QStringLiteral("https://meet.example.com/r/1") } });

        // Across the end of summer time (31 October 2027): starts at +02:00, ends at +01:00.
        const EventItem autumn = eventFrom(wireEvent(QStringLiteral("evt_autumn"),
            QStringLiteral("2027-10-29T16:00:00Z"), QStringLiteral("2027-11-01T16:00:00Z")));
        QVERIFY(ICalendar::write(autumn, kHost, kStamp)
                    .contains("\r\nDTEND;TZID=Europe/Berlin:20271101T170000\r\n"));
        readBack(autumn,
            QJsonObject { { QStringLiteral("offsetSeconds"), 7200 },
                { QStringLiteral("endOffsetSeconds"), 3600 },
                { QStringLiteral("method"), QStringLiteral("PUBLISH") },
                { QStringLiteral("status"), QStringLiteral("CONFIRMED") },
                { QStringLiteral("description"),
                    QStringLiteral("Bring a laptop, see the plan (https://example.com/plan)") } });
        const EventItem january = eventFrom(wireEvent(QStringLiteral("evt_winter"),
            QStringLiteral("2027-01-15T09:00:00Z"), QStringLiteral("2027-01-15T10:30:00Z")));
        QVERIFY(ICalendar::write(january, kHost, kStamp)
                    .contains("\r\nDTSTART;TZID=Europe/Berlin:20270115T100000\r\n"));
        readBack(january,
            QJsonObject { { QStringLiteral("offsetSeconds"), 3600 },
                { QStringLiteral("method"), QStringLiteral("PUBLISH") },
                { QStringLiteral("status"), QStringLiteral("CONFIRMED") },
                { QStringLiteral("description"),
                    QStringLiteral("Bring a laptop, see the plan (https://example.com/plan)") } });
    }

    void kolkataHasOneStandard()
    {
        QJsonObject json =
            wireEvent(QStringLiteral("evt_kolkata"), QStringLiteral("2027-03-02T04:30:00Z"),
                QStringLiteral("2027-03-02T06:00:00Z"), QStringLiteral("Asia/Kolkata"));
        json.insert(QStringLiteral("place"), QJsonValue());
        json.insert(QStringLiteral("description"), QString());
        const EventItem kolkata = eventFrom(json);
        const QByteArray ics = ICalendar::write(kolkata, kHost, kStamp);
        QCOMPARE(ics.count("BEGIN:STANDARD"), 1);
        QVERIFY(!ics.contains("DAYLIGHT"));
        QVERIFY(ics.contains("TZOFFSETTO:+0530\r\n"));
        QVERIFY(ics.contains("\r\nDTSTART;TZID=Asia/Kolkata:20270302T100000\r\n"));
        readBack(kolkata,
            QJsonObject { { QStringLiteral("offsetSeconds"), 19800 },
                { QStringLiteral("method"), QStringLiteral("PUBLISH") },
                { QStringLiteral("status"), QStringLiteral("CONFIRMED") },
                { QStringLiteral("description"), QJsonValue() },
                { QStringLiteral("location"), QJsonValue() } });
    }

    void cancelledEvent()
    {
        QJsonObject json = wireEvent(QStringLiteral("evt_cancelled"));
        json.insert(QStringLiteral("cancelled"), true);
        json.insert(QStringLiteral("version"), 3);
        json.insert(QStringLiteral("sequence"), 2);
        const EventItem cancelled = eventFrom(json);
        const QByteArray ics = ICalendar::write(cancelled, kHost, kStamp);
        QVERIFY(ics.contains("\r\nMETHOD:CANCEL\r\n"));
        QVERIFY(ics.contains("\r\nSTATUS:CANCELLED\r\n"));
        QVERIFY(ics.contains("\r\nSEQUENCE:2\r\n"));
        readBack(cancelled,
            QJsonObject { { QStringLiteral("offsetSeconds"), 7200 },
                { QStringLiteral("method"), QStringLiteral("CANCEL") },
                { QStringLiteral("status"), QStringLiteral("CANCELLED") },
                { QStringLiteral("description"),
                    QStringLiteral("Bring a laptop, see the plan (https://example.com/plan)") } });
    }

    void longUtf8Description()
    {
        QString description;
        for (int i = 0; i < 40; ++i)
            description += QStringLiteral("Grüße, Ünïcødé; 🎉 naïve\\ text %1\n").arg(i);
        description += QStringLiteral("Ende");
        QJsonObject json = wireEvent(QStringLiteral("evt_utf8"));
        json.insert(QStringLiteral("description"), description);
        json.insert(QStringLiteral("title"), QStringLiteral("Sommerfest, Café; «Zürich» 🎉"));
        json.insert(QStringLiteral("place"),
            QJsonObject { { QStringLiteral("site"), QStringLiteral("Zürich, Seefeld") },
                { QStringLiteral("room"), QStringLiteral("Saal; 3") } });
        const EventItem utf8 = eventFrom(json);
        QString plain = description;
        plain.replace(QStringLiteral("\\ "), QStringLiteral(" ")); // a markdown escape
        readBack(utf8,
            QJsonObject { { QStringLiteral("offsetSeconds"), 7200 },
                { QStringLiteral("method"), QStringLiteral("PUBLISH") },
                { QStringLiteral("status"), QStringLiteral("CONFIRMED") },
                { QStringLiteral("description"), utf8.descriptionPlainText() },
                { QStringLiteral("location"), QStringLiteral("Zürich, Seefeld, Saal; 3") } });
        QVERIFY(utf8.descriptionPlainText().contains(QStringLiteral("Grüße, Ünïcødé; 🎉")));
        QVERIFY(utf8.descriptionPlainText().endsWith(QStringLiteral("Ende")));
    }
};

QTEST_GUILESS_MAIN(TestICalendar)
#include "tst_icalendar.moc"
