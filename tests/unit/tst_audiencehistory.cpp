// The audiences an object has had (AudienceHistory): distinct, at most 16 then open, read back as
// stored (a damaged column is open), whom it reaches, and kept on a real (SQLite) server
// database's cards row by remember() and read back by load().
#include "audience/audiencehistory.h"
#include "domainsql.h"

#include <QTest>

using namespace tessera::server;
using tessera::test::domainExec;

namespace {

QString geo(const QString &name)
{
    return QStringLiteral(R"({"geos":["%1"]})").arg(name);
}

AudienceMember personIn(const QString &geoName)
{
    return AudienceMember { QStringLiteral("u1"), QStringLiteral("Operations"), geoName,
        QStringLiteral("employee"), {}, false };
}

} // namespace

class TestAudienceHistory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keepsDistinctAudiencesThenOpens()
    {
        AudienceHistory history = AudienceHistory::fromText({});
        QCOMPARE(history.size(), 0);
        QVERIFY(!history.isOpen());
        QVERIFY(!history.reaches(personIn(QStringLiteral("Pune")))); // had none yet
        history.add(geo(QStringLiteral("Pune")));
        history.add(geo(QStringLiteral("Pune"))); // once
        history.add(QString()); // nothing
        history.add(QStringLiteral("not an audience")); // nothing
        history.add(geo(QStringLiteral("Berlin")));
        QCOMPARE(history.size(), 2);
        QCOMPARE(history.toText(), QStringLiteral(R"([{"geos":["Pune"]},{"geos":["Berlin"]}])"));
        QVERIFY(history.reaches(personIn(QStringLiteral("Pune"))));
        QVERIFY(history.reaches(personIn(QStringLiteral("Berlin"))));
        QVERIFY(!history.reaches(personIn(QStringLiteral("London"))));
        AudienceMember disabled = personIn(QStringLiteral("Pune"));
        disabled.disabled = true;
        QVERIFY(!history.reaches(disabled));

        // Up to the cap, then open: anyone may be told.
        for (int i = 2; i < AudienceHistory::maxAudiences; ++i)
            history.add(geo(QStringLiteral("City %1").arg(i)));
        QCOMPARE(history.size(), AudienceHistory::maxAudiences);
        QVERIFY(!history.isOpen());
        QVERIFY(!history.reaches(personIn(QStringLiteral("London"))));
        history.add(geo(QStringLiteral("Pune"))); // already there: still not open
        QVERIFY(!history.isOpen());
        history.add(geo(QStringLiteral("London")));
        QVERIFY(history.isOpen());
        QCOMPARE(history.toText(), QStringLiteral("*"));
        QVERIFY(history.reaches(personIn(QStringLiteral("Anywhere"))));
        history.add(geo(QStringLiteral("Pune")));
        QVERIFY(history.isOpen());
    }

    void readsWhatItWrote()
    {
        AudienceHistory history;
        history.add(geo(QStringLiteral("Pune")));
        history.add(QStringLiteral(R"({"everyone":true})"));
        const AudienceHistory again = AudienceHistory::fromText(history.toText());
        QCOMPARE(again.size(), 2);
        QCOMPARE(again.toText(), history.toText());
        QVERIFY(again.reaches(personIn(QStringLiteral("London")))); // everyone was one of them
        QVERIFY(AudienceHistory::fromText(QStringLiteral("*")).isOpen());
        // What the migrations fill: the audiences as stored, in an array.
        QCOMPARE(
            AudienceHistory::fromText(QStringLiteral(R"([{"geos":["Pune"]},{"users":["E1"]}])"))
                .size(),
            2);
        // Damaged: open (errs toward telling, never toward a stale object).
        for (const QString &damaged : { QStringLiteral("not json"), QStringLiteral("{}"),
                 QStringLiteral(R"([{"bogus":1}])"), QStringLiteral(R"(["text"])") })
            QVERIFY2(AudienceHistory::fromText(damaged).isOpen(), qPrintable(damaged));
    }

    void remembersOnTheRow()
    {
        QTemporaryDir dir;
        QString error;
        auto storage = tessera::test::openDomainStorage(dir, &error);
        QVERIFY2(storage, qPrintable(error));
        domainExec(*storage,
            QStringLiteral("INSERT INTO api_keys (id, subsystem, key_hash, webhook_secret,"
                           " created_at) VALUES ('k1', 'hr', 'h1', 's1', 't')"));
        domainExec(*storage,
            QStringLiteral("INSERT INTO cards (id, api_key_id, card_id, card, audience, version,"
                           " updated_at, change_id) VALUES ('crd_1', 'k1', 'c1', '{}', ?, 1, 't',"
                           " 1)"),
            { geo(QStringLiteral("Pune")) });
        QSqlDatabase db = storage->connection();
        QVERIFY(AudienceHistory::remember(
            db, "cards", QStringLiteral("crd_1"), geo(QStringLiteral("Pune"))));
        QVERIFY(AudienceHistory::remember(
            db, "cards", QStringLiteral("crd_1"), geo(QStringLiteral("Berlin"))));
        QVERIFY(AudienceHistory::remember(
            db, "cards", QStringLiteral("crd_1"), geo(QStringLiteral("Pune"))));
        // A row that is not there is not made.
        QVERIFY(!AudienceHistory::remember(
            db, "cards", QStringLiteral("crd_none"), geo(QStringLiteral("Pune"))));

        const auto loaded = AudienceHistory::load(
            db, "cards", { QStringLiteral("crd_1"), QStringLiteral("crd_none") });
        QVERIFY(loaded);
        QCOMPARE(loaded->size(), 1);
        QCOMPARE(loaded->value(QStringLiteral("crd_1")).toText(),
            QStringLiteral(R"([{"geos":["Pune"]},{"geos":["Berlin"]}])"));
        QVERIFY(!loaded->contains(QStringLiteral("crd_none")));
    }
};

QTEST_GUILESS_MAIN(TestAudienceHistory)
#include "tst_audiencehistory.moc"
