// News's cache on real SQLCipher files: the "news" feature's migrations, pages applied with their
// cursor in one transaction, removed posts, the feed's order (pinned first, then newest first),
// expiry, the unread count, read marks that survive reopening and a later page, the read outbox
// (queued in the encrypted database, due in batches of at most 500, deferred and done), the sync's
// checks of a page, and the list model over the store.
#include "inboxfixture.h"
#include "news/newsmodel.h"
#include "news/newsreadoutbox.h"
#include "news/newsstore.h"
#include "news/newssync.h"
#include "newsfixture.h"
#include "storage/sqlstatement.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>

using namespace tessera;
using namespace tessera::test;

namespace {

const QDateTime kNow = QDateTime(QDate(2026, 12, 7), QTime(9, 0), Qt::UTC);

QString at(int day)
{
    return QStringLiteral("2026-12-%1T08:00:00Z").arg(day, 2, 10, QLatin1Char('0'));
}

QStringList idsOf(const QList<NewsPost> &posts)
{
    QStringList ids;
    for (const NewsPost &post : posts)
        ids.append(post.id);
    return ids;
}

QStringList modelIds(const NewsModel &model)
{
    QStringList ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.append(model.data(model.index(row), NewsModel::PostIdRole).toString());
    return ids;
}

int outboxRows(Database &db)
{
    SqlStatement count = db.prepare("SELECT count(*) FROM news_read_outbox");
    return count.step() == SqlStatement::Step::Row ? int(count.columnInt64(0)) : -1;
}

// NewsSync's page check, reached without a server.
class NewsPages : public NewsSync
{
public:
    using NewsSync::applyPage;
    using NewsSync::NewsSync;
};

} // namespace

class TestNewsStoreModel : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_files = 0;

    std::shared_ptr<Database> newDatabase()
    {
        DatabaseOpenResult opened =
            Database::open(m_dir.filePath(QStringLiteral("news-%1.db").arg(++m_files)),
                Database::newKey(), newsSchema());
        if (!opened.ok())
            qFatal("cannot open a database: %s", qPrintable(opened.detail));
        return opened.database;
    }

