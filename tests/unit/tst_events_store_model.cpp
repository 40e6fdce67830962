// Events' cache on real SQLCipher files: the "events" feature's migrations, pages applied with
// their cursor in one transaction, removed events, the order (upcoming first by start, then those
// that ended), the sync's checks of a page, the list model and its goingOnly filter (Home), and
// the RSVP outbox: an answer shows at once as pending, survives a restart with its key, the
// server's 200 (waiting place) is applied, a retry keeps the key, a final 409/404 reverts the
// answer and keeps the server's reason.
#include "events/eventrsvpoutbox.h"
#include "events/eventsmodel.h"
#include "events/eventstore.h"
#include "events/eventsync.h"
#include "eventsfixture.h"
#include "inboxfixture.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>

using namespace tessera;
using namespace tessera::test;

namespace {

const QDateTime kNow = QDateTime(QDate(2027, 7, 1), QTime(9, 0), Qt::UTC);

// An event on July day (2027) from 08:00 to 10:00 UTC.
QJsonObject onDay(const QString &id, int day)
{
    const QString date = QStringLiteral("2027-07-%1").arg(day, 2, 10, QLatin1Char('0'));
    return wireEvent(id, date + QStringLiteral("T08:00:00Z"), date + QStringLiteral("T10:00:00Z"));
}

QStringList idsOf(const QList<StoredEvent> &events)
{
    QStringList ids;
    for (const StoredEvent &stored : events)
        ids.append(stored.item.id);
    return ids;
}

QStringList modelIds(const EventsModel &model)
{
    QStringList ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.append(model.data(model.index(row), EventsModel::EventIdRole).toString());
    return ids;
}

ApiReply answer(int status, const QJsonObject &body)
{
    ApiReply reply;
    reply.httpStatus = status;
    reply.body = body;
    if (status >= 200 && status < 300) {
        reply.kind = ApiReply::Kind::Ok;
    } else {
        reply.kind = ApiReply::Kind::HttpError;
        reply.error = ApiError::fromJson(body).value_or(ApiError {});
    }
    return reply;
}

// EventSync's page check, reached without a server.
class EventPages : public EventSync
{
public:
    using EventSync::applyPage;
    using EventSync::EventSync;
};

} // namespace

class TestEventsStoreModel : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_files = 0;

    std::shared_ptr<Database> newDatabase()
    {
        DatabaseOpenResult opened =
            Database::open(m_dir.filePath(QStringLiteral("events-%1.db").arg(++m_files)),
                Database::newKey(), eventsSchema());
        if (!opened.ok())
            qFatal("cannot open a database: %s", qPrintable(opened.detail));
        return opened.database;
    }

