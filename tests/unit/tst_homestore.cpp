// Home's cache on real SQLCipher files: the "home" feature's migrations, cards upserted and removed
// with their cursor in one transaction, the server's order, expiry, cards that do not parse (never
// stored), the wire's checks, and the list model over the store.
#include "home/homecard.h"
#include "home/homemigrations.h"
#include "home/homemodel.h"
#include "home/homestore.h"
#include "storage/database.h"
#include "storage/databaseschema.h"
#include "storage/sqlstatement.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace tessera;

namespace {

const QDateTime kNow = QDateTime(QDate(2026, 11, 29), QTime(9, 0), Qt::UTC);

QJsonObject textCard(const QString &title, const QString &summary = {})
{
    QJsonArray body { QJsonObject { { QStringLiteral("type"), QStringLiteral("TextBlock") },
        { QStringLiteral("text"), title } } };
    if (!summary.isEmpty())
        body.append(QJsonObject { { QStringLiteral("type"), QStringLiteral("TextBlock") },
            { QStringLiteral("text"), summary } });
    return QJsonObject { { QStringLiteral("type"), QStringLiteral("AdaptiveCard") },
        { QStringLiteral("version"), QStringLiteral("1.5") }, { QStringLiteral("body"), body } };
}

// A card as GET /v1/cards gives it.
QJsonObject wireCard(const QString &id, int order, const QJsonObject &card,
    const QJsonValue &expiresAt = QJsonValue(), int version = 1)
{
    return QJsonObject { { QStringLiteral("id"), id }, { QStringLiteral("card"), card },
        { QStringLiteral("order"), order }, { QStringLiteral("expiresAt"), expiresAt },
        { QStringLiteral("version"), version },
        { QStringLiteral("updatedAt"), QStringLiteral("2026-11-29T08:00:00Z") },
        { QStringLiteral("source"),
            QJsonObject { { QStringLiteral("name"), QStringLiteral("demo-hr") } } } };
}

HomeCard card(const QString &id, int order, const QString &title = QStringLiteral("Title"),
    const QJsonValue &expiresAt = QJsonValue(), int version = 1)
{
    QString problem;
    const auto parsed =
        HomeCard::fromJson(wireCard(id, order, textCard(title), expiresAt, version), &problem);
    if (!parsed)
        qFatal("test card refused: %s", qPrintable(problem));
    return *parsed;
}

QStringList idsOf(const QList<HomeCard> &cards)
{
    QStringList ids;
    for (const HomeCard &card : cards)
        ids.append(card.id);
    return ids;
}

} // namespace

class TestHomeStore : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_files = 0;

    static DatabaseSchema schema()
    {
        DatabaseSchema schema = DatabaseSchema::base();
        schema.add(QStringLiteral("home"), homeMigrations());
        return schema;
    }

    static int latestHome() { return homeMigrations().constLast().version; }

    std::shared_ptr<Database> newDatabase()
    {
        DatabaseOpenResult opened =
            Database::open(m_dir.filePath(QStringLiteral("home-%1.db").arg(++m_files)),
                Database::newKey(), schema());
        if (!opened.ok())
            qFatal("cannot open a database: %s", qPrintable(opened.detail));
        return opened.database;
    }

