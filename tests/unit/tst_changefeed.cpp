// The change feed (server/src/feed/changefeed.h) on a temporary SQLite database: cursors in
// commit order under concurrent writers, changes since a cursor, rollback, listeners; the audience
// write loop (AudienceWrite) resolving again after a stale step, at most maxAttempts times.
#include "base/clock.h"
#include "domainsql.h"
#include "feed/audiencewrite.h"
#include "feed/changefeed.h"
#include "feed/changetransaction.h"
#include "storage/storage.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <memory>

using namespace tessera::server;

class TestChangeFeed : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Storage> m_storage;
    Clock m_clock;
    std::unique_ptr<ChangeFeed> m_feed;

    std::optional<qint64> write(const Change &change, bool commit = true)
    {
        ChangeTransaction transaction(*m_feed);
        const std::optional<qint64> cursor = transaction.record(change);
        if (!cursor || (commit && !transaction.commit()))
            return std::nullopt;
        return cursor;
    }

    qint64 newest()
    {
        const auto all = m_feed->changesSince(0, 1000000);
        return all && !all->isEmpty() ? all->constLast().cursor : 0;
    }

private Q_SLOTS:
    void init()
    {
        QString error;
        m_storage = tessera::test::openDomainStorage(m_dir, &error);
        QVERIFY2(m_storage, qPrintable(error));
        m_feed = std::make_unique<ChangeFeed>(*m_storage, m_clock);
        m_feed->registerKind(QStringLiteral("inbox"));
        m_feed->registerKind(QStringLiteral("news"));
    }

    void cleanup()
    {
        m_feed.reset();
        m_storage.reset();
        QFile::remove(m_dir.filePath(QStringLiteral("tessera.db"))); // openDomainStorage's file
    }

    void recordsKindsPeopleAndAudiences()
    {
        const auto first = write(
            Change::of(QStringLiteral("inbox"), { QStringLiteral("u1"), QStringLiteral("u2") }));
        const auto second =
            write(Change { QStringLiteral("news"), {}, QStringLiteral("geo:DE"), 0 });
        QVERIFY(first && second);
        QVERIFY(*second > *first);

        const auto all = m_feed->changesSince(0, 10);
        QVERIFY(all);
        QCOMPARE(all->size(), 2);
        QCOMPARE(all->at(0).cursor, *first);
        QCOMPARE(all->at(0).kind, QStringLiteral("inbox"));
        QCOMPARE(all->at(0).people, QStringList({ QStringLiteral("u1"), QStringLiteral("u2") }));
        QVERIFY(all->at(0).audience.isEmpty());
        QCOMPARE(all->at(1).kind, QStringLiteral("news"));
        QVERIFY(all->at(1).people.isEmpty());
        QCOMPARE(all->at(1).audience, QStringLiteral("geo:DE"));

        // Since a cursor, of one kind, at most limit.
        QCOMPARE(m_feed->changesSince(*first, 10)->size(), 1);
        QCOMPARE(m_feed->changesSince(0, 10, QStringLiteral("news"))->constFirst().cursor, *second);
        QCOMPARE(m_feed->changesSince(0, 1)->size(), 1);
        QVERIFY(m_feed->changesSince(*second, 10)->isEmpty());
    }

    void audienceWriteResolvesAgainWhileStale()
    {
        int resolved = 0;
        int steps = 0;
        const AudienceWrite::Audiences audiences = [&](QSqlDatabase &) {
            ++resolved;
            return std::optional<QStringList>(
                QStringList { QStringLiteral("{\"everyone\":true}") });
        };
        // Stale twice (what was recorded then is rolled back), then written.
        const AudienceWrite::Write staleTwice = [&](ChangeTransaction &transaction,
                                                    const QStringList &) {
            const bool recorded =
                transaction
                    .record(Change { QStringLiteral("news"), {}, QString::number(++steps), 0 })
                    .has_value();
            if (!recorded)
                return AudienceWrite::Step::Failed;
            if (steps < 3)
                return AudienceWrite::Step::Stale;
            return transaction.commit() ? AudienceWrite::Step::Done : AudienceWrite::Step::Failed;
        };
        QVERIFY(AudienceWrite::run(*m_feed, audiences, staleTwice));
        QCOMPARE(resolved, 3);
        QCOMPARE(steps, 3);
        const auto written = m_feed->changesSince(0, 10);
        QVERIFY(written);
        QCOMPARE(written->size(), 1);
        QCOMPARE(written->constFirst().audience, QStringLiteral("3"));

        // Always stale: it gives up after maxAttempts, nothing written.
        resolved = 0;
        const AudienceWrite::Write alwaysStale = [](ChangeTransaction &, const QStringList &) {
            return AudienceWrite::Step::Stale;
        };
        QVERIFY(!AudienceWrite::run(*m_feed, audiences, alwaysStale));
        QCOMPARE(resolved, AudienceWrite::maxAttempts);

        // A failed step or a failed read of the audiences ends it at once.
        resolved = 0;
        const AudienceWrite::Write failed = [](ChangeTransaction &, const QStringList &) {
            return AudienceWrite::Step::Failed;
        };
        QVERIFY(!AudienceWrite::run(*m_feed, audiences, failed));
        QCOMPARE(resolved, 1);
        int stepsAfterNoAudiences = 0;
        QVERIFY(!AudienceWrite::run(
            *m_feed, [](QSqlDatabase &) { return std::optional<QStringList>(); },
            [&](ChangeTransaction &, const QStringList &) {
                ++stepsAfterNoAudiences;
                return AudienceWrite::Step::Done;
            }));
        QCOMPARE(stepsAfterNoAudiences, 0);
        QCOMPARE(m_feed->changesSince(0, 10)->size(), 1);
    }

    void refusesUnregisteredKinds()
    {
        QVERIFY(!m_feed->hasKind(QStringLiteral("cards")));
        QVERIFY(!write(Change::of(QStringLiteral("cards"), { QStringLiteral("u1") })));
        QVERIFY(m_feed->changesSince(0, 10)->isEmpty());
    }

    void listenersHearNewestCursorPerPersonAfterCommit()
    {
        QHash<QString, QHash<QString, qint64>> heard;
        m_feed->addListener([&](const QString &kind, const QHash<QString, qint64> &cursors) {
            heard.insert(kind, cursors);
        });
        ChangeTransaction transaction(*m_feed);
        const auto a = transaction.record(
            Change::of(QStringLiteral("inbox"), { QStringLiteral("u1"), QStringLiteral("u2") }));
        const auto b =
            transaction.record(Change::of(QStringLiteral("inbox"), { QStringLiteral("u1") }));
        QVERIFY(a && b && *b > *a);
        QVERIFY(heard.isEmpty()); // not before the commit
        QVERIFY(transaction.commit());
        QCOMPARE(heard.value(QStringLiteral("inbox")).value(QStringLiteral("u1")), *b);
        QCOMPARE(heard.value(QStringLiteral("inbox")).value(QStringLiteral("u2")), *a);
    }

    void rollbackLeavesNoChangeAndTellsNoOne()
    {
        int told = 0;
        m_feed->addListener([&](const QString &, const QHash<QString, qint64> &) { ++told; });
        QVERIFY(write(Change::of(QStringLiteral("inbox"), { QStringLiteral("u1") }), false));
        QCOMPARE(told, 0);
        QVERIFY(m_feed->changesSince(0, 10)->isEmpty());
        // The lock went with the transaction: the next write goes through.
        QVERIFY(write(Change::of(QStringLiteral("inbox"), { QStringLiteral("u1") })));
        QCOMPARE(told, 1);
    }

    // Two writer threads and a reader that follows the feed by cursor as a client does: commit
    // order is cursor order, so the reader never sees a cursor after a larger one and misses
    // nothing.
    void concurrentWritersCommitInCursorOrder()
    {
        constexpr int perWriter = 150;
        std::atomic_bool failed = false;
        std::atomic_int running = 2;
        const auto writer = [&](const QString &person) {
            qint64 last = 0;
            for (int i = 0; i < perWriter; ++i) {
                const auto cursor = write(Change::of(QStringLiteral("inbox"), { person }));
                if (!cursor || *cursor <= last)
                    failed = true;
                last = cursor.value_or(last);
            }
            m_storage->closeThreadConnection();
            --running;
        };
        std::unique_ptr<QThread> one(QThread::create(writer, QStringLiteral("u1")));
        std::unique_ptr<QThread> two(QThread::create(writer, QStringLiteral("u2")));
        qint64 seen = 0;
        int count = 0;
        bool outOfOrder = false;
        std::unique_ptr<QThread> reader(QThread::create([&] {
            bool last = false;
            while (!last) {
                last = running == 0; // one more read after the writers finished
                const auto changes = m_feed->changesSince(seen, 1000);
                if (!changes) {
                    failed = true;
                    break;
                }
                for (const Change &change : *changes) {
                    outOfOrder = outOfOrder || change.cursor <= seen;
                    seen = change.cursor;
                    ++count;
                }
            }
            m_storage->closeThreadConnection();
        }));
        reader->start();
        one->start();
        two->start();
        QVERIFY(one->wait(60000) && two->wait(60000) && reader->wait(60000));
        QVERIFY(!failed);
        QVERIFY(!outOfOrder);
        QCOMPARE(count, 2 * perWriter);
        QCOMPARE(seen, newest());
    }

    // The NOTIFY payloads of a commit (PostgreSQL sends them; the text is the same everywhere):
    // one per kind with its newest cursor and its people, or "a" (every stream) for a broadcast,
    // more than notifyPeople people, or people whose ids would not fit in maxNotifyBytes.
    void notifyPayloads()
    {
        const auto object = [](const QByteArray &payload) {
            return QJsonDocument::fromJson(payload).object();
        };
        const QList<QByteArray> two = m_feed->notifyPayloads({
            Change {
                QStringLiteral("inbox"), { QStringLiteral("u2"), QStringLiteral("u1") }, {}, 7 },
            Change { QStringLiteral("news"), {}, QStringLiteral("everyone"), 8 },
            Change { QStringLiteral("inbox"), { QStringLiteral("u1") }, {}, 9 },
        });
        QCOMPARE(two.size(), 2);
        const QJsonObject inbox = object(two.at(0));
        QCOMPARE(inbox.value(QStringLiteral("n")).toString(), m_feed->nodeId());
        QCOMPARE(inbox.value(QStringLiteral("k")).toString(), QStringLiteral("inbox"));
        QCOMPARE(inbox.value(QStringLiteral("c")).toString(), QStringLiteral("9"));
        QCOMPARE(inbox.value(QStringLiteral("u")).toArray(),
            QJsonArray({ QStringLiteral("u1"), QStringLiteral("u2") }));
        QVERIFY(!inbox.contains(QStringLiteral("a")));
        const QJsonObject news = object(two.at(1));
        QCOMPARE(news.value(QStringLiteral("k")).toString(), QStringLiteral("news"));
        QCOMPARE(news.value(QStringLiteral("a")).toBool(), true);
        QVERIFY(!news.contains(QStringLiteral("u")));

        QStringList many;
        for (int i = 0; i <= ChangeFeed::notifyPeople; ++i)
            many.append(QStringLiteral("person-%1").arg(i));
        const QJsonObject tooMany = object(
            m_feed->notifyPayloads({ Change { QStringLiteral("inbox"), many, {}, 3 } }).at(0));
        QCOMPARE(tooMany.value(QStringLiteral("a")).toBool(), true);
        many.removeLast(); // notifyPeople: named
        const QJsonObject named = object(
            m_feed->notifyPayloads({ Change { QStringLiteral("inbox"), many, {}, 3 } }).at(0));
        QCOMPARE(named.value(QStringLiteral("u")).toArray().size(), ChangeFeed::notifyPeople);

        QStringList longIds;
        for (int i = 0; i < ChangeFeed::notifyPeople; ++i)
            longIds.append(QString(200, QLatin1Char(char('a' + i % 26))) + QString::number(i));
        const QByteArray tooLong =
            m_feed->notifyPayloads({ Change { QStringLiteral("inbox"), longIds, {}, 4 } }).at(0);
        QVERIFY(tooLong.size() < ChangeFeed::maxNotifyBytes);
        QCOMPARE(object(tooLong).value(QStringLiteral("a")).toBool(), true);
    }
};

QTEST_GUILESS_MAIN(TestChangeFeed)
#include "tst_changefeed.moc"
