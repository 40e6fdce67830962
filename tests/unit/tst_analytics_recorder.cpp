// The analytics recorder and its queue on a real SQLCipher file, with the recorder's clock in
// the test's hands:
// - nothing is recorded before the consent or the organisation's default is known, nor with
//   the default off; the person's choice outranks the default;
// - events are counted per (day, kind, name, platform, version); names are checked; errors
//   only of the kinds on the list (AnalyticsErrorKinds);
// - the installation id is random, kept, and rotated after 30 days (the previous one kept);
// - opting out empties the queue and queues both ids to drop; opting in again makes a new id;
// - a sent batch is taken off the queue, keeping what was counted while it was on its way.
#include "analytics/analyticscachemigrations.h"
#include "analytics/analyticserrorkinds.h"
#include "analytics/analyticsqueue.h"
#include "analytics/analyticsrecorder.h"
#include "storage/database.h"
#include "storage/databaseschema.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace tessera;

class TestAnalyticsRecorder : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_files = 0;
    QDateTime m_now;

    static const DatabaseSchema &schema()
    {
        static const DatabaseSchema schema =
            DatabaseSchema::base().add(QStringLiteral("analytics"), analyticsCacheMigrations());
        return schema;
    }

    std::shared_ptr<Database> open()
    {
        DatabaseOpenResult opened =
            Database::open(m_dir.filePath(QStringLiteral("analytics-%1.db").arg(++m_files)),
                Database::newKey(), schema());
        return opened.database;
    }

    AnalyticsRecorder::Now clock()
    {
        return [this] { return m_now; };
    }