private Q_SLOTS:
    void migrationsApplyOnceAndMakeTheTables()
    {
        QString error;
        QVERIFY2(schema().validate(&error), qPrintable(error));
        const QString path = m_dir.filePath(QStringLiteral("migrations.db"));
        const QByteArray key = Database::newKey();
        {
            DatabaseOpenResult first = Database::open(path, key, schema());
            QVERIFY2(first.ok(), qPrintable(first.detail));
            QCOMPARE(first.featureVersions.value(QStringLiteral("home")), latestHome());
            HomeStore store(first.database);
            QVERIFY(store.applyDelta({ card(QStringLiteral("c1"), 0) }, {}, QStringLiteral("7")));
        }
        // Opened again: nothing applied twice, the cards and cursor are still there.
        DatabaseOpenResult again = Database::open(path, key, schema());
        QVERIFY2(again.ok(), qPrintable(again.detail));
        QCOMPARE(again.featureVersions.value(QStringLiteral("home")), latestHome());
        SqlStatement steps = again.database->prepare(
            "SELECT count(*) FROM feature_migrations WHERE feature = 'home'");
        QCOMPARE(steps.step(), SqlStatement::Step::Row);
        QCOMPARE(steps.columnInt64(0), homeMigrations().size());
        HomeStore store(again.database);
        QCOMPARE(idsOf(store.cards(kNow)), QStringList { QStringLiteral("c1") });
        QCOMPARE(store.cursor(), QStringLiteral("7"));

        // A database of base alone has no home tables: the store reads nothing from it.
        DatabaseOpenResult base =
            Database::open(m_dir.filePath(QStringLiteral("base-only.db")), Database::newKey());
        QVERIFY(base.ok());
        HomeStore without(base.database);
        QVERIFY(without.cards(kNow).isEmpty());
        QVERIFY(!without.applyDelta({ card(QStringLiteral("c1"), 0) }, {}, QStringLiteral("1")));
    }

    void deltaUpsertRemoveAndCursor()
    {
        HomeStore store(newDatabase());
        QSignalSpy changed(&store, &HomeStore::changed);
        QVERIFY(store.cursor().isEmpty());
        QVERIFY(store.applyDelta({ card(QStringLiteral("b"), 5), card(QStringLiteral("a"), 5),
                                     card(QStringLiteral("z"), -3) },
            {}, QStringLiteral("10")));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(store.cursor(), QStringLiteral("10"));
        // The server's order: order, then id.
        QCOMPARE(idsOf(store.cards(kNow)),
            (QStringList { QStringLiteral("z"), QStringLiteral("a"), QStringLiteral("b") }));

        // Updated in place: the same id, the new version and text.
        QVERIFY(store.applyDelta(
            { card(QStringLiteral("a"), 9, QStringLiteral("Changed"), QJsonValue(), 2) }, {},
            QStringLiteral("11")));
        const auto a = store.card(QStringLiteral("a"));
        QVERIFY(a);
        QCOMPARE(a->version, 2);
        QCOMPARE(a->title(), QStringLiteral("Changed"));
        QCOMPARE(a->source, QStringLiteral("demo-hr"));
        QCOMPARE(a->updatedAt, QDateTime(QDate(2026, 11, 29), QTime(8, 0), Qt::UTC));
        QCOMPARE(idsOf(store.cards(kNow)),
            (QStringList { QStringLiteral("z"), QStringLiteral("b"), QStringLiteral("a") }));

        // Removed ids go, unknown ones are no error.
        QVERIFY(store.applyDelta(
            {}, { QStringLiteral("z"), QStringLiteral("never-seen") }, QStringLiteral("12")));
        QCOMPARE(
            idsOf(store.cards(kNow)), (QStringList { QStringLiteral("b"), QStringLiteral("a") }));
        QCOMPARE(store.cursor(), QStringLiteral("12"));

        // No cursor: nothing changes.
        QVERIFY(!store.applyDelta({ card(QStringLiteral("new"), 0) }, {}, QString()));
        QVERIFY(!store.card(QStringLiteral("new")));
        QCOMPARE(store.cursor(), QStringLiteral("12"));

        QVERIFY(store.upsert(card(QStringLiteral("c"), 0)));
        QVERIFY(store.remove(QStringLiteral("b")));
        QCOMPARE(
            idsOf(store.cards(kNow)), (QStringList { QStringLiteral("c"), QStringLiteral("a") }));

        // Without a database: nothing read, every write fails.
        store.setDatabase(nullptr);
        QVERIFY(store.cards(kNow).isEmpty());
        QVERIFY(store.cursor().isEmpty());
        QVERIFY(!store.upsert(card(QStringLiteral("d"), 0)));
        QVERIFY(!store.applyDelta({}, {}, QStringLiteral("13")));
    }

    void expiredCardsAreNotListed()
    {
        HomeStore store(newDatabase());
        QVERIFY(store.applyDelta({ card(QStringLiteral("past"), 0, QStringLiteral("Past"),
                                       QStringLiteral("2026-11-29T08:59:59Z")),
                                     card(QStringLiteral("soon"), 1, QStringLiteral("Soon"),
                                         QStringLiteral("2026-11-29T10:00:00Z")),
                                     card(QStringLiteral("never"), 2) },
            {}, QStringLiteral("3")));
        QCOMPARE(idsOf(store.cards(kNow)),
            (QStringList { QStringLiteral("soon"), QStringLiteral("never") }));
        const QDateTime later = kNow.addSecs(3600);
        QCOMPARE(idsOf(store.cards(later)), QStringList { QStringLiteral("never") });
        // Still stored (a later delta may bring it back or remove it).
        QVERIFY(store.card(QStringLiteral("past")));
    }

    void aCardThatDoesNotParseIsNotStored()
    {
        QJsonObject broken = textCard(QStringLiteral("Broken"));
        broken.insert(QStringLiteral("body"), QStringLiteral("not a list"));
        QString problem;
        QVERIFY(!HomeCard::fromJson(wireCard(QStringLiteral("bad"), 0, broken), &problem));
        QVERIFY2(
            problem.contains(QStringLiteral("bad")) && problem.contains(QStringLiteral("$.body")),
            qPrintable(problem));

        // Past the wire's checks (a HomeCard made by hand): the store refuses it all the same.
        HomeCard bad = card(QStringLiteral("bad"), 0);
        bad.card = broken;
        HomeStore store(newDatabase());
        QVERIFY(!store.upsert(bad));
        QVERIFY(
            store.applyDelta({ bad, card(QStringLiteral("good"), 1) }, {}, QStringLiteral("4")));
        QCOMPARE(idsOf(store.cards(kNow)), QStringList { QStringLiteral("good") });
        QVERIFY(!store.card(QStringLiteral("bad")));
        QCOMPARE(store.cursor(), QStringLiteral("4"));
    }

    void theWireIsChecked_data()
    {
        QTest::addColumn<QJsonObject>("json");
        const QJsonObject good = wireCard(QStringLiteral("x"), 0, textCard(QStringLiteral("T")));
        const auto with = [&good](const QString &field, const QJsonValue &value) {
            QJsonObject json = good;
            if (value.isUndefined())
                json.remove(field);
            else
                json.insert(field, value);
            return json;
        };
        QTest::newRow("no id") << with(QStringLiteral("id"), QJsonValue::Undefined);
        QTest::newRow("numeric id") << with(QStringLiteral("id"), 5);
        QTest::newRow("long id") << with(QStringLiteral("id"), QString(201, u'a'));
        QTest::newRow("order too high") << with(QStringLiteral("order"), 5000);
        QTest::newRow("order fraction") << with(QStringLiteral("order"), 1.5);
        QTest::newRow("order text") << with(QStringLiteral("order"), QStringLiteral("1"));
        QTest::newRow("version 0") << with(QStringLiteral("version"), 0);
        QTest::newRow("no version") << with(QStringLiteral("version"), QJsonValue::Undefined);
        QTest::newRow("expiry not a time")
            << with(QStringLiteral("expiresAt"), QStringLiteral("tomorrow"));
        QTest::newRow("expiry missing") << with(QStringLiteral("expiresAt"), QJsonValue::Undefined);
        QTest::newRow("updatedAt bad") << with(QStringLiteral("updatedAt"), 12);
        QTest::newRow("no source") << with(QStringLiteral("source"), QJsonValue::Undefined);
        QTest::newRow("source without name") << with(QStringLiteral("source"), QJsonObject {});
        QTest::newRow("card not an object") << with(QStringLiteral("card"), QStringLiteral("{}"));
        QTest::newRow("not an adaptive card") << with(QStringLiteral("card"),
            QJsonObject { { QStringLiteral("type"), QStringLiteral("MessageCard") } });
    }

    void theWireIsChecked()
    {
        QFETCH(QJsonObject, json);
        QString problem;
        QVERIFY(!HomeCard::fromJson(json, &problem));
        QVERIFY(!problem.isEmpty());
    }

    void wireCardRoundTrips()
    {
        const QJsonObject json = wireCard(QStringLiteral("x"), -7,
            textCard(QStringLiteral("Leave"), QStringLiteral("**12** days left")),
            QStringLiteral("2026-12-31T00:00:00Z"), 3);
        const auto parsed = HomeCard::fromJson(json, nullptr);
        QVERIFY(parsed);
        QCOMPARE(parsed->toJson(), json);
        QCOMPARE(parsed->title(), QStringLiteral("Leave"));
        // Markdown read as text: no asterisks left.
        QCOMPARE(parsed->summary(), QStringLiteral("12 days left"));
    }

    void aSecretIsNeverTheTitleOrSummary()
    {
        QJsonObject card = textCard(QStringLiteral("Office Wi-Fi"), QStringLiteral("Guest"));
        QJsonArray body = card.value(QStringLiteral("body")).toArray();
        body.insert(1,
            QJsonObject { { QStringLiteral("type"), QStringLiteral("TextBlock") },
                { QStringLiteral("text"), QStringLiteral("hunter2-secret") },
                { QStringLiteral("tessera"),
                    QJsonObject { { QStringLiteral("secret"), true } } } });
        card.insert(QStringLiteral("body"), body);
        const auto parsed = HomeCard::fromJson(wireCard(QStringLiteral("wifi"), 1, card), nullptr);
        QVERIFY(parsed);
        QCOMPARE(parsed->title(), QStringLiteral("Office Wi-Fi"));
        QCOMPARE(parsed->summary(), QStringLiteral("Guest"));
    }

    void theModelFollowsTheStore()
    {
        HomeStore store(newDatabase());
        HomeModel model(store);
        QAbstractItemModelTester tester(&model);
        QCOMPARE(model.rowCount(), 0);
        QSignalSpy count(&model, &HomeModel::countChanged);
        QVERIFY(store.applyDelta({ card(QStringLiteral("b"), 1, QStringLiteral("Bee")),
                                     card(QStringLiteral("a"), 2, QStringLiteral("Ay")) },
            {}, QStringLiteral("1")));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(count.size(), 1);
        const QModelIndex first = model.index(0);
        QCOMPARE(model.data(first, HomeModel::CardIdRole).toString(), QStringLiteral("b"));
        QCOMPARE(model.data(first, HomeModel::TitleRole).toString(), QStringLiteral("Bee"));
        QCOMPARE(model.data(first, HomeModel::OrderRole).toInt(), 1);
        QCOMPARE(model.data(first, HomeModel::SourceRole).toString(), QStringLiteral("demo-hr"));
        QCOMPARE(model.data(first, HomeModel::UpdatedRole).toDateTime(),
            QDateTime(QDate(2026, 11, 29), QTime(8, 0), Qt::UTC));
        QCOMPARE(model.data(first, HomeModel::CardRole).toMap().value(QStringLiteral("type")),
            QVariant(QStringLiteral("AdaptiveCard")));
        QVERIFY(model.data(first, HomeModel::CardJsonRole).toString().startsWith(u'{'));
        QVERIFY(model.roleNames().values().contains("cardJson"));
        QVERIFY(store.remove(QStringLiteral("b")));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.rowOf(QStringLiteral("a")), 0);
        QCOMPARE(model.rowOf(QStringLiteral("b")), -1);

        // A card that expires leaves the list when it does, with nothing changed in the store.
        QVERIFY(store.upsert(card(QStringLiteral("c"), 3, QStringLiteral("Soon gone"),
            QDateTime::currentDateTimeUtc().addSecs(2).toString(Qt::ISODate))));
        QCOMPARE(model.rowCount(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 1, 5000);
        QCOMPARE(model.rowOf(QStringLiteral("c")), -1);
    }
};

QTEST_GUILESS_MAIN(TestHomeStore)
#include "tst_homestore.moc"
