// The server's one delta-page loop (DeltaPageWriter, readDeltaPage) that news, events and surveys
// use: what a page lists (live objects whose audience has the person, each once), whom an object
// is removed from (deltas only, people in an audience it has had), the page's count and byte
// bounds, the merge of the object's own changes with the person's, and the answer's bytes (the
// same as http::json of the same object, with each object serialized once).
#include "feed/deltapagewriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace tessera::server;

namespace {

const QString kPune = QStringLiteral(R"({"geos":["Pune"]})");
const QString kBerlin = QStringLiteral(R"({"geos":["Berlin"]})");

AudienceMember personInPune()
{
    return AudienceMember { QStringLiteral("u1"), QStringLiteral("Operations"),
        QStringLiteral("Pune"), QStringLiteral("employee"), {}, false };
}

// A feature's object as the loop sees it.
struct Thing
{
    QString id;
    qint64 cursor = 0;
    QString audience;
    bool live = true;
    QString text;
};

QJsonObject thingJson(const Thing &thing)
{
    return QJsonObject { { QStringLiteral("id"), thing.id },
        { QStringLiteral("text"), thing.text } };
}

std::function<QJsonObject()> jsonOf(const Thing &thing)
{
    return [thing] { return thingJson(thing); };
}

QJsonObject bodyOf(const DeltaPage &page)
{
    return QJsonDocument::fromJson(page.answer().body).object();
}

QStringList idsIn(const DeltaPage &page, const QString &key)
{
    QStringList ids;
    for (const auto &each : bodyOf(page).value(key).toArray())
        ids.append(each.toObject().value(QStringLiteral("id")).toString());
    return ids;
}

DeltaFeature<Thing> thingsFeature(
    QStringList *prepared, QStringList *fetched, const QList<Thing> &stored)
{
    DeltaFeature<Thing> feature;
    feature.table = "things";
    feature.listKey = QStringLiteral("things");
    feature.withIds = [fetched, stored](const QStringList &ids) {
        *fetched += ids;
        QList<Thing> found;
        for (const Thing &thing : stored) {
            if (ids.contains(thing.id))
                found.append(thing);
        }
        return std::optional<QList<Thing>>(found);
    };
    feature.prepare = [prepared](const QStringList &ids) {
        *prepared = ids;
        prepared->sort();
        return true;
    };
    feature.isLive = [](const Thing &thing) { return thing.live; };
    feature.toJson = thingJson;
    return feature;
}

} // namespace

class TestDeltaPageWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void answerIsTheJsonOfTheSameObject()
    {
        DeltaPageWriter writer(personInPune(), QStringLiteral("posts"), 10, 200);
        AudienceHistory had;
        had.add(kPune);
        writer.setHistories({ { QStringLiteral("gone"), had } });
        const Thing first { QStringLiteral("a"), 11, kPune, true,
            QStringLiteral("Ä \"quoted\"\n") };
        const Thing second { QStringLiteral("b"), 12, kPune, true, QStringLiteral("second") };
        QVERIFY(writer.take(first.cursor, first.id, true, kPune, jsonOf(first)));
        QVERIFY(writer.take(13, QStringLiteral("gone"), false, kPune, {}));
        QVERIFY(writer.take(second.cursor, second.id, true, kPune, jsonOf(second)));
        const DeltaPage page = writer.finish();
        QVERIFY(page.ok);
        QCOMPARE(page.count(), 2);
        QCOMPARE(page.cursor, qint64(13));

        const HttpResponse expected = http::json(QJsonObject {
            { QStringLiteral("posts"), QJsonArray { thingJson(first), thingJson(second) } },
            { QStringLiteral("removed"), QJsonArray { QStringLiteral("gone") } },
            { QStringLiteral("cursor"), QStringLiteral("13") },
            { QStringLiteral("more"), false } });
        const HttpResponse answer = page.answer();
        QCOMPARE(answer.body, expected.body);
        QCOMPARE(answer.status, expected.status);
        QCOMPARE(answer.contentType, expected.contentType);
        QCOMPARE(answer.headers, expected.headers);
    }

    void listsLiveObjectsOfThePersonsAudiencesOnce()
    {
        DeltaPageWriter writer(personInPune(), QStringLiteral("things"), 0, 200);
        AudienceHistory wasInPune;
        wasInPune.add(kPune);
        writer.setHistories(
            { { QStringLiteral("elsewhere"), wasInPune }, { QStringLiteral("draft"), wasInPune } });
        const Thing shown { QStringLiteral("shown"), 1, kPune, true, {} };
        const Thing elsewhere { QStringLiteral("elsewhere"), 2, kBerlin, true, {} };
        const Thing notLive { QStringLiteral("draft"), 3, kPune, false, {} };
        const Thing unreadable { QStringLiteral("odd"), 4, QStringLiteral("not an audience"), true,
            {} };
        for (const Thing &thing : { shown, elsewhere, notLive, unreadable })
            QVERIFY(writer.take(thing.cursor, thing.id, thing.live, thing.audience, jsonOf(thing)));
        // The same object changed again in this page: listed once, its change still taken.
        QVERIFY(writer.take(5, shown.id, true, kPune, jsonOf(shown)));
        QVERIFY(writer.skip(6)); // an object that is gone: taken, nothing listed
        const DeltaPage page = writer.finish();
        QCOMPARE(idsIn(page, QStringLiteral("things")), QStringList { QStringLiteral("shown") });
        // A first sync has nothing to remove.
        QVERIFY(page.removed.isEmpty());
        QCOMPARE(page.cursor, qint64(6));
        QVERIFY(!page.more);
        QVERIFY(writer.reaches(kPune));
        QVERIFY(!writer.reaches(kBerlin));
    }

    void removesOnlyFromPeopleOfAnAudienceItHasHad()
    {
        DeltaPageWriter writer(personInPune(), QStringLiteral("things"), 100, 200);
        AudienceHistory wasInPune;
        wasInPune.add(kPune);
        AudienceHistory onlyBerlin;
        onlyBerlin.add(kBerlin);
        writer.setHistories({ { QStringLiteral("moved"), wasInPune },
            { QStringLiteral("never"), onlyBerlin }, { QStringLiteral("expired"), wasInPune } });
        QVERIFY(writer.take(101, QStringLiteral("moved"), true, kBerlin, {}));
        QVERIFY(writer.take(102, QStringLiteral("never"), false, kBerlin, {}));
        QVERIFY(writer.take(103, QStringLiteral("expired"), false, kPune, {}));
        QVERIFY(writer.take(104, QStringLiteral("expired"), false, kPune, {})); // once
        QVERIFY(writer.take(105, QStringLiteral("unknown"), false, kPune, {})); // no history
        const DeltaPage page = writer.finish();
        QCOMPARE(
            page.removed, (QStringList { QStringLiteral("moved"), QStringLiteral("expired") }));
        QCOMPARE(page.count(), 0);
        QCOMPARE(page.cursor, qint64(105));
    }

    void boundsAPageByChangesAndBytes()
    {
        // By count: the third change does not go in; the page says more, its cursor the last taken.
        DeltaPageWriter byCount(personInPune(), QStringLiteral("things"), 0, 2);
        for (int i = 1; i <= 2; ++i) {
            const Thing thing { QStringLiteral("t%1").arg(i), i, kPune, true, {} };
            QVERIFY(byCount.take(thing.cursor, thing.id, true, kPune, jsonOf(thing)));
        }
        QVERIFY(!byCount.take(3, QStringLiteral("t3"), true, kPune,
            jsonOf(Thing { QStringLiteral("t3"), 3, kPune, true, {} })));
        DeltaPage page = byCount.finish();
        QVERIFY(page.more);
        QCOMPARE(page.cursor, qint64(2));
        QCOMPARE(page.count(), 2);
        QVERIFY(bodyOf(page).value(QStringLiteral("more")).toBool());

        // By bytes: objects of 400 KiB, sized as written; the first always goes in, the third
        // would pass 1 MiB.
        DeltaPageWriter byBytes(personInPune(), QStringLiteral("things"), 0, 200);
        const QString large(qsizetype(400) * 1024, QLatin1Char('x'));
        QList<Thing> things;
        for (int i = 1; i <= 3; ++i)
            things.append({ QStringLiteral("big%1").arg(i), i, kPune, true, large });
        QVERIFY(byBytes.take(1, things[0].id, true, kPune, jsonOf(things[0])));
        QVERIFY(byBytes.take(2, things[1].id, true, kPune, jsonOf(things[1])));
        QVERIFY(!byBytes.take(3, things[2].id, true, kPune, jsonOf(things[2])));
        page = byBytes.finish();
        QVERIFY(page.more);
        QCOMPARE(page.cursor, qint64(2));
        QCOMPARE(idsIn(page, QStringLiteral("things")),
            (QStringList { QStringLiteral("big1"), QStringLiteral("big2") }));

        DeltaPageWriter oneHuge(personInPune(), QStringLiteral("things"), 0, 200);
        const Thing huge { QStringLiteral("huge"), 1, kPune, true,
            QString(qsizetype(2) * 1024 * 1024, QLatin1Char('y')) };
        QVERIFY(oneHuge.take(1, huge.id, true, kPune, jsonOf(huge)));
        QCOMPARE(oneHuge.finish().count(), 1);
    }

    void mergesTheObjectsChangesWithThePersons()
    {
        // Rows changed after since and the person's own changes (one of an object not among the
        // rows), merged in cursor order; the rows of the other objects read by the feature.
        const QList<Thing> rows { { QStringLiteral("a"), 12, kPune, true, QStringLiteral("A") },
            { QStringLiteral("b"), 15, kPune, true, QStringLiteral("B") } };
        const QList<Thing> elsewhere { { QStringLiteral("c"), 3, kPune, true,
            QStringLiteral("C") } };
        const QList<DeltaChange> own { { 11, QStringLiteral("c") }, { 14, QStringLiteral("a") },
            { 16, QStringLiteral("c") } };
        QStringList prepared;
        QStringList fetched;
        QSqlDatabase none; // every object is shown: no history is read
        const DeltaPage page = readDeltaPage(none, personInPune(), 10, 200, rows, own,
            thingsFeature(&prepared, &fetched, elsewhere));
        QVERIFY(page.ok);
        QCOMPARE(idsIn(page, QStringLiteral("things")),
            (QStringList { QStringLiteral("c"), QStringLiteral("a"), QStringLiteral("b") }));
        QCOMPARE(fetched, QStringList { QStringLiteral("c") });
        QCOMPARE(prepared,
            (QStringList { QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c") }));
        QCOMPARE(page.cursor, qint64(16));

        // A page of two changes ends at the second, with more.
        const DeltaPage small = readDeltaPage(
            none, personInPune(), 10, 2, rows, own, thingsFeature(&prepared, &fetched, elsewhere));
        QVERIFY(small.more);
        QCOMPARE(small.cursor, qint64(12));
        QCOMPARE(idsIn(small, QStringLiteral("things")),
            (QStringList { QStringLiteral("c"), QStringLiteral("a") }));
    }
};

QTEST_GUILESS_MAIN(TestDeltaPageWriter)
#include "tst_deltapagewriter.moc"