private Q_SLOTS:
    void init() { m_now = QDateTime(QDate(2026, 12, 7), QTime(9, 0), QTimeZone::utc()); }

    void consentDecides()
    {
        AnalyticsQueue store;
        AnalyticsRecorder recorder(
            store, QStringLiteral("linux"), QStringLiteral("1.4.0"), clock());
        // No database: nothing.
        QVERIFY(!recorder.screenViewed(QStringLiteral("inbox")));
        store.setDatabase(open());
        QVERIFY(store.hasDatabase());
        // Neither a choice nor the default known yet.
        QCOMPARE(recorder.consent(), AnalyticsRecorder::Consent::Unset);
        QVERIFY(!recorder.enabled());
        QVERIFY(!recorder.screenViewed(QStringLiteral("inbox")));
        recorder.setServerDefault(false);
        QVERIFY(!recorder.screenViewed(QStringLiteral("inbox")));
        QSignalSpy changed(&recorder, &AnalyticsRecorder::consentChanged);
        recorder.setServerDefault(true);
        QCOMPARE(changed.size(), 1);
        QVERIFY(recorder.enabled());
        QVERIFY(recorder.needsAnswer());
        QVERIFY(recorder.screenViewed(QStringLiteral("Inbox"))); // lower-cased
        QVERIFY(recorder.screenViewed(QStringLiteral("inbox")));
        QVERIFY(recorder.featureUsed(QStringLiteral("pass.show")));
        QVERIFY(!recorder.errorShown(QString()));
        QVERIFY(!recorder.errorShown(QStringLiteral("no spaces")));
        QVERIFY(!recorder.errorShown(QString(65, u'a')));
        const QList<AnalyticsLine> lines = store.lines(10);
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines.at(0),
            (AnalyticsLine { QStringLiteral("2026-12-07"), QStringLiteral("feature"),
                QStringLiteral("pass.show"), QStringLiteral("linux"), QStringLiteral("1.4.0"),
                1 }));
        QCOMPARE(lines.at(1).name, QStringLiteral("inbox"));
        QCOMPARE(lines.at(1).count, 2);
        // The next day is a line of its own.
        m_now = m_now.addDays(1);
        QVERIFY(recorder.screenViewed(QStringLiteral("inbox")));
        QCOMPARE(store.lineCount(), 3);

        // The person's choice outranks the default, both ways.
        recorder.setConsent(true);
        recorder.setServerDefault(false);
        QVERIFY(recorder.enabled());
        QVERIFY(!recorder.needsAnswer());
        recorder.setConsent(false);
        recorder.setServerDefault(true);
        QVERIFY(!recorder.enabled());
        QVERIFY(!recorder.screenViewed(QStringLiteral("inbox")));
        QCOMPARE(store.lineCount(), 0);
    }

    // Errors: only the kinds on the list (never an error's words), each its own line.
    void errorKindsFromTheList()
    {
        AnalyticsQueue store;
        store.setDatabase(open());
        AnalyticsRecorder recorder(
            store, QStringLiteral("linux"), QStringLiteral("1.4.0"), clock());
        recorder.setConsent(true);
        const QStringList kinds = AnalyticsErrorKinds::all();
        QVERIFY(kinds.size() >= 10);
        static const QRegularExpression name(QStringLiteral("^[a-z0-9._-]{1,64}$"));
        for (const QString &kind : kinds) {
            QVERIFY2(name.match(kind).hasMatch(), qPrintable(kind));
            QVERIFY2(recorder.errorShown(kind), qPrintable(kind));
        }
        QCOMPARE(store.lineCount(), kinds.size());
        for (const AnalyticsLine &line : store.lines(500)) {
            QCOMPARE(line.kind, QStringLiteral("error"));
            QVERIFY(kinds.contains(line.name));
            QCOMPARE(line.count, 1);
        }
        // Not on the list: a well-formed name, a kind in capitals, an error's words.
        QVERIFY(!AnalyticsErrorKinds::isKnown(QStringLiteral("sync.failed")));
        QVERIFY(!recorder.errorShown(QStringLiteral("sync.failed")));
        QVERIFY(!recorder.errorShown(QStringLiteral("INBOX.SYNC")));
        QVERIFY(!recorder.errorShown(QStringLiteral("Could not reach the server")));
        QVERIFY(!recorder.screenViewed(QString()));
        QCOMPARE(store.lineCount(), kinds.size());
        // Off: a known kind is not recorded either.
        recorder.setConsent(false);
        QVERIFY(!recorder.errorShown(kinds.constFirst()));
        QCOMPARE(store.lineCount(), 0);
    }

    void installationRotates()
    {
        AnalyticsQueue store;
        store.setDatabase(open());
        AnalyticsRecorder recorder(
            store, QStringLiteral("linux"), QStringLiteral("1.4.0"), clock());
        const QString first = recorder.installationId();
        QVERIFY(
            QRegularExpression(QStringLiteral("^[A-Za-z0-9_-]{22,64}$")).match(first).hasMatch());
        m_now = m_now.addDays(29);
        QCOMPARE(recorder.installationId(), first);
        // Another recorder on the same database: the same id (kept, not in memory).
        AnalyticsRecorder again(store, QStringLiteral("linux"), QStringLiteral("1.4.0"), clock());
        QCOMPARE(again.installationId(), first);
        m_now = m_now.addDays(1);
        const QString second = recorder.installationId();
        QVERIFY(second != first);
        QCOMPARE(recorder.installationId(), second);
        // Another database (another person): another id.
        AnalyticsQueue other;
        other.setDatabase(open());
        AnalyticsRecorder theirs(other, QStringLiteral("linux"), QStringLiteral("1.4.0"), clock());
        QVERIFY(theirs.installationId() != second);

        // Opting out: both ids to drop, the queue emptied.
        recorder.setConsent(true);
        QVERIFY(recorder.screenViewed(QStringLiteral("inbox")));
        QSignalSpy drops(&recorder, &AnalyticsRecorder::dropsQueued);
        recorder.setConsent(false);
        QCOMPARE(drops.size(), 1);
        QCOMPARE(store.lineCount(), 0);
        QStringList pending = recorder.pendingDrops();
        pending.sort();
        QStringList expected { first, second };
        expected.sort();
        QCOMPARE(pending, expected);
        recorder.dropDone(first);
        QCOMPARE(recorder.pendingDrops(), QStringList { second });
        // Opting in again: a new id, never one of those.
        recorder.setConsent(true);
        const QString third = recorder.installationId();
        QVERIFY(third != first && third != second);
        QCOMPARE(recorder.pendingDrops(), QStringList { second });
    }

    void sentLinesLeaveTheQueue()
    {
        AnalyticsQueue store;
        const std::shared_ptr<Database> database = open();
        store.setDatabase(database);
        AnalyticsRecorder recorder(
            store, QStringLiteral("linux"), QStringLiteral("1.4.0"), clock());
        recorder.setConsent(true);
        for (int i = 0; i < 3; ++i)
            QVERIFY(recorder.screenViewed(QStringLiteral("inbox")));
        QVERIFY(recorder.errorShown(QStringLiteral("inbox.sync")));
        const QList<AnalyticsLine> sent = store.lines(500);
        QCOMPARE(sent.size(), 2);
        // Two more while the batch was on its way.
        QVERIFY(recorder.screenViewed(QStringLiteral("inbox")));
        QVERIFY(recorder.screenViewed(QStringLiteral("inbox")));
        QVERIFY(store.remove(sent));
        const QList<AnalyticsLine> left = store.lines(500);
        QCOMPARE(left.size(), 1);
        QCOMPARE(left.first().name, QStringLiteral("inbox"));
        QCOMPARE(left.first().count, 2);
        // A count stops at the server's bound (one transaction: 10,000 commits would take long).
        QVERIFY(database->exec("BEGIN"));
        for (qint64 i = 0; i < AnalyticsQueue::maxCount; ++i)
            QVERIFY(store.add(left.first()));
        QVERIFY(database->exec("COMMIT"));
        QCOMPARE(store.lines(1).first().count, AnalyticsQueue::maxCount);
    }
};

QTEST_GUILESS_MAIN(TestAnalyticsRecorder)
#include "tst_analytics_recorder.moc"