private Q_SLOTS:
    void migrationsApplyOnceAndEncrypt()
    {
        QString error;
        QVERIFY2(eventsSchema().validate(&error), qPrintable(error));
        const QString path = m_dir.filePath(QStringLiteral("migrations.db"));
        const QByteArray key = Database::newKey();
        {
            DatabaseOpenResult first = Database::open(path, key, eventsSchema());
            QVERIFY2(first.ok(), qPrintable(first.detail));
            QCOMPARE(first.featureVersions.value(QStringLiteral("events")), 1);
            EventStore store(first.database);
            QVERIFY(store.applyDelta(
                { eventFrom(onDay(QStringLiteral("evt_1"), 10)) }, {}, QStringLiteral("4")));
        }
        DatabaseOpenResult again = Database::open(path, key, eventsSchema());
        QVERIFY2(again.ok(), qPrintable(again.detail));
        EventStore store(again.database);
        QCOMPARE(idsOf(store.events(kNow)), QStringList { QStringLiteral("evt_1") });
        QCOMPARE(store.cursor(), QStringLiteral("4"));
        const std::optional<StoredEvent> stored = store.find(QStringLiteral("evt_1"));
        QVERIFY(stored);
        QCOMPARE(stored->item.toJson(), eventFrom(onDay(QStringLiteral("evt_1"), 10)).toJson());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains("Title of evt_1"));

        // A database of base alone has no events tables: the store holds nothing there.
        DatabaseOpenResult base =
            Database::open(m_dir.filePath(QStringLiteral("base-only.db")), Database::newKey());
        QVERIFY(base.ok());
        EventStore without(base.database);
        QVERIFY(without.events(kNow).isEmpty());
        QVERIFY(!without.applyDelta(
            { eventFrom(onDay(QStringLiteral("evt_1"), 10)) }, {}, QStringLiteral("1")));
    }

    void pagesOrderAndRemoval()
    {
        EventStore store(newDatabase());
        QSignalSpy changed(&store, &EventStore::changed);
        QVERIFY(store.applyDelta({ eventFrom(onDay(QStringLiteral("evt_late"), 20)),
                                     eventFrom(onDay(QStringLiteral("evt_past"), 1)),
                                     eventFrom(onDay(QStringLiteral("evt_soon"), 5)),
                                     eventFrom(wireEvent(QStringLiteral("evt_older"),
                                         QStringLiteral("2027-06-20T08:00:00Z"),
                                         QStringLiteral("2027-06-20T09:00:00Z"))) },
            {}, QStringLiteral("10")));
        QCOMPARE(changed.size(), 1);
        // Upcoming by start, then those that ended, latest first. evt_past (July 1st, 08:00 to
        // 10:00) is still going on at kNow (09:00): upcoming.
        QCOMPARE(idsOf(store.events(kNow)),
            (QStringList { QStringLiteral("evt_past"), QStringLiteral("evt_soon"),
                QStringLiteral("evt_late"), QStringLiteral("evt_older") }));
        QCOMPARE(idsOf(store.events(kNow.addDays(10))),
            (QStringList { QStringLiteral("evt_late"), QStringLiteral("evt_soon"),
                QStringLiteral("evt_past"), QStringLiteral("evt_older") }));

        // A later page: one moved (and cancelled), one removed.
        QJsonObject moved = onDay(QStringLiteral("evt_late"), 2);
        moved.insert(QStringLiteral("cancelled"), true);
        moved.insert(QStringLiteral("version"), 2);
        moved.insert(QStringLiteral("sequence"), 1);
        QVERIFY(store.applyDelta(
            { eventFrom(moved) }, { QStringLiteral("evt_soon") }, QStringLiteral("11")));
        QCOMPARE(idsOf(store.events(kNow)),
            (QStringList { QStringLiteral("evt_past"), QStringLiteral("evt_late"),
                QStringLiteral("evt_older") }));
        QVERIFY(store.find(QStringLiteral("evt_late"))->item.cancelled);
        QCOMPARE(store.find(QStringLiteral("evt_late"))->item.sequence, 1);
        QVERIFY(!store.find(QStringLiteral("evt_soon")));
        QCOMPARE(store.cursor(), QStringLiteral("11"));
    }

    // The server's reset (docs/DELTA_SYNC.md): every event is kept but marked stale, the pages
    // from 0 list again those the person still sees, and the sweep deletes the rest.
    void resetSweepsWhatNoPageListed()
    {
        EventStore store(newDatabase());
        QVERIFY(store.applyDelta({ eventFrom(onDay(QStringLiteral("evt_pune"), 10)),
                                     eventFrom(onDay(QStringLiteral("evt_all"), 12)) },
            {}, QStringLiteral("10")));
        QVERIFY(store.beginReset(QStringLiteral("42")));
        QVERIFY(store.isResetting());
        QCOMPARE(store.cursor(), QString());
        // Still shown until the sweep.
        QCOMPARE(store.events(kNow).size(), 2);
        QVERIFY(store.applyDelta(
            { eventFrom(onDay(QStringLiteral("evt_all"), 12)) }, {}, QStringLiteral("50")));
        QVERIFY(store.finishReset());
        QVERIFY(!store.isResetting());
        QCOMPARE(idsOf(store.events(kNow)), QStringList { QStringLiteral("evt_all") });
        QCOMPARE(store.honouredReset(), QStringLiteral("42"));
        QCOMPARE(store.cursor(), QStringLiteral("50"));
    }

    void syncChecksEachPage()
    {
        SignedOutSession signedOut(m_dir.filePath(QStringLiteral("pages-session.db")));
        const auto database = newDatabase();
        EventStore store(database);
        EventPages sync(signedOut.session.api(), signedOut.session.scope(), store);
        store.setDatabase(database); // the signed-out session has none
        const auto page = [](const QJsonArray &events, const QJsonArray &removed) {
            return QJsonObject { { QStringLiteral("events"), events },
                { QStringLiteral("removed"), removed }, { QStringLiteral("cursor"), QString() },
                { QStringLiteral("more"), false } };
        };
        QString problem;
        QVERIFY2(
            sync.applyPage(
                page({ onDay(QStringLiteral("evt_a"), 3), onDay(QStringLiteral("evt_b"), 4) }, {}),
                QStringLiteral("4"), &problem),
            qPrintable(problem));
        QCOMPARE(idsOf(store.events(kNow)),
            (QStringList { QStringLiteral("evt_a"), QStringLiteral("evt_b") }));

        // A refused event is skipped and its older copy dropped; the rest is kept.
        const QJsonObject broken = with(onDay(QStringLiteral("evt_b"), 4),
            QStringLiteral("timeZone"), QStringLiteral("Mars/Olympus"));
        QVERIFY(sync.applyPage(
            page({ broken, onDay(QStringLiteral("evt_c"), 5) }, { QStringLiteral("evt_a") }),
            QStringLiteral("6"), &problem));
        QCOMPARE(idsOf(store.events(kNow)), QStringList { QStringLiteral("evt_c") });
        QCOMPARE(store.cursor(), QStringLiteral("6"));

        // Not a page of events: nothing changes.
        QVERIFY(!sync.applyPage(QJsonObject { { QStringLiteral("posts"), QJsonArray {} } },
            QStringLiteral("7"), &problem));
        QVERIFY(!sync.applyPage(page({}, { 42 }), QStringLiteral("7"), &problem));
        QVERIFY(!sync.applyPage(page({}, {}), QStringLiteral("x7"), &problem));
        QCOMPARE(store.cursor(), QStringLiteral("6"));
    }

    void modelRolesAndGoingOnly()
    {
        EventStore store(newDatabase());
        QJsonObject going = onDay(QStringLiteral("evt_going"), 15);
        going.insert(QStringLiteral("myAnswer"), QStringLiteral("going"));
        QJsonObject cancelledGoing = onDay(QStringLiteral("evt_cancelled"), 16);
        cancelledGoing.insert(QStringLiteral("myAnswer"), QStringLiteral("going"));
        cancelledGoing.insert(QStringLiteral("cancelled"), true);
        QJsonObject waiting = onDay(QStringLiteral("evt_waiting"), 17);
        waiting.insert(QStringLiteral("myAnswer"), QStringLiteral("waiting"));
        waiting.insert(QStringLiteral("waitingPlace"), 2);
        QJsonObject kolkata =
            wireEvent(QStringLiteral("evt_kolkata"), QStringLiteral("2027-07-18T04:30:00Z"),
                QStringLiteral("2027-07-18T06:00:00Z"), QStringLiteral("Asia/Kolkata"));
        QVERIFY(store.applyDelta(
            { eventFrom(going), eventFrom(cancelledGoing), eventFrom(waiting), eventFrom(kolkata) },
            {}, QStringLiteral("3")));

        EventsModel model(store);
        QAbstractItemModelTester tester(&model);
        QCOMPARE(modelIds(model),
            (QStringList { QStringLiteral("evt_going"), QStringLiteral("evt_cancelled"),
                QStringLiteral("evt_waiting"), QStringLiteral("evt_kolkata") }));
        const QModelIndex first = model.index(0);
        QCOMPARE(first.data(EventsModel::MyAnswerRole).toString(), QStringLiteral("going"));
        QCOMPARE(
            first.data(EventsModel::PlaceRole).toString(), QStringLiteral("Berlin HQ, Room 4.01"));
        // 08:00 UTC is 10:00 in Berlin in July (CEST).
        QVERIFY2(first.data(EventsModel::EventTimeRole)
                     .toString()
                     .contains(QStringLiteral("10:00 – 12:00 (Europe/Berlin)")),
            qPrintable(first.data(EventsModel::EventTimeRole).toString()));
        const QString device =
            EventsModel::timeText(QDateTime(QDate(2027, 7, 15), QTime(8, 0), Qt::UTC),
                QDateTime(QDate(2027, 7, 15), QTime(10, 0), Qt::UTC), QTimeZone::systemTimeZone());
        QCOMPARE(first.data(EventsModel::DeviceTimeRole).toString(), device);
        QVERIFY(model.index(1).data(EventsModel::CancelledRole).toBool());
        QCOMPARE(model.index(2).data(EventsModel::WaitingPlaceRole).toInt(), 2);
        // 04:30 UTC is 10:00 in Kolkata (+05:30).
        QVERIFY(model.index(3)
                    .data(EventsModel::EventTimeRole)
                    .toString()
                    .contains(QStringLiteral("10:00 – 11:30 (Asia/Kolkata)")));

        // Home: only the upcoming, not cancelled events the person is going to.
        QSignalSpy count(&model, &EventsModel::countChanged);
        model.setGoingOnly(true);
        QCOMPARE(modelIds(model), QStringList { QStringLiteral("evt_going") });
        QCOMPARE(count.size(), 1);
        // A "going" answered here joins Home at once (pending).
        QCOMPARE(model.rsvp(QStringLiteral("evt_kolkata"), QStringLiteral("going")), QString());
        QCOMPARE(modelIds(model),
            (QStringList { QStringLiteral("evt_going"), QStringLiteral("evt_kolkata") }));
        QVERIFY(model.index(1).data(EventsModel::RsvpPendingRole).toBool());
        QVERIFY(!model.rsvp(QStringLiteral("evt_cancelled"), QStringLiteral("going")).isEmpty());
        QVERIFY(!model.rsvp(QStringLiteral("evt_going"), QStringLiteral("waiting")).isEmpty());
        QVERIFY(!model.rsvp(QStringLiteral("evt_unknown"), QStringLiteral("no")).isEmpty());

        const QVariantMap page = model.details(QStringLiteral("evt_kolkata"));
        QCOMPARE(page.value(QStringLiteral("myAnswer")).toString(), QStringLiteral("going"));
        QVERIFY(page.value(QStringLiteral("rsvpPending")).toBool());
        QVERIFY(!page.value(QStringLiteral("descriptionCard")).toString().isEmpty());
        QVERIFY(model.details(QStringLiteral("evt_unknown")).isEmpty());
    }

    void rsvpOutboxAppliesDefersAndReverts()
    {
        SignedOutSession signedOut(m_dir.filePath(QStringLiteral("rsvp-session.db")));
        const QString path = m_dir.filePath(QStringLiteral("rsvp.db"));
        const QByteArray key = Database::newKey();
        QJsonObject answered = onDay(QStringLiteral("evt_full"), 20);
        answered.insert(QStringLiteral("myAnswer"), QStringLiteral("maybe"));
        RsvpEntry first;
        {
            DatabaseOpenResult opened = Database::open(path, key, eventsSchema());
            QVERIFY2(opened.ok(), qPrintable(opened.detail));
            EventStore store(opened.database);
            QVERIFY(store.applyDelta(
                { eventFrom(answered), eventFrom(onDay(QStringLiteral("evt_b"), 21)) }, {},
                QStringLiteral("2")));
            QSignalSpy queued(&store, &EventStore::rsvpQueued);
            QCOMPARE(store.rsvp(QStringLiteral("evt_full"), QStringLiteral("going"), kNow),
                EventStore::RsvpResult::Queued);
            QCOMPARE(queued.size(), 1);
            // Shown at once, pending.
            const StoredEvent shown = *store.find(QStringLiteral("evt_full"));
            QCOMPARE(shown.item.myAnswer, QStringLiteral("going"));
            QVERIFY(shown.rsvpPending);
            QCOMPARE(store.pendingRsvpCount(), 1);
            const QList<RsvpEntry> due = store.dueRsvps(kNow);
            QCOMPARE(due.size(), 1);
            first = due.constFirst();
            QCOMPARE(first.answer, QStringLiteral("going"));
            QVERIFY(first.idempotencyKey.size() >= 16);
        }
        // A restart keeps the queue, the answer and its key.
        DatabaseOpenResult reopened = Database::open(path, key, eventsSchema());
        QVERIFY2(reopened.ok(), qPrintable(reopened.detail));
        EventStore store(reopened.database);
        QCOMPARE(store.pendingRsvpCount(), 1);
        const QList<RsvpEntry> due = store.dueRsvps(kNow);
        QCOMPARE(due.size(), 1);
        QCOMPARE(due.constFirst().idempotencyKey, first.idempotencyKey);
        QVERIFY(store.find(QStringLiteral("evt_full"))->rsvpPending);

        EventRsvpOutbox outbox(signedOut.session.api(), signedOut.session.scope(), store);
        outbox.setRetryDelays(std::chrono::seconds(30), std::chrono::minutes(5));
        QSignalSpy deferred(&outbox, &EventRsvpOutbox::rsvpDeferred);
        QSignalSpy answeredSpy(&outbox, &EventRsvpOutbox::rsvpAnswered);
        QSignalSpy refused(&outbox, &EventRsvpOutbox::rsvpRefused);

        // A 503: kept, with the same key, due again only after the backoff.
        outbox.handleAnswer(first,
            answer(503,
                ApiError { QStringLiteral("unavailable"), QStringLiteral("Try later.") }.toJson()));
        QCOMPARE(deferred.size(), 1);
        QVERIFY(store.dueRsvps(QDateTime::currentDateTimeUtc()).isEmpty());
        const QList<RsvpEntry> later = store.dueRsvps(QDateTime::currentDateTimeUtc().addSecs(31));
        QCOMPARE(later.size(), 1);
        QCOMPARE(later.constFirst().idempotencyKey, first.idempotencyKey);
        QCOMPARE(later.constFirst().attempts, 1);
        QVERIFY(store.find(QStringLiteral("evt_full"))->rsvpPending);

        // The 200: the event is full, the person waits at place 3.
        outbox.handleAnswer(later.constFirst(),
            answer(200,
                QJsonObject { { QStringLiteral("id"), QStringLiteral("evt_full") },
                    { QStringLiteral("answer"), QStringLiteral("waiting") },
                    { QStringLiteral("waitingPlace"), 3 } }));
        QCOMPARE(answeredSpy.size(), 1);
        QCOMPARE(answeredSpy.constFirst().at(1).toString(), QStringLiteral("waiting"));
        QCOMPARE(answeredSpy.constFirst().at(2).toInt(), 3);
        StoredEvent now = *store.find(QStringLiteral("evt_full"));
        QVERIFY(!now.rsvpPending);
        QCOMPARE(now.item.myAnswer, QStringLiteral("waiting"));
        QCOMPARE(now.item.waitingPlace, 3);
        QCOMPARE(store.pendingRsvpCount(), 0);

        // A final 409 rsvp_closed: the answer reverts to the server's (waiting, place 3), the
        // reason is kept for the event's page.
        QCOMPARE(store.rsvp(QStringLiteral("evt_full"), QStringLiteral("no"), kNow),
            EventStore::RsvpResult::Queued);
        QCOMPARE(store.find(QStringLiteral("evt_full"))->item.myAnswer, QStringLiteral("no"));
        const RsvpEntry no = store.dueRsvps(kNow).constFirst();
        QVERIFY(no.idempotencyKey != first.idempotencyKey);
        const QString closed = QStringLiteral("RSVPs for this event closed at 2027-07-20 08:00.");
        outbox.handleAnswer(
            no, answer(409, ApiError { QStringLiteral("rsvp_closed"), closed }.toJson()));
        QCOMPARE(refused.size(), 1);
        QCOMPARE(refused.constFirst().at(1).toString(), closed);
        now = *store.find(QStringLiteral("evt_full"));
        QVERIFY(!now.rsvpPending);
        QCOMPARE(now.item.myAnswer, QStringLiteral("waiting"));
        QCOMPARE(now.item.waitingPlace, 3);
        QCOMPARE(now.rsvpProblem, closed);
        QCOMPARE(store.pendingRsvpCount(), 0);
        QVERIFY(store.dueRsvps(kNow.addDays(1)).isEmpty());

        // A 404 is final too (the flat error shape of the contract is read as well); a new
        // answer replaces the refusal.
        QCOMPARE(store.rsvp(QStringLiteral("evt_b"), QStringLiteral("maybe"), kNow),
            EventStore::RsvpResult::Queued);
        outbox.handleAnswer(store.dueRsvps(kNow).constFirst(),
            answer(404,
                QJsonObject { { QStringLiteral("error"), QStringLiteral("not_found") },
                    { QStringLiteral("message"), QStringLiteral("No such event.") } }));
        QCOMPARE(refused.size(), 2);
        QCOMPARE(store.find(QStringLiteral("evt_b"))->item.myAnswer, QString());
        QCOMPARE(
            store.find(QStringLiteral("evt_b"))->rsvpProblem, QStringLiteral("No such event."));
        QCOMPARE(store.rsvp(QStringLiteral("evt_b"), QStringLiteral("no"), kNow),
            EventStore::RsvpResult::Queued);
        QVERIFY(store.find(QStringLiteral("evt_b"))->rsvpProblem.isEmpty());

        // An answer that arrives after a newer one was queued applies, and leaves the newer one.
        const RsvpEntry newer = store.dueRsvps(kNow).constFirst();
        RsvpEntry stale = newer;
        stale.idempotencyKey = QStringLiteral("an-older-key");
        stale.answer = QStringLiteral("going");
        outbox.handleAnswer(stale,
            answer(200,
                QJsonObject { { QStringLiteral("id"), QStringLiteral("evt_b") },
                    { QStringLiteral("answer"), QStringLiteral("going") },
                    { QStringLiteral("waitingPlace"), QJsonValue() } }));
        QCOMPARE(store.pendingRsvpCount(), 1);
        QCOMPARE(store.find(QStringLiteral("evt_b"))->item.myAnswer, QStringLiteral("no"));

        // A removed event takes its waiting answer with it.
        QVERIFY(store.applyDelta({}, { QStringLiteral("evt_b") }, QStringLiteral("3")));
        QCOMPARE(store.pendingRsvpCount(), 0);
    }

    void rsvpRefusedLocally()
    {
        EventStore store(newDatabase());
        QJsonObject closing = onDay(QStringLiteral("evt_closing"), 20);
        closing.insert(QStringLiteral("rsvpClosesAt"), QStringLiteral("2027-07-01T08:00:00Z"));
        QVERIFY(store.applyDelta({ eventFrom(closing) }, {}, QStringLiteral("1")));
        QCOMPARE(store.rsvp(QStringLiteral("evt_closing"), QStringLiteral("going"), kNow),
            EventStore::RsvpResult::Closed);
        QCOMPARE(
            store.rsvp(QStringLiteral("evt_closing"), QStringLiteral("going"), kNow.addSecs(-7200)),
            EventStore::RsvpResult::Queued);
        QCOMPARE(store.rsvp(QStringLiteral("evt_none"), QStringLiteral("going"), kNow),
            EventStore::RsvpResult::UnknownEvent);
        QCOMPARE(store.rsvp(QStringLiteral("evt_closing"), QStringLiteral("yes"), kNow),
            EventStore::RsvpResult::InvalidAnswer);
        EventStore without;
        QCOMPARE(without.rsvp(QStringLiteral("evt_closing"), QStringLiteral("going"), kNow),
            EventStore::RsvpResult::UnknownEvent);
    }
};

QTEST_GUILESS_MAIN(TestEventsStoreModel)
#include "tst_events_store_model.moc"