private Q_SLOTS:
    void migrationsApplyOnce()
    {
        QString error;
        QVERIFY2(newsSchema().validate(&error), qPrintable(error));
        const QString path = m_dir.filePath(QStringLiteral("migrations.db"));
        const QByteArray key = Database::newKey();
        {
            DatabaseOpenResult first = Database::open(path, key, newsSchema());
            QVERIFY2(first.ok(), qPrintable(first.detail));
            QCOMPARE(first.featureVersions.value(QStringLiteral("news")),
                newsCacheMigrations().constLast().version);
            NewsStore store(first.database);
            QVERIFY(store.applyDelta(
                { post(wirePost(QStringLiteral("news_1"))) }, {}, QStringLiteral("4")));
        }
        DatabaseOpenResult again = Database::open(path, key, newsSchema());
        QVERIFY2(again.ok(), qPrintable(again.detail));
        QCOMPARE(again.featureVersions.value(QStringLiteral("news")),
            newsCacheMigrations().constLast().version);
        NewsStore store(again.database);
        QCOMPARE(idsOf(store.posts(kNow)), QStringList { QStringLiteral("news_1") });
        QCOMPARE(store.cursor(), QStringLiteral("4"));
        // The file is encrypted: the post's title is nowhere in it as plain text.
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains("Title of news_1"));

        // A database of base alone has no news tables: the store holds nothing there.
        DatabaseOpenResult base =
            Database::open(m_dir.filePath(QStringLiteral("base-only.db")), Database::newKey());
        QVERIFY(base.ok());
        NewsStore without(base.database);
        QVERIFY(without.posts(kNow).isEmpty());
        QVERIFY(!without.applyDelta(
            { post(wirePost(QStringLiteral("news_1"))) }, {}, QStringLiteral("1")));
        QCOMPARE(without.markRead({ QStringLiteral("news_1") }), 0);
    }

    void pagesOrderAndRemoval()
    {
        NewsStore store(newDatabase());
        QSignalSpy changed(&store, &NewsStore::changed);
        QVERIFY(store.applyDelta({ post(wirePost(QStringLiteral("news_old"), at(1))),
                                     post(wirePost(QStringLiteral("news_new"), at(5))),
                                     post(wirePost(QStringLiteral("news_pin"), at(2), true)),
                                     post(wirePost(QStringLiteral("news_mid"), at(3))) },
            {}, QStringLiteral("10")));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(store.cursor(), QStringLiteral("10"));
        QCOMPARE(idsOf(store.posts(kNow)),
            (QStringList { QStringLiteral("news_pin"), QStringLiteral("news_new"),
                QStringLiteral("news_mid"), QStringLiteral("news_old") }));

        // A later page: one changed (no longer pinned, a new title), one removed, one new pinned.
        QJsonObject changedPin = wirePost(QStringLiteral("news_pin"), at(2));
        changedPin.insert(QStringLiteral("title"), QStringLiteral("Changed"));
        changedPin.insert(QStringLiteral("version"), 2);
        QVERIFY(store.applyDelta(
            { post(changedPin), post(wirePost(QStringLiteral("news_top"), at(4), true)) },
            { QStringLiteral("news_mid") }, QStringLiteral("11")));
        QCOMPARE(idsOf(store.posts(kNow)),
            (QStringList { QStringLiteral("news_top"), QStringLiteral("news_new"),
                QStringLiteral("news_pin"), QStringLiteral("news_old") }));
        QCOMPARE(store.post(QStringLiteral("news_pin"))->title, QStringLiteral("Changed"));
        QCOMPARE(store.post(QStringLiteral("news_pin"))->version, 2);
        QVERIFY(!store.post(QStringLiteral("news_mid")));
        QCOMPARE(store.cursor(), QStringLiteral("11"));

        // A page without a cursor is refused whole.
        QVERIFY(!store.applyDelta({ post(wirePost(QStringLiteral("news_x"))) }, {}, QString()));
        QVERIFY(!store.post(QStringLiteral("news_x")));

        // Expired posts are left out.
        QJsonObject expiring = wirePost(QStringLiteral("news_exp"), at(6));
        expiring.insert(QStringLiteral("expiresAt"), QStringLiteral("2026-12-07T10:00:00Z"));
        QVERIFY(store.applyDelta({ post(expiring) }, {}, QStringLiteral("12")));
        QCOMPARE(idsOf(store.posts(kNow)).constFirst(), QStringLiteral("news_top"));
        QVERIFY(idsOf(store.posts(kNow)).contains(QStringLiteral("news_exp")));
        QVERIFY(!idsOf(store.posts(kNow.addSecs(3600))).contains(QStringLiteral("news_exp")));
        // A post's page agrees with the list: an expired post is not found either.
        QVERIFY(store.post(QStringLiteral("news_exp"), kNow));
        QVERIFY(!store.post(QStringLiteral("news_exp"), kNow.addSecs(3600)));
        QCOMPARE(store.unreadCount(kNow), 5);
        QCOMPARE(store.unreadCount(kNow.addSecs(3600)), 4);
    }

    void readMarksSurviveReopenAndLaterPages()
    {
        const QString path = m_dir.filePath(QStringLiteral("reads.db"));
        const QByteArray key = Database::newKey();
        {
            DatabaseOpenResult opened = Database::open(path, key, newsSchema());
            QVERIFY(opened.ok());
            NewsStore store(opened.database);
            QVERIFY(
                store.applyDelta({ post(wirePost(QStringLiteral("news_a"), at(1))),
                                     post(wirePost(QStringLiteral("news_b"), at(2))),
                                     post(wirePost(QStringLiteral("news_c"), at(3), false, true)) },
                    {}, QStringLiteral("3")));
            QCOMPARE(store.unreadCount(kNow), 2);
            QSignalSpy queued(&store, &NewsStore::readsQueued);
            QSignalSpy changed(&store, &NewsStore::changed);
            // Unknown ids and posts read on the server already queue nothing.
            QCOMPARE(store.markRead({ QStringLiteral("news_a"), QStringLiteral("news_c"),
                         QStringLiteral("news_unknown") }),
                1);
            QCOMPARE(queued.size(), 1);
            QCOMPARE(changed.size(), 1);
            QCOMPARE(store.unreadCount(kNow), 1);
            QCOMPARE(store.pendingReadCount(), 1);
            // Marking it again changes nothing.
            QCOMPARE(store.markRead({ QStringLiteral("news_a") }), 0);
            QCOMPARE(queued.size(), 1);
        }
        DatabaseOpenResult reopened = Database::open(path, key, newsSchema());
        QVERIFY(reopened.ok());
        NewsStore store(reopened.database);
        QVERIFY(store.post(QStringLiteral("news_a"))->read);
        QVERIFY(!store.post(QStringLiteral("news_b"))->read);
        QCOMPARE(store.dueReads(kNow, 500), QStringList { QStringLiteral("news_a") });

        // A page brings news_a again unread (the server has not had the mark yet): it stays read
        // while the mark waits; news_b unread from the server stays unread.
        QVERIFY(store.applyDelta({ post(wirePost(QStringLiteral("news_a"), at(1))),
                                     post(wirePost(QStringLiteral("news_b"), at(2))) },
            {}, QStringLiteral("4")));
        QVERIFY(store.post(QStringLiteral("news_a"))->read);
        QVERIFY(!store.post(QStringLiteral("news_b"))->read);

        // Sent: the server's read: true is what keeps it read from then on.
        QVERIFY(store.readsDone({ QStringLiteral("news_a") }));
        QCOMPARE(store.pendingReadCount(), 0);
        QVERIFY(store.applyDelta({ post(wirePost(QStringLiteral("news_a"), at(1), false, true)) },
            {}, QStringLiteral("5")));
        QVERIFY(store.post(QStringLiteral("news_a"))->read);

        // Mark all read: every unread post, queued.
        QCOMPARE(store.markAllRead(kNow), 1);
        QCOMPARE(store.unreadCount(kNow), 0);
        QCOMPARE(store.dueReads(kNow, 500), QStringList { QStringLiteral("news_b") });

        // A removed post takes its waiting mark with it.
        QVERIFY(store.applyDelta({}, { QStringLiteral("news_b") }, QStringLiteral("6")));
        QCOMPARE(outboxRows(*reopened.database), 0);
    }

    void readOutboxBatchesDefersAndDrops()
    {
        NewsStore store(newDatabase());
        QList<NewsPost> posts;
        for (int i = 0; i < 1203; ++i)
            posts.append(post(wirePost(QStringLiteral("news_%1").arg(i, 4, 10, QLatin1Char('0')),
                QDateTime(QDate(2026, 11, 1), QTime(0, 0), Qt::UTC)
                    .addSecs(qint64 { i } * 60)
                    .toString(Qt::ISODate))));
        QVERIFY(store.applyDelta(posts, {}, QStringLiteral("1203")));
        QCOMPARE(store.unreadCount(kNow), 1203);
        QCOMPARE(store.markAllRead(kNow), 1203);
        QCOMPARE(store.unreadCount(kNow), 0);
        QCOMPARE(store.pendingReadCount(), 1203);

        // Batches of at most NewsReadOutbox::maxBatch (500), the oldest marks first.
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QStringList first = store.dueReads(now, NewsReadOutbox::maxBatch);
        QCOMPARE(first.size(), 500);
        QCOMPARE(int(QSet<QString>(first.cbegin(), first.cend()).size()), 500);
        // Deferred: not due until its time; the rest is.
        const QDateTime later = now.addSecs(60);
        QVERIFY(store.readsDeferred(first, later));
        QStringList second = store.dueReads(now, NewsReadOutbox::maxBatch);
        QCOMPARE(second.size(), 500);
        for (const QString &id : second)
            QVERIFY(!first.contains(id));
        QVERIFY(store.readsDone(second));
        QCOMPARE(store.pendingReadCount(), 703);
        QCOMPARE(store.dueReads(now, NewsReadOutbox::maxBatch).size(), 203);
        QVERIFY(store.readsDone(store.dueReads(now, NewsReadOutbox::maxBatch)));
        QVERIFY(store.dueReads(now, NewsReadOutbox::maxBatch).isEmpty());
        QCOMPARE(store.nextReadAttempt(),
            QDateTime::fromMSecsSinceEpoch(later.toMSecsSinceEpoch(), Qt::UTC));
        QCOMPARE(store.dueReads(later, NewsReadOutbox::maxBatch), first);
        // The server is back: everything waiting is due now.
        QVERIFY(store.makeReadsDue());
        QCOMPARE(store.dueReads(now, NewsReadOutbox::maxBatch).size(), 500);
        QVERIFY(store.readsDone(first));
        QCOMPARE(store.pendingReadCount(), 0);
        QVERIFY(!store.nextReadAttempt().isValid());
        // Still read: done marks are not undone.
        QCOMPARE(store.unreadCount(kNow), 0);
    }

    // A page of GET /v1/news: a post NewsPost refuses is skipped (a copy held from before goes),
    // the others kept with the cursor; a page that is not what the contract says changes nothing.
    void syncChecksEachPage()
    {
        SignedOutSession signedOut(m_dir.filePath(QStringLiteral("pages-session.db")));
        const auto database = newDatabase();
        NewsStore store(database);
        NewsPages sync(signedOut.session.api(), signedOut.session.scope(), store);
        store.setDatabase(database); // the signed-out session has none
        const auto page = [](const QJsonArray &posts, const QJsonArray &removed) {
            return QJsonObject { { QStringLiteral("posts"), posts },
                { QStringLiteral("removed"), removed }, { QStringLiteral("cursor"), QString() },
                { QStringLiteral("more"), false } };
        };
        QString problem;
        QVERIFY2(sync.applyPage(page({ wirePost(QStringLiteral("news_a"), at(1)),
                                         wirePost(QStringLiteral("news_b"), at(2)) },
                                    {}),
                     QStringLiteral("4"), &problem),
            qPrintable(problem));
        QCOMPARE(idsOf(store.posts(kNow)),
            (QStringList { QStringLiteral("news_b"), QStringLiteral("news_a") }));
        QCOMPARE(store.cursor(), QStringLiteral("4"));

        QJsonObject broken = wirePost(QStringLiteral("news_b"), at(2));
        broken.insert(QStringLiteral("title"), 42);
        QVERIFY(sync.applyPage(page({ broken, wirePost(QStringLiteral("news_c"), at(3)) },
                                   { QStringLiteral("news_a") }),
            QStringLiteral("6"), &problem));
        QCOMPARE(idsOf(store.posts(kNow)), QStringList { QStringLiteral("news_c") });
        QCOMPARE(store.cursor(), QStringLiteral("6"));

        // Refused whole: a removed id that is no id, no posts array, a cursor that is no number.
        QVERIFY(!sync.applyPage(
            page({ wirePost(QStringLiteral("news_d")) }, { 7 }), QStringLiteral("8"), &problem));
        QVERIFY(!sync.applyPage(QJsonObject {}, QStringLiteral("8"), &problem));
        QVERIFY(!sync.applyPage(
            page({ wirePost(QStringLiteral("news_d")) }, {}), QStringLiteral("8; DROP"), &problem));
        QCOMPARE(store.cursor(), QStringLiteral("6"));
        QVERIFY(!store.post(QStringLiteral("news_d")));
        QCOMPARE(NewsSync::hintKind(), QStringLiteral("news"));
        QCOMPARE(NewsSync::path(), QStringLiteral("/v1/news"));
    }

    void modelOrderRolesAndUnread()
    {
        NewsStore store(newDatabase());
        NewsModel model(store);
        QAbstractItemModelTester tester(&model);
        QSignalSpy unread(&model, &NewsModel::unreadCountChanged);
        QCOMPARE(model.rowCount(), 0);
        QJsonObject rich = wirePost(QStringLiteral("news_rich"), at(4));
        rich.insert(QStringLiteral("card"), textCard(QStringLiteral("Card text")));
        rich.insert(QStringLiteral("image"), QStringLiteral("https://srv.example/v1/media/m1"));
        QVERIFY(store.applyDelta({ post(wirePost(QStringLiteral("news_old"), at(1))), post(rich),
                                     post(wirePost(QStringLiteral("news_pin"), at(2), true)) },
            {}, QStringLiteral("3")));
        QCOMPARE(modelIds(model),
            (QStringList { QStringLiteral("news_pin"), QStringLiteral("news_rich"),
                QStringLiteral("news_old") }));
        QCOMPARE(model.unreadCount(), 3);
        QCOMPARE(unread.size(), 1);
        const QModelIndex top = model.index(0);
        QCOMPARE(top.data(NewsModel::PinnedRole).toBool(), true);
        QCOMPARE(top.data(NewsModel::TitleRole).toString(), QStringLiteral("Title of news_pin"));
        QCOMPARE(
            top.data(NewsModel::SummaryRole).toString(), QStringLiteral("Summary of news_pin"));
        QCOMPARE(top.data(NewsModel::CategoryRole).toString(), QStringLiteral("Company"));
        QCOMPARE(top.data(NewsModel::UnreadRole).toBool(), true);
        QCOMPARE(top.data(NewsModel::HasCardRole).toBool(), false);
        QCOMPARE(top.data(NewsModel::PublishedAtRole).toDateTime(),
            QDateTime(QDate(2026, 12, 2), QTime(8, 0), Qt::UTC));
        const QModelIndex second = model.index(1);
        QCOMPARE(second.data(NewsModel::HasCardRole).toBool(), true);
        QCOMPARE(second.data(NewsModel::ImageRole).toString(),
            QStringLiteral("https://srv.example/v1/media/m1"));
        QCOMPARE(second.data(NewsModel::SourceRole).toString(), QStringLiteral("Communications"));
        const QHash<int, QByteArray> roles = model.roleNames();
        for (const char *name : { "postId", "title", "summary", "category", "pinned", "publishedAt",
                 "unread", "image", "hasCard" })
            QVERIFY2(roles.values().contains(QByteArray(name)), name);

        // The post's page: its body as a card of markdown runs, its card as JSON.
        const QVariantMap page = model.post(QStringLiteral("news_rich"));
        QCOMPARE(
            page.value(QStringLiteral("title")).toString(), QStringLiteral("Title of news_rich"));
        QVERIFY(page.value(QStringLiteral("bodyCard")).toString().contains(u"TextBlock"));
        QVERIFY(page.value(QStringLiteral("card")).toString().contains(u"Card text"));
        QVERIFY(model.post(QStringLiteral("news_none")).isEmpty());

        // Opening marks read at once (the rows change in place: a list keeps its place); mark all
        // read takes the rest.
        QSignalSpy resets(&model, &NewsModel::modelReset);
        QSignalSpy rowsChanged(&model, &NewsModel::dataChanged);
        QVERIFY(model.markRead(QStringLiteral("news_rich")));
        QCOMPARE(resets.size(), 0);
        QCOMPARE(rowsChanged.size(), 1);
        QCOMPARE(rowsChanged.at(0).at(0).toModelIndex().row(), 1); // that post's row only
        QCOMPARE(rowsChanged.at(0).at(1).toModelIndex().row(), 1);
        QVERIFY(!model.markRead(QStringLiteral("news_rich")));
        QCOMPARE(model.unreadCount(), 2);
        QCOMPARE(model.index(1).data(NewsModel::UnreadRole).toBool(), false);
        QCOMPARE(model.markAllRead(), 2);
        QCOMPARE(model.unreadCount(), 0);
        QCOMPARE(store.pendingReadCount(), 3);

        // Signed out: the store drops its database, the model empties.
        store.setDatabase(nullptr);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.unreadCount(), 0);
    }

    void theModelDropsAPostWhenItExpires()
    {
        NewsStore store(newDatabase());
        NewsModel model(store);
        QJsonObject expiring = wirePost(QStringLiteral("news_exp"), at(6));
        expiring.insert(QStringLiteral("expiresAt"),
            QDateTime::currentDateTimeUtc().addSecs(2).toString(Qt::ISODate));
        QVERIFY(
            store.applyDelta({ post(expiring), post(wirePost(QStringLiteral("news_keep"), at(5))) },
                {}, QStringLiteral("1")));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.unreadCount(), 2);
        // Nothing changes in the store: the model reads it again when the post expires.
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 1, 5000);
        QCOMPARE(model.rowOf(QStringLiteral("news_exp")), -1);
        QCOMPARE(model.unreadCount(), 1);
    }
};

QTEST_GUILESS_MAIN(TestNewsStoreModel)
#include "tst_news_store_model.moc"
