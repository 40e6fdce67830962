// The desktop's "Add to calendar" (platform/desktop): the event's .ics is written into the app's
// data folder as calendar/<id>.ics (never a shared temporary folder) and handed to the opener
// (the system's handler in the app, a recorder here); an id that is not an event id never
// becomes a path; an opener that fails is said.
#include "desktop/desktopcalendarexport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace tessera;

class TestDesktopCalendar : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void writesIntoTheDataFolderAndOpens()
    {
        QTemporaryDir data;
        QList<QUrl> opened;
        DesktopCalendarExport calendar(data.path(), [&opened](const QUrl &file) {
            opened.append(file);
            return true;
        });
        const QByteArray ics = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n";
        QCOMPARE(calendar.open(QStringLiteral("evt_abc.1"), ics), QString());
        const QString path = QDir(data.path()).filePath(QStringLiteral("calendar/evt_abc.1.ics"));
        QCOMPARE(opened, QList<QUrl> { QUrl::fromLocalFile(path) });
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), ics);

        // The same event again replaces its file.
        QCOMPARE(calendar.open(QStringLiteral("evt_abc.1"), "second"), QString());
        file.close();
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("second"));
    }

    void refusesIdsThatAreNoEventIds()
    {
        QTemporaryDir data;
        int opened = 0;
        DesktopCalendarExport calendar(data.path(), [&opened](const QUrl &) {
            ++opened;
            return true;
        });
        for (const QString &id : { QStringLiteral("evt_../../x"), QStringLiteral("../evt_x"),
                 QStringLiteral("evt_a/b"), QStringLiteral("news_1"), QString() })
            QVERIFY2(!calendar.open(id, "x").isEmpty(), qPrintable(id));
        QCOMPARE(opened, 0);
        QVERIFY(!QDir(data.path()).exists(QStringLiteral("calendar"))
            || QDir(data.path() + QStringLiteral("/calendar")).isEmpty());
    }

    void saysWhenNothingOpensIt()
    {
        QTemporaryDir data;
        DesktopCalendarExport calendar(data.path(), [](const QUrl &) { return false; });
        QVERIFY(!calendar.open(QStringLiteral("evt_a"), "x").isEmpty());
        // Written anyway: the person finds it in the data folder.
        QVERIFY(QFile::exists(data.filePath(QStringLiteral("calendar/evt_a.ics"))));
    }
};

QTEST_GUILESS_MAIN(TestDesktopCalendar)
#include "tst_desktopcalendar.moc"
